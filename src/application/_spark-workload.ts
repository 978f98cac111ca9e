import { ApiObject, Lazy } from 'cdk8s';
import type { IServiceAccount, SecretValue } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ApplicationInput, ApplicationModel, BackendTraits } from './_assemble';
import { SparkPodsNetwork } from './_network';
import { registerWorkload, WorkloadBudget } from '../_registry';
import { assertBuilt, checkArgument, undefinedIfEmpty } from '../_validation';
import { SparkResourceBudget } from './resource-budget';
import { renderPolicies } from '../network/_policy';
import { optOutAnnotations } from '../pod/_security-opt-outs';
import { SparkVolumeMount } from '../pod/volume';
import { serviceAccountRef } from '../rbac/_role';
import { SparkDriverRbac } from '../rbac/spark-driver-rbac';
import { ApplicationFile } from '../spark/application-file';
import { SparkVersion } from '../spark/spark-version';

/**
 * The lifecycle every construct that runs a Spark driver shares: the
 * application is resolved once at construction (bad input fails at once),
 * `addXxx` methods validate and change the model, and the backend renders
 * its objects lazily at synth so later `addXxx` calls reach the output. The
 * main object is the child `Resource` (`ApiObject.of(construct)`).
 *
 * Internal: users construct the backends, never this base (jsii erases it
 * and copies its members into each backend).
 *
 * @internal
 */
export abstract class SparkWorkloadBase extends Construct {
  /** Name of the main object; Spark derives pod and Service names from it. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** Spark version. */
  public readonly sparkVersion: SparkVersion;
  /** Container image of the driver and executors. */
  public readonly image: string;

  private readonly model: ApplicationModel;
  private egressPolicies = false;

  protected constructor(scope: Construct, id: string, input: ApplicationInput, traits: BackendTraits) {
    super(scope, id);
    this.model = new ApplicationModel(this, input, traits);
    this.name = this._model.name;
    this.namespace = this._model.namespace;
    this.sparkVersion = this._model.version;
    this.image = this._model.image;
    registerWorkload({
      workload: this,
      kind: traits.kind,
      name: this.name,
      namespace: this.namespace,
      budget: () => {
        const budget = this._model.resourceBudget();
        const extra = this._extraBudget();
        return { cpu: budget.totalCpu + extra.cpu, memoryMebibytes: budget.totalMemoryMebibytes + extra.memoryMebibytes };
      },
      policies: () => this.egressPolicies,
    });
  }

  /**
   * The application: every method reads it, so a construct that bad input
   * stopped (`SparkErrors.collectAtSynth`) throws its problem when used.
   * @internal
   */
  public get _model(): ApplicationModel {
    assertBuilt(this);
    return this.model;
  }

  /**
   * What the construct runs besides the driver and executors (a submitter pod).
   * @internal
   */
  protected _extraBudget(): WorkloadBudget {
    return { cpu: 0, memoryMebibytes: 0 };
  }

  /** The driver RBAC this construct created, if it created one. */
  public get driverRbac(): SparkDriverRbac | undefined {
    return this._model.driverAccount?.rbac;
  }

  /** The service account the driver runs as (none with a standalone master). */
  public get driverServiceAccount(): IServiceAccount | undefined {
    const account = this._model.driverAccount;
    if (!account) return undefined;
    const options = this._model.options;
    return options.driver?.serviceAccount ?? options.jobNamespace?.serviceAccount ?? serviceAccountRef(account.rbac!, account.name);
  }

  /**
   * CPU and memory the application requests: driver plus executors, at the
   * maximum executor count under dynamic allocation.
   */
  public get resourceBudget(): SparkResourceBudget {
    return this._model.resourceBudget();
  }

  /** Sets a Spark configuration key that no prop models (the same rules as `sparkConf`). */
  public addSparkConf(key: string, value: string): void {
    this._model.addSparkConf(key, value);
  }

  /** Sets a Hadoop configuration key, without the `spark.hadoop.` prefix (the same rules as `hadoopConf`). */
  public addHadoopConf(key: string, value: string): void {
    this._model.addHadoopConf(key, value);
  }

