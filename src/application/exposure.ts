import type { ISecret } from 'cdk8s-plus-28';
import { sorted } from '../_validation';

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

/**
 * Who may reach a server's client ports (Spark Connect gRPC and UI).
 */
export class ConnectClientPeer {
  /**
   * Every pod in a namespace (selected by its `kubernetes.io/metadata.name` label).
   *
   * @example ConnectClientPeer.namespace('notebooks')
   */
  public static namespace(name: string): ConnectClientPeer {
    return new ConnectClientPeer(name, undefined);
  }

  /**
   * Pods with these labels in the server's namespace.
   *
   * @example ConnectClientPeer.pods({ app: 'jupyterhub' })
   */
  public static pods(labels: { [key: string]: string }): ConnectClientPeer {
    return new ConnectClientPeer(undefined, { ...labels });
  }

  /**
   * Pods with these labels in another namespace.
   *
   * @example ConnectClientPeer.podsInNamespace('airflow', { component: 'worker' })
   */
  public static podsInNamespace(namespace: string, labels: { [key: string]: string }): ConnectClientPeer {
    return new ConnectClientPeer(namespace, { ...labels });
  }

  private constructor(
    /** @internal */ public readonly _namespace: string | undefined,
    /** @internal */ public readonly _labels: { [key: string]: string } | undefined,
  ) {}

  /** @internal the NetworkPolicy peer (wire format) */
  public _toPeer(): any {
    return {
      namespaceSelector: this._namespace !== undefined ? { matchLabels: { 'kubernetes.io/metadata.name': this._namespace } } : undefined,
      podSelector: this._labels !== undefined ? { matchLabels: sorted(this._labels) } : undefined,
    };
  }
}
