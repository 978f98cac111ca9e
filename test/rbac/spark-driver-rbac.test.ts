import { ApiObject, Chart, Testing } from 'cdk8s';
import { SparkDriverRbac, SparkVersion } from '../../src';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

const DRIVER_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const CORE_RULE = { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'], verbs: DRIVER_VERBS };
const NETWORK_POLICY_RULE = { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: DRIVER_VERBS };
const DNS_1123_LABEL = 'must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit)';

describe('SparkDriverRbac', () => {
  test('defaults', () => {
    let rbac: SparkDriverRbac | undefined;
    const docs = synthChartValid((chart) => {
      rbac = new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs' });
    });
    expect(rbac!.name).toBe('test-driver-c85624da');
    expect(rbac!.namespaceName).toBe('spark-jobs');
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding']);
    expect(findObjects(docs, 'ClusterRole')).toEqual([]);
    const metadata = { name: 'test-driver-c85624da', namespace: 'spark-jobs' };
    expect(findObject(docs, 'ServiceAccount')).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: true });
    expect(findObject(docs, 'Role')).toEqual({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules: [CORE_RULE] });
    expect(findObject(docs, 'RoleBinding')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'test-driver-c85624da' },
      subjects: [{ kind: 'ServiceAccount', name: 'test-driver-c85624da', namespace: 'spark-jobs' }],
    });
  });

  test('a name and labels reach every object', () => {
    const docs = synthChartValid((chart) => {
      new SparkDriverRbac(chart, 'Driver', { namespace: 'etl', name: 'etl-driver', labels: { team: 'data' } });
    });
    expect(docs.map((d) => [d.kind, d.metadata])).toEqual([
      ['ServiceAccount', { name: 'etl-driver', namespace: 'etl', labels: { team: 'data' } }],
      ['Role', { name: 'etl-driver', namespace: 'etl', labels: { team: 'data' } }],
      ['RoleBinding', { name: 'etl-driver', namespace: 'etl', labels: { team: 'data' } }],
    ]);
  });

  test.each<[string, SparkVersion | undefined, boolean | undefined, any[]]>([
    ['the default version in cluster mode', undefined, undefined, [CORE_RULE]],
    ['Spark 4.1 in cluster mode', SparkVersion.V4_1_3, true, [CORE_RULE]],
    ['Spark 4.2 in cluster mode (the default mode)', SparkVersion.V4_2_0, undefined, [CORE_RULE, NETWORK_POLICY_RULE]],
    ['Spark 4.2 in client mode', SparkVersion.V4_2_0, false, [CORE_RULE]],
  ])('Role rules for %s', (_what, sparkVersion, clusterMode, rules) => {
    const docs = synthChartValid((chart) => {
      new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs', name: 'driver', sparkVersion, clusterMode });
    });
    expect(findObject(docs, 'Role').rules).toEqual(rules);
  });

  test('the ServiceAccount is the default child, and the account a reference to it', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    const rbac = new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs', name: 'driver' });
    const main = ApiObject.of(rbac);
    expect(main.kind).toBe('ServiceAccount');
    expect(main.node.id).toBe('Resource');
    expect(main.name).toBe('driver');
    expect(rbac.serviceAccount.name).toBe('driver');
    expect(rbac.serviceAccount).toBe(rbac.serviceAccount);
  });

  test.each(['Bad_Name', 'driver-', `a${'.b'.repeat(127)}`])('fails on the name %j', (name) => {
    expect(chartErrorOf((chart) => new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs', name })))
      .toBe(`[test/Driver] 'name' must be a DNS-1123 subdomain, got '${name}'; use lower-case letters, digits, '-' and '.'`);
  });

  test('accepts a dotted name', () => {
    const docs = synthChartValid((chart) => {
      new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs', name: 'etl.driver' });
    });
    expect(findObject(docs, 'ServiceAccount').metadata.name).toBe('etl.driver');
  });

  test('fails on a label key', () => {
    expect(chartErrorOf((chart) => new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs', labels: { 'bad key': 'x' } })))
      .toBe('[test/Driver] \'labels.bad key\' key must have a name part of at most 63 letters, digits, \'-\', \'_\' or \'.\', got \'bad key\'; use a key such as \'example.com/team\'');
  });

  test('fails on a namespace that is not a DNS-1123 label', () => {
    expect(chartErrorOf((chart) => new SparkDriverRbac(chart, 'Driver', { namespace: 'Spark_Jobs' })))
      .toBe(`[test/Driver] 'namespace' ${DNS_1123_LABEL}, got 'Spark_Jobs'; use a name such as 'spark-jobs'`);
  });
});
