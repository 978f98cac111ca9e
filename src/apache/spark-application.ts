import type { SecretValue } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { checkRuntimeVersions, CONNECT_PLUGIN, CONNECT_SERVER_CLASS, runsConnectServer } from './_rules';
import { ExecutorBounds, renderTolerations } from './_tolerations';
import { APACHE_SPARK_APPLICATION_GVK } from './_wire';
import { ApplicationTolerations } from './application-tolerations';
import { DriverConfigMap, DriverRoute, DriverServiceIngress } from './driver-resources';
import { RuntimeVersionOptions } from './runtime-versions';
import { mapKeyProblem } from '../_input';
import { SERVICE_TYPE } from '../_plus';
import { checkAll, checkAnnotations, checkEnum, checkInteger, checkLabels, checkList, checkMap, checkRequired, checkString, collectsProblems, DNS_1123_SUBDOMAIN, dropUndefined, fail, undefinedIfEmpty } from '../_validation';
import { ApplicationModel, BackendTraits, DRIVER_CONTAINER, EXECUTOR_CONTAINER } from '../application/_assemble';
import { connectRisks, tokenEnv } from '../application/_connect';
import { checkHost, renderIngress } from '../application/_ingress';
import { SparkMainApplicationBase } from '../application/_spark-workload';
import { authEnv } from '../application/_standalone-security';
import { SparkApplicationOptions } from '../application/application-options';
import { ISparkMaster } from '../application/spark-master';
import type * as l1 from '../imports/spark.apache.org';
import { checkAllowList, PolicyRule } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';
import { checkSecretValue } from '../rbac/_props';
import { SparkApplicationType } from '../spark/application-type';
import { SparkVersion } from '../spark/spark-version';

/** How the Apache operator submits an application (`spec.deploymentMode`). */
export enum DeploymentMode {
  /** The operator creates the driver pod (the only mode it runs). */
  CLUSTER = 'ClusterMode',
  /** Declared by the CRD, but the operator fails it ("Client mode is not supported yet."): refused at synth. */
  CLIENT = 'ClientMode',
}

/**
 * Props of the Apache operator's `SparkApplication`: the options every
 * backend shares, plus this operator's own lifecycle and driver resources.
 */
export interface SparkApplicationProps extends SparkApplicationOptions, RuntimeVersionOptions {
  /**
   * A Spark standalone master (a `SparkCluster` of this operator, or any
   * `ISparkMaster`) to run the executors on, instead of Kubernetes. The
   * driver still runs in a pod the operator creates.
   * @default - Kubernetes: the driver creates executor pods
   */
  readonly master?: ISparkMaster;
  /**
   * Deployment mode; only cluster mode runs.
   * @default DeploymentMode.CLUSTER
   */
  readonly deploymentMode?: DeploymentMode;
  /**
   * Restarts, timeouts, health thresholds and retention (`applicationTolerations`).
   * @default - the operator's: never restart, 5-minute timeouts, release at once
   */
  readonly tolerations?: ApplicationTolerations;
  /**
   * ConfigMaps the operator creates before each attempt's driver (`configMapSpecs`).
   * @default - none
   */
  readonly configMaps?: DriverConfigMap[];
  /**
   * Services and Ingresses in front of the driver (`driverServiceIngressList`).
   * @default - none
   */
  readonly driverServiceIngresses?: DriverServiceIngress[];
  /**
   * Services and Gateway API HTTPRoutes in front of the driver (`driverHttpRouteList`).
   * @default - none
   */
  readonly driverHttpRoutes?: DriverRoute[];
  /**
   * Services and Gateway API GRPCRoutes in front of the driver (`driverGrpcRouteList`).
   * @default - none
   */
  readonly driverGrpcRoutes?: DriverRoute[];
  /**
   * The Spark Connect token, for an application that runs a Connect server
   * (main class `org.apache.spark.sql.connect.service.SparkConnectServer`, or
   * `org.apache.spark.sql.connect.SparkConnectPlugin` in `spark.plugins`;
   * Spark 4.0+): the driver gets it as `SPARK_CONNECT_AUTHENTICATE_TOKEN`.
   * Such a server without a token is refused unless
   * `SecurityOptOut.UNAUTHENTICATED_CONNECT` is listed in `securityOptOuts`.
   * @default - none
   */
  readonly authenticationSecret?: SecretValue;
  /**
   * Who may reach the driver ports the application publishes
   * (`driverServiceIngresses`, `driverHttpRoutes`, `driverGrpcRoutes`: name
   * the ingress controller's or the Gateway's namespace). Needs `network`;
   * required with it when a port is published.
   * @default - nobody
   */
  readonly allowFrom?: NetworkPeer[];
}


