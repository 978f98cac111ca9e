import { ApiObject, Lazy, Size } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-28';
import { componentName, componentObject, OperatorComponent, OperatorInstall, PROBE_PORT, selectorLabels } from './_install';
import { OperatorComponentOptions, OperatorLogEncoder, OperatorLogLevel } from './operator-install-options';
import { PULL_POLICY } from '../../_plus';
import { fail } from '../../_validation';
import { renderPodTemplate } from '../../pod/_pod-renderer';
import { cpuMillis, cpuQuantity } from '../../pod/_resources';
import { optOutAnnotations } from '../../pod/_security-opt-outs';
import { SparkContainerPort, SparkPodOptions, SparkTopologySpread, WhenUnsatisfiable } from '../../pod/pod-options';
import { POD_OPT_OUTS } from '../../rbac/_props';
import { kubernetesQuantity, wholeKibibytes } from '../../spark/_memory';

/**
 * Log flags and `--namespaces`. The controller watches the named job
 * namespaces (with a selector: in addition to the matching ones); the
 * webhook has no `--namespace-selector` flag, so with a selector it serves
 * every namespace, as with `watchAllNamespaces`. The namespaces are read at
 * synth, so job namespaces added after construction are included.
 */
export function logAndNamespaceArgs(install: OperatorInstall, options: OperatorComponentOptions, component: OperatorComponent): string[] {
  const named = !install.props.watchAllNamespaces && (component === 'controller' || !install.clusterWide);
  return [
    `--zap-log-level=${options.logLevel ?? OperatorLogLevel.INFO}`,
    `--zap-encoder=${options.logEncoder ?? OperatorLogEncoder.CONSOLE}`,
    named ? Lazy.any({ produce: () => `--namespaces=${install.watchedNamespaces().join(',')}` }) : '--namespaces=',
  ];
}

/** The metrics flags both components take. */
export function metricsArgs(install: OperatorInstall): string[] {
  const m = install.props.metrics ?? {};
  if (!install.metricsEnabled) {
    return ['--enable-metrics=false'];
  }
  return [
    '--enable-metrics=true',
    `--metrics-bind-address=:${install.metricsPort}`,
    `--metrics-endpoint=${m.endpoint ?? '/metrics'}`,
    `--metrics-prefix=${m.prefix ?? ''}`,
    `--metrics-labels=${(m.labels ?? ['app_type']).join(',')}`,
  ];
}

/** The leader-election flags of a component. */
export function leaderArgs(install: OperatorInstall, component: OperatorComponent): string[] {
  if (!install.leaderElection) {
    return ['--leader-election=false'];
  }
  return [
    '--leader-election=true',
    `--leader-election-lock-name=${componentName(install, component)}-lock`,
    `--leader-election-lock-namespace=${install.namespace}`,
  ];
}

/** The Kubernetes API client flags both components take. */
export function apiClientArgs(install: OperatorInstall): string[] {
  return [`--kube-api-qps=${install.props.kubeApiQps ?? 20}`, `--kube-api-burst=${install.props.kubeApiBurst ?? 30}`];
}

/** What differs between the controller's and the webhook's pods. */
export interface ComponentPod {
  readonly args: string[];
  readonly ports: SparkContainerPort[];
  /** Writable emptyDirs (the root filesystem is read-only), each with the chart's `sizeLimit` (a Kubernetes quantity). */
  readonly scratchDirs: { name: string; path: string; sizeLimit: string }[];
  /** Pod annotations set by the install (scrape annotations). */
  readonly annotations?: { [key: string]: string };
  /** Default CPU request and memory of the component. */
  readonly defaultCpu: Cpu;
  readonly defaultMemory: Size;
}

/** The container resources of a component: CPU request, memory request = limit. */
function resources(install: OperatorInstall, component: OperatorComponent, options: OperatorComponentOptions, pod: ComponentPod): any {
  const cpu = cpuQuantity(cpuMillis(options.coreRequest ?? pod.defaultCpu));
  const memoryKib = wholeKibibytes(options.memory ?? pod.defaultMemory);
  if (memoryKib === undefined || memoryKib < 1024) {
    fail(install.scope, `${component}.memory`, memoryKib, 'must be a whole number of KiB, at least 1 MiB', 'use Size.mebibytes(256) or more');
  }
  const memory = kubernetesQuantity(memoryKib);
  return { requests: { cpu, memory }, limits: { memory } };
}

