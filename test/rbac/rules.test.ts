import { SparkVersion } from '../../src';
import { driverRules, submitterRules } from '../../src/rbac/_rules';

const DRIVER_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const CORE_RULE = { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'], verbs: DRIVER_VERBS };
const NETWORK_POLICY_RULE = { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: DRIVER_VERBS };

describe('driverRules', () => {
  test('the executor pods and what Spark creates beside them, never secrets', () => {
    expect(driverRules(SparkVersion.V4_0_4, true)).toEqual([CORE_RULE]);
  });

  test.each<[SparkVersion, boolean, boolean]>([
    [SparkVersion.V3_5_8, true, false],
    [SparkVersion.V4_1_3, true, false],
    [SparkVersion.V4_2_0, true, true],
    [SparkVersion.V4_2_0, false, false],
    [SparkVersion.of('5.0.0'), true, true],
  ])('Spark %s, cluster mode %s: networkpolicies %s', (version, clusterMode, networkPolicies) => {
    expect(driverRules(version, clusterMode)).toEqual(networkPolicies ? [CORE_RULE, NETWORK_POLICY_RULE] : [CORE_RULE]);
  });

  test('each call returns fresh lists', () => {
    const first = driverRules(SparkVersion.V4_2_0, true);
    first[0].verbs.push('escalate');
    first[1].resources.push('secrets');
    expect(driverRules(SparkVersion.V4_2_0, true)).toEqual([CORE_RULE, NETWORK_POLICY_RULE]);
  });
});

describe('submitterRules', () => {
  const APPLIED = ['get', 'create', 'patch', 'update', 'delete'];

  test('exactly what a cluster-mode submission creates and cleans up', () => {
    expect(submitterRules(false)).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
      { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'services'], verbs: APPLIED },
    ]);
  });

  test('networkpolicies when the submission creates them', () => {
    expect(submitterRules(true)).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
      { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'services'], verbs: APPLIED },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: APPLIED },
    ]);
  });
});
