import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkObject, sizeKibibytes } from './_props';
import { SparkBudgetRow, SparkContainerDefaults, SparkNamespaceQuota, BudgetCheck } from './namespace-quota';
import { WorkloadUse, workloadsIn } from '../_registry';
import { checkBoolean, checkEnum, checkNumber, fail, problem, sorted } from '../_validation';
import { ClusterNetwork, renderDefaultDeny } from '../network/_policy';
import { checkPodSecurity, podSecurityLabels } from '../pod/_pod-security-labels';
import { cpuQuantity } from '../pod/_resources';
import { PodSecurityLevel } from '../pod/pod-security-level';
import { kubernetesQuantity } from '../spark/_memory';

/**
 * A team namespace: the Namespace itself with Pod Security labels, its
 * ResourceQuota and LimitRange, a default-deny NetworkPolicy, and the
 * synth-time checks over the workloads placed in it (their budget against
 * the quota, their policies against the default deny).
 */

/** What a team namespace is made of, as props give it. */
export interface TenancyProps {
  readonly createNamespace?: boolean;
  readonly podSecurityLevel?: PodSecurityLevel;
  readonly podSecurityVersion?: string;
  readonly quota?: SparkNamespaceQuota;
  readonly containerDefaults?: SparkContainerDefaults;
}

/** The checked quota: CPU in millicores, memory in KiB. */
interface Quota {
  readonly cpuMillis: number;
  readonly memoryKib: number;
  readonly pods?: number;
  readonly overBudget: BudgetCheck;
}

/** Checks the props of a team namespace; returns the quota in whole units. */
export function checkTenancy(scope: IConstruct, props: TenancyProps): Quota | undefined {
  checkBoolean(scope, 'createNamespace', props.createNamespace);
  checkPodSecurity(scope, props.podSecurityLevel, props.podSecurityVersion);
  if (props.createNamespace === false) {
    for (const prop of ['podSecurityLevel', 'podSecurityVersion'] as const) {
      if (props[prop] !== undefined) {
        fail(scope, prop, props[prop], 'labels the Namespace this construct creates, but \'createNamespace\' is false (it would be dropped)',
          'remove it, or label the namespace where it is managed');
      }
    }
  }
  const defaults = props.containerDefaults;
  if (defaults !== undefined) {
    checkObject(scope, 'containerDefaults', defaults, '{ cpu: 0.1, memory: Size.mebibytes(256) }');
    if (defaults.cpu !== undefined) cores(scope, 'containerDefaults.cpu', defaults.cpu);
    if (defaults.memory !== undefined) sizeKibibytes(scope, 'containerDefaults.memory', defaults.memory, 'use e.g. Size.mebibytes(256)');
  }
  const quota = props.quota;
  if (quota === undefined) return undefined;
  checkObject(scope, 'quota', quota, '{ cpu: 16, memory: Size.gibibytes(64) }');
  checkEnum(scope, 'quota.overBudget', quota.overBudget, BudgetCheck, 'BudgetCheck');
  checkNumber(scope, 'quota.pods', quota.pods, 'use a whole number of pods, e.g. 50');
  if (quota.pods !== undefined && (!Number.isInteger(quota.pods) || quota.pods < 1)) {
    fail(scope, 'quota.pods', quota.pods, 'must be a whole number of at least 1', 'use e.g. 50, or remove it');
  }
  return {
    cpuMillis: cores(scope, 'quota.cpu', quota.cpu),
    memoryKib: sizeKibibytes(scope, 'quota.memory', quota.memory, 'use e.g. Size.gibibytes(64)'),
    pods: quota.pods,
    overBudget: quota.overBudget ?? BudgetCheck.FAIL,
  };
}

/** Cores as whole millicores (Kubernetes refuses finer CPU quantities). */
function cores(scope: IConstruct, prop: string, value: unknown): number {
  checkNumber(scope, prop, value, 'use a number of cores, e.g. 16 or 0.5');
  if (value === undefined) fail(scope, prop, value, 'must be set (a quota without CPU would leave CPU unbounded)', 'use a number of cores, e.g. 16');
  const millis = Math.round((value as number) * 1e6) / 1e3;
  if (!(millis > 0) || !Number.isInteger(millis)) {
    fail(scope, prop, value, 'must be a positive number of cores in whole millicores', `use e.g. ${Math.max(Math.round(millis), 1) / 1000}`);
  }
  return millis;
}

