import { Size, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { validateManifests, Violation } from '.';
import { canonicalQuantity } from './quantity';
import { ApplicationFile, SparkApplication, SparkVolume } from '../../src';

const NS = 'spark-jobs';

function lines(violations: Violation[]): string {
  return violations.map((v) => `[${v.rule}] ${v.object} at ${v.path}: ${v.message}`).join('\n');
}

/** The quantity findings only. */
function quantityLines(docs: any[]): string {
  return lines(validateManifests(docs).filter((v) => v.message.startsWith('quantity ')));
}

function stored(given: string, canonical: string): string {
  return `quantity '${given}' is stored as '${canonical}' by the API server, so a GitOps diff never settles: write '${canonical}'`;
}

/** A restricted pod template whose container asks for `memory`. */
function template(memory: unknown = '1Gi', name = 'main'): any {
  return {
    metadata: { labels: { app: 'web' } },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name,
        image: 'apache/spark:4.0.4',
        imagePullPolicy: 'IfNotPresent',
        resources: { requests: { cpu: '1', memory }, limits: { memory } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      }],
    },
  };
}

function deployment(memory: unknown = '1Gi'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: template(memory) },
  };
}

function sparkApp(driver: any = {}): any {
  return {
    apiVersion: 'sparkoperator.k8s.io/v1beta2',
    kind: 'SparkApplication',
    metadata: { name: 'pi', namespace: NS },
    spec: {
      type: 'Scala',
      mode: 'cluster',
      sparkVersion: '4.0.4',
      image: 'apache/spark:4.0.4',
      mainClass: 'org.apache.spark.examples.SparkPi',
      mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples.jar',
      driver: { cores: 1, memory: '1g', serviceAccount: 'spark', ...driver },
      executor: { cores: 1, memory: '1g', instances: 1 },
    },
  };
}

