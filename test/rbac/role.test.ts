import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { SparkVersion } from '../../src';
import { createDriverAccount, grantRole, serviceAccountRef } from '../../src/rbac/_role';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

const RULES = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }];

describe('grantRole', () => {
  test('a ServiceAccount, a Role and a RoleBinding that binds them, with the given child ids', () => {
    const docs = synthChartValid((chart) => {
      const { serviceAccount, role } = grantRole(chart, 'Reader', { name: 'reader', namespace: 'spark-jobs', rules: RULES, serviceAccountId: 'Account' });
      expect(serviceAccount!.node.id).toBe('Account');
      expect(role.node.id).toBe('Reader');
      expect(chart.node.children.map((c) => c.node.id)).toEqual(['Account', 'Reader', 'ReaderBinding']);
    });
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding']);
    expect(findObject(docs, 'ServiceAccount')).toEqual({
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader', namespace: 'spark-jobs' }, automountServiceAccountToken: true,
    });
    expect(findObject(docs, 'Role')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'spark-jobs' }, rules: RULES,
    });
    expect(findObject(docs, 'RoleBinding')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'reader', namespace: 'spark-jobs' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'spark-jobs' }],
    });
  });

  test('without a ServiceAccount id, binds an existing account and creates none', () => {
    const docs = synthChartValid((chart) => {
      const { serviceAccount } = grantRole(chart, 'Reader', {
        name: 'reader', namespace: 'spark-jobs', rules: RULES, subject: { name: 'spark-operator', namespace: 'spark-operator' },
      });
      expect(serviceAccount).toBeUndefined();
    }, { externalServiceAccounts: ['spark-operator/spark-operator'] });
    expect(findObjects(docs, 'ServiceAccount')).toEqual([]);
    expect(findObject(docs, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'spark-operator', namespace: 'spark-operator' }]);
  });

  test('labels reach every object', () => {
    const docs = synthChartValid((chart) => {
      grantRole(chart, 'Reader', { name: 'reader', namespace: 'spark-jobs', rules: RULES, serviceAccountId: 'Account', labels: { team: 'data' } });
    });
    expect(docs.map((d) => d.metadata.labels)).toEqual([{ team: 'data' }, { team: 'data' }, { team: 'data' }]);
  });
});

describe('serviceAccountRef', () => {
  test('a reference by name, created once as child Account', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    const first = serviceAccountRef(chart, 'spark-driver');
    expect(first.name).toBe('spark-driver');
    expect(serviceAccountRef(chart, 'spark-driver')).toBe(first);
    expect(chart.node.findChild('Account')).toBe(first);
    expect(chart.toJson()).toEqual([]);
  });
});

describe('createDriverAccount', () => {
  test('the ServiceAccount (child Resource), the driver Role and its RoleBinding', () => {
    const docs = synthChartValid((chart) => {
      const holder = new Construct(chart, 'Account');
      createDriverAccount(holder, { namespace: 'etl', name: 'etl-driver', prop: 'name', construct: 'a SparkDriverRbac', labels: { team: 'data' } });
      expect(holder.node.children.map((c) => c.node.id)).toEqual(['Resource', 'Role', 'RoleBinding']);
      expect(holder.node.defaultChild).toBe(holder.node.findChild('Resource'));
    });
    expect(docs.map((d) => [d.kind, d.metadata])).toEqual([
      ['ServiceAccount', { name: 'etl-driver', namespace: 'etl', labels: { team: 'data' } }],
      ['Role', { name: 'etl-driver', namespace: 'etl', labels: { team: 'data' } }],
      ['RoleBinding', { name: 'etl-driver', namespace: 'etl', labels: { team: 'data' } }],
    ]);
    expect(findObject(docs, 'Role').rules.map((r: any) => r.resources)).toEqual([['pods', 'services', 'configmaps', 'persistentvolumeclaims']]);
  });

  test('networkpolicies for Spark 4.2 in cluster mode (the default mode), not in client mode', () => {
    const resources = (clusterMode?: boolean) => findObject(synthChartValid((chart) => {
      createDriverAccount(new Construct(chart, 'Account'), { namespace: 'etl', name: 'etl-driver', prop: 'name', construct: 'a SparkDriverRbac', sparkVersion: SparkVersion.V4_2_0, clusterMode });
    }), 'Role').rules.flatMap((r: any) => r.resources);
    expect(resources()).toContain('networkpolicies');
    expect(resources(true)).toContain('networkpolicies');
    expect(resources(false)).not.toContain('networkpolicies');
  });

  test('fails on the name, under the prop the caller gives', () => {
    expect(chartErrorOf((chart) => createDriverAccount(new Construct(chart, 'Account'), { namespace: 'etl', name: 'Etl', prop: 'driverServiceAccountName', construct: 'a SparkDriverRbac' })))
      .toBe('[test/Account] \'driverServiceAccountName\' must be a DNS-1123 subdomain, got \'Etl\'; use lower-case letters, digits, \'-\' and \'.\'');
  });

  test('fails on the namespace before the name', () => {
    expect(chartErrorOf((chart) => createDriverAccount(new Construct(chart, 'Account'), { namespace: 'Etl', name: 'Etl', prop: 'name', construct: 'a SparkDriverRbac' })))
      .toBe('[test/Account] \'namespace\' must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit), got \'Etl\'; use a name such as \'etl\'');
  });

  test('fails on a label value', () => {
    expect(chartErrorOf((chart) => createDriverAccount(new Construct(chart, 'Account'), { namespace: 'etl', name: 'etl', prop: 'name', construct: 'a SparkDriverRbac', labels: { team: '-data' } })))
      .toBe('[test/Account] \'labels.team\' must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), got \'-data\'; put longer or free-form text in an annotation');
  });
});
