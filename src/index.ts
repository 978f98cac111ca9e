export * from './spark/spark-version';
export * from './spark/application-file';
export * from './pod/spark-pod';
export * from './rbac/spark-driver-rbac';
export * from './operator/spark-application-options';
export * from './operator/spark-application-base';
export * from './operator/spark-application';
export * from './operator/scheduled-spark-application';
