import type { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { plus } from '../_plus';
import { checkContainerEnv } from './_env';
import { checkContainerImage } from './_image';
import { checkMountPath, checkSensitiveMount, checkSubPath, normalizeMountPath } from './_mounts';
import { checkLifecycle, checkProbe } from './_probes';
import { ResolvedSecurity, sidecarSecurity } from './_security';
import { SparkContainerPort } from './pod-options';
import { SecurityOptOut } from './security-opt-out';
import { secretReferenceProblem } from '../_input';
import { meantName, oneOf } from '../_message';
import { checkNoSecretIn, DNS_1123_LABEL, fail, portNameProblem, suggestDns1035 } from '../_validation';

/**
 * The containers of one pod: the Spark container's ports, and the sidecars
 * and init containers with their names, images, resources, ports, env,
 * command lines, mounts and security, each checked against the whole pod.
 */

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** The protocol a value not among `PROTOCOLS` meant ('udp' → 'UDP'), else TCP, for a fix. */
const meantProtocol = (value: unknown) => (typeof value === 'string' && PROTOCOLS.includes(value.toUpperCase()) ? value.toUpperCase() : 'TCP');

/** What the containers of a pod share, so no name or port repeats across them. */
export interface PodContainers {
  readonly scope: IConstruct;
  /** Container name → who has it (for messages). */
  readonly names: Map<string, string>;
  /** Port name → container name. */
  readonly portNames: Map<string, string>;
  /** `<number>/<protocol>` → container name. */
  readonly portNumbers: Map<string, string>;
  /** Names of the pod's volumes (a sidecar may mount only these). */
  readonly volumeNames: string[];
  readonly security: ResolvedSecurity;
  readonly optOuts?: SecurityOptOut[];
  readonly optOutProp: string;
}

/** The shared state, with the Spark container's name taken. */
export function podContainers(scope: IConstruct, main: string, rest: Omit<PodContainers, 'scope' | 'names' | 'portNames' | 'portNumbers'>): PodContainers {
  return { scope, names: new Map([[main, 'the pod\'s main container']]), portNames: new Map(), portNumbers: new Map(), ...rest };
}

/** Checks the Spark container's ports (the construct's and the user's) and returns them in wire format. */
export function renderPorts(pod: PodContainers, prop: string, container: string, ports: SparkContainerPort[]): any[] {
  const { scope } = pod;
  return ports.map((port, i) => {
    const problem = portNameProblem(port.name);
    if (problem) {
      fail(scope, `${prop}[${i}].name`, port.name, problem, 'use a short name such as \'metrics\'');
    }
    if (pod.portNames.has(port.name)) {
      fail(scope, `${prop}[${i}].name`, port.name, 'repeats a port name', 'give each port its own name');
    }
    if (!Number.isInteger(port.number) || port.number < 1 || port.number > 65535) {
      fail(scope, `${prop}[${i}].number`, port.number, 'must be a whole number from 1 to 65535', 'pick a free port above 1024');
    }
    const protocol = port.protocol ?? 'TCP';
    if (!PROTOCOLS.includes(protocol)) {
      fail(scope, `${prop}[${i}].protocol`, port.protocol, 'must be \'TCP\', \'UDP\' or \'SCTP\'', `use Protocol.${meantProtocol(port.protocol)}`);
    }
    if ([...pod.portNumbers.keys()].some((k) => k.startsWith(`${port.number}/`))) {
      fail(scope, `${prop}[${i}].number`, port.number, 'repeats a port number', 'give each port its own number');
    }
    pod.portNames.set(port.name, container);
    pod.portNumbers.set(`${port.number}/${protocol}`, container);
    return { name: port.name, containerPort: port.number, protocol };
  });
}

/** Checks sidecars or init containers and returns them in wire format, hardened like the pod. */
export function renderExtraContainers(pod: PodContainers, prop: string, containers: k8s.Container[] | undefined, init: boolean): any[] {
  return (containers ?? []).map((c, i) => {
    const wire: any = plus().k8s.toJson_Container(c);
    const where = `${prop}[${i}]`;
    checkContainerName(pod, `${where}.name`, wire.name);
    const { scope, security, optOuts, optOutProp } = pod;
    wire.securityContext = sidecarSecurity({ scope, where, own: wire.securityContext, pod: security, optOuts, optOutProp });
    checkResources(pod.scope, where, wire);
    checkContainerImage(pod.scope, `${where}.image`, wire.image);
    wire.imagePullPolicy = wire.imagePullPolicy ?? 'IfNotPresent';
    checkContainerPorts(pod, where, wire.name, wire.ports ?? []);
    checkContainerEnv(pod.scope, `${where}.env`, wire.env);
    checkCommandLine(pod.scope, where, wire);
    checkNoSecretIn(pod.scope, where, wire, ENV);
    checkContainerMounts(pod, where, wire.volumeMounts ?? []);
    checkProbesAndHooks(pod.scope, where, wire, init);
    checkPolicies(pod.scope, where, wire);
    return wire;
  });
}

function checkContainerName(pod: PodContainers, prop: string, name: unknown): void {
  if (typeof name !== 'string' || name.length > 63 || !DNS_1123_LABEL.test(name)) {
    fail(pod.scope, prop, name, 'must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit)',
      typeof name === 'string' && name !== '' ? `use a name such as '${suggestDns1035(name).slice(0, 63)}'` : 'name the container, e.g. \'log-shipper\'');
  }
  const other = pod.names.get(name);
  if (other !== undefined) {
    fail(pod.scope, prop, name, `repeats the name of ${other}`, 'give each container of the pod its own name');
  }
  pod.names.set(name, `'${prop.replace(/\.name$/, '')}'`);
}

function checkResources(scope: IConstruct, where: string, wire: any): void {
  const requests = wire.resources?.requests ?? {};
  const limits = wire.resources?.limits ?? {};
  if (requests.cpu === undefined || limits.memory === undefined) {
    fail(scope, `${where}.resources`, wire.resources ?? {}, 'must set requests.cpu and limits.memory', 'size the container, e.g. { requests: { cpu: k8s.Quantity.fromString(\'100m\'), memory: k8s.Quantity.fromString(\'128Mi\') }, limits: { memory: k8s.Quantity.fromString(\'128Mi\') } }');
  }
  if (requests.memory === undefined) {
    wire.resources = { ...wire.resources, requests: { ...requests, memory: limits.memory } };
  }
}

function checkContainerPorts(pod: PodContainers, where: string, container: string, ports: any[]): void {
  const { scope } = pod;
  ports.forEach((p, j) => {
    const at = `${where}.ports[${j}]`;
    if (!Number.isInteger(p.containerPort) || p.containerPort < 1 || p.containerPort > 65535) {
      fail(scope, `${at}.containerPort`, p.containerPort, 'must be a whole number from 1 to 65535', 'use the port the container listens on');
    }
    const problem = p.name === undefined ? undefined : portNameProblem(p.name);
    if (problem) fail(scope, `${at}.name`, p.name, problem, 'use a short name such as \'metrics\'');
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) {
      fail(scope, `${at}.protocol`, p.protocol, 'must be \'TCP\', \'UDP\' or \'SCTP\'', `use '${meantProtocol(p.protocol)}'`);
    }
    if (p.hostPort !== undefined && p.hostPort !== 0) {
      fail(scope, `${at}.hostPort`, p.hostPort, 'is forbidden by the baseline Pod Security Standard (it opens the port on the node)', 'remove it and reach the container through a Service');
    }
    const key = `${p.containerPort}/${p.protocol ?? 'TCP'}`;
    repeated(pod, `${at}.containerPort`, p.containerPort, pod.portNumbers.get(key), container, 'number');
    repeated(pod, `${at}.name`, p.name, p.name === undefined ? undefined : pod.portNames.get(p.name), container, 'name');
    pod.portNumbers.set(key, container);
    if (p.name !== undefined) pod.portNames.set(p.name, container);
  });
}

