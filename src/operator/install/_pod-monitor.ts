import { ApiObject } from 'cdk8s';
import { installLabels, OperatorInstall } from './_install';
import { sorted } from '../../_validation';
import { durationSeconds } from '../../rbac/_props';

/** A Prometheus Operator PodMonitor (`monitoring.coreos.com/v1`) scraping both components' metrics port. */
export function renderPodMonitor(install: OperatorInstall): void {
  const m = install.props.metrics ?? {};
  const interval = m.podMonitorInterval === undefined ? 5 : durationSeconds(install.scope, 'metrics.podMonitorInterval', m.podMonitorInterval, 1, 'use Duration.seconds(5)');
  new ApiObject(install.scope, 'PodMonitor', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: `${install.releaseName}-podmonitor`, namespace: install.namespace, labels: sorted({ ...installLabels(install), ...m.podMonitorLabels }) },
    spec: {
      jobLabel: 'spark-operator-podmonitor',
      namespaceSelector: { matchNames: [install.namespace] },
      selector: { matchLabels: { 'app.kubernetes.io/name': 'spark-operator', 'app.kubernetes.io/instance': install.releaseName } },
      podMetricsEndpoints: [{ port: 'metrics', path: m.endpoint ?? '/metrics', scheme: 'http', interval: `${interval}s` }],
    },
  } as any);
}
