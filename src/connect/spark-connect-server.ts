import { ApiObject } from 'cdk8s';
import type { SecretValue } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkBoolean, checkDns1123Label, checkInteger, checkMap, checkStringList, collectsProblems, DNS_1123_SUBDOMAIN, fail } from '../_validation';
import { ApplicationModel, EXECUTOR_CONTAINER, KUBERNETES_MASTER } from '../application/_assemble';
import { checkConnectServer, CONNECT_GRPC_PORT, connectPackage, connectTraits, ownConnectKeys, serviceHost, tokenEnv } from '../application/_connect';
import { renderIngress } from '../application/_ingress';
import { SparkWorkloadBase } from '../application/_spark-workload';
import { authEnv, authSecretArgs } from '../application/_standalone-security';
import { SparkRuntimeOptions } from '../application/application-options';
import { IngressOptions } from '../application/exposure';
import { ISparkMaster } from '../application/spark-master';
import { checkPeers } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';
import { configFiles, configVolume, CONFIG_CHECKSUM_ANNOTATION, daemonEnv, filesChecksum, podTemplateFile, SPARK_CONF_DIR, sparkDefaultsFile } from '../pod/_config-files';
import { SPARK_LOCAL_DIR } from '../pod/_pod-renderer';
import { containerResources } from '../pod/_resources';
import { DriverOptions } from '../pod/process-options';

const TEMPLATE_FILE = 'executor-pod-template.json';

/** The class `start-connect-server.sh` runs; spark-submit needs no application file for it (`spark-internal`). */
const CONNECT_SERVER_CLASS = 'org.apache.spark.sql.connect.service.SparkConnectServer';

/** Ports of the Connect server. */
export interface SparkConnectPorts {
  /**
   * gRPC port clients connect to.
   * @default 15002
   */
  readonly grpc?: number;
  /**
   * Spark UI.
   * @default 4040
   */
  readonly ui?: number;
  /**
   * Driver RPC port executors connect to.
   * @default 7078
   */
  readonly driver?: number;
  /**
   * Block manager port.
   * @default 7079
   */
  readonly blockManager?: number;
}

/** Exposure through a Gateway API GRPCRoute (`gateway.networking.k8s.io/v1`). */
export interface ConnectGrpcRouteOptions {
  /** Name of the Gateway (its listener terminates TLS). */
  readonly gatewayName: string;
  /**
   * Namespace of the Gateway.
   * @default - the server's namespace
   */
  readonly gatewayNamespace?: string;
  /**
   * Host names.
   * @default - any the Gateway accepts
   */
  readonly hostnames?: string[];
}

/** Props of `SparkConnectServer`. */
export interface SparkConnectServerProps extends SparkRuntimeOptions {
  /**
   * The server (the driver): resources and pod settings.
   * @default - 1 core, 1 GiB
   */
  readonly server?: DriverOptions;
  /**
   * Replicas: a Connect server is one driver holding every session, so only 1 is valid.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Pre-shared token clients must send (`SPARK_CONNECT_AUTHENTICATE_TOKEN` from a Secret; Spark 4.0+).
   * Required unless `securityOptOuts` lists `SecurityOptOut.UNAUTHENTICATED_CONNECT`;
   * an `ingress` or `grpcRoute` without it (or with `networkPolicy: false`) also
   * needs `SecurityOptOut.EXPOSED_CONNECT`.
   *
   * Clients that send a token switch to TLS, which the server does not speak:
   * put the TLS-terminating `ingress` or `grpcRoute` in front.
   * @default - none: refused without the opt-out (anything the NetworkPolicy admits could run code on the cluster)
   * @see https://github.com/apache/spark/blob/master/sql/connect/docs/client-connection-string.md
   */
  readonly authenticationSecret?: SecretValue;
  /**
   * Create a NetworkPolicy: only `allowFrom` reaches gRPC and only `uiAllowFrom` the UI; driver and executors reach each other; the rest is denied.
   * @default true
   */
  readonly networkPolicy?: boolean;
  /**
   * Who may reach the gRPC port. With `ingress` or `grpcRoute`, name
   * the namespace of the ingress controller or the Gateway's proxy here.
   * An empty list is rejected: a NetworkPolicy rule without peers admits everyone.
   * @default - pods in the server's own namespace
   */
  readonly allowFrom?: NetworkPeer[];
  /**
   * Let whoever reaches the UI kill jobs and stages (`spark.ui.killEnabled`).
   * @default false
   */
  readonly uiKillEnabled?: boolean;
  /**
   * Run executors on a standalone cluster (`SparkStandaloneCluster`) instead of as Kubernetes pods.
   * The server then needs no Kubernetes API access (no RBAC, no token), takes the cluster's Spark
   * version and RPC security, and its driver ports admit any pod (the workers) when the
   * NetworkPolicy is on.
   * @default - the Kubernetes master: executors are pods
   */
  readonly master?: ISparkMaster;
  /**
   * Ports.
   * @default - gRPC 15002, UI 4040, driver 7078, block manager 7079
   */
  readonly ports?: SparkConnectPorts;
  /**
   * An Ingress for clients outside the cluster (the gRPC backend annotation of ingress-nginx is always added).
   * @default - none
   */
  readonly ingress?: IngressOptions;
  /**
   * A Gateway API GRPCRoute for clients outside the cluster.
   * @default - none
   */
  readonly grpcRoute?: ConnectGrpcRouteOptions;
}

