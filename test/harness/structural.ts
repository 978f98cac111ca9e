/**
 * Pruning simulator: walks an object alongside a structural OpenAPI schema
 * and reports every field the API server would drop (not in `properties`,
 * not covered by `additionalProperties`, not under
 * `x-kubernetes-preserve-unknown-fields`).
 */
export function prunedFields(value: any, schema: any, at: string): string[] {
  if (!schema || value === null || value === undefined) {
    return [];
  }
  if (Array.isArray(value)) {
    return schema.items ? value.flatMap((v, i) => prunedFields(v, schema.items, `${at}/${i}`)) : [];
  }
  if (typeof value !== 'object') {
    return [];
  }
  const out: string[] = [];
  const props = schema.properties;
  const additional = schema.additionalProperties;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  for (const [key, child] of Object.entries(value)) {
    if (props && props[key]) {
      out.push(...prunedFields(child, props[key], `${at}/${key}`));
    } else if (additional && typeof additional === 'object') {
      out.push(...prunedFields(child, additional, `${at}/${key}`));
    } else if (additional === true || preserve || (embedded && ['apiVersion', 'kind', 'metadata'].includes(key))) {
      continue;
    } else if (props || additional === false || schema.type === 'object') {
      out.push(`${at}/${key}`);
    }
  }
  return out;
}
