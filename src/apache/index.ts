// The Apache Spark Kubernetes Operator (spark.apache.org/v1): a second
// renderer of the application model, in its own namespace (`apache.*`).
export * from './runtime-versions';
export * from './application-tolerations';
export * from './driver-resources';
export * from './spark-application';
export * from './spark-cluster';