/**
 * A Spark Connect server without an operator: the server is a client-mode
 * driver in a single-replica Deployment (the default child), with a headless
 * Service executors reach it through, a client Service (gRPC 15002, UI 4040; the
 * UI behind its own allow list, kill links off),
 * executors from a hardened pod template, least-privilege RBAC, its
 * configuration in a ConfigMap (a change restarts the server), optional token
 * authentication and a NetworkPolicy.
 *
 * The server runs `spark-submit --class
 * org.apache.spark.sql.connect.service.SparkConnectServer` in the foreground
 * from the stock `apache/spark` image (the JVM is PID 1, so SIGTERM stops the
 * SparkContext, which deletes the executors and closes the event log).
 * Executors are owned by the server pod (its name comes from the downward
 * API) and are garbage-collected with it.
 *
 * No liveness probe (it would kill long sessions) and no PodDisruptionBudget
 * (one replica holds every session): a readiness probe on the gRPC port only.
 *
 * @see https://spark.apache.org/docs/latest/spark-connect-overview.html
 * @see https://spark.apache.org/docs/latest/running-on-kubernetes.html#client-mode
 */
@collectsProblems('SparkConnectServerProps')
export class SparkConnectServer extends SparkWorkloadBase {
  /** The longest name: Spark limits the executor pod-name prefix (the server's name) to 47 characters. */
  public static readonly MAX_NAME_LENGTH = 47;

  /** The client Service's name. */
  public readonly serviceName: string;
  /**
   * The URL clients in the cluster use: `sc://<service>.<namespace>.svc:<grpc>`
   * (no cluster domain: the pod's DNS search path completes it on any cluster).
   * A client that sends a token switches to TLS, which the server does not
   * speak: such clients connect through the TLS-terminating `ingress` or `grpcRoute`.
   */
  public readonly connectUrl: string;

  private readonly props: SparkConnectServerProps;
  private readonly ports: Required<SparkConnectPorts>;
  private readonly files: () => { [file: string]: string };
  private readonly selector: { [key: string]: string };
  private readonly executorLabels: { [key: string]: string };

