/* eslint-disable @typescript-eslint/no-require-imports */
import { POD_TEMPLATE_SCHEMA, validatePodTemplate } from './schemas';
import { prunedFields } from './structural';

/** Kinds that are not namespaced. */
export const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'PriorityClass', 'StorageClass', 'IngressClass', 'PersistentVolume', 'ClusterIssuer',
]);

/** The module path of a kind in kubernetes-models 4.x, or undefined for kinds it does not know. */
function modelPath(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

const models = new Map<string, any>();
function model(apiVersion: string, kind: string): any {
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) {
    let cls: any;
    try {
      cls = require(modelPath(apiVersion, kind)!)[kind];
    } catch {
      cls = undefined;
    }
    models.set(key, cls);
  }
  return models.get(key);
}

/** Whether kubernetes-models knows the kind. */
export function isBuiltInKind(apiVersion: string, kind: string): boolean {
  return model(apiVersion, kind) !== undefined;
}

/** Schema violations of a built-in object (types, enums, required fields, quantities). */
export function kubeSchemaErrors(obj: any): string[] {
  const cls = model(obj.apiVersion, obj.kind);
  if (!cls) {
    return [`no schema known for ${obj.apiVersion} ${obj.kind}`];
  }
  try {
    new cls(obj).validate();
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

/** Where each workload keeps its pod template. */
export function podTemplatePaths(obj: any): { path: string; template: any }[] {
  switch (obj.kind) {
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return obj.spec?.template ? [{ path: '/spec/template', template: obj.spec.template }] : [];
    case 'CronJob':
      return obj.spec?.jobTemplate?.spec?.template ? [{ path: '/spec/jobTemplate/spec/template', template: obj.spec.jobTemplate.spec.template }] : [];
    case 'Pod':
      return [{ path: '', template: { metadata: obj.metadata, spec: obj.spec } }];
    default:
      return [];
  }
}

/** Unknown fields in a pod template, and schema errors of its inlined core types. */
export function podTemplateErrors(template: any, at: string): string[] {
  const errors = prunedFields(template, POD_TEMPLATE_SCHEMA, at).map((p) => `${p} is not a field of PodTemplateSpec (a real Pod drops it)`);
  if (!validatePodTemplate(template)) {
    for (const e of validatePodTemplate.errors ?? []) {
      errors.push(`${at}${e.instancePath} ${e.message}`);
    }
  }
  return errors;
}

/** Top-level fields of the built-in kinds the library emits (a closed world above the pod template). */
const KNOWN_FIELDS: { [kind: string]: { [field: string]: string[] | undefined } } = {
  Deployment: { spec: ['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'] },
  StatefulSet: { spec: ['replicas', 'selector', 'template', 'serviceName', 'podManagementPolicy', 'updateStrategy', 'revisionHistoryLimit', 'volumeClaimTemplates', 'minReadySeconds', 'persistentVolumeClaimRetentionPolicy', 'ordinals'] },
  Job: { spec: ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'backoffLimitPerIndex', 'maxFailedIndexes', 'selector', 'manualSelector', 'template', 'ttlSecondsAfterFinished', 'completionMode', 'suspend', 'podFailurePolicy', 'podReplacementPolicy', 'successPolicy', 'managedBy'] },
  CronJob: { spec: ['schedule', 'timeZone', 'startingDeadlineSeconds', 'concurrencyPolicy', 'suspend', 'jobTemplate', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] },
  Service: { spec: ['ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP', 'loadBalancerSourceRanges', 'externalName', 'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses', 'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass', 'internalTrafficPolicy', 'trafficDistribution'] },
};
const TOP_LEVEL = ['apiVersion', 'kind', 'metadata', 'spec', 'data', 'binaryData', 'stringData', 'type', 'immutable', 'rules', 'roleRef', 'subjects', 'aggregationRule',
  'automountServiceAccountToken', 'secrets', 'imagePullSecrets', 'webhooks', 'status'];

/** Unknown top-level and spec fields of a built-in kind the library emits. */
export function unknownKubeFields(obj: any): string[] {
  const errors = Object.keys(obj).filter((k) => !TOP_LEVEL.includes(k)).map((k) => `/${k} is not a field of ${obj.kind}`);
  const known = KNOWN_FIELDS[obj.kind];
  if (known?.spec && obj.spec) {
    errors.push(...Object.keys(obj.spec).filter((k) => !known.spec!.includes(k)).map((k) => `/spec/${k} is not a field of ${obj.kind}`));
  }
  if (obj.kind === 'CronJob' && obj.spec?.jobTemplate?.spec) {
    errors.push(...Object.keys(obj.spec.jobTemplate.spec).filter((k) => !KNOWN_FIELDS.Job.spec!.includes(k)).map((k) => `/spec/jobTemplate/spec/${k} is not a field of Job`));
  }
  return errors;
}
