import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { SparkOperatorProps } from './operator-install-options';
import { sorted } from '../../_validation';
import { ClusterNetwork } from '../../network/_policy';
import { SecurityOptOut } from '../../pod/security-opt-out';
import { grantRole } from '../../rbac/_role';

/** The Kubeflow Spark Operator release this library installs (`SparkOperator.VERSION`). */
export const OPERATOR_VERSION = '2.5.2';

/** The operator's image repository (`SparkOperator.DEFAULT_IMAGE_REPOSITORY`). */
export const OPERATOR_IMAGE_REPOSITORY = 'ghcr.io/kubeflow/spark-operator/controller';

/** Port of both components' health probes (fixed by the chart). */
export const PROBE_PORT = 8081;

/** The two Deployments of the install. */
export type OperatorComponent = 'controller' | 'webhook';

/**
 * What the parts of the install (controller, webhook, cert-manager,
 * PodMonitor) share: one SparkOperator's resolved props. Every object is a
 * child of `scope`, the SparkOperator.
 */
export interface OperatorInstall {
  /** The SparkOperator. */
  readonly scope: Construct;
  readonly props: SparkOperatorProps;
  readonly namespace: string;
  readonly releaseName: string;
  /** Image reference (`repository:tag`). */
  readonly image: string;
  readonly metricsPort: number;
  readonly webhookPort: number;
  readonly metricsEnabled: boolean;
  readonly leaderElection: boolean;
  /** Cluster-wide rules: `watchAllNamespaces` or `jobNamespaceSelector`. */
  readonly clusterWide: boolean;
  /** The opt-outs listed (checked), recorded on both Deployments. */
  readonly optOuts: SecurityOptOut[];
  /** The cluster's network facts (`network`, checked): with them the pods get NetworkPolicies. */
  readonly network?: ClusterNetwork;
  /** The namespaces watched by name; read at synth, since job namespaces may be added after construction. */
  watchedNamespaces(): string[];
  /** Whether the operator namespace is also a job namespace; read at synth. */
  operatorNamespaceIsJobNamespace(): boolean;
}

/** The labels that select the operator's pods (Deployments, the webhook Service, the PodMonitor, PodDisruptionBudgets). */
export const SELECTOR_LABEL_KEYS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component'];

/** The other labels the install sets on its objects itself. */
export const OWN_LABEL_KEYS = ['app.kubernetes.io/version', 'app.kubernetes.io/managed-by'];

/** Labels of every object of the install (the component's, when given), after the common labels (which cannot replace them). */
export function installLabels(install: OperatorInstall, component?: OperatorComponent): { [key: string]: string } {
  return sorted({
    ...install.props.commonLabels,
    'app.kubernetes.io/name': 'spark-operator',
    'app.kubernetes.io/instance': install.releaseName,
    'app.kubernetes.io/version': OPERATOR_VERSION,
    'app.kubernetes.io/managed-by': 'cdk8s',
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
  });
}

/** The chart's selector labels of a component's pods. */
export function selectorLabels(install: OperatorInstall, component: OperatorComponent): { [key: string]: string } {
  return { 'app.kubernetes.io/name': 'spark-operator', 'app.kubernetes.io/instance': install.releaseName, 'app.kubernetes.io/component': component };
}

/** Name of a component's objects (`<release>-controller`) and of its ServiceAccount. */
export function componentName(install: OperatorInstall, component: OperatorComponent): string {
  return `${install.releaseName}-${component}`;
}

/** One object of a component, with the install's labels. */
export function componentObject(
  install: OperatorInstall, id: string, type: { apiVersion: string; kind: string }, name: string, namespace: string | undefined,
  component: OperatorComponent, body: any,
): ApiObject {
  return new ApiObject(install.scope, id, { ...type, metadata: { name, namespace, labels: installLabels(install, component) }, ...body });
}

/** A component's ServiceAccount, in the operator namespace. */
export function componentServiceAccount(install: OperatorInstall, id: string, component: OperatorComponent): ApiObject {
  return componentObject(install, id, { apiVersion: 'v1', kind: 'ServiceAccount' }, componentName(install, component), install.namespace, component,
    { automountServiceAccountToken: true });
}

/** A component's ClusterRole and ClusterRoleBinding (child ids `<id>` and `<id>Binding`). */
export function componentClusterRole(install: OperatorInstall, id: string, component: OperatorComponent, rules: any[]): void {
  const name = componentName(install, component);
  componentObject(install, id, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' }, name, undefined, component, { rules });
  componentObject(install, `${id}Binding`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' }, name, undefined, component, {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: install.namespace }],
  });
}

/**
 * A component's Role and RoleBinding in a namespace, bound to its
 * ServiceAccount in the operator namespace (child ids `<id>` and `<id>Binding` of `scope`).
 */
export function componentRole(
  install: OperatorInstall, scope: Construct, id: string, namespace: string, component: OperatorComponent, rules: any,
): void {
  const name = componentName(install, component);
  grantRole(scope, id, { name, namespace, labels: installLabels(install, component), rules, subject: { name, namespace: install.namespace } });
}

/**
 * Puts the common annotations on every object under `root` (at
 * construction: the install creates its objects then, and `addJobNamespace`
 * calls it for the objects it adds).
 */
export function annotateObjects(install: OperatorInstall, root: IConstruct): void {
  const annotations = Object.entries(install.props.commonAnnotations ?? {});
  if (annotations.length === 0) return;
  for (const child of root.node.findAll()) {
    if (child instanceof ApiObject) {
      for (const [key, value] of annotations) child.metadata.addAnnotation(key, value);
    }
  }
}