describe('canonicalQuantity', () => {
  // k8s.io/apimachinery pkg/api/resource/quantity_test.go at eed236c: TestQuantityString L703-744
  // (the "alternate" spellings read back as the canonical one), TestQuantityParseEmit L795-803,
  // TestQuantityParse L369-393 (rounding, capping, "things written by trolls").
  test.each([
    ['1024Mi', '1Gi'],
    ['307200Ki', '300Mi'],
    ['1025024Mi', '1001Gi'],
    ['1024Gi', '1Ti'],
    ['5000m', '5'],
    ['0.5', '500m'],
    ['1000M', '1G'],
    ['0.001T', '1G'],
    ['1000u', '1m'],
    ['1.08', '1080m'],
    ['1080000000n', '1080m'],
    ['.001e12', '1e9'],
    ['0.001e0', '1e-3'],
    ['1000e-12', '1e-9'],
    ['00', '0'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
    ['3.001n', '4n'],
    ['1.1E-9', '2e-9'],
    ['0.00000012345', '124n'],
    ['9Ei', '9223372036854775807'],
    ['0.5Mi', '512Ki'],
    ['.001', '1m'],
  ])('%s reads back as %s (apimachinery tests)', (given, canonical) => {
    expect(canonicalQuantity(given)).toBe(canonical);
  });

  // Canonical spellings read back unchanged (TestQuantityString L703-744, TestQuantityParse L294-318).
  test.each(['1Gi', '300Mi', '6Ki', '1001Gi', '1Ti', '5', '500m', '1G', '1m', '80m', '1080m', '300M', '1T', '1234567M', '3k', '1025', '0',
    '1e9', '1e-3', '80e-3', '300e6', '1e12', '3e3', '1n', '1080n', '1u', '8Ki', '7Mi', '3Ei', '12E'])('%s is canonical', (text) => {
    expect(canonicalQuantity(text)).toBe(text);
  });

  // The rules (quantity.go L332-342, L383-386, L425-462; suffix.go L155-158), one case each.
  test.each([
    ['1000m', '1', 'decimal: factors of 10 move into the largest SI suffix'],
    ['2048Ki', '2Mi', 'binary: factors of 1024 move into the largest binary suffix'],
    ['1.5Gi', '1536Mi', 'binary: a fraction becomes a smaller binary suffix'],
    ['1.5Ki', '1536', 'binary: whole but not whole KiB has no suffix'],
    ['0.5Ki', '512', 'binary below 1024 is written decimal'],
    ['1.0001Ki', '1024102400u', 'binary that is not whole is written decimal'],
    ['1000', '1k', 'a plain number takes an SI suffix'],
    ['1e3', '1e3', 'the exponent format is kept'],
    ['1E3', '1E3', 'text that looks canonical is kept as written'],
    ['1e4', '10e3', 'exponents are multiples of 3'],
    ['1.2e3', '1200', 'exponent 0 has no suffix'],
    ['100M', '100M', 'a decimal suffix stays decimal'],
    ['-1024Mi', '-1Gi', 'the sign is kept'],
    ['-0', '0', 'zero has no sign'],
    ['+1', '+1', 'text that looks canonical is kept as written'],
    ['01', '01', 'text that looks canonical is kept as written'],
    ['1.500', '1.500', 'text that looks canonical is kept as written'],
    ['1.', '1.', 'text that looks canonical is kept as written'],
    ['0100', '0100', 'text that looks canonical is kept as written (leading zeros are skipped)'],
    ['0.100', '100m', 'a fraction with a leading 0 is canonicalized'],
    [' 1Gi ', '1Gi', 'JSON decoding trims white space'],
    ['1000E', '1', 'beyond E the API server writes no suffix at all'],
    ['0.1n', '1n', 'below nano rounds up to 1n'],
  ])('%s reads back as %s: %s', (given, canonical) => {
    expect(canonicalQuantity(given)).toBe(canonical);
  });

  // Invalid (TestQuantityParse L534-548, plus Spark and IEC spellings).
  test.each(['', '1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-', '1K', '4g', '1GiB', '1 Gi', '1e'])('%j is not a quantity', (text) => {
    expect(canonicalQuantity(text)).toBeUndefined();
  });
});

describe('the names rule flags non-canonical quantities', () => {
  test('a Deployment with memory 1024Mi', () => {
    expect(quantityLines([deployment('1024Mi')])).toBe([
      `[names] Deployment/web at /spec/template/spec/containers/0/resources/requests/memory: ${stored('1024Mi', '1Gi')}`,
      `[names] Deployment/web at /spec/template/spec/containers/0/resources/limits/memory: ${stored('1024Mi', '1Gi')}`,
    ].join('\n'));
  });

  test('a Deployment with memory 1Gi passes every rule', () => {
    expect(validateManifests([deployment('1Gi')])).toEqual([]);
  });

  test('a number is read as its text', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].resources.requests.cpu = 0.5;
    expect(quantityLines([d])).toBe(`[names] Deployment/web at /spec/template/spec/containers/0/resources/requests/cpu: ${stored('0.5', '500m')}`);
    d.spec.template.spec.containers[0].resources.requests.cpu = 2;
    expect(quantityLines([d])).toBe('');
  });

  test('not a SparkApplication\'s driver memory, cores or coreLimit (Spark strings in the CRD)', () => {
    expect(quantityLines([sparkApp({ memory: '512m', coreRequest: '1000m', coreLimit: '1000m', memoryOverhead: '1024m' })])).toBe('');
  });

  // The API server stores a custom resource as written: a template inside one never drifts (the pods the operator
  // makes from it are not under GitOps), and the operator's examples write such values (cpu '0.1').
  test.each([
    ['a SparkApplication\'s pod template', sparkApp({ template: template('2048Mi', 'spark-kubernetes-driver') })],
    ['an Apache SparkCluster\'s StatefulSet template', {
      apiVersion: 'spark.apache.org/v1',
      kind: 'SparkCluster',
      metadata: { name: 'c', namespace: NS },
      spec: { runtimeVersions: { sparkVersion: '4.0.1' }, masterSpec: { statefulSetSpec: { template: template('1000M', 'master') } } },
    }],
  ])('not %s (a custom resource is stored as written)', (_what, doc) => {
    expect(quantityLines([doc])).toBe('');
  });

  test.each([
    ['an init container', (d: any) => d.spec.template.spec.initContainers = [{ name: 'i', image: 'busybox:1', resources: { limits: { cpu: '1000m' } } }],
      '/spec/template/spec/initContainers/0/resources/limits/cpu', '1000m', '1'],
    ['an ephemeral container', (d: any) => d.spec.template.spec.ephemeralContainers = [{ name: 'e', image: 'busybox:1', resources: { requests: { 'ephemeral-storage': '1024Ki' } } }],
      '/spec/template/spec/ephemeralContainers/0/resources/requests/ephemeral-storage', '1024Ki', '1Mi'],
    ['an emptyDir sizeLimit', (d: any) => d.spec.template.spec.volumes = [{ name: 'v', emptyDir: { sizeLimit: '1.5Gi' } }],
      '/spec/template/spec/volumes/0/emptyDir/sizeLimit', '1.5Gi', '1536Mi'],
    ['a pod-level resource', (d: any) => d.spec.template.spec.resources = { limits: { memory: '4096Mi' } },
      '/spec/template/spec/resources/limits/memory', '4096Mi', '4Gi'],
    ['a resourceFieldRef divisor', (d: any) => d.spec.template.spec.containers[0].env = [{ name: 'M', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1024Ki' } } }],
      '/spec/template/spec/containers/0/env/0/valueFrom/resourceFieldRef/divisor', '1024Ki', '1Mi'],
  ])('in a pod template: %s', (_name, mutate, path, given, canonical) => {
    const d = deployment();
    mutate(d);
    expect(quantityLines([d])).toBe(`[names] Deployment/web at ${path}: ${stored(given, canonical)}`);
  });

  test.each([
    ['a CronJob', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'x', namespace: NS }, spec: { schedule: '@daily', jobTemplate: { spec: { template: template('0.5Gi') } } } },
      '/spec/jobTemplate/spec/template/spec/containers/0/resources/requests/memory', '0.5Gi', '512Mi'],
    ['a Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: NS }, spec: template('1073741824').spec },
      '/spec/containers/0/resources/requests/memory', '1073741824', '1073741824'],
    ['a StatefulSet volumeClaimTemplate', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'x', namespace: NS },
      spec: { serviceName: 'x', selector: { matchLabels: { app: 'web' } }, template: template(), volumeClaimTemplates: [{ metadata: { name: 'd' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10240Mi' } } } }] },
    },
    '/spec/volumeClaimTemplates/0/spec/resources/requests/storage', '10240Mi', '10Gi'],
    ['a PersistentVolumeClaim', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'x', namespace: NS }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1000Gi' } } } },
      '/spec/resources/requests/storage', '1000Gi', '1000Gi'],
    ['a PersistentVolumeClaim in G', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'x', namespace: NS }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1000G' } } } },
      '/spec/resources/requests/storage', '1000G', '1T'],
    ['a ResourceQuota', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'x', namespace: NS }, spec: { hard: { 'requests.cpu': '8000m', 'pods': '10' } } },
      '/spec/hard/requests.cpu', '8000m', '8'],
    ['a LimitRange maxLimitRequestRatio', { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'x', namespace: NS }, spec: { limits: [{ type: 'Container', maxLimitRequestRatio: { cpu: '2.0' } }] } },
      '/spec/limits/0/maxLimitRequestRatio/cpu', '2.0', '2'],
    ['a LimitRange defaultRequest', { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'x', namespace: NS }, spec: { limits: [{ type: 'Container', default: { memory: '1Gi' }, defaultRequest: { memory: '0.25Gi' } }] } },
      '/spec/limits/0/defaultRequest/memory', '0.25Gi', '256Mi'],
    ['an HPA target', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'x', namespace: NS },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1536Mi' } } }, { type: 'Pods', pods: { metric: { name: 'q' }, target: { type: 'AverageValue', averageValue: '0.5' } } }] },
    },
    '/spec/metrics/1/pods/target/averageValue', '0.5', '500m'],
  ])('in %s', (_name, doc, path, given, canonical) => {
    const found = quantityLines([doc]);
    if (given === canonical) expect(found).toBe('');
    else expect(found).toContain(`[names] ${doc.kind}/x at ${path}: ${stored(given, canonical)}`);
  });

  test('leaves a value the API server rejects to the schema rules', () => {
    expect(quantityLines([deployment('4g')])).toBe('');
  });
});

