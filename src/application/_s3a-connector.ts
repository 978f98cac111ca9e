import { parseImage } from '../_input';
import { SparkVersion } from '../spark/spark-version';

/**
 * The Hadoop line each Spark line is built with, so S3A's `hadoop-aws` can
 * match the Hadoop client jars in the image exactly (a mismatch fails with
 * linkage errors at the first S3 access). `hadoop-aws` brings the AWS SDK
 * bundle it was built with as a Maven dependency, so `--packages` resolves
 * the SDK too.
 *
 * Sources, `<hadoop.version>` in apache/spark's root pom.xml:
 * - 3.5: 3.3.4 (pom.xml of 3.5.x, e.g. commit 000e2c049a33, 3.5.2-SNAPSHOT; v3.5.5 likewise);
 * - 4.0: 3.4.1 (pom of spark-parent_2.13 4.0.0; the 4.0 development pom moved 3.4.0 → 3.4.1 before the release);
 * - 4.1: 3.4.2 (v4.1.2 pom.xml; the Apache Spark operator's 4.1 examples use hadoop-aws 3.4.2);
 * - 4.2: 3.4.3 (pom.xml at commit 0024ef0ff29d, 4.2.0-SNAPSHOT, and its
 *   dev/deps/spark-deps-hadoop-3-hive-2.3: hadoop-client-api 3.4.3, hadoop-aws 3.4.3).
 * A line the table does not know returns undefined: the caller fails with the fix.
 */
const HADOOP_BY_SPARK: [major: number, minor: number, hadoop: string][] = [
  [3, 5, '3.3.4'],
  [4, 0, '3.4.1'],
  [4, 1, '3.4.2'],
  [4, 2, '3.4.3'],
];

/** The Maven coordinate prefix of S3A. */
export const HADOOP_AWS = 'org.apache.hadoop:hadoop-aws:';

/** The Hadoop version of a Spark release's stock distribution, or undefined for a line the table does not know. */
export function hadoopVersionOf(version: SparkVersion): string | undefined {
  return HADOOP_BY_SPARK.find(([major, minor]) => version.major === major && version.minor === minor)?.[2];
}

/** The Maven package that brings S3A (and with it the AWS SDK) for a Spark release, or undefined when unknown. */
export function s3aPackage(version: SparkVersion): string | undefined {
  const hadoop = hadoopVersionOf(version);
  return hadoop ? `${HADOOP_AWS}${hadoop}` : undefined;
}

/**
 * Whether an image is a stock Spark image (`apache/spark`, or Docker's
 * official `spark`), built from the binary release without
 * `-Phadoop-cloud` (apache/spark dev/create-release/release-build.sh), so
 * it carries Spark's own Hadoop client jars and no S3A.
 */
export function isStockSparkImage(image: string): boolean {
  const ref = parseImage(image);
  if (!ref) return false;
  // A first component without '.' or ':' (and not localhost) is part of the path, not a registry (reference.ParseNormalizedNamed).
  const registry = ref.domain !== undefined && (/[.:]/.test(ref.domain) || ref.domain === 'localhost') ? ref.domain : undefined;
  const path = ref.domain !== undefined && registry === undefined ? `${ref.domain}/${ref.path}` : ref.path;
  const hub = registry === undefined || registry === 'docker.io' || registry === 'index.docker.io';
  return hub && ['apache/spark', 'spark', 'library/spark'].includes(path);
}

/** Whether a URI or configuration value names an S3A location. */
export function isS3aUri(uri: string | undefined): boolean {
  return typeof uri === 'string' && /^s3a:\/\//i.test(uri);
}
