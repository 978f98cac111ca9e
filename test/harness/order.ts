/**
 * Rule 8, order: a CustomResourceDefinition comes before every object of its group, so a
 * GitOps tool that applies the list in order never meets a kind it does not know yet.
 */
import { Finding, groupOf } from './types';

/** For each document index, findings about CRDs that come after it. */
export function orderFindings(docs: any[]): Map<number, Finding[]> {
  const firstCrd = new Map<string, number>();
  docs.forEach((d, i) => {
    const group = d?.kind === 'CustomResourceDefinition' ? d.spec?.group : undefined;
    if (typeof group === 'string' && !firstCrd.has(group)) firstCrd.set(group, i);
  });
  const out = new Map<number, Finding[]>();
  docs.forEach((d, i) => {
    if (d?.kind === 'CustomResourceDefinition') return;
    const group = groupOf(d?.apiVersion);
    const crdAt = firstCrd.get(group);
    if (crdAt !== undefined && crdAt > i) {
      out.set(i, [{ path: '', message: `comes before the CustomResourceDefinition of ${group} (document ${crdAt}); emit CRDs first` }]);
    }
  });
  return out;
}
