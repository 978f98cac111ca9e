import { k8s } from 'cdk8s-plus-28';
import { messageOf, optOutFix, render } from './render';
import { ApplicationFile, SecurityOptOut, SparkApplication, SparkTopologySpread, WhenUnsatisfiable } from '../../src';
import { SECURITY_OPT_OUTS_ANNOTATION } from '../../src/pod/_security-opt-outs';
import { findObject, synthChartValid } from '../harness';

const LABEL_KEY = 'must be a label key (an optional DNS subdomain and \'/\', then at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit)';
const LABEL_VALUE = 'must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit)';

describe('tolerations', () => {
  test('valid tolerations pass unchanged', () => {
    const tolerations: k8s.Toleration[] = [
      { key: 'dedicated', operator: 'Equal', value: 'spark', effect: 'NoSchedule' },
      { key: 'example.com/gpu', operator: 'Exists' },
      { operator: 'Exists' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'spot', value: 'true', effect: 'PreferNoSchedule' },
    ];
    expect(render({ tolerations }).spec.tolerations).toEqual(tolerations);
  });

  test.each(['exists', 'In', 'equals'])('fails on the operator %j', (operator) => {
    expect(messageOf(() => render({ tolerations: [{ key: 'dedicated', operator }] })))
      .toBe(`[test] 'server.tolerations[0].operator' must be 'Exists' or 'Equal', got '${operator}'; use 'Equal' to match the taint's value, or 'Exists' to match any value`);
  });

  test('fails on a value with the operator Exists', () => {
    expect(messageOf(() => render({ tolerations: [{ key: 'dedicated', operator: 'Exists', value: 'spark' }] })))
      .toBe('[test] \'server.tolerations[0].value\' must be empty when the operator is \'Exists\', got \'spark\'; remove it, or use the operator \'Equal\' to match this value');
  });

  test.each(['NoExec', 'noschedule', 'Always'])('fails on the effect %j', (effect) => {
    expect(messageOf(() => render({ tolerations: [{ key: 'dedicated', value: 'spark', effect }] })))
      .toBe(`[test] 'server.tolerations[0].effect' must be 'NoSchedule', 'PreferNoSchedule' or 'NoExecute' (or unset to match every effect), got '${effect}'; use the taint's effect, e.g. 'NoSchedule'`);
  });

  test.each(['dedicated pool', 'Example.com/gpu', '-gpu', `${'k'.repeat(64)}`])('fails on the key %j', (key) => {
    const message = messageOf(() => render({ tolerations: [{ key, operator: 'Exists' }] }));
    const requirement = key.includes('/') ? 'must be a label key (its prefix before \'/\' a DNS subdomain)' : LABEL_KEY;
    expect(message).toBe(`[test] 'server.tolerations[0].key' ${requirement}, got '${key}'; use the taint's key, e.g. 'dedicated' or 'example.com/gpu'`);
  });

  test('fails on an empty key with the operator Equal (the default)', () => {
    expect(messageOf(() => render({ tolerations: [{ value: 'spark', effect: 'NoSchedule' }] })))
      .toBe('[test] \'server.tolerations[0].key\' must be set unless the operator is \'Exists\' (an empty key with \'Exists\' tolerates every taint), got nothing; give the taint\'s key, e.g. \'dedicated\'');
  });

  test('fails on a value that no taint can have', () => {
    expect(messageOf(() => render({ tolerations: [{ key: 'dedicated', value: 'spark jobs' }] })))
      .toBe(`[test] 'server.tolerations[0].value' ${LABEL_VALUE}, got 'spark jobs'; use the taint's value`);
  });

  test.each<[string, k8s.Toleration]>([
    ['without an effect', { key: 'dedicated', operator: 'Exists', tolerationSeconds: 60 }],
    ['with NoSchedule', { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }],
  ])('fails on tolerationSeconds %s', (_what, toleration) => {
    expect(messageOf(() => render({ tolerations: [toleration] })))
      .toBe('[test] \'server.tolerations[0].tolerationSeconds\' must only be set with the effect \'NoExecute\' (it is how long the pod stays on a node after such a taint appears), got 60; set the effect \'NoExecute\', or remove it');
  });

  test('fails on fractional tolerationSeconds', () => {
    expect(messageOf(() => render({ tolerations: [{ key: 'x', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1.5 }] })))
      .toBe('[test] \'server.tolerations[0].tolerationSeconds\' must be a whole number of seconds, got 1.5; use e.g. 300');
  });

  test('names the index of the bad toleration', () => {
    expect(messageOf(() => render({ tolerations: [{ operator: 'Exists' }, { key: 'a', operator: 'Bogus' }] })))
      .toMatch(/^\[test\] 'server\.tolerations\[1\]\.operator' /);
  });
});

