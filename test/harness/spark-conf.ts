/**
 * What Spark sees: the effective Spark configuration of a Spark workload in a
 * set of synthesized documents, whatever backend rendered it.
 *
 * - SparkApplication / ScheduledSparkApplication: the `--conf`s the Kubeflow
 *   operator's controller builds from the spec (internal/controller/
 *   sparkapplication/submission.go at v2.5.2: namespaceOption, imageOption,
 *   dependenciesOption (--jars/--packages/... are spark-submit spellings of
 *   spark.jars/spark.jars.packages/...), memoryOverheadFactorOption,
 *   sparkConfOption, hadoopConfOption (`spark.hadoop.` + key),
 *   nodeSelectorOption, driverConfOption, executorConfOption,
 *   dynamicAllocationOption).
 * - SparkConnect: internal/controller/sparkconnect/options.go at v2.5.2
 *   (namespaceOption, imageOption, sparkConfOption, hadoopConfOption,
 *   driverConfOption: server cores/memory, executorConfOption: instances,
 *   cores, memory, dynamicAllocationOption).
 * - A pod running `spark-submit` (SparkSubmitJob, SparkConnectServer): the
 *   `spark-defaults.conf` of the ConfigMap mounted at the properties-file path,
 *   then its `--conf key=value` arguments (later wins, as in spark-submit).
 *
 * - Apache Spark Kubernetes Operator 1.0.0 (`spark.apache.org/v1`, `v1beta1`)
 *   SparkApplication: `spec.sparkConf` as the submission worker reads it, see
 *   apacheApplicationConf; SparkCluster: the configuration its daemons get, see
 *   apacheClusterConf.
 *
 * Operator-only bookkeeping (labels, pod names, submission ids) is left out:
 * this is about what the user's props turned into.
 */
import { loadProperties } from './properties';
import { isObject } from './types';

type Conf = { [key: string]: string };

function put(conf: Conf, key: string, value: unknown): void {
  if (value !== undefined && value !== null) conf[key] = String(value);
}

/** The driver/executor fields of the operator's SparkPodSpec as confs (submission.go driverConfOption/executorConfOption). */
function podSpecConf(conf: Conf, role: 'driver' | 'executor', spec: any): void {
  if (!isObject(spec)) return;
  put(conf, `spark.${role}.cores`, spec.cores);
  put(conf, `spark.kubernetes.${role}.request.cores`, spec.coreRequest);
  put(conf, `spark.kubernetes.${role}.limit.cores`, spec.coreLimit);
  put(conf, `spark.${role}.memory`, spec.memory);
  put(conf, `spark.${role}.memoryOverhead`, spec.memoryOverhead);
  put(conf, `spark.${role}.extraJavaOptions`, spec.javaOptions);
  put(conf, `spark.kubernetes.${role}.container.image`, spec.image);
  for (const [k, v] of Object.entries(spec.labels ?? {})) put(conf, `spark.kubernetes.${role}.label.${k}`, v);
  for (const [k, v] of Object.entries(spec.annotations ?? {})) put(conf, `spark.kubernetes.${role}.annotation.${k}`, v);
}

function dynamicAllocationConf(conf: Conf, da: any): void {
  if (!isObject(da) || !da.enabled) return;
  put(conf, 'spark.dynamicAllocation.enabled', 'true');
  put(conf, 'spark.dynamicAllocation.initialExecutors', da.initialExecutors);
  put(conf, 'spark.dynamicAllocation.minExecutors', da.minExecutors);
  put(conf, 'spark.dynamicAllocation.maxExecutors', da.maxExecutors);
  put(conf, 'spark.dynamicAllocation.shuffleTracking.enabled', da.shuffleTrackingEnabled ?? true);
  put(conf, 'spark.dynamicAllocation.shuffleTracking.timeout', da.shuffleTrackingTimeout);
}

function hadoopConf(conf: Conf, hadoop: any): void {
  for (const [k, v] of Object.entries(hadoop ?? {})) put(conf, k.startsWith('spark.hadoop.') ? k : `spark.hadoop.${k}`, v);
}