  constructor(scope: Construct, id: string, props: SparkConnectServerProps = {}) {
    const ports = resolvePorts(props.ports ?? {});
    super(scope, id, { ...props, driver: props.server }, {
      ...connectTraits(SparkConnectServer.MAX_NAME_LENGTH, 'Spark limits the executor pod-name prefix (the server\'s name) to 47 characters', 'a SparkConnectServer', {
        token: props.authenticationSecret,
        exposure: props.ingress ? { prop: 'ingress', value: props.ingress.host } : props.grpcRoute ? { prop: 'grpcRoute', value: props.grpcRoute.gatewayName } : undefined,
        networkPolicy: props.networkPolicy ?? true,
        networkPolicyProp: 'networkPolicy',
      }),
      ownKeys: (model) => {
        ownServerKeys(model, props, ports);
        ownConnectKeys(model, props?.uiKillEnabled);
      },
    });
    this.props = props;
    this.ports = ports;
    checkServerProps(this, props);
    checkPorts(this, ports);
    checkConnectServer(this, this.sparkVersion, props.server, props.authenticationSecret);
    if (props.replicas !== undefined && props.replicas !== 1) {
      fail(this, 'replicas', props.replicas, 'must be 1: a Connect server is one driver that holds every session', 'run one server per team or workload instead');
    }
    const pkg = connectPackage(this.sparkVersion);
    if (pkg) this._model.addPackage(pkg, 'sparkVersion');
    this.checkPeers();
    this.serviceName = this.name;
    this.connectUrl = `sc://${serviceHost(this.serviceName, this.namespace)}:${ports.grpc}`;
    this.selector = { 'app.kubernetes.io/name': 'spark-connect', 'app.kubernetes.io/instance': this.name, 'spark-role': 'driver' };
    this.executorLabels = { 'app.kubernetes.io/name': 'spark-connect', 'app.kubernetes.io/instance': this.name, 'spark-role': 'executor' };

    this.files = this._model.cached(() => this.renderFiles());
    // Rendered now so that bad pod settings fail at construction.
    this.renderServerTemplate();
    configFiles(this, 'Config', `${this.name}-conf`, this.namespace, this.files);
    this._createResource({ apiVersion: 'apps/v1', kind: 'Deployment' }, () => ({
      replicas: 1, strategy: { type: 'Recreate' }, selector: { matchLabels: this.selector }, template: this.renderServerTemplate(),
    }));
    this.renderServices();
    if (props.networkPolicy ?? true) {
      this.renderNetworkPolicies(props.allowFrom ?? [NetworkPeer.namespace(this.namespace)]);
    }
    this.renderExposure();
  }

  /** `spark-defaults.conf` and, with the Kubernetes master, the executor pod template. */
  private renderFiles(): { [file: string]: string } {
    const model = this._model;
    const files: { [file: string]: string } = { 'spark-defaults.conf': sparkDefaultsFile(model.sparkConf()) };
    if (!this.props.master) {
      files[TEMPLATE_FILE] = podTemplateFile(model.renderTemplate('executor', {
        container: { name: EXECUTOR_CONTAINER },
        automountServiceAccountToken: false,
        labels: this.executorLabels,
      }));
    }
    return files;
  }