/** The Namespace, quota, container defaults and default-deny policy of a team namespace. */
export function renderTenancy(scope: Construct, namespace: string, props: TenancyProps, quota: Quota | undefined, options: {
  readonly labels?: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
  readonly network?: ClusterNetwork;
}): void {
  if (props.createNamespace ?? true) {
    const object = new ApiObject(scope, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: sorted({ ...options.labels, ...podSecurityLabels(props.podSecurityLevel, props.podSecurityVersion) }),
        annotations: options.annotations,
      },
    });
    // A Namespace has no namespace: the chart's would be cleared by the API server (and show in every diff).
    if (Chart.of(scope).namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  const metadata = (name: string) => ({ name, namespace, labels: options.labels });
  if (quota) {
    const memory = kubernetesQuantity(quota.memoryKib);
    new ApiObject(scope, 'ResourceQuota', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: metadata('spark-quota'),
      spec: {
        hard: {
          'requests.cpu': cpuQuantity(quota.cpuMillis),
          'requests.memory': memory,
          'limits.memory': memory,
          ...(quota.pods !== undefined ? { pods: String(quota.pods) } : {}),
        },
      },
    });
  }
  if (quota || props.containerDefaults) {
    const defaults = props.containerDefaults ?? {};
    const memory = kubernetesQuantity(defaults.memory ? sizeKibibytes(scope, 'containerDefaults.memory', defaults.memory, '') : 256 * 1024);
    new ApiObject(scope, 'LimitRange', {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: metadata('spark-container-defaults'),
      spec: {
        limits: [{
          type: 'Container',
          defaultRequest: { cpu: cpuQuantity(defaults.cpu !== undefined ? cores(scope, 'containerDefaults.cpu', defaults.cpu) : 100), memory },
          // No default CPU limit: a limit throttles, and Spark sizes its threads by cores, not by a limit.
          default: { memory },
        }],
      },
    });
  }
  if (options.network) {
    renderDefaultDeny(scope, 'DefaultDeny', namespace, options.labels);
  }
}

/** The warnings each team namespace printed. */
const warned = new WeakMap<IConstruct, Set<string>>();

/** The budget table of a namespace: every Spark workload placed in it and what it asks for. */
export function budgetRows(scope: IConstruct, namespace: string): SparkBudgetRow[] {
  return workloadsIn(scope, namespace).map(row);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function row(use: WorkloadUse): SparkBudgetRow {
  const budget = use.budget();
  return { workload: use.workload.node.path, kind: use.kind, name: use.name, cpu: round(budget.cpu), memoryMebibytes: round(budget.memoryMebibytes) };
}

function describe(rows: SparkBudgetRow[]): string {
  return rows.map((r) => `${r.kind} ${r.workload}: ${r.cpu} cores, ${r.memoryMebibytes} MiB`).join('; ');
}

/**
 * At synth: the workloads placed in the namespace against its quota (one
 * that alone exceeds it always fails; together, as `overBudget` says) and,
 * under a default deny, each with its own policies.
 */
export function tenancyFindings(scope: IConstruct, namespace: string, quota: Quota | undefined, network: ClusterNetwork | undefined): string[] {
  const errors: string[] = [];
  const uses = workloadsIn(scope, namespace);
  if (network) {
    for (const use of uses.filter((u) => !u.policies())) {
      errors.push(problem('network', '<cluster network>', `denies all traffic in '${namespace}' by default, but ${use.kind} ${use.workload.node.path} placed there has no NetworkPolicies of its own, so it would be cut off`,
        'pass this namespace to it as \'jobNamespace\' (or give it \'network\')'));
    }
  }
  if (!quota) return errors;
  const rows = uses.map(row);
  const cpu = quota.cpuMillis / 1000;
  const memory = quota.memoryKib / 1024;
  for (const r of rows) {
    if (r.cpu > cpu) {
      errors.push(problem('quota.cpu', cpu, `is below what ${r.kind} ${r.workload} alone asks for (${r.cpu} cores), so it could never run in full`,
        `raise 'quota.cpu' to at least ${r.cpu}, or give the workload fewer or smaller executors`));
    }
    if (r.memoryMebibytes > memory) {
      errors.push(problem('quota.memory', `${memory} MiB`, `is below what ${r.kind} ${r.workload} alone asks for (${r.memoryMebibytes} MiB), so it could never run in full`,
        `raise 'quota.memory' to at least Size.mebibytes(${Math.ceil(r.memoryMebibytes)}), or give the workload fewer or smaller executors`));
    }
  }
  const total = { cpu: round(rows.reduce((a, r) => a + r.cpu, 0)), memory: round(rows.reduce((a, r) => a + r.memoryMebibytes, 0)) };
  const over = [
    ...(total.cpu > cpu ? [{ prop: 'quota.cpu', value: cpu, sum: `${total.cpu} cores`, fix: `raise 'quota.cpu' to at least ${total.cpu}` }] : []),
    ...(total.memory > memory ? [{ prop: 'quota.memory', value: `${memory} MiB`, sum: `${total.memory} MiB`, fix: `raise 'quota.memory' to at least Size.mebibytes(${Math.ceil(total.memory)})` }] : []),
  ];
  // One workload above the whole quota is reported above, alone.
  if (rows.some((r) => r.cpu > cpu || r.memoryMebibytes > memory)) return errors;
  const warn = quota.overBudget === BudgetCheck.WARN;
  for (const o of over) {
    const text = problem(o.prop, o.value, `is below what the ${rows.length} workloads placed in '${namespace}' ask for together (${o.sum}: ${describe(rows)})`,
      `${o.fix}, or run fewer or smaller workloads there${warn ? '' : ', or set \'quota.overBudget: BudgetCheck.WARN\' to let the quota hold pods back at run time'}`);
    if (warn) {
      // Once per construct: cdk8s may validate an App more than once.
      const shown = warned.get(scope) ?? new Set<string>();
      warned.set(scope, shown);
      // eslint-disable-next-line no-console
      if (!shown.has(text)) console.warn(`[${scope.node.path}] warning: ${text}`);
      shown.add(text);
    } else {
      errors.push(text);
    }
  }
  return errors;
}
