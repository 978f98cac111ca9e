import { Names } from 'cdk8s';
import type { SecretValue } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  checkApplicationFile, checkApplicationType, checkExecutors, checkMavenCoordinates, checkRuntimeTypes, checkS3a, dynamicAllocationConf,
  ownApplicationKeys,
  setGpuConf,
} from './_rules';
import { PULL_POLICY } from '../_plus';
import { resolveNetwork, SPARK_PORTS, sparkPodLabels, sparkPolicies, SparkPodsNetwork } from './_network';
import { HADOOP_AWS, hadoopVersionOf, isS3aUri, isStockSparkImage, resolveS3aScopes, S3aScope, s3aPackage } from './_s3a-connector';
import { checkSecretConf, SecretConfEntry, secretConfEnv, secretConfEnvName, secretConfReference } from './_secret-conf';
import { checkStandaloneApplication, standaloneSecurityConf } from './_standalone-security';
import { SparkRuntimeOptions } from './application-options';
import { EventLog } from './event-log';
import { SparkLocalDirs } from './local-dirs';
import { SparkResourceBudget } from './resource-budget';
import { ISparkMaster } from './spark-master';
import { argumentProblem, isSecretName } from '../_input';
import { registerAppChecks, registerEventLogWriter } from '../_registry';
import { checkAnnotations, checkDns1035, checkInteger, checkLabels, checkMap, checkNotSecret, checkRequired, DNS_1123_SUBDOMAIN, fail, sorted } from '../_validation';
import { ClusterNetwork, WorkloadPolicy } from '../network/_policy';
import { checkImage } from '../pod/_image';
import { checkVolumeMount, LocalDirVolume, PodRenderInput, renderPodTemplate, SPARK_LOCAL_DIR } from '../pod/_pod-renderer';
import { ProcessResources, resolveProcessResources } from '../pod/_resources';
import { requireOptOut, SECURITY_OPT_OUTS_ANNOTATION } from '../pod/_security-opt-outs';
import { sharedConstant } from '../pod/_shared';
import { DriverOptions, ExecutorPodsAllocator, SparkProcessOptions } from '../pod/process-options';
import { SecurityOptOut } from '../pod/security-opt-out';
import { SparkVolumeMount } from '../pod/volume';
import { resolveDriverAccount, resolveNamespace } from '../rbac/_namespace';
import { checkSecurityOptOuts, POD_OPT_OUTS, sizeKibibytes } from '../rbac/_props';
import { allocatorRules } from '../rbac/_rules';
import { SparkDriverRbac } from '../rbac/spark-driver-rbac';
import { JVM_OVERHEAD_FACTOR, kubernetesQuantity, NON_JVM_OVERHEAD_FACTOR } from '../spark/_memory';
import { checkHadoopEntry, ConfEntries, ConfOwnership, ROLE_CONF_KEYS, SparkConf } from '../spark/_spark-conf';
import { ApplicationFile } from '../spark/application-file';
import { SparkApplicationType } from '../spark/application-type';
import { SparkVersion } from '../spark/spark-version';

/** The Kubernetes API server as a driver inside the cluster addresses it. */
export const KUBERNETES_MASTER = 'k8s://https://kubernetes.default.svc';
/** Container names Spark and the operator give the main containers (the pod template's container name). */
export const DRIVER_CONTAINER = 'spark-kubernetes-driver';
export const EXECUTOR_CONTAINER = 'spark-kubernetes-executor';
/** The mount path of a volume Spark adds to a role's pod from its configuration (KubernetesVolumeUtils): the role and the volume's name. */
const DECLARED_MOUNT_PATH = /^spark\.kubernetes\.(driver|executor)\.volumes\.[^.]+\.([^.]+)\.mount\.path$/;
/** An option of a command line (`--password`, `-p`), as `addArgument` reads the argument before a value. */
const OPTION = /^--?[A-Za-z][\w.-]*$/;
/** Where Ivy resolves packages: the image's user has no writable home. */
const IVY_DIR = '/tmp/.ivy2';

