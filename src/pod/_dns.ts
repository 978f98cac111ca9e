import type { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { isIpAddress } from '../_ip';
import { plus } from '../_plus';
import { isSubdomain, subdomainRequirement, suggestSubdomain } from './_names';
import { fail } from '../_validation';

/**
 * A pod's own DNS settings, checked as the API server checks them
 * (kubernetes/kubernetes pkg/apis/core/validation/validation.go,
 * validatePodDNSConfig and ValidateHostAliases): at most three nameservers,
 * each an IP address; at most 32 search domains, 2048 characters joined by
 * spaces, each a DNS subdomain (a trailing dot allowed); every option named;
 * each host alias an IP address with DNS-subdomain hostnames.
 */

const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;


/** The `dnsConfig` prop, checked, in wire format. */
export function renderDnsConfig(scope: IConstruct, prop: string, dns: k8s.PodDnsConfig | undefined): any {
  if (dns === undefined) return undefined;
  const wire: any = plus().k8s.toJson_PodDnsConfig(dns);
  const nameservers: unknown[] = wire.nameservers ?? [];
  if (nameservers.length > MAX_NAMESERVERS) {
    fail(scope, `${prop}.nameservers`, nameservers, `lists more than ${MAX_NAMESERVERS} nameservers, which the resolver does not read`, `keep at most ${MAX_NAMESERVERS}`);
  }
  nameservers.forEach((n, i) => {
    if (!isIpAddress(n)) fail(scope, `${prop}.nameservers[${i}]`, n, 'must be an IP address', 'use the server\'s address, e.g. \'10.96.0.10\'');
  });
  const searches: unknown[] = wire.searches ?? [];
  if (searches.length > MAX_SEARCHES) {
    fail(scope, `${prop}.searches`, searches.length, `lists more than ${MAX_SEARCHES} search domains`, `keep at most ${MAX_SEARCHES}`);
  }
  if (searches.join(' ').length > MAX_SEARCH_CHARS) {
    fail(scope, `${prop}.searches`, `${searches.join(' ').length} characters`, `must be at most ${MAX_SEARCH_CHARS} characters joined by spaces`, 'list fewer or shorter domains');
  }
  searches.forEach((s, i) => {
    if (!isSubdomain(typeof s === 'string' ? s.replace(/\.$/, '') : s)) {
      fail(scope, `${prop}.searches[${i}]`, s, subdomainRequirement('a search domain'), `use e.g. '${suggestSubdomain(s, 'svc.cluster.local')}'`);
    }
  });
  (wire.options ?? []).forEach((o: any, i: number) => {
    if (typeof o?.name !== 'string' || o.name === '') fail(scope, `${prop}.options[${i}].name`, o?.name, 'must be set', 'name the resolver option, e.g. { name: \'ndots\', value: \'2\' }');
  });
  return wire;
}

/** The `hostAliases` prop, checked, in wire format. */
export function renderHostAliases(scope: IConstruct, prop: string, aliases: k8s.HostAlias[] | undefined): any[] | undefined {
  if (aliases === undefined) return undefined;
  return aliases.map((alias, i) => {
    const wire: any = plus().k8s.toJson_HostAlias(alias);
    if (!isIpAddress(wire.ip)) fail(scope, `${prop}[${i}].ip`, wire.ip, 'must be an IP address', 'use the address the names resolve to, e.g. \'10.0.0.5\'');
    (wire.hostnames ?? []).forEach((h: unknown, j: number) => {
      if (!isSubdomain(h)) fail(scope, `${prop}[${i}].hostnames[${j}]`, h, subdomainRequirement('a host'), `use e.g. '${suggestSubdomain(h, 'db.internal')}'`);
    });
    return wire;
  });
}
