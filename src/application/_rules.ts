import { IConstruct } from 'constructs';
import { SparkRuntimeOptions } from './application-options';
import { S3a } from './s3a';
import { ISparkMaster } from './spark-master';
import {
  checkEnum, checkInteger, checkNotSecret, checkRequired, checkSetProps, checkShape, checkString,
  durationMillis, fail, PropCheck, when,
} from '../_validation';
import { DriverOptions, GpuOptions } from '../pod/process-options';
import { checkJobNamespace } from '../rbac/_namespace';
import { SparkConf, taskAmountProblem } from '../spark/_spark-conf';
import { ApplicationFile } from '../spark/application-file';
import { SparkApplicationType } from '../spark/application-type';
import { DynamicAllocation } from '../spark/dynamic-allocation';

/**
 * The rules every way of running a Spark application shares, used by the
 * assembler: file and type checks, executor bounds, the table of
 * configuration keys that typed props own, and GPU configuration.
 */

/** The fix for a string given where an ApplicationFile is expected. */
function applicationFileFix(value: unknown): string {
  if (typeof value === 'string' && value.startsWith('/')) return `use ApplicationFile.fromImagePath('${value}')`;
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return `use ApplicationFile.fromUrl('${value}')`;
  return 'use ApplicationFile.fromImagePath(\'/opt/app/job.py\') or ApplicationFile.fromUrl(\'s3a://bucket/job.py\')';
}

/** Reports a bad application file with the construct's path (a value that is not an ApplicationFile too). */
export function checkApplicationFile(scope: IConstruct, prop: string, file: ApplicationFile): ApplicationFile {
  checkRequired(scope, prop, file, applicationFileFix(file));
  checkNotSecret(scope, prop, typeof file === 'string' ? file : file.uri);
  checkShape(scope, prop, file, (f) => typeof f._problem === 'function' && typeof f.uri === 'string', 'an ApplicationFile', applicationFileFix(file));
  const problem = file._problem();
  if (problem) {
    fail(scope, prop, problem.value, problem.requirement, problem.fix);
  }
  return file;
}

/** Infers and checks the application type against the main file and main class. */
export function checkApplicationType(
  scope: IConstruct, file: ApplicationFile, type: SparkApplicationType | undefined, mainClass: string | undefined,
): SparkApplicationType {
  checkApplicationFile(scope, 'mainApplicationFile', file);
  checkEnum(scope, 'type', type, SparkApplicationType, 'SparkApplicationType');
  checkString(scope, 'mainClass', mainClass);
  if (mainClass !== undefined && !JAVA_CLASS.test(mainClass)) {
    fail(scope, 'mainClass', mainClass, 'must be a fully qualified Java class name (identifiers separated by \'.\')', 'e.g. \'org.apache.spark.examples.SparkPi\'');
  }
  const ext = file.extension;
  // A main class on the classpath is a JVM application (spark-submit's spark-internal resource).
  const inferred = ext === 'py' ? SparkApplicationType.PYTHON : ext === 'r' ? SparkApplicationType.R
    : ext === 'jar' || file.isClasspath ? SparkApplicationType.SCALA : undefined;
  if (type === undefined && inferred === undefined) {
    fail(scope, 'type', type, `must be set when the main file is not a .jar, .py or .R file (got '${file.uri}')`,
      'set \'type\' to SparkApplicationType.PYTHON, .R, .SCALA or .JAVA');
  }
  const resolved = type ?? inferred!;
  const jvm = resolved === SparkApplicationType.JAVA || resolved === SparkApplicationType.SCALA;
  if (jvm && !mainClass) {
    fail(scope, 'mainClass', mainClass, `must be set for ${article(resolved)} ${resolved} application`, 'name the class with the main method, e.g. \'org.apache.spark.examples.SparkPi\'');
  }
  if (jvm && (ext === 'py' || ext === 'r')) {
    fail(scope, 'mainApplicationFile', file.uri, `must be a jar for ${article(resolved)} ${resolved} application`, `set 'type' to ${ext === 'py' ? 'SparkApplicationType.PYTHON' : 'SparkApplicationType.R'} or point at the jar`);
  }
  if (!jvm && file.isClasspath) {
    fail(scope, 'mainApplicationFile', file.uri, `must be a ${resolved === SparkApplicationType.PYTHON ? '.py' : '.R'} file for ${article(resolved)} ${resolved} application (only a JVM main class can come from the classpath)`,
      `point at the ${resolved === SparkApplicationType.PYTHON ? 'Python' : 'R'} file, or set 'type' to SparkApplicationType.SCALA or .JAVA with a 'mainClass'`);
  }
  if (!jvm && mainClass) {
    fail(scope, 'mainClass', mainClass, `must not be set for ${article(resolved)} ${resolved} application`, 'remove it: the main file is the entry point');
  }
  if (!jvm && ext === 'jar') {
    const lang = resolved === SparkApplicationType.PYTHON ? 'Python' : 'R';
    fail(scope, 'mainApplicationFile', file.uri, `must be a ${lang === 'Python' ? '.py' : '.R'} file for ${article(resolved)} ${resolved} application, not a jar`,
      `set 'type' to SparkApplicationType.SCALA or SparkApplicationType.JAVA with a 'mainClass', or point at the ${lang} file`);
  }
  return resolved;
}

