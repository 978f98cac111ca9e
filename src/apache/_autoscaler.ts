import { IConstruct } from 'constructs';
import { meantName, oneOf } from '../_message';
import { checkInteger, checkRequired, fail } from '../_validation';

/**
 * The worker autoscaler's metrics and behavior, checked as the API server
 * checks the HorizontalPodAutoscaler the Apache operator creates from them
 * (kubernetes/kubernetes pkg/apis/autoscaling/validation/validation.go:
 * validateMetricSpec, validateMetricTarget, validateScalingRules, with
 * MaxStabilizationWindowSeconds 3600 and MaxPeriodSeconds 1800). The
 * operator creates it while reconciling, after the manifests are applied, so
 * a mistake here would surface only in the operator's log.
 */

/** Each metric type and the field of its source. */
const SOURCES: { [type: string]: string } = {
  Resource: 'resource', ContainerResource: 'containerResource', Pods: 'pods', Object: 'object', External: 'external',
};
/** Each target type and the field that holds its value. */
const TARGETS: { [type: string]: string } = { Utilization: 'averageUtilization', AverageValue: 'averageValue', Value: 'value' };
const SELECT_POLICIES = ['Max', 'Min', 'Disabled'];
const POLICY_TYPES = ['Pods', 'Percent'];
const MAX_STABILIZATION_WINDOW = 3600;
const MAX_POLICY_PERIOD = 1800;

/** Checks the metrics and behavior of the autoscaler in wire format. */
export function checkAutoscaler(scope: IConstruct, prop: string, metrics: any[] | undefined, behavior: any): void {
  (metrics ?? []).forEach((metric, i) => checkMetric(scope, `${prop}.metrics[${i}]`, metric));
  for (const direction of ['scaleUp', 'scaleDown']) {
    if (behavior?.[direction] !== undefined) checkScalingRules(scope, `${prop}.behavior.${direction}`, behavior[direction]);
  }
}

function checkMetric(scope: IConstruct, prop: string, metric: any): void {
  const source = SOURCES[metric.type];
  if (source === undefined) {
    fail(scope, `${prop}.type`, metric.type, `must be ${oneOf(Object.keys(SOURCES))}`, 'use \'Resource\' with { resource: { name: \'cpu\', target: { type: \'Utilization\', averageUtilization: 70 } } }');
  }
  const others = Object.values(SOURCES).filter((s) => s !== source && metric[s] !== undefined);
  if (metric[source] === undefined) {
    fail(scope, `${prop}.${source}`, undefined, `must be set for a metric of type '${metric.type}'`, others.length > 0 ? `set the type that matches '${others[0]}'` : `describe the metric in '${source}'`);
  }
  if (others.length > 0) {
    fail(scope, `${prop}.${others[0]}`, metric[others[0]], `must not be set on a metric of type '${metric.type}' (a metric has one source)`, 'remove it, or make it a metric of its own');
  }
  checkTarget(scope, `${prop}.${source}.target`, metric[source].target);
}

function checkTarget(scope: IConstruct, prop: string, target: any): void {
  const field = TARGETS[target?.type];
  if (field === undefined) {
    fail(scope, `${prop}.type`, target?.type, `must be ${oneOf(Object.keys(TARGETS))}`, 'use e.g. { type: \'Utilization\', averageUtilization: 70 }');
  }
  const value = target[field];
  // A utilization is a whole percentage; a Quantity is rendered as its string or number, and is not above 0
  // when it is negative or a zero in any unit ('0', '0.0', '0m').
  const positive = field === 'averageUtilization' ? Number.isInteger(value) && value > 0 : value !== undefined && !/^(-|0+(\.0*)?([a-zA-Z]*)$)/.test(String(value));
  if (!positive) {
    fail(scope, `${prop}.${field}`, value, `must be set above 0 for a target of type '${target.type}'`,
      field === 'averageUtilization' ? 'use a percentage of the request, e.g. 70' : `use e.g. k8s.Quantity.fromString('${field === 'value' ? '100' : '500m'}')`);
  }
}

function checkScalingRules(scope: IConstruct, prop: string, rules: any): void {
  const window = rules.stabilizationWindowSeconds;
  if (window !== undefined && !(Number.isInteger(window) && window >= 0 && window <= MAX_STABILIZATION_WINDOW)) {
    fail(scope, `${prop}.stabilizationWindowSeconds`, window, `must be a whole number of seconds from 0 to ${MAX_STABILIZATION_WINDOW}`, 'use e.g. 300');
  }
  if (rules.selectPolicy !== undefined && !SELECT_POLICIES.includes(rules.selectPolicy)) {
    fail(scope, `${prop}.selectPolicy`, rules.selectPolicy, `must be ${oneOf(SELECT_POLICIES)}`,
      `use '${meantName(String(rules.selectPolicy), SELECT_POLICIES) ?? 'Max'}'`);
  }
  (rules.policies ?? []).forEach((policy: any, i: number) => {
    const at = `${prop}.policies[${i}]`;
    if (!POLICY_TYPES.includes(policy.type)) fail(scope, `${at}.type`, policy.type, `must be ${oneOf(POLICY_TYPES)}`, 'use \'Pods\' (a count of workers) or \'Percent\'');
    checkRequired(scope, `${at}.value`, policy.value, 'use e.g. 1');
    checkInteger(scope, `${at}.value`, policy.value, 1, 'use e.g. 1');
    if (!(Number.isInteger(policy.periodSeconds) && policy.periodSeconds > 0 && policy.periodSeconds <= MAX_POLICY_PERIOD)) {
      fail(scope, `${at}.periodSeconds`, policy.periodSeconds, `must be a whole number of seconds from 1 to ${MAX_POLICY_PERIOD}`, 'use e.g. 60');
    }
  });
}
