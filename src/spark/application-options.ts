import { Duration } from 'cdk8s';
import { ApplicationFile } from './application-file';

/** The language of a Spark application (`spec.type`). */
export enum SparkApplicationType {
  /** A Java application (a jar with a main class). */
  JAVA = 'Java',
  /** A Scala application (a jar with a main class). */
  SCALA = 'Scala',
  /** A PySpark application (a .py file). */
  PYTHON = 'Python',
  /** A SparkR application (a .R file). */
  R = 'R',
}

/**
 * Dynamic allocation of executors. Kubernetes has no external shuffle
 * service, so shuffle tracking is on by default.
 *
 * @see https://spark.apache.org/docs/latest/job-scheduling.html#dynamic-resource-allocation
 */
export interface DynamicAllocation {
  /**
   * Lower bound of executors.
   * @default 0
   */
  readonly minExecutors?: number;
  /** Upper bound of executors (also the bound of the resource budget). */
  readonly maxExecutors: number;
  /**
   * Executors at start.
   * @default - minExecutors
   */
  readonly initialExecutors?: number;
  /**
   * Track shuffle files so executors holding them are kept.
   * @default true
   */
  readonly shuffleTracking?: boolean;
  /**
   * How long an executor holding shuffle data may idle before release.
   * @default - forever
   */
  readonly shuffleTrackingTimeout?: Duration;
}

/** Dependencies Spark fetches at start-up (`spec.deps`, `spark.jars`, ...). */
export interface SparkDependencies {
  /**
   * Jars on the driver and executor classpaths.
   * @default - none
   */
  readonly jars?: ApplicationFile[];
  /**
   * Files placed in each process's working directory.
   * @default - none
   */
  readonly files?: ApplicationFile[];
  /**
   * Python files (.py, .zip, .egg) on the PYTHONPATH.
   * @default - none
   */
  readonly pyFiles?: ApplicationFile[];
  /**
   * Archives extracted into each process's working directory.
   * @default - none
   */
  readonly archives?: ApplicationFile[];
  /**
   * Maven coordinates (`group:artifact:version`), resolved with Ivy into `/tmp`.
   * @default - none
   */
  readonly packages?: string[];
  /**
   * Maven coordinates (`group:artifact`) to exclude.
   * @default - none
   */
  readonly excludePackages?: string[];
  /**
   * Extra Maven repositories.
   * @default - Maven Central
   */
  readonly repositories?: string[];
}

