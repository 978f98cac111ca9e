/**
 * A JavaScript caller (or `as any`) can put any value in any prop. Every prop
 * of every public construct, and every field of the library's structs under
 * them, read from the TypeScript sources (scripts/prop-types.ts), gets the values of
 * the wrong runtime type for its declared type: each must be refused with the
 * library's own error, naming the construct path and the prop, never a
 * TypeError from inside a renderer, a raw cdk8s error, or silently emitted.
 * Values that may be valid for the type (an empty map or struct, an empty
 * list) must at least not crash. Every parameter of every factory of the
 * library's values (`SparkVolume.fromEmptyDir`) gets the same values: the
 * factory returns a value (which the construct that uses it reports) or
 * throws the library's error.
 */
import * as fs from 'fs';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { ConfigMap, k8s, PersistentVolumeClaim, Secret } from 'cdk8s-plus-28';
import { GENERATED, readPropTypes, renderPropTypes, Field, PropTypes, RuntimeType } from '../../scripts/prop-types';
import * as lib from '../../src';
import { ApplicationFile, EventLog, SparkValidationError, SparkVersion } from '../../src';
import { synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

const PI = () => ({ mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' });
const secretKey = (chart: Chart, name: string) => ({ secret: Secret.fromSecretName(chart, `Secret-${name}`, name), key: 'key' });

/** Valid props of each construct, the base each wrong value is put into. */
const BASE: { [construct: string]: (chart: Chart) => any } = {
  'SparkApplication': () => ({ name: 'pi', ...PI() }),
  'ScheduledSparkApplication': () => ({ name: 'pi', schedule: '0 2 * * *', ...PI() }),
  'SparkSubmitJob': () => ({ name: 'pi', ...PI() }),
  'SparkConnect': (chart) => ({ name: 'connect', authenticationSecret: secretKey(chart, 'connect-token') }),
  'SparkConnectServer': (chart) => ({ name: 'connect', authenticationSecret: secretKey(chart, 'connect-token') }),
  'SparkHistoryServer': () => ({ name: 'history', eventLog: EventLog.toUrl('s3a://spark-logs/events') }),
  'SparkStandaloneCluster': (chart) => ({ name: 'spark', authenticationSecret: secretKey(chart, 'spark-auth') }),
  // Without the CRDs (their own case still gets every wrong value): the install is built once a case, over 800 times.
  'SparkOperator': () => ({ jobNamespaces: ['spark-jobs'], installCrds: false }),
  'SparkDriverRbac': () => ({ namespace: 'spark-jobs' }),
  'SparkJobNamespace': () => ({ namespace: 'etl' }),
  'apache.SparkApplication': () => ({ name: 'pi', sparkVersion: SparkVersion.V4_2_0, ...PI() }),
  'apache.SparkCluster': (chart) => ({ name: 'prod', sparkVersion: SparkVersion.V4_2_0, workers: { min: 1, max: 3 }, authenticationSecret: secretKey(chart, 'spark-auth') }),
};

/** A wrong value, and whether the type could accept it (then it must only not crash). */
interface Value { readonly value: unknown; readonly mayBeValid?: boolean }
const wrong = (...values: unknown[]): Value[] => values.map((value) => ({ value }));
const fn = () => 1;

/** The values of the wrong runtime type for a type. */
function wrongValues(type: RuntimeType): Value[] {
  switch (type) {
    case 'string': return wrong(7, true, {}, [], null);
    case 'number': return wrong('7', true, {}, [], NaN, null);
    case 'boolean': return wrong('true', 'false', 1, {}, null);
    case 'any': return [];
  }
  if ('enum' in type) return wrong('NotAMember', 7, null);
  if ('list' in type) return [...wrong('x', 7, {}, null), { value: [], mayBeValid: true }];
  if ('map' in type) return [...wrong('x', 7, [], null), { value: {}, mayBeValid: true }];
  if ('struct' in type) return [...wrong('x', 7, true, [], null, fn), { value: {}, mayBeValid: true }];
  if ('instance' in type) return wrong('x', 7, true, {}, [], null, fn);
  return [];
}

interface Case { readonly path: string; readonly set: (props: any) => void; readonly value: Value }

/** Every case under one field: the field's own wrong values, its list elements and map values, and a struct's fields. */
function casesOf(types: PropTypes, field: Field, at: string, get: (props: any) => any, put: (props: any, v: unknown) => void, depth: number): Case[] {
  const path = at === '' ? field.name : `${at}.${field.name}`;
  const cases: Case[] = wrongValues(field.type).map((value) => ({ path, set: (p) => put(p, value.value), value }));
  const t = field.type;
  if (typeof t !== 'object') return cases;
  if ('list' in t) {
    for (const value of wrongValues(t.list).filter((v) => !v.mayBeValid).slice(0, 3)) {
      cases.push({ path: `${path}[0]`, set: (p) => put(p, [value.value]), value });
    }
  }
  if ('map' in t) {
    for (const value of wrongValues(t.map).filter((v) => !v.mayBeValid).slice(0, 3)) {
      cases.push({ path: `${path}.k`, set: (p) => put(p, { k: value.value }), value });
    }
  }
  if ('struct' in t && depth < 3) {
    for (const sub of types.structs.get(t.struct)!) {
      cases.push(...casesOf(types, sub, path, (p) => get(p)?.[field.name],
        (p, v) => put(p, { ...(get(p)?.[field.name] ?? {}), [sub.name]: v }), depth + 1));
    }
  }
  return cases;
}

/** Whether a message names the prop, or a prop that holds it (`driver.serviceLabels` for `driver.serviceLabels.k`: the construct's own check). */
function names(message: string, path: string): boolean {
  for (let p = path; p !== ''; p = p.replace(/(\.[^.[]*|\[\d+\])$/, '')) {
    if (message.includes(`'${p}'`) || message.includes(`'${p}.`) || message.includes(`'${p}[`)) return true;
    if (!/[.[]/.test(p)) break;
  }
  return false;
}

/** A line's fix that shows a value printed wrong (`use e.g. NaN`, `[object Object]`, `'undefined'`), if any. */
function brokenFix(message: string): string | undefined {
  return message.split('\n').map((line) => line.slice(line.lastIndexOf('; ') + 2)).find((fix) => /\bNaN\b|\[object \w+\]|\bundefined\b/.test(fix));
}

const show = (v: unknown) => (typeof v === 'function' ? 'a function' : JSON.stringify(v) ?? String(v));
const TYPES = readPropTypes();

test('the runtime-type table is what scripts/prop-types.ts makes of src/ (npx projen gen-prop-types)', () => {
  expect(fs.readFileSync(GENERATED, 'utf-8')).toEqual(renderPropTypes(TYPES));
});

test('every public construct has base props here', () => {
  expect(TYPES.constructs.map((c) => c.name).sort()).toEqual(Object.keys(BASE).sort());
});

describe.each(TYPES.constructs.map((c) => [c.name, c.props] as const))('%s', (name, propsStruct) => {
  const ctor = name.split('.').reduce((o: any, k) => o[k], lib);
  const cases = TYPES.structs.get(propsStruct)!.flatMap((f) => casesOf(TYPES, f, '', (p) => p, (p, v) => { p[f.name] = v; }, 1));

  test('the base props build and pass the harness', () => {
    synthChartValid((chart) => new ctor(chart, 'C', BASE[name](chart)));
  });

  test(`every wrong runtime type is refused with the library's error (${cases.length} cases)`, () => {
    const failures: string[] = [];
    for (const c of cases) {
      const app = Testing.app();
      const chart = new Chart(app, 'test', { namespace: 'spark-jobs' });
      const props = BASE[name](chart);
      c.set(props);
      let error: unknown;
      try {
        new ctor(chart, 'C', props);
        app.synthYaml();
      } catch (e) {
        error = e;
      }
      const what = `${c.path} = ${show(c.value.value)}`;
      // cdk8s reports the validations of a construct (the library's messages) as one error at synth.
      const validation = error instanceof Error && error.message.startsWith('Validation failed with the following errors:') && error.message.includes('[test/C');
      if (error === undefined) {
        if (!c.value.mayBeValid) failures.push(`${what}: accepted`);
      } else if (c.value.mayBeValid && validation) {
        continue;
      } else if (!(error instanceof SparkValidationError)) {
        failures.push(`${what}: ${(error as Error).constructor?.name}: ${String((error as Error).message).split('\n')[0].slice(0, 160)}`);
      } else if (!c.value.mayBeValid && (!error.message.includes('[test/C') || !names(error.message, c.path))) {
        failures.push(`${what}: the message does not name [test/C…] and '${c.path}': ${error.message.split('\n').slice(0, 2).join(' / ').slice(0, 200)}`);
      } else if (brokenFix(error.message)) {
        failures.push(`${what}: a fix made of a value that is none: ${brokenFix(error.message)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('messages of the runtime types', () => {
  const build = (props: any) => (chart: Chart) => new lib.SparkApplication(chart, 'App', { name: 'pi', ...PI(), ...props });

  test('a value of the wrong type that holds a secret is not shown, nor repeated in the fix', () => {
    const key = 'AKIA' + 'IOSFODNN7EXAMPLE';
    for (const props of [{ eventLog: `s3a://${key}@logs/events` }, { driver: { env: { KEY: key } } }, { driver: { tolerations: [{ key }], hostAliases: key } }]) {
      const message = chartErrorOf(build(props));
      expect(message).not.toContain(key);
      expect(message).toContain('<redacted>');
    }
  });

  test('each kind of type: what it must be, and the fix', () => {
    expect(chartErrorOf(build({ sparkUiOptions: { servicePortName: 7 } }))).toBe('[test/App] \'sparkUiOptions.servicePortName\' must be a string, got 7; quote it: \'7\'');
    expect(chartErrorOf(build({ security: { runAsNonRoot: 'false' } }))).toBe('[test/App] \'security.runAsNonRoot\' must be true or false, got \'false\'; use false (a boolean, not a string)');
    expect(chartErrorOf(build({ driver: { env: null } }))).toBe('[test/App] \'driver.env\' must be a map, got null; leave it out to take the default (null is not "not set")');
    expect(chartErrorOf(build({ driver: { envFrom: 'app-config' } }))).toBe('[test/App] \'driver.envFrom\' must be a list, got \'app-config\'; use a list, each entry a SparkEnvFrom');
    expect(chartErrorOf(build({ driver: { tolerations: { key: 'gpu' } } }))).toBe('[test/App] \'driver.tolerations\' must be a list, got {"key":"gpu"}; wrap it in a list: [{ … }]');
    expect(chartErrorOf(build({ dynamicAllocation: { maxExecutors: 4 }, driver: { gpu: 'nvidia' } })))
      .toBe('[test/App] \'driver.gpu\' must be an object (GpuOptions), got \'nvidia\'; use an object literal of its fields, with \'amount\' set');
    expect(chartErrorOf(build({ driver: { dnsConfig: 'ndots:2' } }))).toBe('[test/App] \'driver.dnsConfig\' must be an object (k8s.PodDnsConfig), got \'ndots:2\'; use an object literal of its fields, e.g. {}');
    expect(chartErrorOf(build({ driver: { env: { MODE: 'batch' } } }))).toBe('[test/App] \'driver.env.MODE\' must be an EnvValue, got \'batch\'; use EnvValue.fromValue(\'batch\')');
    expect(chartErrorOf(build({ driver: { ports: [{ name: 'metrics', number: 9090, protocol: 'udp' }] } }))).toMatch(/^\[test\/App\] 'driver\.ports\[0\]\.protocol' .*; use Protocol\.UDP$/);
  });

  test('the Kubernetes structs from cdk8s-plus: each field, and a volume rendered by its factory', () => {
    expect(chartErrorOf(build({ driver: { lifecycle: { preStop: { exec: { command: 'sleep 5' } } } } })))
      .toBe('[test/App] \'driver.lifecycle.preStop.exec.command\' must be a list of strings, got \'sleep 5\'; use a list of its words: [\'sleep\', \'5\'] (or [\'sleep 5\'] for one entry holding spaces)');
    expect(chartErrorOf(build({ driver: { hostAliases: [{ ip: '10.0.0.1', hostnames: 'db.internal' }] } })))
      .toBe('[test/App] \'driver.hostAliases[0].hostnames\' must be a list of strings, got \'db.internal\'; wrap it in a list: [\'db.internal\']');
    expect(chartErrorOf(build({ driver: { sidecars: [{ name: 'log', image: 'busybox:1.37', env: [{ value: 'x' }] }] } })))
      .toContain('[test/App] \'driver.sidecars[0].env[0].name\' must be set, got nothing; set it to a string');
    expect(() => lib.SparkVolume.fromKubeVolume({ name: 'data', nfs: { server: 5, path: '/exports/data' } } as any))
      .toThrow('[SparkVolume.fromKubeVolume] \'volume.nfs.server\' must be a string, got 5; quote it: \'5\'');
    expect(() => lib.SparkVolume.fromKubeVolume({ name: 'data', csi: { driver: 'x', volumeAttributes: { size: 10 } } } as any))
      .toThrow('[SparkVolume.fromKubeVolume] \'volume.csi.volumeAttributes.size\' must be a string, got 10; quote it: \'10\'');
  });

  test('a field a Kubernetes struct does not have: the one it misspells, or the fields it has', () => {
    expect(chartErrorOf(build({ driver: { tolerations: [{ key: 'gpu', opperator: 'Exists' }] } })))
      .toBe('[test/App] \'driver.tolerations[0].opperator\' is not a field of k8s.Toleration, got \'Exists\'; use \'operator\'');
    // A field of a newer Kubernetes (cdk8s-plus-33's sleep action), which cdk8s-plus-28's renderer would drop.
    expect(chartErrorOf(build({ driver: { lifecycle: { preStop: { sleep: { seconds: 5 } } } } })))
      .toBe('[test/App] \'driver.lifecycle.preStop.sleep\' is not a field of k8s.LifecycleHandler, got {"seconds":5}; '
        + 'remove it (cdk8s-plus-28, which renders k8s.LifecycleHandler, would drop it without a word); its fields are exec, httpGet, tcpSocket');
    // A security setting of Kubernetes 1.30 would have been dropped from a sidecar without a word.
    expect(chartErrorOf(build({ driver: { sidecars: [{ name: 'log', image: 'busybox:1.37', securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }] } })))
      .toContain('[test/App] \'driver.sidecars[0].securityContext.appArmorProfile\' is not a field of k8s.SecurityContext, got {"type":"RuntimeDefault"}; remove it');
  });

  test('a required field left out is reported with the others, once', () => {
    const message = chartErrorOf((chart) => new lib.apache.SparkCluster(chart, 'Cluster', {
      name: 'prod', sparkVersion: SparkVersion.V4_2_0, workers: { min: 1, max: 3 }, authenticationSecret: {}, labels: { team: 7 },
    } as any));
    expect(message.split('\n').slice(1).map((l) => l.trim())).toEqual([
      '[test/Cluster] \'labels.team\' must be a string, got 7; quote it: \'7\'',
      '[test/Cluster] \'authenticationSecret.secret\' must be set, got nothing; use Secret.fromSecretName(this, \'Secret\', \'name\')',
      '[test/Cluster] \'authenticationSecret.key\' must be set, got nothing; set it to a string',
    ]);
  });
});

describe('the factories of the library\'s values, given the wrong types', () => {
  /** A valid argument of each instance type a factory takes. */
  const SAMPLES: { [shape: string]: (chart: Chart) => unknown } = {
    IConstruct: (chart) => chart,
    Construct: (chart) => chart,
    ISecret: (chart) => Secret.fromSecretName(chart, 'S', 's'),
    IConfigMap: (chart) => ConfigMap.fromConfigMapName(chart, 'C', 'c'),
    IPersistentVolumeClaim: (chart) => PersistentVolumeClaim.fromClaimName(chart, 'P', 'p'),
    SparkVolume: () => lib.SparkVolume.fromEmptyDir('logs'),
    ApiObject: (chart) => new ApiObject(chart, 'O', { apiVersion: 'v1', kind: 'ConfigMap' }),
  };
  const sample = (field: Field, chart: Chart): unknown => {
    const t = field.type;
    if (t === 'string') return 'spark-jobs';
    if (t === 'number') return 1;
    if (t === 'boolean') return true;
    if (typeof t === 'object' && 'instance' in t) return SAMPLES[t.instance]?.(chart);
    if (typeof t === 'object' && 'map' in t) return { app: 'etl' };
    return field.optional ? undefined : {};
  };
  const factories = TYPES.factories.filter((f) => !f.name.endsWith('.isConstruct') && !f.name.endsWith('.isValidationError'));

  test.each(factories.map((f) => [f.name, f] as const))('%s: the library\'s error or a value, never a TypeError', (name, factory) => {
    const [owner, method] = [name.slice(0, name.lastIndexOf('.')), name.slice(name.lastIndexOf('.') + 1)];
    const cls = owner.split('.').reduce((o: any, k) => o[k], lib);
    const failures: string[] = [];
    factory.params.forEach((param, i) => {
      const values = [...wrongValues(param.type).map((v) => v.value), ...(param.optional ? [null] : [])];
      for (const value of values) {
        const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
        const args = factory.params.map((p, j) => (j === i ? value : sample(p, chart)));
        try {
          cls[method](...args);
        } catch (e) {
          if (!(e instanceof SparkValidationError)) failures.push(`${param.name} = ${show(value)}: ${(e as Error).constructor?.name}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
    });
    expect(failures).toEqual([]);
  });
});

test('a factory that cannot go on names itself and the parameter', () => {
  expect(() => lib.SparkVolume.fromEmptyDir('cache', null as any))
    .toThrow('[SparkVolume.fromEmptyDir] \'options\' must be an object (EmptyDirVolumeOptions), got null; leave it out to take the default (null is not "not set")');
  expect(() => lib.SparkVersion.of(4 as any)).toThrow(SparkValidationError);
});

describe('the fields of the Kubernetes structs the props reach (cdk8s-plus\'s k8s.*)', () => {
  /** A valid value of a type, with a struct's required fields set (the frame a wrong value is put into). */
  const sample = (type: RuntimeType): unknown => {
    if (type === 'string') return 'a';
    if (type === 'number') return 1;
    if (type === 'boolean') return true;
    if (type === 'any' || 'list' in type) return [];
    if ('map' in type) return {};
    if ('enum' in type) return Object.values(TYPES.enums.get(type.enum)!)[0];
    if ('struct' in type) return filled(type.struct);
    if ('instance' in type) {
      const samples: { [id: string]: () => unknown } = {
        'k8s.IntOrString': () => k8s.IntOrString.fromNumber(1),
        'k8s.Quantity': () => k8s.Quantity.fromString('1'),
        'Date': () => new Date(0),
      };
      return samples[type.instance]();
    }
    return sample(type.union[0]);
  };
  const filled = (struct: string): { [field: string]: unknown } =>
    Object.fromEntries(TYPES.structs.get(struct)!.filter((f) => !f.optional).map((f) => [f.name, sample(f.type)]));

  /** One way to a struct from the props of a construct or a factory's parameters: the fields passed, each into a list, a map or the struct itself. */
  interface Site { readonly root: string; readonly steps: readonly { readonly field: Field; readonly struct: string }[] }
  const sites = new Map<string, Site>();
  // Breadth first, so each struct is reached the shortest way; SparkApplication first (the cheapest to build).
  const roots: Site[] = [
    ...TYPES.constructs.sort((a, b) => Number(b.name === 'SparkApplication') - Number(a.name === 'SparkApplication'))
      .map((c) => ({ root: c.name, steps: [{ field: { name: '', optional: false, type: { struct: c.props } }, struct: c.props }] })),
  ];
  const structIn = (t: RuntimeType): string | undefined => (typeof t !== 'object' ? undefined
    : 'struct' in t ? t.struct : 'list' in t ? structIn(t.list) : 'map' in t ? structIn(t.map) : undefined);
  const queue = [...roots];
  for (const f of TYPES.factories) {
    for (const p of f.params) {
      const s = structIn(p.type);
      if (s !== undefined) queue.push({ root: f.name, steps: [{ field: p, struct: s }] });
    }
  }
  while (queue.length > 0) {
    const site = queue.shift()!;
    const struct = site.steps[site.steps.length - 1].struct;
    if (sites.has(struct)) continue;
    sites.set(struct, site);
    for (const field of TYPES.structs.get(struct)!) {
      const s = structIn(field.type);
      if (s !== undefined && !sites.has(s)) queue.push({ root: site.root, steps: [...site.steps, { field, struct: s }] });
    }
  }
  const kube = [...sites.keys()].filter((id) => id.startsWith('k8s.')).sort();

  test('every Kubernetes struct in the table is reached', () => {
    expect(kube).toEqual([...TYPES.structs.keys()].filter((id) => id.startsWith('k8s.')).sort());
    expect(kube.length).toBeGreaterThan(50);
  });

  /** The value of a step's field holding `inner`, and how the path shows it. */
  const wrap = (t: RuntimeType, inner: unknown): [unknown, string] => {
    if (typeof t === 'object' && 'list' in t) return [[inner], '[0]'];
    if (typeof t === 'object' && 'map' in t) return [{ k: inner }, '.k'];
    return [inner, ''];
  };

  test.each(kube)('%s: a wrong type in each field is refused with the library\'s error naming it', (id) => {
    const site = sites.get(id)!;
    const failures: string[] = [];
    let cases = 0;
    // A field the struct does not have (cdk8s-plus would drop it) is a case too.
    const UNKNOWN: Field = { name: 'notAField', optional: true, type: 'any' };
    for (const field of [...TYPES.structs.get(id)!, UNKNOWN]) {
      // Two wrong values a field: the check is the one every library struct's field gets all of above.
      const values = field === UNKNOWN ? [{ value: 1 }] : wrongValues(field.type).filter((v) => !v.mayBeValid).slice(0, 2);
      for (const { value } of values) {
        cases++;
        const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
        const isFactory = !TYPES.constructs.some((c) => c.name === site.root);
        // From the struct up: each step's struct, filled, holding the one below.
        let inner: unknown = { ...filled(id), [field.name]: value };
        let path = field.name;
        for (let i = site.steps.length - 1; i >= 1; i--) {
          const step = site.steps[i];
          const [held, shown] = wrap(step.field.type, inner);
          // The construct's own props are its base props, which are valid as they are.
          const frame = i === 1 && !isFactory ? {} : filled(site.steps[i - 1].struct);
          inner = { ...frame, [step.field.name]: held };
          path = `${step.field.name}${shown}.${path}`;
        }
        const first = site.steps[0];
        if (isFactory) {
          const [held, shown] = wrap(first.field.type, inner);
          path = `${first.field.name}${shown}.${path}`;
          inner = held;
        }
        let error: unknown;
        try {
          if (isFactory) {
            const [owner, method] = [site.root.slice(0, site.root.lastIndexOf('.')), site.root.slice(site.root.lastIndexOf('.') + 1)];
            owner.split('.').reduce((o: any, k) => o[k], lib)[method](inner);
          } else {
            const ctor = site.root.split('.').reduce((o: any, k) => o[k], lib);
            new ctor(chart, 'C', { ...BASE[site.root](chart), ...(inner as object) });
          }
        } catch (e) {
          error = e;
        }
        const what = `${site.root} ${path} = ${show(value)}`;
        if (!(error instanceof SparkValidationError)) failures.push(`${what}: ${error === undefined ? 'accepted' : `${(error as Error).constructor?.name}: ${(error as Error).message.split('\n')[0]}`}`);
        else if (brokenFix(error.message)) failures.push(`${what}: a fix made of a value that is none: ${brokenFix(error.message)}`);
        else if (field === UNKNOWN && !error.message.includes(`'${path}' is not a field of ${id}`)) failures.push(`${what}: not refused as no field of ${id}: ${error.message.split('\n')[0]}`);
        else if (!error.message.includes(`'${path}'`)) failures.push(`${what}: the message does not name '${path}': ${error.message.split('\n').slice(0, 3).join(' / ').slice(0, 240)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(0);
  });
});

describe('the methods of the constructs, given the wrong types', () => {
  const constructs = new Set(TYPES.constructs.map((c) => c.name));
  const methods = TYPES.methods.filter((m) => constructs.has(m.name.slice(0, m.name.lastIndexOf('.'))));
  /** A valid argument of a parameter, for the ones not under test. */
  const valid = (type: RuntimeType, chart: Chart, param?: string): unknown => {
    // A name (`addJobNamespace`'s namespace) is a DNS label; the other strings are configuration keys.
    if (type === 'string') return param === 'name' ? 'etl' : 'spark.app.tag';
    if (typeof type === 'object' && 'instance' in type && type.instance === 'ApplicationFile') return ApplicationFile.fromImagePath('/opt/spark/jars/extra.jar');
    // A valid struct of each struct parameter, the frame a wrong field is put into.
    const structs: { [id: string]: () => unknown } = {
      SecretValue: () => secretKey(chart, 'conf'),
      SparkVolumeMount: () => ({ volume: lib.SparkVolume.fromEmptyDir('cache'), path: '/cache' }),
      SparkRbacRule: () => ({ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }),
      OperatorJobNamespaceOptions: () => ({}),
    };
    if (typeof type === 'object' && 'struct' in type) return structs[type.struct]();
    return undefined;
  };

  test('the model has the methods', () => {
    expect(methods.map((m) => m.name)).toEqual(expect.arrayContaining(['SparkApplication.addVolume', 'SparkJobNamespace.addRule', 'SparkOperator.addJobNamespace']));
  });

  test.each(methods.map((m) => [m.name, m] as const))('%s: each parameter and each field of a struct parameter', (name, method) => {
    const owner = name.slice(0, name.lastIndexOf('.'));
    const methodName = name.slice(name.lastIndexOf('.') + 1);
    const ctor = owner.split('.').reduce((o: any, k) => o[k], lib);
    const cases: { at: string; field?: string; args: (chart: Chart) => unknown[]; value: Value }[] = [];
    method.params.forEach((param, i) => {
      const args = (chart: Chart, v: unknown) => method.params.map((p, j) => (j === i ? v : valid(p.type, chart, p.name)));
      for (const value of wrongValues(param.type)) cases.push({ at: methodName, args: (chart) => args(chart, value.value), value });
      const t = param.type;
      if (typeof t === 'object' && 'struct' in t) {
        for (const field of TYPES.structs.get(t.struct)!) {
          for (const value of wrongValues(field.type).filter((v) => !v.mayBeValid)) {
            cases.push({ at: methodName, field: field.name, args: (chart) => args(chart, { ...(valid(t, chart) as object), [field.name]: value.value }), value });
          }
        }
      }
    });
    const failures: string[] = [];
    for (const c of cases) {
      const app = Testing.app();
      const chart = new Chart(app, 'test', { namespace: 'spark-jobs' });
      const construct = new ctor(chart, 'C', BASE[owner](chart));
      const args = c.args(chart);
      let error: unknown;
      try {
        construct[methodName](...args);
        app.synthYaml();
      } catch (e) {
        error = e;
      }
      // A construct in an argument (a Secret) is shown by its kind, not walked.
      const shown = (a: unknown): string => (typeof a === 'object' && a !== null && !Array.isArray(a)
        ? ('node' in a ? '<construct>' : `{ ${Object.entries(a).map(([k, v]) => `${k}: ${shown(v)}`).join(', ')} }`) : show(a));
      const what = `${name}(${args.map(shown).join(', ')})`;
      const validation = error instanceof Error && error.message.startsWith('Validation failed with the following errors:');
      if (error === undefined) {
        if (!c.value.mayBeValid) failures.push(`${what}: accepted`);
      } else if (!(error instanceof SparkValidationError) && !validation) {
        failures.push(`${what}: ${(error as Error).constructor?.name}: ${String((error as Error).message).split('\n')[0].slice(0, 160)}`);
      } else if (!c.value.mayBeValid && !(error as Error).message.includes(`'${c.at}`) && !(error as Error).message.includes('[test/C')) {
        failures.push(`${what}: the message names neither the construct nor '${c.at}': ${(error as Error).message.split('\n').slice(0, 2).join(' / ').slice(0, 200)}`);
      } else if (!c.value.mayBeValid && c.field !== undefined && !new RegExp(`'[^' ]*\\b${c.field}\\b[^' ]*'`).test((error as Error).message)) {
        // The frame is valid: the one wrong field is what the message must name.
        failures.push(`${what}: the message does not name the field '${c.field}': ${(error as Error).message.split('\n').slice(0, 2).join(' / ').slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(0);
  });
});
