import { Names } from 'cdk8s';
import { ImagePullPolicy } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  checkApplicationFile, checkApplicationType, checkExecutors, checkMavenCoordinates, checkRuntimeTypes, checkS3a, dynamicAllocationConf,
  ownApplicationKeys,
  setGpuConf,
} from './_rules';
import { checkStandaloneApplication, standaloneSecurityConf } from './_standalone-security';
import { SparkRuntimeOptions } from './application-options';
import { EventLog } from './event-log';
import { SparkResourceBudget } from './resource-budget';
import { ISparkMaster } from './spark-master';
import { argumentProblem, isSecretName } from '../_input';
import { registerAppChecks, registerEventLogWriter } from '../_registry';
import { checkAnnotations, checkDns1035, checkInteger, checkLabels, checkMap, checkNotSecret, checkRequired, fail, sorted } from '../_validation';
import { checkImage } from '../pod/_image';
import { checkVolumeMount, PodRenderInput, renderPodTemplate } from '../pod/_pod-renderer';
import { ProcessResources, resolveProcessResources } from '../pod/_resources';
import { requireOptOut, SECURITY_OPT_OUTS_ANNOTATION } from '../pod/_security-opt-outs';
import { DriverOptions, SparkProcessOptions } from '../pod/process-options';
import { SecurityOptOut } from '../pod/security-opt-out';
import { SparkVolumeMount } from '../pod/volume';
import { resolveDriverAccount, resolveNamespace } from '../rbac/_namespace';
import { checkSecurityOptOuts, POD_OPT_OUTS } from '../rbac/_props';
import { SparkDriverRbac } from '../rbac/spark-driver-rbac';
import { JVM_OVERHEAD_FACTOR, NON_JVM_OVERHEAD_FACTOR } from '../spark/_memory';
import { checkHadoopEntry, SparkConf } from '../spark/_spark-conf';
import { ApplicationFile } from '../spark/application-file';
import { SparkApplicationType } from '../spark/application-type';
import { SparkVersion } from '../spark/spark-version';

/** The Kubernetes API server as a driver inside the cluster addresses it. */
export const KUBERNETES_MASTER = 'k8s://https://kubernetes.default.svc';
/** Container names Spark and the operator give the main containers (the pod template's container name). */
export const DRIVER_CONTAINER = 'spark-kubernetes-driver';
export const EXECUTOR_CONTAINER = 'spark-kubernetes-executor';
/** Where Ivy resolves packages: the image's user has no writable home. */
const IVY_DIR = '/tmp/.ivy2';

/** What a backend tells the assembler about itself. */
export interface BackendTraits {
  /** The longest name, and why (for the message). */
  readonly maxNameLength: number;
  readonly nameLengthReason: string;
  /** The oldest Spark version the backend runs, and why. @default 3.0, pod templates */
  readonly minVersion?: { readonly major: number; readonly minor: number; readonly why: string };
  /** The prop that holds the driver's settings: `driver`, or `server` for Spark Connect. */
  readonly driverProp: 'driver' | 'server';
  /** Name of a driver account the assembler creates: `<name><suffix>`. */
  readonly driverAccountSuffix: string;
  /** Whether the driver account submits in cluster mode (RBAC: networkpolicies from Spark 4.2). */
  readonly clusterMode: boolean;
  /**
   * Whether Spark creates the driver pod (cluster mode), so the driver's pod
   * sizing keys (CPU request and limit, memory overhead) and its image key
   * reach it. A Connect server's pod is made by the backend from a template.
   */
  readonly driverPodBySpark: boolean;
  /** Whether the application has a main file (type, main class, arguments). */
  readonly mainFile: boolean;
  /** Allow 0 executors (a Connect server that only plans, or scales later). @default false */
  readonly allowZeroExecutors?: boolean;
  /** Example namespace for the fix of a missing namespace. @default 'spark-jobs' */
  readonly exampleNamespace?: string;
  /** What the backend is called in messages (`a SparkConnect`). @default 'this construct' */
  readonly construct?: string;
  /**
   * The insecure choices the backend judges itself (a Connect server without
   * a token, or published outside the cluster): each is refused unless its
   * opt-out is listed in `securityOptOuts`, and an opt-out listed for a risk
   * not taken is refused too. The model judges the driver account itself.
   */
  readonly securityRisks?: (version: SparkVersion) => SecurityRisk[];
  /**
   * Sets the keys the backend itself owns (its recipe, ports, monitoring),
   * after the typed keys and before raw `sparkConf`, so a raw key that
   * clashes gets the same message as one that clashes with a typed prop.
   */
  readonly ownKeys?: (model: ApplicationModel) => void;
}