describe('nodeSelector', () => {
  test('is sorted', () => {
    expect(render({ nodeSelector: { 'node.kubernetes.io/instance-type': 'm5.xlarge', 'kubernetes.io/arch': 'amd64' } }).spec.nodeSelector)
      .toEqual({ 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/instance-type': 'm5.xlarge' });
  });

  test('fails on a key that is no label key', () => {
    expect(messageOf(() => render({ nodeSelector: { 'pool name': 'spark' } })))
      .toBe('[test] \'server.nodeSelector.pool name\' key must have a name part of at most 63 letters, digits, \'-\', \'_\' or \'.\', got \'pool name\'; use a key such as \'example.com/team\'');
  });

  test('fails on a value that is no label value', () => {
    expect(messageOf(() => render({ nodeSelector: { pool: 'spark/jobs' } })))
      .toBe('[test] \'server.nodeSelector.pool\' must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), got \'spark/jobs\'; put longer or free-form text in an annotation');
  });

  test('fails on a value that is not a string (JavaScript)', () => {
    expect(messageOf(() => render({ nodeSelector: { gpu: true as any } })))
      .toBe('[test] \'server.nodeSelector.gpu\' must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), got true; put longer or free-form text in an annotation');
  });
});

describe('priorityClassName', () => {
  test('any other class passes', () => {
    expect(render({ priorityClassName: 'spark-batch' }).spec.priorityClassName).toBe('spark-batch');
  });

  test.each(['system-node-critical', 'system-cluster-critical'])('fails on the system class %s without the opt-out', (name) => {
    expect(messageOf(() => render({ priorityClassName: name })))
      .toBe(`[test] 'server.priorityClassName' must not be a system priority class (Spark pods there preempt and outlast cluster components such as DNS and the CNI), got '${name}'; create a PriorityClass of your own, e.g. 'spark-critical'${optOutFix('SYSTEM_PRIORITY_CLASS')}`);
  });

  test('a system class with the opt-out is kept and recorded', () => {
    const t = render({ priorityClassName: 'system-node-critical' }, { optOuts: [SecurityOptOut.SYSTEM_PRIORITY_CLASS] });
    expect(t.spec.priorityClassName).toBe('system-node-critical');
    expect(t.metadata.annotations).toEqual({ [SECURITY_OPT_OUTS_ANNOTATION]: 'system-priority-class' });
  });

  test('the message names the prop that holds the opt-outs', () => {
    expect(messageOf(() => render({ priorityClassName: 'system-node-critical' }, { optOutProp: 'executor.securityOptOuts', optOuts: [SecurityOptOut.WEAKER_SIDECAR] })))
      .toContain(optOutFix('SYSTEM_PRIORITY_CLASS', 'executor.securityOptOuts'));
  });

  test('fails on a name that cannot be a PriorityClass', () => {
    expect(messageOf(() => render({ priorityClassName: 'Spark_Batch' })))
      .toBe('[test] \'server.priorityClassName\' must be a PriorityClass name (a DNS-1123 subdomain: at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit), got \'Spark_Batch\'; use the name of a PriorityClass in the cluster, e.g. \'spark-batch\'');
  });
});

describe('schedulerName', () => {
  test('fails on a name that cannot be a scheduler', () => {
    expect(messageOf(() => render({ schedulerName: 'Volcano Scheduler' })))
      .toBe('[test] \'server.schedulerName\' must be a scheduler name (a DNS-1123 subdomain: at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit), got \'Volcano Scheduler\'; use the scheduler\'s name, e.g. \'volcano-scheduler\'');
  });
});

describe('affinity', () => {
  const NODE = 'server.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';

  function nodeTerm(expression: any): k8s.Affinity {
    return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expression] }] } } };
  }

  test('valid affinity passes unchanged', () => {
    const affinity: k8s.Affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }, { key: 'cpu-count', operator: 'Gt', values: ['4'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'spot', operator: 'DoesNotExist' }] } }],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'spark-role': 'executor' } } } }],
      },
    };
    expect(render({ affinity }).spec.affinity).toEqual(affinity);
  });

  test.each(['in', 'Equals', 'Exist'])('fails on the node selector operator %j', (operator) => {
    expect(messageOf(() => render({ affinity: nodeTerm({ key: 'kubernetes.io/arch', operator, values: ['amd64'] }) })))
      .toBe(`[test] '${NODE}[0].matchExpressions[0].operator' must be one of 'In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt', got '${operator}'; use e.g. 'In'`);
  });

  test('fails on In without values', () => {
    expect(messageOf(() => render({ affinity: nodeTerm({ key: 'kubernetes.io/arch', operator: 'In' }) })))
      .toBe(`[test] '${NODE}[0].matchExpressions[0].values' must hold at least one value with the operator 'In', got []; add the values to match, or use 'Exists'`);
  });

  test('fails on Exists with values', () => {
    expect(messageOf(() => render({ affinity: nodeTerm({ key: 'gpu', operator: 'Exists', values: ['true'] }) })))
      .toBe(`[test] '${NODE}[0].matchExpressions[0].values' must be empty with the operator 'Exists', got ['true']; remove them, or use 'In'`);
  });

  test('fails on Gt with a value that is not an integer', () => {
    expect(messageOf(() => render({ affinity: nodeTerm({ key: 'cpu-count', operator: 'Gt', values: ['four'] }) })))
      .toBe(`[test] '${NODE}[0].matchExpressions[0].values' must hold exactly one integer with the operator 'Gt', got ['four']; use e.g. ['4']`);
  });

  test('fails on a node selector key that is no label key', () => {
    expect(messageOf(() => render({ affinity: nodeTerm({ key: 'instance type', operator: 'Exists' }) })))
      .toBe(`[test] '${NODE}[0].matchExpressions[0].key' ${LABEL_KEY}, got 'instance type'; use a label key such as 'kubernetes.io/arch'`);
  });

  test('fails on a value that no label can have', () => {
    expect(messageOf(() => render({ affinity: nodeTerm({ key: 'pool', operator: 'In', values: ['spark jobs'] }) })))
      .toBe(`[test] '${NODE}[0].matchExpressions[0].values' ${LABEL_VALUE}, got 'spark jobs'; use the label values to match`);
  });

  test('fails on required node affinity without terms', () => {
    expect(messageOf(() => render({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } })))
      .toBe(`[test] '${NODE}' must hold at least one term, got []; add a term, or remove the required node affinity`);
  });

  test('fails on an empty node selector term, which matches no node', () => {
    expect(messageOf(() => render({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } })))
      .toBe(`[test] '${NODE}[0]' matches no node: it has neither matchExpressions nor matchFields, got {}; give it a requirement, e.g. { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }`);
  });

  test('fails on a pod affinity namespace that is no namespace name', () => {
    expect(messageOf(() => render({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', namespaces: ['Spark_Jobs'] }] } } })))
      .toBe('[test] \'server.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[0]\' must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit), got \'Spark_Jobs\'; use a name such as \'spark-jobs\'');
  });

  test('fails on matchFields other than metadata.name', () => {
    expect(messageOf(() => render({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'spec.unschedulable', operator: 'In', values: ['false'] }] }] } } } })))
      .toBe(`[test] '${NODE}[0].matchFields[0].key' must be 'metadata.name' (the only field a node selector matches), got 'spec.unschedulable'; use matchExpressions for node labels`);
  });

  test.each([0, 101, 2.5])('fails on the preference weight %j', (weight) => {
    expect(messageOf(() => render({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, preference: {} }] } } })))
      .toBe(`[test] 'server.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight' must be a whole number from 1 to 100, got ${weight}; use e.g. 50`);
  });

  test('fails on a pod affinity term without a topology key', () => {
    expect(messageOf(() => render({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '', labelSelector: { matchLabels: { app: 'x' } } }] } } })))
      .toBe('[test] \'server.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey\' must be set (the node label that defines a topology domain), got \'\'; use a node label such as \'kubernetes.io/hostname\' or \'topology.kubernetes.io/zone\'');
  });

  test('fails on a pod affinity selector operator that label selectors do not have', () => {
    expect(messageOf(() => render({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] } }] } } })))
      .toBe('[test] \'server.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator\' must be one of \'In\', \'NotIn\', \'Exists\', \'DoesNotExist\', got \'Gt\'; use e.g. \'In\'');
  });

  test('fails on a pod affinity matchLabels value that no label can have', () => {
    expect(messageOf(() => render({ affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'a b' } } } }] } } })))
      .toBe(`[test] 'server.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels.app' ${LABEL_VALUE}, got 'a b'; put longer or free-form text in an annotation`);
  });
});