/** A Java binary class name: identifiers (letters, digits, '_', '$') separated by dots. */
const JAVA_CLASS = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;

/** The indefinite article of a language name ('an R application'). */
function article(type: SparkApplicationType): string {
  return type === SparkApplicationType.R ? 'an' : 'a';
}

/** Checks executor instances and dynamic allocation bounds. */
export function checkExecutors(scope: IConstruct, instances: number | undefined, da: DynamicAllocation | undefined): void {
  if (instances !== undefined) {
    checkInteger(scope, 'executor.instances', instances, 1, da ? 'remove it: dynamic allocation sizes the executors'
      : 'use a whole number of at least 1, or remove it and set \'dynamicAllocation\' (e.g. { maxExecutors: 4 }) to let Spark size the executors');
    if (da) {
      fail(scope, 'executor.instances', instances, 'cannot be combined with \'dynamicAllocation\'', 'remove it and set \'dynamicAllocation.initialExecutors\'');
    }
  }
  if (!da) {
    return;
  }
  checkInteger(scope, 'dynamicAllocation.maxExecutors', da.maxExecutors, 1, 'allow at least one executor');
  checkInteger(scope, 'dynamicAllocation.minExecutors', da.minExecutors, 0, 'use 0 or more');
  checkInteger(scope, 'dynamicAllocation.initialExecutors', da.initialExecutors, 0, 'use 0 or more');
  const min = da.minExecutors ?? 0;
  if (min > da.maxExecutors) {
    fail(scope, 'dynamicAllocation.minExecutors', min, `must not exceed maxExecutors (${da.maxExecutors})`, `lower it to ${da.maxExecutors} or raise maxExecutors`);
  }
  if (da.initialExecutors !== undefined && (da.initialExecutors < min || da.initialExecutors > da.maxExecutors)) {
    fail(scope, 'dynamicAllocation.initialExecutors', da.initialExecutors, `must lie within [minExecutors, maxExecutors] = [${min}, ${da.maxExecutors}]`, 'pick a value in that range or leave it unset');
  }
  const timeout = da.shuffleTrackingTimeout === undefined ? undefined : durationMillis(scope, 'dynamicAllocation.shuffleTrackingTimeout', da.shuffleTrackingTimeout);
  if (timeout !== undefined && !Number.isInteger(timeout)) {
    fail(scope, 'dynamicAllocation.shuffleTrackingTimeout', `${timeout}ms`, 'must be a whole number of milliseconds', `use Duration.millis(${Math.round(timeout)})`);
  }
  if (timeout !== undefined && timeout < 0) {
    fail(scope, 'dynamicAllocation.shuffleTrackingTimeout', timeout, 'must not be negative', 'leave it unset to keep executors with shuffle data');
  }
}

/** The `spark.dynamicAllocation.*` keys of a dynamic allocation setting (for conf-based backends). */
export function dynamicAllocationConf(da: DynamicAllocation): { [key: string]: string } {
  const conf: { [key: string]: string } = {
    'spark.dynamicAllocation.enabled': 'true',
    'spark.dynamicAllocation.minExecutors': String(da.minExecutors ?? 0),
    'spark.dynamicAllocation.maxExecutors': String(da.maxExecutors),
    'spark.dynamicAllocation.shuffleTracking.enabled': String(da.shuffleTracking ?? true),
  };
  if (da.initialExecutors !== undefined) conf['spark.dynamicAllocation.initialExecutors'] = String(da.initialExecutors);
  const timeout = da.shuffleTrackingTimeout?.toMilliseconds();
  if (timeout !== undefined) conf['spark.dynamicAllocation.shuffleTracking.timeout'] = `${timeout}ms`;
  return conf;
}