/** What a backend tells the assembler about itself. */
export interface BackendTraits {
  /** The construct's kind as its pods' `spark.cdk8s.io/kind` label shows it. */
  readonly kind: string;
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
  /** Whether the backend writes ingress policies even without the cluster's network facts (a Connect server). @default false */
  readonly policiesWithoutNetwork?: boolean;
  /** The prop that turns those policies off, if the backend has one (`networkPolicy`). */
  readonly networkPolicyProp?: string;
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
  /** The whole application in the driver pod (`local[N]`). */
  readonly localMode?: boolean;
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

/** An application's dependencies before any is added: most have none, so they share these empty lists. */
const NO_DEPENDENCIES: ResolvedDependencies = Object.freeze({
  jars: [], files: [], pyFiles: [], archives: [], packages: [], excludePackages: [], repositories: [],
});

/** The conf key each dependency list renders to, and the prop that owns it. */
const DEPENDENCY_KEYS: { list: keyof ResolvedDependencies; key: string }[] = [
  { list: 'jars', key: 'spark.jars' },
  { list: 'files', key: 'spark.files' },
  { list: 'pyFiles', key: 'spark.submit.pyFiles' },
  { list: 'archives', key: 'spark.archives' },
  { list: 'packages', key: 'spark.jars.packages' },
  { list: 'excludePackages', key: 'spark.jars.excludes' },
  { list: 'repositories', key: 'spark.jars.repositories' },
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
  /** The pod's scheduler, set by the backend (the operator's batch scheduler). */
  readonly schedulerName?: string;
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
  /** Executors: the fixed count (0 in local mode), or undefined under dynamic allocation. */
  public readonly instances?: number;
  /** Whether the whole application runs in the driver pod (`spark.kubernetes.driver.master=local[N]`). */
  public readonly localMode: boolean;
  /** The driver account (none with a standalone master, nor in local mode without a given account). */
  public readonly driverAccount?: { readonly name: string; readonly rbac?: SparkDriverRbac };
  /** The cluster's network facts (`network`, else the job namespace's): with them the backend writes NetworkPolicies. */
  public readonly network?: ClusterNetwork;
  public readonly master?: ISparkMaster;
  public readonly arguments: string[];
  public readonly volumes: SparkVolumeMount[] = [];
  /** The prop of each shared volume (`volumes[i]`, `addVolume`), for messages. */
  public readonly volumeProps: string[] = [];
  /** The dependencies added so far (the lists are made by the first one). */
  private addedDeps?: ResolvedDependencies;
  /** Counts changes after construction, so renderers know when a cached template is stale. */
  public revision = 0;
  /** The named exceptions to the secure defaults the application accepts, checked. */
  public readonly optOuts: SecurityOptOut[];
  /** Every Spark configuration key: typed, Hadoop (`spark.hadoop.*`) and raw. Dependency keys are added at render. */
  private readonly conf: SparkConf;
  /** Hadoop keys (without the prefix) that came from `hadoopConf` or S3A, rather than from raw `sparkConf`. */
  private hadoopKeys?: Set<string>;
  /** The S3A settings and the buckets they apply to (resolveS3aScopes). */
  private s3aScopes: S3aScope[] = [];
  /** Configuration values that come from Secret keys (environment variables of every Spark container). */
  private readonly secretConf: SecretConfEntry[] = [];
  private readonly input: ApplicationInput;
  private readonly traits: BackendTraits;

  constructor(private readonly scope: Construct, input: ApplicationInput, traits: BackendTraits) {
    this.input = input;
    this.traits = traits;
    checkMap(scope, 'props', input, traits.mainFile ? '{ mainApplicationFile: ApplicationFile.fromUrl(\'s3a://bucket/job.py\') }' : '{}', 'an object of props');
    checkRequired(scope, 'props', input, traits.mainFile ? 'pass e.g. { mainApplicationFile: ApplicationFile.fromUrl(\'s3a://bucket/job.py\') }' : 'pass {}');
    checkRuntimeTypes(scope, input, traits.driverProp);
    const risks = traits.securityRisks?.(input.sparkVersion ?? input.master?.sparkVersion ?? SparkVersion.DEFAULT) ?? [];
    this.optOuts = input.securityOptOuts === undefined ? []
      : checkSecurityOptOuts(scope, input.securityOptOuts, this.optOutRules(Object.fromEntries(risks.map((r) => [r.optOut, true]))));
    this.name = input.name ?? Names.toDnsLabel(scope, { maxLen: traits.maxNameLength });
    checkDns1035(scope, 'name', this.name, traits.maxNameLength, traits.nameLengthReason);
    this.namespace = resolveNamespace(scope, input, traits.exampleNamespace);
    // One check per App of everything the library and the user emit there (duplicate names, shared claims).
    registerAppChecks(scope);
    this.checkMetadata();
    this.master = input.master;
    this.version = this.resolveVersion();
    this.localMode = this.resolveLocalMode();
    this.image = input.image ?? this.version.defaultImage;
    this.checkImages();
    this.imagePullPolicy = input.imagePullPolicy ?? PULL_POLICY.IF_NOT_PRESENT;
    this.imagePullSecrets = input.imagePullSecrets === undefined ? [] : input.imagePullSecrets.map((s) => s.name);

    if (traits.mainFile) {
      checkRequired(scope, 'mainApplicationFile', input.mainApplicationFile,
        'use ApplicationFile.fromImagePath(\'/opt/app/job.py\') or ApplicationFile.fromUrl(\'s3a://bucket/job.py\')');
      this.type = checkApplicationType(scope, input.mainApplicationFile!, input.type, input.mainClass);
    }
    this.overheadFactor = this.resolveOverheadFactor();
    this.driver = resolveProcessResources(scope, traits.driverProp, input.driver ?? {}, this.overheadFactor);
    this.executor = resolveProcessResources(scope, 'executor', input.executor ?? {}, this.overheadFactor);
    this.instances = this.localMode ? 0 : this.resolveInstances();
    this.checkNodeSelectors();
    this.checkEventLog(input.eventLog);

    this.conf = new SparkConf(scope, this.namespace, 'sparkConf', true);
    this.conf.ownAll(applicationOwnership(scope, traits, this.master === undefined));
    this.ownEnvKeys();
    this.setTypedConf();
    this.arguments = [];
    (input.arguments ?? []).forEach((a, i) => this.addArgument(a, `arguments[${i}]`));
    if (input.mainClass !== undefined) checkArgument(scope, 'mainClass', input.mainClass);
    if (input.proxyUser !== undefined) checkArgument(scope, 'proxyUser', input.proxyUser);
    if (input.mainApplicationFile) checkArgument(scope, 'mainApplicationFile', input.mainApplicationFile.uri);
    this.addDependencies();
    (input.volumes ?? []).forEach((v, i) => this.addVolume(v, `volumes[${i}]`));
    this.driverAccount = this.resolveDriverAccount();
    traits.ownKeys?.(this);
    this.network = resolveNetwork(scope, input, traits.policiesWithoutNetwork === true, traits.networkPolicyProp);
    if (this.network) this.ownNetworkKeys();
    this.conf.setAll(input.sparkConf);
    this.setHadoopConf();
    this.setSecretConf();
    this.checkSecurityRisks(risks);
    this.checkRuntime();
    this.revision = 0;
  }

  /** The dependency lists, in the order they were added. */
  public get deps(): ResolvedDependencies {
    return this.addedDeps ?? NO_DEPENDENCIES;
  }

  private addDeps(): ResolvedDependencies {
    this.addedDeps ??= { jars: [], files: [], pyFiles: [], archives: [], packages: [], excludePackages: [], repositories: [] };
    return this.addedDeps;
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
    this.checkDeclaredVolume(key, value, prop);
    this.revision++;
  }

  public addHadoopConf(key: string, value: string, prop: string = `addHadoopConf(${key})`): void {
    checkHadoopEntry(this.scope, prop, key, value);
    this.conf.set(`spark.hadoop.${key}`, value, prop);
    (this.hadoopKeys ??= new Set()).add(key);
    this.revision++;
  }

  public addVolume(mount: SparkVolumeMount, prop: string = 'addVolume'): void {
    checkVolumeMount(this.scope, prop, mount);
    this.volumes.push(mount);
    this.volumeProps.push(prop);
    this.revision++;
  }

  public addJar(file: ApplicationFile, prop: string = 'addJar'): void {
    this.addDeps().jars.push(dependencyUri(this.scope, prop, file));
    this.revision++;
  }

  public addFile(file: ApplicationFile, prop: string = 'addFile'): void {
    this.addDeps().files.push(dependencyUri(this.scope, prop, file));
    this.revision++;
  }

  public addPyFile(file: ApplicationFile, prop: string = 'addPyFile'): void {
    this.addDeps().pyFiles.push(dependencyUri(this.scope, prop, file));
    this.revision++;
  }

  public addArchive(file: ApplicationFile, prop: string = 'addArchive'): void {
    this.addDeps().archives.push(dependencyUri(this.scope, prop, file));
    this.revision++;
  }

  public addPackage(coordinate: string, prop: string = 'addPackage'): void {
    this.addDeps().packages.push(...checkMavenCoordinates(this.scope, prop, [coordinate]));
    this.revision++;
  }

  public addExcludePackage(coordinate: string, prop: string = 'addExcludePackage'): void {
    if (typeof coordinate !== 'string' || !/^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$/.test(coordinate)) {
      fail(this.scope, prop, coordinate, 'must be a Maven coordinate group:artifact', 'e.g. \'com.amazonaws:aws-java-sdk-bundle\'');
    }
    this.addDeps().excludePackages.push(coordinate);
    this.revision++;
  }

  public addRepository(url: string, prop: string = 'addRepository'): void {
    // Secret material first (a user:password@ URL), so the message does not show it.
    if (typeof url === 'string') checkArgument(this.scope, prop, url);
    if (typeof url !== 'string' || !/^https?:\/\/[^\s,]+$/.test(url)) {
      fail(this.scope, prop, url, 'must be an http(s) URL', 'e.g. \'https://repo.example.com/maven2\'');
    }
    this.addDeps().repositories.push(url);
    this.revision++;
  }

  public addArgument(argument: string, prop: string = 'addArgument'): void {
    checkArgument(this.scope, prop, argument);
    const previous = this.arguments[this.arguments.length - 1];
    const flag = previous !== undefined && OPTION.test(previous) ? previous.replace(/^--?/, '') : undefined;
    // The value after a secret-like option (`--password hunter2`), unless it is a reference or the next option.
    if (flag !== undefined && isSecretName(flag) && !/^\$[({]|^--?[A-Za-z]/.test(argument)) {
      fail(this.scope, prop, '<redacted>', `is the literal value of the secret-like option '${previous}', which would be stored in clear in Git, the manifest and the process list`,
        `read it from the environment inside the application (an environment variable from a Secret), or pass a file: '${previous}-file /path/in/a/mounted/secret'`);
    }
    this.arguments.push(argument);
    this.revision++;
  }

  /** Feeds a Spark key from a Secret key: an env var from the Secret, `${env:NAME}` in the configuration. */
  public addSparkConfFromSecret(key: string, value: SecretValue, prop: string = `addSparkConfFromSecret(${key})`): void {
    this.addSecretConf('spark', key, value, prop);
  }

  /** Feeds a Hadoop key (no `spark.hadoop.` prefix) from a Secret key: an env var from the Secret, `${env.NAME}` in the configuration. */
  public addHadoopConfFromSecret(key: string, value: SecretValue, prop: string = `addHadoopConfFromSecret(${key})`): void {
    this.addSecretConf('hadoop', key, value, prop);
  }

  // --- reading the model ---------------------------------------------------

  /**
   * Every Spark configuration key with its value, as Spark will see it:
   * typed keys, dependencies, `spark.hadoop.*` and raw keys, sorted.
   */
  public sparkConf(): { [key: string]: string } {
    const { keys, values } = this.sparkConfEntries();
    const conf: { [key: string]: string } = {};
    keys.forEach((key, i) => conf[key] = values[i]);
    return sorted(conf);
  }

  /**
   * The same keys and values as `sparkConf`, as two new lists in the order
   * they were set: for a renderer that takes most keys into fields and sorts
   * only the rest (LiftedConf).
   */
  public sparkConfEntries(): ConfEntries {
    const conf = this.conf.entries();
    const add = (key: string, value: string) => {
      conf.keys.push(key);
      conf.values.push(value);
    };
    const packages = this.s3aPackages();
    const deps: ResolvedDependencies = packages.length === 0 ? this.deps : { ...this.deps, packages: [...this.deps.packages, ...packages] };
    for (const { list, key } of DEPENDENCY_KEYS) {
      if (deps[list].length > 0) add(key, deps[list].join(','));
    }
    if (deps.packages.length > 0) add('spark.jars.ivy', IVY_DIR);
    return conf;
  }

  /** The Hadoop keys that came from `hadoopConf` or S3A (without the prefix), for backends with a `hadoopConf` field. */
  public hadoopConf(): { [key: string]: string } {
    const out: { [key: string]: string } = {};
    if (this.hadoopKeys === undefined) return out;
    for (const key of [...this.hadoopKeys].sort()) out[key] = this.conf.get(`spark.hadoop.${key}`)!;
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
    if (this.s3aScopes.length === 0 && this.secretConf.length === 0) return [];
    const s3a = this.s3aScopes.filter((scope) => role === 'driver' || !scope.driverOnly).flatMap((scope) => scope.s3a._env(scope.bucket));
    return [...s3a, ...secretConfEnv(this.secretConf)];
  }

  /**
   * The local-directory volume of a role's pod template: an emptyDir (on
   * disk or in RAM, with its size limit), or none for executors whose
   * directories are claims Spark adds itself.
   */
  public localDirVolume(role: 'driver' | 'executor'): LocalDirVolume | undefined {
    const dirs = this.input.localDirs;
    if (!dirs || dirs._kind === 'emptyDir') return { sizeLimit: this.localDirSize(dirs) };
    if (dirs._kind === 'memory') return { medium: 'Memory', sizeLimit: this.localDirSize(dirs) };
    // Spark's on-demand claim recipe covers executors; the driver keeps an emptyDir.
    return role === 'driver' ? {} : undefined;
  }

  /**
   * Renders a role's hardened pod template: its pod settings, the shared
   * volumes, S3A env and the app's hardening. A template that depends on
   * nothing of its own (`sharedTemplateKey`) is rendered once per process and
   * shared, deep-frozen: in an App of many applications most are alike.
   */
  public renderTemplate(role: 'driver' | 'executor', extras: TemplateExtras): any {
    const key = this.sharedTemplateKey(role, extras);
    const shared = key === undefined ? undefined : SHARED_TEMPLATES.get(key);
    if (shared !== undefined) return shared;
    const template = this.renderOwnTemplate(role, extras);
    if (key !== undefined) shareTemplate(key, template);
    return template;
  }

  /**
   * What tells a role's template apart when the pod has no settings of its
   * own: the role options only size the process (NON_POD_OPTIONS), the
   * application adds no volume, environment, security settings, opt-outs or
   * local directories, and the backend only names the container and the
   * scheduler. Such a template is a function of the role, the driver prop,
   * the container name, the scheduler and the driver account alone.
   * Undefined for any other template.
   */
  private sharedTemplateKey(role: 'driver' | 'executor', extras: TemplateExtras): string | undefined {
    const input = this.input;
    const options = role === 'driver' ? input.driver : input.executor;
    if (!onlyKeys(extras, SHARED_TEMPLATE_EXTRAS) || !onlyKeys(extras.container, CONTAINER_NAME_ONLY)) return undefined;
    if (!onlyKeys(extras.annotations ?? {}, NO_KEYS)) return undefined;
    if (options !== undefined && !onlyKeys(options, NON_POD_OPTIONS)) return undefined;
    if (input.security !== undefined || input.localDirs !== undefined || (role === 'driver' && input.eventLog?.volume !== undefined)) return undefined;
    if (this.volumes.length > 0 || this.optOuts.length > 0 || this.env(role).length > 0 || this.identityPodLabels()) return undefined;
    const account = role === 'driver' ? this.driverAccount?.name : undefined;
    // Every part but the last is a fixed word or a DNS name (no space); the scheduler's name, any string, comes last.
    return `${role} ${this.traits.driverProp} ${extras.container.name} ${account ?? '-'} ${extras.schedulerName === undefined ? '-' : `=${extras.schedulerName}`}`;
  }

  private renderOwnTemplate(role: 'driver' | 'executor', extras: TemplateExtras): any {
    const given: SparkProcessOptions = (role === 'driver' ? this.input.driver : this.input.executor) ?? {};
    // Annotations with Spark's id placeholders are configuration keys where Spark builds the pod (setTypedConf).
    const byConf = !this.master && (role === 'executor' || this.traits.driverPodBySpark) ? idAnnotations(given.annotations) : {};
    const roleOptions: SparkProcessOptions = Object.keys(byConf).length === 0 ? given
      : { ...given, annotations: Object.fromEntries(Object.entries(given.annotations!).filter(([key]) => byConf[key] === undefined)) };
    const options = {
      ...roleOptions,
      ...(extras.podOutsideSpark && this.input.nodeSelector ? { nodeSelector: this.input.nodeSelector } : {}),
      ...(extras.schedulerName ? { schedulerName: extras.schedulerName } : {}),
    };
    const { podOutsideSpark, schedulerName, ...input } = extras;
    const eventLog = this.input.eventLog;
    const eventLogMount = role === 'driver' && eventLog?.volume ? [{ volume: eventLog.volume, path: eventLog.mountPath! }] : [];
    const identityLabels = this.identityPodLabels();
    return renderPodTemplate({
      // Only a driver that calls the Kubernetes API gets a token (none in local mode without an account).
      automountServiceAccountToken: role === 'driver' && this.driverAccount !== undefined,
      serviceAccountName: role === 'driver' ? this.driverAccount?.name : undefined,
      sparkLocalDir: this.localDirVolume(role) ?? false,
      localDirsProp: this.input.localDirs ? 'localDirs' : undefined,
      defaultSecurity: this.input.security,
      // The driver (a Connect server) records every exception the application takes; executors those of their pods.
      optOuts: role === 'driver' ? this.optOuts : this.optOuts.filter((o) => POD_OPT_OUTS.includes(o)),
      ...input,
      ...(identityLabels ? { labels: { ...input.labels, ...identityLabels } } : {}),
      container: { ...input.container, env: [...(input.container.env ?? []), ...this.env(role)] },
      scope: this.scope,
      prop: role === 'driver' ? this.traits.driverProp : 'executor',
      options: { ...options, volumes: [...this.volumes, ...eventLogMount, ...(options.volumes ?? [])] },
      volumeProps: [...this.volumeProps, ...eventLogMount.map(() => 'eventLog')],
    });
  }

  /**
   * The labels the driver account's cloud identity needs on every pod that
   * runs as it (Azure's `azure.workload.identity/use`): the driver and the
   * executors, which Spark runs as the driver's account unless
   * `spark.kubernetes.authenticate.executor.serviceAccountName` says otherwise.
   * None for an account the user gave (its labels are theirs to set).
   */
  private identityPodLabels(): { [key: string]: string } | undefined {
    if (!this.driverAccount || this.input.driver?.serviceAccount) return undefined;
    const identity = this.input.identity ?? this.input.jobNamespace?.identity;
    const labels = identity?.podLabels;
    return labels && Object.keys(labels).length > 0 ? labels : undefined;
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

  /**
   * With NetworkPolicies: the labels Spark puts on the pods it builds
   * (`spark.kubernetes.<role>.label.*`, so pod templates stay shared) and the
   * ports the policies admit, pinned where Spark would pick one at random.
   */
  private ownNetworkKeys(): void {
    const labels = sparkPodLabels(this.traits.kind, this.name);
    const roles: ('driver' | 'executor')[] = this.master ? [] : this.localMode ? ['driver'] : ['driver', 'executor'];
    for (const role of roles.filter((r) => r === 'executor' || this.traits.driverPodBySpark)) {
      for (const [key, value] of Object.entries(labels[role])) this.conf.own(`spark.kubernetes.${role}.label.${key}`, 'network', value);
    }
    // Standalone executors share a worker's pod, so their block managers take the next free port: left to Spark.
    const ports = this.master ? [SPARK_PORTS.driver, SPARK_PORTS.driverBlockManager, SPARK_PORTS.ui] : Object.values(SPARK_PORTS);
    for (const { key, port } of ports) {
      if (this.conf.get(key) === undefined) this.conf.own(key, 'network', String(port));
    }
  }

  /** The driver's and executors' NetworkPolicies. */
  public networkPolicies(options: Pick<SparkPodsNetwork, 'driverSelector' | 'executorSelector' | 'driverIngress'> = {}): WorkloadPolicy[] {
    return sparkPolicies({
      ...options,
      kind: this.traits.kind,
      name: this.name,
      namespace: this.namespace,
      network: this.network,
      conf: (key) => this.conf.get(key),
      uiAllowFrom: this.input.uiAllowFrom,
      master: this.master,
      localMode: this.localMode,
      objectStorage: this.usesObjectStorage(),
      packages: this.sparkConf()['spark.jars.packages'],
      scope: this.scope,
    });
  }

  /**
   * What shows the application uses object storage, if it does: an `s3a://`
   * path (conf, arguments, main file) or S3A settings.
   */
  private usesObjectStorage(): string | undefined {
    const conf = this.sparkConf();
    const path = [this.input.mainApplicationFile?.uri ?? '', ...this.arguments, ...Object.values(conf)].find((v) => v.includes('s3a://'));
    if (path !== undefined) return `'${path}'`;
    return Object.keys(conf).some((k) => k.startsWith('spark.hadoop.fs.s3a.')) ? 'the S3A settings' : undefined;
  }

  // --- resolution ----------------------------------------------------------

  /** Labels and annotations of the main object; the opt-out annotation is the library's. */
  private checkMetadata(): void {
    const input = this.input;
    checkLabels(this.scope, 'labels', input.labels);
    checkAnnotations(this.scope, 'annotations', input.annotations);
    if (input.annotations?.[SECURITY_OPT_OUTS_ANNOTATION] !== undefined) {
      fail(this.scope, `annotations.${SECURITY_OPT_OUTS_ANNOTATION}`, input.annotations[SECURITY_OPT_OUTS_ANNOTATION],
        'is reserved for the library, which records the construct\'s security exceptions there', 'remove it: list them in \'securityOptOuts\'');
    }
  }

  private checkImages(): void {
    const input = this.input;
    checkImage(this.scope, 'image', this.image, this.version.version);
    if (input.driver?.image) checkImage(this.scope, `${this.traits.driverProp}.image`, input.driver.image, this.version.version);
    if (input.executor?.image) checkImage(this.scope, 'executor.image', input.executor.image, this.version.version);
  }

  /**
   * Spark's one-pod mode (SPARK-42190, Spark 3.4): the driver runs every task
   * itself (KubernetesClusterManager.createSchedulerBackend builds a
   * LocalSchedulerBackend when `spark.kubernetes.driver.master` starts with
   * `local`), so executor settings mean nothing.
   */
  private resolveLocalMode(): boolean {
    const input = this.input;
    if (input.localMode !== true) return false;
    const fix = 'remove \'localMode\' to run executor pods';
    if (!this.version.isAtLeast(3, 4)) {
      fail(this.scope, 'localMode', true, `needs Spark 3.4 or later (spark.kubernetes.driver.master=local[N], SPARK-42190; this application runs Spark ${this.version.version})`,
        'use SparkVersion.V3_5_8 or later');
    }
    if (this.master) fail(this.scope, 'localMode', true, 'only applies with the Kubernetes master (it runs the application in the driver pod)', 'remove \'master\' or \'localMode\'');
    if (input.executor !== undefined) fail(this.scope, 'executor', Object.keys(input.executor), 'does not apply in local mode: the driver runs every task and no executor pod starts', `remove it, or ${fix}`);
    if (input.dynamicAllocation !== undefined) fail(this.scope, 'dynamicAllocation', input.dynamicAllocation, 'does not apply in local mode: there are no executors to scale', `remove it, or ${fix}`);
    return true;
  }

  /**
   * The account the driver runs as: none with a standalone master; in local
   * mode only a given one (the driver calls no Kubernetes API, so no Role);
   * else the given one, the job namespace's, or a new least-privilege one.
   */
  private resolveDriverAccount(): { readonly name: string; readonly rbac?: SparkDriverRbac } | undefined {
    const input = this.input;
    if (input.identity !== undefined && (this.master || (this.localMode && !input.driver?.serviceAccount && !input.jobNamespace))) {
      fail(this.scope, 'identity', (input.identity as any)?._shown ?? input.identity,
        this.master ? 'needs a driver ServiceAccount, and a driver under a standalone master runs without one' : 'needs a driver ServiceAccount, and in local mode none is created',
        this.master ? 'remove it: give the standalone workers the identity instead' : 'pass a job namespace with the identity (new SparkJobNamespace(scope, id, { namespace, identity })) as \'jobNamespace\'');
    }
    if (this.master) return undefined;
    if (this.localMode && !input.driver?.serviceAccount && !input.jobNamespace) return undefined;
    const account = resolveDriverAccount(this.scope, {
      identity: input.identity,
      serviceAccountProp: `${this.traits.driverProp}.serviceAccount`,
      serviceAccount: input.driver?.serviceAccount ?? (this.localMode ? input.jobNamespace?.serviceAccount : undefined),
      jobNamespace: input.jobNamespace,
      namespace: this.namespace,
      sparkVersion: this.version,
      clusterMode: this.traits.clusterMode,
      name: `${this.name}${this.traits.driverAccountSuffix}`,
    });
    this.grantAllocator(account.rbac);
    return account;
  }

  /**
   * The `apps` rights the chosen executor pods allocator needs
   * (StatefulSetPodsAllocator / DeploymentPodsAllocator create, scale and
   * delete one StatefulSet or Deployment per resource profile): added to the
   * driver Role the construct creates, or to the job namespace's when it is
   * a SparkJobNamespace or SparkDriverRbac of this App.
   */
  private grantAllocator(rbac: SparkDriverRbac | undefined): void {
    const allocator = this.input.executor?.podsAllocator;
    if (allocator === undefined || allocator === ExecutorPodsAllocator.DIRECT) return;
    const jobNamespace = this.input.driver?.serviceAccount ? undefined : this.input.jobNamespace as { addRule?: (rule: any) => void } | undefined;
    const target: { addRule?: (rule: any) => void } | undefined = rbac ?? jobNamespace;
    for (const rule of allocatorRules(allocator)) target?.addRule?.(rule);
  }

  private addSecretConf(kind: 'spark' | 'hadoop', key: string, secret: SecretValue, prop: string): void {
    if (this.master) {
      fail(this.scope, prop, key, 'needs the Kubernetes master: standalone executors run inside the workers, where the Secret is not mounted',
        'remove \'master\', or give the workers the value (SparkStandaloneCluster)');
    }
    const entry: SecretConfEntry = { kind, key, secret, prop, env: secretConfEnvName(kind, typeof key === 'string' ? key : '') };
    checkSecretConf(this.scope, entry, this.secretConf);
    if (kind === 'hadoop') {
      checkHadoopEntry(this.scope, prop, key, secretConfReference(entry), { reference: true });
      this.conf.set(`spark.hadoop.${key}`, secretConfReference(entry), prop, true);
      (this.hadoopKeys ??= new Set()).add(key);
    } else {
      this.conf.set(key, secretConfReference(entry), prop, true);
    }
    this.secretConf.push(entry);
    this.revision++;
  }

  private setSecretConf(): void {
    if (this.input.sparkConfFromSecrets === undefined && this.input.hadoopConfFromSecrets === undefined) return;
    for (const [kind, map, prop] of [['spark', this.input.sparkConfFromSecrets, 'sparkConfFromSecrets'], ['hadoop', this.input.hadoopConfFromSecrets, 'hadoopConfFromSecrets']] as const) {
      for (const key of Object.keys(map ?? {}).sort()) this.addSecretConf(kind, key, map![key], `${prop}.${key}`);
    }
  }

  /** What Spark refuses or misses at run time: S3A without its package, local dirs and allocators that cannot work together. */
  private checkRuntime(): void {
    this.s3aPackages();
    const input = this.input;
    const declaredMounts = Object.keys(input.sparkConf ?? {}).filter((key) => DECLARED_MOUNT_PATH.test(key));
    for (const key of declaredMounts.sort()) this.checkDeclaredVolume(key, input.sparkConf![key], `sparkConf.${key}`);
    const dirs = input.localDirs;
    const ownLocalDir = dirs && [...(input.volumes ?? []), ...(input.driver?.volumes ?? []), ...(input.executor?.volumes ?? [])]
      .find((m) => String(m?.volume?.name).startsWith('spark-local-dir-'));
    if (dirs && ownLocalDir) {
      fail(this.scope, 'localDirs', dirs._kind, `cannot be combined with the volume '${ownLocalDir.volume.name}' (a volume named spark-local-dir-* is Spark's local directory too)`,
        'remove the volume, or remove \'localDirs\'');
    }
    if (input.executor?.podsAllocator !== ExecutorPodsAllocator.DEPLOYMENT) return;
    if (!this.version.isAtLeast(4, 2)) {
      fail(this.scope, 'executor.podsAllocator', input.executor.podsAllocator, `needs Spark 4.2 or later (DeploymentPodsAllocator; this application runs Spark ${this.version.version})`,
        'use ExecutorPodsAllocator.STATEFUL_SET, or SparkVersion.V4_2_0');
    }
    const claim = dirs?._kind === 'claim' ? 'localDirs' : this.volumes.concat(input.executor.volumes ?? []).some((m) => m.volume._toWire().persistentVolumeClaim) ? 'volumes' : undefined;
    if (claim) {
      fail(this.scope, 'executor.podsAllocator', input.executor.podsAllocator, `cannot be combined with PersistentVolumeClaims in '${claim}': Spark's DeploymentPodsAllocator refuses them at start`,
        'use ExecutorPodsAllocator.STATEFUL_SET (it creates one claim per executor from a volume claim template), or emptyDir local directories');
    }
    if (input.dynamicAllocation && this.conf.get('spark.kubernetes.executor.podDeletionCost') === undefined) {
      fail(this.scope, 'executor.podsAllocator', input.executor.podsAllocator,
        'needs \'spark.kubernetes.executor.podDeletionCost\' under dynamic allocation (KubernetesClusterManager refuses to start without it)',
        'set it in \'sparkConf\', e.g. { \'spark.kubernetes.executor.podDeletionCost\': \'1\' }');
    }
  }

  /**
   * The `hadoop-aws` package S3A needs: none when S3A is unused, the image
   * carries it, or `deps.packages` names one (on a stock image it must be
   * the Spark line's Hadoop version); else the Spark line's (s3aPackage).
   * An unknown Spark line fails with the fix.
   */
  private s3aPackages(): string[] {
    const use = this.s3aUse();
    if (!use || this.input.imageIncludesS3a) return [];
    const wanted = s3aPackage(this.version);
    const index = this.deps.packages.findIndex((p) => p.startsWith(HADOOP_AWS));
    const line = `${this.version.major}.${this.version.minor}`;
    if (index >= 0) {
      const given = this.deps.packages[index];
      if (wanted && given !== wanted && isStockSparkImage(this.image)) {
        const prop = index < (this.input.deps?.packages?.length ?? 0) ? `deps.packages[${index}]` : 'addPackage';
        fail(this.scope, prop, given, `must be '${wanted}' for the stock Spark ${line} image, whose Hadoop client jars are ${wanted.slice(HADOOP_AWS.length)} (S3A must match them exactly)`,
          'remove it: S3A\'s package is added for you');
      }
      return [];
    }
    if (!wanted) {
      fail(this.scope, 'imageIncludesS3a', undefined, `must be set: S3A is used (${use}), and this library does not know the Hadoop version of Spark ${line} to add the matching hadoop-aws package`,
        `use an image that carries hadoop-aws and set imageIncludesS3a: true, or add '${HADOOP_AWS}<the Hadoop version of Spark ${line}>' to 'deps.packages'`);
    }
    return [wanted];
  }

  /**
   * A volume declared in the configuration (`spark.kubernetes.<role>.volumes.<type>.<name>.mount.path`)
   * is added by Spark's MountVolumesFeatureStep on top of the pod template: a
   * name or mount path the template already has would give the pod two
   * volumes of one name, or two mounts at one path, which the API server
   * rejects.
   */
  private checkDeclaredVolume(key: string, value: string, prop: string): void {
    const m = DECLARED_MOUNT_PATH.exec(key);
    if (!m) return;
    const role = m[1] as 'driver' | 'executor';
    const mounts = [
      { name: 'tmp', path: '/tmp' }, { name: 'spark-work-dir', path: '/opt/spark/work-dir' }, SPARK_LOCAL_DIR,
      ...[...this.volumes, ...(this.input[role]?.volumes ?? [])].map((v) => ({ name: v.volume.name, path: v.path })),
    ];
    const path = `/${String(value).split('/').filter((x) => x !== '' && x !== '.').join('/')}`;
    const clash = mounts.find((t) => t.name === m[2] || t.path === path);
    if (clash) {
      fail(this.scope, prop, value, `declares the ${role} volume '${m[2]}' at ${path}, but the pod template already has the volume '${clash.name}' at ${clash.path} `
        + '(Spark adds declared volumes on top of the template: the API server would reject the pod)', 'give the volume its own name and path, or mount it with \'volumes\'');
    }
  }

  /** The first prop that makes the application use S3A, if any. */
  private s3aUse(): string | undefined {
    const input = this.input;
    if (input.s3a) return 's3a';
    if (isS3aUri(input.eventLog?.directory)) return 'eventLog';
    if (isS3aUri(input.mainApplicationFile?.uri)) return 'mainApplicationFile';
    for (const list of ['jars', 'files', 'pyFiles', 'archives'] as const) {
      if (this.deps[list].some(isS3aUri)) return `deps.${list}`;
    }
    return this.conf.hasKeyUnder('spark.hadoop.fs.s3a.') ? 'fs.s3a.* Hadoop settings' : undefined;
  }

  /** The size limit of an emptyDir local directory, as a Kubernetes quantity. */
  private localDirSize(dirs: SparkLocalDirs | undefined): string | undefined {
    if (dirs?._size === undefined) return undefined;
    return kubernetesQuantity(sizeKibibytes(this.scope, 'localDirs.sizeLimit', dirs._size, 'use e.g. Size.gibibytes(50)'));
  }

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
    const defaultAccount = this.driverAccount?.name === 'default';
    // No risk taken and no opt-out listed: nothing to refuse.
    if (!defaultAccount && input.securityOptOuts === undefined && !backendRisks.some((r) => r.taken)) return;
    const givenAccount = input.driver?.serviceAccount !== undefined;
    const risks: SecurityRisk[] = [{
      optOut: SecurityOptOut.DEFAULT_SERVICE_ACCOUNT,
      taken: defaultAccount,
      prop: givenAccount ? `${this.traits.driverProp}.serviceAccount` : 'jobNamespace',
      value: 'default',
      requirement: 'must not run the driver as the namespace\'s \'default\' service account, which every pod in the namespace shares '
        + '(each would get the driver\'s rights to create pods and Services)',
      fix: givenAccount ? `remove '${this.traits.driverProp}.serviceAccount' to get a least-privilege driver account, or pass a dedicated one` : 'give the job namespace a dedicated driver account',
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
    const typedEnv = this.input.driver?.env !== undefined || this.input.executor?.env !== undefined;
    if (!typedEnv && this.s3aScopes.length === 0 && this.secretConf.length === 0) return;
    for (const role of ['driver', 'executor'] as const) {
      const prefix = role === 'driver' ? 'spark.kubernetes.driverEnv.' : 'spark.executorEnv.';
      const env = this.input[role]?.env;
      if (env !== undefined) {
        const prop = `${role === 'driver' ? this.traits.driverProp : 'executor'}.env`;
        for (const name of Object.keys(env)) this.conf.own(`${prefix}${name}`, prop);
      }
      for (const e of this.env(role)) this.conf.own(`${prefix}${e.name}`, this.input.s3a ? 's3a' : 'eventLog');
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
    if (!eventLog) {
      this.s3aScopes = resolveS3aScopes(this.scope, this.input.s3a, undefined);
      return;
    }
    checkNotSecret(this.scope, 'eventLog', eventLog.directory);
    checkS3a(this.scope, 'eventLog.s3a', eventLog.s3a);
    const problem = eventLog._problem();
    if (problem) {
      fail(this.scope, 'eventLog', eventLog.directory, problem.requirement, problem.fix);
    }
    this.s3aScopes = resolveS3aScopes(this.scope, this.input.s3a, eventLog);
    registerEventLogWriter(this.scope, eventLog.directory, this.namespace, eventLog.volume);
  }

  /** The keys typed props set, in one place for every backend. */
  private setTypedConf(): void {
    const input = this.input;
    const driverProp = this.traits.driverProp;
    const own = (key: string, prop: string, value: string | undefined) => {
      if (value !== undefined) this.conf.own(key, prop, value);
    };
    own('spark.app.name', 'name', this.name);
    this.setRoleConf('driver', own);
    // In local mode the driver runs every task: no executor exists to size.
    if (!this.localMode) this.setRoleConf('executor', own);
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
      ownEach(dynamicAllocationConf(da), 'dynamicAllocation', own);
    } else if (this.localMode) {
      own('spark.kubernetes.driver.master', 'localMode', `local[${this.driver.cores}]`);
    } else if (this.master && this.instances !== undefined) {
      // A standalone master sizes an application by its total cores: StandaloneSchedulerBackend builds the
      // ApplicationDescription from spark.cores.max and spark.executor.cores and never reads
      // spark.executor.instances (core/.../scheduler/cluster/StandaloneSchedulerBackend.scala, v4.1.2 L119-132).
      own('spark.cores.max', 'executor.instances', String(this.instances * this.executor.cores));
    } else {
      own('spark.executor.instances', 'executor.instances', String(this.instances));
    }
    ownEach(input.eventLog?._writerConf(), 'eventLog', own);
    if (this.master) {
      ownEach(standaloneSecurityConf(this.master), 'master', own);
      return;
    }
    this.conf.put('spark.kubernetes.namespace', this.namespace);
    own('spark.kubernetes.container.image', 'image', this.image);
    own('spark.kubernetes.container.image.pullPolicy', 'imagePullPolicy', this.imagePullPolicy);
    own('spark.kubernetes.container.image.pullSecrets', 'imagePullSecrets', this.imagePullSecrets.length ? this.imagePullSecrets.join(',') : undefined);
    own(ROLE_CONF_KEYS.executor.image, 'executor.image', input.executor?.image);
    if (this.traits.driverPodBySpark) own(ROLE_CONF_KEYS.driver.image, 'driver.image', input.driver?.image);
    own('spark.kubernetes.executor.deleteOnTermination', 'executor.deleteOnTermination',
      input.executor?.deleteOnTermination === undefined ? undefined : String(input.executor.deleteOnTermination));
    const ownMap = (prefix: string, prop: string, map: { [key: string]: string } | undefined) => ownEach(map && sorted(map), prop, own, prefix);
    ownMap('spark.kubernetes.node.selector.', 'nodeSelector', input.nodeSelector);
    ownMap('spark.kubernetes.driver.service.annotation.', `${driverProp}.serviceAnnotations`, input.driver?.serviceAnnotations);
    ownMap('spark.kubernetes.driver.service.label.', `${driverProp}.serviceLabels`, input.driver?.serviceLabels);
    own('spark.kubernetes.allocation.pods.allocator', 'executor.podsAllocator', input.executor?.podsAllocator);
    this.setLocalDirClaims();
  }

  /** The keys that size a role's process (and, where Spark builds the pod, its pod), from its resolved resources and options. */
  private setRoleConf(role: 'driver' | 'executor', own: (key: string, prop: string, value: string | undefined) => void): void {
    const prop = role === 'driver' ? this.traits.driverProp : 'executor';
    const r = this[role];
    const options = this.input[role];
    const podBySpark = role === 'executor' || this.traits.driverPodBySpark;
    const k = ROLE_CONF_KEYS[role];
    const p = roleProps(prop);
    own(k.cores, p.cores, String(r.cores));
    own(k.memory, p.memory, r.memory);
    if (podBySpark) own(k.memoryOverhead, p.memoryOverhead, r.memoryOverhead);
    // JVM options end up on the JVM's command line (for executors through env values the kubelet expands): one line, no secret reference.
    if (options?.javaOptions !== undefined) checkArgument(this.scope, p.javaOptions, options.javaOptions);
    own(k.javaOptions, p.javaOptions, options?.javaOptions);
    if (this.master || !podBySpark) return;
    own(k.coreRequest, p.coreRequest, r.coreRequest);
    own(k.coreLimit, p.coreLimit, r.coreLimit);
    if (options?.annotations === undefined) return;
    // Spark substitutes {{APP_ID}} / {{EXECUTOR_ID}} only in the annotations it reads from its configuration
    // (KubernetesConf.annotations: Utils.substituteAppNExecIds), not in a pod template's: those go there instead.
    const byConf = idAnnotations(options.annotations);
    checkAnnotations(this.scope, `${prop}.annotations`, byConf);
    for (const key of Object.keys(byConf)) own(`spark.kubernetes.${role}.annotation.${key}`, `${prop}.annotations`, byConf[key]);
  }

  /**
   * Spark's on-demand claim recipe for executor local directories
   * (running-on-kubernetes.md, "Local Storage"): Spark's MountVolumesFeatureStep
   * adds the volume `spark-local-dir-1` from these keys (a PVC per executor,
   * `sizeLimit` its storage request), and LocalDirsFeatureStep then finds it
   * and adds no emptyDir of its own; the executor template carries none, or
   * the pod would hold two volumes of that name.
   */
  private setLocalDirClaims(): void {
    const dirs = this.input.localDirs;
    if (dirs?._kind !== 'claim') return;
    const prefix = `spark.kubernetes.executor.volumes.persistentVolumeClaim.${SPARK_LOCAL_DIR.name}.`;
    const size = sizeKibibytes(this.scope, 'localDirs.size', dirs._size, 'use e.g. Size.gibibytes(100)');
    if (dirs._storageClass !== undefined && (typeof dirs._storageClass !== 'string' || !DNS_1123_SUBDOMAIN.test(dirs._storageClass))) {
      fail(this.scope, 'localDirs.storageClass', dirs._storageClass, 'must be the name of a StorageClass (a DNS-1123 subdomain)', 'use e.g. \'gp3\'');
    }
    const own = (key: string, value: string | undefined) => {
      if (value !== undefined) this.conf.own(`${prefix}${key}`, 'localDirs', value);
    };
    own('options.claimName', 'OnDemand');
    own('options.storageClass', dirs._storageClass);
    own('options.sizeLimit', kubernetesQuantity(size));
    own('mount.path', SPARK_LOCAL_DIR.path);
    own('mount.readOnly', 'false');
  }

  private addDependencies(): void {
    this.conf.own('spark.jars.ivy', 'deps.packages');
    const deps = this.input.deps;
    if (deps === undefined) return;
    (deps.jars ?? []).forEach((f, i) => this.addJar(f, `deps.jars[${i}]`));
    (deps.files ?? []).forEach((f, i) => this.addFile(f, `deps.files[${i}]`));
    (deps.pyFiles ?? []).forEach((f, i) => this.addPyFile(f, `deps.pyFiles[${i}]`));
    (deps.archives ?? []).forEach((f, i) => this.addArchive(f, `deps.archives[${i}]`));
    (deps.packages ?? []).forEach((p, i) => this.addPackage(p, `deps.packages[${i}]`));
    (deps.excludePackages ?? []).forEach((p, i) => this.addExcludePackage(p, `deps.excludePackages[${i}]`));
    (deps.repositories ?? []).forEach((r, i) => this.addRepository(r, `deps.repositories[${i}]`));
  }

  /**
   * The Hadoop/S3A merge, one rule for every backend: the application's S3A
   * settings, then the event log's (merged when equal, else for the event
   * log's bucket: resolveS3aScopes), then `hadoopConf`, which may not set a
   * key S3A owns.
   */
  private setHadoopConf(): void {
    const hadoop = this.s3aScopes.length > 0 ? hadoopVersionOf(this.version) : undefined;
    for (const { prop, s3a, bucket } of this.s3aScopes) {
      const conf = s3a._hadoopConf({ bucket, hadoop });
      for (const key of Object.keys(conf)) {
        this.conf.own(`spark.hadoop.${key}`, prop, conf[key]);
        (this.hadoopKeys ??= new Set()).add(key);
      }
    }
    for (const key of Object.keys(this.input.hadoopConf ?? {}).sort()) {
      this.addHadoopConf(key, this.input.hadoopConf![key], `hadoopConf.${key}`);
    }
  }
}


/** Templates rendered once and shared (`ApplicationModel.renderTemplate`), by `sharedTemplateKey`, at most SHARED_TEMPLATES_MAX. */
const SHARED_TEMPLATES = new Map<string, any>();
const SHARED_TEMPLATES_MAX = 256;
/** What a backend may pass for a shared template. */
const SHARED_TEMPLATE_EXTRAS: ReadonlySet<string> = new Set(['container', 'schedulerName', 'annotations']);
const CONTAINER_NAME_ONLY: ReadonlySet<string> = new Set(['name']);
const NO_KEYS: ReadonlySet<string> = new Set();

/** The annotations whose values hold Spark's `{{APP_ID}}` / `{{EXECUTOR_ID}}` placeholders. */
function idAnnotations(annotations: { [key: string]: string } | undefined): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  if (annotations === undefined) return out;
  for (const key of Object.keys(annotations)) {
    const value = annotations[key];
    if (typeof value === 'string' && /\{\{(APP_ID|EXECUTOR_ID)\}\}/.test(value)) out[key] = value;
  }
  return out;
}
/** The process options that never reach a pod template: sizing, the image and Spark's own settings. */
const NON_POD_OPTIONS: ReadonlySet<string> = new Set([
  'cores', 'coreRequest', 'coreLimit', 'memory', 'memoryOverhead', 'javaOptions', 'image', 'gpu',
  'serviceAccount', 'serviceAnnotations', 'serviceLabels', 'instances', 'deleteOnTermination', 'podsAllocator',
]);

/** Keeps a template for `renderTemplate` to share (deep-frozen); the table starts over when full. */
function shareTemplate(key: string, template: any): void {
  if (SHARED_TEMPLATES.size >= SHARED_TEMPLATES_MAX) SHARED_TEMPLATES.clear();
  SHARED_TEMPLATES.set(key, sharedConstant(template));
}

/** The prop of each sized setting of a role (`driver.cores`, `server.memory`), spelled once per prop; the keys are ROLE_CONF_KEYS. */
const ROLE_PROPS = new Map<string, { [setting in 'cores' | 'memory' | 'memoryOverhead' | 'javaOptions' | 'coreRequest' | 'coreLimit']: string }>();

function roleProps(prop: string) {
  let props = ROLE_PROPS.get(prop);
  if (props === undefined) {
    props = {
      cores: `${prop}.cores`,
      memory: `${prop}.memory`,
      memoryOverhead: `${prop}.memoryOverhead`,
      javaOptions: `${prop}.javaOptions`,
      coreRequest: `${prop}.coreRequest`,
      coreLimit: `${prop}.coreLimit`,
    };
    ROLE_PROPS.set(prop, props);
  }
  return props;
}

/**
 * Owns every key of a map, under `prefix`, for `prop`. A loop over the keys,
 * not `for (const [key, value] of Object.entries(map))`: the model is built
 * once per application, mostly before V8 optimizes it, and unoptimized code
 * pays the iterator protocol for every destructured entry (about 3.5× the
 * time of this loop on Node 24 without the optimizing tiers).
 */
function ownEach(map: { [key: string]: string } | undefined, prop: string, own: (key: string, prop: string, value: string) => void, prefix: string = ''): void {
  if (map === undefined) return;
  for (const key of Object.keys(map)) own(prefix + key, prop, map[key]);
}

/** Whether every key of an object that holds a value is one of `allowed`. */
function onlyKeys(o: object, allowed: ReadonlySet<string>): boolean {
  for (const key in o) {
    if ((o as any)[key] !== undefined && !allowed.has(key)) return false;
  }
  return true;
}

/**
 * The keys an application's typed props own whatever their values, by the
 * backend traits they depend on and the master: the same table for every
 * application of a backend, so it is built once and shared (`ownAll`).
 */
const APPLICATION_OWNERSHIP = new Map<string, ConfOwnership>();

function applicationOwnership(scope: Construct, traits: BackendTraits, kubernetesMaster: boolean): ConfOwnership {
  const key = `${traits.driverProp} ${traits.mainFile} ${traits.driverPodBySpark} ${kubernetesMaster}`;
  let table = APPLICATION_OWNERSHIP.get(key);
  if (table === undefined) {
    const conf = new SparkConf(scope, undefined);
    ownApplicationKeys(conf, traits.driverProp);
    // Spark's one-pod mode has a typed prop on backends with a main file; elsewhere the key stays denied.
    if (traits.mainFile) conf.own('spark.kubernetes.driver.master', 'localMode');
    // The driver's account comes from its prop; executors fall back to it (Spark's executor serviceAccountName default).
    for (const role of ['driver', 'executor']) conf.own(`spark.kubernetes.authenticate.${role}.serviceAccountName`, `${traits.driverProp}.serviceAccount`);
    // The role images have props even when unset (the deny list's fix names only 'image').
    if (kubernetesMaster) conf.own(ROLE_CONF_KEYS.executor.image, 'executor.image');
    if (kubernetesMaster && traits.driverPodBySpark) conf.own(ROLE_CONF_KEYS.driver.image, 'driver.image');
    table = conf.ownership();
    APPLICATION_OWNERSHIP.set(key, table);
  }
  return table;
}

/** The URI of a dependency file, checked as a file and as an argument. */
function dependencyUri(scope: Construct, prop: string, file: ApplicationFile): string {
  const uri = checkApplicationFile(scope, prop, file).uri;
  if (file.isClasspath) {
    fail(scope, prop, uri, 'must be a file: only the main class can come from the classpath (ApplicationFile.fromClasspath())', 'remove it, or point at the file');
  }
  checkArgument(scope, prop, uri);
  return uri;
}

/** An argument of spark-submit or of the application: one line, no secret reference or material. */
function checkArgument(scope: Construct, prop: string, value: string): void {
  const problem = argumentProblem(value);
  if (problem) fail(scope, prop, problem.requirement.startsWith('holds') ? '<redacted>' : value, problem.requirement, problem.fix);
}