const UI_PORT = 4040;
const CONNECT_PORT = 15002;

/**
 * The driver's ingress from `allowFrom` on the ports the application
 * publishes through Services with Ingresses or routes (their proxies reach
 * the pod on those ports).
 */
function publishedPortRule(scope: Construct, props: SparkApplicationProps, network: boolean): PolicyRule[] {
  checkAllowList(scope, 'allowFrom', props.allowFrom, network, 'name the ingress controller\'s or the Gateway\'s namespace, e.g. [NetworkPeer.namespace(\'ingress-nginx\')], or remove it');
  const ports = [
    ...(props.driverServiceIngresses ?? []).map((d) => ({ prop: 'driverServiceIngresses', port: d.port ?? UI_PORT })),
    ...(props.driverHttpRoutes ?? []).map((d) => ({ prop: 'driverHttpRoutes', port: d.port ?? UI_PORT })),
    ...(props.driverGrpcRoutes ?? []).map((d) => ({ prop: 'driverGrpcRoutes', port: d.port ?? CONNECT_PORT })),
    // A Connect server's clients reach gRPC through the operator's driver Service.
    ...(runsConnectServer(props.mainClass, props.sparkConf) ? [{ prop: 'mainClass', port: CONNECT_PORT }] : []),
  ];
  if (!network || ports.length === 0) return [];
  if (!props.allowFrom) {
    fail(scope, 'allowFrom', undefined, `must name who reaches the driver ports the application serves (${[...new Set(ports.map((p) => p.port))].join(', ')}, from '${ports[0].prop}'): `
      + 'the driver\'s NetworkPolicy admits nobody else', 'add the clients, or NetworkPeer.namespace(\'<namespace of the ingress controller or Gateway>\'), to \'allowFrom\'');
  }
  const unique = [...new Set(ports.map((p) => p.port))].sort((a, b) => a - b);
  return [{ peers: props.allowFrom.map((p) => p._toPeer()), ports: unique.map((port) => ({ port })) }];
}

/**
 * A Spark application run by the Apache Spark Kubernetes Operator
 * (`spark.apache.org/v1` `SparkApplication`, operator 1.0.0).
 *
 * The same application model as the Kubeflow `SparkApplication`, rendered in
 * this operator's dialect: image, service account and every other setting in
 * `sparkConf`; pod settings in `driverSpec.podTemplateSpec` /
 * `executorSpec.podTemplateSpec`; the main jar, Python or R file in `jars`,
 * `pyFiles` or `sparkRFiles` (none for `ApplicationFile.fromClasspath()`).
 */
@collectsProblems('apache.SparkApplicationProps')
export class SparkApplication extends SparkMainApplicationBase {
  /**
   * The longest name: the operator labels every pod with it
   * (`spark.operator/spark-app-name`), and a label value has at most 63
   * characters.
   */
  public static readonly MAX_NAME_LENGTH = 63;

  /** The Service of the first attempt's driver: `<name>-0-driver-svc` (each restart attempt has its own). */
  public readonly firstAttemptDriverService: string;

  private readonly props: SparkApplicationProps;

  constructor(scope: Construct, id: string, props: SparkApplicationProps) {
    super(scope, id, props, apacheTraits(props));
    this.props = props;
    checkApacheProps(this, props, this.sparkVersion);
    this.firstAttemptDriverService = `${this.name}-0-driver-svc`;
    // Rendered now so that bad settings fail at construction.
    const spec = this._model.cached(() => renderSpec(this, this._model, props));
    spec();
    this._createResource(APACHE_SPARK_APPLICATION_GVK, spec);
    this._renderNetworkPolicies({ driverIngress: publishedPortRule(this, props, this._model.network !== undefined) });
  }

  /** The `tolerations` of the application as given. */
  public get tolerations(): ApplicationTolerations | undefined {
    return this.props.tolerations;
  }
}

