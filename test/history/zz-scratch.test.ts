import { Size } from 'cdk8s';
import { EventLog, NetworkPeer, SparkHistoryServer, SparkJobNamespace } from '../../src';
import { findObject, synthChartValid } from '../harness';
import { networkFindings } from '../harness/network';

test('scratch', () => {
  const NETWORK = { apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] }, objectStorage: [{ cidrs: ['52.216.0.0/15'], ports: [443] }] };
  let ns: SparkJobNamespace;
  const docs = synthChartValid((chart) => {
    ns = new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', network: NETWORK, quota: { cpu: 4, memory: Size.gibibytes(8) } });
    new SparkHistoryServer(chart, 'H', { name: 'history', jobNamespace: ns, eventLog: EventLog.toUrl('s3a://logs/events'), imageIncludesS3a: true, image: 'example.com/spark:4.0.4-s3a', uiAllowFrom: [NetworkPeer.namespace('monitoring')] });
  });
  console.log(JSON.stringify(findObject(docs, 'NetworkPolicy', 'history'), null, 1));
  console.log(JSON.stringify(ns!.budgetTable()));
  console.log(networkFindings(docs, { apiServer: { ips: ['10.0.0.10'], port: 6443 }, objectStorage: [{ ips: ['52.216.8.1'], port: 443 }],
    clients: [{ from: { namespace: 'monitoring', labels: {}, source: 'mon' }, to: { namespace: 'spark-jobs', labels: { 'spark.cdk8s.io/role': 'history-server' } }, port: 18080 }] }, { requireCoverage: true }));
});
