/** `exposure.ts`: `NetworkPeer`; `IngressOptions` and `IngressTls` are types only. */
import { NetworkPeer } from '../../src';

/** The NetworkPolicy peer as it is serialized (undefined fields dropped). */
function peer(p: NetworkPeer): any {
  return JSON.parse(JSON.stringify(p._toPeer()));
}

describe('NetworkPeer', () => {
  test('every pod in a namespace', () => {
    const p = NetworkPeer.namespace('notebooks');
    expect(p._toPeer().podSelector).toBeUndefined();
    expect(peer(p)).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'notebooks' } } });
  });

  test('pods with labels in the server\'s namespace, labels sorted', () => {
    const p = NetworkPeer.pods({ component: 'hub', app: 'jupyterhub' });
    expect(p._toPeer().namespaceSelector).toBeUndefined();
    expect(peer(p)).toEqual({ podSelector: { matchLabels: { app: 'jupyterhub', component: 'hub' } } });
    expect(Object.keys(peer(p).podSelector.matchLabels)).toEqual(['app', 'component']);
  });

  test('pods with labels in another namespace', () => {
    expect(peer(NetworkPeer.podsInNamespace('airflow', { component: 'worker' }))).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'airflow' } },
      podSelector: { matchLabels: { component: 'worker' } },
    });
  });

  test('keeps a copy of the labels', () => {
    const labels: { [key: string]: string } = { app: 'jupyterhub' };
    const p = NetworkPeer.pods(labels);
    labels.app = 'changed';
    expect(peer(p).podSelector.matchLabels).toEqual({ app: 'jupyterhub' });
  });
});
