import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { ServiceAccount } from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import {
  expectValid, findObject, findObjects, projectSparkPods, prunedFields, registerCrd, synthChartValid, synthValid, testCrd, validateManifests, Violation,
  withTypedReferences, WRITABLE_ROOT_ANNOTATION,
} from '.';
import { CrdRegistry, storedValidatorFile } from './crd-schema';
import { synthYaml, withReusedYaml } from './determinism';
import { needsShared, sharedPath } from './shared-data';
import { SparkJobNamespace } from '../../src';

const NS = 'spark-jobs';
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** A restricted, valid container. */
function container(name = 'main'): any {
  return {
    name,
    image: 'apache/spark:4.0.4',
    imagePullPolicy: 'IfNotPresent',
    resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  };
}

/** A restricted, valid pod template. */
function template(containerName = 'main'): any {
  return {
    metadata: { labels: { app: 'web' } },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [container(containerName)],
    },
  };
}

function deployment(mutate: (d: any) => void = () => undefined): any {
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: template() },
  };
  mutate(d);
  return d;
}

const SA = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'spark', namespace: NS } };

function sparkApp(mutate: (d: any) => void = () => undefined): any {
  const driver = template('spark-kubernetes-driver');
  driver.spec.automountServiceAccountToken = true;
  const d = {
    apiVersion: 'sparkoperator.k8s.io/v1beta2',
    kind: 'SparkApplication',
    metadata: { name: 'pi', namespace: NS },
    spec: {
      type: 'Scala',
      mode: 'cluster',
      sparkVersion: '4.0.4',
      image: 'apache/spark:4.0.4',
      imagePullPolicy: 'IfNotPresent',
      mainClass: 'org.apache.spark.examples.SparkPi',
      mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples.jar',
      driver: { cores: 1, memory: '1g', serviceAccount: 'spark', template: driver },
      executor: { cores: 1, memory: '1g', instances: 1, template: template('spark-kubernetes-executor') },
    },
  };
  mutate(d);
  return d;
}

function scheduled(mutate: (d: any) => void = () => undefined): any {
  const app = sparkApp();
  const d = {
    apiVersion: 'sparkoperator.k8s.io/v1beta2',
    kind: 'ScheduledSparkApplication',
    metadata: { name: 'nightly', namespace: NS },
    spec: { schedule: '@daily', concurrencyPolicy: 'Forbid', template: app.spec },
  };
  mutate(d);
  return d;
}

function sparkConnect(mutate: (d: any) => void = () => undefined): any {
  const server = template('spark-kubernetes-driver');
  server.spec.automountServiceAccountToken = true;
  server.spec.serviceAccountName = 'spark';
  const d = {
    apiVersion: 'sparkoperator.k8s.io/v1alpha1',
    kind: 'SparkConnect',
    metadata: { name: 'connect', namespace: NS },
    spec: {
      sparkVersion: '4.0.4',
      image: 'apache/spark:4.0.4',
      server: { cores: 1, memory: '1g', template: server },
      executor: { cores: 1, memory: '1g', instances: 1, template: template('spark-kubernetes-executor') },
    },
  };
  mutate(d);
  return d;
}

function role(policyRules: any[], kind = 'Role'): any {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: kind === 'Role' ? { name: 'spark-driver', namespace: NS } : { name: 'spark-driver' }, rules: policyRules };
}

function binding(roleRef: any, subjects: any[], kind = 'RoleBinding'): any {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: kind === 'RoleBinding' ? { name: 'spark-driver', namespace: NS } : { name: 'spark-driver' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects };
}

function configMap(data: any): any {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', namespace: NS }, data };
}

function lines(violations: Violation[]): string {
  return violations.map((v) => `[${v.rule}] ${v.object} at ${v.path}: ${v.message}`).join('\n');
}

function rules(violations: Violation[]): string[] {
  return [...new Set(violations.map((v) => v.rule))].sort();
}

const SPARK_CRDS = path.join(__dirname, '..', '..', 'src', 'crds');
const readCrd = (file: string) => JSON.parse(fs.readFileSync(path.join(SPARK_CRDS, file), 'utf-8'));

describe('good documents', () => {
  test('a hardened Deployment, ServiceAccount, RBAC, SparkApplication, ScheduledSparkApplication and SparkConnect pass every rule', () => {
    const docs = [
      deployment(), SA,
      role([{ apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'], verbs: ['create', 'get', 'list', 'watch', 'delete', 'deletecollection'] }]),
      binding({ kind: 'Role', name: 'spark-driver' }, [{ kind: 'ServiceAccount', name: 'spark', namespace: NS }]),
      sparkApp(), scheduled(), sparkConnect(),
    ];
    expect(validateManifests(docs)).toEqual([]);
    expect(() => expectValid(docs)).not.toThrow();
  });

  test('validateManifests never throws on garbage', () => {
    const garbage = [null, 42, 'text', [], {}, { kind: 'Deployment' }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: 'x', spec: { template: { spec: { containers: 'no' } } } },
      { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name: 'x', namespace: NS }, spec: { driver: 'x', executor: [1], volumes: 'x' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: NS }, rules: [null, { verbs: 'x' }] }];
    expect(() => validateManifests(garbage)).not.toThrow();
    expect(validateManifests(garbage).length).toBeGreaterThan(0);
    expect(validateManifests('nope' as any)).toHaveLength(1);
  });

});

describe('1. CRD schema and pruning', () => {
  test('flags a misspelled field the API server would prune, naming its path', () => {
    const v = validateManifests([SA, sparkApp((d) => d.spec.driver.securityContxt = { runAsUser: 185 })]);
    expect(lines(v)).toContain('[crd-schema] SparkApplication/pi at /spec/driver/securityContxt: unknown field: the API server would prune it');
  });

  test('flags a wrong type, a value below the minimum, a missing required field and a bad enum', () => {
    const v = lines(validateManifests([SA, sparkApp((d) => {
      d.spec.executor.instances = 'two';
      d.spec.restartPolicy = { type: 'OnFailure', onFailureRetries: -1 };
      delete d.spec.mainApplicationFile;
      d.spec.mode = 'in-cluster-client';
    })]));
    expect(v).toContain('at /spec/executor/instances: must be integer');
    expect(v).toContain('at /spec/restartPolicy/onFailureRetries: must be >= 0');
    expect(v).toContain('must have required property \'mainApplicationFile\'');
    expect(v).toContain('at /spec/mode: must be equal to one of the allowed values: "cluster", "client"');
  });

  test('flags an int32 out of range, and accepts int-or-string values as int or string only', () => {
    const v = lines(validateManifests([SA, sparkApp((d) => {
      d.spec.driver.terminationGracePeriodSeconds = 2 ** 40;
      d.spec.batchSchedulerOptions = { resources: { cpu: true } };
    })]));
    expect(v).toContain('at /spec/batchSchedulerOptions/resources/cpu');
    const ok = sparkApp((d) => d.spec.batchSchedulerOptions = { resources: { cpu: 2, memory: '4Gi' } });
    expect(validateManifests([SA, ok])).toEqual([]);
  });

  test('flags an integer beyond int64 (Long.MAX_VALUE printed by JavaScript), and accepts the largest safe integer', () => {
    const withTtl = (ttl: number) => sparkApp((d) => d.spec.timeToLiveSeconds = ttl);
    expect(lines(validateManifests([SA, withTtl(9223372036854775807)]))).toContain(
      'at /spec/timeToLiveSeconds: integer beyond int64: the API server decodes every schema integer as an int64 and rejects it');
    expect(validateManifests([SA, withTtl(Number.MAX_SAFE_INTEGER)])).toEqual([]);
  });

  test('flags an unknown metadata field of a custom resource', () => {
    expect(lines(validateManifests([SA, sparkApp((d) => d.metadata.label = { a: 'b' })]))).toContain('at /metadata/label: unknown field: not a field of ObjectMeta');
  });

  test('flags a version the CRD does not serve', () => {
    expect(lines(validateManifests([SA, sparkApp((d) => d.apiVersion = 'sparkoperator.k8s.io/v1beta1')])))
      .toContain('[crd-schema] SparkApplication/pi at /apiVersion: SparkApplication is not served at sparkoperator.k8s.io/v1beta1; served: sparkoperator.k8s.io/v1beta2');
  });

  test('flags a kind it has no schema for, in a known and an unknown group', () => {
    const v = lines(validateManifests([
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: NS } },
      { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkThing', metadata: { name: 't', namespace: NS } },
    ]));
    expect(v).toContain('[crd-schema] Widget/w at : no schema known for example.com/v1 Widget');
    expect(v).toContain('no schema known for sparkoperator.k8s.io/v1beta2 SparkThing');
  });

  test('a registered CRD makes its custom resources checkable, closed where its schema is closed', () => {
    const crd = testCrd('harness.example.com', 'Gadget', [
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', format: 'int32', nullable: true } } } } } } },
      { name: 'v0', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
    ]);
    const gadget = (spec: any) => ({ apiVersion: 'harness.example.com/v1', kind: 'Gadget', metadata: { name: 'g', namespace: NS }, spec });
    expect(lines(validateManifests([gadget({ size: 1 })]))).toContain('no schema known');
    registerCrd(crd);
    expect(validateManifests([gadget({ size: 1 })])).toEqual([]);
    expect(validateManifests([gadget({ size: null })])).toEqual([]);
    expect(lines(validateManifests([gadget({ size: 1, colour: 'red' })]))).toContain('at /spec/colour: unknown field: the API server would prune it');
    expect(lines(validateManifests([{ ...gadget({}), apiVersion: 'harness.example.com/v0' }]))).toContain('Gadget is not served at harness.example.com/v0');
    expect(() => registerCrd({ kind: 'CustomResourceDefinition' })).toThrow('registerCrd: not a CustomResourceDefinition');
  });

  test('a CRD in the output applies to that call only', () => {
    const crd = clone(readCrd('sparkoperator.k8s.io_sparkconnects.json'));
    crd.spec.group = 'local.example.com';
    crd.metadata.name = 'sparkconnects.local.example.com';
    const cr = { ...sparkConnect(), apiVersion: 'local.example.com/v1alpha1' };
    expect(rules(validateManifests([crd, SA, cr]))).toEqual([]);
    expect(lines(validateManifests([cr]))).toContain('no schema known for local.example.com/v1alpha1 SparkConnect');
  });

  describe('the pruning simulator', () => {
    const schema = {
      type: 'object',
      properties: {
        closed: { type: 'object', properties: { a: { type: 'string' } } },
        map: { type: 'object', additionalProperties: { type: 'object', properties: { b: { type: 'string' } } } },
        open: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
        bare: { type: 'object' },
        list: { type: 'array', items: { type: 'object', properties: { c: { type: 'string' } } } },
        embedded: { 'type': 'object', 'x-kubernetes-embedded-resource': true, 'properties': { spec: { type: 'object' } } },
      },
    };

    test('keeps declared fields, map entries, preserved subtrees and embedded resource headers', () => {
      expect(prunedFields({
        closed: { a: 'x' },
        map: { k1: { b: 'y' } },
        open: { anything: { deep: 1 } },
        list: [{ c: 'z' }],
        embedded: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } },
      }, schema, '')).toEqual([]);
    });

    test('flags undeclared fields of closed objects, map values, list items and property-less objects', () => {
      expect(prunedFields({
        'closed': { a: 'x', z: 1 },
        'map': { k1: { b: 'y', q: 2 } },
        'bare': { gone: true },
        'list': [{ c: 'z' }, { d: 1 }],
        'extra': 1,
        'embedded': { kind: 'Pod', status: {} },
        'we/ird': 1,
      }, schema, '')).toEqual(['/closed/z', '/map/k1/q', '/bare/gone', '/list/1/d', '/extra', '/embedded/status', '/we~1ird']);
    });
  });
});

