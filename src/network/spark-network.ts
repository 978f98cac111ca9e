import { NetworkPeer } from './network-peer';

/**
 * Where pods connect to, and the TCP ports used there: addresses outside
 * the pod network by CIDR (the Kubernetes API server's endpoints, an object
 * store's ranges), or pods in the cluster (an in-cluster object store such
 * as MinIO). Give `cidrs` or `peers`.
 */
export interface NetworkDestination {
  /**
   * CIDRs (IPv4 or IPv6), e.g. `['10.0.0.10/32']`.
   * @default - none: give `peers`
   */
  readonly cidrs?: string[];
  /**
   * Sub-ranges of those CIDRs to leave out.
   * @default - none
   */
  readonly except?: string[];
  /**
   * Pods in the cluster, e.g. `NetworkPeer.podsInNamespace('storage', { app: 'minio' })`.
   * @default - none: give `cidrs`
   */
  readonly peers?: NetworkPeer[];
  /** TCP ports. Required: a rule without ports admits every port. */
  readonly ports: number[];
}

/** Where the cluster DNS runs: the pods every workload resolves names with. */
export interface ClusterDns {
  /**
   * Namespace of the DNS pods.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /**
   * Labels of the DNS pods.
   * @default { 'k8s-app': 'kube-dns' } (CoreDNS and kube-dns both carry it)
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * The DNS pods' port, UDP and TCP. Policies see the pod's port, after
   * the Service has been translated.
   * @default 53
   */
  readonly port?: number;
}

/**
 * The facts NetworkPolicies need about a cluster. With these, every
 * workload of this library gets policies that admit what Spark needs and
 * deny everything else. Pods reach DNS, and only pods that call the API
 * server reach it. Object storage is reachable only from pods that read or
 * write it.
 */
export interface SparkNetworkOptions {
  /**
   * The Kubernetes API server as pods reach it: the addresses and port of
   * the `kubernetes` Service's endpoints
   * (`kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes`).
   * Most CNIs check egress after the Service address is translated, so the
   * endpoints are what a policy must admit (port 6443 on kubeadm clusters,
   * 443 on most managed ones). The same addresses are where the operator's
   * webhook is called from. Give `cidrs`: the API server is no pod.
   */
  readonly apiServer: NetworkDestination;
  /**
   * Object storage the Spark pods read and write (S3 or a compatible
   * store): its address ranges and ports. Only drivers, executors and
   * History Servers reach it.
   * @default - none: no pod reaches object storage
   */
  readonly objectStorage?: NetworkDestination[];
  /**
   * Maven repositories (or the proxy in front of them) that drivers download
   * `deps.packages` from at start-up: Spark resolves packages in the
   * driver's pod, and executors fetch the jars from the driver. Needed by
   * every application with packages, including the hadoop-aws package S3A
   * adds on the stock image.
   * @default - none: an application with packages fails synth (bake them into the image, or name the repository)
   */
  readonly packageRepositories?: NetworkDestination[];
  /**
   * The cluster DNS.
   * @default - CoreDNS/kube-dns in kube-system on port 53
   */
  readonly dns?: ClusterDns;
}