  /**
   * Sets a Spark configuration key from a Secret key: the value reaches the
   * driver and executors as an environment variable from the Secret, and the
   * configuration holds `${env:NAME}` (the same rules as `sparkConfFromSecrets`).
   */
  public addSparkConfFromSecret(confKey: string, value: SecretValue): void {
    checkArgument(this, `addSparkConfFromSecret(${confKey})`, 'SecretValue', value);
    this._model.addSparkConfFromSecret(confKey, value);
  }

  /**
   * Sets a Hadoop configuration key (without `spark.hadoop.`) from a Secret
   * key: an environment variable from the Secret, `${env.NAME}` in the
   * configuration (the same rules as `hadoopConfFromSecrets`).
   */
  public addHadoopConfFromSecret(confKey: string, value: SecretValue): void {
    checkArgument(this, `addHadoopConfFromSecret(${confKey})`, 'SecretValue', value);
    this._model.addHadoopConfFromSecret(confKey, value);
  }

  /** Mounts a volume into the driver and the executors. */
  public addVolume(mount: SparkVolumeMount): void {
    checkArgument(this, 'addVolume', 'SparkVolumeMount', mount);
    this._model.addVolume(mount);
  }

  /** Adds a jar to the driver and executor classpaths (`spark.jars`). */
  public addJar(file: ApplicationFile): void {
    this._model.addJar(file);
  }

  /** Adds a file to each process's working directory (`spark.files`). */
  public addFile(file: ApplicationFile): void {
    this._model.addFile(file);
  }

  /** Adds a Python file (.py, .zip, .egg) to the PYTHONPATH (`spark.submit.pyFiles`). */
  public addPyFile(file: ApplicationFile): void {
    this._model.addPyFile(file);
  }

  /** Adds an archive extracted into each process's working directory (`spark.archives`). */
  public addArchive(file: ApplicationFile): void {
    this._model.addArchive(file);
  }

  /** Adds a Maven package `group:artifact:version` (`spark.jars.packages`). */
  public addPackage(coordinate: string): void {
    this._model.addPackage(coordinate);
  }

  /** Excludes a Maven package `group:artifact` from resolution (`spark.jars.excludes`). */
  public addExcludePackage(coordinate: string): void {
    this._model.addExcludePackage(coordinate);
  }

  /** Adds a Maven repository URL (`spark.jars.repositories`). */
  public addRepository(url: string): void {
    this._model.addRepository(url);
  }

  /**
   * Writes the driver's and executors' NetworkPolicies: with the cluster's
   * network facts, or with `always` (ingress only, what is known without them).
   * @internal
   */
  protected _renderNetworkPolicies(options: Pick<SparkPodsNetwork, 'driverSelector' | 'executorSelector' | 'driverIngress'> = {}, always: boolean = false): void {
    if (!this._model.network && !always) return;
    this.egressPolicies = this._model.network !== undefined;
    renderPolicies(this, this._model.cached(() => this._model.networkPolicies(options)));
  }

  /**
   * Creates the main object, child `Resource`, whose spec renders at synth.
   * @internal
   */
  protected _createResource(type: { apiVersion: string; kind: string }, spec: () => any, metadata: any = {}): ApiObject {
    const model = this._model;
    // The security exceptions the application takes are recorded on its main object.
    const given = model.options.annotations;
    const annotations = model.optOuts.length === 0 ? given : { ...given, ...optOutAnnotations(model.optOuts) };
    return new ApiObject(this, 'Resource', {
      apiVersion: type.apiVersion,
      kind: type.kind,
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: model.options.labels,
        annotations: undefinedIfEmpty(annotations),
        ...metadata,
      },
      spec: Lazy.any({ produce: spec }),
    });
  }
}

/**
 * A Spark workload with a main file: adds arguments.
 *
 * Internal: users construct the backends, never this base.
 *
 * @internal
 */
export abstract class SparkMainApplicationBase extends SparkWorkloadBase {
  /** Appends an argument passed to the main class or script. */
  public addArgument(argument: string): void {
    this._model.addArgument(argument);
  }
}
