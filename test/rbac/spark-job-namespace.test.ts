import { ApiObject, Chart, Testing } from 'cdk8s';
import { ApplicationFile, SecurityOptOut, SparkApplication, SparkJobNamespace, SparkVersion } from '../../src';
import { findObject, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

const DRIVER_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const CORE_RULE = { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'], verbs: DRIVER_VERBS };
const NETWORK_POLICY_RULE = { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: DRIVER_VERBS };
const PSA_RESTRICTED = Object.fromEntries(['enforce', 'audit', 'warn'].flatMap((m) => [
  [`pod-security.kubernetes.io/${m}`, 'restricted'], [`pod-security.kubernetes.io/${m}-version`, 'latest'],
]));
const DNS_1123_LABEL = 'must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit)';

describe('SparkJobNamespace', () => {
  test('defaults', () => {
    let jobs: SparkJobNamespace | undefined;
    const docs = synthChartValid((chart) => {
      jobs = new SparkJobNamespace(chart, 'Jobs', { namespace: 'analytics' });
    });
    expect(jobs!.namespaceName).toBe('analytics');
    expect(jobs!.driverServiceAccountName).toBe('spark-driver');
    expect(docs.map((d) => [d.kind, d.metadata])).toEqual([
      // The namespace itself first (a plain apply creates objects in file order), restricted by Pod Security admission,
      // without the chart's namespace.
      ['Namespace', { name: 'analytics', labels: PSA_RESTRICTED }],
      ['ServiceAccount', { name: 'spark-driver', namespace: 'analytics' }],
      ['Role', { name: 'spark-driver', namespace: 'analytics' }],
      ['RoleBinding', { name: 'spark-driver', namespace: 'analytics' }],
    ]);
    expect(findObject(docs, 'ServiceAccount').automountServiceAccountToken).toBe(true);
    expect(findObject(docs, 'Role').rules).toEqual([CORE_RULE]);
    expect(findObject(docs, 'RoleBinding').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'spark-driver' });
    expect(findObject(docs, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'spark-driver', namespace: 'analytics' }]);
  });

  test('the driver account name and labels reach every object', () => {
    const docs = synthChartValid((chart) => {
      new SparkJobNamespace(chart, 'Jobs', { namespace: 'analytics', driverServiceAccountName: 'etl.driver', labels: { team: 'data' } });
    });
    expect(docs.map((d) => d.metadata)).toEqual([
      { name: 'analytics', labels: { team: 'data', ...PSA_RESTRICTED } },
      { name: 'etl.driver', namespace: 'analytics', labels: { team: 'data' } },
      { name: 'etl.driver', namespace: 'analytics', labels: { team: 'data' } },
      { name: 'etl.driver', namespace: 'analytics', labels: { team: 'data' } },
    ]);
    expect(findObject(docs, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'etl.driver', namespace: 'analytics' }]);
  });

  test.each<[SparkVersion, any[]]>([
    [SparkVersion.V4_1_3, [CORE_RULE]],
    [SparkVersion.V4_2_0, [CORE_RULE, NETWORK_POLICY_RULE]],
  ])('drivers of Spark %s submit in cluster mode', (sparkVersion, rules) => {
    const docs = synthChartValid((chart) => {
      new SparkJobNamespace(chart, 'Jobs', { namespace: 'analytics', sparkVersion });
    });
    expect(findObject(docs, 'Role').rules).toEqual(rules);
  });

  test('the ServiceAccount is the default child, and the account a reference to it', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    const jobs = new SparkJobNamespace(chart, 'Jobs', { namespace: 'analytics' });
    const main = ApiObject.of(jobs);
    expect(main.kind).toBe('ServiceAccount');
    expect(main.node.id).toBe('Resource');
    expect(jobs.node.children.map((c) => c.node.id)).toEqual(['Namespace', 'Resource', 'Role', 'RoleBinding']);
    expect(jobs.serviceAccount.name).toBe('spark-driver');
    expect(jobs.serviceAccount).toBe(jobs.serviceAccount);
  });

  test('fails on a namespace that is not a DNS-1123 label', () => {
    expect(chartErrorOf((chart) => new SparkJobNamespace(chart, 'Jobs', { namespace: 'Analytics' })))
      .toBe(`[test/Jobs] 'namespace' ${DNS_1123_LABEL}, got 'Analytics'; use a name such as 'analytics'`);
  });

  test.each(['Spark_Driver', '-driver', 'a'.repeat(254)])('fails on the driver account name %j', (name) => {
    expect(chartErrorOf((chart) => new SparkJobNamespace(chart, 'Jobs', { namespace: 'analytics', driverServiceAccountName: name })))
      .toBe(`[test/Jobs] 'driverServiceAccountName' must be a DNS-1123 subdomain, got '${name}'; use lower-case letters, digits, '-' and '.'`);
  });

  test('fails on a label key', () => {
    expect(chartErrorOf((chart) => new SparkJobNamespace(chart, 'Jobs', { namespace: 'analytics', labels: { 'bad key': 'x' } })))
      .toBe('[test/Jobs] \'labels.bad key\' key must have a name part of at most 63 letters, digits, \'-\', \'_\' or \'.\', got \'bad key\'; use a key such as \'example.com/team\'');
  });

  test('fails on a label value', () => {
    expect(chartErrorOf((chart) => new SparkJobNamespace(chart, 'Jobs', { namespace: 'analytics', labels: { team: 'data team' } })))
      .toBe('[test/Jobs] \'labels.team\' must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), got \'data team\'; put longer or free-form text in an annotation');
  });
});