/** Fails when another port of the pod has this number or name (names are unique across containers, so the owner tells which). */
function repeated(pod: PodContainers, prop: string, value: unknown, owner: string | undefined, container: string, what: string): void {
  if (owner === undefined) return;
  const requirement = owner === container ? `repeats a port ${what}` : `repeats a port ${what} of the container '${owner}'`;
  fail(pod.scope, prop, value, requirement, `give each port of the pod its own ${what}`);
}

/**
 * A container's probes and lifecycle hooks, as the API server checks them
 * (`checkProbe`, `checkLifecycle`). A plain init container runs to completion
 * before the pod starts, so it may have neither; one with restartPolicy
 * 'Always' is a native sidecar, which may (validation.go,
 * validateInitContainers). A regular container takes no restartPolicy.
 */
function checkProbesAndHooks(scope: IConstruct, where: string, wire: any, init: boolean): void {
  const ports: string[] = (wire.ports ?? []).map((p: any) => p.name).filter((n: unknown) => typeof n === 'string');
  const sidecar = !init || wire.restartPolicy === 'Always';
  if (!init && wire.restartPolicy !== undefined) {
    fail(scope, `${where}.restartPolicy`, wire.restartPolicy, 'may only be set on an init container (Kubernetes refuses it on a regular one)',
      'remove it: a sidecar here restarts with the pod; an init container with restartPolicy \'Always\' is the native form');
  }
  if (init && wire.restartPolicy !== undefined && wire.restartPolicy !== 'Always') {
    fail(scope, `${where}.restartPolicy`, wire.restartPolicy, 'must be \'Always\' (a native sidecar), the one value Kubernetes takes', 'use \'Always\', or remove it');
  }
  for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']) {
    if (wire[field] === undefined) continue;
    if (!sidecar) {
      fail(scope, `${where}.${field}`, wire[field], 'may not be set on an init container, which runs to completion before the pod starts',
        'remove it, or set restartPolicy: \'Always\' to run the container as a native sidecar');
    }
    if (field === 'lifecycle') checkLifecycle(scope, `${where}.lifecycle`, wire.lifecycle, ports);
    else checkProbe(scope, `${where}.${field}`, wire[field], ports);
  }
}