/** Registers the keys an application's typed props own, so raw conf cannot set them too. */
export function ownApplicationKeys(conf: SparkConf, driverProp: string = 'driver'): void {
  const own = (key: string, prop: string) => conf.own(key, prop);
  for (const [role, prop] of [['driver', driverProp], ['executor', 'executor']]) {
    own(`spark.${role}.cores`, `${prop}.cores`);
    own(`spark.${role}.memory`, `${prop}.memory`);
    own(`spark.${role}.memoryOverhead`, `${prop}.memoryOverhead`);
    own(`spark.${role}.memoryOverheadFactor`, 'memoryOverheadFactor');
    own(`spark.kubernetes.${role}.request.cores`, `${prop}.coreRequest`);
    own(`spark.kubernetes.${role}.limit.cores`, `${prop}.coreLimit`);
    own(`spark.${role}.extraJavaOptions`, `${prop}.javaOptions`);
    own(`spark.kubernetes.${role}.podTemplateFile`, `${prop} (pod settings)`);
    own(`spark.kubernetes.${role}.podTemplateContainerName`, `${prop} (pod settings)`);
    conf.ownPrefix(`spark.kubernetes.${role}.label.`, `${prop}.labels`);
    conf.ownPrefix(`spark.kubernetes.${role}.annotation.`, `${prop}.annotations`);
    conf.ownPrefix(`spark.${role}.resource.`, `${prop}.gpu`);
    // Per-role node selectors (Spark 3.3+, Config.scala KUBERNETES_{DRIVER,EXECUTOR}_NODE_SELECTOR_PREFIX) are the role's pod settings.
    conf.ownPrefix(`spark.kubernetes.${role}.node.selector.`, `${prop}.nodeSelector`);
  }
  conf.ownPrefix('spark.kubernetes.driver.service.annotation.', `${driverProp}.serviceAnnotations`);
  conf.ownPrefix('spark.kubernetes.driver.service.label.', `${driverProp}.serviceLabels`);
  conf.ownPrefix('spark.kubernetes.node.selector.', 'nodeSelector');
  conf.ownPrefix('spark.dynamicAllocation.', 'dynamicAllocation');
  own('spark.kubernetes.memoryOverheadFactor', 'memoryOverheadFactor');
  own('spark.executor.instances', 'executor.instances');
  own('spark.kubernetes.executor.deleteOnTermination', 'executor.deleteOnTermination');
  own('spark.app.name', 'name');
  own('spark.submit.deployMode', 'mode');
  own('spark.jars', 'deps.jars');
  own('spark.files', 'deps.files');
  own('spark.submit.pyFiles', 'deps.pyFiles');
  own('spark.archives', 'deps.archives');
  own('spark.jars.packages', 'deps.packages');
  own('spark.jars.excludes', 'deps.excludePackages');
  own('spark.jars.repositories', 'deps.repositories');
  own('spark.kubernetes.container.image.pullPolicy', 'imagePullPolicy');
  own('spark.kubernetes.container.image.pullSecrets', 'imagePullSecrets');
  own('spark.kubernetes.driver.pod.name', 'name');
  own('spark.task.resource.gpu.amount', 'executor.gpu.taskAmount');
  own('spark.eventLog.enabled', 'eventLog');
  own('spark.eventLog.dir', 'eventLog');
  // Spark's local directories: the volumes named spark-local-dir-* (LocalDirsFeatureStep) and their medium.
  for (const role of ['driver', 'executor']) {
    for (const type of ['emptyDir', 'persistentVolumeClaim']) conf.ownPrefix(`spark.kubernetes.${role}.volumes.${type}.spark-local-dir-`, 'localDirs');
  }
  own('spark.kubernetes.local.dirs.tmpfs', 'localDirs');
  own('spark.kubernetes.allocation.pods.allocator', 'executor.podsAllocator');
}

