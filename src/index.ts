// The public API, by layer: Spark values, pod settings, RBAC, the shared
// application model, then the backends that render it.
export * from './errors';

// spark/: Spark's own vocabulary, no Kubernetes objects
export * from './spark/spark-version';
export * from './spark/application-file';
export * from './spark/application-type';
export * from './spark/dependencies';
export * from './spark/dynamic-allocation';

// pod/: pod settings of Spark processes and daemons
export * from './pod/volume';
export * from './pod/env-from';
export * from './pod/pod-options';
export * from './pod/process-options';
export * from './pod/security-opt-out';
export * from './pod/pod-security-level';

// network/: NetworkPolicy vocabulary (the cluster's network facts, peers)
export * from './network/spark-network';
export * from './network/network-peer';

// rbac/: driver accounts and job namespaces
export * from './rbac/rbac-rule';
export * from './rbac/spark-driver-rbac';
export * from './rbac/namespace-quota';
export * from './rbac/spark-job-namespace';
export * from './rbac/workload-identity';

// application/: what every backend shares
export * from './application/application-options';
export * from './application/resource-budget';
export * from './application/s3a';
export * from './application/event-log';
export * from './application/local-dirs';
export * from './application/spark-master';
export * from './application/exposure';
export * from './application/schedule';

// backends
export * from './operator/operator-options';
export * from './operator/spark-application';
export * from './operator/scheduled-spark-application';
export * from './operator/spark-connect';
export * from './operator/install/operator-install-options';
export * from './operator/install/spark-operator';
export * from './connect/spark-connect-server';
export * from './submit/spark-submit-job';
export * from './standalone/spark-standalone-cluster';
export * from './history/spark-history-server';

// gitops/: the order a GitOps tool applies the App in
export * from './gitops/gitops-phase';
export * from './gitops/gitops-order';

// The Apache Spark Kubernetes Operator's resources, in their own namespace.
export * as apache from './apache';
