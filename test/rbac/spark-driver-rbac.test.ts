import { ApiObject, Chart, Testing } from 'cdk8s';
import { SecurityOptOut, SparkDriverRbac, SparkDriverRbacProps, SparkJobNamespace, SparkVersion } from '../../src';
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
  describe('the namespace\'s default ServiceAccount', () => {
    test('fails with the name default (every pod of the namespace would get the driver\'s rights)', () => {
      expect(chartErrorOf((chart) => new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs', name: 'default' }))).toBe(
        "[test/Driver] 'name' names the namespace's default ServiceAccount, which every pod there runs as unless it names another: each of them would get the driver's rights, got 'default'; use a name of its own, e.g. 'spark-driver', or accept the risk with SecurityOptOut.DEFAULT_SERVICE_ACCOUNT in 'securityOptOuts' (recorded in the annotation spark.cdk8s.io/security-opt-outs)");
    });

    test('with the opt-out, the account is taken over and the opt-out recorded on all three objects', () => {
      const docs = synthChartValid((chart) => {
        new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs', name: 'default', securityOptOuts: [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT] });
      });
      expect(docs.map((d) => [d.kind, d.metadata])).toEqual(['ServiceAccount', 'Role', 'RoleBinding'].map((kind) => [kind, {
        name: 'default', namespace: 'spark-jobs', annotations: { 'spark.cdk8s.io/security-opt-outs': 'default-service-account' },
      }]));
    });

    test('fails with the opt-out but another name (the annotation would record a risk not taken)', () => {
      expect(chartErrorOf((chart) => new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs', name: 'driver', securityOptOuts: [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT] }))).toBe(
        "[test/Driver] 'securityOptOuts[0]' is SecurityOptOut.DEFAULT_SERVICE_ACCOUNT, but this construct does not take that risk, got 'default-service-account'; remove it, so the annotation records only the risks taken");
    });

    test('fails with an opt-out that does not apply to a driver account', () => {
      expect(chartErrorOf((chart) => new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs', securityOptOuts: [SecurityOptOut.WEAKER_SIDECAR] }))).toBe(
        "[test/Driver] 'securityOptOuts[0]' is SecurityOptOut.WEAKER_SIDECAR, which does not apply to a SparkDriverRbac, got 'weaker-sidecar'; remove it (a SparkDriverRbac accepts SecurityOptOut.DEFAULT_SERVICE_ACCOUNT, SecurityOptOut.SYSTEM_NAMESPACE)");
    });
  });

  describe('a system namespace (the Role creates and deletes pods there, as an operator job namespace would)', () => {
    test.each(['kube-system', 'kube-public', 'kube-node-lease'])('%s fails on SparkDriverRbac and SparkJobNamespace alike', (namespace) => {
      const requirement = `makes '${namespace}', in which Kubernetes itself runs, a job namespace: the operator and the Spark driver account would create and delete pods there`;
      const fix = 'run Spark jobs in a namespace of their own, e.g. \'spark-jobs\', or accept the risk with SecurityOptOut.SYSTEM_NAMESPACE in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)';
      expect(chartErrorOf((chart) => new SparkDriverRbac(chart, 'Driver', { namespace }))).toBe(`[test/Driver] 'namespace' ${requirement}, got '${namespace}'; ${fix}`);
      expect(chartErrorOf((chart) => new SparkJobNamespace(chart, 'Jobs', { namespace }))).toBe(`[test/Jobs] 'namespace' ${requirement}, got '${namespace}'; ${fix}`);
    });

    test('with the opt-out it is built and the risk recorded', () => {
      const docs = synthChartValid((chart) => {
        new SparkDriverRbac(chart, 'Driver', { namespace: 'kube-system', securityOptOuts: [SecurityOptOut.SYSTEM_NAMESPACE] });
      });
      expect(findObject(docs, 'Role').metadata.annotations).toEqual({ 'spark.cdk8s.io/security-opt-outs': 'system-namespace' });
    });
  });

  describe('bad input from JavaScript callers', () => {
    test.each<[string, any, string]>([
      ['no props', undefined, "[test/Driver] 'props' must be an object of props, got nothing; pass e.g. { namespace: 'spark-jobs' }"],
      ['no namespace (it passed the label check as the string \'undefined\' before)', {}, "[test/Driver] 'namespace' must be set, got nothing; pass e.g. 'spark-jobs'"],
      ['a namespace that is a number', { namespace: 5 }, "[test/Driver] 'namespace' must be a string, got 5; quote it: '5'"],
      ['a name that is a number (a number passed the subdomain check before)', { namespace: 'spark-jobs', name: 12 }, "[test/Driver] 'name' must be a string, got 12; quote it: '12'"],
      ['a Spark version given as a string', { namespace: 'spark-jobs', sparkVersion: '4.2.0' }, "[test/Driver] 'sparkVersion' must be a SparkVersion, got '4.2.0'; use SparkVersion.of('4.2.0')"],
      ['a mode given as a string', { namespace: 'spark-jobs', clusterMode: 'client' }, "[test/Driver] 'clusterMode' must be true or false, got 'client'; use true (a boolean, not a string)"],
      ['labels given as a list', { namespace: 'spark-jobs', labels: ['team=data'] }, "[test/Driver] 'labels' must be a map of strings, got ['team=data']; use e.g. { 'key': 'value' }"],
      ['a label value that is a number', { namespace: 'spark-jobs', labels: { tier: 1 } }, "[test/Driver] 'labels.tier' must be a string, got 1; quote it: '1'"],
      ['opt-outs given as one value', { namespace: 'spark-jobs', name: 'default', securityOptOuts: 'default-service-account' },
        "[test/Driver] 'securityOptOuts' must be a list of SecurityOptOut values, got 'default-service-account'; use e.g. [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT]"],
    ])('fails with %s', (_what, props, message) => {
      expect(chartErrorOf((chart) => new SparkDriverRbac(chart, 'Driver', props as SparkDriverRbacProps))).toBe(message);
    });
  });
});

/** Issue "It runs", item 13: the driver Role can grow, least-privilege still. */
describe('SparkDriverRbac: extra rules', () => {
  const STS = { apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['get', 'create', 'patch', 'delete'] };

  test('rules as a prop and added later both reach the Role, once each', () => {
    const docs = synthChartValid((chart) => {
      const rbac = new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs', name: 'driver', rules: [STS] });
      rbac.addRule({ apiGroups: ['apps'], resources: ['statefulsets/scale'], verbs: ['get', 'update'] });
      rbac.addRule(STS);
      rbac.addRule({ apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['app-settings'] });
    });
    expect(findObject(docs, 'Role').rules).toEqual([
      CORE_RULE, STS,
      { apiGroups: ['apps'], resources: ['statefulsets/scale'], verbs: ['get', 'update'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['app-settings'] },
    ]);
  });

  test('a job namespace takes rules too', () => {
    const docs = synthChartValid((chart) => {
      const jobs = new SparkJobNamespace(chart, 'Jobs', { namespace: 'spark-jobs' });
      jobs.addRule(STS);
    });
    expect(findObject(docs, 'Role').rules).toEqual([CORE_RULE, STS]);
  });

  test.each<[string, any, string]>([
    ['a wildcard resource', { apiGroups: ['apps'], resources: ['*'], verbs: ['get'] },
      '\'addRule.resources[0]\' must not be a wildcard (the driver Role stays least-privilege), got \'*\'; name the resources (plural, lower-case) exactly'],
    ['a wildcard verb', { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] },
      '\'addRule.verbs[0]\' must not be a wildcard (the driver Role stays least-privilege), got \'*\'; name the verbs get, list, watch, create, update, patch, delete, deletecollection exactly'],
    ['escalation', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] },
      '\'addRule.verbs[0]\' must be one of the verbs get, list, watch, create, update, patch, delete, deletecollection, got \'escalate\'; use e.g. \'get\''],
    ['Secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      '\'addRule.resources\' must not grant access to Secrets (a driver reads its secrets from the environment or mounted files), got [\'secrets\']; '
      + 'mount the Secret into the pods instead (SparkVolume.fromSecret, or env with EnvValue.fromSecretValue)'],
    ['no verbs', { apiGroups: ['apps'], resources: ['deployments'], verbs: [] },
      '\'addRule.verbs\' must name at least one entry, got []; list the verbs get, list, watch, create, update, patch, delete, deletecollection'],
    ['a resource in capitals', { apiGroups: ['apps'], resources: ['StatefulSets'], verbs: ['get'] },
      '\'addRule.resources[0]\' must be one of the resources (plural, lower-case), got \'StatefulSets\'; use e.g. \'statefulsets\''],
  ])('fails on %s', (_what, rule, message) => {
    expect(chartErrorOf((chart) => new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs' }).addRule(rule))).toBe(`[test/Driver] ${message}`);
  });

  test('fails on rules given as one object', () => {
    expect(chartErrorOf((chart) => new SparkDriverRbac(chart, 'Driver', { namespace: 'spark-jobs', rules: { apiGroups: ['apps'] } as any })))
      .toBe('[test/Driver] \'rules\' must be a list of rules, got {"apiGroups":["apps"]}; use e.g. [{ apiGroups: [\'apps\'], resources: [\'statefulsets\'], verbs: [\'get\'] }]');
  });
});
