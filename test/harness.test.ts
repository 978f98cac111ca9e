import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { expectValid, projectSparkPods, synthChartValid, validateManifests, Violation } from './harness';

/** A valid, hardened pod template. */
function goodTemplate(): any {
  return {
    metadata: { labels: { app: 'web' } },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'main',
        image: 'apache/spark:4.0.4',
        imagePullPolicy: 'IfNotPresent',
        resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      }],
    },
  };
}

function deployment(mutate: (d: any) => void = () => undefined): any {
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'spark-jobs' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: goodTemplate() },
  };
  mutate(d);
  return d;
}

function sparkApp(mutate: (d: any) => void = () => undefined): any {
  const d = {
    apiVersion: 'sparkoperator.k8s.io/v1beta2',
    kind: 'SparkApplication',
    metadata: { name: 'pi', namespace: 'spark-jobs' },
    spec: {
      type: 'Scala',
      mode: 'cluster',
      sparkVersion: '4.0.4',
      image: 'apache/spark:4.0.4',
      imagePullPolicy: 'IfNotPresent',
      mainClass: 'org.apache.spark.examples.SparkPi',
      mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples.jar',
      driver: { cores: 1, memory: '1g', serviceAccount: 'spark', template: { spec: { ...goodTemplate().spec, automountServiceAccountToken: true, serviceAccountName: 'spark', containers: [{ ...goodTemplate().spec.containers[0], name: 'spark-kubernetes-driver' }] } } },
      executor: { cores: 1, memory: '1g', instances: 1, template: { spec: { ...goodTemplate().spec, containers: [{ ...goodTemplate().spec.containers[0], name: 'spark-kubernetes-executor' }] } } },
    },
  };
  mutate(d);
  return d;
}

const SA = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'spark', namespace: 'spark-jobs' } };

function messages(violations: Violation[]): string {
  return violations.map((v) => `[${v.rule}] ${v.path} ${v.message}`).join('\n');
}

