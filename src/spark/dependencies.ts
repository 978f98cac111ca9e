import { ApplicationFile } from './application-file';

/** Dependencies Spark fetches at start-up (`spark.jars`, `spark.jars.packages`, ...; the operator's `spec.deps`). */
export interface SparkDependencies {
  /**
   * Jars on the driver and executor classpaths (`spark.jars`).
   * @default - none
   */
  readonly jars?: ApplicationFile[];
  /**
   * Files placed in each process's working directory (`spark.files`).
   * @default - none
   */
  readonly files?: ApplicationFile[];
  /**
   * Python files (.py, .zip, .egg) on the PYTHONPATH (`spark.submit.pyFiles`).
   * @default - none
   */
  readonly pyFiles?: ApplicationFile[];
  /**
   * Archives extracted into each process's working directory (`spark.archives`).
   * @default - none
   */
  readonly archives?: ApplicationFile[];
  /**
   * Maven coordinates (`group:artifact:version`, `spark.jars.packages`), resolved with Ivy into `/tmp`.
   * @default - none
   */
  readonly packages?: string[];
  /**
   * Maven coordinates (`group:artifact`) to exclude (`spark.jars.excludes`).
   * @default - none
   */
  readonly excludePackages?: string[];
  /**
   * Extra Maven repositories (`spark.jars.repositories`).
   * @default - Maven Central
   */
  readonly repositories?: string[];
}
