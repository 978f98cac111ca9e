import { Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import {
  ApplicationFile, BudgetCheck, PodSecurityLevel, SparkApplication, SparkConnectServer, SparkJobNamespace, SparkSubmitJob,
} from '../../src';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

const MAIN = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };
const NETWORK = { apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] } };

describe('a team namespace', () => {
  test('Namespace, quota, container defaults and default deny; every workload placed in it gets policies', () => {
    const docs = synthChartValid((chart) => {
      const team = new SparkJobNamespace(chart, 'Team', {
        namespace: 'team-a', network: NETWORK, labels: { team: 'a' }, quota: { cpu: 24, memory: Size.gibibytes(96), pods: 60 },
      });
      new SparkApplication(chart, 'Etl', { ...MAIN, name: 'etl', jobNamespace: team });
    });
    expect(findObject(docs, 'Namespace').metadata).toEqual({
      name: 'team-a',
      labels: {
        'team': 'a',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'latest',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'latest',
      },
    });
    expect(findObject(docs, 'ResourceQuota').spec).toEqual({ hard: { 'requests.cpu': '24', 'requests.memory': '96Gi', 'limits.memory': '96Gi', 'pods': '60' } });
    expect(findObject(docs, 'LimitRange').spec).toEqual({ limits: [{ type: 'Container', defaultRequest: { cpu: '100m', memory: '256Mi' }, default: { memory: '256Mi' } }] });
    expect(findObject(docs, 'NetworkPolicy', 'default-deny').metadata).toEqual({ name: 'default-deny', namespace: 'team-a', labels: { team: 'a' } });
    expect(findObjects(docs, 'NetworkPolicy').map((p) => p.metadata.name).sort()).toEqual(['default-deny', 'etl-driver', 'etl-executors']);
  });

  test('another Pod Security level, container defaults without a quota, and a namespace managed elsewhere', () => {
    const docs = synthChartValid((chart) => {
      new SparkJobNamespace(chart, 'A', { namespace: 'a', podSecurityLevel: PodSecurityLevel.BASELINE, podSecurityVersion: 'v1.33', containerDefaults: { cpu: 0.25, memory: Size.mebibytes(512) } });
      new SparkJobNamespace(chart, 'B', { namespace: 'b', createNamespace: false });
    });
    expect(findObject(docs, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(findObject(docs, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.33');
    expect(findObjects(docs, 'Namespace').map((n) => n.metadata.name)).toEqual(['a']);
    expect(findObjects(docs, 'ResourceQuota')).toEqual([]);
    expect(findObject(docs, 'LimitRange').spec.limits[0]).toEqual({ type: 'Container', defaultRequest: { cpu: '250m', memory: '512Mi' }, default: { memory: '512Mi' } });
  });

  test('Kubernetes\' own namespaces are never created', () => {
    const docs = synthChartValid((chart) => {
      new SparkJobNamespace(chart, 'Default', { namespace: 'default' });
    }, { allowDefaultNamespace: true });
    expect(findObjects(docs, 'Namespace')).toEqual([]);
  });

  test('the budget table: each workload placed in the namespace and what it asks for at most', () => {
    let table: any[] = [];
    const budgets: any = {};
    synthChartValid((chart) => {
      const team = new SparkJobNamespace(chart, 'Team', { namespace: 'team-a', quota: { cpu: 100, memory: Size.gibibytes(400) } });
      const etl = new SparkApplication(chart, 'Etl', { ...MAIN, name: 'etl', jobNamespace: team, executor: { instances: 4, cores: 2 } });
      const bi = new SparkConnectServer(chart, 'Bi', {
        name: 'bi', jobNamespace: team, authenticationSecret: { secret: Secret.fromSecretName(chart, 'T', 't'), key: 'token' },
      });
      const job = new SparkSubmitJob(chart, 'Job', { ...MAIN, name: 'job', jobNamespace: team });
      // Outside the namespace: not in its table.
      new SparkApplication(chart, 'Other', { ...MAIN, name: 'other', namespace: 'elsewhere' });
      Object.assign(budgets, { etl: etl.resourceBudget, bi: bi.resourceBudget, job: job.resourceBudget });
      table = team.budgetTable();
    });
    expect(table).toEqual([
      { workload: 'test/Etl', kind: 'SparkApplication', name: 'etl', cpu: budgets.etl.totalCpu, memoryMebibytes: budgets.etl.totalMemoryMebibytes },
      { workload: 'test/Bi', kind: 'SparkConnectServer', name: 'bi', cpu: budgets.bi.totalCpu, memoryMebibytes: budgets.bi.totalMemoryMebibytes },
      // The submitter pod counts too: 250m and 768 MiB.
      { workload: 'test/Job', kind: 'SparkSubmitJob', name: 'job', cpu: budgets.job.totalCpu + 0.25, memoryMebibytes: budgets.job.totalMemoryMebibytes + 768 },
    ]);
    expect(budgets.etl.totalCpu).toBe(budgets.etl.driverCpu + 4 * 2);
  });
});

describe('bad tenancy input (exact messages)', () => {
  test('a quota smaller than one workload\'s budget, even when over-budget only warns', () => {
    const message = chartErrorOf((chart) => {
      const team = new SparkJobNamespace(chart, 'Team', { namespace: 'team-a', quota: { cpu: 4, memory: Size.gibibytes(64), overBudget: BudgetCheck.WARN } });
      new SparkApplication(chart, 'Etl', { ...MAIN, name: 'etl', jobNamespace: team, executor: { instances: 4, cores: 2 } });
    });
    expect(message).toContain('[test/Team] \'quota.cpu\' is below what SparkApplication test/Etl alone asks for (9 cores), so it could never run in full, got 4; '
      + 'raise \'quota.cpu\' to at least 9, or give the workload fewer or smaller executors');
  });

  test('workloads that together exceed the quota', () => {
    const message = chartErrorOf((chart) => {
      const team = new SparkJobNamespace(chart, 'Team', { namespace: 'team-a', quota: { cpu: 10, memory: Size.gibibytes(64) } });
      new SparkApplication(chart, 'A', { ...MAIN, name: 'a', jobNamespace: team, executor: { instances: 3, cores: 2 } });
      new SparkApplication(chart, 'B', { ...MAIN, name: 'b', jobNamespace: team, executor: { instances: 3, cores: 2 } });
    });
    expect(message).toContain('[test/Team] \'quota.cpu\' is below what the 2 workloads placed in \'team-a\' ask for together (14 cores: SparkApplication test/A: 7 cores, ');
    expect(message).toContain('raise \'quota.cpu\' to at least 14, or run fewer or smaller workloads there, or set \'quota.overBudget: BudgetCheck.WARN\' to let the quota hold pods back at run time');
  });

  test('workloads that together exceed the quota only warn when told so', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      synthChartValid((chart) => {
        const team = new SparkJobNamespace(chart, 'Team', { namespace: 'team-a', quota: { cpu: 10, memory: Size.gibibytes(64), overBudget: BudgetCheck.WARN } });
        new SparkApplication(chart, 'A', { ...MAIN, name: 'a', jobNamespace: team, executor: { instances: 3, cores: 2 } });
        new SparkApplication(chart, 'B', { ...MAIN, name: 'b', jobNamespace: team, executor: { instances: 3, cores: 2 } });
      });
      // One warning per App (the harness builds two, to compare them).
      expect([...new Set(warn.mock.calls.map((c) => String(c[0])))]).toEqual([expect.stringMatching(/^\[test\/Team\] warning: 'quota.cpu' is below what the 2 workloads .*; raise 'quota.cpu' to at least 14, or run fewer or smaller workloads there$/)]);
    } finally {
      warn.mockRestore();
    }
  });

  test('the same namespace claimed by two team constructs', () => {
    expect(chartErrorOf((chart) => {
      new SparkJobNamespace(chart, 'A', { namespace: 'team-a' });
      new SparkJobNamespace(chart, 'B', { namespace: 'team-a' });
    })).toBe('[test/B] \'namespace\' is already claimed by test/A: one construct owns a namespace\'s quota, policies and Namespace object, got \'team-a\'; '
      + 'create one SparkJobNamespace per namespace and pass it to every workload there as \'jobNamespace\'');
  });

  test('a workload placed in a default-deny namespace without policies of its own', () => {
    expect(chartErrorOf((chart) => {
      new SparkJobNamespace(chart, 'Team', { namespace: 'team-a', network: NETWORK });
      new SparkApplication(chart, 'Etl', { ...MAIN, name: 'etl', namespace: 'team-a' });
    })).toContain('[test/Team] \'network\' denies all traffic in \'team-a\' by default, but SparkApplication test/Etl placed there has no NetworkPolicies of its own, so it would be cut off, '
      + 'got \'<cluster network>\'; pass this namespace to it as \'jobNamespace\' (or give it \'network\')');
  });

  test.each<[string, any, string]>([
    ['creating a namespace Kubernetes manages', { namespace: 'default', createNamespace: true },
      '[test/T] \'createNamespace\' would emit and manage the Namespace \'default\', which Kubernetes creates and every cluster relies on (pruning or deleting it with the release breaks the cluster), got true; '
      + 'remove \'createNamespace\': the namespace exists on every cluster'],
    ['Pod Security labels on a namespace it does not create', { namespace: 'a', createNamespace: false, podSecurityLevel: PodSecurityLevel.BASELINE },
      '[test/T] \'podSecurityLevel\' labels the Namespace this construct creates, but \'createNamespace\' is false (it would be dropped), got \'baseline\'; remove it, or label the namespace where it is managed'],
    ['a Pod Security version that is none', { namespace: 'a', podSecurityVersion: '1.33' },
      '[test/T] \'podSecurityVersion\' must be \'latest\' or a Kubernetes minor version such as \'v1.33\' (the Pod Security admission controller reads no other), got \'1.33\'; use \'v1.33\''],
    ['a quota of no CPU', { namespace: 'a', quota: { cpu: 0, memory: Size.gibibytes(1) } },
      '[test/T] \'quota.cpu\' must be a positive number of cores in whole millicores, got 0; use e.g. 0.001'],
    ['a quota finer than millicores', { namespace: 'a', quota: { cpu: 0.0005, memory: Size.gibibytes(1) } },
      '[test/T] \'quota.cpu\' must be a positive number of cores in whole millicores, got 0.0005; use e.g. 0.001'],
    ['a pod count of zero', { namespace: 'a', quota: { cpu: 1, memory: Size.gibibytes(1), pods: 0 } },
      '[test/T] \'quota.pods\' must be a whole number of at least 1, got 0; use e.g. 50, or remove it'],
    ['a quota without CPU', { namespace: 'a', quota: { memory: Size.gibibytes(1) } },
      '[test/T] \'quota.cpu\' must be set (a quota without CPU would leave CPU unbounded), got nothing; use a number of cores, e.g. 16'],
    ['a quota without memory', { namespace: 'a', quota: { cpu: 1 } },
      '[test/T] \'quota.memory\' must be a Size, got nothing; use e.g. Size.gibibytes(64)'],
  ])('%s', (_what, props, message) => {
    expect(chartErrorOf((chart) => new SparkJobNamespace(chart, 'T', props))).toBe(message);
  });
});