/** What this backend tells the assembler. */
function apacheTraits(props: SparkApplicationProps): BackendTraits {
  return {
    kind: 'apache.SparkApplication',
    maxNameLength: SparkApplication.MAX_NAME_LENGTH,
    nameLengthReason: 'the operator labels every pod with it (spark.operator/spark-app-name), and a label value has at most 63 characters',
    construct: 'an Apache SparkApplication',
    driverProp: 'driver',
    driverAccountSuffix: '-driver',
    // The operator builds the driver pod in its own process (SparkAppSubmissionWorker.buildResourceSpec runs
    // KubernetesDriverBuilder, spark-submission-worker/.../SparkAppSubmissionWorker.java at 1.0.0), so Spark's
    // submission steps (a Spark 4.2 NetworkPolicyFeatureStep included) run with the operator's rights, not the driver's.
    clusterMode: false,
    driverPodBySpark: true,
    mainFile: true,
    ownKeys: (model) => ownApacheKeys(model, props),
    // A Connect server run as an application takes the Connect server's risks (the same rule as SparkConnect and SparkConnectServer).
    securityRisks: (version) => (runsConnectServer(props.mainClass, props.sparkConf) ? connectRisks(version, {
      token: props.authenticationSecret,
      exposure: connectExposure(props),
      networkPolicy: false,
    }) : []),
  };
}

/**
 * The keys this backend sets: the template container names (Spark picks the
 * main container of a template by them), and with a standalone master the
 * image (the operator still has Spark build the driver pod) and
 * `spark.authenticate`, which the operator otherwise turns on
 * (SparkAppSubmissionWorker.buildDriverConf, 1.0.0 L126: setIfMissing
 * spark.authenticate=true): a standalone application with authentication on
 * and no secret fails in SecurityManager.initializeAuth.
 */
function ownApacheKeys(model: ApplicationModel, props: SparkApplicationProps): void {
  const own = (key: string, prop: string, value?: string) => model.own(key, prop, value);
  own('spark.kubernetes.driver.podTemplateContainerName', 'driver (pod settings)', DRIVER_CONTAINER);
  if (!props.master) {
    // Everything goes into sparkConf in this dialect, the driver's account too (executors fall back to it).
    own('spark.kubernetes.authenticate.driver.serviceAccountName', 'driver.serviceAccount', model.driverAccount?.name);
    own('spark.kubernetes.executor.podTemplateContainerName', 'executor (pod settings)', EXECUTOR_CONTAINER);
    return;
  }
  own('spark.master', 'master', props.master.masterUrl);
  own('spark.kubernetes.container.image', 'image', model.image);
  own('spark.kubernetes.container.image.pullPolicy', 'imagePullPolicy', model.imagePullPolicy);
  if (props.master.authenticationSecret) {
    // SecurityManager reads _SPARK_AUTH_SECRET from the environment before the configuration; the reference is Spark's own.
    own('spark.authenticate.secret', 'the master\'s \'authenticationSecret\'', '${env:_SPARK_AUTH_SECRET}');
  } else {
    own('spark.authenticate', 'the master\'s \'authenticationSecret\'', 'false');
  }
}

/** Where a Connect server run as an application is published outside the cluster: an Ingress or gRPC route to its port. */
function connectExposure(props: SparkApplicationProps): { prop: string; value: unknown } | undefined {
  const ingress = (props.driverServiceIngresses ?? []).findIndex((d) => d?.port === CONNECT_PORT);
  if (ingress >= 0) return { prop: `driverServiceIngresses[${ingress}]`, value: props.driverServiceIngresses![ingress].name };
  if ((props.driverGrpcRoutes ?? []).length > 0) return { prop: 'driverGrpcRoutes[0]', value: props.driverGrpcRoutes![0].name };
  return undefined;
}