/**
 * Gives the scratch emptyDirs their size limits, as the chart's values do
 * (controller.volumes `tmp` 1Gi, webhook.volumes `serving-certs` 500Mi,
 * charts/spark-operator-chart/values.yaml at v2.5.2): past it the kubelet
 * evicts the pod instead of letting it fill the node's disk. The controller
 * writes the pod templates of every submission to /tmp/spark and, for
 * applications with packages, spark-submit's Ivy cache to /tmp/.ivy2.
 * (With a writable root filesystem the renderer mounts no scratch dirs.)
 */
function limitScratchDirs(spec: any, dirs: ComponentPod['scratchDirs']): void {
  for (const dir of dirs) {
    const volume = (spec.volumes ?? []).find((v: any) => v.name === dir.name && v.emptyDir !== undefined);
    if (volume) {
      volume.emptyDir = { ...volume.emptyDir, sizeLimit: dir.sizeLimit };
    }
  }
}

/**
 * The spread of a component's replicas when its pod options name none: over
 * nodes, soft (a node failure never leaves a replica pending), counting only
 * the pods of the same revision (`pod-template-hash`, so a rollout's old
 * pods do not skew the new ones; a cluster before Kubernetes 1.27 ignores it).
 */
const SPREAD_OVER_NODES: SparkTopologySpread = {
  topologyKey: 'kubernetes.io/hostname',
  maxSkew: 1,
  whenUnsatisfiable: WhenUnsatisfiable.SCHEDULE_ANYWAY,
  matchLabelKeys: ['pod-template-hash'],
};

/**
 * A component's pod options as rendered: the common labels under the pod's
 * own, and with more than one replica the spread over nodes unless the pod
 * options name their own spread (`[]` for none).
 */
function componentPodOptions(install: OperatorInstall, options: OperatorComponentOptions): SparkPodOptions {
  const pod = options.pod ?? {};
  const common = install.props.commonLabels;
  const spread = pod.topologySpreadConstraints === undefined && (options.replicas ?? 1) > 1 ? [SPREAD_OVER_NODES] : pod.topologySpreadConstraints;
  return {
    ...pod,
    labels: common === undefined ? pod.labels : { ...common, ...pod.labels },
    topologySpreadConstraints: spread,
  };
}

/**
 * A component's Deployment (child `id`) through the shared pod renderer, and
 * its PodDisruptionBudget when asked for.
 */
export function componentDeployment(
  install: OperatorInstall, id: string, component: OperatorComponent, options: OperatorComponentOptions, pod: ComponentPod,
): ApiObject {
  const name = componentName(install, component);
  const template = renderPodTemplate({
    scope: install.scope,
    prop: `${component}.pod`,
    options: componentPodOptions(install, options),
    container: {
      name,
      image: install.image,
      imagePullPolicy: install.props.imagePullPolicy ?? PULL_POLICY.IF_NOT_PRESENT,
      args: pod.args,
      ports: pod.ports,
      resources: resources(install, component, options, pod),
      livenessProbe: { httpGet: { port: PROBE_PORT, scheme: 'HTTP', path: '/healthz' } },
      readinessProbe: { httpGet: { port: PROBE_PORT, scheme: 'HTTP', path: '/readyz' } },
    },
    automountServiceAccountToken: true,
    serviceAccountName: name,
    labels: selectorLabels(install, component),
    selectorLabels: selectorLabels(install, component),
    annotations: pod.annotations,
    scratchDirs: pod.scratchDirs,
    imagePullSecrets: (install.props.imagePullSecrets ?? []).map((s) => s.name),
    optOuts: install.optOuts.filter((o) => POD_OPT_OUTS.includes(o)),
  });
  limitScratchDirs(template.spec, pod.scratchDirs);
  const deployment = componentObject(install, id, { apiVersion: 'apps/v1', kind: 'Deployment' }, name, install.namespace, component, {
    spec: { replicas: options.replicas ?? 1, revisionHistoryLimit: 10, selector: { matchLabels: selectorLabels(install, component) }, template },
  });
  const annotations = optOutAnnotations(install.optOuts);
  for (const [key, value] of Object.entries(annotations)) {
    deployment.metadata.addAnnotation(key, value);
  }
  if (options.podDisruptionBudget) {
    componentObject(install, `${component === 'controller' ? 'Controller' : 'Webhook'}PodDisruptionBudget`, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
      `${name}-pdb`, install.namespace, component, {
        spec: { minAvailable: 1, selector: { matchLabels: selectorLabels(install, component) }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      });
  }
  return deployment;
}