/** The operator's SparkApplication spec (or a ScheduledSparkApplication's template) as Spark configuration. */
export function operatorApplicationConf(spec: any, namespace: string): Conf {
  const conf: Conf = {};
  put(conf, 'spark.kubernetes.namespace', namespace);
  put(conf, 'spark.kubernetes.container.image', spec.image);
  put(conf, 'spark.kubernetes.container.image.pullPolicy', spec.imagePullPolicy);
  if (Array.isArray(spec.imagePullSecrets) && spec.imagePullSecrets.length) put(conf, 'spark.kubernetes.container.image.pullSecrets', spec.imagePullSecrets.join(','));
  const deps = spec.deps ?? {};
  const list = (key: string, value: any) => Array.isArray(value) && value.length && put(conf, key, value.join(','));
  list('spark.jars', deps.jars);
  list('spark.jars.packages', deps.packages);
  list('spark.jars.excludes', deps.excludePackages);
  list('spark.jars.repositories', deps.repositories);
  list('spark.submit.pyFiles', deps.pyFiles);
  list('spark.files', deps.files);
  list('spark.archives', deps.archives);
  put(conf, 'spark.kubernetes.memoryOverheadFactor', spec.memoryOverheadFactor);
  for (const [k, v] of Object.entries(spec.sparkConf ?? {})) put(conf, k, v);
  hadoopConf(conf, spec.hadoopConf);
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) put(conf, `spark.kubernetes.node.selector.${k}`, v);
  podSpecConf(conf, 'driver', spec.driver);
  put(conf, 'spark.kubernetes.authenticate.driver.serviceAccountName', spec.driver?.serviceAccount);
  // One-pod mode: the operator passes driver.kubernetesMaster on as spark.kubernetes.driver.master (submission.go driverConfOption, v2.5.2).
  put(conf, 'spark.kubernetes.driver.master', spec.driver?.kubernetesMaster);
  for (const [k, v] of Object.entries(spec.driver?.serviceLabels ?? {})) put(conf, `spark.kubernetes.driver.service.label.${k}`, v);
  for (const [k, v] of Object.entries(spec.driver?.serviceAnnotations ?? {})) put(conf, `spark.kubernetes.driver.service.annotation.${k}`, v);
  podSpecConf(conf, 'executor', spec.executor);
  put(conf, 'spark.executor.instances', spec.executor?.instances);
  put(conf, 'spark.kubernetes.executor.deleteOnTermination', spec.executor?.deleteOnTermination);
  dynamicAllocationConf(conf, spec.dynamicAllocation);
  return conf;
}

/**
 * One word of the SparkConnect server's `bash -c` argument as the process sees
 * it: the kubelet first turns `$$` into `$` (expansion.go), then bash removes
 * single quotes (a `'\''` inside stands for one quote).
 */
export function unshell(word: string): string {
  const expanded = word.replace(/\$\$/g, '$');
  let out = '';
  for (let i = 0; i < expanded.length; i++) {
    const c = expanded[i];
    if (c === '\'') {
      const close = expanded.indexOf('\'', i + 1);
      out += expanded.slice(i + 1, close);
      i = close;
    } else if (c === '\\') {
      out += expanded[++i];
    } else {
      out += c;
    }
  }
  return out;
}

/** The operator's SparkConnect spec as the server's Spark configuration. */
export function operatorConnectConf(spec: any, namespace: string): Conf {
  const conf: Conf = {};
  put(conf, 'spark.kubernetes.namespace', namespace);
  const templateImage = (spec.executor?.template?.spec?.containers ?? []).find((c: any) => c.name === 'spark-kubernetes-executor')?.image;
  const image = templateImage || spec.image;
  put(conf, 'spark.kubernetes.container.image', image);
  put(conf, 'spark.kubernetes.executor.container.image', image);
  for (const [k, v] of Object.entries(spec.sparkConf ?? {})) put(conf, unshell(k), unshell(v as string));
  for (const [k, v] of Object.entries(spec.hadoopConf ?? {})) put(conf, unshell(k).startsWith('spark.hadoop.') ? unshell(k) : `spark.hadoop.${unshell(k)}`, unshell(v as string));
  put(conf, 'spark.driver.cores', spec.server?.cores);
  put(conf, 'spark.driver.memory', spec.server?.memory);
  put(conf, 'spark.executor.instances', spec.executor?.instances);
  put(conf, 'spark.executor.cores', spec.executor?.cores);
  put(conf, 'spark.executor.memory', spec.executor?.memory);
  dynamicAllocationConf(conf, spec.dynamicAllocation);
  return conf;
}

