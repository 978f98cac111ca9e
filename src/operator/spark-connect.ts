import type { SecretValue, ServiceType } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SERVICE_TYPE } from '../_plus';
import { LiftedConf } from './_application-spec';
import { SPARK_CONNECT_GVK } from './_wire';
import { shellWord } from '../_input';
import { registerApplication } from '../_registry';
import { checkAnnotations, checkBoolean, checkEnum, checkLabels, checkMap, collectsProblems, fail, undefinedIfEmpty } from '../_validation';
import { DRIVER_CONTAINER, EXECUTOR_CONTAINER } from '../application/_assemble';
import { checkConnectServer, CONNECT_GRPC_PORT, ConnectExposure, connectPackage, connectTraits, ownConnectKeys, serviceHost, tokenEnv } from '../application/_connect';
import { sparkPodLabels } from '../application/_network';
import { SparkWorkloadBase } from '../application/_spark-workload';
import { SparkRuntimeOptions } from '../application/application-options';
import { checkAllowList } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';
import { containerResources, ProcessResources } from '../pod/_resources';
import { DriverOptions } from '../pod/process-options';

/** The Service the operator creates in front of the Connect server. */
export interface SparkConnectServiceOptions {
  /**
   * Service type.
   * @default ServiceType.CLUSTER_IP
   */
  readonly type?: ServiceType;
  /**
   * Service annotations.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Service labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** The Connect server (the driver) the operator runs. */
export interface SparkConnectServerOptions extends DriverOptions {
  /**
   * The Service in front of the server.
   * @default - the operator's `<name>-server` ClusterIP Service
   */
  readonly service?: SparkConnectServiceOptions;
}

/** Props of `SparkConnect`. */
export interface SparkConnectProps extends SparkRuntimeOptions {
  /**
   * The server: resources and pod settings (rendered into `server.template`).
   * @default - 1 core, 1 GiB
   */
  readonly server?: SparkConnectServerOptions;
  /**
   * Let whoever reaches the UI (port 4040 of the operator's Service) kill
   * jobs and stages (`spark.ui.killEnabled`).
   * @default false
   */
  readonly uiKillEnabled?: boolean;
  /**
   * Pre-shared token clients must send: `SPARK_CONNECT_AUTHENTICATE_TOKEN`
   * from a Secret in the server template (Spark 4.0+). Required unless
   * `securityOptOuts` lists `SecurityOptOut.UNAUTHENTICATED_CONNECT`; a
   * LoadBalancer or NodePort Service without it also needs
   * `SecurityOptOut.EXPOSED_CONNECT`.
   * @default - none: refused without the opt-out (any pod that reaches the Service could run code on the cluster)
   */
  readonly authenticationSecret?: SecretValue;
  /**
   * Who may reach the server's gRPC port (15002). Needs `network`: the
   * operator creates no NetworkPolicy itself.
   * @default - the server's own namespace, when `network` is set
   */
  readonly allowFrom?: NetworkPeer[];
}

/**
 * A Spark Connect server run by the Kubeflow Spark Operator
 * (`sparkoperator.k8s.io/v1alpha1` `SparkConnect`). Pod settings are
 * rendered into `server.template` / `executor.template` by the shared pod
 * renderer. The custom resource is the default child.
 *
 * The operator passes `server.cores`, `server.memory`, the executor count,
 * cores and memory, dynamic allocation, the image and the executor template
 * as `--conf` (internal/controller/sparkconnect/options.go at v2.5.2); every
 * other setting reaches Spark through `sparkConf`.
 */
@collectsProblems('SparkConnectProps')
export class SparkConnect extends SparkWorkloadBase {
  /** The longest name: the operator names the server pod and Service `<name>-server`, within 63 characters. */
  public static readonly MAX_NAME_LENGTH = 56;

  /** Settings only the operator's webhook applies (none: everything is in templates). */
  public readonly webhookDependencies: string[] = [];
  /** The Service clients connect to: `<name>-server`. */
  public readonly serviceName: string;
  private templates?: { revision: number; server: any; executor: any };

  constructor(scope: Construct, id: string, props: SparkConnectProps = {}) {
    super(scope, id, { ...props, driver: props.server }, {
      ...connectTraits(SparkConnect.MAX_NAME_LENGTH,
        'the operator names the server pod and Service \'<name>-server\', which must fit 63 characters', 'a SparkConnect', {
          token: props.authenticationSecret,
          exposure: exposure(props.server?.service?.type),
          // The operator creates no NetworkPolicy for a SparkConnect; the library does with the cluster's network facts.
          networkPolicy: props.network !== undefined || props.jobNamespace?.network !== undefined,
        }),
      ownKeys: (model) => ownConnectKeys(model, props?.uiKillEnabled),
    });
    checkBoolean(this, 'uiKillEnabled', props.uiKillEnabled);
    checkConnectServer(this, this.sparkVersion, props.server, props.authenticationSecret);
    checkService(this, props.server?.service);
    const pkg = connectPackage(this.sparkVersion);
    if (pkg) this._model.addPackage(pkg, 'sparkVersion');
    this.serviceName = `${this.name}-server`;
    this.renderTemplates(props);
    registerApplication(this, this._createResource(SPARK_CONNECT_GVK, () => this.renderSpec(props)));
    checkAllowList(this, 'allowFrom', props.allowFrom, this._model.network !== undefined,
      'name the clients (NetworkPeer.namespace(name), .pods(labels)), or remove it to admit the server\'s own namespace');
    // The operator keeps the server template's labels and adds its own (internal/controller/sparkconnect/reconciler.go L347, L452-459 at v2.5.2).
    this._renderNetworkPolicies({
      driverIngress: [{
        peers: (props.allowFrom ?? [NetworkPeer.namespace(this.namespace)]).map((p) => p._toPeer()),
        ports: [{ port: CONNECT_GRPC_PORT }],
      }],
    });
  }