describe('2. Kubernetes schema, closed world', () => {
  test('flags a wrong type, a bad enum and a bad quantity of a built-in kind', () => {
    const v = lines(validateManifests([deployment((d) => {
      d.spec.replicas = 'two';
      d.spec.strategy = { type: 'Sideways' };
      d.spec.template.spec.containers[0].resources.limits.memory = 'lots';
    })]));
    expect(v).toContain('[k8s-schema] Deployment/web at /spec/replicas: must be integer');
    expect(v).toContain('at /spec/strategy/type: must be one of "Recreate", "RollingUpdate"');
    expect(v).toContain('at /spec/template/spec/containers/0/resources/limits/memory: must be number or must match format "quantity" (no alternative matches)');
  });

  test('flags a missing required field of a built-in kind', () => {
    expect(lines(validateManifests([deployment((d) => delete d.spec.selector)]))).toContain('[k8s-schema] Deployment/web at /spec: must have required property \'selector\'');
  });

  test('flags unknown fields anywhere in a built-in kind, which the open published schemas let through', () => {
    const v = lines(validateManifests([deployment((d) => {
      d.spec.replicaz = 2;
      d.metadata.label = { a: 'b' };
      d.spec.template.spec.containers[0].securityContext.runAsNonroot = true;
      d.spec.template.spec.volumes = [{ name: 'v', emptyDir: { sizeLimit: '1Gi', medium: '' }, emptydir: {} }];
    })]));
    expect(v).toContain('at /spec/replicaz: unknown field: not a field of apps/v1 Deployment, the API server would drop it');
    expect(v).toContain('at /metadata/label: unknown field');
    expect(v).toContain('at /spec/template/spec/containers/0/securityContext/runAsNonroot: unknown field');
    expect(v).toContain('at /spec/template/spec/volumes/0/emptydir: unknown field');
  });

  test('accepts the whole field range of the kinds the library emits', () => {
    const docs = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: NS }, spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }], trafficDistribution: 'PreferClose' } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: NS }, spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 7078, protocol: 'TCP' }] }] } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb', namespace: NS }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } },
      { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: NS }, spec: { hard: { 'requests.cpu': '10', 'limits.memory': '20Gi' } } },
      { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l', namespace: NS }, spec: { holderIdentity: 'x' } },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: NS }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 2 } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
      // The autoscaler owns the replica count (rule 9).
      deployment((d) => delete d.spec.replicas),
    ];
    expect(validateManifests(docs)).toEqual([]);
  });

  test('flags removed API versions', () => {
    const v = lines(validateManifests([{ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb', namespace: NS }, spec: {} }]));
    expect(v).toContain('[k8s-schema] PodDisruptionBudget/pdb at /apiVersion: policy/v1beta1 is deprecated or removed from Kubernetes');
  });

  test.each<[string, () => any, string]>([
    ['SparkApplication driver', () => sparkApp((d) => d.spec.driver.template.spec.securityContext.capabilities = { drop: ['ALL'] }), '/spec/driver/template/spec/securityContext/capabilities'],
    ['SparkApplication executor', () => sparkApp((d) => d.spec.executor.template.spec.containers[0].securityContext.runAsNonroot = true), '/spec/executor/template/spec/containers/0/securityContext/runAsNonroot'],
    ['ScheduledSparkApplication', () => scheduled((d) => d.spec.template.driver.template.spec.hostnetwork = true), '/spec/template/driver/template/spec/hostnetwork'],
    ['SparkConnect server', () => sparkConnect((d) => d.spec.server.template.metadata.label = {}), '/spec/server/template/metadata/label'],
    ['SparkConnect executor', () => sparkConnect((d) => d.spec.executor.template.spec.securityContext.allowPrivilegeEscalation = false), '/spec/executor/template/spec/securityContext/allowPrivilegeEscalation'],
  ])('flags an unknown field in the schemaless %s template, checked as a closed PodTemplateSpec', (_name, doc, at) => {
    expect(lines(validateManifests([SA, doc()]))).toContain(`[k8s-schema] ${doc().kind}/${doc().metadata.name} at ${at}: unknown field: not a field of PodTemplateSpec, a real Pod drops it`);
  });

  test('flags a wrong type inside a Spark pod template', () => {
    expect(lines(validateManifests([SA, sparkApp((d) => d.spec.executor.template.spec.containers[0].ports = [{ containerPort: 'x' }])])))
      .toContain('at /spec/executor/template/spec/containers/0/ports/0/containerPort: must be integer (PodTemplateSpec)');
  });

  test('accepts a Spark pod template without containers (Spark adds its own)', () => {
    expect(validateManifests([SA, sparkApp((d) => {
      d.spec.executor.template.spec.containers = undefined;
      d.spec.executor.securityContext = container().securityContext;
    })])).toEqual([]);
  });
});

describe('3. restricted pods', () => {
  test.each<[string, (t: any) => void, string]>([
    ['hostNetwork', (t) => t.spec.hostNetwork = true, 'at /spec/template/spec/hostNetwork: hostNetwork is forbidden'],
    ['hostPID', (t) => t.spec.hostPID = true, 'hostPID is forbidden'],
    ['hostIPC', (t) => t.spec.hostIPC = true, 'hostIPC is forbidden'],
    ['a hostPort', (t) => t.spec.containers[0].ports = [{ name: 'http', containerPort: 80, hostPort: 80 }], 'at /spec/template/spec/containers/0/ports/0/hostPort: container main: hostPort is forbidden'],
    ['a hostPath volume', (t) => t.spec.volumes = [{ name: 'h', hostPath: { path: '/' } }], 'at /spec/template/spec/volumes/0: volume h of type hostPath is not allowed'],
    ['an nfs volume', (t) => t.spec.volumes = [{ name: 'n', nfs: { server: 'x', path: '/' } }], 'volume n of type nfs is not allowed'],
    ['a privileged container', (t) => t.spec.containers[0].securityContext.privileged = true, 'container main: privileged is forbidden'],
    ['privilege escalation left unset', (t) => delete t.spec.containers[0].securityContext.allowPrivilegeEscalation, 'at /spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation: container main: allowPrivilegeEscalation must be false'],
    ['an init container without hardening', (t) => t.spec.initContainers = [{ ...container('init'), securityContext: {} }], 'at /spec/template/spec/initContainers/0/securityContext/allowPrivilegeEscalation: container init'],
    ['capabilities not dropped', (t) => delete t.spec.containers[0].securityContext.capabilities, 'capabilities.drop must contain ALL'],
    ['an added capability', (t) => t.spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'NET_ADMIN'], 'capabilities.add may only contain NET_BIND_SERVICE, got NET_ADMIN'],
    ['runAsNonRoot missing', (t) => delete t.spec.securityContext.runAsNonRoot, 'runAsNonRoot must be true'],
    ['runAsNonRoot false on one container', (t) => t.spec.containers[0].securityContext.runAsNonRoot = false, 'runAsNonRoot must be true'],
    ['no numeric runAsUser', (t) => delete t.spec.securityContext.runAsUser, 'needs a numeric non-zero runAsUser'],
    ['runAsUser 0 on a container', (t) => t.spec.containers[0].securityContext.runAsUser = 0, 'container main: runAsUser 0 is forbidden'],
    ['runAsGroup 0', (t) => t.spec.securityContext.runAsGroup = 0, 'pod: runAsGroup 0 is forbidden'],
    ['fsGroup 0', (t) => t.spec.securityContext.fsGroup = 0, 'pod: fsGroup 0 is forbidden'],
    ['no seccomp profile', (t) => delete t.spec.securityContext.seccompProfile, 'seccompProfile must be RuntimeDefault or Localhost'],
    ['an Unconfined seccomp container', (t) => t.spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }, 'container main: seccomp Unconfined is forbidden'],
    ['an Unconfined AppArmor profile', (t) => t.spec.securityContext.appArmorProfile = { type: 'Unconfined' }, 'pod: AppArmor Unconfined is forbidden'],
    ['an unconfined AppArmor annotation', (t) => t.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/main': 'unconfined' }, 'AppArmor annotation container.apparmor.security.beta.kubernetes.io/main is unconfined'],
    ['a seLinux user', (t) => t.spec.securityContext.seLinuxOptions = { user: 'system_u' }, 'seLinuxOptions user/role must be unset'],
    ['an Unmasked procMount', (t) => t.spec.containers[0].securityContext.procMount = 'Unmasked', 'procMount must be Default'],
    ['an unsafe sysctl', (t) => t.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }], 'sysctl kernel.msgmax is not in the safe set'],
    ['a Windows hostProcess', (t) => t.spec.securityContext.windowsOptions = { hostProcess: true }, 'hostProcess is forbidden'],
    ['a probe host', (t) => t.spec.containers[0].readinessProbe = { httpGet: { host: '10.0.0.1', port: 80 } }, 'readinessProbe host must be unset'],
    ['a writable root filesystem', (t) => t.spec.containers[0].securityContext.readOnlyRootFilesystem = false, 'readOnlyRootFilesystem must be true'],
    ['a writable-root annotation without a reason', (t) => {
      delete t.spec.containers[0].securityContext.readOnlyRootFilesystem;
      t.metadata.annotations = { [WRITABLE_ROOT_ANNOTATION]: ' ' };
    }, 'readOnlyRootFilesystem must be true'],
    ['no cpu request', (t) => delete t.spec.containers[0].resources.requests.cpu, 'container main: needs a cpu request'],
    ['no memory limit', (t) => delete t.spec.containers[0].resources.limits, 'needs a memory limit equal to its memory request'],
    ['a memory request below the limit', (t) => t.spec.containers[0].resources.requests.memory = '512Mi', 'memory request 512Mi must equal the memory limit 1Gi'],
    ['a cpu limit below the request', (t) => t.spec.containers[0].resources.limits.cpu = '500m', 'cpu limit 500m is below the request 1'],
    ['an untagged image', (t) => t.spec.containers[0].image = 'apache/spark', 'image apache/spark must pin a tag other than latest'],
    ['the latest tag', (t) => t.spec.containers[0].image = 'apache/spark:latest', 'image apache/spark:latest must pin a tag other than latest'],
    ['an upper-case repository', (t) => t.spec.containers[0].image = 'registry:5000/Apache/spark:4.0.4', 'image repository registry:5000/Apache/spark must be lower-case'],
    ['no image', (t) => delete t.spec.containers[0].image, 'has no image'],
    ['no pull policy', (t) => delete t.spec.containers[0].imagePullPolicy, 'imagePullPolicy must be set explicitly'],
    ['duplicate env', (t) => t.spec.containers[0].env = [{ name: 'A', value: '1' }, { name: 'A', value: '2' }], 'at /spec/template/spec/containers/0/env/1: container main: duplicate env A'],
    ['a long port name', (t) => t.spec.containers[0].ports = [{ name: 'spark-connect-grpc', containerPort: 15002 }], 'port name "spark-connect-grpc" is not an IANA_SVC_NAME'],
    ['a port name without a letter', (t) => t.spec.containers[0].ports = [{ name: '8080', containerPort: 8080 }], 'port name "8080" is not an IANA_SVC_NAME'],
    ['a port name with a double hyphen', (t) => t.spec.containers[0].ports = [{ name: 'a--b', containerPort: 8080 }], 'port name "a--b" is not an IANA_SVC_NAME'],
    ['a duplicate port name', (t) => t.spec.containers[0].ports = [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }], 'duplicate port name http'],
    ['a duplicate port number', (t) => t.spec.containers[0].ports = [{ name: 'a', containerPort: 80 }, { name: 'b', containerPort: 80 }], 'duplicate containerPort 80/TCP'],
    ['a port out of range', (t) => t.spec.containers[0].ports = [{ name: 'a', containerPort: 70000 }], 'containerPort 70000 must be 1-65535'],
    ['a token without a dedicated account', (t) => t.spec.automountServiceAccountToken = true, 'mounts a service-account token (automountServiceAccountToken is not false) but names no dedicated serviceAccountName'],
    ['a token for the default account', (t) => {
      delete t.spec.automountServiceAccountToken;
      t.spec.serviceAccountName = 'default';
    }, 'names no dedicated serviceAccountName'],
  ])('flags %s', (_name, mutate, message) => {
    const v = validateManifests([deployment((d) => mutate(d.spec.template))]);
    expect(lines(v)).toContain(message);
  });

  test('accepts the allowed variants: container-level settings, NET_BIND_SERVICE, digests, numeric-equal quantities, safe sysctls, a reasoned writable root', () => {
    const d = deployment((x) => {
      const t = x.spec.template;
      t.metadata.annotations = { [WRITABLE_ROOT_ANNOTATION]: 'legacy image writes to /opt/app' };
      t.spec.securityContext = { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] };
      Object.assign(t.spec.containers[0], {
        image: 'registry.example.com:5000/spark@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        resources: { requests: { cpu: '500m', memory: '1073741824' }, limits: { cpu: '1', memory: '1Gi' } },
        ports: [{ name: 'http', containerPort: 80 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }],
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: false,
          runAsNonRoot: true,
          runAsUser: 1000,
          seccompProfile: { type: 'Localhost', localhostProfile: 'spark.json' },
          capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
        },
      });
    });
    expect(validateManifests([d])).toEqual([]);
  });

  test.each<[string, any]>([
    ['a Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: NS }, spec: { ...template().spec, hostPID: true } }],
    ['a StatefulSet', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: NS }, spec: { serviceName: 's', selector: { matchLabels: { app: 'web' } }, template: { ...template(), spec: { ...template().spec, hostPID: true } } } }],
    ['a DaemonSet', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', namespace: NS }, spec: { selector: { matchLabels: { app: 'web' } }, template: { ...template(), spec: { ...template().spec, hostPID: true } } } }],
    ['a ReplicaSet', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', namespace: NS }, spec: { selector: { matchLabels: { app: 'web' } }, template: { ...template(), spec: { ...template().spec, hostPID: true } } } }],
    ['a Job', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: NS }, spec: { template: { ...template(), spec: { ...template().spec, restartPolicy: 'Never', hostPID: true } } } }],
    ['a CronJob', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: NS }, spec: { schedule: '@daily', jobTemplate: { spec: { template: { ...template(), spec: { ...template().spec, restartPolicy: 'Never', hostPID: true } } } } } }],
  ])('checks the pod template of %s', (_name, doc) => {
    expect(lines(validateManifests([doc]))).toContain('hostPID is forbidden');
    const good = clone(doc);
    const spec = good.kind === 'Pod' ? good.spec : good.kind === 'CronJob' ? good.spec.jobTemplate.spec.template.spec : good.spec.template.spec;
    delete spec.hostPID;
    expect(validateManifests([good])).toEqual([]);
  });

  describe('projected Spark pods', () => {
    test('project the driver and executor pods with what the controller and Spark set', () => {
      const [driver, executor] = projectSparkPods(sparkApp((d) => {
        d.spec.executor.memory = '4g';
        d.spec.executor.coreRequest = '500m';
        d.spec.executor.coreLimit = '2';
        d.spec.driver.memoryOverhead = '1g';
        d.spec.imagePullPolicy = undefined;
      }));
      expect(driver.role).toBe('driver');
      expect(driver.pod.spec.containers[0]).toMatchObject({
        name: 'spark-kubernetes-driver',
        image: 'apache/spark:4.0.4',
        imagePullPolicy: 'IfNotPresent',
        resources: { requests: { cpu: '1', memory: '2048Mi' }, limits: { memory: '2048Mi' } },
      });
      expect(driver.pod.spec).toMatchObject({ serviceAccountName: 'spark', restartPolicy: 'Never' });
      expect(driver.pod.metadata.labels).toMatchObject({ 'spark-role': 'driver', 'sparkoperator.k8s.io/app-name': 'pi' });
      expect(executor.pod.spec.containers[0].resources).toEqual({ requests: { cpu: '500m', memory: '4505Mi' }, limits: { cpu: '2', memory: '4505Mi' } });
      expect(executor.pod.spec.serviceAccountName).toBe('spark');
    });

    test('use the 0.4 overhead factor for Python, spec.memoryOverheadFactor when set, and 384 MiB at least', () => {
      const mem = (mutate: (d: any) => void) => projectSparkPods(sparkApp(mutate))[1].pod.spec.containers[0].resources.limits.memory;
      expect(mem((d) => { d.spec.type = 'Python'; d.spec.executor.memory = '2g'; })).toBe(`${2048 + 819}Mi`);
      expect(mem((d) => { d.spec.memoryOverheadFactor = '0.2'; d.spec.executor.memory = '4g'; })).toBe(`${4096 + 819}Mi`);
      expect(mem((d) => { d.spec.executor.memory = '512m'; })).toBe(`${512 + 384}Mi`);
      expect(mem((d) => { delete d.spec.executor.memory; })).toBe(`${1024 + 384}Mi`);
    });

    test('create the main container when the template has none, and keep the template\'s other containers and resources', () => {
      const [driver] = projectSparkPods(sparkApp((d) => {
        d.spec.driver.template.spec.containers = [{ ...container('sidecar') }, { ...container('spark-kubernetes-driver'), resources: { limits: { 'nvidia.com/gpu': 1 } } }];
      }));
      expect(driver.pod.spec.containers.map((c: any) => c.name)).toEqual(['sidecar', 'spark-kubernetes-driver']);
      expect(driver.pod.spec.containers[1].resources.limits).toEqual({ 'nvidia.com/gpu': 1, 'memory': '1408Mi' });
      const [, executor] = projectSparkPods(sparkApp((d) => delete d.spec.executor.template));
      expect(executor.pod.spec.containers[0].name).toBe('spark-kubernetes-executor');
    });

    test('project ScheduledSparkApplication and SparkConnect pods (the Connect server pod comes from its template as is)', () => {
      expect(projectSparkPods(scheduled()).map((p) => p.role)).toEqual(['driver', 'executor']);
      const [server, executor] = projectSparkPods(sparkConnect((d) => d.spec.server.template.spec.containers[0].image = undefined));
      expect(server.role).toBe('server');
      expect(server.pod.spec.containers[0].image).toBe('apache/spark:4.0.4');
      expect(server.pod.spec.restartPolicy).toBeUndefined();
      expect(server.pod.spec.containers[0].resources).toEqual(container().resources);
      expect(executor.pod.spec.containers[0].resources.requests).toEqual({ cpu: '1', memory: '1408Mi' });
      expect(projectSparkPods({ kind: 'Deployment' })).toEqual([]);
    });

    test('flags what the webhook would apply from the role spec', () => {
      const v = lines(validateManifests([SA, sparkApp((d) => {
        d.spec.driver.sidecars = [{ name: 'debug', image: 'busybox:1.37', imagePullPolicy: 'IfNotPresent', securityContext: { privileged: true } }];
        d.spec.executor.hostNetwork = true;
        d.spec.volumes = [{ name: 'host', hostPath: { path: '/var/run' } }, { name: 'unused', hostPath: { path: '/' } }];
        d.spec.executor.volumeMounts = [{ name: 'host', mountPath: '/host' }];
        d.spec.driver.securityContext = { allowPrivilegeEscalation: true };
        d.spec.driver.env = [{ name: 'X', value: '1' }, { name: 'X', value: '2' }];
      })]));
      expect(v).toContain('at [driver pod]/spec/containers/1/securityContext/privileged: container debug: privileged is forbidden');
      expect(v).toContain('at [executor pod]/spec/hostNetwork: hostNetwork is forbidden');
      expect(v).toContain('at [executor pod]/spec/volumes/0: volume host of type hostPath is not allowed');
      expect(v).not.toContain('volume unused');
      expect(v).toContain('at [driver pod]/spec/containers/0/securityContext/allowPrivilegeEscalation: container spark-kubernetes-driver: allowPrivilegeEscalation must be false');
      expect(v).toContain('at [driver pod]/spec/containers/0/env/1: container spark-kubernetes-driver: duplicate env X');
    });

    test('flags Spark pods without a hardened template: no numeric user, writable root, no seccomp', () => {
      const v = lines(validateManifests([SA, sparkApp((d) => delete d.spec.executor.template)]));
      expect(v).toContain('[pod-security] SparkApplication/pi at [executor pod]/spec/containers/0/securityContext/runAsUser: container spark-kubernetes-executor: needs a numeric non-zero runAsUser');
      expect(v).toContain('at [executor pod]/spec/containers/0/securityContext/readOnlyRootFilesystem');
      expect(v).toContain('at [executor pod]/spec/containers/0/securityContext/seccompProfile');
    });

    test('flags an unpinned image on the projected pods of ScheduledSparkApplication and SparkConnect', () => {
      expect(lines(validateManifests([SA, scheduled((d) => d.spec.template.image = 'apache/spark:latest')]))).toContain('at [executor pod]/spec/containers/0/image: container spark-kubernetes-executor: image apache/spark:latest must pin a tag');
      expect(lines(validateManifests([SA, sparkConnect((d) => d.spec.executor.template.spec.containers[0].image = 'apache/spark')])))
        .toContain('[pod-security] SparkConnect/connect at [executor pod]/spec/containers/0/image: container spark-kubernetes-executor: image apache/spark must pin a tag');
    });
  });
});

