import { ApiObject } from 'cdk8s';
import { installLabels, OperatorInstall } from './_install';
import { CertManagerIssuerKind, CertManagerOptions } from './operator-install-options';

/**
 * The webhook's serving certificate from cert-manager: a self-signed Issuer
 * (unless an issuer is given) and a Certificate for the webhook Service,
 * stored in the Secret the webhook reads.
 */
export function renderCertManager(install: OperatorInstall, options: CertManagerOptions, service: string): void {
  const issuer = options.issuerRef ?? { name: `${install.releaseName}-self-signed-issuer`, kind: CertManagerIssuerKind.ISSUER };
  const labels = installLabels(install, 'webhook');
  if (!options.issuerRef) {
    new ApiObject(install.scope, 'CertManagerIssuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: issuer.name, namespace: install.namespace, labels },
      spec: { selfSigned: {} },
    } as any);
  }
  const host = `${service}.${install.namespace}.svc`;
  new ApiObject(install.scope, 'CertManagerCertificate', {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: `${install.releaseName}-certificate`, namespace: install.namespace, labels },
    spec: {
      secretName: `${install.releaseName}-webhook-certs`,
      issuerRef: { group: 'cert-manager.io', kind: issuer.kind ?? CertManagerIssuerKind.ISSUER, name: issuer.name },
      commonName: host,
      dnsNames: [host, `${host}.cluster.local`],
      subject: { organizationalUnits: ['spark-operator'] },
      usages: ['server auth', 'client auth'],
      duration: options.duration ? `${options.duration.toHours({ integral: false })}h` : undefined,
      renewBefore: options.renewBefore ? `${options.renewBefore.toHours({ integral: false })}h` : undefined,
    },
  } as any);
}