test('fails on a node name field selector with two names', () => {
  const terms = [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a', 'node-b'] }] }];
  expect(messageOf(() => render({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } })))
    .toBe('[test] \'server.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values\' must hold exactly one node name, got [\'node-a\', \'node-b\']; use one term per node name');
});

describe('topologySpreadConstraints', () => {
  const HOST = 'kubernetes.io/hostname';

  test('none by default', () => {
    expect(render({ labels: { app: 'web' } }).spec.topologySpreadConstraints).toBeUndefined();
    expect(render({ topologySpreadConstraints: [] }).spec.topologySpreadConstraints).toBeUndefined();
  });

  test('defaults: maxSkew 1, ScheduleAnyway, the pods with the labels that select this one', () => {
    const spread = [{ topologyKey: HOST }];
    // The selector labels when the construct has them, else the pod's own labels (the construct's and the user's).
    expect(render({ labels: { team: 'data' }, topologySpreadConstraints: spread }, { labels: { app: 'web' }, selectorLabels: { app: 'web' } }).spec.topologySpreadConstraints)
      .toEqual([{ maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }]);
    expect(render({ labels: { team: 'data' }, topologySpreadConstraints: spread }, { labels: { app: 'web' } }).spec.topologySpreadConstraints[0].labelSelector)
      .toEqual({ matchLabels: { app: 'web', team: 'data' } });
  });

  test('every field in wire format', () => {
    const spread: SparkTopologySpread[] = [
      { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 2, whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE, matchLabels: { 'spark-role': 'executor' }, matchLabelKeys: ['spark-app-selector'] },
      { topologyKey: HOST, matchLabels: { 'spark-role': 'executor' } },
    ];
    expect(render({ topologySpreadConstraints: spread }).spec.topologySpreadConstraints).toEqual([
      { maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'spark-role': 'executor' } }, matchLabelKeys: ['spark-app-selector'] },
      { maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'spark-role': 'executor' } } },
    ]);
  });

  test('an application\'s executors spread over nodes per application, in the pod template the harness checks as a closed PodSpec', () => {
    const docs = synthChartValid((chart) => {
      new SparkApplication(chart, 'App', {
        mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
        mainClass: 'org.apache.spark.examples.SparkPi',
        executor: { instances: 4, topologySpreadConstraints: [{ topologyKey: HOST, matchLabels: { 'spark-role': 'executor' }, matchLabelKeys: ['spark-app-selector'] }] },
      });
    });
    expect(findObject(docs, 'SparkApplication').spec.executor.template.spec.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'spark-role': 'executor' } }, matchLabelKeys: ['spark-app-selector'],
    }]);
  });

  test.each<[string, SparkTopologySpread, string]>([
    ['maxSkew 0', { topologyKey: HOST, maxSkew: 0, matchLabels: { app: 'web' } },
      '\'server.topologySpreadConstraints[0].maxSkew\' must be a whole number, at least 1, got 0; use 1 for an even spread, or remove it'],
    ['a fractional maxSkew', { topologyKey: HOST, maxSkew: 1.5, matchLabels: { app: 'web' } },
      '\'server.topologySpreadConstraints[0].maxSkew\' must be a whole number, at least 1, got 1.5; use 1 for an even spread, or remove it'],
    ['an empty topologyKey', { topologyKey: '', matchLabels: { app: 'web' } },
      '\'server.topologySpreadConstraints[0].topologyKey\' must be set (the node label whose values are the topology domains), got \'\'; use a node label such as \'kubernetes.io/hostname\' or \'topology.kubernetes.io/zone\''],
    ['a topologyKey that is not a label key', { topologyKey: 'node zone', matchLabels: { app: 'web' } },
      `'server.topologySpreadConstraints[0].topologyKey' ${LABEL_KEY}, got 'node zone'; use a node label such as 'kubernetes.io/hostname' or 'topology.kubernetes.io/zone'`],
    ['an unknown whenUnsatisfiable', { topologyKey: HOST, whenUnsatisfiable: 'Never' as WhenUnsatisfiable, matchLabels: { app: 'web' } },
      '\'server.topologySpreadConstraints[0].whenUnsatisfiable\' must be one of WhenUnsatisfiable.DO_NOT_SCHEDULE, WhenUnsatisfiable.SCHEDULE_ANYWAY, got \'Never\'; use WhenUnsatisfiable.DO_NOT_SCHEDULE'],
    ['a whenUnsatisfiable in the wrong case', { topologyKey: HOST, whenUnsatisfiable: 'scheduleanyway' as WhenUnsatisfiable, matchLabels: { app: 'web' } },
      '\'server.topologySpreadConstraints[0].whenUnsatisfiable\' must be one of WhenUnsatisfiable.DO_NOT_SCHEDULE, WhenUnsatisfiable.SCHEDULE_ANYWAY, got \'scheduleanyway\'; use WhenUnsatisfiable.SCHEDULE_ANYWAY'],
    ['a pod with no labels to select', { topologyKey: HOST },
      '\'server.topologySpreadConstraints[0].matchLabels\' must select the pods to spread (this pod has no labels to default to, and a constraint that selects no pod spreads nothing), got nothing; set matchLabels to labels the pods share, e.g. { \'spark-role\': \'executor\' }, or give the pod labels'],
    ['a matchLabelKeys key that is also in matchLabels', { topologyKey: HOST, matchLabels: { app: 'web' }, matchLabelKeys: ['app'] },
      '\'server.topologySpreadConstraints[0].matchLabelKeys[0]\' must not also be a key of matchLabels (the API server refuses a key in both), got \'app\'; remove it from one of the two'],
    ['a matchLabelKeys entry that is not a label key', { topologyKey: HOST, matchLabels: { app: 'web' }, matchLabelKeys: ['Pod Template Hash'] },
      `'server.topologySpreadConstraints[0].matchLabelKeys[0]' ${LABEL_KEY}, got 'Pod Template Hash'; use a pod label key such as 'pod-template-hash'`],
  ])('fails on %s', (_what, spread, message) => {
    expect(messageOf(() => render({ topologySpreadConstraints: [spread] }))).toBe(`[test] ${message}`);
  });

  test('fails on two constraints on the same key and policy', () => {
    expect(messageOf(() => render({ labels: { app: 'web' }, topologySpreadConstraints: [{ topologyKey: HOST, maxSkew: 1 }, { topologyKey: HOST, maxSkew: 2 }] })))
      .toBe('[test] \'server.topologySpreadConstraints[1].topologyKey\' repeats a constraint on the same topologyKey with whenUnsatisfiable \'ScheduleAnyway\' (the API server refuses the duplicate), got \'kubernetes.io/hostname\'; merge the two constraints into one');
  });
});

