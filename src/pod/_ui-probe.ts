import type { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { plus } from '../_plus';
import { checkProbe } from './_probes';
import { checkNoSecretIn, fail } from '../_validation';

/**
 * The UI filters Spark puts in front of every handler of a daemon's UI
 * (`spark.ui.filters`, a comma-separated class list; JettyUtils
 * ServerInfo.addFilters maps each to `/*`, with no path exempt).
 */
export function uiFilters(conf: { [key: string]: string }): string[] {
  return (conf['spark.ui.filters'] ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '');
}

/** Spark's JWS filter: 403 for any request without a signed bearer token (core/.../ui/JWSFilter.scala). */
const JWS_FILTER = 'org.apache.spark.ui.JWSFilter';

/**
 * The check of a daemon's UI port `http`: HTTP GET of `path`, or, behind UI
 * filters, a TCP connect. The kubelet counts only 200-399 as success, and a
 * filter that authenticates (Spark's JWSFilter) answers it with 403, so the
 * pod would never become ready and a liveness probe would restart it.
 */
export function uiCheck(filters: string[], path: string): any {
  return filters.length > 0 ? { tcpSocket: { port: 'http' } } : { httpGet: { path, port: 'http' } };
}

/**
 * A probe given as a prop, in wire format: as the API server checks it
 * (`checkProbe`: one handler, on a port of the container), no secret material
 * (the manifest is stored in clear), and no HTTP check through Spark's
 * JWSFilter, which has no exempt path.
 */
export function uiProbe(scope: IConstruct, prop: string, given: k8s.Probe | undefined, ports: string[], filters: string[]): any {
  if (given === undefined) {
    return undefined;
  }
  const wire: any = plus().k8s.toJson_Probe(given);
  const handler = checkProbe(scope, prop, wire, ports);
  checkNoSecretIn(scope, prop, wire);
  if (handler === 'httpGet' && filters.includes(JWS_FILTER)) {
    fail(scope, `${prop}.httpGet`, wire.httpGet,
      `checks over HTTP, which the ${JWS_FILTER} of 'spark.ui.filters' answers with 403 (it exempts no path, and a signed token would sit in the manifest in clear), so the probe would never pass`,
      'use tcpSocket on the same port, or leave the probe out for the default');
  }
  return wire;
}
