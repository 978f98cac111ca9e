import { ApiObject, Lazy, Names } from 'cdk8s';
import { ImagePullPolicy, SecretValue, ServiceType } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { registerApplication } from '../_registry';
import { SPARK_CONNECT_GVK } from './_wire';
import { checkDns1035, fail, sorted, undefinedIfEmpty } from '../_validation';
import { checkConnectServer, CONNECT_GRPC_PORT, tokenEnv } from '../connect/_connect';
import { SparkConnectExecutorOptions } from '../connect/spark-connect-server';
import { checkImage } from '../pod/image';
import { renderPodTemplate } from '../pod/pod-renderer';
import { containerResources, ProcessResources, resolveProcessResources } from '../pod/resources';
import { SparkProcessOptions } from '../pod/spark-pod';
import { resolveDriverAccount, resolveNamespace } from '../rbac/_namespace';
import { checkExecutors, dynamicAllocationSpec, ownApplicationKeys, setGpuConf } from '../spark/_application';
import { JVM_OVERHEAD_FACTOR } from '../spark/memory';
import { SparkRuntimeOptions } from '../spark/runtime-options';
import { checkHadoopConf, SparkConf } from '../spark/spark-conf';
import { SparkVersion } from '../spark/spark-version';

/** The longest SparkConnect name: the operator names the server pod and Service `<name>-server`. */
export const MAX_SPARK_CONNECT_NAME = 56;

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

/** The Connect server (the driver). */
export interface SparkConnectServerOptions extends SparkProcessOptions {
  /**
   * The Service in front of the server.
   * @default - the operator's `<name>-server` ClusterIP Service
   */
  readonly service?: SparkConnectServiceOptions;
}