  private renderServerTemplate(): any {
    const props = this.props;
    const model = this._model;
    const master = props.master;
    const confVolume = configVolume(`${this.name}-conf`);
    const annotations: { [key: string]: string } = { [CONFIG_CHECKSUM_ANNOTATION]: filesChecksum(this.files()) };
    return model.renderTemplate('driver', {
      container: {
        name: 'spark-connect-server',
        image: props.server?.image ?? this.image,
        imagePullPolicy: model.imagePullPolicy,
        // spark-submit execs the JVM, so it is PID 1 and gets SIGTERM: SparkContext.stop()
        // deletes the executors and closes the event log (start-connect-server.sh would leave a
        // bash PID 1 that ignores SIGTERM until the kubelet kills the pod).
        command: ['/opt/spark/bin/spark-submit'],
        args: ['--class', CONNECT_SERVER_CLASS, ...(master ? [] : ['--conf', 'spark.kubernetes.driver.pod.name=$(SPARK_DRIVER_POD_NAME)']),
          // The shared secret reaches Spark from the environment, never from a manifest or the command line.
          ...authSecretArgs(master?.authenticationSecret)],
        env: [
          ...daemonEnv(),
          { name: 'SPARK_DRIVER_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          ...tokenEnv(props.authenticationSecret),
          ...authEnv(master?.authenticationSecret),
        ],
        ports: [
          { name: 'grpc', number: this.ports.grpc },
          { name: 'spark-ui', number: this.ports.ui },
          { name: 'driver-rpc', number: this.ports.driver },
          { name: 'blockmanager', number: this.ports.blockManager },
        ],
        resources: containerResources(model.driver),
        readinessProbe: { tcpSocket: { port: 'grpc' }, initialDelaySeconds: 10, periodSeconds: 10 },
        volumeMounts: [confVolume.mount],
      },
      volumes: [confVolume.volume],
      automountServiceAccountToken: !master,
      imagePullSecrets: model.imagePullSecrets,
      podOutsideSpark: true,
      // The driver carries what a standalone master's workers admit.
      labels: { ...master?.clientPodLabels, ...this.selector },
      annotations,
    });
  }

  private renderServices(): void {
    const tcp = (name: string, port: number) => ({ name, port, targetPort: name, protocol: 'TCP' });
    // Executors reach the driver through a headless Service that selects only the server pod.
    new ApiObject(this, 'HeadlessService', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `${this.name}-driver`, namespace: this.namespace },
      spec: {
        clusterIP: 'None',
        // Executors start before the gRPC port (the readiness probe) is up: publish the
        // driver's DNS record before the pod is ready, or executors fail to resolve it.
        publishNotReadyAddresses: true,
        selector: this.selector,
        ports: [tcp('driver-rpc', this.ports.driver), tcp('blockmanager', this.ports.blockManager)],
      },
    });
    new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: this.serviceName, namespace: this.namespace },
      spec: { type: 'ClusterIP', selector: this.selector, ports: [tcp('grpc', this.ports.grpc), tcp('spark-ui', this.ports.ui)] },
    });
  }

  private renderExposure(): void {
    const ing = this.props.ingress;
    if (ing) {
      new ApiObject(this, 'Ingress', renderIngress(this, ing, {
        metadata: { name: this.name, namespace: this.namespace },
        service: this.serviceName,
        port: 'grpc',
        // ingress-nginx speaks gRPC to the backend only with this annotation.
        required: { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' },
        exampleHost: 'spark-connect.example.com',
      }));
    }
    const route = this.props.grpcRoute;
    if (route) {
      new ApiObject(this, 'GrpcRoute', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GRPCRoute',
        metadata: { name: this.name, namespace: this.namespace },
        spec: {
          parentRefs: [{ name: route.gatewayName, namespace: route.gatewayNamespace ?? this.namespace }],
          hostnames: route.hostnames,
          rules: [{ backendRefs: [{ name: this.serviceName, port: this.ports.grpc }] }],
        },
      } as any);
    }
  }

  /** Checks who may connect: NetworkPolicy peers are easy to get wrong in the open direction. */
  private checkPeers(): void {
    const props = this.props;
    const peers = props.allowFrom;
    if (props.networkPolicy === false) {
      if (peers) fail(this, 'allowFrom', peers.map((p) => p._shown()), 'needs the NetworkPolicy', 'remove \'networkPolicy: false\' or \'allowFrom\'');
      return;
    }
    checkPeers(this, 'allowFrom', peers,
      'name the clients (NetworkPeer.namespace(name), .pods(labels), .podsInNamespace(name, labels)), or remove it to admit the server\'s own namespace');
    const exposure = props.ingress ? { prop: 'ingress', proxy: 'ingress controller' } : props.grpcRoute ? { prop: 'grpcRoute', proxy: 'Gateway\'s proxy' } : undefined;
    if (exposure && !peers) {
      fail(this, 'allowFrom', undefined, `must admit the ${exposure.proxy} when '${exposure.prop}' is set: by default only the server's own namespace may connect`,
        `add NetworkPeer.namespace('<namespace of the ${exposure.proxy}>') to 'allowFrom'`);
    }
  }

  /**
   * The server admits `allowFrom` on gRPC, `uiAllowFrom` on the UI and its
   * executors on the driver ports; executors admit the server and each other
   * on the block manager port. With `network` the egress is closed too.
   */
  private renderNetworkPolicies(peers: NetworkPeer[]): void {
    this._renderNetworkPolicies({
      driverSelector: this.selector,
      executorSelector: this.executorLabels,
      driverIngress: [{ peers: peers.map((p) => p._toPeer()), ports: [{ port: this.ports.grpc }] }],
    }, true);
  }
}