describe('the library writes quantities as the API server stores them', () => {
  test.each<[string, SparkVolume, string]>([
    ['a whole TiB Size', SparkVolume.fromEmptyDir('cache', { sizeLimit: Size.tebibytes(1) }), '1Ti'],
    ['whole GiB in MiB', SparkVolume.fromEmptyDir('cache', { sizeLimit: Size.mebibytes(2048) }), '2Gi'],
    ['a decimal quantity', SparkVolume.fromKubeVolume({ name: 'cache', emptyDir: { sizeLimit: k8s.Quantity.fromString('1000M') } }), '1G'],
    ['a fractional decimal quantity', SparkVolume.fromKubeVolume({ name: 'cache', emptyDir: { sizeLimit: k8s.Quantity.fromString('1.5G') } }), '1500M'],
    ['whole PiB in TiB', SparkVolume.fromKubeVolume({ name: 'cache', emptyDir: { sizeLimit: k8s.Quantity.fromString('1024Ti') } }), '1Pi'],
  ])('an emptyDir size limit from %s', (_name, volume, written) => {
    const chart = Testing.chart();
    new SparkApplication(chart, 'App', {
      name: 'app',
      namespace: NS,
      mainApplicationFile: ApplicationFile.fromImagePath('/opt/app.jar'),
      mainClass: 'org.example.App',
      driver: { volumes: [{ volume, path: '/cache' }] },
    });
    const docs = Testing.synth(chart);
    expect(JSON.stringify(docs)).toContain(`"sizeLimit":"${written}"`);
    expect(quantityLines(docs)).toBe('');
  });
});