/** Reads a `spark-defaults.conf` the way Spark does (java.util.Properties, values trimmed). */
export function parseSparkDefaults(text: string): Conf {
  return loadProperties(text);
}

/** The pod template of a workload object (Deployment, Job, CronJob). */
function podTemplate(doc: any): any {
  return doc.kind === 'CronJob' ? doc.spec?.jobTemplate?.spec?.template : doc.spec?.template;
}

/** The configuration of a spark-submit container: its properties file from the mounted ConfigMap, then `--conf` args. */
export function submitConf(docs: any[], doc: any): Conf | undefined {
  const template = podTemplate(doc);
  const container = (template?.spec?.containers ?? []).find((c: any) => (c.command ?? []).some((a: string) => /spark-submit$/.test(a)));
  if (!container) return undefined;
  const args: string[] = container.args ?? [];
  const at = args.indexOf('--properties-file');
  const propertiesFile = at >= 0 ? args[at + 1] : `${(container.env ?? []).find((e: any) => e.name === 'SPARK_CONF_DIR')?.value}/spark-defaults.conf`;
  const dir = propertiesFile.slice(0, propertiesFile.lastIndexOf('/'));
  const file = propertiesFile.slice(propertiesFile.lastIndexOf('/') + 1);
  const mount = (container.volumeMounts ?? []).find((m: any) => m.mountPath === dir);
  const volume = (template.spec.volumes ?? []).find((v: any) => v.name === mount?.name);
  const configMap = docs.find((d) => d?.kind === 'ConfigMap' && d.metadata?.name === volume?.configMap?.name && d.metadata?.namespace === doc.metadata?.namespace);
  const conf: Conf = configMap?.data?.[file] ? parseSparkDefaults(configMap.data[file]) : {};
  args.forEach((arg, i) => {
    if (arg === '--conf' && args[i + 1]?.includes('=')) {
      const kv = args[i + 1];
      conf[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
    }
  });
  return conf;
}

/** API versions of the Apache Spark Kubernetes Operator's custom resources (both served by its 1.0.0 CRDs). */
export const APACHE_API_VERSIONS = ['spark.apache.org/v1', 'spark.apache.org/v1beta1'];

/** The Spark version an Apache operator resource names (`spec.runtimeVersions.sparkVersion`; the submission workers use "UNKNOWN" without one). */
export function apacheSparkVersion(spec: any): string {
  const version = spec?.runtimeVersions?.sparkVersion;
  return typeof version === 'string' ? version : 'UNKNOWN';
}

/** `{{SPARK_VERSION}}` replaced everywhere in a value (Java String.replace). */
function withVersion(value: unknown, version: string): unknown {
  return typeof value === 'string' ? value.split('{{SPARK_VERSION}}').join(version) : value;
}

/**
 * The configuration the Apache operator (1.0.0) submits a SparkApplication
 * with. Sources, at tag 1.0.0:
 * - spark-submission-worker/.../SparkAppSubmissionWorker.java buildDriverConf
 *   (L129-193): every sparkConf entry, `{{SPARK_VERSION}}` replaced by
 *   spec.runtimeVersions.sparkVersion in keys `spark.kubernetes.*container.image`
 *   (L136-143); spark.kubernetes.namespace forced to the resource's (L149);
 *   spark.jars / spark.submit.pyFiles set if missing from jars / pyFiles
 *   (L151-165); spark.master set if missing (L166-170); spark.authenticate,
 *   spark.io.encryption.enabled, spark.kubernetes.driver.annotateExitException
 *   and spark.kubernetes.executor.useDriverPodIP set to true if missing
 *   (L173-176); spark.kubernetes.executor.deleteOnTermination false if missing
 *   without dynamic allocation and with restartPolicy Never, the default
 *   (L180-184; spec/RestartConfig.java L44).
 * - spark-operator/.../reconciler/SparkAppResourceSpecFactory.java
 *   overrideDependencyConf (L83-105): spark.app.name becomes the resource's
 *   name when sparkConf sets it (L93-95); the operator labels and the
 *   pod-template files are bookkeeping, left out here.
 */
export function apacheApplicationConf(doc: any): Conf {
  const spec: any = isObject(doc?.spec) ? doc.spec : {};
  const version = apacheSparkVersion(spec);
  const conf: Conf = {};
  const given: any = isObject(spec.sparkConf) ? spec.sparkConf : {};
  for (const [k, v] of Object.entries(given)) {
    put(conf, k, k.startsWith('spark.kubernetes.') && k.endsWith('container.image') ? withVersion(v, version) : v);
  }
  if ('spark.app.name' in given) put(conf, 'spark.app.name', doc?.metadata?.name);
  put(conf, 'spark.kubernetes.namespace', doc?.metadata?.namespace);
  const setIfMissing = (key: string, value: unknown) => {
    if (!(key in conf)) put(conf, key, value);
  };
  const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';
  if (nonEmpty(spec.jars)) {
    setIfMissing('spark.jars', spec.jars);
  } else if (spec.mainClass === 'org.apache.spark.deploy.PythonRunner') {
    const rest = String(spec.pyFiles ?? '').split(',').slice(1).join(',');
    if (rest.trim() !== '') setIfMissing('spark.submit.pyFiles', rest);
  } else if (nonEmpty(spec.pyFiles)) {
    setIfMissing('spark.submit.pyFiles', spec.pyFiles);
  }
  setIfMissing('spark.master', `${conf['spark.master.url.prefix'] ?? 'k8s://'}https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`);
  for (const key of ['spark.authenticate', 'spark.io.encryption.enabled', 'spark.kubernetes.driver.annotateExitException', 'spark.kubernetes.executor.useDriverPodIP']) {
    setIfMissing(key, 'true');
  }
  const restartPolicy = spec.applicationTolerations?.restartConfig?.restartPolicy ?? 'Never';
  if ((conf['spark.dynamicAllocation.enabled'] ?? 'false').toLowerCase() !== 'true' && restartPolicy === 'Never') {
    setIfMissing('spark.kubernetes.executor.deleteOnTermination', 'false');
  }
  return conf;
}

/**
 * The configuration of the master and worker daemons of an Apache operator
 * (1.0.0) SparkCluster: spark-submission-worker/.../SparkClusterSubmissionWorker.java
 * getResourceSpec (L36-58) takes every sparkConf entry, replaces
 * `{{SPARK_VERSION}}` in spark.kubernetes.container.image only (L42-47), and
 * forces spark.kubernetes.namespace to the resource's (L55).
 * (After 1.0.0, main also defaults spark.shuffle.service.enabled to true.)
 */
export function apacheClusterConf(doc: any): Conf {
  const spec: any = isObject(doc?.spec) ? doc.spec : {};
  const version = apacheSparkVersion(spec);
  const conf: Conf = {};
  for (const [k, v] of Object.entries(isObject(spec.sparkConf) ? spec.sparkConf : {})) {
    put(conf, k, k === 'spark.kubernetes.container.image' ? withVersion(v, version) : v);
  }
  put(conf, 'spark.kubernetes.namespace', doc?.metadata?.namespace);
  return conf;
}

/** The effective Spark configuration of one Spark workload document, or undefined when it runs no Spark. */
export function effectiveSparkConf(docs: any[], doc: any): Conf | undefined {
  if (!isObject(doc)) return undefined;
  const namespace = doc.metadata?.namespace;
  if (doc.apiVersion === 'sparkoperator.k8s.io/v1beta2' && doc.kind === 'SparkApplication') return operatorApplicationConf(doc.spec, namespace);
  if (doc.apiVersion === 'sparkoperator.k8s.io/v1beta2' && doc.kind === 'ScheduledSparkApplication') return operatorApplicationConf(doc.spec.template, namespace);
  if (doc.apiVersion === 'sparkoperator.k8s.io/v1alpha1' && doc.kind === 'SparkConnect') return operatorConnectConf(doc.spec, namespace);
  if (APACHE_API_VERSIONS.includes(doc.apiVersion) && doc.kind === 'SparkApplication') return apacheApplicationConf(doc);
  if (['Deployment', 'Job', 'CronJob'].includes(doc.kind)) return submitConf(docs, doc);
  return undefined;
}
