import { Chart, Testing } from 'cdk8s';
import { ServiceAccount } from 'cdk8s-plus-28';
import { SparkDriverRbac, SparkJobNamespace, SparkVersion } from '../../src';
import { resolveDriverAccount, resolveNamespace } from '../../src/rbac/_namespace';
import { findObject, synthChartValid } from '../harness';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
}

describe('resolveNamespace', () => {
  test('the chart\'s namespace by default', () => {
    expect(resolveNamespace(chart(), {})).toBe('spark-jobs');
  });

  test('the construct\'s own prop wins over the chart\'s', () => {
    expect(resolveNamespace(chart(), { namespace: 'etl' })).toBe('etl');
  });

  test('the job namespace\'s wins over the chart\'s', () => {
    const c = chart();
    const jobs = SparkJobNamespace.fromNamespaceName(c, 'Jobs', 'analytics', 'spark');
    expect(resolveNamespace(c, { jobNamespace: jobs })).toBe('analytics');
  });

  test('the prop may repeat the job namespace\'s', () => {
    const c = chart();
    const jobs = SparkJobNamespace.fromNamespaceName(c, 'Jobs', 'analytics', 'spark');
    expect(resolveNamespace(c, { namespace: 'analytics', jobNamespace: jobs })).toBe('analytics');
  });

  test('a SparkDriverRbac is a job namespace too', () => {
    const c = chart();
    const rbac = new SparkDriverRbac(c, 'Rbac', { namespace: 'etl' });
    expect(resolveNamespace(c, { jobNamespace: rbac })).toBe('etl');
  });

  test('fails on a prop that contradicts the job namespace', () => {
    const c = chart();
    const jobs = SparkJobNamespace.fromNamespaceName(c, 'Jobs', 'analytics', 'spark');
    expect(() => resolveNamespace(c, { namespace: 'etl', jobNamespace: jobs }))
      .toThrow('[test] \'namespace\' must match the job namespace \'analytics\', got \'etl\'; remove \'namespace\' or pass the matching job namespace');
  });

  test('fails without any namespace, with the example the caller gives', () => {
    expect(() => resolveNamespace(new Chart(Testing.app(), 'test'), {}))
      .toThrow('[test] \'namespace\' must be set (on the construct or its chart), got nothing; pass \'namespace\' or create the chart with { namespace: \'spark-jobs\' }');
    expect(() => resolveNamespace(new Chart(Testing.app(), 'test'), {}, 'spark-operator'))
      .toThrow('[test] \'namespace\' must be set (on the construct or its chart), got nothing; pass \'namespace\' or create the chart with { namespace: \'spark-operator\' }');
  });

  test('fails on a namespace that is not a string, from JavaScript (a number passed the label check before)', () => {
    expect(() => resolveNamespace(chart(), { namespace: 12 as any })).toThrow('[test] \'namespace\' must be a string, got 12; quote it: \'12\'');
  });

  test('fails on a name that is not a DNS-1123 label', () => {
    expect(() => resolveNamespace(chart(), { namespace: 'Spark_Jobs' }))
      .toThrow('[test] \'namespace\' must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit), got \'Spark_Jobs\'; use a name such as \'spark-jobs\'');
  });
});

describe('resolveDriverAccount', () => {
  const OPTIONS = { namespace: 'spark-jobs', sparkVersion: SparkVersion.V4_0_4, clusterMode: true, name: 'etl-driver' };

  test('the service account given, creating nothing', () => {
    const c = chart();
    const jobs = SparkJobNamespace.fromNamespaceName(c, 'Jobs', 'spark-jobs', 'spark');
    const account = resolveDriverAccount(c, { ...OPTIONS, serviceAccount: ServiceAccount.fromServiceAccountName(c, 'Sa', 'etl'), jobNamespace: jobs });
    expect(account).toEqual({ name: 'etl' });
    expect(c.node.tryFindChild('DriverRbac')).toBeUndefined();
  });

  test('else the job namespace\'s', () => {
    const c = chart();
    const account = resolveDriverAccount(c, { ...OPTIONS, jobNamespace: SparkJobNamespace.fromNamespaceName(c, 'Jobs', 'spark-jobs', 'spark') });
    expect(account).toEqual({ name: 'spark' });
    expect(c.node.tryFindChild('DriverRbac')).toBeUndefined();
  });

  test('else a new least-privilege SparkDriverRbac, child DriverRbac', () => {
    let account: ReturnType<typeof resolveDriverAccount> | undefined;
    const docs = synthChartValid((c) => {
      account = resolveDriverAccount(c, OPTIONS);
      expect(c.node.findChild('DriverRbac')).toBe(account.rbac);
    });
    expect(account!.name).toBe('etl-driver');
    expect(account!.rbac).toBeInstanceOf(SparkDriverRbac);
    expect(findObject(docs, 'ServiceAccount', 'etl-driver').metadata.namespace).toBe('spark-jobs');
    expect(findObject(docs, 'Role', 'etl-driver').rules).toHaveLength(1);
  });

  test('fails to create an account named default (an application named default would take over the namespace\'s default ServiceAccount)', () => {
    expect(() => resolveDriverAccount(chart(), { ...OPTIONS, name: 'default' })).toThrow(
      '[test] \'name\' would name the driver ServiceAccount this construct creates \'default\', taking over the namespace\'s default ServiceAccount (every pod there that names no other account would get the driver\'s rights), got \'default\'; rename the application, or pass \'serviceAccount\' or \'jobNamespace\'');
  });

  test('the new account\'s Role follows the Spark version and the mode', () => {
    const rolesOf = (clusterMode: boolean) => findObject(synthChartValid((c) => {
      resolveDriverAccount(c, { ...OPTIONS, sparkVersion: SparkVersion.V4_2_0, clusterMode });
    }), 'Role').rules.map((r: any) => r.resources).flat();
    expect(rolesOf(true)).toContain('networkpolicies');
    expect(rolesOf(false)).not.toContain('networkpolicies');
  });
});
