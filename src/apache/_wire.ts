/**
 * The Apache Spark Kubernetes Operator's group/version/kinds (1.0.0,
 * spark-operator-api: `spark.apache.org`, `v1` served and stored). The L1
 * module (src/imports/spark.apache.org.ts) is imported for its types only.
 */
export const APACHE_SPARK_APPLICATION_GVK = { apiVersion: 'spark.apache.org/v1', kind: 'SparkApplication' };
export const APACHE_SPARK_CLUSTER_GVK = { apiVersion: 'spark.apache.org/v1', kind: 'SparkCluster' };

