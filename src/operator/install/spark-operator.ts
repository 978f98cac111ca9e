import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { renderController } from './_controller';
import { CRD_FILES, readCrd } from './_crds';
import { annotateObjects, componentRole, installLabels, OPERATOR_IMAGE_REPOSITORY, OPERATOR_VERSION, OperatorInstall, PROBE_PORT } from './_install';
import { checkOperatorNetwork, renderOperatorPolicies } from './_network';
import { checkOperatorProps, checkReleaseName } from './_operator-checks';
import { CONTROLLER_JOB_RULES, WEBHOOK_JOB_RULES } from './_operator-rules';
import { renderPodMonitor } from './_pod-monitor';
import { renderWebhook } from './_webhook';
import { OperatorJobNamespaceOptions, SparkOperatorProps } from './operator-install-options';
import { applicationsOf, registerAppChecks, registerDefinition, registerOperator } from '../../_registry';
import { checkDns1123Label, checkInteger, assertBuilt, checkArgument, collectsProblems, fail, problem, sorted } from '../../_validation';
import { renderDefaultDeny } from '../../network/_policy';
import { checkImage } from '../../pod/_image';
import { podSecurityLabels } from '../../pod/_pod-security-labels';
import { optOutAnnotations, requireOptOut } from '../../pod/_security-opt-outs';
import { SecurityOptOut } from '../../pod/security-opt-out';
import { checkSecurityOptOuts, checkString, durationSeconds, optOutName, systemNamespaceProblem } from '../../rbac/_props';
import { SparkJobNamespace } from '../../rbac/spark-job-namespace';

/**
 * The Kubeflow Spark Operator v2.5.2, installed from typed code object for
 * object as the official Helm chart does: CRDs (descriptions stripped, so
 * client-side apply works), controller and webhook Deployments, their RBAC,
 * the webhook Service and configurations, and per job namespace the Spark
 * driver account and the operator's Roles. With `network`, NetworkPolicies
 * for the controller and the webhook, a default deny in each job namespace
 * (and in the Namespace `createNamespace` emits).
 *
 * Differences from the chart, on purpose: every namespaced object carries
 * its namespace; pods run with a numeric runAsUser and sized resources; our
 * labels instead of Helm's; no webhook certificate Secret and no caBundle.
 *
 * The controller Deployment is the default child (`ApiObject.of(operator)`);
 * every other object is a plain `ApiObject` child too.
 *
 * @see https://github.com/kubeflow/spark-operator
 */
@collectsProblems('SparkOperatorProps')
export class SparkOperator extends Construct {
  /** The Kubeflow Spark Operator release this library installs. */
  public static readonly VERSION: string = OPERATOR_VERSION;
  /** The operator's image repository. */
  public static readonly DEFAULT_IMAGE_REPOSITORY: string = OPERATOR_IMAGE_REPOSITORY;
  /** The operator's image of the pinned release (`repository:version`). */
  public static readonly DEFAULT_IMAGE: string = `${OPERATOR_IMAGE_REPOSITORY}:${OPERATOR_VERSION}`;

  /** Namespace of the operator. */
  public readonly namespace: string;
  /** Release name (object name prefix). */
  public readonly releaseName: string;
  /** Whether the webhook runs. */
  public readonly webhookEnabled: boolean;

  private readonly props: SparkOperatorProps;
  private readonly optOuts: SecurityOptOut[];
  private readonly install: OperatorInstall;
  private readonly jobNamespaces = new Map<string, SparkJobNamespace>();

