import { checksFactories, sorted } from '../_validation';

/**
 * Who a NetworkPolicy admits: pods by namespace and labels, or addresses
 * outside the pod network by CIDR. Used for the clients of a server this
 * library runs (Spark Connect gRPC, a UI, a History Server) and for the
 * peers a platform names (Prometheus, an ingress controller).
 */
@checksFactories('NetworkPeer')
export class NetworkPeer {
  /**
   * Every pod in a namespace (selected by its `kubernetes.io/metadata.name` label).
   *
   * @example NetworkPeer.namespace('notebooks')
   */
  public static namespace(name: string): NetworkPeer {
    return new NetworkPeer(name, undefined, undefined, undefined);
  }

  /**
   * Pods with these labels in the namespace of the workload the policy protects.
   *
   * @example NetworkPeer.pods({ app: 'jupyterhub' })
   */
  public static pods(labels: { [key: string]: string }): NetworkPeer {
    return new NetworkPeer(undefined, { ...labels }, undefined, undefined);
  }

  /**
   * Pods with these labels in another namespace.
   *
   * @example NetworkPeer.podsInNamespace('airflow', { component: 'worker' })
   */
  public static podsInNamespace(namespace: string, labels: { [key: string]: string }): NetworkPeer {
    return new NetworkPeer(namespace, { ...labels }, undefined, undefined);
  }

  /**
   * Addresses outside the pod network (a load balancer, a VPN range), by
   * CIDR, optionally without some sub-ranges. NetworkPolicies do not apply
   * CIDRs to pod addresses reliably: name pods with `pods` or `namespace`.
   *
   * @example NetworkPeer.cidr('10.20.0.0/16')
   */
  public static cidr(cidr: string, except?: string[]): NetworkPeer {
    return new NetworkPeer(undefined, undefined, cidr, except ? [...except] : undefined);
  }

  private constructor(
    /** @internal */ public readonly _namespace: string | undefined,
    /** @internal */ public readonly _labels: { [key: string]: string } | undefined,
    /** @internal */ public readonly _cidr: string | undefined,
    /** @internal */ public readonly _except: string[] | undefined,
  ) {}

  /** @internal the NetworkPolicy peer (wire format) */
  public _toPeer(): any {
    if (this._cidr !== undefined) {
      return { ipBlock: { cidr: this._cidr, except: this._except } };
    }
    return {
      namespaceSelector: this._namespace !== undefined ? { matchLabels: { 'kubernetes.io/metadata.name': this._namespace } } : undefined,
      podSelector: this._labels !== undefined ? { matchLabels: sorted(this._labels) } : undefined,
    };
  }

  /** @internal what an error message shows of the peer */
  public _shown(): { namespace?: string; labels?: { [key: string]: string }; cidr?: string; except?: string[] } {
    return { namespace: this._namespace, labels: this._labels, cidr: this._cidr, except: this._except };
  }
}