/** Props only this backend has, each checked; every problem in one error. */
function checkApacheProps(scope: IConstruct, props: SparkApplicationProps, version: SparkVersion): void {
  checkAll(scope, [
    () => {
      checkEnum(scope, 'deploymentMode', props.deploymentMode, DeploymentMode, 'DeploymentMode');
      if (props.deploymentMode === DeploymentMode.CLIENT) {
        fail(scope, 'deploymentMode', props.deploymentMode,
          'must be DeploymentMode.CLUSTER: the Apache operator fails client-mode applications at run time ("Client mode is not supported yet.", AppValidateStep)',
          'remove it (cluster mode is the default); for a driver outside the cluster use SparkConnectServer or SparkSubmitJob');
      }
    },
    () => {
      if (props.sparkVersion === undefined && props.master === undefined) {
        checkRequired(scope, 'sparkVersion', props.sparkVersion,
          'the Apache operator requires spec.runtimeVersions.sparkVersion: pass e.g. SparkVersion.V4_2_0 (the image\'s Spark)');
      }
    },
    () => checkRuntimeVersions(scope, props, version),
    () => checkSecretValue(scope, 'authenticationSecret', props.authenticationSecret),
    () => {
      if (props.authenticationSecret !== undefined && !runsConnectServer(props.mainClass, props.sparkConf)) {
        fail(scope, 'authenticationSecret', '<a Secret key>', `only applies to a Spark Connect server (mainClass '${CONNECT_SERVER_CLASS}', or '${CONNECT_PLUGIN}' in spark.plugins)`,
          'remove it; for a standalone master\'s RPC secret pass the master (its authenticationSecret reaches the driver)');
      }
    },
    () => checkList(scope, 'configMaps', props.configMaps, '[{ name: \'app-config\', data: { ... } }]'),
    () => checkList(scope, 'driverServiceIngresses', props.driverServiceIngresses, '[{ name: \'pi-ui\', ingress: { host: \'pi.example.com\' } }]'),
    () => checkList(scope, 'driverHttpRoutes', props.driverHttpRoutes, '[{ name: \'pi-ui\', gateways: [{ name: \'web\' }] }]'),
    () => checkList(scope, 'driverGrpcRoutes', props.driverGrpcRoutes, '[{ name: \'connect\', gateways: [{ name: \'grpc\' }] }]'),
  ]);
}

/** The spec in wire format. */
function renderSpec(scope: IConstruct, model: ApplicationModel, props: SparkApplicationProps): l1.SparkApplicationSpec {
  const conf = { ...model.sparkConf() };
  // The operator sets the namespace and, when the key is present, the name (SparkAppResourceSpecFactory.overrideDependencyConf).
  delete conf['spark.kubernetes.namespace'];
  delete conf['spark.app.name'];
  const file = model.options.mainApplicationFile!;
  const main = file.isClasspath ? undefined : file.uri;
  const driverEnv = [...authEnv(props.master?.authenticationSecret), ...tokenEnv(props.authenticationSecret)];
  // A driver on a master whose workers admit only some pods (an Apache SparkCluster) carries their label.
  const labels = props.master?.clientPodLabels ? { labels: props.master.clientPodLabels } : {};
  const driverTemplate = model.renderTemplate('driver', { container: { name: DRIVER_CONTAINER, ...(driverEnv.length ? { env: driverEnv } : {}) }, ...labels });
  const spec: l1.SparkApplicationSpec = {
    runtimeVersions: { sparkVersion: model.version.version, scalaVersion: props.scalaVersion, jdkVersion: props.jdkVersion },
    deploymentMode: (props.deploymentMode ?? DeploymentMode.CLUSTER) as unknown as l1.SparkApplicationSpecDeploymentMode,
    mainClass: model.options.mainClass,
    // The main resource (SparkAppSubmissionWorker.buildDriverConf, 1.0.0 L103-118): jars, else pyFiles, else sparkRFiles.
    // Other jars stay in sparkConf spark.jars (the operator then leaves it): the driver's in-pod spark-submit, a client-mode
    // submission, appends a main jar to spark.jars itself (SparkSubmit.prepareSubmitEnvironment, "Add the application jar
    // automatically"), so executors get it. spec.files is not used: operator 1.0.0 never reads it; files go to spark.files.
    jars: model.type === SparkApplicationType.PYTHON || model.type === SparkApplicationType.R ? undefined : main,
    pyFiles: model.type === SparkApplicationType.PYTHON ? main : undefined,
    sparkRFiles: model.type === SparkApplicationType.R ? main : undefined,
    driverArgs: undefinedIfEmpty([...model.arguments]),
    proxyUser: model.options.proxyUser,
    sparkConf: undefinedIfEmpty(conf),
    driverSpec: { podTemplateSpec: driverTemplate },
    // Standalone executors run inside the workers: no executor pods, no template.
    executorSpec: props.master ? undefined : { podTemplateSpec: model.renderTemplate('executor', { container: { name: EXECUTOR_CONTAINER } }) },
    applicationTolerations: renderTolerations(scope, props.tolerations, executorBounds(model, props)),
    configMapSpecs: undefinedIfEmpty((props.configMaps ?? []).map((c, i) => renderConfigMap(scope, `configMaps[${i}]`, c))),
    driverServiceIngressList: undefinedIfEmpty((props.driverServiceIngresses ?? []).map((d, i) => renderServiceIngress(scope, `driverServiceIngresses[${i}]`, d, model))),
    driverHttpRouteList: undefinedIfEmpty((props.driverHttpRoutes ?? []).map((r, i) => renderRoute(scope, `driverHttpRoutes[${i}]`, r, model, 'http'))) as any,
    driverGrpcRouteList: undefinedIfEmpty((props.driverGrpcRoutes ?? []).map((r, i) => renderRoute(scope, `driverGrpcRoutes[${i}]`, r, model, 'grpc'))) as any,
  };
  checkUniqueNames(scope, props);
  return dropUndefined(spec);
}

