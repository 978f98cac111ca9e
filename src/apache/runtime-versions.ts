/**
 * The Scala and JDK versions the image runs, reported to the Apache operator
 * in `spec.runtimeVersions` (the Spark version comes from `sparkVersion`).
 */
export interface RuntimeVersionOptions {
  /**
   * Scala binary version of the image (`2.13`); it must be the Spark
   * version's own.
   * @default - not reported
   */
  readonly scalaVersion?: string;
  /**
   * Major Java version of the image (`17`, `21`, `25`); Spark 4 needs 17 or
   * later.
   * @default - not reported
   */
  readonly jdkVersion?: string;
}