/** An insecure choice a backend judges, and the message that refuses it without its opt-out. */
export interface SecurityRisk {
  readonly optOut: SecurityOptOut;
  /** Whether the input takes the risk. */
  readonly taken: boolean;
  readonly prop: string;
  readonly value: unknown;
  readonly requirement: string;
  /** The secure way out (the message adds the opt-out). */
  readonly fix: string;
}

/** What the assembler reads: the shared options, a main file where the backend has one, and the driver. */
export interface ApplicationInput extends SparkRuntimeOptions {
  readonly mainApplicationFile?: ApplicationFile;
  readonly type?: SparkApplicationType;
  readonly mainClass?: string;
  readonly arguments?: string[];
  readonly driver?: DriverOptions;
  readonly proxyUser?: string;
  /** A standalone master instead of Kubernetes. */
  readonly master?: ISparkMaster;
}

/** The dependency lists, in the order they were added. */
export interface ResolvedDependencies {
  readonly jars: string[];
  readonly files: string[];
  readonly pyFiles: string[];
  readonly archives: string[];
  readonly packages: string[];
  readonly excludePackages: string[];
  readonly repositories: string[];
}

/** The conf key each dependency list renders to, and the prop that owns it. */
const DEPENDENCY_KEYS: [keyof ResolvedDependencies, string][] = [
  ['jars', 'spark.jars'],
  ['files', 'spark.files'],
  ['pyFiles', 'spark.submit.pyFiles'],
  ['archives', 'spark.archives'],
  ['packages', 'spark.jars.packages'],
  ['excludePackages', 'spark.jars.excludes'],
  ['repositories', 'spark.jars.repositories'],
];

/** What a backend adds to a role's pod template. */
export type TemplateExtras = Omit<PodRenderInput, 'scope' | 'prop' | 'options' | 'automountServiceAccountToken'> & {
  readonly automountServiceAccountToken?: boolean;
  /**
   * The backend, not Spark, creates this pod from the template (a Connect
   * server), so settings Spark applies from the configuration go into the
   * template too (the application's node selector).
   */
  readonly podOutsideSpark?: boolean;
};

/**
 * One Spark application, resolved once for every backend: name, namespace,
 * version minimums, image, memory overhead, resources, configuration
 * ownership, the Hadoop/S3A merge, env, dependencies and the driver account.
 * Backends render it: as custom-resource fields, as `spark-defaults.conf`, or
 * as `--conf` arguments. Every `addXxx` validates at once; renderers read the
 * model lazily, at synth.
 */
export class ApplicationModel {
  public readonly name: string;
  public readonly namespace: string;
  public readonly version: SparkVersion;
  public readonly image: string;
  public readonly imagePullPolicy: string;
  public readonly imagePullSecrets: string[];
  /** The language (applications with a main file). */
  public readonly type?: SparkApplicationType;
  public readonly overheadFactor: number;
  public readonly driver: ProcessResources;
  public readonly executor: ProcessResources;
  /** Executors: the fixed count, or undefined under dynamic allocation. */
  public readonly instances?: number;
  /** The driver account (none with a standalone master). */
  public readonly driverAccount?: { readonly name: string; readonly rbac?: SparkDriverRbac };
  public readonly master?: ISparkMaster;
  public readonly arguments: string[];
  public readonly volumes: SparkVolumeMount[] = [];
  /** The prop of each shared volume (`volumes[i]`, `addVolume`), for messages. */
  public readonly volumeProps: string[] = [];
  public readonly deps: ResolvedDependencies = {
    jars: [], files: [], pyFiles: [], archives: [], packages: [], excludePackages: [], repositories: [],
  };
  /** Counts changes after construction, so renderers know when a cached template is stale. */
  public revision = 0;
  /** The named exceptions to the secure defaults the application accepts, checked. */
  public readonly optOuts: SecurityOptOut[];
  /** Every Spark configuration key: typed, Hadoop (`spark.hadoop.*`) and raw. Dependency keys are added at render. */
  private readonly conf: SparkConf;
  /** Hadoop keys (without the prefix) that came from `hadoopConf` or S3A, rather than from raw `sparkConf`. */
  private readonly hadoopKeys = new Set<string>();
  private readonly input: ApplicationInput;
  private readonly traits: BackendTraits;

