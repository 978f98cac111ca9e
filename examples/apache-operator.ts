/**
 * The Apache Spark Kubernetes Operator 1.0.0 (spark.apache.org/v1), installed
 * separately with its Helm chart (the SparkApplication CRD needs server-side
 * apply): a SparkCluster of one to three autoscaled workers with RPC
 * authentication from a Secret; SparkPi as a SparkApplication that restarts
 * only when the infrastructure failed, times out a driver that cannot start,
 * keeps its pods for a day after a failure and publishes its UI through an
 * Ingress; a Spark Connect server run by the operator (its token from a
 * Secret, a Service and TLS Ingress whose names survive restarts); and a
 * spark-submit Job against the cluster.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { apache, ApplicationFile, NetworkPeer, SparkSubmitJob, SparkVersion } from '../src';

export function build(app: App): void {
  const chart = new Chart(app, 'apache-operator', { namespace: 'spark' });
  // The cluster's API server endpoint: the cluster, the applications and the Job get NetworkPolicies.
  const network = { apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] } };
  // The ingress controller reaches the published driver ports (the UI, Connect's gRPC).
  const allowFrom = [NetworkPeer.namespace('ingress-nginx')];

  const cluster = new apache.SparkCluster(chart, 'Cluster', {
    name: 'prod',
    sparkVersion: SparkVersion.V4_2_0,
    network,
    authenticationSecret: { secret: Secret.fromSecretName(chart, 'RpcSecret', 'spark-rpc-secret'), key: 'secret' },
    workers: {
      min: 1,
      max: 3,
      cores: 2,
      memory: Size.gibibytes(4),
      autoscaler: {
        behavior: {
          scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
          scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 300 }] },
        },
      },
    },
    sparkConf: { 'spark.master.ui.title': 'Prod Spark Cluster' },
  });

  // On Kubernetes: the driver creates executor pods; the operator restarts, times out and cleans up.
  new apache.SparkApplication(chart, 'Pi', {
    name: 'spark-pi',
    sparkVersion: SparkVersion.V4_2_0,
    network,
    allowFrom,
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
    mainClass: 'org.apache.spark.examples.SparkPi',
    arguments: ['5000'],
    driver: { memory: Size.mebibytes(512) },
    executor: { instances: 2, memory: Size.mebibytes(512) },
    tolerations: {
      restart: {
        policy: apache.RestartPolicy.ON_INFRASTRUCTURE_FAILURE,
        maxAttempts: 3,
        maxAttemptsOnSchedulingFailure: 5,
        backoffOnSchedulingFailure: Duration.minutes(2),
      },
      timeouts: { driverStart: Duration.minutes(10), executorStart: Duration.minutes(10) },
      instanceConfig: { initExecutors: 1, minExecutors: 1 },
      resourceRetainPolicy: apache.ResourceRetainPolicy.ON_FAILURE,
      resourceRetainDuration: Duration.days(1),
      ttlAfterStop: Duration.days(2),
    },
    driverServiceIngresses: [{
      name: 'spark-pi-ui',
      ingress: {
        host: 'spark-pi.example.com',
        ingressClassName: 'nginx',
        tls: { secret: Secret.fromSecretName(chart, 'UiTls', 'spark-pi-example-com-tls') },
      },
    }],
  });

  // Spark Connect under the operator: a SparkApplication whose main class is the Connect server
  // (on the image's classpath), restarted whenever it ends, the counter reset after an hour up.
  const token = Secret.fromSecretName(chart, 'ConnectToken', 'spark-connect-token');
  new apache.SparkApplication(chart, 'Connect', {
    name: 'spark-connect',
    sparkVersion: SparkVersion.V4_2_0,
    network,
    allowFrom,
    mainApplicationFile: ApplicationFile.fromClasspath(),
    mainClass: 'org.apache.spark.sql.connect.service.SparkConnectServer',
    // The Connect token (SPARK_CONNECT_AUTHENTICATE_TOKEN); without it the construct refuses a Connect server.
    authenticationSecret: { secret: token, key: 'token' },
    driver: {
      cores: 2,
      memory: Size.gibibytes(4),
    },
    executor: { instances: 2, cores: 2, memory: Size.gibibytes(3) },
    tolerations: { restart: { policy: apache.RestartPolicy.ALWAYS, counterReset: Duration.hours(1) } },
    // The operator's driver Service is spark-connect-<attempt>-driver-svc; this one keeps its name.
    // Token clients use TLS: sc://spark-connect.example.com:443/;token=...
    driverServiceIngresses: [{
      name: 'spark-connect',
      port: 15002,
      ingress: {
        host: 'spark-connect.example.com',
        ingressClassName: 'nginx',
        tls: { secret: Secret.fromSecretName(chart, 'ConnectTls', 'spark-connect-example-com-tls') },
        annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' },
      },
    }],
  });

  // spark-submit in a Job against the cluster: the driver runs in the Job's pod, the executors in
  // the workers, with the cluster's Spark version and RPC secret.
  new SparkSubmitJob(chart, 'Report', {
    name: 'daily-report',
    master: cluster,
    network,
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
    mainClass: 'org.apache.spark.examples.SparkPi',
    arguments: ['1000'],
    executor: { instances: 1, cores: 2, memory: Size.gibibytes(3) },
  });
}
