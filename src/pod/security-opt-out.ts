/**
 * A named exception to the library's secure defaults. Each is refused unless
 * the construct (or the pod's `security`) lists it, and every one listed is
 * recorded on the object it weakens, in the annotation
 * `spark.cdk8s.io/security-opt-outs`, so a reviewer sees it in the manifest.
 */
export enum SecurityOptOut {
  /** A sidecar or init container sets a security context weaker than the pod's hardening. */
  WEAKER_SIDECAR = 'weaker-sidecar',
  /** A volume is mounted over the service-account token directory or over the Spark installation (`/opt/spark`). */
  SENSITIVE_MOUNT = 'sensitive-mount',
  /** A Spark pod uses a system priority class (`system-node-critical`, `system-cluster-critical`), which can evict cluster components. */
  SYSTEM_PRIORITY_CLASS = 'system-priority-class',
  /** A Spark Connect server accepts any client that reaches it (no `authenticationSecret`). */
  UNAUTHENTICATED_CONNECT = 'unauthenticated-connect',
  /** A Spark Connect server is published outside the cluster (an Ingress, a GRPCRoute, or a LoadBalancer or NodePort Service) without authentication or without its NetworkPolicy. */
  EXPOSED_CONNECT = 'exposed-connect',
  /** A standalone cluster runs without RPC authentication: anything that reaches the master can run code. */
  UNAUTHENTICATED_STANDALONE = 'unauthenticated-standalone',
  /** The standalone REST submission server runs: it is unauthenticated by design, even next to RPC authentication. */
  STANDALONE_REST_SERVER = 'standalone-rest-server',
  /** A driver runs as, or a construct takes over, the namespace's `default` service account, which every pod there shares. */
  DEFAULT_SERVICE_ACCOUNT = 'default-service-account',
  /** A construct creates or manages a system namespace (`kube-system`, `kube-public`, `kube-node-lease`, `default`), or runs Spark jobs in one. */
  SYSTEM_NAMESPACE = 'system-namespace',
}
