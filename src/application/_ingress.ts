import { ApiObjectProps } from 'cdk8s';
import { IConstruct } from 'constructs';
import { IngressOptions } from './exposure';
import { checkAnnotations, DNS_1123_SUBDOMAIN, fail } from '../_validation';

/** What a server this library runs puts behind an Ingress. */
export interface IngressTarget {
  /** Metadata of the Ingress (name, namespace, labels). */
  readonly metadata: { name: string; namespace?: string; labels?: { [key: string]: string } };
  /** The Service and its port name. */
  readonly service: string;
  readonly port: string;
  /** Annotations the server needs to work behind the Ingress; a user annotation may not change them. */
  readonly required?: { [key: string]: string };
  /** A host name for the fix of a bad one. */
  readonly exampleHost: string;
}

/**
 * The one Ingress of a server this library runs (Spark Connect server,
 * History Server): host and TLS hosts are DNS names, TLS hosts default to the
 * host, annotations are checked and never drop what the server needs.
 */
export function renderIngress(scope: IConstruct, options: IngressOptions, target: IngressTarget): ApiObjectProps {
  checkHost(scope, 'ingress.host', options.host, target.exampleHost);
  checkAnnotations(scope, 'ingress.annotations', options.annotations);
  for (const [key, value] of Object.entries(target.required ?? {})) {
    const given = options.annotations?.[key];
    if (given !== undefined && given !== value) {
      fail(scope, `ingress.annotations.${key}`, given, `must be '${value}': the server needs it behind the Ingress`, 'remove it (it is set for you)');
    }
  }
  if (options.tls?.hosts?.length === 0) {
    fail(scope, 'ingress.tls.hosts', [], 'must name at least one host', 'leave it unset to use \'ingress.host\'');
  }
  const tlsHosts = options.tls?.hosts ?? [options.host];
  tlsHosts.forEach((host, i) => checkHost(scope, `ingress.tls.hosts[${i}]`, host, target.exampleHost));
  const annotations = { ...options.annotations, ...target.required };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { ...target.metadata, annotations: Object.keys(annotations).length ? annotations : undefined },
    spec: {
      ingressClassName: options.ingressClassName,
      tls: options.tls ? [{ hosts: tlsHosts, secretName: options.tls.secret.name }] : undefined,
      rules: [{ host: options.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: target.service, port: { name: target.port } } } }] } }],
    },
  };
}

/** Checks an Ingress host name (a DNS name, optionally a `*.` wildcard). */
export function checkHost(scope: IConstruct, prop: string, host: string, example: string): void {
  if (typeof host !== 'string' || host.length > 253 || !DNS_1123_SUBDOMAIN.test(host.replace(/^\*\./, 'x.'))) {
    fail(scope, prop, host, 'must be a DNS name', `use e.g. '${example}'`);
  }
}
