import { SparkVersion } from '../spark/spark-version';

/**
 * The Hadoop line each Spark line is built with, so S3A's `hadoop-aws` can
 * match the Hadoop client jars in the image exactly (a mismatch fails with
 * linkage errors at the first S3 access). `hadoop-aws` brings the AWS SDK
 * bundle it was built with as a Maven dependency, so `--packages` resolves
 * the SDK too. Sources: `<hadoop.version>` in Spark's root pom.xml per release
 * (3.5.x: 3.3.4; v4.0.0: 3.4.1; v4.1.2: 3.4.2) and the Apache Spark operator's
 * 4.1/4.2 examples (hadoop-aws 3.4.2).
 */
const HADOOP_BY_SPARK: [major: number, minor: number, hadoop: string][] = [
  [3, 5, '3.3.4'],
  [4, 0, '3.4.1'],
  [4, 1, '3.4.2'],
  [4, 2, '3.4.2'],
];

/** The Hadoop version of a Spark release's stock distribution, or undefined for a line the table does not know. */
export function hadoopVersionOf(version: SparkVersion): string | undefined {
  return HADOOP_BY_SPARK.find(([major, minor]) => version.major === major && version.minor === minor)?.[2];
}

/** The Maven package that brings S3A (and with it the AWS SDK) for a Spark release, or undefined when unknown. */
export function s3aPackage(version: SparkVersion): string | undefined {
  const hadoop = hadoopVersionOf(version);
  return hadoop ? `org.apache.hadoop:hadoop-aws:${hadoop}` : undefined;
}
