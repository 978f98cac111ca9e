import { ApiObject, Lazy, Size } from 'cdk8s';
import { apiClientArgs, componentDeployment, leaderArgs, logAndNamespaceArgs, metricsArgs } from './_component';
import { componentClusterRole, componentRole, componentServiceAccount, OperatorInstall } from './_install';
import { controllerClusterRules, controllerOperatorRules } from './_operator-rules';
import { OperatorBatchSchedulerOptions, OperatorControllerOptions, UiIngressOptions } from './operator-install-options';
import { plus } from '../../_plus';
import { sorted } from '../../_validation';
import { durationSeconds, sizeKibibytes } from '../../rbac/_props';
import { kubernetesQuantity } from '../../spark/_memory';

/** The flags of the UI Ingress the controller creates per application. */
function uiIngressArgs(ingress: UiIngressOptions | undefined): string[] {
  if (!ingress) {
    return [];
  }
  return [
    '--enable-ui-ingress=true',
    `--ingress-url-format=${ingress.urlFormat}`,
    ...(ingress.ingressClassName ? [`--ingress-class-name=${ingress.ingressClassName}`] : []),
    ...(ingress.tls ? [`--ingress-tls=${JSON.stringify(ingress.tls.map((t) => ({ hosts: t.hosts, secretName: t.secret.name })))}`] : []),
    ...(ingress.annotations ? [`--ingress-annotations=${JSON.stringify(sorted(ingress.annotations))}`] : []),
  ];
}

/** The batch scheduler flags. */
function batchSchedulerArgs(scheduler: OperatorBatchSchedulerOptions | undefined): string[] {
  if (!scheduler) {
    return [];
  }
  return [
    '--enable-batch-scheduler=true',
    ...(scheduler.kubeSchedulerNames?.length ? [`--kube-scheduler-names=${scheduler.kubeSchedulerNames.join(',')}`] : []),
    ...(scheduler.defaultScheduler ? [`--default-batch-scheduler=${scheduler.defaultScheduler}`] : []),
  ];
}

/** The controller's command line, in the chart's order. */
function controllerArgs(install: OperatorInstall, c: OperatorControllerOptions): string[] {
  const props = install.props;
  const gates = { PartialRestart: false, LoadSparkDefaults: false, ...c.featureGates };
  const gracePeriod = c.driverPodCreationGracePeriod === undefined ? 10
    : durationSeconds(install.scope, 'controller.driverPodCreationGracePeriod', c.driverPodCreationGracePeriod, 1, 'use Duration.seconds(10)');
  return [
    'controller', 'start',
    ...logAndNamespaceArgs(install, c, 'controller'),
    ...(props.jobNamespaceSelector !== undefined ? [`--namespace-selector=${props.jobNamespaceSelector}`] : []),
    `--controller-threads=${c.threads ?? 10}`,
    `--enable-ui-service=${c.uiService ?? true}`,
    ...uiIngressArgs(c.uiIngress),
    ...batchSchedulerArgs(c.batchScheduler),
    ...metricsArgs(install),
    ...(install.metricsEnabled ? [
      '--metrics-job-submit-latency-buckets=0.5,1,2,4,8,16,32,64,128,256',
      '--metrics-job-start-latency-buckets=30,60,90,120,150,180,210,240,270,300',
    ] : []),
    ...leaderArgs(install, 'controller'),
    ...(install.leaderElection ? ['--leader-election-lease-duration=15s', '--leader-election-renew-deadline=10s', '--leader-election-retry-period=2s'] : []),
    '--workqueue-ratelimiter-bucket-qps=50',
    '--workqueue-ratelimiter-bucket-size=500',
    '--workqueue-ratelimiter-max-delay=6h',
    `--driver-pod-creation-grace-period=${gracePeriod}s`,
    `--max-tracked-executor-per-app=${c.maxTrackedExecutorPerApp ?? 1000}`,
    ...apiClientArgs(install),
    '--scheduled-spark-application-timestamp-precision=nanos',
    `--feature-gates=${Object.entries(gates).map(([k, v]) => `${k}=${v}`).join(',')}`,
    ...(c.extraArgs ?? []),
  ];
}

/**
 * The controller: its ServiceAccount, ClusterRole, Role in the operator
 * namespace (rules read at synth: the operator namespace may become a job
 * namespace later) and Deployment, which is returned (child `Resource`, the
 * SparkOperator's default child).
 */
export function renderController(install: OperatorInstall): ApiObject {
  const c = install.props.controller ?? {};
  const args = controllerArgs(install, c);
  componentServiceAccount(install, 'ControllerServiceAccount', 'controller');
  componentClusterRole(install, 'ControllerClusterRole', 'controller', controllerClusterRules({
    clusterWide: install.clusterWide,
    namespaceSelector: install.props.jobNamespaceSelector !== undefined,
    batchScheduler: c.batchScheduler !== undefined,
  }));
  componentRole(install, install.scope, 'ControllerLeaderRole', install.namespace, 'controller', Lazy.any({
    produce: () => controllerOperatorRules(install.releaseName, install.leaderElection, install.operatorNamespaceIsJobNamespace()),
  }));
  const m = install.props.metrics ?? {};
  const tmpKib = sizeKibibytes(install.scope, 'controller.tmpSizeLimit', c.tmpSizeLimit ?? Size.gibibytes(1), 'use Size.gibibytes(1) or more');
  return componentDeployment(install, 'Resource', 'controller', c, {
    args,
    ports: install.metricsEnabled ? [{ name: 'metrics', number: install.metricsPort }] : [],
    scratchDirs: [{ name: 'tmp', path: '/tmp', sizeLimit: kubernetesQuantity(tmpKib) }],
    annotations: install.metricsEnabled ? {
      'prometheus.io/scrape': 'true', 'prometheus.io/port': String(install.metricsPort), 'prometheus.io/path': m.endpoint ?? '/metrics',
    } : undefined,
    defaultCpu: plus().Cpu.millis(500),
    defaultMemory: controllerMemory(c.threads ?? 10),
  });
}

/** What the controller process itself needs: its caches of the watched applications and pods. */
const CONTROLLER_BASE_MIB = 512;

/** What one spark-submit JVM needs (an estimate: Spark's and the Kubernetes client's classes, Ivy resolution of packages). */
const SUBMISSION_MIB = 256;

/**
 * The controller's memory: the controller process plus one spark-submit JVM
 * per reconcile worker. Each worker may submit an application, and
 * submitting runs `$SPARK_HOME/bin/spark-submit` as a child process in this
 * container (internal/controller/sparkapplication/submission.go at v2.5.2,
 * runSparkSubmit: exec.Command), so `threads` submissions can run at once
 * (e.g. ScheduledSparkApplications due in the same minute). In cluster mode
 * the launcher gives that JVM no -Xmx (SparkSubmitCommandBuilder sets it
 * only in client mode), so it sizes its heap from the container's limit.
 * The chart sets no limit, and its values.yaml warns that a limit too small
 * for these JVMs gets them killed ("failed to run spark-submit ...: signal:
 * killed"); every pod of this library has a memory limit, so it grows with
 * the workers: 512 MiB + 256 MiB per worker, 3 GiB for the chart's 10.
 */
function controllerMemory(threads: number): Size {
  return Size.mebibytes(CONTROLLER_BASE_MIB + threads * SUBMISSION_MIB);
}
