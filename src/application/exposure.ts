import type { ISecret } from 'cdk8s-plus-28';

/** TLS of an Ingress: the certificate Secret and the hosts it serves. */
export interface IngressTls {
  /** Secret (`kubernetes.io/tls`) with the certificate and key. */
  readonly secret: ISecret;
  /**
   * Host names the certificate serves.
   * @default - the Ingress's host (required where the operator builds the host from a URL format)
   */
  readonly hosts?: string[];
}

/** An Ingress in front of a server this library runs (Spark Connect server, History Server). */
export interface IngressOptions {
  /** Host name. */
  readonly host: string;
  /**
   * Ingress class.
   * @default - the cluster default
   */
  readonly ingressClassName?: string;
  /**
   * TLS, terminated at the Ingress.
   * @default - no TLS
   */
  readonly tls?: IngressTls;
  /**
   * Annotations (e.g. an authenticating proxy's).
   * @default - none besides what the server needs (the gRPC backend annotation of a Connect server)
   */
  readonly annotations?: { [key: string]: string };
}
