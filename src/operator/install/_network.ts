import { IConstruct } from 'constructs';
import { componentName, installLabels, OperatorComponent, OperatorInstall, selectorLabels } from './_install';
import { SparkOperatorProps } from './operator-install-options';
import { fail } from '../../_validation';
import { checkNetwork, checkAllowList, ClusterNetwork, PolicyRule, renderPolicies, WorkloadPolicy } from '../../network/_policy';

/**
 * The NetworkPolicies of the operator's controller and webhook pods, from
 * what the two processes of operator v2.5.2 open and call:
 *
 * - Both listen on the health probe port (`--health-probe-bind-address`,
 *   :8081: cmd/operator/controller/start.go:210, cmd/operator/webhook/start.go:171).
 *   The kubelet probes it from the node, and common CNIs (Calico, Cilium,
 *   the cloud CNIs) always admit a node's traffic to its own pods, whatever
 *   the NetworkPolicies say, so no rule admits it.
 * - Both serve controller-runtime's metrics on `--metrics-bind-address`
 *   (controller/start.go:202 and :248-252, webhook/start.go:165 and
 *   :201-205), which the chart declares as a container port of both
 *   Deployments (charts/spark-operator-chart/templates/controller/deployment.yaml:149-152,
 *   webhook/deployment.yaml:100-103): only `metricsAllowFrom` reaches it.
 * - The webhook serves admission reviews on `--webhook-port`
 *   (webhook/start.go:144 and :206-212), behind the Service whose target is
 *   that container port (webhook/service.yaml:27-30). The API server calls
 *   it from its own addresses (`network.apiServer`).
 * - Both call only the API server: they watch and write resources, hold
 *   their leader-election Lease, and the webhook writes its certificate
 *   Secret and the caBundle of its configurations. The controller submits
 *   each application by running `$SPARK_HOME/bin/spark-submit` in its own
 *   container (internal/controller/sparkapplication/submission.go:71-77,
 *   runSparkSubmit), which creates the driver pod, Service and ConfigMap
 *   through the API server. The controller never connects to a driver: no
 *   package under internal/ imports net/http (the UI Service and Ingress of
 *   web_ui.go:53-78 are objects it creates, not calls), and the status
 *   comes from watching pods.
 * - Except Maven repositories: submission.go:203-213 passes `deps.packages`
 *   and `deps.repositories` to spark-submit, which resolves them in the
 *   submitting JVM in Kubernetes cluster mode too (Spark
 *   SparkSubmit.prepareSubmitEnvironment calls resolveMavenDependencies
 *   unless the cluster is standalone or Mesos), before the driver resolves
 *   them again. So the controller reaches `network.packageRepositories`
 *   whenever the platform names any.
 */

/** The operator's network facts, checked, and who may scrape its metrics. */
export function checkOperatorNetwork(scope: IConstruct, props: SparkOperatorProps): ClusterNetwork | undefined {
  const network = checkNetwork(scope, 'network', props.network);
  const peers = props.metricsAllowFrom;
  checkAllowList(scope, 'metricsAllowFrom', peers, network !== undefined,
    'name who may scrape the metrics (e.g. NetworkPeer.podsInNamespace(\'monitoring\', { \'app.kubernetes.io/name\': \'prometheus\' })), or remove it to keep the metrics port closed',
    'pass \'network\'');
  if (peers !== undefined && props.metrics?.enabled === false) {
    fail(scope, 'metricsAllowFrom', peers.map((p) => p._shown()), 'admits scrapers to the metrics port, but \'metrics.enabled\' is false, so there is none (it would be dropped)',
      'enable metrics, or remove \'metricsAllowFrom\'');
  }
  if (network !== undefined && props.metrics?.podMonitor && peers === undefined) {
    fail(scope, 'metrics.podMonitor', true, 'has Prometheus scrape the metrics port, but with \'network\' the operator\'s pods admit no scraper that \'metricsAllowFrom\' does not name',
      'add metricsAllowFrom: [NetworkPeer.podsInNamespace(\'monitoring\', { \'app.kubernetes.io/name\': \'prometheus\' })] naming your Prometheus');
  }
  return network;
}

/** The policy of one component: selected by the Deployment's own selector labels. */
function componentPolicy(install: OperatorInstall, network: ClusterNetwork, component: OperatorComponent, ingress: PolicyRule[]): WorkloadPolicy {
  const metrics = install.metricsEnabled && install.props.metricsAllowFrom
    ? [{ peers: install.props.metricsAllowFrom.map((p) => p._toPeer()), ports: [{ port: install.metricsPort }] }]
    : [];
  return {
    id: component === 'controller' ? 'ControllerNetworkPolicy' : 'WebhookNetworkPolicy',
    name: componentName(install, component),
    namespace: install.namespace,
    selector: selectorLabels(install, component),
    ingress: [...ingress, ...metrics],
    egress: network.egress({ apiServer: true, objectStorage: false, packages: component === 'controller' }),
  };
}

/** The controller's and, when it runs, the webhook's NetworkPolicy, with the install's labels (none without `network`). */
export function renderOperatorPolicies(install: OperatorInstall, webhook: boolean): void {
  const network = install.network;
  if (!network) return;
  const components: OperatorComponent[] = webhook ? ['controller', 'webhook'] : ['controller'];
  const objects = renderPolicies(install.scope, () => components.map((component) => componentPolicy(install, network, component,
    component === 'webhook' ? [{ peers: network.apiServerPeers(), ports: [{ port: install.webhookPort }] }] : [])));
  objects.forEach((object, i) => {
    for (const [key, value] of Object.entries(installLabels(install, components[i]))) object.metadata.addLabel(key, value);
  });
}
