import { IConstruct } from 'constructs';
import { checkInteger, fail } from '../_validation';
import { GpuOptions } from '../pod/process-options';
import { SparkConf } from '../spark/_spark-conf';
import { ApplicationFile } from '../spark/application-file';
import { SparkApplicationType } from '../spark/application-type';
import { DynamicAllocation } from '../spark/dynamic-allocation';

/**
 * The rules every way of running a Spark application shares, used by the
 * assembler: file and type checks, executor bounds, the table of
 * configuration keys that typed props own, and GPU configuration.
 */

/** Reports a bad application file with the construct's path. */
export function checkApplicationFile(scope: IConstruct, prop: string, file: ApplicationFile): ApplicationFile {
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
  const ext = file.extension;
  const inferred = ext === 'py' ? SparkApplicationType.PYTHON : ext === 'r' ? SparkApplicationType.R : ext === 'jar' ? SparkApplicationType.SCALA : undefined;
  if (type === undefined && inferred === undefined) {
    fail(scope, 'type', type, `must be set when the main file is not a .jar, .py or .R file (got '${file.uri}')`,
      'set \'type\' to SparkApplicationType.PYTHON, .R, .SCALA or .JAVA');
  }
  const resolved = type ?? inferred!;
  const jvm = resolved === SparkApplicationType.JAVA || resolved === SparkApplicationType.SCALA;
  if (jvm && !mainClass) {
    fail(scope, 'mainClass', mainClass, `must be set for a ${resolved} application`, 'name the class with the main method, e.g. \'org.apache.spark.examples.SparkPi\'');
  }
  if (jvm && (ext === 'py' || ext === 'r')) {
    fail(scope, 'mainApplicationFile', file.uri, `must be a jar for a ${resolved} application`, `set 'type' to ${ext === 'py' ? 'SparkApplicationType.PYTHON' : 'SparkApplicationType.R'} or point at the jar`);
  }
  if (!jvm && mainClass) {
    fail(scope, 'mainClass', mainClass, `must not be set for a ${resolved} application`, 'remove it: the main file is the entry point');
  }
  if (!jvm && ext === 'jar') {
    const lang = resolved === SparkApplicationType.PYTHON ? 'Python' : 'R';
    fail(scope, 'mainApplicationFile', file.uri, `must be a ${lang === 'Python' ? '.py' : '.R'} file for a ${resolved} application, not a jar`,
      `set 'type' to SparkApplicationType.SCALA or SparkApplicationType.JAVA with a 'mainClass', or point at the ${lang} file`);
  }
  return resolved;
}

/** Checks executor instances and dynamic allocation bounds. */
export function checkExecutors(scope: IConstruct, instances: number | undefined, da: DynamicAllocation | undefined): void {
  if (instances !== undefined) {
    checkInteger(scope, 'executor.instances', instances, 1, da ? 'remove it: dynamic allocation sizes the executors' : 'remove it to use dynamic allocation');
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
  const timeout = da.shuffleTrackingTimeout?.toMilliseconds();
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
    checkInteger(scope, 'executor.gpu.taskAmount', gpu.taskAmount, 1, 'give each task at least one GPU or leave it unset');
    conf.own('spark.task.resource.gpu.amount', 'executor.gpu.taskAmount', String(gpu.taskAmount));
  }
}

/** Checks Maven coordinates (`group:artifact:version`) for `--packages` / `spark.jars.packages`. */
export function checkMavenCoordinates(scope: IConstruct, prop: string, coordinates: string[] | undefined): string[] {
  for (const coordinate of coordinates ?? []) {
    if (!/^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.+-]+$/.test(coordinate)) {
      fail(scope, prop, coordinate, 'must be a Maven coordinate group:artifact:version', 'e.g. \'org.apache.hadoop:hadoop-aws:3.4.1\'');
    }
  }
  return coordinates ?? [];
}
