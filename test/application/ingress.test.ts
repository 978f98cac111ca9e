/** `_ingress.ts`: the one Ingress of a server this library runs; `IngressOptions` and `IngressTls` of `exposure.ts`. */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { IngressOptions } from '../../src';
import { IngressTarget, renderIngress } from '../../src/application/_ingress';
import { findObject, synthChartValid } from '../harness';

const TARGET: IngressTarget = {
  metadata: { name: 'history', namespace: 'spark-jobs', labels: { app: 'history' } },
  service: 'history',
  port: 'http',
  exampleHost: 'spark-history.example.com',
};
const GRPC = { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' };

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
}

function render(options: IngressOptions, target: Partial<IngressTarget> = {}): any {
  return JSON.parse(JSON.stringify(renderIngress(chart(), options, { ...TARGET, ...target })));
}

describe('renderIngress', () => {
  test('defaults: one host, every path to the Service port, no TLS and no annotations', () => {
    const docs = synthChartValid((c) => {
      new ApiObject(c, 'Ingress', renderIngress(c, { host: 'history.example.com' }, TARGET));
    });
    expect(findObject(docs, 'Ingress', 'history')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'history', namespace: 'spark-jobs', labels: { app: 'history' } },
      spec: {
        rules: [{ host: 'history.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'history', port: { name: 'http' } } } }] } }],
      },
    });
  });

  test('an ingress class, and TLS for the host by default', () => {
    const secret = Secret.fromSecretName(chart(), 'Tls', 'history-tls');
    expect(render({ host: 'history.example.com', ingressClassName: 'nginx', tls: { secret } }).spec).toMatchObject({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['history.example.com'], secretName: 'history-tls' }],
    });
  });

  test('TLS for the hosts given, wildcards included', () => {
    const secret = Secret.fromSecretName(chart(), 'Tls', 'wildcard-tls');
    expect(render({ host: 'history.example.com', tls: { secret, hosts: ['*.example.com', 'history.example.com'] } }).spec.tls)
      .toEqual([{ hosts: ['*.example.com', 'history.example.com'], secretName: 'wildcard-tls' }]);
  });

  test('user annotations, and the ones the server needs', () => {
    expect(render({ host: 'connect.example.com', annotations: { 'example.com/auth': 'oauth2' } }, { required: GRPC }).metadata.annotations)
      .toEqual({ 'example.com/auth': 'oauth2', 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' });
    expect(render({ host: 'connect.example.com', annotations: GRPC }, { required: GRPC }).metadata.annotations).toEqual(GRPC);
  });

  test.each(['History.example.com', 'history_example.com', '-history.example.com', `${'a'.repeat(250)}.com`, '*', ''])('fails on the host %j', (host) => {
    expect(() => renderIngress(chart(), { host }, TARGET))
      .toThrow(`[test] 'ingress.host' must be a DNS name, got '${host}'; use e.g. 'spark-history.example.com'`);
  });

  test('fails on a TLS host, naming its place', () => {
    const secret = Secret.fromSecretName(chart(), 'Tls', 'history-tls');
    expect(() => renderIngress(chart(), { host: 'history.example.com', tls: { secret, hosts: ['history.example.com', 'bad host'] } }, TARGET))
      .toThrow('[test] \'ingress.tls.hosts[1]\' must be a DNS name, got \'bad host\'; use e.g. \'spark-history.example.com\'');
  });

  test('fails on an empty list of TLS hosts', () => {
    const secret = Secret.fromSecretName(chart(), 'Tls', 'history-tls');
    expect(() => renderIngress(chart(), { host: 'history.example.com', tls: { secret, hosts: [] } }, TARGET))
      .toThrow('[test] \'ingress.tls.hosts\' must name at least one host, got []; leave it unset to use \'ingress.host\'');
  });

  test('fails on an annotation key', () => {
    expect(() => renderIngress(chart(), { host: 'history.example.com', annotations: { 'bad key': 'x' } }, TARGET))
      .toThrow('[test] \'ingress.annotations.bad key\' key must have a name part of at most 63 letters, digits, \'-\', \'_\' or \'.\', got \'bad key\'; use a key such as \'example.com/owner\'');
  });

  test('fails on an annotation that changes what the server needs', () => {
    expect(() => renderIngress(chart(), { host: 'connect.example.com', annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTP' } }, { ...TARGET, required: GRPC }))
      .toThrow('[test] \'ingress.annotations.nginx.ingress.kubernetes.io/backend-protocol\' must be \'GRPC\': the server needs it behind the Ingress, got \'HTTP\'; remove it (it is set for you)');
  });
});