describe('DNS settings and host aliases (checked as the API server checks them)', () => {
  test('valid settings pass as given: IPv4 and IPv6 servers, a search domain with its trailing dot, named options', () => {
    const dnsConfig = { nameservers: ['10.96.0.10', 'fd00::a'], searches: ['svc.cluster.local.', 'example.com'], options: [{ name: 'ndots', value: '2' }] };
    const hostAliases = [{ ip: '10.0.0.5', hostnames: ['db.internal', 'db'] }];
    const t = render({ dnsConfig, hostAliases });
    expect(t.spec.dnsConfig).toEqual(dnsConfig);
    expect(t.spec.hostAliases).toEqual(hostAliases);
  });

  test.each<[string, any, string]>([
    ['a nameserver that is no address', { dnsConfig: { nameservers: ['dns.example.com'] } },
      '[test] \'server.dnsConfig.nameservers[0]\' must be an IP address, got \'dns.example.com\'; use the server\'s address, e.g. \'10.96.0.10\''],
    ['four nameservers', { dnsConfig: { nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'] } },
      '[test] \'server.dnsConfig.nameservers\' lists more than 3 nameservers, which the resolver does not read, got [\'10.0.0.1\', \'10.0.0.2\', \'10.0.0.3\', \'10.0.0.4\']; keep at most 3'],
    ['a search domain with upper case and a space', { dnsConfig: { searches: ['Corp Example.com'] } },
      '[test] \'server.dnsConfig.searches[0]\' must be a search domain name (a DNS-1123 subdomain: at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit), got \'Corp Example.com\'; use e.g. \'corp-example.com\''],
    ['33 search domains', { dnsConfig: { searches: Array.from({ length: 33 }, (_, i) => `d${i}.example.com`) } },
      '[test] \'server.dnsConfig.searches\' lists more than 32 search domains, got 33; keep at most 32'],
    ['an option without a name', { dnsConfig: { options: [{ value: '2' }] } },
      '[test] \'server.dnsConfig.options[0].name\' must be set, got nothing; name the resolver option, e.g. { name: \'ndots\', value: \'2\' }'],
    ['a host alias without an address', { hostAliases: [{ hostnames: ['db'] }] },
      '[test] \'server.hostAliases[0].ip\' must be an IP address, got nothing; use the address the names resolve to, e.g. \'10.0.0.5\''],
    ['a host alias with a leading-zero address', { hostAliases: [{ ip: '010.0.0.5', hostnames: ['db'] }] },
      '[test] \'server.hostAliases[0].ip\' must be an IP address, got \'010.0.0.5\'; use the address the names resolve to, e.g. \'10.0.0.5\''],
    ['a host name with an underscore', { hostAliases: [{ ip: '10.0.0.5', hostnames: ['DB_Host'] }] },
      '[test] \'server.hostAliases[0].hostnames[0]\' must be a host name (a DNS-1123 subdomain: at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit), got \'DB_Host\'; use e.g. \'db-host\''],
  ])('fails on %s', (_what, options, message) => {
    expect(messageOf(() => render(options))).toBe(message);
  });

  test('the search list joined by spaces is at most 2048 characters', () => {
    const searches = Array.from({ length: 11 }, (_, i) => `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.d${i}.example.com`);
    expect(messageOf(() => render({ dnsConfig: { searches } })))
      .toBe(`[test] 'server.dnsConfig.searches' must be at most 2048 characters joined by spaces, got '${searches.join(' ').length} characters'; list fewer or shorter domains`);
  });
});