describe('harness', () => {
  test('passes good documents', () => {
    expect(validateManifests([deployment(), SA, sparkApp()])).toEqual([]);
  });

  describe('1. CRD schema, unknown fields as errors', () => {
    test('flags a misspelled field the API server would prune', () => {
      const v = validateManifests([SA, sparkApp((d) => d.spec.driver.securityContxt = {})]);
      expect(messages(v)).toContain('[crd-schema] /spec/driver/securityContxt unknown field: the API server would prune it');
    });

    test('flags a wrong type and a value below the CRD minimum', () => {
      const v = validateManifests([SA, sparkApp((d) => {
        d.spec.executor.instances = 'two';
        d.spec.restartPolicy = { type: 'OnFailure', onFailureRetries: -1 };
      })]);
      expect(messages(v)).toContain('/spec/executor/instances must be integer');
      expect(messages(v)).toContain('/spec/restartPolicy/onFailureRetries must be >= 0');
    });

    test('flags a missing required field and a bad enum', () => {
      const v = validateManifests([SA, sparkApp((d) => {
        delete d.spec.mainApplicationFile;
        d.spec.mode = 'in-cluster-client';
      })]);
      expect(messages(v)).toContain('must have required property \'mainApplicationFile\'');
      expect(messages(v)).toContain('/spec/mode must be equal to one of the allowed values');
    });

    test('flags a kind it has no schema for', () => {
      const v = validateManifests([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'spark-jobs' } }]);
      expect(messages(v)).toContain('no schema known for example.com/v1 Widget');
    });
  });

  describe('2. Kubernetes schema of built-in kinds, closed world', () => {
    test('flags a wrong type', () => {
      expect(messages(validateManifests([deployment((d) => d.spec.replicas = 'two')]))).toContain('must be integer');
    });

    test('flags an unknown field of the kind and of its pod template', () => {
      const v = messages(validateManifests([deployment((d) => {
        d.spec.replicaz = 2;
        d.spec.template.spec.containers[0].securityContext.runAsNonroot = true;
      })]));
      expect(v).toContain('/spec/replicaz is not a field of Deployment');
      expect(v).toContain('/spec/template/spec/containers/0/securityContext/runAsNonroot is not a field of PodTemplateSpec');
    });

    test('checks the schemaless templates inside a SparkApplication as closed PodTemplateSpecs', () => {
      const v = messages(validateManifests([SA, sparkApp((d) => d.spec.driver.template.spec.securityContext.capabilities = { drop: ['ALL'] })]));
      expect(v).toContain('/spec/driver/template/spec/securityContext/capabilities is not a field of PodTemplateSpec (a real Pod drops it)');
    });
  });

  describe('3. restricted pods', () => {
    test.each<[string, (t: any) => void, string]>([
      ['hostNetwork', (t) => t.spec.hostNetwork = true, 'hostNetwork is forbidden'],
      ['a hostPath volume', (t) => t.spec.volumes = [{ name: 'h', hostPath: { path: '/' } }], 'volume type hostPath is not allowed'],
      ['a privileged container', (t) => t.spec.containers[0].securityContext.privileged = true, 'privileged is forbidden'],
      ['privilege escalation left unset', (t) => delete t.spec.containers[0].securityContext.allowPrivilegeEscalation, 'allowPrivilegeEscalation must be false'],
      ['capabilities not dropped', (t) => delete t.spec.containers[0].securityContext.capabilities, 'capabilities must drop ALL'],
      ['an added capability', (t) => t.spec.containers[0].securityContext.capabilities.add = ['NET_ADMIN'], 'may only add NET_BIND_SERVICE'],
      ['runAsNonRoot missing', (t) => delete t.spec.securityContext.runAsNonRoot, 'runAsNonRoot must be true'],
      ['no numeric runAsUser', (t) => delete t.spec.securityContext.runAsUser, 'needs a numeric non-zero runAsUser'],
      ['runAsUser 0', (t) => t.spec.containers[0].securityContext.runAsUser = 0, 'needs a numeric non-zero runAsUser'],
      ['no seccomp profile', (t) => delete t.spec.securityContext.seccompProfile, 'seccompProfile must be RuntimeDefault or Localhost'],
      ['a writable root filesystem', (t) => t.spec.containers[0].securityContext.readOnlyRootFilesystem = false, 'readOnlyRootFilesystem must be true'],
      ['an unsafe sysctl', (t) => t.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }], 'sysctl kernel.msgmax is not safe'],
      ['no CPU request', (t) => delete t.spec.containers[0].resources.requests.cpu, 'needs a CPU request'],
      ['memory request below limit', (t) => t.spec.containers[0].resources.requests.memory = '512Mi', 'needs a memory limit equal to its memory request'],
      ['the latest tag', (t) => t.spec.containers[0].image = 'apache/spark:latest', 'must pin a tag other than latest'],
      ['no pull policy', (t) => delete t.spec.containers[0].imagePullPolicy, 'imagePullPolicy must be set explicitly'],
      ['duplicate env', (t) => t.spec.containers[0].env = [{ name: 'A', value: '1' }, { name: 'A', value: '2' }], 'duplicate env A'],
      ['a long port name', (t) => t.spec.containers[0].ports = [{ name: 'spark-connect-grpc', containerPort: 15002 }], 'port name spark-connect-grpc is not an IANA_SVC_NAME'],
      ['a token without a dedicated account', (t) => t.spec.automountServiceAccountToken = true, 'mounts a service-account token but names no dedicated serviceAccountName'],
    ])('flags %s', (_name, mutate, message) => {
      expect(messages(validateManifests([deployment((d) => mutate(d.spec.template))]))).toContain(message);
    });

    test('accepts a writable root filesystem that is annotated', () => {
      const d = deployment((x) => {
        x.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
        x.spec.template.metadata.annotations = { 'spark.cdk8s.io/writable-root-filesystem': 'legacy image' };
      });
      expect(validateManifests([d])).toEqual([]);
    });

    test('projects the driver and executor pods with what the operator and Spark add', () => {
      const [driver, executor] = projectSparkPods(sparkApp((d) => {
        d.spec.executor.memory = '4g';
        d.spec.executor.coreRequest = '500m';
      }));
      expect(driver.pod.spec.containers[0]).toMatchObject({ name: 'spark-kubernetes-driver', image: 'apache/spark:4.0.4', resources: { requests: { cpu: '1', memory: '1408Mi' }, limits: { memory: '1408Mi' } } });
      expect(executor.pod.spec.containers[0].resources).toEqual({ requests: { cpu: '500m', memory: '4505Mi' }, limits: { memory: '4505Mi' } });
      expect(executor.pod.spec.serviceAccountName).toBe('spark');
    });

    test('flags what the webhook would apply from the driver spec', () => {
      const v = messages(validateManifests([SA, sparkApp((d) => {
        d.spec.driver.sidecars = [{ name: 'debug', image: 'busybox:1.37', imagePullPolicy: 'IfNotPresent', securityContext: { privileged: true } }];
        d.spec.executor.hostNetwork = true;
      })]));
      expect(v).toContain('[pod-security] [driver pod]/spec/containers[debug] privileged is forbidden');
      expect(v).toContain('[pod-security] [executor pod]/spec/hostNetwork hostNetwork is forbidden');
    });

    test('flags Spark pods without a template: no numeric user, writable root', () => {
      const v = messages(validateManifests([SA, sparkApp((d) => delete d.spec.executor.template)]));
      expect(v).toContain('[executor pod]/spec/containers[spark-kubernetes-executor] needs a numeric non-zero runAsUser');
      expect(v).toContain('[executor pod]/spec/containers[spark-kubernetes-executor] readOnlyRootFilesystem must be true');
    });
  });

  describe('4. RBAC', () => {
    const role = (rules: any[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'spark-jobs' }, rules });
    test.each<[string, any[], string]>([
      ['a wildcard', [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }], 'wildcard in resources'],
      ['a wildcard verb', [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }], 'wildcard in verbs'],
      ['secret reads', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }], 'reads secrets without resourceNames'],
      ['escalate', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] }], 'grants escalate'],
      ['bind', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind'] }], 'grants bind'],
      ['impersonate', [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] }], 'grants impersonate'],
      ['pods/exec', [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }], 'grants pods/exec'],
    ])('flags %s', (_name, rules, message) => {
      expect(messages(validateManifests([role(rules)]))).toContain(message);
    });

    test('allows name-scoped secret access', () => {
      expect(validateManifests([role([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'update'], resourceNames: ['webhook-certs'] }])])).toEqual([]);
    });

    test('flags bindings to admin roles and to objects that do not exist', () => {
      const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'spark-jobs' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'ServiceAccount', name: 'ghost', namespace: 'spark-jobs' }] };
      const v = messages(validateManifests([binding]));
      expect(v).toContain('binds the built-in edit ClusterRole');
      expect(v).toContain('ServiceAccount spark-jobs/ghost is not in the output');
    });
  });

  describe('5. names and metadata', () => {
    test.each<[string, any, string]>([
      ['a CR name that is not a DNS-1035 label', sparkApp((d) => d.metadata.name = '1pi'), '1pi is not a DNS-1035 label'],
      ['a missing namespace', { ...SA, metadata: { name: 'spark' } }, 'a namespaced object needs an explicit namespace'],
      ['the default namespace', { ...SA, metadata: { name: 'spark', namespace: 'default' } }, 'must not be the default namespace'],
      ['an invalid label value', { ...SA, metadata: { ...SA.metadata, labels: { team: 'data science' } } }, 'is not a label value'],
      ['an invalid annotation key', { ...SA, metadata: { ...SA.metadata, annotations: { 'bad key!': 'x' } } }, 'key bad key! has an invalid name'],
      ['a status', { ...SA, status: {} }, 'status must not be emitted'],
      ['a caBundle', { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'w' }, webhooks: [{ name: 'a.b.c', admissionReviewVersions: ['v1'], sideEffects: 'None', clientConfig: { caBundle: 'LS0=', service: { name: 's', namespace: 'n' } } }] }, 'caBundle must not be emitted'],
    ])('flags %s', (_name, doc, message) => {
      expect(messages(validateManifests([doc]))).toContain(message);
    });

    test('flags duplicate objects', () => {
      expect(messages(validateManifests([SA, SA]))).toContain('duplicates document 0');
    });
  });

  describe('secrets in clear', () => {
    test.each<[string, any, string]>([
      ['a literal secret env', deployment((d) => d.spec.template.spec.containers[0].env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]), 'env DB_PASSWORD holds a literal secret'],
      ['an access key', sparkApp((d) => d.spec.hadoopConf = { 'fs.s3a.access.key': 'AKIAIOSFODNN7EXAMPLE' }), 'an AWS access key id in clear'],
      ['a secret sparkConf key', sparkApp((d) => d.spec.sparkConf = { 'spark.ssl.keyPassword': 'x' }), 'sparkConf key spark.ssl.keyPassword holds a literal secret'],
      ['a PEM key', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'spark-jobs' }, data: { key: '-----BEGIN RSA PRIVATE KEY-----\nabc' } }, 'a PEM private key in clear'],
    ])('flags %s', (_name, doc, message) => {
      expect(messages(validateManifests([SA, doc]))).toContain(message);
    });

    test('allows secret references', () => {
      expect(validateManifests([SA, sparkApp((d) => d.spec.sparkConf = { 'spark.kubernetes.driver.secretKeyRef.DB_PASSWORD': 'db:password' })])).toEqual([]);
    });
  });

  test('flags a custom resource before its CRD', () => {
    const crd = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'src', 'crds', 'sparkoperator.k8s.io_sparkapplications.json'), 'utf-8'));
    expect(messages(validateManifests([SA, sparkApp(), crd]))).toContain('comes before the CustomResourceDefinition of sparkoperator.k8s.io');
    expect(validateManifests([crd, SA, sparkApp()])).toEqual([]);
  });

  describe('6. determinism', () => {
    test('fails on a build that is not deterministic', () => {
      let counter = 0;
      expect(() => synthChartValid((chart: Chart) => {
        new ApiObject(chart, 'Sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `spark-${counter++}` } });
      })).toThrow('not deterministic: two fresh Apps synthesized different YAML');
    });
  });

  test('expectValid lists every violation', () => {
    expect(() => expectValid([deployment((d) => d.spec.template.spec.hostNetwork = true)]))
      .toThrow(/^1 violation\(s\):\n\[pod-security\] Deployment\/web at \/spec\/template\/spec\/hostNetwork: hostNetwork is forbidden \(baseline\)$/);
  });
});