  constructor(private readonly scope: Construct, input: ApplicationInput, traits: BackendTraits) {
    this.input = input;
    this.traits = traits;
    checkMap(scope, 'props', input, traits.mainFile ? '{ mainApplicationFile: ApplicationFile.fromUrl(\'s3a://bucket/job.py\') }' : '{}', 'an object of props');
    checkRequired(scope, 'props', input, traits.mainFile ? 'pass e.g. { mainApplicationFile: ApplicationFile.fromUrl(\'s3a://bucket/job.py\') }' : 'pass {}');
    checkRuntimeTypes(scope, input, traits.driverProp);
    const risks = traits.securityRisks?.(input.sparkVersion ?? input.master?.sparkVersion ?? SparkVersion.DEFAULT) ?? [];
    this.optOuts = checkSecurityOptOuts(scope, input.securityOptOuts, this.optOutRules(Object.fromEntries(risks.map((r) => [r.optOut, true]))));
    this.name = input.name ?? Names.toDnsLabel(scope, { maxLen: traits.maxNameLength });
    checkDns1035(scope, 'name', this.name, traits.maxNameLength, traits.nameLengthReason);
    this.namespace = resolveNamespace(scope, input, traits.exampleNamespace);
    // One check per App of everything the library and the user emit there (duplicate names, shared claims).
    registerAppChecks(scope);
    checkLabels(scope, 'labels', input.labels);
    checkAnnotations(scope, 'annotations', input.annotations);
    if (input.annotations?.[SECURITY_OPT_OUTS_ANNOTATION] !== undefined) {
      fail(scope, `annotations.${SECURITY_OPT_OUTS_ANNOTATION}`, input.annotations[SECURITY_OPT_OUTS_ANNOTATION],
        'is reserved for the library, which records the construct\'s security exceptions there', 'remove it: list them in \'securityOptOuts\'');
    }
    this.master = input.master;
    this.version = this.resolveVersion();
    this.image = input.image ?? this.version.defaultImage;
    checkImage(scope, 'image', this.image, this.version.version);
    if (input.driver?.image) checkImage(scope, `${traits.driverProp}.image`, input.driver.image, this.version.version);
    if (input.executor?.image) checkImage(scope, 'executor.image', input.executor.image, this.version.version);
    this.imagePullPolicy = input.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;
    this.imagePullSecrets = (input.imagePullSecrets ?? []).map((s) => s.name);

    if (traits.mainFile) {
      checkRequired(scope, 'mainApplicationFile', input.mainApplicationFile,
        'use ApplicationFile.fromImagePath(\'/opt/app/job.py\') or ApplicationFile.fromUrl(\'s3a://bucket/job.py\')');
      this.type = checkApplicationType(scope, input.mainApplicationFile!, input.type, input.mainClass);
    }
    this.overheadFactor = this.resolveOverheadFactor();
    this.driver = resolveProcessResources(scope, traits.driverProp, input.driver ?? {}, this.overheadFactor);
    this.executor = resolveProcessResources(scope, 'executor', input.executor ?? {}, this.overheadFactor);
    this.instances = this.resolveInstances();
    this.checkNodeSelectors();
    this.checkEventLog(input.eventLog);

    this.conf = new SparkConf(scope, this.namespace);
    ownApplicationKeys(this.conf, traits.driverProp);
    this.ownEnvKeys();
    this.setTypedConf();
    this.arguments = [];
    (input.arguments ?? []).forEach((a, i) => this.addArgument(a, `arguments[${i}]`));
    for (const [prop, value] of [['mainClass', input.mainClass], ['proxyUser', input.proxyUser]] as const) {
      if (value !== undefined) checkArgument(scope, prop, value);
    }
    if (input.mainApplicationFile) checkArgument(scope, 'mainApplicationFile', input.mainApplicationFile.uri);
    this.addDependencies();
    (input.volumes ?? []).forEach((v, i) => this.addVolume(v, `volumes[${i}]`));
    this.driverAccount = this.master ? undefined : resolveDriverAccount(scope, {
      serviceAccount: input.driver?.serviceAccount,
      jobNamespace: input.jobNamespace,
      namespace: this.namespace,
      sparkVersion: this.version,
      clusterMode: traits.clusterMode,
      name: `${this.name}${traits.driverAccountSuffix}`,
    });
    traits.ownKeys?.(this);
    this.conf.setAll(input.sparkConf);
    this.setHadoopConf();
    this.checkSecurityRisks(risks);
    this.revision = 0;
  }