describe('SparkJobNamespace.fromNamespaceName', () => {
  test('a job namespace managed elsewhere: its name and driver account, and no objects', () => {
    const docs = synthChartValid((chart) => {
      const jobs = SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'analytics', 'spark');
      expect(jobs.namespaceName).toBe('analytics');
      expect(jobs.serviceAccount.name).toBe('spark');
      expect(chart.node.findChild('Jobs').node.findChild('Account')).toBe(jobs.serviceAccount);
    });
    expect(docs).toEqual([]);
  });

  test('an application runs as its driver account without making the cdk8s-plus reference, which is made on first read and kept', () => {
    const docs = synthChartValid((chart) => {
      const jobs = SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'analytics', 'spark');
      new SparkApplication(chart, 'Etl', { name: 'etl', jobNamespace: jobs, mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/etl.jar'), mainClass: 'com.example.Etl' });
      expect(chart.node.findChild('Jobs').node.tryFindChild('Account')).toBeUndefined();
      const account = jobs.serviceAccount;
      expect(account.name).toBe('spark');
      expect(jobs.serviceAccount).toBe(account);
      expect(chart.node.findChild('Jobs').node.findChild('Account')).toBe(account);
    });
    expect(findObject(docs, 'SparkApplication').spec.driver.serviceAccount).toBe('spark');
  });

  test('fails on a namespace that is not a DNS-1123 label, naming the id', () => {
    expect(chartErrorOf((chart) => SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'Analytics', 'spark')))
      .toBe(`[test/Jobs] 'namespace' ${DNS_1123_LABEL}, got 'Analytics'; use a name such as 'analytics'`);
  });
  describe('the namespace\'s default ServiceAccount and bad input', () => {
    test('fails with the driver account default', () => {
      expect(chartErrorOf((chart) => new SparkJobNamespace(chart, 'Jobs', { namespace: 'analytics', driverServiceAccountName: 'default' }))).toBe(
        "[test/Jobs] 'driverServiceAccountName' names the namespace's default ServiceAccount, which every pod there runs as unless it names another: each of them would get the driver's rights, got 'default'; use a name of its own, e.g. 'spark-driver', or accept the risk with SecurityOptOut.DEFAULT_SERVICE_ACCOUNT in 'securityOptOuts' (recorded in the annotation spark.cdk8s.io/security-opt-outs)");
    });

    test('with the opt-out, recorded on the account, its Role and RoleBinding', () => {
      const docs = synthChartValid((chart) => {
        new SparkJobNamespace(chart, 'Jobs', { namespace: 'analytics', driverServiceAccountName: 'default', securityOptOuts: [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT] });
      });
      expect(docs.filter((d) => d.kind !== 'Namespace').map((d) => d.metadata.annotations)).toEqual(Array(3).fill({ 'spark.cdk8s.io/security-opt-outs': 'default-service-account' }));
    });

    test.each<[string, any, string]>([
      ['no props', undefined, "[test/Jobs] 'props' must be an object of props, got nothing; pass e.g. { namespace: 'spark-jobs' }"],
      ['a namespace that is a number', { namespace: 3 }, "[test/Jobs] 'namespace' must be a string, got 3; quote it: '3'"],
      ['a driver account name that is a number', { namespace: 'analytics', driverServiceAccountName: 5 }, "[test/Jobs] 'driverServiceAccountName' must be a string, got 5; quote it: '5'"],
      ['an opt-out value that is no SecurityOptOut', { namespace: 'analytics', securityOptOuts: ['default'] },
        "[test/Jobs] 'securityOptOuts[0]' must be a SecurityOptOut, got 'default'; use one of SecurityOptOut.DEFAULT_SERVICE_ACCOUNT, SecurityOptOut.SYSTEM_NAMESPACE"],
    ])('fails with %s', (_what, props, message) => {
      expect(chartErrorOf((chart) => new SparkJobNamespace(chart, 'Jobs', props))).toBe(message);
    });

    test('fromNamespaceName checks the account name it refers to', () => {
      expect(chartErrorOf((chart) => SparkJobNamespace.fromNamespaceName(chart, 'Ext', 'analytics', 'Spark Driver'))).toBe(
        "[test/Ext] 'driverServiceAccountName' must be a DNS-1123 subdomain, got 'Spark Driver'; use lower-case letters, digits, '-' and '.'");
      expect(chartErrorOf((chart) => SparkJobNamespace.fromNamespaceName(chart, 'Ext', 'analytics', undefined as any))).toBe(
        "[test/Ext] 'driverServiceAccountName' must be set, got nothing; pass e.g. 'spark-driver'");
    });
  });
});
