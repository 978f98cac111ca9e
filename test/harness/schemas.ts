import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Schemas the harness validates against:
 * - registered CRDs (the operator's three from src/crds, plus fixtures tests register);
 * - a closed-world PodTemplateSpec assembled from the core/v1 types the operator's CRD inlines
 *   (Container, Volume, PodSecurityContext, Affinity, Toleration, ...) and the PodSpec field list.
 */

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const keyword of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations']) {
  ajv.removeKeyword(keyword);
  ajv.addKeyword({ keyword });
}
// Kubernetes accepts int32/int64 formats on integers; ajv-formats knows int32 and int64.

export interface RegisteredCrd {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  readonly schema: any;
  readonly validate: ValidateFunction;
}

const crds = new Map<string, RegisteredCrd>();
const groups = new Set<string>();

/** Registers every served version of a CustomResourceDefinition. */
export function registerCrd(crd: any): void {
  const group = crd.spec.group;
  groups.add(group);
  for (const version of crd.spec.versions) {
    const schema = version.schema.openAPIV3Schema;
    const key = `${group}/${version.name}/${crd.spec.names.kind}`;
    if (crds.has(key)) continue;
    crds.set(key, { group, kind: crd.spec.names.kind, version: version.name, schema, validate: ajv.compile(schema) });
  }
}

/** The CRD of an object, if registered. */
export function crdFor(obj: any): RegisteredCrd | undefined {
  return crds.get(`${obj.apiVersion}/${obj.kind}`);
}

/** Whether a group has any registered CRD. */
export function isRegisteredGroup(group: string): boolean {
  return groups.has(group);
}

const CRD_DIR = path.join(__dirname, '..', '..', 'src', 'crds');
const operatorCrds = fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(CRD_DIR, f), 'utf-8')));
operatorCrds.forEach(registerCrd);

const appSpec = operatorCrds.find((c) => c.spec.names.kind === 'SparkApplication').spec.versions[0].schema.openAPIV3Schema.properties.spec.properties;
const driver = appSpec.driver.properties;

const OBJECT_META = {
  type: 'object',
  properties: Object.fromEntries(['annotations', 'labels', 'name', 'namespace', 'generateName', 'finalizers', 'ownerReferences'].map((k) => [k, {}])),
};

/** PodSpec fields of Kubernetes 1.33, each with the inlined schema where the operator's CRD has one. */
const POD_SPEC = {
  type: 'object',
  properties: {
    activeDeadlineSeconds: { type: 'integer' },
    affinity: driver.affinity,
    automountServiceAccountToken: { type: 'boolean' },
    containers: { type: 'array', items: driver.sidecars.items },
    dnsConfig: driver.dnsConfig,
    dnsPolicy: { type: 'string' },
    enableServiceLinks: { type: 'boolean' },
    ephemeralContainers: { type: 'array' },
    hostAliases: driver.hostAliases,
    hostIPC: { type: 'boolean' },
    hostNetwork: { type: 'boolean' },
    hostPID: { type: 'boolean' },
    hostUsers: { type: 'boolean' },
    hostname: { type: 'string' },
    imagePullSecrets: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
    initContainers: { type: 'array', items: driver.sidecars.items },
    nodeName: { type: 'string' },
    nodeSelector: { type: 'object', additionalProperties: { type: 'string' } },
    os: { type: 'object', properties: { name: { type: 'string' } } },
    overhead: { type: 'object', additionalProperties: {} },
    preemptionPolicy: { type: 'string' },
    priority: { type: 'integer' },
    priorityClassName: { type: 'string' },
    readinessGates: { type: 'array' },
    resourceClaims: { type: 'array' },
    resources: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
    restartPolicy: { type: 'string' },
    runtimeClassName: { type: 'string' },
    schedulerName: { type: 'string' },
    schedulingGates: { type: 'array' },
    securityContext: driver.podSecurityContext,
    serviceAccount: { type: 'string' },
    serviceAccountName: { type: 'string' },
    setHostnameAsFQDN: { type: 'boolean' },
    shareProcessNamespace: { type: 'boolean' },
    subdomain: { type: 'string' },
    terminationGracePeriodSeconds: { type: 'integer' },
    tolerations: driver.tolerations,
    topologySpreadConstraints: { type: 'array', items: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    volumes: appSpec.volumes,
  },
};

/** A closed PodTemplateSpec schema: an unknown field anywhere is an error (a real Pod drops it). */
export const POD_TEMPLATE_SCHEMA = { type: 'object', properties: { metadata: OBJECT_META, spec: POD_SPEC } };
export const validatePodTemplate = ajv.compile(POD_TEMPLATE_SCHEMA);
