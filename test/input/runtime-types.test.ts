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
import { ConfigMap, PersistentVolumeClaim, Secret } from 'cdk8s-plus-28';
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
  if ('object' in type) return [...wrong('x', 7, true, [], null), { value: {}, mayBeValid: true }];
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