  constructor(scope: Construct, id: string, props: SparkOperatorProps = {}) {
    super(scope, id);
    registerAppChecks(this);
    this.props = props;
    checkOperatorProps(this, props);
    this.namespace = props.namespace ?? 'spark-operator';
    checkDns1123Label(this, 'namespace', this.namespace);
    this.releaseName = props.releaseName ?? 'spark-operator';
    checkReleaseName(this, props, this.releaseName, this.namespace);
    const image = `${props.imageRepository ?? SparkOperator.DEFAULT_IMAGE_REPOSITORY}:${props.imageTag ?? SparkOperator.VERSION}`;
    checkImage(this, 'imageTag', image, SparkOperator.VERSION, props.imageTag !== undefined);
    this.webhookEnabled = props.webhook?.enabled ?? true;
    this.optOuts = checkSecurityOptOuts(this, props.securityOptOuts, {
      construct: 'a SparkOperator', own: { [SecurityOptOut.SYSTEM_NAMESPACE]: true }, pods: true,
    });
    const clusterWide = (props.watchAllNamespaces ?? false) || props.jobNamespaceSelector !== undefined;
    this.install = {
      scope: this,
      props,
      namespace: this.namespace,
      releaseName: this.releaseName,
      image,
      metricsPort: props.metrics?.port ?? 8080,
      webhookPort: props.webhook?.port ?? 9443,
      metricsEnabled: props.metrics?.enabled !== false,
      leaderElection: props.leaderElection ?? true,
      clusterWide,
      optOuts: this.optOuts,
      network: checkOperatorNetwork(this, props),
      watchedNamespaces: () => this.watchedNamespaces,
      operatorNamespaceIsJobNamespace: () => !clusterWide && this.jobNamespaces.has(this.namespace),
    };
    this.checkProps();

    // CRDs first, then the Namespace, then everything else (tree order).
    if (props.installCrds !== false) {
      this.renderCrds();
    }
    if (props.createNamespace) {
      this.renderNamespace();
    }
    renderController(this.install);
    if (this.webhookEnabled) {
      renderWebhook(this.install);
    }
    renderOperatorPolicies(this.install, this.webhookEnabled);
    for (const ns of props.jobNamespaces ?? (clusterWide ? [] : ['default'])) {
      this.addJobNamespace(ns);
    }
    if (props.metrics?.podMonitor) {
      renderPodMonitor(this.install);
    }
    annotateObjects(this.install, this);

    this.node.addValidation({ validate: () => [...this.validateNamespaces(), ...this.validateApplications()] });
    registerOperator(this);
  }

  /**
   * Prepares a namespace for Spark jobs: the Spark driver ServiceAccount,
   * Role and RoleBinding, and the controller and webhook Roles there. The
   * controller and webhook arguments and the webhook namespace selector are
   * rendered at synth, so they include namespaces added after construction.
   *
   * With `watchAllNamespaces` or `jobNamespaceSelector` the operator's
   * ClusterRoles already cover every namespace, so only the driver account
   * is created (as the chart does); with a selector the namespace is also
   * watched in addition to the matching ones. The operator's own namespace
   * gets the job rules merged into the operator Roles there, as in the chart.
   *
   * The namespace gets the operator's `network` unless `options` name their
   * own: it denies all traffic by default, and the applications placed
   * there with `jobNamespace` get their NetworkPolicies.
   */
  public addJobNamespace(name: string, options: OperatorJobNamespaceOptions = {}): SparkJobNamespace {
    assertBuilt(this);
    checkString(this, 'jobNamespaces', name);
    checkArgument(this, `addJobNamespace(${name})`, 'OperatorJobNamespaceOptions', options);
    checkDns1123Label(this, 'jobNamespaces', name);
    if (this.jobNamespaces.has(name)) {
      fail(this, 'jobNamespaces', name, 'lists a namespace twice', 'list each job namespace once');
    }
    const system = systemNamespaceProblem('jobNamespaces', name);
    if (system) {
      requireOptOut(this, 'jobNamespaces', name, this.optOuts, SecurityOptOut.SYSTEM_NAMESPACE, 'securityOptOuts', system.requirement, system.fix);
    }
    const network = options.network ?? this.props.network;
    const ns = new SparkJobNamespace(this, `JobNamespace-${name}`, {
      ...options,
      // The namespace inherits the operator's network facts: its default deny, and its applications' policies.
      network,
      namespace: name,
      driverServiceAccountName: `${this.releaseName}-spark`,
      labels: installLabels(this.install),
      // The driver account takes the same risk the operator was allowed to take there (and records it).
      securityOptOuts: system ? [SecurityOptOut.SYSTEM_NAMESPACE] : undefined,
      // The operator's own namespace is the operator's to create (createNamespace).
      createNamespace: name === this.namespace ? false : options.createNamespace,
    });
    if (!this.install.clusterWide && name !== this.namespace) {
      componentRole(this.install, ns, 'ControllerRole', name, 'controller', CONTROLLER_JOB_RULES);
      if (this.webhookEnabled) {
        componentRole(this.install, ns, 'WebhookRole', name, 'webhook', WEBHOOK_JOB_RULES);
      }
    }
    if (name === this.namespace && network) {
      // One default deny per namespace: the job namespace's, which owns the namespace's policies.
      this.node.tryRemoveChild('DefaultDeny');
    }
    annotateObjects(this.install, ns);
    this.jobNamespaces.set(name, ns);
    return ns;
  }