/** Sets the `spark.<role>.resource.gpu.*` keys of a GPU request. */
export function setGpuConf(scope: IConstruct, conf: SparkConf, role: string, gpu: GpuOptions | undefined): void {
  if (!gpu) {
    return;
  }
  checkInteger(scope, `${role}.gpu.amount`, gpu.amount, 1, 'request at least one GPU or remove \'gpu\'');
  const own = (key: string, value: string) => conf.own(`spark.${role}.resource.gpu.${key}`, `${role}.gpu`, value);
  own('amount', String(gpu.amount));
  own('vendor', gpu.vendor ?? 'nvidia.com');
  own('discoveryScript', gpu.discoveryScript ?? '/opt/spark/examples/src/main/scripts/getGpusResources.sh');
  if (role === 'executor' && gpu.taskAmount !== undefined) {
    const problem = taskAmountProblem(gpu.taskAmount);
    if (problem) fail(scope, 'executor.gpu.taskAmount', gpu.taskAmount, problem.requirement, problem.fix);
    if (gpu.taskAmount > gpu.amount) {
      fail(scope, 'executor.gpu.taskAmount', gpu.taskAmount, `must not exceed 'executor.gpu.amount' (${gpu.amount}): no task could ever be scheduled`,
        `request at least ${gpu.taskAmount} GPUs per executor, or lower it`);
    }
    conf.own('spark.task.resource.gpu.amount', 'executor.gpu.taskAmount', taskAmountString(gpu.taskAmount));
  }
}

/** A task amount as Spark reads it back (`Double`): `0.25`, `0.3333333333333333`, `2`. */
function taskAmountString(amount: number): string {
  return String(amount);
}

/** Checks Maven coordinates (`group:artifact:version`) for `--packages` / `spark.jars.packages`. */
export function checkMavenCoordinates(scope: IConstruct, prop: string, coordinates: string[] | undefined): string[] {
  for (const coordinate of coordinates ?? []) {
    checkNotSecret(scope, prop, coordinate);
    if (typeof coordinate !== 'string' || !/^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.+-]+$/.test(coordinate)) {
      fail(scope, prop, coordinate, 'must be a Maven coordinate group:artifact:version', 'e.g. \'org.apache.hadoop:hadoop-aws:3.4.1\'');
    }
  }
  return coordinates ?? [];
}

/** What `checkRuntimeTypes` reads: the shared options and the driver-side props of the backends. */
type RuntimeInput = SparkRuntimeOptions & {
  driver?: DriverOptions; arguments?: string[]; proxyUser?: string; master?: ISparkMaster; localMode?: boolean;
};

/**
 * The checks of `checkRuntimeTypes`, built once: what the runtime type of
 * each prop (the table of src/_prop-types.ts, which every construct checks)
 * does not say. The type layer runs after the model is built, or when
 * building it failed with an error that is not the library's; these run
 * first because the model reads their props' members at once.
 */
const RUNTIME_TYPE_CHECKS: ReadonlyArray<PropCheck<RuntimeInput, { scope: IConstruct; input: RuntimeInput; driverProp: string }>> = [
  // An s3a or dynamicAllocation of the wrong type fails here; the type layer then names the cause.
  when('s3a', ({ scope, input }) => checkS3a(scope, 's3a', input.s3a)),
  when('dynamicAllocation', ({ scope, input }) => checkRequired(scope, 'dynamicAllocation.maxExecutors', input.dynamicAllocation?.maxExecutors,
    'set the upper bound of executors, e.g. { maxExecutors: 4 }')),
  when('jobNamespace', ({ scope, input }) => checkJobNamespace(scope, input.jobNamespace, true)),
];

/**
 * What the runtime types of the shared props do not say, for JavaScript
 * callers (`RUNTIME_TYPE_CHECKS`). Every problem is reported at once
 * (`checkSetProps`).
 */
export function checkRuntimeTypes(scope: IConstruct, input: RuntimeInput, driverProp: string): void {
  checkSetProps(scope, input, RUNTIME_TYPE_CHECKS, { scope, input, driverProp });
}

/** An S3a's settings, reported under the prop that holds it (`s3a.endpoint`, `eventLog.s3a.region`). */
export function checkS3a(scope: IConstruct, prop: string, s3a: S3a | undefined): void {
  if (s3a === undefined) return;
  checkNotSecret(scope, `${prop}.endpoint`, s3a._endpoint);
  const problem = s3a._problem();
  if (problem) fail(scope, `${prop}.${problem.prop}`, problem.value, problem.requirement, problem.fix);
}