const UPSTREAM = path.join(__dirname, '..', '..', 'shared', 'upstream', 'kubeflow-spark-operator', 'examples');
(fs.existsSync(UPSTREAM) ? describe : describe.skip)('the harness on the upstream Kubeflow examples', () => {
  function check(file: string): string {
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(UPSTREAM, file), 'utf-8')).map((d) => d.toJS()).filter((d) => d);
    return messages(validateManifests(docs, { allowDefaultNamespace: true, externalServiceAccounts: ['default/spark-operator-spark'] }));
  }

  test('spark-pi.yaml: nothing pruned, but the pods have writable root filesystems and no pod-level seccomp', () => {
    const v = check('spark-pi.yaml');
    expect(v).not.toContain('[crd-schema]');
    expect(v).toContain('[driver pod]/spec/containers[spark-kubernetes-driver] readOnlyRootFilesystem must be true');
    expect(v).not.toContain('runAsNonRoot must be true');
  });

  test('spark-pi-pod-template.yaml: hardening in the pod-level securityContext where it does not exist', () => {
    const v = check('spark-pi-pod-template.yaml');
    expect(v).toContain('/spec/driver/template/spec/securityContext/capabilities is not a field of PodTemplateSpec (a real Pod drops it)');
    expect(v).toContain('/spec/driver/template/spec/securityContext/allowPrivilegeEscalation is not a field of PodTemplateSpec');
    expect(v).toContain('[secrets] /data a Secret with data in the manifests');
  });

  test('sparkconnect__spark-connect.yaml: the same misplaced hardening in server.template', () => {
    const v = check('sparkconnect__spark-connect.yaml');
    expect(v).toContain('/spec/server/template/spec/securityContext/capabilities is not a field of PodTemplateSpec');
  });
});