describe('4. RBAC', () => {
  test.each<[string, any[], string]>([
    ['a wildcard resource', [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }], 'at /rules/0/resources/0: wildcard "*" in resources'],
    ['a wildcard subresource', [{ apiGroups: [''], resources: ['pods/*'], verbs: ['get'] }], 'wildcard "pods/*" in resources'],
    ['a wildcard verb', [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }], 'wildcard "*" in verbs'],
    ['a wildcard API group', [{ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }], 'wildcard "*" in apiGroups'],
    ['secret reads', [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }], 'get/list/watch on secrets without resourceNames'],
    ['escalate', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] }], 'grants the escalate verb'],
    ['bind', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind'] }], 'grants the bind verb'],
    ['impersonate', [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] }], 'grants the impersonate verb'],
    ['pods/exec', [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }], 'grants pods/exec'],
    ['pods/attach', [{ apiGroups: [''], resources: ['pods/attach'], verbs: ['create'] }], 'grants pods/attach'],
    ['nodes/proxy', [{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }], 'grants nodes/proxy'],
  ])('flags %s', (_name, r, message) => {
    expect(lines(validateManifests([role(r)]))).toContain(message);
    expect(lines(validateManifests([role(r, 'ClusterRole')]))).toContain(message);
  });

  test('allows name-scoped secret access and secret writes', () => {
    expect(validateManifests([role([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'update'], resourceNames: ['webhook-certs'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    ])])).toEqual([]);
  });

  test.each(['cluster-admin', 'admin', 'edit'])('flags a binding to the built-in %s ClusterRole', (name) => {
    expect(lines(validateManifests([SA, binding({ kind: 'ClusterRole', name }, [{ kind: 'ServiceAccount', name: 'spark', namespace: NS }])], { externalRoles: [`ClusterRole/${name}`] })))
      .toContain(`at /roleRef/name: binds the built-in ${name} ClusterRole`);
  });

  test('flags roleRefs and subjects that resolve to nothing, and accepts declared external ones', () => {
    const docs = [
      binding({ kind: 'Role', name: 'ghost' }, [{ kind: 'ServiceAccount', name: 'nobody', namespace: NS }, { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }]),
      binding({ kind: 'ClusterRole', name: 'spark-reader' }, [{ kind: 'ServiceAccount', name: 'nobody', namespace: 'elsewhere' }], 'ClusterRoleBinding'),
    ];
    const v = lines(validateManifests(docs));
    expect(v).toContain('[rbac] RoleBinding/spark-driver at /roleRef: Role spark-jobs/ghost is neither in the output nor in externalRoles');
    expect(v).toContain('at /subjects/0: ServiceAccount spark-jobs/nobody is neither in the output nor in externalServiceAccounts');
    expect(v).toContain('[rbac] ClusterRoleBinding/spark-driver at /roleRef: ClusterRole spark-reader is neither in the output nor in externalRoles');
    expect(v).toContain('ServiceAccount elsewhere/nobody is neither in the output');
    expect(validateManifests(docs, {
      externalRoles: ['Role/spark-jobs/ghost', 'ClusterRole/spark-reader'],
      externalServiceAccounts: ['spark-jobs/nobody', 'elsewhere/nobody'],
    })).toEqual([]);
  });

  test('resolves roleRefs to Roles of the same namespace and ClusterRoles in the output', () => {
    const otherNs = { ...role([]), metadata: { name: 'spark-driver', namespace: 'other' } };
    expect(lines(validateManifests([SA, otherNs, binding({ kind: 'Role', name: 'spark-driver' }, [{ kind: 'ServiceAccount', name: 'spark' }])])))
      .toContain('Role spark-jobs/spark-driver is neither in the output');
    expect(validateManifests([SA, role([], 'ClusterRole'), binding({ kind: 'ClusterRole', name: 'spark-driver' }, [{ kind: 'ServiceAccount', name: 'spark' }])])).toEqual([]);
  });

  test('flags a ClusterRoleBinding to a Role and a subject without namespace', () => {
    const v = lines(validateManifests([SA, role([]), binding({ kind: 'Role', name: 'spark-driver' }, [{ kind: 'ServiceAccount', name: 'spark' }], 'ClusterRoleBinding')]));
    expect(v).toContain('a ClusterRoleBinding can only reference a ClusterRole');
    expect(v).toContain('at /subjects/0/namespace: ServiceAccount subject spark needs a namespace');
  });

  test('flags a pod that runs as a ServiceAccount that does not exist, including projected Spark pods', () => {
    expect(lines(validateManifests([sparkApp()]))).toContain('[rbac] SparkApplication/pi at [driver pod]/spec/serviceAccountName: ServiceAccount spark-jobs/spark is neither in the output nor in externalServiceAccounts');
    expect(lines(validateManifests([deployment((d) => d.spec.template.spec.serviceAccountName = 'web')]))).toContain('at /spec/template/spec/serviceAccountName: ServiceAccount spark-jobs/web');
    expect(validateManifests([sparkApp()], { externalServiceAccounts: ['spark-jobs/spark'] })).toEqual([]);
  });

  test('an account behind a typed reference (ServiceAccount.fromServiceAccountName) counts as external in any namespace, and only that name', () => {
    const app = new App();
    ServiceAccount.fromServiceAccountName(new Chart(app, 'refs'), 'Spark', 'spark');
    const options = withTypedReferences(app, {});
    expect(options.externalServiceAccounts).toEqual(['*/spark']);
    expect(validateManifests([sparkApp()], options)).toEqual([]);
    const other = sparkApp();
    other.spec.driver.serviceAccount = 'other';
    expect(lines(validateManifests([other], options))).toContain('[rbac] SparkApplication/pi at [driver pod]/spec/serviceAccountName: ServiceAccount spark-jobs/other is neither in the output nor in externalServiceAccounts');
  });

  test('the driver account of a job namespace declared as existing (SparkJobNamespace.fromNamespaceName) counts as external there, and only there', () => {
    const app = new App();
    const refs = new Chart(app, 'refs');
    SparkJobNamespace.fromNamespaceName(refs, 'Jobs', NS, 'spark');
    // A SparkJobNamespace creates its account, so it declares nothing external.
    new SparkJobNamespace(refs, 'Team', { namespace: 'team' });
    const options = withTypedReferences(app, {});
    expect(options.externalServiceAccounts).toEqual([`${NS}/spark`]);
    expect(validateManifests([sparkApp()], options)).toEqual([]);
    const elsewhere = sparkApp();
    elsewhere.metadata.namespace = 'team';
    expect(lines(validateManifests([elsewhere], options))).toContain('[rbac] SparkApplication/pi at [driver pod]/spec/serviceAccountName: ServiceAccount team/spark is neither in the output nor in externalServiceAccounts');
  });
});

