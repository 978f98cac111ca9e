/**
 * A Spark platform in one program, with no hand-written Kubernetes object:
 * the Spark operator watching three team namespaces; each team gets its
 * Namespace (Pod Security "restricted"), a quota its workloads are checked
 * against at synth, a default-deny NetworkPolicy with exact allow rules for
 * every workload, an AWS IAM role for its Spark pods (IRSA, no static keys),
 * a Spark Connect server for its notebooks and applications within budget.
 * One History Server, in its own namespace, shows every team's event logs.
 *
 * Apply it with Argo CD (the sync waves order CRDs, namespaces and RBAC,
 * then the operator, its webhook, then the custom resources), or as the Flux
 * layout `GitOpsOrder.fluxLayout` checks. A mistake anywhere in it fails the
 * synth once, listing every problem of the platform (`SparkErrors.collectAtSynth`).
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import {
  ApplicationFile, EventLog, GitOpsOrder, NetworkPeer, S3a, ScheduledSparkApplication, SparkApplication, SparkConnectServer,
  SparkErrors, SparkHistoryServer, SparkJobNamespace, SparkNetworkOptions, SparkOperator, WorkloadIdentity,
} from '../src';

/** The cluster's network: the API server's endpoints, S3 and STS in eu-central-1 (IRSA), Maven Central for hadoop-aws. */
const NETWORK: SparkNetworkOptions = {
  apiServer: { cidrs: ['10.0.0.10/32', '10.0.1.10/32'], ports: [443] },
  objectStorage: [{ cidrs: ['52.219.168.0/21', '3.5.134.0/23'], ports: [443] }],
  packageRepositories: [{ cidrs: ['151.101.0.0/16'], ports: [443] }],
};
const EVENT_LOGS = 's3a://acme-spark-logs/events';
const ACCOUNT = '123456789012';

export function build(app: App): void {
  SparkErrors.collectAtSynth(app);
  const platform = new Chart(app, 'platform');
  const operator = new SparkOperator(platform, 'Operator', {
    createNamespace: true,
    jobNamespaces: [],
    network: NETWORK,
    metrics: { podMonitor: true, podMonitorLabels: { release: 'kube-prometheus-stack' } },
    metricsAllowFrom: [NetworkPeer.namespace('monitoring')],
  });

  for (const team of ['analytics', 'marketing', 'finance']) {
    const namespace = operator.addJobNamespace(team, {
      quota: { cpu: 64, memory: Size.gibibytes(320), pods: 80 },
      identity: WorkloadIdentity.awsIrsa(`arn:aws:iam::${ACCOUNT}:role/spark-${team}`),
    });
    teamWorkloads(new Chart(app, team), team, namespace);
  }

  const history = new Chart(app, 'history');
  const historyNamespace = new SparkJobNamespace(history, 'Namespace', { namespace: 'spark-history', network: NETWORK });
  new SparkHistoryServer(history, 'History', {
    name: 'spark-history',
    jobNamespace: historyNamespace,
    identity: WorkloadIdentity.awsIrsa(`arn:aws:iam::${ACCOUNT}:role/spark-history`),
    eventLog: EventLog.toUrl(EVENT_LOGS, { s3a: S3a.withWebIdentity({ region: 'eu-central-1' }) }),
    cleaner: { maxAge: Duration.days(30) },
    uiAllowFrom: [NetworkPeer.namespace('ingress-nginx')],
    ingress: { host: 'spark-history.example.com', ingressClassName: 'nginx', tls: { secret: Secret.fromSecretName(history, 'Tls', 'spark-history-tls') } },
  });

  // Argo CD applies in waves: definitions, access, the operator, its webhook, then the workloads.
  GitOpsOrder.argoCdSyncWaves(app);
}

/** One team's Connect server and applications, all within its quota (`budgetTable()` lists them). */
function teamWorkloads(chart: Chart, team: string, jobNamespace: SparkJobNamespace): void {
  const s3a = S3a.withWebIdentity({ region: 'eu-central-1' });
  const eventLog = EventLog.toUrl(EVENT_LOGS, { s3a });
  new SparkConnectServer(chart, 'Connect', {
    name: `${team}-connect`,
    jobNamespace,
    authenticationSecret: { secret: Secret.fromSecretName(chart, 'Token', `${team}-connect-token`), key: 'token' },
    // The team's notebooks reach gRPC; nobody reaches the UI.
    allowFrom: [NetworkPeer.podsInNamespace('notebooks', { team })],
    server: { cores: 2, memory: Size.gibibytes(4) },
    executor: { cores: 4, memory: Size.gibibytes(16) },
    dynamicAllocation: { minExecutors: 0, maxExecutors: 8, shuffleTrackingTimeout: Duration.minutes(30) },
    s3a,
    eventLog,
  });
  new SparkApplication(chart, 'Etl', {
    name: `${team}-etl`,
    jobNamespace,
    mainApplicationFile: ApplicationFile.fromUrl(`s3a://acme-spark-jobs/${team}/etl.py`),
    arguments: ['--input', `s3a://acme-data/${team}/raw/`, '--output', `s3a://acme-data/${team}/curated/`],
    s3a,
    eventLog,
    dynamicAllocation: { minExecutors: 1, maxExecutors: 10 },
    driver: { memory: Size.gibibytes(2) },
    executor: { cores: 2, memory: Size.gibibytes(8) },
  });
  new ScheduledSparkApplication(chart, 'Report', {
    name: `${team}-report`,
    jobNamespace,
    schedule: '0 6 * * *',
    timeZone: 'Europe/Berlin',
    mainApplicationFile: ApplicationFile.fromUrl(`s3a://acme-spark-jobs/${team}/report.py`),
    s3a,
    eventLog,
    executor: { instances: 4, cores: 1, memory: Size.gibibytes(4) },
  });
}
