/**
 * Every string is hostile: arbitrary strings (and pieces known to break files,
 * command lines and shells) go into every string prop that reaches a
 * configuration file, a command line, an environment value or a
 * configuration map. Each must either be refused with the library's own error
 * (`SparkValidationError`), or come out exactly where it was meant to and
 * nowhere else: the same configuration keys as with a harmless value, the
 * value read back unchanged the way Spark, the kubelet and bash read it, no
 * secret expanded onto a command line, and nothing the harness flags.
 */
import { App, Chart, Testing } from 'cdk8s';
import { EnvValue, Secret } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  apache, ApplicationFile, EventLog, S3a, SecurityOptOut, SparkApplication, SparkConnect, SparkConnectServer, SparkErrors, SparkRuntimeOptions,
  SparkSubmitJob, SparkVersion,
} from '../../src';
import { validateManifests, formatViolation } from '../harness';
import { loadProperties } from '../harness/properties';
import { bashWords, kubeletExpand } from '../harness/shell';
import { apacheApplicationConf, operatorApplicationConf, unshell } from '../harness/spark-conf';

/** Pieces that break properties files, command lines, shells, URLs and secret scanners. */
const HOSTILE = [
  '\n', '\r', '\t', ' ', '=', ':', '#', '!', '\\', '\\n', '\\u0041', '\'', '"', '$(', ')', '$(AWS_SECRET_ACCESS_KEY)', '$(HOME)', '$$', '$', ';', '&&', '|', '`',
  '*', '?', '[', ']', '{', '}', '~', '-----BEGIN PRIVATE KEY-----', 'AKIAIOSFODNN7EXAMPLE', 'https://user:pass@host/', '?password=x', '\u0000', '\u007f',
  'é', '…', '\u2028', 'spark.kubernetes.driver.volumes.hostPath.x.mount.path', 'spark.master', '--conf', 'local:///x', '../', '/',
];

/** Arbitrary strings, and strings built from the hostile pieces. */
const hostile = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
);

const RUNS = { numRuns: 60, seed: 20261201 };
/** A scope for references only (their names are declared external below). */
const REFS = new Chart(new App(), 'refs');
const S3_SECRET = Secret.fromSecretName(REFS, 'S3', 's3');
const DB_SECRET = Secret.fromSecretName(REFS, 'Db', 'db');
const MAIN = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };
/** Typed references to Secrets the cluster holds (the harness counts them as declared external). */
const REFERENCES = ['connect-token', 's3', 'db'];

type Backend = 'SparkApplication' | 'ApacheSparkApplication' | 'SparkSubmitJob' | 'SparkConnect' | 'SparkConnectServer';
const BACKENDS: Backend[] = ['SparkApplication', 'ApacheSparkApplication', 'SparkSubmitJob', 'SparkConnect', 'SparkConnectServer'];

/** Builds one backend in a fresh App; returns its documents, or undefined when the library refused the input. */
function build(backend: Backend, props: SparkRuntimeOptions & { arguments?: string[]; mainClass?: string; driver?: any }): any[] | undefined {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'spark-jobs' });
  const TOKEN = { secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' };
  try {
    const { arguments: args, mainClass, driver, ...shared } = props;
    if (backend === 'SparkApplication') new SparkApplication(chart, 'App', { ...shared, ...MAIN, ...(mainClass ? { mainClass } : {}), arguments: args, driver });
    if (backend === 'ApacheSparkApplication') {
      new apache.SparkApplication(chart, 'App', { sparkVersion: SparkVersion.V4_2_0, ...shared, ...MAIN, ...(mainClass ? { mainClass } : {}), arguments: args, driver });
    }
    if (backend === 'SparkSubmitJob') new SparkSubmitJob(chart, 'App', { ...shared, ...MAIN, ...(mainClass ? { mainClass } : {}), arguments: args, driver });
    if (backend === 'SparkConnect') new SparkConnect(chart, 'App', { ...shared, server: driver, authenticationSecret: TOKEN });
    if (backend === 'SparkConnectServer') new SparkConnectServer(chart, 'App', { ...shared, server: driver, authenticationSecret: TOKEN });
    return app.charts.flatMap((c) => c.toJson());
  } catch (e) {
    if (SparkErrors.isValidationError(e)) return undefined;
    throw e;
  }
}

/** The pod templates kept as JSON files in ConfigMaps, parsed. */
function files(docs: any[]): any[] {
  return docs.filter((d) => d.kind === 'ConfigMap').flatMap((d) => Object.entries(d.data ?? {}).filter(([k]) => k.endsWith('.json')).map(([, v]) => JSON.parse(v as string)));
}

/** The harness finds nothing. */
function expectHarnessClean(docs: any[]): void {
  const violations = validateManifests(docs, { externalSecrets: REFERENCES.map((name) => `*/${name}`) });
  expect(violations.map(formatViolation)).toEqual([]);
}