function executorBounds(model: ApplicationModel, props: SparkApplicationProps): ExecutorBounds {
  const da = props.dynamicAllocation;
  if (da) return { most: da.maxExecutors, prop: 'dynamicAllocation.maxExecutors', dynamicAllocation: true };
  return { most: model.instances ?? 0, prop: model.localMode ? 'localMode' : 'executor.instances', dynamicAllocation: false };
}

function checkName(scope: IConstruct, prop: string, name: unknown): void {
  checkRequired(scope, prop, name, 'name it, e.g. \'app-config\'');
  checkString(scope, prop, name);
  if ((name as string).length > 253 || !DNS_1123_SUBDOMAIN.test(name as string)) {
    fail(scope, prop, name, 'must be a DNS subdomain name (lower-case letters, digits, \'-\' and \'.\')', `use e.g. '${String(name).toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'app-config'}'`);
  }
}

/** The ConfigMap objects the operator creates (ConfigMapSpecUtils.buildConfigMaps). */
function renderConfigMap(scope: IConstruct, prop: string, c: DriverConfigMap): l1.SparkApplicationSpecConfigMapSpecs {
  checkMap(scope, prop, c, '{ name: \'app-config\', data: { \'app.conf\': \'...\' } }', 'an object');
  checkName(scope, `${prop}.name`, c.name);
  checkMap(scope, `${prop}.data`, c.data, '{ \'app.conf\': \'...\' }');
  for (const key of Object.keys(c.data ?? {})) {
    const mapKey = mapKeyProblem(key);
    if (mapKey) fail(scope, `${prop}.data`, key, `key ${mapKey}`, `rename it, e.g. '${key.replace(/_/g, '')}.conf'`);
    if (!/^[-._a-zA-Z0-9]+$/.test(key) || key.length > 253) {
      fail(scope, `${prop}.data`, key, 'must use ConfigMap keys (letters, digits, \'-\', \'_\' and \'.\')', `rename it, e.g. '${key.replace(/[^-._a-zA-Z0-9]+/g, '-') || 'file'}'`);
    }
  }
  checkLabels(scope, `${prop}.labels`, c.labels);
  checkAnnotations(scope, `${prop}.annotations`, c.annotations);
  return { name: c.name, data: c.data, labels: c.labels, annotations: c.annotations };
}

/** A driver port to publish: a port the driver listens on. */
function driverPort(scope: IConstruct, prop: string, port: number | undefined, fallback: number): { port: number; name: string } {
  checkInteger(scope, prop, port, 1, 'use a port from 1 to 65535, e.g. 4040');
  const p = port ?? fallback;
  if (p > 65535) fail(scope, prop, p, 'must be a port from 1 to 65535', 'use e.g. 4040');
  return { port: p, name: p === UI_PORT ? 'http' : p === CONNECT_PORT ? 'grpc' : `port-${p}` };
}

/**
 * A Service and Ingress of the driver (DriverServiceIngressUtils.buildIngressService at 1.0.0): the
 * Service selects the attempt's driver pod when it names no selector; the Ingress keeps the rules given.
 */