/**
 * The pull and termination-message policies take the values Kubernetes knows,
 * and the working directory is absolute: the runtime refuses a relative one
 * (opencontainers/runtime-spec config.md, process.cwd: "This value MUST be an
 * absolute path"), so the container would never start.
 */
function checkPolicies(scope: IConstruct, where: string, wire: any): void {
  if (wire.workingDir !== undefined && !(typeof wire.workingDir === 'string' && wire.workingDir.startsWith('/'))) {
    fail(scope, `${where}.workingDir`, wire.workingDir, 'must be an absolute path (the container runtime refuses a relative one)', `use '/${String(wire.workingDir).replace(/^\.?\/*/, '')}'`);
  }
  // Each field's values, its default first (the fix when the value meant none of them).
  const known: { [field: string]: string[] } = { imagePullPolicy: ['IfNotPresent', 'Always', 'Never'], terminationMessagePolicy: ['File', 'FallbackToLogsOnError'] };
  for (const [field, values] of Object.entries(known)) {
    const v = wire[field];
    if (v !== undefined && !values.includes(v)) {
      fail(scope, `${where}.${field}`, v, `must be ${oneOf(values)}`, `use '${(typeof v === 'string' && meantName(v, values)) || values[0]}'`);
    }
  }
}

/** The env has its own check of literal secrets (its fix is `EnvValue.fromSecretValue`). */
const ENV: ReadonlySet<string> = new Set(['env']);

/** No secret-like `$(VAR)` reference in a command line, where `ps` shows it (secret material: `checkNoSecretIn`). */
function checkCommandLine(scope: IConstruct, where: string, wire: any): void {
  for (const field of ['command', 'args']) {
    (wire[field] ?? []).forEach((arg: unknown, j: number) => {
      if (typeof arg !== 'string') {
        fail(scope, `${where}.${field}[${j}]`, arg, 'must be a string', `quote it: '${String(arg)}'`);
      }
      const reference = secretReferenceProblem(arg);
      if (reference) fail(scope, `${where}.${field}[${j}]`, arg, reference.requirement, reference.fix);
    });
  }
}

/** A sidecar's mounts: volumes of the pod, paths as checked and normalized as the Spark container's. */
function checkContainerMounts(pod: PodContainers, where: string, mounts: any[]): void {
  const paths = new Set<string>();
  mounts.forEach((m, j) => {
    const at = `${where}.volumeMounts[${j}]`;
    if (!pod.volumeNames.includes(m.name)) {
      const names = pod.volumeNames.join(', ') || 'none';
      fail(pod.scope, `${at}.name`, m.name, 'must name a volume of the pod', `mount the volume in the Spark container through 'volumes' too (the pod's volumes: ${names})`);
    }
    checkMountPath(pod.scope, `${at}.mountPath`, m.mountPath);
    checkSubPath(pod.scope, `${at}.subPath`, m.subPath);
    checkSensitiveMount(pod.scope, `${at}.mountPath`, m.mountPath, pod.optOuts, pod.optOutProp);
    const path = normalizeMountPath(m.mountPath);
    if (paths.has(path)) {
      fail(pod.scope, `${at}.mountPath`, m.mountPath, 'mounts two volumes at the same path', 'mount each volume at its own path');
    }
    paths.add(path);
    m.mountPath = path;
  });
}
