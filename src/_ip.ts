/**
 * IP addresses as the Kubernetes API server reads them: dotted-quad IPv4
 * (no leading zeros, which some parsers read as octal) and IPv6 with at most
 * one `::`. Used for NetworkPolicy CIDRs and a pod's DNS servers and host
 * aliases.
 */

/** An IPv4 address as a number, or undefined. */
export function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256n + BigInt(p), 0n);
}

/** An IPv6 address as a number, or undefined. */
export function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(s) || (s.match(/::/g) ?? []).length > 1) return undefined;
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const groups = (x: string) => (x === '' ? [] : x.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  if ((tail === undefined && missing !== 0) || (tail !== undefined && missing < 1)) return undefined;
  const all = [...left, ...Array(Math.max(missing, 0)).fill('0'), ...right];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g, 16)), 0n);
}

/** Whether a value is an IPv4 or IPv6 address. */
export function isIpAddress(value: unknown): boolean {
  return typeof value === 'string' && (parseIpv4(value) ?? parseIpv6(value)) !== undefined;
}