describe('5. names and metadata', () => {
  test.each<[string, any, string]>([
    ['a missing name', { ...SA, metadata: { namespace: NS } }, 'at /metadata/name: metadata.name is missing'],
    ['a missing kind and apiVersion', { metadata: { name: 'x', namespace: NS } }, 'at /kind: kind is missing'],
    ['a name that is not a DNS-1123 subdomain', { ...SA, metadata: { name: 'Spark_SA', namespace: NS } }, '"Spark_SA" is not a DNS-1123 subdomain'],
    ['a name longer than 253', { ...SA, metadata: { name: 'a'.repeat(254), namespace: NS } }, 'is not a DNS-1123 subdomain'],
    ['a Service name that is not a DNS-1035 label', { apiVersion: 'v1', kind: 'Service', metadata: { name: '1svc', namespace: NS }, spec: { ports: [{ port: 80 }] } }, '"1svc" is not a DNS-1035 label of at most 63 characters'],
    ['a SparkApplication name with a dot', sparkApp((d) => d.metadata.name = 'spark.pi'), '"spark.pi" is not a DNS-1035 label'],
    ['a ScheduledSparkApplication name over 63', scheduled((d) => d.metadata.name = 'a'.repeat(64)), 'is not a DNS-1035 label of at most 63 characters'],
    ['a SparkConnect name over 56', sparkConnect((d) => d.metadata.name = 'a'.repeat(57)), 'is not a DNS-1035 label of at most 56 characters'],
    ['a missing namespace', { ...SA, metadata: { name: 'spark' } }, 'at /metadata/namespace: a namespaced object needs an explicit metadata.namespace'],
    ['the default namespace', { ...SA, metadata: { name: 'spark', namespace: 'default' } }, 'at /metadata/namespace: must not be the default namespace'],
    ['an invalid label value', { ...SA, metadata: { ...SA.metadata, labels: { team: 'data science' } } }, 'at /metadata/labels/team: label value "data science" must be empty or at most 63'],
    ['a label value over 63', { ...SA, metadata: { ...SA.metadata, labels: { team: 'a'.repeat(64) } } }, 'label value'],
    ['a non-string label value', { ...SA, metadata: { ...SA.metadata, labels: { replicas: 2 } } }, 'label value 2 must be a string'],
    ['an invalid label key prefix', { ...SA, metadata: { ...SA.metadata, labels: { 'Example.com/team': 'a' } } }, 'label key "Example.com/team": prefix must be a DNS-1123 subdomain'],
    ['an invalid annotation key', { ...SA, metadata: { ...SA.metadata, annotations: { 'bad key!': 'x' } } }, 'at /metadata/annotations/bad key!: annotation key "bad key!": name must be at most 63'],
    ['too many annotation bytes', { ...SA, metadata: { ...SA.metadata, annotations: { big: 'x'.repeat(262144) } } }, 'at /metadata/annotations: annotations total 262147 bytes, must be under 262144'],
    ['an invalid label in a pod template', deployment((d) => d.spec.template.metadata.labels = { 'app': 'web', 'a/b/c': 'x' }), 'at /spec/template/metadata/labels/a~1b~1c: label key "a/b/c"'],
    ['an invalid label in a Spark template', sparkApp((d) => d.spec.executor.template.metadata.labels = { v: '4.0.0 ' }), 'at /spec/executor/template/metadata/labels/v: label value'],
    ['an invalid label in a Spark role', sparkApp((d) => d.spec.driver.labels = { v: '-x' }), 'at /spec/driver/labels/v: label value "-x"'],
    ['a status', { ...SA, status: {} }, 'at /status: status must not be emitted'],
    ['a Secret with data', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: NS }, data: { a: 'Yg==' } }, '[names] Secret/s at /data: a Secret with data in the manifests'],
    ['a Secret with stringData', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: NS }, stringData: { a: 'b' } }, 'at /stringData: a Secret with stringData'],
    ['a caBundle', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: 'w' },
      webhooks: [{ name: 'a.b.c', admissionReviewVersions: ['v1'], sideEffects: 'None', clientConfig: { caBundle: 'LS0=', service: { name: 's', namespace: 'n' } } }],
    }, 'at /webhooks/0/clientConfig/caBundle: caBundle must not be emitted'],
  ])('flags %s', (_name, doc, message) => {
    expect(lines(validateManifests([SA, doc].filter((_d, i) => i === 1 || doc.kind !== 'ServiceAccount'), { externalServiceAccounts: ['spark-jobs/spark'] }))).toContain(message);
  });

  test('accepts the default namespace when allowed, cluster-scoped kinds without a namespace, and valid keys', () => {
    expect(validateManifests([{ ...SA, metadata: { name: 'spark', namespace: 'default', labels: { 'app.kubernetes.io/name': 'spark', 'empty': '' }, annotations: { 'example.com/note': 'any text at all!' } } }], { allowDefaultNamespace: true })).toEqual([]);
    expect(validateManifests([role([], 'ClusterRole'), { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'spark' }, value: 1000 }])).toEqual([]);
  });

  test('flags duplicate objects, and only the later one', () => {
    const v = validateManifests([SA, clone(SA), { ...clone(SA), metadata: { name: 'spark', namespace: 'other' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'spark', namespace: NS } }]);
    expect(lines(v)).toBe('[names] ServiceAccount/spark at /metadata/name: duplicates document 0 (same API group, kind, namespace and name)');
  });
});