  /** A function that computes once per revision of the model (renderers call it at synth, maybe more than once). */
  public cached<T>(compute: () => T): () => T {
    let value: { revision: number; result: T } | undefined;
    return () => {
      if (value?.revision !== this.revision) value = { revision: this.revision, result: compute() };
      return value.result;
    };
  }

  /** Raw options as given (for backend-specific props). */
  public get options(): ApplicationInput {
    return this.input;
  }

  // --- add methods: each validates at once -------------------------------

  public addSparkConf(key: string, value: string, prop: string = `addSparkConf(${key})`): void {
    this.conf.set(key, value, prop);
    this.revision++;
  }

  public addHadoopConf(key: string, value: string, prop: string = `addHadoopConf(${key})`): void {
    checkHadoopEntry(this.scope, prop, key, value);
    this.conf.set(`spark.hadoop.${key}`, value, prop);
    this.hadoopKeys.add(key);
    this.revision++;
  }

  public addVolume(mount: SparkVolumeMount, prop: string = 'addVolume'): void {
    checkVolumeMount(this.scope, prop, mount);
    this.volumes.push(mount);
    this.volumeProps.push(prop);
    this.revision++;
  }

  public addJar(file: ApplicationFile, prop: string = 'addJar'): void {
    this.deps.jars.push(dependencyUri(this.scope, prop, file));
    this.revision++;
  }

  public addFile(file: ApplicationFile, prop: string = 'addFile'): void {
    this.deps.files.push(dependencyUri(this.scope, prop, file));
    this.revision++;
  }

  public addPyFile(file: ApplicationFile, prop: string = 'addPyFile'): void {
    this.deps.pyFiles.push(dependencyUri(this.scope, prop, file));
    this.revision++;
  }

  public addArchive(file: ApplicationFile, prop: string = 'addArchive'): void {
    this.deps.archives.push(dependencyUri(this.scope, prop, file));
    this.revision++;
  }

  public addPackage(coordinate: string, prop: string = 'addPackage'): void {
    this.deps.packages.push(...checkMavenCoordinates(this.scope, prop, [coordinate]));
    this.revision++;
  }

  public addExcludePackage(coordinate: string, prop: string = 'addExcludePackage'): void {
    if (typeof coordinate !== 'string' || !/^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$/.test(coordinate)) {
      fail(this.scope, prop, coordinate, 'must be a Maven coordinate group:artifact', 'e.g. \'com.amazonaws:aws-java-sdk-bundle\'');
    }
    this.deps.excludePackages.push(coordinate);
    this.revision++;
  }

  public addRepository(url: string, prop: string = 'addRepository'): void {
    // Secret material first (a user:password@ URL), so the message does not show it.
    if (typeof url === 'string') checkArgument(this.scope, prop, url);
    if (typeof url !== 'string' || !/^https?:\/\/[^\s,]+$/.test(url)) {
      fail(this.scope, prop, url, 'must be an http(s) URL', 'e.g. \'https://repo.example.com/maven2\'');
    }
    this.deps.repositories.push(url);
    this.revision++;
  }