/**
 * The Spark configuration of the one workload, read the way its reader reads it:
 * spark-defaults.conf through java.util.Properties, the SparkConnect line through
 * the kubelet and bash (which must find nothing to run), the CR maps as JSON.
 */
function readConf(backend: Backend, docs: any[]): { [key: string]: string } {
  if (backend === 'SparkSubmitJob' || backend === 'SparkConnectServer') {
    const cm = docs.find((d) => d.kind === 'ConfigMap' && d.data?.['spark-defaults.conf']);
    return loadProperties(cm.data['spark-defaults.conf']);
  }
  if (backend === 'ApacheSparkApplication') {
    // The Apache operator reads sparkConf as a map and adds its own keys (SparkAppSubmissionWorker.buildDriverConf).
    return apacheApplicationConf(docs.find((d) => d.kind === 'SparkApplication'));
  }
  if (backend === 'SparkApplication') {
    // The operator passes each spec field and conf entry as its own spark-submit argument (submission.go).
    const app = docs.find((d) => d.kind === 'SparkApplication');
    return operatorApplicationConf(app.spec, app.metadata.namespace);
  }
  // The operator joins `--conf key=value` words into one `bash -c` argument (sparkconnect/options.go, reconciler.go).
  const spec = docs.find((d) => d.kind === 'SparkConnect').spec;
  const words = [
    ...Object.entries(spec.sparkConf ?? {}).map(([k, v]) => `${k}=${v}`),
    ...Object.entries(spec.hadoopConf ?? {}).map(([k, v]) => `spark.hadoop.${k}=${v}`),
  ].flatMap((w) => ['--conf', w]);
  const line = kubeletExpand(words.join(' '));
  const parsed = bashWords(line);
  expect(parsed.syntax).toBeUndefined();
  const conf: { [key: string]: string } = {};
  for (let i = 0; i < parsed.words.length; i += 2) {
    expect(parsed.words[i]).toBe('--conf');
    const kv = parsed.words[i + 1];
    conf[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
  }
  // The same words, read back by the harness's own reader of the CR.
  for (const [k, v] of Object.entries(spec.sparkConf ?? {})) expect(conf[unshell(k)]).toBe(unshell(v as string));
  return conf;
}

/** A conf-map prop: the probe key or value must read back exactly, with the same set of keys as a harmless value gives. */
function confProperty(
  backend: Backend, place: (s: string) => SparkRuntimeOptions & { driver?: any }, key: (s: string) => string, harmless: string, value: (s: string) => string = (s) => s,
): void {
  const baseline = build(backend, place(harmless));
  expect(baseline).toBeDefined();
  const baselineKeys = Object.keys(readConf(backend, baseline!)).filter((k) => k !== key(harmless)).sort();
  fc.assert(fc.property(hostile, (s) => {
    const docs = build(backend, place(s));
    if (!docs) return;
    const conf = readConf(backend, docs);
    expect(Object.keys(conf).filter((k) => k !== key(s)).sort()).toEqual(baselineKeys);
    expect(conf[key(s)]).toBe(value(s));
    expectHarnessClean(docs);
  }), RUNS);
}

describe('every string prop: refused, or exactly where it was meant to be', () => {
  test.each(BACKENDS)('%s: sparkConf values', (backend) => {
    confProperty(backend, (s) => ({ sparkConf: { 'spark.example.value': s } }), () => 'spark.example.value', 'harmless');
  });

  test.each(BACKENDS)('%s: sparkConf keys', (backend) => {
    confProperty(backend, (s) => ({ sparkConf: { [s]: 'v' } }), (s) => s, 'spark.example.key', () => 'v');
  });

  test.each(BACKENDS)('%s: hadoopConf values', (backend) => {
    confProperty(backend, (s) => ({ hadoopConf: { 'fs.example.value': s } }), () => 'spark.hadoop.fs.example.value', 'harmless');
  });

  test.each(BACKENDS)('%s: JVM options of the executors', (backend) => {
    confProperty(backend, (s) => ({ executor: { javaOptions: s } }), () => 'spark.executor.extraJavaOptions', '-XX:+UseG1GC');
  });

  test.each(BACKENDS)('%s: the S3A endpoint', (backend) => {
    confProperty(backend, (s) => ({ s3a: new S3a({ endpoint: s }) }), () => 'spark.hadoop.fs.s3a.endpoint', 'http://minio:9000');
  });

  test.each(BACKENDS)('%s: Maven repositories', (backend) => {
    confProperty(backend, (s) => ({ deps: { repositories: [s] } }), () => 'spark.jars.repositories', 'https://repo.example.com/maven2');
  });

  test.each(BACKENDS)('%s: event log URLs', (backend) => {
    confProperty(backend, (s) => ({ eventLog: EventLog.toUrl(s) }), () => 'spark.eventLog.dir', 's3a://logs/events');
  });

  test.each(BACKENDS)('%s: images', (backend) => {
    fc.assert(fc.property(hostile, (s) => {
      const docs = build(backend, { image: s });
      if (!docs) return;
      expect(JSON.stringify(docs)).toContain(JSON.stringify(s));
      expect(s).toMatch(/^[A-Za-z0-9._\-/:@[\]]+$/);
      expectHarnessClean(docs);
    }), RUNS);
  });

  test.each(BACKENDS)('%s: literal env values of the driver', (backend) => {
    fc.assert(fc.property(hostile, (s) => {
      const docs = build(backend, { driver: { env: { MODE: EnvValue.fromValue(s) } } });
      if (!docs) return;
      // The env is in the pod template: in the object, or in a template file inside a ConfigMap (JSON in a string).
      const env = JSON.stringify({ name: 'MODE', value: s }).slice(1, -1);
      const text = JSON.stringify(docs);
      expect(text.includes(env) || files(docs).some((f) => JSON.stringify(f).includes(env))).toBe(true);
      expectHarnessClean(docs);
    }), RUNS);
  });

  test.each(['SparkApplication', 'ApacheSparkApplication', 'SparkSubmitJob'] as Backend[])('%s: application arguments never expand a secret onto the command line', (backend) => {
    fc.assert(fc.property(fc.array(hostile, { maxLength: 3 }), (args) => {
      const docs = build(backend, {
        arguments: args,
        s3a: new S3a({ credentials: S3_SECRET }),
        driver: { env: { DB_PASSWORD: EnvValue.fromSecretValue({ secret: DB_SECRET, key: 'pw' }) } },
      });
      if (!docs) return;
      // Every variable that comes from a Secret stands for its value; none may reach an argument.
      const env = { AWS_ACCESS_KEY_ID: 'SECRET-1', AWS_SECRET_ACCESS_KEY: 'SECRET-2', DB_PASSWORD: 'SECRET-3' };
      for (const arg of args) expect(kubeletExpand(arg, env)).not.toMatch(/SECRET-\d/);
      expectHarnessClean(docs);
    }), RUNS);
  });

  test.each(['SparkApplication', 'ApacheSparkApplication', 'SparkSubmitJob'] as Backend[])('%s: main classes', (backend) => {
    fc.assert(fc.property(hostile, (s) => {
      const docs = build(backend, { mainClass: s });
      if (!docs) return;
      expect(s).not.toMatch(/[\u0000-\u001f]/);
      expectHarnessClean(docs);
    }), RUNS);
  });

  test.each(BACKENDS)('%s: names', (backend) => {
    fc.assert(fc.property(hostile, (s) => {
      const docs = build(backend, { name: s });
      if (!docs) return;
      expect(s).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
      expectHarnessClean(docs);
    }), RUNS);
  });

  test.each(BACKENDS)('%s: label and annotation values', (backend) => {
    fc.assert(fc.property(hostile, hostile, (label, annotation) => {
      const docs = build(backend, { labels: { 'example.com/l': label }, annotations: { 'example.com/a': annotation } });
      if (!docs) return;
      expectHarnessClean(docs);
    }), RUNS);
  });

  test('apache.SparkCluster: sparkConf values reach the daemons as given (-Dkey="value" in SPARK_*_OPTS, through the kubelet)', () => {
    fc.assert(fc.property(hostile, (s) => {
      const app = Testing.app();
      const chart = new Chart(app, 'test', { namespace: 'spark-jobs' });
      try {
        new apache.SparkCluster(chart, 'Cluster', {
          name: 'c',
          sparkVersion: SparkVersion.V4_2_0,
          workers: { min: 1, max: 1 },
          securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_STANDALONE],
          sparkConf: { 'spark.example.value': s },
        });
      } catch (e) {
        if (SparkErrors.isValidationError(e)) return;
        throw e;
      }
      const docs = app.charts.flatMap((c) => c.toJson());
      const written = docs.find((d) => d.kind === 'SparkCluster').spec.sparkConf['spark.example.value'];
      // The operator writes `-Dk="<value>"` into an env value; the kubelet expands it, the launcher splits it.
      const words = launcherOptions(kubeletExpand(`-Dspark.example.value="${written}"`));
      expect(words).toEqual([`-Dspark.example.value=${s}`]);
      expectHarnessClean(docs);
    }), RUNS);
  });
});

/**
 * How Spark's launcher splits SPARK_MASTER_OPTS / SPARK_WORKER_OPTS into JVM options
 * (launcher/src/main/java/org/apache/spark/launcher/CommandBuilderUtils.java parseOptionString:
 * whitespace separates, single and double quotes group, a backslash escapes the next character
 * except inside single quotes).
 */
function launcherOptions(s: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  let escape = false;
  for (const c of s) {
    if (escape) {
      word += c; escape = false; inWord = true;
    } else if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') escape = true;
      else word += c;
    } else if (c === '\\') {
      escape = true;
    } else if (c === '"' || c === "'") {
      quote = c; inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = ''; inWord = false;
    } else {
      word += c; inWord = true;
    }
  }
  if (inWord) out.push(word);
  return out;
}