  /**
   * The namespaces the operator watches by name: the job namespaces, none
   * with `watchAllNamespaces` (it watches all), and with `jobNamespaceSelector`
   * those watched in addition to the matching ones.
   */
  public get watchedNamespaces(): string[] {
    return this.props.watchAllNamespaces ? [] : [...this.jobNamespaces.keys()];
  }

  /** @internal */
  public _serve(resource: IConstruct): void {
    resource.node.addDependency(this);
  }

  /**
   * The operator's Namespace (`createNamespace`) with its Pod Security labels;
   * a system namespace only with its opt-out, recorded on it.
   */
  private renderNamespace(): void {
    const system = systemNamespaceProblem('createNamespace', this.namespace);
    if (system) {
      requireOptOut(this, 'createNamespace', true, this.optOuts, SecurityOptOut.SYSTEM_NAMESPACE, 'securityOptOuts', system.requirement, system.fix);
    }
    const annotations = optOutAnnotations(this.optOuts.filter((o) => o === SecurityOptOut.SYSTEM_NAMESPACE));
    new ApiObject(this, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: this.namespace,
        labels: sorted({ ...installLabels(this.install), ...this.podSecurityLabels() }),
        annotations: Object.keys(annotations).length ? annotations : undefined,
      },
    });
    if (this.install.network) {
      renderDefaultDeny(this, 'DefaultDeny', this.namespace, installLabels(this.install));
    }
  }

  /** The Pod Security admission labels of the operator's Namespace: enforce, audit and warn at one level and version. */
  private podSecurityLabels(): { [key: string]: string } {
    if (this.props.podSecurityLabels === false) {
      return {};
    }
    return podSecurityLabels(this.props.podSecurityLevel, this.props.podSecurityVersion);
  }

  private renderCrds(): void {
    for (const file of CRD_FILES) {
      const crd = readCrd(path.join(__dirname, '..', '..', 'crds'), file);
      const object = new ApiObject(this, `Crd${crd.spec.names.kind}`, { ...crd, metadata: { ...crd.metadata, labels: installLabels(this.install) } });
      registerDefinition(object, `${crd.spec.group}/${crd.spec.names.kind}`);
    }
  }

  private checkProps(): void {
    const props = this.props;
    if (props.watchAllNamespaces && props.jobNamespaceSelector !== undefined) {
      fail(this, 'jobNamespaceSelector', props.jobNamespaceSelector, 'cannot be combined with watchAllNamespaces', 'keep one of the two');
    }
    this.checkComponents();
    const seconds = props.webhook?.timeout === undefined ? undefined : durationSeconds(this, 'webhook.timeout', props.webhook.timeout, 1, 'use 1 to 30 seconds');
    if (seconds !== undefined && seconds > 30) {
      fail(this, 'webhook.timeout', `${seconds}s`, 'must be at most 30 seconds (the API server limit)', 'use 10 seconds or less');
    }
    this.checkPorts();
    if (props.metrics?.podMonitor && props.metrics.enabled === false) {
      fail(this, 'metrics.podMonitor', true, 'needs metrics (\'metrics.enabled\' is false, so there is nothing to scrape)', 'enable metrics or remove the PodMonitor');
    }
    const cm = props.certManager;
    if (cm?.issuerRef && cm.selfSigned) {
      fail(this, 'certManager.selfSigned', true, 'cannot be combined with an issuerRef', 'remove one of the two');
    }
    this.checkUiIngress();
  }

  private checkComponents(): void {
    for (const [name, c] of [['controller', this.props.controller], ['webhook', this.props.webhook]] as const) {
      checkInteger(this, `${name}.replicas`, c?.replicas, 1, 'run at least one replica');
      if (c?.podDisruptionBudget && (c.replicas ?? 1) < 2) {
        fail(this, `${name}.podDisruptionBudget`, true, `needs more than one replica (a budget of minAvailable 1 over ${c.replicas ?? 1} replica blocks every node drain)`,
          `set '${name}.replicas' to 2 or more, or remove the budget`);
      }
      if ((c?.replicas ?? 1) > 1 && this.props.leaderElection === false) {
        fail(this, 'leaderElection', false, `must be on for ${c?.replicas} ${name} replicas`, 'remove it or run one replica');
      }
    }
    checkInteger(this, 'controller.threads', this.props.controller?.threads, 1, 'use at least 1 worker');
  }

  private checkPorts(): void {
    const { metricsPort, webhookPort } = this.install;
    for (const [prop, port] of [['webhook.port', webhookPort], ['metrics.port', metricsPort]] as const) {
      if (!Number.isInteger(port) || port < 1024 || port > 65535) {
        fail(this, prop, port, 'must be a whole number from 1024 to 65535 (the pods run as non-root)', 'pick a free port above 1024');
      }
    }
    if (metricsPort === PROBE_PORT || (this.webhookEnabled && metricsPort === webhookPort)) {
      fail(this, 'metrics.port', metricsPort, `clashes with the ${metricsPort === PROBE_PORT ? `health probe port ${PROBE_PORT}` : `webhook port ${webhookPort}`}`,
        'pick another port, e.g. 8080');
    }
    if (webhookPort === PROBE_PORT) {
      fail(this, 'webhook.port', webhookPort, `clashes with the health probe port ${PROBE_PORT}`, 'pick another port, e.g. 9443');
    }
  }

  /** The controller builds each UI Ingress host from the URL format, so TLS must name its hosts. */
  private checkUiIngress(): void {
    const ingress = this.props.controller?.uiIngress;
    if (!ingress) {
      return;
    }
    if (!ingress.urlFormat) {
      fail(this, 'controller.uiIngress.urlFormat', ingress.urlFormat, 'must be set', 'use e.g. \'{{$appName}}.spark.example.com\'');
    }
    const host = ingress.urlFormat.split('/')[0];
    const example = host.includes('{{') ? host.replace(/^[^.]*/, '*') : host;
    (ingress.tls ?? []).forEach((tls, i) => {
      if (!tls.hosts?.length) {
        fail(this, `controller.uiIngress.tls[${i}].hosts`, tls.hosts,
          'must list the hosts the certificate serves (the controller builds each Ingress host from urlFormat, so there is no host to default to)',
          `add hosts: ['${example}']`);
      }
    });
  }

  /**
   * At synth, when every job namespace is known: the operator watches at
   * least one namespace (an empty list would make the controller watch every
   * namespace with Roles in none, and give the webhooks an empty `In`
   * selector, which the API server refuses), and a listed
   * SYSTEM_NAMESPACE opt-out is needed.
   */
  private validateNamespaces(): string[] {
    const errors: string[] = [];
    if (!this.install.clusterWide && this.jobNamespaces.size === 0) {
      errors.push(problem('jobNamespaces', [], 'must name at least one namespace by synth (with none the controller would watch every namespace with Roles in none, and the webhooks would get an empty namespace selector, which the API server refuses)',
        'list the namespaces where Spark jobs run, add one with addJobNamespace(), or set watchAllNamespaces: true to watch every namespace'));
    }
    const index = this.optOuts.indexOf(SecurityOptOut.SYSTEM_NAMESPACE);
    const system = (this.props.createNamespace && systemNamespaceProblem('createNamespace', this.namespace) !== undefined)
      || [...this.jobNamespaces.keys()].some((ns) => systemNamespaceProblem('jobNamespaces', ns) !== undefined);
    if (index >= 0 && !system) {
      errors.push(problem(`securityOptOuts[${index}]`, SecurityOptOut.SYSTEM_NAMESPACE, `is ${optOutName(SecurityOptOut.SYSTEM_NAMESPACE)}, but this construct does not take that risk`,
        'remove it, so the annotation records only the risks taken'));
    }
    return errors;
  }

  private validateApplications(): string[] {
    const errors: string[] = [];
    for (const app of applicationsOf(this)) {
      const resource = app.node.defaultChild;
      const kind = resource instanceof ApiObject ? resource.kind : 'application';
      if (!this.install.clusterWide && !this.jobNamespaces.has(app.namespace)) {
        errors.push(problem('jobNamespaces', this.watchedNamespaces, `does not include '${app.namespace}', where ${kind} ${app.node.path} runs, so the operator would never see it`,
          `add it with addJobNamespace('${app.namespace}') or pass the job namespace to the application`));
      }
      if (!this.webhookEnabled && app.webhookDependencies.length > 0) {
        errors.push(problem('webhook.enabled', false, `switches the webhook off, but ${app.node.path} uses ${app.webhookDependencies.join(', ')}, which only the webhook applies`,
          'enable the webhook or remove those settings'));
      }
    }
    return errors;
  }
}
