import { checksFactories } from '../_validation';
import { SparkValidationError } from '../errors';

/**
 * A released Apache Spark version, and the facts that depend on it.
 *
 * @example
 * SparkVersion.V4_0_4
 * SparkVersion.of('4.1.3')
 */
@checksFactories('SparkVersion')
export class SparkVersion {
  /** Spark 3.5.8, the last 3.5 release. */
  public static readonly V3_5_8 = new SparkVersion(3, 5, 8);
  /** Spark 4.0.4, the version Kubeflow Spark Operator 2.5.2 is built on (the default). */
  public static readonly V4_0_4 = new SparkVersion(4, 0, 4);
  /** Spark 4.1.3. */
  public static readonly V4_1_3 = new SparkVersion(4, 1, 3);
  /** Spark 4.2.0. */
  public static readonly V4_2_0 = new SparkVersion(4, 2, 0);

  /** The default version: 4.0.4. */
  public static readonly DEFAULT = SparkVersion.V4_0_4;

  /**
   * Any `major.minor.patch` Spark version.
   *
   * Versions below 3.0 parse, but the constructs reject them because they
   * render pod templates.
   */
  public static of(version: string): SparkVersion {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    if (!m) {
      // The library's error, without a construct path: a factory has none (the message is the one a construct gives the prop).
      throw new SparkValidationError(`'sparkVersion' must be a released Spark version such as '4.0.4', got '${version}'; give major.minor.patch`, '', 'sparkVersion');
    }
    return new SparkVersion(Number(m[1]), Number(m[2]), Number(m[3]));
  }

  /** The version as `major.minor.patch`. */
  public readonly version: string;

  private constructor(
    /** Major version. */
    public readonly major: number,
    /** Minor version. */
    public readonly minor: number,
    /** Patch version. */
    public readonly patch: number,
  ) {
    this.version = `${major}.${minor}.${patch}`;
  }

  /** The stock image for this version: `apache/spark:<version>`. */
  public get defaultImage(): string {
    return `apache/spark:${this.version}`;
  }

  /** The Scala binary version the stock distribution is built with. */
  public get scalaBinaryVersion(): string {
    return this.major >= 4 ? '2.13' : '2.12';
  }

  /** Whether this version is at least `major.minor[.patch]`. */
  public isAtLeast(major: number, minor: number, patch: number = 0): boolean {
    if (this.major !== major) return this.major > major;
    if (this.minor !== minor) return this.minor > minor;
    return this.patch >= patch;
  }

  /** Pod templates (`spark.kubernetes.*.podTemplateFile`) exist from Spark 3.0. */
  public get supportsPodTemplates(): boolean {
    return this.isAtLeast(3, 0);
  }

  /**
   * From Spark 4.2 every cluster-mode submission creates a NetworkPolicy, so
   * the submitter needs `create networkpolicies` (SPARK-55653).
   */
  public get submissionCreatesNetworkPolicy(): boolean {
    return this.isAtLeast(4, 2);
  }

  /** Spark Connect token authentication (`SPARK_CONNECT_AUTHENTICATE_TOKEN`) exists from Spark 4.0. */
  public get supportsConnectAuthentication(): boolean {
    return this.isAtLeast(4, 0);
  }

  /** The version string. */
  public toString(): string {
    return this.version;
  }
}