/** Props of `SparkConnect`. */
export interface SparkConnectProps extends SparkRuntimeOptions {
  /**
   * Name (a DNS-1035 label of at most 56 characters).
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Spark version (Spark Connect needs 3.5 or later).
   * @default SparkVersion.V4_0_4
   */
  readonly sparkVersion?: SparkVersion;
  /**
   * The server.
   * @default - 1 core, 1 GiB
   */
  readonly server?: SparkConnectServerOptions;
  /**
   * The executors.
   * @default - 1 executor with 1 core and 1 GiB
   */
  readonly executor?: SparkConnectExecutorOptions;
  /**
   * Pre-shared token clients must send: `SPARK_CONNECT_AUTHENTICATE_TOKEN`
   * from a Secret in the server template (Spark 4.0+).
   * @default - no authentication: any pod that reaches the Service can run code on the cluster
   */
  readonly authenticationToken?: SecretValue;
  /**
   * Labels of the custom resource.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A Spark Connect server run by the Kubeflow Spark Operator
 * (`sparkoperator.k8s.io/v1alpha1` `SparkConnect`). Pod settings are
 * rendered into `server.template` / `executor.template` by the shared pod
 * renderer.
 */
export class SparkConnect extends Construct {
  /** Name of the custom resource. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** Spark version. */
  public readonly sparkVersion: SparkVersion;
  /** The `SparkConnect` object. */
  public readonly resource: ApiObject;
  /** Settings only the operator's webhook applies (none: everything is in templates). */
  public readonly webhookDependencies: string[] = [];
  /** The Service clients connect to: `<name>-server` unless overridden. */
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: SparkConnectProps = {}) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: MAX_SPARK_CONNECT_NAME });
    checkDns1035(this, 'name', this.name, MAX_SPARK_CONNECT_NAME, 'the operator names the server pod and Service \'<name>-server\', which must fit 63 characters');
    const namespace = resolveNamespace(this, props);
    this.namespace = namespace;
    this.serviceName = `${this.name}-server`;
    this.sparkVersion = props.sparkVersion ?? SparkVersion.DEFAULT;
    if (!this.sparkVersion.isAtLeast(3, 5)) {
      fail(this, 'sparkVersion', this.sparkVersion.version, 'must be at least 3.5.0 for Spark Connect', 'use SparkVersion.V3_5_8 or later');
    }
    checkConnectServer(this, { sparkVersion: this.sparkVersion, server: props.server, authenticationToken: props.authenticationToken });
    const image = props.image ?? this.sparkVersion.defaultImage;
    checkImage(this, 'image', image, this.sparkVersion.version);
    if (props.server?.image) checkImage(this, 'server.image', props.server.image, this.sparkVersion.version);
    if (props.executor?.image) checkImage(this, 'executor.image', props.executor.image, this.sparkVersion.version);
    const server = resolveProcessResources(this, 'server', props.server ?? {}, JVM_OVERHEAD_FACTOR);
    const executor = resolveProcessResources(this, 'executor', props.executor ?? {}, JVM_OVERHEAD_FACTOR);
    const instances = props.executor?.instances;
    if (instances === 0 && props.dynamicAllocation) {
      fail(this, 'executor.instances', instances, 'cannot be combined with \'dynamicAllocation\'', 'remove it and set \'dynamicAllocation.initialExecutors\'');
    }
    // 0 executors is valid here (the operator allows it: a server that only plans, or scales later).
    checkExecutors(this, instances === 0 ? undefined : instances, props.dynamicAllocation);

    const conf = new SparkConf(this, namespace);
    ownApplicationKeys(conf);
    setGpuConf(this, conf, 'executor', props.executor?.gpu);
    if (props.server?.javaOptions) conf.own('spark.driver.extraJavaOptions', 'server.javaOptions', props.server.javaOptions);
    if (props.executor?.javaOptions) conf.own('spark.executor.extraJavaOptions', 'executor.javaOptions', props.executor.javaOptions);
    conf.setAll(props.sparkConf);
    checkHadoopConf(this, 'hadoopConf', props.hadoopConf);
    const hadoopConf = { ...props.s3a?._hadoopConf(), ...props.hadoopConf };

    const serviceAccountName = resolveDriverAccount(this, {
      jobNamespace: props.jobNamespace, namespace, sparkVersion: this.sparkVersion, clusterMode: false, name: `${this.name}-server`,
    }).name;

    const pullPolicy = props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;
    const template = (role: 'server' | 'executor', options: SparkProcessOptions, resources: ProcessResources) => renderPodTemplate({
      scope: this,
      prop: role,
      options,
      container: {
        name: role === 'server' ? 'spark-kubernetes-driver' : 'spark-kubernetes-executor',
        image: options.image ?? image,
        imagePullPolicy: pullPolicy,
        resources: containerResources(resources),
        env: [
          // The operator runs start-connect-server.sh: keep its log directory off the read-only root.
          ...(role === 'server' ? [{ name: 'SPARK_LOG_DIR', value: '/tmp/spark-logs' }, ...tokenEnv(props.authenticationToken)] : []),
          ...(props.s3a?._env() ?? []),
        ],
      },
      automountServiceAccountToken: role === 'server',
      serviceAccountName: role === 'server' ? serviceAccountName : undefined,
      sparkLocalDir: true,
    });
    // Rendered now so that bad pod settings fail at construction.
    const serverTemplate = template('server', props.server ?? {}, server);
    const executorTemplate = template('executor', props.executor ?? {}, executor);
    const service = props.server?.service;
    const da = props.dynamicAllocation;

    this.resource = new ApiObject(this, 'Resource', {
      ...SPARK_CONNECT_GVK,
      metadata: { name: this.name, namespace, labels: props.labels },
      spec: Lazy.any({
        produce: () => ({
          sparkVersion: this.sparkVersion.version,
          image,
          sparkConf: undefinedIfEmpty(conf.render()),
          hadoopConf: undefinedIfEmpty(sorted(hadoopConf)),
          server: {
            cores: server.cores,
            memory: server.memory,
            template: serverTemplate,
            service: service ? {
              metadata: { annotations: service.annotations, labels: service.labels },
              spec: { type: service.type ?? ServiceType.CLUSTER_IP },
            } : undefined,
          },
          executor: {
            cores: executor.cores,
            memory: executor.memory,
            instances: da ? undefined : (props.executor?.instances ?? 1),
            template: executorTemplate,
          },
          dynamicAllocation: da ? dynamicAllocationSpec(da) : undefined,
        }),
      }),
    });
    registerApplication(this, this.resource);
  }

  /** The URL clients use: `sc://<name>-server.<namespace>.svc.cluster.local:15002`. */
  public get connectUrl(): string {
    return `sc://${this.serviceName}.${this.namespace}.svc.cluster.local:${CONNECT_GRPC_PORT}`;
  }
}
