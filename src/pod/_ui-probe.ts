import type { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { plus } from '../_plus';
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

/** How an example probe is written, for messages. */
export const PROBE_EXAMPLE = '{ tcpSocket: { port: k8s.IntOrString.fromString(\'http\') } }';

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
 * A probe given as a prop, in wire format: exactly one handler, a named port
 * of the container, no secret material (the manifest is stored in clear),
 * and no HTTP check through Spark's JWSFilter, which has no exempt path.
 */
export function uiProbe(scope: IConstruct, prop: string, given: k8s.Probe | undefined, ports: string[], filters: string[]): any {
  if (given === undefined) {
    return undefined;
  }
  const wire: any = plus().k8s.toJson_Probe(given);
  const handlers = ['httpGet', 'tcpSocket', 'exec', 'grpc'].filter((h) => wire[h] !== undefined);
  if (handlers.length !== 1) {
    fail(scope, prop, handlers, 'must have exactly one handler: httpGet, tcpSocket, exec or grpc', `use e.g. ${PROBE_EXAMPLE}`);
  }
  const handler = handlers[0];
  if (handler === 'httpGet' || handler === 'tcpSocket') {
    const port = wire[handler].port;
    if (typeof port === 'string' ? !ports.includes(port) : !Number.isInteger(port)) {
      fail(scope, `${prop}.${handler}.port`, port, `must name a port of the container (${ports.join(', ')}) or be a number`,
        `use k8s.IntOrString.fromString('${ports.includes('http') ? 'http' : ports[0]}')`);
    }
  }
  checkNoSecretIn(scope, prop, wire);
  if (handler === 'httpGet' && filters.includes(JWS_FILTER)) {
    fail(scope, `${prop}.httpGet`, wire.httpGet,
      `checks over HTTP, which the ${JWS_FILTER} of 'spark.ui.filters' answers with 403 (it exempts no path, and a signed token would sit in the manifest in clear), so the probe would never pass`,
      'use tcpSocket on the same port, or leave the probe out for the default');
  }
  return wire;
}