  /**
   * The URL clients in the cluster use: `sc://<name>-server.<namespace>.svc:15002`
   * (no cluster domain: the pod's DNS search path completes it on any cluster).
   */
  public get connectUrl(): string {
    return `sc://${serviceHost(this.serviceName, this.namespace)}:${CONNECT_GRPC_PORT}`;
  }

  private renderSpec(props: SparkConnectProps): any {
    const model = this._model;
    const conf = new LiftedConf(model.sparkConfEntries(), model.hadoopConf());
    const templates = this.renderTemplates(props);
    const hadoopConf = undefinedIfEmpty(conf.hadoop());
    const service = props.server?.service;
    // The operator sets these itself (options.go): namespace, images (the executor's from its template).
    conf.drop('spark.app.name', 'spark.kubernetes.namespace', 'spark.kubernetes.executor.container.image');
    return {
      sparkVersion: this.sparkVersion.version,
      image: conf.take('spark.kubernetes.container.image'),
      server: {
        cores: conf.number('spark.driver.cores'),
        memory: conf.take('spark.driver.memory'),
        template: templates.server,
        service: service ? {
          metadata: { annotations: service.annotations, labels: service.labels },
          spec: { type: service.type ?? SERVICE_TYPE.CLUSTER_IP },
        } : undefined,
      },
      executor: {
        cores: conf.number('spark.executor.cores'),
        memory: conf.take('spark.executor.memory'),
        instances: conf.number('spark.executor.instances'),
        template: templates.executor,
      },
      dynamicAllocation: conf.dynamicAllocation(),
      // What the operator has no field for stays in sparkConf (memory overhead, CPU request and limit, JVM options, ...).
      sparkConf: undefinedIfEmpty(shellWords(conf.rest())),
      hadoopConf: shellWords(hadoopConf),
    };
  }

  private renderTemplates(props: SparkConnectProps): { server: any; executor: any } {
    const model = this._model;
    if (this.templates?.revision !== model.revision) {
      const container = (name: string, image: string | undefined, resources: ProcessResources) => ({
        name, image: image ?? this.image, imagePullPolicy: model.imagePullPolicy, resources: containerResources(resources),
      });
      this.templates = {
        revision: model.revision,
        server: model.renderTemplate('driver', {
          container: {
            ...container(DRIVER_CONTAINER, props.server?.image, model.driver),
            // The operator runs start-connect-server.sh: keep its log directory off the read-only root.
            env: [{ name: 'SPARK_LOG_DIR', value: '/tmp/spark-logs' }, ...tokenEnv(props.authenticationSecret)],
          },
          // The operator creates the server pod from this template; Spark adds the pull secrets to executors.
          imagePullSecrets: model.imagePullSecrets,
          ...(model.network ? { labels: sparkPodLabels('SparkConnect', this.name).driver } : {}),
          podOutsideSpark: true,
        }),
        executor: model.renderTemplate('executor', { container: container(EXECUTOR_CONTAINER, props.executor?.image, model.executor) }),
      };
    }
    return this.templates;
  }
}

/** A Service type that publishes the server outside the cluster. */
function exposure(type: ServiceType | undefined): ConnectExposure | undefined {
  return type === SERVICE_TYPE.LOAD_BALANCER || type === SERVICE_TYPE.NODE_PORT ? { prop: 'server.service.type', value: type } : undefined;
}

/** The Service the operator creates: a type that selects the server pod, checked labels and annotations. */
function checkService(scope: Construct, service: SparkConnectServiceOptions | undefined): void {
  checkMap(scope, 'server.service', service, '{ type: ServiceType.CLUSTER_IP }', 'an object');
  checkEnum(scope, 'server.service.type', service?.type, SERVICE_TYPE, 'ServiceType');
  if (service?.type === SERVICE_TYPE.EXTERNAL_NAME) {
    fail(scope, 'server.service.type', service.type, 'must select the server pod (an ExternalName Service points at a DNS name instead)',
      'use ServiceType.CLUSTER_IP');
  }
  checkLabels(scope, 'server.service.labels', service?.labels);
  checkAnnotations(scope, 'server.service.annotations', service?.annotations);
}

/**
 * The controller joins every `--conf key=value` of the server into one `bash -c`
 * argument, unquoted (internal/controller/sparkconnect/options.go at v2.5.2,
 * sparkConfOption/hadoopConfOption: fmt.Sprintf("%s=%s", key, value);
 * reconciler.go mutateServerPod: Command ["bash", "-c"], Args
 * [strings.Join(args, " ")]): each key and value goes in as one quoted shell
 * word (with `$` doubled for the kubelet, which expands the argument first), so
 * a space, quote or `$(...)` in a value, JVM options included
 * (`spark.{driver,executor}.extraJavaOptions` stay in sparkConf), stays in that value.
 */
function shellWords(map: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
  return map === undefined ? undefined : Object.fromEntries(Object.entries(map).map(([k, v]) => [shellWord(k), shellWord(v)]));
}