/** The runtime types of the server's own props, and the Gateway API route's names. */
function checkServerProps(scope: Construct, props: SparkConnectServerProps): void {
  checkBoolean(scope, 'networkPolicy', props.networkPolicy);
  checkBoolean(scope, 'uiKillEnabled', props.uiKillEnabled);
  checkMap(scope, 'ports', props.ports, '{ grpc: 15002 }', 'an object');
  checkMap(scope, 'ingress', props.ingress, '{ host: \'spark-connect.example.com\' }', 'an object');
  const route = props.grpcRoute;
  checkMap(scope, 'grpcRoute', route, '{ gatewayName: \'public\' }', 'an object');
  if (route === undefined) return;
  if (typeof route.gatewayName !== 'string' || route.gatewayName.length > 253 || !DNS_1123_SUBDOMAIN.test(route.gatewayName)) {
    fail(scope, 'grpcRoute.gatewayName', route.gatewayName, 'must be the name of a Gateway (a DNS-1123 subdomain)', 'use e.g. \'public-gateway\'');
  }
  if (route.gatewayNamespace !== undefined) checkDns1123Label(scope, 'grpcRoute.gatewayNamespace', route.gatewayNamespace);
  checkStringList(scope, 'grpcRoute.hostnames', route.hostnames);
  (route.hostnames ?? []).forEach((host, i) => {
    // Gateway API hostnames: a DNS name, optionally with a leading '*.' label, no IP address (gateway.networking.k8s.io Hostname).
    if (host.length > 253 || !DNS_1123_SUBDOMAIN.test(host.replace(/^\*\./, 'x.')) || /^[0-9.]+$/.test(host)) {
      fail(scope, `grpcRoute.hostnames[${i}]`, host, 'must be a DNS name (optionally starting with \'*.\'), not an IP address', 'use e.g. \'spark-connect.example.com\'');
    }
  });
}

function resolvePorts(ports: SparkConnectPorts): Required<SparkConnectPorts> {
  return {
    grpc: ports.grpc ?? CONNECT_GRPC_PORT,
    ui: ports.ui ?? 4040,
    driver: ports.driver ?? 7078,
    blockManager: ports.blockManager ?? 7079,
  };
}

function checkPorts(scope: Construct, ports: Required<SparkConnectPorts>): void {
  const seen = new Map<number, string>();
  for (const [name, port] of Object.entries(ports)) {
    checkInteger(scope, `ports.${name}`, port, 1024, 'use a port from 1024 to 65535 (the server runs as non-root)');
    if (port > 65535) fail(scope, `ports.${name}`, port, 'must be at most 65535', 'pick a free port');
    if (seen.has(port)) {
      fail(scope, `ports.${name}`, port, `collides with 'ports.${seen.get(port)}'`, 'give gRPC, UI, driver and block manager their own ports');
    }
    seen.set(port, name);
  }
}

/** The client-mode recipe: the server is the driver, executors reach it through the headless Service. */
function ownServerKeys(model: ApplicationModel, props: SparkConnectServerProps, ports: Required<SparkConnectPorts>): void {
  const own = (key: string, prop: string, value: string) => model.own(key, prop, value);
  const master = props.master;
  // With the Kubernetes master nobody set 'master': the recipe owns it.
  own('spark.master', master ? 'master' : 'the client-mode recipe', master ? master.masterUrl : KUBERNETES_MASTER);
  own('spark.submit.deployMode', 'the client-mode recipe', 'client');
  // <svc>.<namespace>.svc resolves through every pod's DNS search path, whatever the cluster domain.
  own('spark.driver.host', 'the client-mode recipe', serviceHost(`${model.name}-driver`, model.namespace));
  own('spark.driver.bindAddress', 'the client-mode recipe', '0.0.0.0');
  own('spark.driver.port', 'ports.driver', String(ports.driver));
  own('spark.driver.blockManager.port', 'ports.blockManager', String(ports.blockManager));
  own('spark.blockManager.port', 'ports.blockManager', String(ports.blockManager));
  own('spark.ui.port', 'ports.ui', String(ports.ui));
  own('spark.connect.grpc.binding.port', 'ports.grpc', String(ports.grpc));
  own('spark.local.dir', 'the scratch volume', SPARK_LOCAL_DIR.path);
  if (master) return;
  own('spark.kubernetes.executor.podNamePrefix', 'name', model.name);
  own('spark.kubernetes.executor.podTemplateFile', 'executor (pod settings)', `${SPARK_CONF_DIR}/${TEMPLATE_FILE}`);
  own('spark.kubernetes.executor.podTemplateContainerName', 'executor (pod settings)', EXECUTOR_CONTAINER);
  own('spark.kubernetes.authenticate.executor.serviceAccountName', 'the driver account', model.driverAccount!.name);
}