  public addArgument(argument: string, prop: string = 'addArgument'): void {
    checkArgument(this.scope, prop, argument);
    const previous = this.arguments[this.arguments.length - 1];
    const flag = previous === undefined ? undefined : /^--?([A-Za-z][\w.-]*)$/.exec(previous)?.[1];
    // The value after a secret-like option (`--password hunter2`), unless it is a reference or the next option.
    if (flag !== undefined && isSecretName(flag) && !/^\$[({]|^--?[A-Za-z]/.test(argument)) {
      fail(this.scope, prop, '<redacted>', `is the literal value of the secret-like option '${previous}', which would be stored in clear in Git, the manifest and the process list`,
        `read it from the environment inside the application (an environment variable from a Secret), or pass a file: '${previous}-file /path/in/a/mounted/secret'`);
    }
    this.arguments.push(argument);
    this.revision++;
  }

  // --- reading the model ---------------------------------------------------

  /**
   * Every Spark configuration key with its value, as Spark will see it:
   * typed keys, dependencies, `spark.hadoop.*` and raw keys, sorted.
   */
  public sparkConf(): { [key: string]: string } {
    const conf = this.conf.render();
    for (const [list, key] of DEPENDENCY_KEYS) {
      if (this.deps[list].length > 0) conf[key] = this.deps[list].join(',');
    }
    if (this.deps.packages.length > 0) conf['spark.jars.ivy'] = IVY_DIR;
    return sorted(conf);
  }

  /** The Hadoop keys that came from `hadoopConf` or S3A (without the prefix), for backends with a `hadoopConf` field. */
  public hadoopConf(): { [key: string]: string } {
    const conf = this.conf.render();
    const out: { [key: string]: string } = {};
    for (const key of [...this.hadoopKeys].sort()) out[key] = conf[`spark.hadoop.${key}`];
    return out;
  }

  /** Sets a key a backend owns (the operator's recipe, ports, ...). */
  public own(key: string, prop: string, value?: string): void {
    this.conf.own(key, prop, value);
  }

  /**
   * The environment every Spark container of a role gets: the S3A
   * credentials; the event log's only for the driver, which alone writes it.
   */
  public env(role: 'driver' | 'executor'): any[] {
    const s3a = this.input.s3a ?? (role === 'driver' ? this.input.eventLog?.s3a : undefined);
    return s3a?._env() ?? [];
  }

  /** Renders a role's hardened pod template: its pod settings, the shared volumes, S3A env and the app's hardening. */
  public renderTemplate(role: 'driver' | 'executor', extras: TemplateExtras): any {
    const roleOptions: SparkProcessOptions = (role === 'driver' ? this.input.driver : this.input.executor) ?? {};
    const options = extras.podOutsideSpark && this.input.nodeSelector ? { ...roleOptions, nodeSelector: this.input.nodeSelector } : roleOptions;
    const { podOutsideSpark, ...input } = extras;
    const eventLog = this.input.eventLog;
    const eventLogMount = role === 'driver' && eventLog?.volume ? [{ volume: eventLog.volume, path: eventLog.mountPath! }] : [];
    return renderPodTemplate({
      automountServiceAccountToken: role === 'driver',
      serviceAccountName: role === 'driver' ? this.driverAccount?.name : undefined,
      sparkLocalDir: true,
      defaultSecurity: this.input.security,
      // The driver (a Connect server) records every exception the application takes; executors those of their pods.
      optOuts: role === 'driver' ? this.optOuts : this.optOuts.filter((o) => POD_OPT_OUTS.includes(o)),
      ...input,
      container: { ...input.container, env: [...(input.container.env ?? []), ...this.env(role)] },
      scope: this.scope,
      prop: role === 'driver' ? this.traits.driverProp : 'executor',
      options: { ...options, volumes: [...this.volumes, ...eventLogMount, ...(options.volumes ?? [])] },
      volumeProps: [...this.volumeProps, ...eventLogMount.map(() => 'eventLog')],
    });
  }

  /** CPU and memory the application requests: driver plus executors, at the maximum executor count. */
  public resourceBudget(): SparkResourceBudget {
    const maxExecutors = this.input.dynamicAllocation?.maxExecutors ?? this.instances ?? 0;
    const driverCpu = this.driver.cpuRequestMillis / 1000;
    const executorCpu = this.executor.cpuRequestMillis / 1000;
    const driverMemoryMebibytes = this.driver.podMemoryKib / 1024;
    const executorMemoryMebibytes = this.executor.podMemoryKib / 1024;
    return {
      driverCpu,
      driverMemoryMebibytes,
      executorCpu,
      executorMemoryMebibytes,
      maxExecutors,
      totalCpu: driverCpu + maxExecutors * executorCpu,
      totalMemoryMebibytes: driverMemoryMebibytes + maxExecutors * executorMemoryMebibytes,
    };
  }

  // --- resolution ----------------------------------------------------------

  private resolveVersion(): SparkVersion {
    const version = this.input.sparkVersion ?? this.master?.sparkVersion ?? SparkVersion.DEFAULT;
    const min = this.traits.minVersion ?? { major: 3, minor: 0, why: 'pod settings are rendered into pod templates (Spark 3.0+)' };
    if (!version.isAtLeast(min.major, min.minor)) {
      fail(this.scope, 'sparkVersion', version.version, `must be at least ${min.major}.${min.minor}.0, because ${min.why}`, 'use SparkVersion.V3_5_8 or later');
    }
    if (this.master) {
      checkStandaloneApplication(this.scope, this.master, version, this.input.dynamicAllocation, this.input.executor);
      if (this.input.jobNamespace) {
        fail(this.scope, 'jobNamespace', this.input.jobNamespace.namespaceName, 'only applies with the Kubernetes master (a standalone driver calls no Kubernetes API)',
          'remove it or remove \'master\'');
      }
    }
    return version;
  }

  private resolveOverheadFactor(): number {
    const given = this.input.memoryOverheadFactor;
    const nonJvm = this.type === SparkApplicationType.PYTHON || this.type === SparkApplicationType.R;
    const factor = given ?? (nonJvm ? NON_JVM_OVERHEAD_FACTOR : JVM_OVERHEAD_FACTOR);
    if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) {
      fail(this.scope, 'memoryOverheadFactor', given, `must be ${typeof factor === 'number' ? '' : 'a number '}between 0 and 1`, 'use a share such as 0.1 (10 % of the heap)');
    }
    return factor;
  }

  private resolveInstances(): number | undefined {
    const instances = this.input.executor?.instances;
    const da = this.input.dynamicAllocation;
    if (this.traits.allowZeroExecutors && instances !== undefined) {
      // The operator's SparkConnect accepts 0 (a server that only plans, or scales later), not less.
      checkInteger(this.scope, 'executor.instances', instances, 0,
        'use 0 or more (0 starts the server without executors), or remove it and set \'dynamicAllocation\' to let Spark size the executors');
    }
    if (this.traits.allowZeroExecutors && instances === 0) {
      if (da) {
        fail(this.scope, 'executor.instances', instances, 'cannot be combined with \'dynamicAllocation\'', 'remove it and set \'dynamicAllocation.initialExecutors\'');
      }
      checkExecutors(this.scope, undefined, da);
      return 0;
    }
    checkExecutors(this.scope, instances, da);
    return da ? undefined : (instances ?? 1);
  }

  /** What `securityOptOuts` may list: the driver account's, the backend's own risks, and the pods'. */
  private optOutRules(own: { [optOut: string]: boolean }): { construct: string; own: { [optOut: string]: boolean }; pods: boolean } {
    return { construct: this.traits.construct ?? 'this construct', own: { [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT]: true, ...own }, pods: true };
  }

  /**
   * Refuses each insecure choice whose opt-out is not listed (the driver
   * running as the namespace's `default` account, the backend's own risks),
   * then an opt-out listed for a risk not taken.
   */
  private checkSecurityRisks(backendRisks: SecurityRisk[]): void {
    const input = this.input;
    const givenAccount = input.driver?.serviceAccount !== undefined;
    const risks: SecurityRisk[] = [{
      optOut: SecurityOptOut.DEFAULT_SERVICE_ACCOUNT,
      taken: this.driverAccount?.name === 'default',
      prop: givenAccount ? `${this.traits.driverProp}.serviceAccount` : 'jobNamespace',
      value: 'default',
      requirement: 'must not run the driver as the namespace\'s \'default\' service account, which every pod in the namespace shares '
        + '(each would get the driver\'s rights to create pods and Services)',
      fix: givenAccount ? 'remove \'serviceAccount\' to get a least-privilege driver account, or pass a dedicated one' : 'give the job namespace a dedicated driver account',
    }, ...backendRisks];
    for (const risk of risks.filter((r) => r.taken)) {
      requireOptOut(this.scope, risk.prop, risk.value, this.optOuts, risk.optOut, 'securityOptOuts', risk.requirement, risk.fix);
    }
    const taken: { [optOut: string]: boolean } = {};
    for (const risk of risks) taken[risk.optOut] = taken[risk.optOut] || risk.taken;
    checkSecurityOptOuts(this.scope, this.optOuts, this.optOutRules(taken));
  }

  /**
   * The environment variables typed props set, as the keys Spark would set
   * them from (`spark.executorEnv.*`, `spark.kubernetes.driverEnv.*`): raw
   * configuration may not set them a second time.
   */
  private ownEnvKeys(): void {
    const prefix = { driver: 'spark.kubernetes.driverEnv.', executor: 'spark.executorEnv.' };
    for (const role of ['driver', 'executor'] as const) {
      const prop = role === 'driver' ? this.traits.driverProp : 'executor';
      for (const name of Object.keys(this.input[role]?.env ?? {})) this.conf.own(`${prefix[role]}${name}`, `${prop}.env`);
      for (const e of this.env(role)) this.conf.own(`${prefix[role]}${e.name}`, this.input.s3a ? 's3a' : 'eventLog');
    }
  }

  /** The operator rejects a node selector at both levels; every backend follows the same rule. */
  private checkNodeSelectors(): void {
    if (!this.input.nodeSelector) return;
    checkLabels(this.scope, 'nodeSelector', this.input.nodeSelector);
    for (const [role, prop] of [['driver', this.traits.driverProp], ['executor', 'executor']] as const) {
      if (this.input[role]?.nodeSelector) {
        fail(this.scope, `${prop}.nodeSelector`, this.input[role]!.nodeSelector, 'cannot be combined with the application-level \'nodeSelector\'',
          `move the labels into 'nodeSelector', or into '${this.traits.driverProp}.nodeSelector' and 'executor.nodeSelector' only`);
      }
    }
  }

  private checkEventLog(eventLog: EventLog | undefined): void {
    if (!eventLog) return;
    checkNotSecret(this.scope, 'eventLog', eventLog.directory);
    checkS3a(this.scope, 'eventLog.s3a', eventLog.s3a);
    const problem = eventLog._problem();
    if (problem) {
      fail(this.scope, 'eventLog', eventLog.directory, problem.requirement, problem.fix);
    }
    const s3a = this.input.s3a;
    if (s3a && eventLog.s3a && s3a.credentialsSecretName !== eventLog.s3a.credentialsSecretName) {
      fail(this.scope, 'eventLog', eventLog.directory, `uses S3A credentials from Secret '${eventLog.s3a.credentialsSecretName}' while 's3a' uses '${s3a.credentialsSecretName}'`,
        'give both the same S3a object, or leave the event log\'s s3a unset to use the application\'s');
    }
    registerEventLogWriter(this.scope, eventLog.directory, this.namespace, eventLog.volume);
  }

  /** The keys typed props set, in one place for every backend. */
  private setTypedConf(): void {
    const input = this.input;
    const driverProp = this.traits.driverProp;
    const own = (key: string, prop: string, value: string | undefined) => {
      if (value !== undefined) this.conf.own(key, prop, value);
    };
    const kubernetes = !this.master;
    own('spark.app.name', 'name', this.name);
    for (const [role, prop, r, options] of [['driver', driverProp, this.driver, input.driver], ['executor', 'executor', this.executor, input.executor]] as const) {
      const podBySpark = role === 'executor' || this.traits.driverPodBySpark;
      own(`spark.${role}.cores`, `${prop}.cores`, String(r.cores));
      own(`spark.${role}.memory`, `${prop}.memory`, r.memory);
      if (podBySpark) own(`spark.${role}.memoryOverhead`, `${prop}.memoryOverhead`, r.memoryOverhead);
      // JVM options end up on the JVM's command line (for executors through env values the kubelet expands): one line, no secret reference.
      if (options?.javaOptions !== undefined) checkArgument(this.scope, `${prop}.javaOptions`, options.javaOptions);
      own(`spark.${role}.extraJavaOptions`, `${prop}.javaOptions`, options?.javaOptions);
      if (kubernetes && podBySpark) {
        own(`spark.kubernetes.${role}.request.cores`, `${prop}.coreRequest`, r.coreRequest);
        own(`spark.kubernetes.${role}.limit.cores`, `${prop}.coreLimit`, r.coreLimit);
      }
    }
    if (input.driver?.gpu && driverProp === 'server') {
      fail(this.scope, 'server.gpu', input.driver.gpu.amount, 'is not supported: the Connect server schedules tasks but runs none',
        'request GPUs for the executors with \'executor.gpu\'');
    }
    setGpuConf(this.scope, this.conf, 'driver', input.driver?.gpu);
    setGpuConf(this.scope, this.conf, 'executor', input.executor?.gpu);
    if (input.memoryOverheadFactor !== undefined) {
      own('spark.kubernetes.memoryOverheadFactor', 'memoryOverheadFactor', String(input.memoryOverheadFactor));
    }
    const da = input.dynamicAllocation;
    if (da) {
      for (const [key, value] of Object.entries(dynamicAllocationConf(da))) own(key, 'dynamicAllocation', value);
    } else if (this.master && this.instances !== undefined) {
      // A standalone master sizes an application by its total cores: StandaloneSchedulerBackend builds the
      // ApplicationDescription from spark.cores.max and spark.executor.cores and never reads
      // spark.executor.instances (core/.../scheduler/cluster/StandaloneSchedulerBackend.scala, v4.1.2 L119-132).
      own('spark.cores.max', 'executor.instances', String(this.instances * this.executor.cores));
    } else {
      own('spark.executor.instances', 'executor.instances', String(this.instances));
    }
    for (const [key, value] of Object.entries(input.eventLog?._writerConf() ?? {})) own(key, 'eventLog', value);
    if (this.master) {
      for (const [key, value] of Object.entries(standaloneSecurityConf(this.master))) own(key, 'master', value);
      return;
    }
    this.conf.put('spark.kubernetes.namespace', this.namespace);
    own('spark.kubernetes.container.image', 'image', this.image);
    own('spark.kubernetes.container.image.pullPolicy', 'imagePullPolicy', this.imagePullPolicy);
    own('spark.kubernetes.container.image.pullSecrets', 'imagePullSecrets', this.imagePullSecrets.length ? this.imagePullSecrets.join(',') : undefined);
    own('spark.kubernetes.executor.container.image', 'executor.image', input.executor?.image);
    if (this.traits.driverPodBySpark) own('spark.kubernetes.driver.container.image', 'driver.image', input.driver?.image);
    own('spark.kubernetes.executor.deleteOnTermination', 'executor.deleteOnTermination',
      input.executor?.deleteOnTermination === undefined ? undefined : String(input.executor.deleteOnTermination));
    for (const [key, value] of Object.entries(sorted(input.nodeSelector ?? {}))) {
      own(`spark.kubernetes.node.selector.${key}`, 'nodeSelector', value);
    }
    for (const [key, value] of Object.entries(sorted(input.driver?.serviceAnnotations ?? {}))) {
      own(`spark.kubernetes.driver.service.annotation.${key}`, `${driverProp}.serviceAnnotations`, value);
    }
    for (const [key, value] of Object.entries(sorted(input.driver?.serviceLabels ?? {}))) {
      own(`spark.kubernetes.driver.service.label.${key}`, `${driverProp}.serviceLabels`, value);
    }
  }

  private addDependencies(): void {
    const deps = this.input.deps ?? {};
    (deps.jars ?? []).forEach((f, i) => this.addJar(f, `deps.jars[${i}]`));
    (deps.files ?? []).forEach((f, i) => this.addFile(f, `deps.files[${i}]`));
    (deps.pyFiles ?? []).forEach((f, i) => this.addPyFile(f, `deps.pyFiles[${i}]`));
    (deps.archives ?? []).forEach((f, i) => this.addArchive(f, `deps.archives[${i}]`));
    (deps.packages ?? []).forEach((p, i) => this.addPackage(p, `deps.packages[${i}]`));
    (deps.excludePackages ?? []).forEach((p, i) => this.addExcludePackage(p, `deps.excludePackages[${i}]`));
    (deps.repositories ?? []).forEach((r, i) => this.addRepository(r, `deps.repositories[${i}]`));
    this.conf.own('spark.jars.ivy', 'deps.packages');
  }

  /**
   * The Hadoop/S3A merge, one rule for every backend: the application's S3A
   * settings, then the event log's (which must agree), then `hadoopConf`,
   * which may not set a key S3A owns.
   */
  private setHadoopConf(): void {
    const fromS3a: { [key: string]: string } = {};
    const sources: [string, { [key: string]: string } | undefined][] = [
      ['s3a', this.input.s3a?._hadoopConf()],
      ['eventLog', this.input.eventLog?.s3a?._hadoopConf()],
    ];
    for (const [prop, conf] of sources) {
      for (const [key, value] of Object.entries(conf ?? {})) {
        if (fromS3a[key] !== undefined && fromS3a[key] !== value) {
          fail(this.scope, prop, this.input.eventLog?.directory, `sets the S3A setting '${key}' to '${value}' while 's3a' sets '${fromS3a[key]}'`,
            'give both the same S3a object, or leave the event log\'s s3a unset to use the application\'s');
        }
        fromS3a[key] = value;
        this.conf.own(`spark.hadoop.${key}`, prop, value);
        this.hadoopKeys.add(key);
      }
    }
    for (const key of Object.keys(this.input.hadoopConf ?? {}).sort()) {
      this.addHadoopConf(key, this.input.hadoopConf![key], `hadoopConf.${key}`);
    }
  }
}


/** The URI of a dependency file, checked as a file and as an argument. */
function dependencyUri(scope: Construct, prop: string, file: ApplicationFile): string {
  const uri = checkApplicationFile(scope, prop, file).uri;
  checkArgument(scope, prop, uri);
  return uri;
}

/** An argument of spark-submit or of the application: one line, no secret reference or material. */
function checkArgument(scope: Construct, prop: string, value: string): void {
  const problem = argumentProblem(value);
  if (problem) fail(scope, prop, problem.requirement.startsWith('holds') ? '<redacted>' : value, problem.requirement, problem.fix);
}