describe('6. secrets in clear', () => {
  test.each<[string, any, string]>([
    ['a literal secret env', deployment((d) => d.spec.template.spec.containers[0].env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]), 'at /spec/template/spec/containers/0/env/0/value: env DB_PASSWORD holds a literal value'],
    ['a literal token env in a Spark template', sparkApp((d) => d.spec.driver.template.spec.containers[0].env = [{ name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', value: 't' }]), 'env SPARK_CONNECT_AUTHENTICATE_TOKEN holds a literal value'],
    ['a literal access key env on the driver spec', sparkApp((d) => d.spec.driver.env = [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'x' }]), 'at /spec/driver/env/0/value: env AWS_SECRET_ACCESS_KEY'],
    ['a literal secret in envVars', sparkApp((d) => d.spec.executor.envVars = { API_TOKEN: 'x' }), 'at /spec/executor/envVars/API_TOKEN: env API_TOKEN holds a literal value'],
    ['an AWS access key id', sparkApp((d) => d.spec.hadoopConf = { 'fs.s3a.endpoint': 'AKIAIOSFODNN7EXAMPLE' }), 'at /spec/hadoopConf/fs.s3a.endpoint: an AWS access key id in clear'],
    ['a secret hadoopConf key', sparkApp((d) => d.spec.hadoopConf = { 'fs.s3a.access.key': 'minio' }), 'hadoopConf key fs.s3a.access.key holds a literal value'],
    ['a secret sparkConf key', sparkApp((d) => d.spec.sparkConf = { 'spark.ssl.keyPassword': 'x' }), 'at /spec/sparkConf/spark.ssl.keyPassword: sparkConf key spark.ssl.keyPassword holds a literal value'],
    ['a secret sparkConf key in a ScheduledSparkApplication', scheduled((d) => d.spec.template.sparkConf = { 'spark.authenticate.secret': 'x' }), 'at /spec/template/sparkConf/spark.authenticate.secret'],
    ['a secret sparkConf key in a SparkConnect', sparkConnect((d) => d.spec.sparkConf = { 'spark.hadoop.fs.s3a.secret.key': 'x' }), 'at /spec/sparkConf/spark.hadoop.fs.s3a.secret.key'],
    ['a secret in a spark-defaults.conf ConfigMap', configMap({ 'spark-defaults.conf': 'spark.ui.enabled true\nspark.ssl.keyStorePassword changeit\n' }), 'at /data/spark-defaults.conf: conf key spark.ssl.keyStorePassword holds a literal value'],
    ['a secret key whose value only starts with a reference', sparkApp((d) => d.spec.sparkConf = { 'spark.ssl.keyPassword': '${env:SSL_PASSWORD}x' }), 'at /spec/sparkConf/spark.ssl.keyPassword: sparkConf key spark.ssl.keyPassword holds a literal value'],
    ['a secret key whose reference is not one Spark or Hadoop resolves', sparkApp((d) => d.spec.sparkConf = { 'spark.ssl.keyPassword': '$(SSL_PASSWORD)' }), 'at /spec/sparkConf/spark.ssl.keyPassword: sparkConf key spark.ssl.keyPassword holds a literal value'],
    ['a quoted literal in a SparkConnect (read as bash reads it)', sparkConnect((d) => d.spec.sparkConf = { 'spark.ssl.keyPassword': "'changeit'" }), 'at /spec/sparkConf/spark.ssl.keyPassword: sparkConf key spark.ssl.keyPassword holds a literal value'],
    ['a literal next to a reference in a spark-defaults.conf ConfigMap', configMap({ 'spark-defaults.conf': 'spark.ssl.keyStorePassword ${env:X} changeit\n' }), 'at /data/spark-defaults.conf: conf key spark.ssl.keyStorePassword holds a literal value'],
    ['a PEM key', configMap({ key: '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----' }), 'at /data/key: a PEM private key in clear'],
    ['a PEM key in an annotation', { ...SA, metadata: { ...SA.metadata, annotations: { k: '-----BEGIN PRIVATE KEY-----' } } }, 'at /metadata/annotations/k: a PEM private key in clear'],
  ])('flags %s', (_name, doc, message) => {
    expect(lines(validateManifests([SA, doc].filter((_d, i) => i === 1 || doc.kind !== 'ServiceAccount')))).toContain(message);
  });

  test('allows secret references, file/path/provider style keys, certificates and empty values', () => {
    const docs = [SA, sparkApp((d) => {
      d.spec.sparkConf = {
        'spark.kubernetes.driver.secretKeyRef.DB_PASSWORD': 'db:password',
        'spark.kubernetes.executor.secrets.spark-token': '/mnt/token',
        'spark.kubernetes.container.image.pullSecrets': 'registry,mirror',
        'spark.hadoop.fs.s3a.aws.credentials.provider': 'com.amazonaws.auth.WebIdentityTokenCredentialsProvider',
        'spark.ssl.keyStorePasswordFile': '/mnt/x',
        'spark.authenticate.secret.file': '/mnt/secret',
        'spark.authenticate.secret.driver.file': '/mnt/secret',
        'spark.hadoop.fs.s3a.server-side-encryption-algorithm': 'AES256',
        'spark.authenticate.enableSaslEncryption': 'false',
        'spark.ssl.tokenEnabled': 'true',
      };
      d.spec.driver.template.spec.containers[0].env = [
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' },
        { name: 'EMPTY_TOKEN', value: '' },
      ];
    }), configMap({ 'ca.crt': '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----', 'spark-defaults.conf': '# spark.ssl.keyPassword is mounted\nspark.ssl.keyStorePasswordFile /mnt/x\nspark.kubernetes.container.image.pullSecrets registry\n' })];
    expect(validateManifests(docs, { externalSecrets: ['spark-jobs/db'] })).toEqual([]);
  });

  test('allows a value that is exactly an env reference Spark (${env:NAME}) or Hadoop (${env.NAME}) resolves, as each backend writes it', () => {
    const docs = [SA,
      sparkApp((d) => d.spec.sparkConf = { 'spark.ssl.keyPassword': '${env:SSL_PASSWORD}' }),
      sparkApp((d) => {
        d.metadata.name = 'pi-hadoop';
        d.spec.hadoopConf = { 'fs.s3a.secret.key': '${env.S3_SECRET}' };
      }),
      sparkConnect((d) => d.spec.sparkConf = { 'spark.ssl.keyPassword': "'$${env:SSL_PASSWORD}'" }),
      configMap({ 'spark-defaults.conf': 'spark.ssl.keyStorePassword ${env:KEYSTORE_PASSWORD}\n' })];
    expect(lines(validateManifests(docs)).split('\n').filter(Boolean).filter((l) => l.startsWith('[secrets]') || /literal/.test(l))).toEqual([]);
  });
});

describe('7. determinism', () => {
  test('fails on a build that is not deterministic, naming the first differing line', () => {
    let counter = 0;
    expect(() => synthChartValid((chart: Chart) => {
      new ApiObject(chart, 'Sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'spark', labels: { build: `b${counter++}` } } });
    })).toThrow(/^\[determinism\] not deterministic: two fresh Apps synthesized different YAML; first difference at line \d+:\n- +build: b0\n\+ +build: b1$/);
  });

  test('fails on a build whose documents differ only in key order (cdk8s sorts keys unless CDK8S_DISABLE_SORT is set)', () => {
    let counter = 0;
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(() => synthChartValid((chart: Chart) => {
        const data = counter++ === 0 ? { a: 'x', b: 'y' } : { b: 'y', a: 'x' };
        new ApiObject(chart, 'Conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' }, data });
      })).toThrow(/^\[determinism\] not deterministic: two fresh Apps synthesized different YAML; first difference at line \d+:\n- +a: x\n\+ +b: "y"$/);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('cdk8s writes several documents as the YAML of each joined by ---, which lets the harness reuse a document\'s YAML', () => {
    const docs = [{ kind: 'A', a: [1, { b: 'x' }] }, undefined, { kind: 'B', s: 'multi\nline', n: null }, {}];
    expect(Yaml.stringify(...docs)).toBe(docs.map((d) => Yaml.stringify(d)).join('---\n'));
  });

  test('the documents synthValid validates are those the first App\'s YAML was written from, equal to every chart\'s toJson()', () => {
    const build = (app: App) => {
      const second = new Chart(app, 'second', { namespace: NS });
      const first = new Chart(app, 'first', { namespace: NS });
      second.addDependency(first);
      new ApiObject(first, 'Sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'spark' } });
      new ApiObject(second, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' }, data: { b: '2', a: '1' } });
    };
    const { app, yaml, docs } = synthYaml(build, () => new App());
    expect(docs).toEqual(app.charts.flatMap((chart) => chart.toJson()));
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'ConfigMap']);
    expect(yaml).toBe(Yaml.stringify(...docs));
    expect(synthValid(build)).toEqual(docs);
  });

  test('a cdk8s whose synthYaml returns other text than its documents\' YAML fails the harness, not the test\'s expectations', () => {
    const spy = jest.spyOn(App.prototype, 'synthYaml').mockImplementation(() => {
      Yaml.stringify({ kind: 'Written' });
      return 'kind: Returned\n';
    });
    try {
      expect(() => synthYaml(() => undefined, () => new App())).toThrow('[determinism] app.synthYaml() did not return the YAML of its documents');
    } finally {
      spy.mockRestore();
    }
  });

  test('temporary files of the suite go to the run\'s own directory, which the run removes (globalSetup, globalTeardown)', () => {
    const dir = process.env.CDK8S_SPARK_TEST_TMPDIR;
    expect(dir).toBeDefined();
    expect(path.basename(dir!)).toMatch(/^cdk8s-spark-test-/);
    expect(os.tmpdir()).toBe(dir);
    expect(fs.existsSync(dir!)).toBe(true);
    // A harness App writes nothing, and synthValid makes no directory per App (at most the one its Apps share). Counted as
    // the calls of this worker: the run's directory is shared with the other workers, which make theirs at the same time.
    const nodeFs: typeof fs = jest.requireActual('fs');
    const mkdtemp = jest.spyOn(nodeFs, 'mkdtempSync');
    try {
      synthChartValid((chart) => new ApiObject(chart, 'Sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'spark' } }));
      synthChartValid((chart) => new ApiObject(chart, 'Sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'spark' } }));
      expect(mkdtemp.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      mkdtemp.mockRestore();
    }
  });

  test('a CRD validator stored for later runs finds what the compiled one finds: required fields, int-or-string, int64 and date-time', () => {
    // A schema no earlier run stored (the title), so the registry compiles it here and stores it.
    const schema = {
      type: 'object',
      title: `stored-${process.pid}-${Date.now()}`,
      properties: {
        spec: {
          type: 'object',
          required: ['size'],
          properties: { size: { 'x-kubernetes-int-or-string': true }, count: { type: 'integer', format: 'int64' }, at: { type: 'string', format: 'date-time' } },
        },
      },
    };
    const file = storedValidatorFile(JSON.stringify(schema));
    expect(fs.existsSync(file)).toBe(false);
    const registry = new CrdRegistry();
    registry.add(testCrd('stored.example.com', 'Thing', [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }]));
    const compiled = registry.lookup('stored.example.com', 'v1', 'Thing')!.validate();
    try {
      expect(fs.existsSync(file)).toBe(true);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const stored = require(file);
      const docs = [
        { spec: { size: 1.5, count: 2 ** 63, at: 'yesterday' } },
        { spec: { count: 1 } },
        { spec: { size: '50%', count: 3, at: '2026-12-02T10:00:00Z' } },
        { spec: { size: 2 } },
      ];
      expect(docs.map((d) => compiled(d))).toEqual([false, false, true, true]);
      for (const doc of docs) {
        const valid = compiled(doc);
        const errors = compiled.errors;
        expect(stored(doc)).toBe(valid);
        expect(stored.errors).toEqual(errors);
      }
      stored(docs[0]);
      expect(stored.errors.map((e: any) => `${e.instancePath} ${e.keyword}`).sort()).toEqual(['/spec/at format', '/spec/count format', '/spec/size x-kubernetes-int-or-string']);
      // Another schema is stored under another name.
      expect(storedValidatorFile(JSON.stringify({ ...schema, title: 'other' }))).not.toBe(file);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  /** Runs `fn` counting the calls of cdk8s's YAML writer beneath the harness's reuse. */
  function countingYamlCalls(fn: (original: typeof Yaml.stringify) => void): () => number {
    const original = Yaml.stringify;
    let calls = 0;
    Yaml.stringify = (...docs: any[]) => {
      calls++;
      return original.apply(Yaml, docs);
    };
    try {
      fn(original);
    } finally {
      Yaml.stringify = original;
    }
    expect(Yaml.stringify).toBe(original);
    return () => calls;
  }

  test('a large document written in one check is not serialized again in the next; a changed one is', () => {
    const large = (value: string) => ({ kind: 'Large', items: Array.from({ length: 400 }, (_, i) => ({ name: `item-${i}`, value })) });
    const calls = countingYamlCalls((original) => {
      const first = withReusedYaml(() => Yaml.stringify(large('a'), { kind: 'Small' }));
      const second = withReusedYaml(() => Yaml.stringify(large('a'), { kind: 'Small' }));
      expect(second).toBe(first);
      const changed = withReusedYaml(() => Yaml.stringify(large('b')));
      expect(changed).toBe(original.call(Yaml, large('b')));
    });
    // large('a') and the small document once each in the first check, the small one again in the second, large('b') once.
    expect(calls()).toBe(4);
  });

  test('the YAML of the second App is reused only for documents equal as JSON (undefined and NaN included)', () => {
    expect(countingYamlCalls(() => {
      const same = withReusedYaml(() => [Yaml.stringify({ a: 1 }), Yaml.stringify({ a: 1 })]);
      expect(same[0]).toBe(same[1]);
    })()).toBe(1);
    expect(countingYamlCalls(() => {
      withReusedYaml(() => [Yaml.stringify({ a: NaN }), Yaml.stringify({ a: null }), Yaml.stringify({ a: undefined }), Yaml.stringify({})]);
    })()).toBe(4);
  });

  test('fails on a build that depends on Math.random', () => {
    expect(() => synthValid((app: App) => {
      const chart = new Chart(app, 'c', { namespace: NS });
      new ApiObject(chart, 'Sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'spark', annotations: { r: String(Math.random()) } } });
    })).toThrow('[determinism] not deterministic');
  });

  test('returns the validated documents of a deterministic build, and fails with every violation of an invalid one', () => {
    const docs = synthChartValid((chart) => {
      new ApiObject(chart, 'Sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'spark' } });
      new ApiObject(chart, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' }, data: { a: 'b' } });
    });
    expect(findObject(docs, 'ServiceAccount').metadata).toEqual({ name: 'spark', namespace: NS });
    expect(() => synthChartValid((chart) => {
      new ApiObject(chart, 'Sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'Spark' } });
    })).toThrow('1 violation(s):\n[names] ServiceAccount/Spark at /metadata/name: "Spark" is not a DNS-1123 subdomain');
  });

  test('flags an absolute path of the build machine in the output', () => {
    expect(lines(validateManifests([configMap({ file: `${process.cwd()}/examples/app.py` })]))).toContain('[determinism] ConfigMap/conf at /data/file: contains an absolute path of the build machine');
  });
});

describe('8. order', () => {
  test('flags a custom resource before its CRD and accepts the CRD first', () => {
    const crd = readCrd('sparkoperator.k8s.io_sparkapplications.json');
    expect(lines(validateManifests([SA, sparkApp(), crd]))).toContain('[order] SparkApplication/pi at : comes before the CustomResourceDefinition of sparkoperator.k8s.io (document 2); emit CRDs first');
    expect(validateManifests([crd, SA, sparkApp()])).toEqual([]);
  });
});

describe('9. runtime: what the cluster will do', () => {
  const submitJob = (pod: any, conf: string, args: string[] = []) => [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'pi-conf', namespace: NS },
      data: {
        'spark-defaults.conf': `spark.kubernetes.executor.podTemplateFile /etc/spark/conf/executor.json\n${conf}`,
        'executor.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', ...pod }),
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: NS },
      spec: {
        template: {
          spec: {
            ...pod.spec,
            restartPolicy: 'Never',
            containers: [{
              ...container('spark-submit'),
              command: ['/opt/spark/bin/spark-submit'],
              args: ['--properties-file', '/etc/spark/conf/spark-defaults.conf', ...args],
              volumeMounts: [{ name: 'conf', mountPath: '/etc/spark/conf' }],
            }],
            volumes: [{ name: 'conf', configMap: { name: 'pi-conf' } }],
          },
        },
      },
    },
  ];
  const executor = () => {
    const t = template('spark-kubernetes-executor');
    t.spec.volumes = [{ name: 'spark-local-dir-1', emptyDir: {} }];
    t.spec.containers[0].volumeMounts = [{ name: 'spark-local-dir-1', mountPath: '/var/data/spark-local-dir-1' }];
    return t;
  };
  const runtime = (docs: any[], options = {}) => validateManifests(docs, options).filter((v) => v.rule === 'runtime').map((v) => `${v.object} at ${v.path}: ${v.message}`);

  test('a healthy spark-submit Job and its executor template pass', () => {
    expect(runtime(submitJob(executor(), ''))).toEqual([]);
  });

  test('flags a volume Spark adds from the configuration under a name the template already uses', () => {
    const conf = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.claimName OnDemand\nspark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.mount.path /data';
    expect(runtime(submitJob(executor(), conf))).toEqual([
      'Job/pi at [executor pod]/spec/volumes/2: two volumes are named "spark-local-dir-1"; the API server rejects the pod',
    ]);
  });

  test('flags two mounts at one path (a trailing slash is the same path) and a mount of a missing volume', () => {
    const t = executor();
    t.spec.containers[0].volumeMounts.push({ name: 'spark-local-dir-1', mountPath: '/var/data/spark-local-dir-1/' }, { name: 'nope', mountPath: '/nope' });
    expect(runtime(submitJob(t, ''))).toEqual([
      'Job/pi at [executor pod]/spec/containers/0/volumeMounts/1: two mounts at /var/data/spark-local-dir-1; the API server rejects the pod',
      'Job/pi at [executor pod]/spec/containers/0/volumeMounts/2: mounts the volume "nope", which the pod does not have',
    ]);
  });

  test('flags a port Spark adds to the driver that the template declares again', () => {
    const app = sparkApp((d) => d.spec.driver.template.spec.containers[0].ports = [{ name: 'ui', containerPort: 4040 }]);
    expect(runtime([SA, app])).toEqual(['SparkApplication/pi at [driver pod]/spec/containers/0/ports/3: port 4040 is declared twice']);
  });

  test('flags a Secret expanded onto a command line, by its source or its name, and secret material in args', () => {
    const job = submitJob(executor(), '', ['--conf', 'spark.authenticate.secret=$(AUTH)', 'x=$(DB_PASSWORD)', '$$(API_TOKEN)', 'https://u:p@host/']);
    (job[1] as any).spec.template.spec.containers[0].env = [{ name: 'AUTH', valueFrom: { secretKeyRef: { name: 'auth', key: 'secret' } } }];
    expect(runtime([...job, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'auth', namespace: NS }, data: { secret: 'eA==' } }])).toEqual([
      'Job/pi at /spec/template/spec/containers/0/args/3: expands $(AUTH), a Secret\'s value, onto the command line, where every process on the node can read it',
      'Job/pi at /spec/template/spec/containers/0/args/4: expands $(DB_PASSWORD) onto the command line, where every process on the node can read it',
      'Job/pi at /spec/template/spec/containers/0/args/6: holds secret material on the command line',
    ]);
  });

  test('flags ConfigMaps, Secrets, keys and claims a pod needs that are neither in the output nor declared external', () => {
    const d = deployment((x) => {
      const spec = x.spec.template.spec;
      spec.volumes = [{ name: 'a', configMap: { name: 'settings' } }, { name: 'b', persistentVolumeClaim: { claimName: 'data' } }, { name: 'c', secret: { secretName: 'opt', optional: true } }];
      spec.containers[0].volumeMounts = [{ name: 'a', mountPath: '/a' }, { name: 'b', mountPath: '/b' }, { name: 'c', mountPath: '/c' }];
      spec.containers[0].env = [{ name: 'K', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }];
      spec.imagePullSecrets = [{ name: 'registry' }];
    });
    const db = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: NS }, data: { user: 'eA==' } };
    expect(runtime([d, db])).toEqual([
      'Deployment/web at /spec/template/spec/volumes/0: ConfigMap spark-jobs/settings is neither in the output nor declared external',
      'Deployment/web at /spec/template/spec/volumes/1: PersistentVolumeClaim spark-jobs/data is neither in the output nor declared external',
      'Deployment/web at /spec/template/spec/imagePullSecrets/0: Secret spark-jobs/registry is neither in the output nor declared external',
      'Deployment/web at /spec/template/spec/containers/0/env/0: Secret spark-jobs/db has no key "password"',
    ]);
    expect(runtime([d, db], { externalConfigMaps: ['spark-jobs/settings'], externalPersistentVolumeClaims: ['*/data'], externalSecrets: ['spark-jobs/registry'] }))
      .toEqual(['Deployment/web at /spec/template/spec/containers/0/env/0: Secret spark-jobs/db has no key "password"']);
  });

  test('typed references in the app (Secret.fromSecretName) count as declared external', () => {
    expect(() => synthChartValid((chart) => {
      const secret = { name: 'registry' };
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const kplus = require('cdk8s-plus-28');
      kplus.Secret.fromSecretName(chart, 'Registry', secret.name);
      new ApiObject(chart, 'Web', deployment((x) => x.spec.template.spec.imagePullSecrets = [{ name: 'registry' }]));
    })).not.toThrow();
    expect(() => synthChartValid((chart) => {
      new ApiObject(chart, 'Web', deployment((x) => x.spec.template.spec.imagePullSecrets = [{ name: 'registry' }]));
    })).toThrow('[runtime] Deployment/web at /spec/template/spec/imagePullSecrets/0: Secret spark-jobs/registry is neither in the output nor declared external');
  });

  /** A Deployment running `argv`, with emptyDirs at `dirs` (by default where spark-daemon.sh writes). */
  const daemon = (argv: string[], dirs = ['/opt/spark/logs', '/tmp'], mutate: (spec: any) => void = () => undefined) => deployment((x) => {
    const spec = x.spec.template.spec;
    spec.containers[0].command = argv;
    spec.volumes = dirs.map((_dir, i) => ({ name: `dir-${i}`, emptyDir: {} }));
    spec.containers[0].volumeMounts = dirs.map((dir, i) => ({ name: `dir-${i}`, mountPath: dir }));
    mutate(spec);
  });

  test('flags a daemon whose PID 1 is a start script, not the JVM', () => {
    expect(runtime([daemon(['/opt/spark/sbin/start-master.sh'])])).toEqual([
      'Deployment/web at /spec/template/spec/containers/0/command: runs /opt/spark/sbin/start-master.sh as PID 1: its bash ignores SIGTERM, so the JVM is killed without a clean stop; run the JVM itself (spark-class) or put tini in front',
    ]);
    expect(runtime([daemon(['/usr/bin/tini', '-g', '--', '/opt/spark/sbin/start-master.sh'])])).toEqual([]);
    // Without a command, the Spark images' entrypoint execs the args.
    expect(runtime([daemon([], undefined, (spec) => {
      delete spec.containers[0].command;
      spec.containers[0].args = ['/opt/spark/sbin/start-master.sh'];
    })])).toEqual([
      'Deployment/web at /spec/template/spec/containers/0/command: runs /opt/spark/sbin/start-master.sh as PID 1: its bash ignores SIGTERM, so the JVM is killed without a clean stop; run the JVM itself (spark-class) or put tini in front',
    ]);
  });

  test('flags a daemon whose start script runs under `bash -c`, which stays PID 1', () => {
    const script = '/opt/spark/sbin/start-master.sh && while /opt/spark/sbin/spark-daemon.sh status org.apache.spark.deploy.master.Master 1; do sleep 1; done';
    const message = 'runs /opt/spark/sbin/start-master.sh under `bash -c`, which stays PID 1 and ignores SIGTERM, so the JVM is killed without a clean stop; run the JVM itself (spark-class) or put tini in front';
    expect(runtime([daemon(['bash', '-c', script])])).toEqual([`Deployment/web at /spec/template/spec/containers/0/command: ${message}`]);
    expect(runtime([daemon(['/bin/sh'], undefined, (spec) => spec.containers[0].args = ['-c', script])])).toEqual([`Deployment/web at /spec/template/spec/containers/0/command: ${message.replace('`bash -c`', '`/bin/sh -c`')}`]);
    expect(runtime([daemon(['/usr/bin/tini', '--', 'bash', '-c', script])])).toEqual([]);
    expect(runtime([daemon(['bash', '-c', 'exec /opt/spark/bin/spark-class org.apache.spark.deploy.master.Master'], [])])).toEqual([]);
  });

  test('a pod that asks for no graceful stop (terminationGracePeriodSeconds 0, as the Apache operator\'s SparkCluster pods) is not flagged for the PID 1 that would get SIGTERM', () => {
    expect(runtime([daemon(['/opt/spark/sbin/start-master.sh'], undefined, (spec) => spec.terminationGracePeriodSeconds = 0)])).toEqual([]);
    expect(runtime([daemon(['/opt/spark/sbin/start-master.sh'], undefined, (spec) => spec.terminationGracePeriodSeconds = 30)])).toHaveLength(1);
  });

  test('flags a standalone daemon with a read-only root and nothing writable where it writes', () => {
    const at = 'Deployment/web at /spec/template/spec/containers/0/volumeMounts: container main: the root filesystem is read-only and nothing writable is mounted at';
    // Through spark-daemon.sh: the log and pid directories, defaults or from the environment.
    expect(runtime([daemon(['/usr/bin/tini', '--', '/opt/spark/sbin/start-master.sh'], ['/opt/spark'])])).toEqual([
      `${at} /tmp (SPARK_PID_DIR, where spark-daemon.sh writes the pid file); mount an emptyDir there`,
    ]);
    expect(runtime([daemon(['/usr/bin/tini', '--', '/opt/spark/sbin/start-master.sh'], ['/var/log/spark', '/run/spark'], (spec) => {
      spec.containers[0].env = [{ name: 'SPARK_LOG_DIR', value: '/var/log/spark' }, { name: 'SPARK_PID_DIR', value: '/run/spark/' }];
    })])).toEqual([]);
    // A worker run as the JVM itself: its work and local directories, with SPARK_HOME moved.
    const worker = ['/opt/spark/bin/spark-class', 'org.apache.spark.deploy.worker.Worker'];
    expect(runtime([daemon(worker, ['/tmp'], (spec) => spec.containers[0].env = [{ name: 'SPARK_HOME', value: '/spark' }])])).toEqual([
      `${at} /spark/work (the worker directory (SPARK_WORKER_DIR), where the executors' output goes); mount an emptyDir there`,
    ]);
    expect(runtime([daemon(worker, ['/opt/spark/work-dir', '/data'], (spec) => {
      spec.containers[0].env = [{ name: 'SPARK_WORKER_DIR', value: '/opt/spark/work-dir' }, { name: 'SPARK_LOCAL_DIRS', value: '/data/a,/data/b' }];
    })])).toEqual([]);
    // Mounts the kubelet makes read-only do not count; a writable root needs none.
    expect(runtime([daemon(worker, ['/opt/spark/work', '/tmp'], (spec) => {
      spec.volumes[0] = { name: 'dir-0', secret: { secretName: 'x', optional: true } };
      spec.containers[0].volumeMounts[1].readOnly = true;
    })])).toEqual([
      `${at} /opt/spark/work (the worker directory (SPARK_WORKER_DIR), where the executors' output goes); mount an emptyDir there`,
      `${at} /tmp (a local directory (SPARK_LOCAL_DIRS), where the executors' shuffle and spill files go); mount an emptyDir there`,
    ]);
    expect(runtime([daemon(worker, [], (spec) => spec.containers[0].securityContext.readOnlyRootFilesystem = false)])).toEqual([]);
  });

  test('flags a workload that sets replicas next to the autoscaler that owns them', () => {
    const d = deployment((x) => x.spec.replicas = 3);
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: NS },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3 },
    };
    expect(runtime([d, hpa])).toEqual(['HorizontalPodAutoscaler/web at /spec/scaleTargetRef: scales Deployment/web, which sets spec.replicas: every apply resets the autoscaler']);
    delete d.spec.replicas;
    expect(runtime([d, hpa])).toEqual([]);
  });

  test('flags a literal secret in a spark-defaults.conf ConfigMap', () => {
    expect(runtime([configMap({ 'spark-defaults.conf': 'spark.authenticate.secret hunter2\n' })]))
      .toEqual(['ConfigMap/conf at /data/spark-defaults.conf: spark.authenticate.secret holds a literal secret in a ConfigMap']);
  });
});

describe('expectValid and the finders', () => {
  test('expectValid lists every violation, one per line', () => {
    expect(() => expectValid([deployment((d) => {
      d.spec.template.spec.hostNetwork = true;
      d.metadata.namespace = 'default';
    })])).toThrow(new Error([
      '2 violation(s):',
      '[pod-security] Deployment/web at /spec/template/spec/hostNetwork: hostNetwork is forbidden (baseline)',
      '[names] Deployment/web at /metadata/namespace: must not be the default namespace',
    ].join('\n')));
  });

  test('findObject finds by kind and name, and fails when none or several match', () => {
    const docs = [SA, { ...SA, metadata: { name: 'other', namespace: NS } }, deployment()];
    expect(findObject(docs, 'Deployment').metadata.name).toBe('web');
    expect(findObject(docs, 'ServiceAccount', 'other').metadata.name).toBe('other');
    expect(findObjects(docs, 'ServiceAccount')).toHaveLength(2);
    expect(() => findObject(docs, 'ServiceAccount')).toThrow('expected exactly one ServiceAccount, found 2 (ServiceAccounts: spark-jobs/spark, spark-jobs/other)');
    expect(() => findObject(docs, 'Role')).toThrow('expected exactly one Role, found 0');
    expect(() => findObject(docs, 'ServiceAccount', 'nope')).toThrow('expected exactly one ServiceAccount named nope, found 0');
  });
});

const UPSTREAM = sharedPath('upstream', 'kubeflow-spark-operator', 'examples');

needsShared(UPSTREAM, 'the harness on the upstream Kubeflow examples').describe('the harness on the upstream Kubeflow Spark Operator examples', () => {
  // The examples run in the operator's namespace and mount a ConfigMap they do not ship (test-configmap).
  const OPTIONS = { allowDefaultNamespace: true, externalServiceAccounts: ['default/spark-operator-spark'], externalConfigMaps: ['default/test-configmap'] };
  const load = (file: string) => YAML.parseAllDocuments(fs.readFileSync(path.join(UPSTREAM, file), 'utf-8')).map((d) => d.toJS()).filter((d) => d);
  const check = (file: string) => validateManifests(load(file), OPTIONS);
  const READ_ONLY_ROOT_ONLY = ['spark-pi.yaml', 'spark-pi-configmap.yaml', 'spark-pi-custom-resource.yaml', 'spark-pi-dynamic-allocation.yaml', 'spark-pi-emptydir.yaml',
    'spark-pi-kube-scheduler.yaml', 'spark-pi-python.yaml', 'spark-pi-scheduled.yaml', 'spark-pi-ttl.yaml', 'spark-pi-volcano.yaml', 'spark-pi-yunikorn.yaml'];

  test.each(READ_ONLY_ROOT_ONLY)('%s passes the CRD schema (nothing pruned) and every rule but readOnlyRootFilesystem', (file) => {
    const v = check(file);
    expect(v.map((x) => `${x.rule} ${x.path}`).sort()).toEqual([
      'pod-security [driver pod]/spec/containers/0/securityContext/readOnlyRootFilesystem',
      'pod-security [executor pod]/spec/containers/0/securityContext/readOnlyRootFilesystem',
    ]);
  });

  test('spark-pi.yaml projects restricted pods from the webhook-applied securityContext', () => {
    const [driver, executor] = projectSparkPods(findObject(load('spark-pi.yaml'), 'SparkApplication'));
    expect(driver.pod.spec.containers[0]).toMatchObject({
      image: 'docker.io/apache/spark:4.0.4',
      securityContext: { runAsUser: 185, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      resources: { requests: { cpu: '1', memory: '896Mi' }, limits: { memory: '896Mi' } },
    });
    expect(executor.pod.spec.serviceAccountName).toBe('spark-operator-spark');
  });

  test('spark-pi-pod-template.yaml: the hardening sits in the pod-level securityContext where it does not exist, so it is lost', () => {
    const v = lines(check('spark-pi-pod-template.yaml'));
    for (const sparkRole of ['driver', 'executor']) {
      expect(v).toContain(`[k8s-schema] SparkApplication/spark-pi-pod-template at /spec/${sparkRole}/template/spec/securityContext/capabilities: unknown field: not a field of PodTemplateSpec`);
      expect(v).toContain(`[k8s-schema] SparkApplication/spark-pi-pod-template at /spec/${sparkRole}/template/spec/securityContext/allowPrivilegeEscalation: unknown field: not a field of PodTemplateSpec`);
      expect(v).toContain(`at [${sparkRole} pod]/spec/containers/0/securityContext/allowPrivilegeEscalation: container spark-kubernetes-${sparkRole}: allowPrivilegeEscalation must be false`);
      expect(v).toContain(`at [${sparkRole} pod]/spec/containers/0/securityContext/capabilities/drop: container spark-kubernetes-${sparkRole}: capabilities.drop must contain ALL`);
      expect(v).toContain(`at [${sparkRole} pod]/spec/containers/0/securityContext/readOnlyRootFilesystem`);
    }
    expect(v).toContain('[names] Secret/test-secret at /stringData: a Secret with stringData in the manifests');
    expect(v).toContain('[names] Secret/test-secret-2 at /stringData');
    // The driver's account is only in its template, so the executors fall back to `default`.
    expect(v).toContain('[pod-security] SparkApplication/spark-pi-pod-template at [executor pod]/spec/serviceAccountName: mounts a service-account token');
    expect(v).not.toContain('[crd-schema]');
    // The template's memory request (512Mi) is overridden by Spark: memory + overhead on both.
    expect(v).not.toContain('memory request');
  });

  test('sparkconnect__spark-connect.yaml: the same misplaced hardening in server.template and executor.template', () => {
    const v = lines(check('sparkconnect__spark-connect.yaml'));
    for (const sparkRole of ['server', 'executor']) {
      expect(v).toContain(`[k8s-schema] SparkConnect/spark-connect at /spec/${sparkRole}/template/spec/securityContext/capabilities: unknown field: not a field of PodTemplateSpec`);
      expect(v).toContain(`at [${sparkRole} pod]/spec/containers/0/securityContext/allowPrivilegeEscalation`);
    }
    expect(v).toContain('[pod-security] SparkConnect/spark-connect at [executor pod]/spec/serviceAccountName: mounts a service-account token');
    expect(v).not.toContain('[crd-schema]');
    expect(v).not.toContain('[rbac]');
  });

  test('spark-pi-prometheus.yaml: the unquoted {IMAGE_REGISTRY} placeholder parses as a map, which the CRD rejects and prunes', () => {
    const v = lines(check('spark-pi-prometheus.yaml'));
    expect(v).toContain('[crd-schema] SparkApplication/spark-pi at /spec/image: must be string');
    expect(v).toContain('[crd-schema] SparkApplication/spark-pi at /spec/image/IMAGE_REGISTRY: unknown field: the API server would prune it');
    expect(v).toContain('at [driver pod]/spec/containers/0/image: container spark-kubernetes-driver: has no image');
  });

  test('spark-pi-prometheus-servlet.yaml: no namespace', () => {
    expect(lines(check('spark-pi-prometheus-servlet.yaml'))).toContain('[names] SparkApplication/spark-pi-python at /metadata/namespace: a namespaced object needs an explicit metadata.namespace');
  });

  test('every upstream example is covered by one of the tests above', () => {
    const covered = [...READ_ONLY_ROOT_ONLY, 'spark-pi-pod-template.yaml', 'sparkconnect__spark-connect.yaml', 'spark-pi-prometheus.yaml', 'spark-pi-prometheus-servlet.yaml'];
    expect(fs.readdirSync(UPSTREAM).filter((f) => f.endsWith('.yaml')).sort()).toEqual(covered.sort());
  });
});