function renderServiceIngress(
  scope: IConstruct, prop: string, d: DriverServiceIngress, model: ApplicationModel,
): l1.SparkApplicationSpecDriverServiceIngressList {
  checkMap(scope, prop, d, '{ name: \'pi-ui\', ingress: { host: \'pi.example.com\' } }', 'an object');
  checkName(scope, `${prop}.name`, d.name);
  checkRequired(scope, `${prop}.ingress`, d.ingress, 'pass { host: \'spark-ui.example.com\' }');
  checkEnum(scope, `${prop}.serviceType`, d.serviceType, SERVICE_TYPE, 'ServiceType');
  if (d.serviceType === SERVICE_TYPE.EXTERNAL_NAME) {
    fail(scope, `${prop}.serviceType`, d.serviceType, 'must select the driver pod (an ExternalName Service points at a DNS name instead)', 'use ServiceType.CLUSTER_IP');
  }
  checkAnnotations(scope, `${prop}.serviceAnnotations`, d.serviceAnnotations);
  const port = driverPort(scope, `${prop}.port`, d.port, UI_PORT);
  const portName = d.portName ?? port.name;
  const ingress = renderIngress(scope, d.ingress, {
    metadata: { name: d.name, namespace: model.namespace },
    service: d.name,
    port: portName,
    exampleHost: 'spark-ui.example.com',
  });
  return {
    serviceMetadata: { name: d.name, annotations: d.serviceAnnotations },
    serviceSpec: { type: d.serviceType ?? SERVICE_TYPE.CLUSTER_IP, ports: [{ name: portName, port: port.port, targetPort: port.port as any, protocol: 'TCP' }] },
    ingressMetadata: ingress.metadata as any,
    ingressSpec: ingress.spec,
  } as any;
}

/** A Service and Gateway API route of the driver (DriverGatewayRouteUtils at 1.0.0: default rule to the Service's first port). */
function renderRoute(scope: IConstruct, prop: string, r: DriverRoute, model: ApplicationModel, kind: 'http' | 'grpc'): any {
  checkMap(scope, prop, r, '{ name: \'pi-ui\', gateways: [{ name: \'web\' }] }', 'an object');
  checkName(scope, `${prop}.name`, r.name);
  checkList(scope, `${prop}.gateways`, r.gateways, '[{ name: \'web\', namespace: \'gateways\' }]');
  if (!r.gateways || r.gateways.length === 0) {
    fail(scope, `${prop}.gateways`, r.gateways ?? undefined, 'must name at least one Gateway (the route attaches to nothing otherwise)', 'pass [{ name: \'web\' }]');
  }
  r.gateways.forEach((g, i) => {
    checkName(scope, `${prop}.gateways[${i}].name`, g?.name);
    if (g.namespace !== undefined) checkName(scope, `${prop}.gateways[${i}].namespace`, g.namespace);
    if (g.sectionName !== undefined) checkName(scope, `${prop}.gateways[${i}].sectionName`, g.sectionName);
  });
  (r.hostnames ?? []).forEach((h, i) => checkHost(scope, `${prop}.hostnames[${i}]`, h, 'spark-ui.example.com'));
  checkAnnotations(scope, `${prop}.serviceAnnotations`, r.serviceAnnotations);
  const port = driverPort(scope, `${prop}.port`, r.port, kind === 'http' ? UI_PORT : CONNECT_PORT);
  const routeMeta = kind === 'http' ? 'httpRouteMetadata' : 'grpcRouteMetadata';
  const routeSpec = kind === 'http' ? 'httpRouteSpec' : 'grpcRouteSpec';
  return {
    serviceMetadata: { name: r.name, annotations: r.serviceAnnotations },
    serviceSpec: { type: 'ClusterIP', ports: [{ name: port.name, port: port.port, targetPort: port.port, protocol: 'TCP' }] },
    [routeMeta]: { name: r.name, namespace: model.namespace },
    [routeSpec]: dropUndefined({
      parentRefs: r.gateways.map((g) => dropUndefined({ name: g.name, namespace: g.namespace, sectionName: g.sectionName })),
      hostnames: undefinedIfEmpty(r.hostnames ?? []),
    }),
  };
}

/** The operator creates every Service, Ingress, route and ConfigMap by name: two of a kind may not share one. */
function checkUniqueNames(scope: IConstruct, props: SparkApplicationProps): void {
  const seen = new Map<string, string>();
  const claim = (kind: string, prop: string, name: string) => {
    const key = `${kind}/${name}`;
    const first = seen.get(key);
    if (first !== undefined) fail(scope, `${prop}.name`, name, `must differ from '${first}.name': the operator would create the ${kind} twice`, 'rename one of them');
    seen.set(key, prop);
  };
  (props.configMaps ?? []).forEach((c, i) => claim('ConfigMap', `configMaps[${i}]`, c.name));
  const services: [string, { name: string }[] | undefined][] = [
    ['driverServiceIngresses', props.driverServiceIngresses], ['driverHttpRoutes', props.driverHttpRoutes], ['driverGrpcRoutes', props.driverGrpcRoutes],
  ];
  for (const [prop, list] of services) (list ?? []).forEach((s, i) => claim('Service', `${prop}[${i}]`, s.name));
}
