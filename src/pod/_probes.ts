import { IConstruct } from 'constructs';
import { checkInteger, fail } from '../_validation';

/**
 * Probes and lifecycle hooks as the API server checks them
 * (kubernetes/kubernetes pkg/apis/core/validation/validation.go:
 * validateProbe, validateLivenessProbe and validateStartupProbe,
 * validateHandler, validateLifecycle, validateInitContainers), and the port
 * a probe or hook calls as the kubelet looks it up: a named port that is not
 * one of the container's is never found, so the probe never passes.
 */

/** How an example probe is written, for messages. */
export const PROBE_EXAMPLE = '{ tcpSocket: { port: k8s.IntOrString.fromString(\'http\') } }';

const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'];
const HOOK_HANDLERS = ['exec', 'httpGet', 'tcpSocket'];
/** Fields of a probe the API server requires to be 0 or more (0 takes Kubernetes' default). */
const NON_NEGATIVE = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

/** Checks a probe in wire format; `ports` are the container's port names. Returns its one handler. */
export function checkProbe(scope: IConstruct, prop: string, wire: any, ports: readonly string[]): string | undefined {
  const handler = checkOneHandler(scope, prop, wire, PROBE_HANDLERS, `use e.g. ${PROBE_EXAMPLE}`);
  if (handler === 'httpGet' || handler === 'tcpSocket') checkPort(scope, `${prop}.${handler}.port`, wire[handler].port, ports);
  if (handler === 'grpc') checkPort(scope, `${prop}.grpc.port`, wire.grpc.port, []);
  for (const field of NON_NEGATIVE) checkInteger(scope, `${prop}.${field}`, wire[field], 0, 'use e.g. 10, or leave it out for the default');
  checkInteger(scope, `${prop}.terminationGracePeriodSeconds`, wire.terminationGracePeriodSeconds, 1, 'use e.g. 30, or leave it out for the pod\'s');
  // A liveness or startup probe passes on one success; the API server refuses any other threshold.
  if (/(liveness|startup)Probe$/.test(prop) && wire.successThreshold !== undefined && wire.successThreshold > 1) {
    fail(scope, `${prop}.successThreshold`, wire.successThreshold, 'must be 1 for a liveness or startup probe', 'remove it (only a readiness probe counts successes)');
  }
  return handler;
}

/** Checks lifecycle hooks in wire format: each exactly one handler, on a port of the container. */
export function checkLifecycle(scope: IConstruct, prop: string, wire: any, ports: readonly string[]): void {
  for (const hook of ['postStart', 'preStop']) {
    if (wire[hook] === undefined) continue;
    const handler = checkOneHandler(scope, `${prop}.${hook}`, wire[hook], HOOK_HANDLERS, 'use e.g. { exec: { command: [\'sleep\', \'5\'] } }');
    if (handler === 'httpGet' || handler === 'tcpSocket') checkPort(scope, `${prop}.${hook}.${handler}.port`, wire[hook][handler].port, ports);
  }
}

function checkOneHandler(scope: IConstruct, prop: string, wire: any, handlers: string[], fix: string): string | undefined {
  const given = handlers.filter((h) => wire[h] !== undefined);
  if (given.length !== 1) {
    const names = `${handlers.slice(0, -1).join(', ')} or ${handlers[handlers.length - 1]}`;
    fail(scope, prop, given, `must have exactly one handler: ${names}`, given.length === 0 ? fix : `keep one of ${given.join(' and ')}`);
  }
  return given[0];
}

/** A port a probe or hook calls: a number from 1 to 65535, or the name of a port of the container. */
function checkPort(scope: IConstruct, prop: string, port: unknown, ports: readonly string[]): void {
  // No port: the runtime-type table reports it (each handler's port is required), or a bare number that
  // cdk8s-plus dropped (it renders `port.value`) as not a k8s.IntOrString.
  if (port === undefined) return;
  const valid = typeof port === 'string' ? ports.includes(port) : Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535;
  if (!valid) {
    const names = ports.length === 0 ? 'a number from 1 to 65535 (the container names no ports)' : `a number from 1 to 65535 or the name of a port of the container (${ports.join(', ')})`;
    fail(scope, prop, port, `must be ${names}`,
      ports.length === 0 ? 'use e.g. k8s.IntOrString.fromNumber(8080), or name the port in the container\'s ports' : `use k8s.IntOrString.fromString('${ports.includes('http') ? 'http' : ports[0]}')`);
  }
}
