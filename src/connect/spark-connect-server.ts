import { ApiObject, Names } from 'cdk8s';
import { ImagePullPolicy, SecretValue } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { registerEventLogWriter } from '../_registry';
import { checkDns1035, checkDns1123Label, checkInteger, checkLabels, fail, sorted } from '../_validation';
import { checkConnectServer, CONNECT_GRPC_PORT, tokenEnv } from './_connect';
import { configFiles, configVolume, CONFIG_CHECKSUM_ANNOTATION, daemonEnv, podTemplateFile, SPARK_CONF_DIR, sparkDefaultsFile } from '../pod/config-files';
import { checkImage } from '../pod/image';
import { renderPodTemplate, SPARK_LOCAL_DIR } from '../pod/pod-renderer';
import { containerResources, resolveProcessResources } from '../pod/resources';
import { SparkProcessOptions } from '../pod/spark-pod';
import { resolveDriverAccount, resolveNamespace } from '../rbac/_namespace';
import { checkExecutors, dynamicAllocationConf, ownApplicationKeys, setGpuConf } from '../spark/_application';
import { EventLog } from '../spark/event-log';
import { JVM_OVERHEAD_FACTOR } from '../spark/memory';
import { SparkRuntimeOptions } from '../spark/runtime-options';
import { checkHadoopConf, SparkConf } from '../spark/spark-conf';
import { SparkVersion } from '../spark/spark-version';
import { authEnv, checkStandaloneApplication, standaloneSecurityConf } from '../standalone/_security';
import { ISparkMaster } from '../standalone/spark-standalone-cluster';

/**
 * The longest server name: Spark limits the executor pod-name prefix (the
 * server's name) to 47 characters.
 */
export const MAX_CONNECT_SERVER_NAME = 47;

const TEMPLATE_FILE = 'executor-pod-template.json';

/** The class `start-connect-server.sh` runs; spark-submit needs no application file for it (`spark-internal`). */
const CONNECT_SERVER_CLASS = 'org.apache.spark.sql.connect.service.SparkConnectServer';

/** The executors of a Connect server (native or through the operator). */
export interface SparkConnectExecutorOptions extends SparkProcessOptions {
  /**
   * Fixed number of executors (leave unset with dynamic allocation).
   * @default 1 (without dynamic allocation)
   */
  readonly instances?: number;
}

/** Ports of the Connect server. */
export interface SparkConnectPorts {
  /**
   * gRPC port clients connect to.
   * @default 15002
   */
  readonly grpc?: number;
  /**
   * Spark UI.
   * @default 4040
   */
  readonly ui?: number;
  /**
   * Driver RPC port executors connect to.
   * @default 7078
   */
  readonly driver?: number;
  /**
   * Block manager port.
   * @default 7079
   */
  readonly blockManager?: number;
}

/**
 * Who may reach the Connect server's gRPC and UI ports.
 */
export class ConnectClientPeer {
  /**
   * Every pod in a namespace (selected by its `kubernetes.io/metadata.name` label).
   *
   * @example ConnectClientPeer.namespace('notebooks')
   */
  public static namespace(name: string): ConnectClientPeer {
    return new ConnectClientPeer(name, undefined);
  }

  /**
   * Pods with these labels in the server's namespace.
   *
   * @example ConnectClientPeer.pods({ app: 'jupyterhub' })
   */
  public static pods(labels: { [key: string]: string }): ConnectClientPeer {
    return new ConnectClientPeer(undefined, { ...labels });
  }

  /**
   * Pods with these labels in another namespace.
   *
   * @example ConnectClientPeer.podsInNamespace('airflow', { component: 'worker' })
   */
  public static podsInNamespace(namespace: string, labels: { [key: string]: string }): ConnectClientPeer {
    return new ConnectClientPeer(namespace, { ...labels });
  }

  private constructor(
    /** @internal */ public readonly _namespace: string | undefined,
    /** @internal */ public readonly _labels: { [key: string]: string } | undefined,
  ) {}

  /** @internal the NetworkPolicy peer (wire format) */
  public _toPeer(): any {
    return {
      namespaceSelector: this._namespace !== undefined ? { matchLabels: { 'kubernetes.io/metadata.name': this._namespace } } : undefined,
      podSelector: this._labels !== undefined ? { matchLabels: sorted(this._labels) } : undefined,
    };
  }
}

/** Exposure outside the cluster through an Ingress (TLS terminated there). */
export interface ConnectIngressOptions {
  /** Host name. */
  readonly host: string;
  /**
   * Ingress class.
   * @default - the cluster default
   */
  readonly ingressClassName?: string;
  /**
   * Secret with the TLS certificate for the host.
   * @default - no TLS (the token then crosses the network in clear)
   */
  readonly tlsSecretName?: string;
  /**
   * Annotations (for ingress-nginx the gRPC backend annotation is added).
   * @default - `nginx.ingress.kubernetes.io/backend-protocol: GRPC`
   */
  readonly annotations?: { [key: string]: string };
}

/** Exposure through a Gateway API GRPCRoute (`gateway.networking.k8s.io/v1`). */
export interface ConnectGrpcRouteOptions {
  /** Name of the Gateway (its listener terminates TLS). */
  readonly gatewayName: string;
  /**
   * Namespace of the Gateway.
   * @default - the server's namespace
   */
  readonly gatewayNamespace?: string;
  /**
   * Host names.
   * @default - any the Gateway accepts
   */
  readonly hostnames?: string[];
}

/** Props of `SparkConnectServer`. */
export interface SparkConnectServerProps extends SparkRuntimeOptions {
  /**
   * Name of the server and the prefix of its objects (a DNS-1035 label of at most 47 characters).
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Spark version (3.5 or later).
   * @default SparkVersion.V4_0_4
   */
  readonly sparkVersion?: SparkVersion;
  /**
   * Replicas: a Connect server is one driver holding every session, so only 1 is valid.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The server (driver) process.
   * @default - 1 core, 1 GiB
   */
  readonly server?: SparkProcessOptions;
  /**
   * The executors: cores, memory, their number and pod settings (rendered
   * into the executor pod template).
   * @default - 1 executor with 1 core and 1 GiB
   */
  readonly executor?: SparkConnectExecutorOptions;
  /**
   * Pre-shared token clients must send (`SPARK_CONNECT_AUTHENTICATE_TOKEN` from a Secret; Spark 4.0+).
   *
   * Clients that send a token switch to TLS, which the server does not speak:
   * put the TLS-terminating `ingress` or `grpcRoute` in front.
   * @default - no authentication: anything the NetworkPolicy admits can run code on the cluster
   * @see https://github.com/apache/spark/blob/master/sql/connect/docs/client-connection-string.md
   */
  readonly authenticationToken?: SecretValue;
  /**
   * Create a NetworkPolicy: only `allowFrom` reaches gRPC and UI; driver and executors reach each other; the rest is denied.
   * @default true
   */
  readonly networkPolicy?: boolean;
  /**
   * Who may reach the gRPC and UI ports. With `ingress` or `grpcRoute`, name
   * the namespace of the ingress controller or the Gateway's proxy here.
   * An empty list is rejected: a NetworkPolicy rule without peers admits everyone.
   * @default - pods in the server's own namespace
   */
  readonly allowFrom?: ConnectClientPeer[];
  /**
   * Run executors on a standalone cluster (`SparkStandaloneCluster`) instead of as Kubernetes pods.
   * The server then needs no Kubernetes API access (no RBAC, no token), takes the cluster's Spark
   * version and RPC security, and its driver ports admit any pod (the workers) when the
   * NetworkPolicy is on.
   * @default - the Kubernetes master: executors are pods
   */
  readonly master?: ISparkMaster;
  /**
   * Ports.
   * @default - gRPC 15002, UI 4040, driver 7078, block manager 7079
   */
  readonly ports?: SparkConnectPorts;
  /**
   * Where the server writes event logs (the History Server reads the same `EventLog`).
   * @default - off
   */
  readonly eventLog?: EventLog;
  /**
   * An Ingress for clients outside the cluster.
   * @default - none
   */
  readonly ingress?: ConnectIngressOptions;
  /**
   * A Gateway API GRPCRoute for clients outside the cluster.
   * @default - none
   */
  readonly grpcRoute?: ConnectGrpcRouteOptions;
}

/**
 * A Spark Connect server without an operator: the server is a client-mode
 * driver in a single-replica Deployment, with a headless Service executors
 * reach it through, a client Service (gRPC 15002, UI 4040), executors from a
 * hardened pod template, least-privilege RBAC, its configuration in a
 * ConfigMap (a change restarts the server), optional token authentication and
 * a NetworkPolicy.
 *
 * The server runs `spark-submit --class
 * org.apache.spark.sql.connect.service.SparkConnectServer` in the foreground
 * from the stock `apache/spark` image (the JVM is PID 1, so SIGTERM stops the
 * SparkContext, which deletes the executors and closes the event log).
 * Executors are owned by the server pod (its name comes from the downward
 * API) and are garbage-collected with it.
 *
 * No liveness probe (it would kill long sessions) and no PodDisruptionBudget
 * (one replica holds every session): a readiness probe on the gRPC port only.
 *
 * @see https://spark.apache.org/docs/latest/spark-connect-overview.html
 * @see https://spark.apache.org/docs/latest/running-on-kubernetes.html#client-mode
 */
export class SparkConnectServer extends Construct {
  /** Name of the server. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** The client Service's name. */
  public readonly serviceName: string;
  /** The URL clients use: `sc://<service>.<namespace>.svc.cluster.local:<grpc>`. */
  public readonly connectUrl: string;
  /** The Deployment. */
  public readonly deployment: ApiObject;

  constructor(scope: Construct, id: string, props: SparkConnectServerProps = {}) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: MAX_CONNECT_SERVER_NAME });
    checkDns1035(this, 'name', this.name, MAX_CONNECT_SERVER_NAME, 'Spark limits the executor pod-name prefix (the server\'s name) to 47 characters');
    const namespace = resolveNamespace(this, props);
    this.namespace = namespace;
    const master = props.master;
    const version = props.sparkVersion ?? master?.sparkVersion ?? SparkVersion.DEFAULT;
    if (!version.isAtLeast(3, 5)) {
      fail(this, 'sparkVersion', version.version, 'must be at least 3.5.0 for a Spark Connect server', 'use SparkVersion.V3_5_8 or later');
    }
    if (master) {
      checkStandaloneApplication(this, master, version, props.dynamicAllocation, props.executor);
      if (props.jobNamespace) {
        fail(this, 'jobNamespace', props.jobNamespace.namespaceName, 'only applies with the Kubernetes master (a standalone driver calls no Kubernetes API)', 'remove it or remove \'master\'');
      }
    }
    checkConnectServer(this, { sparkVersion: version, server: props.server, authenticationToken: props.authenticationToken });
    if (props.replicas !== undefined && props.replicas !== 1) {
      fail(this, 'replicas', props.replicas, 'must be 1: a Connect server is one driver that holds every session', 'run one server per team or workload instead');
    }
    const image = props.image ?? version.defaultImage;
    checkImage(this, 'image', image, version.version);
    if (props.server?.image) checkImage(this, 'server.image', props.server.image, version.version);
    if (props.executor?.image) checkImage(this, 'executor.image', props.executor.image, version.version);
    const ports = this.checkPorts(props.ports ?? {});
    const server = resolveProcessResources(this, 'server', props.server ?? {}, JVM_OVERHEAD_FACTOR);
    const executor = resolveProcessResources(this, 'executor', props.executor ?? {}, JVM_OVERHEAD_FACTOR);
    checkExecutors(this, props.executor?.instances, props.dynamicAllocation);
    const eventLogProblem = props.eventLog?._problem();
    if (eventLogProblem) {
      fail(this, 'eventLog', props.eventLog!.directory, eventLogProblem.requirement, eventLogProblem.fix);
    }
    if (props.eventLog) {
      registerEventLogWriter(this, props.eventLog.directory);
    }
    const networkPolicy = props.networkPolicy ?? true;
    this.checkPeers(networkPolicy, props);

    const names = {
      headless: `${this.name}-driver`,
      service: this.name,
      config: `${this.name}-conf`,
    };
    this.serviceName = names.service;
    this.connectUrl = `sc://${names.service}.${namespace}.svc.cluster.local:${ports.grpc}`;
    const selector = { 'app.kubernetes.io/name': 'spark-connect', 'app.kubernetes.io/instance': this.name, 'spark-role': 'driver' };
    const executorLabels = { 'app.kubernetes.io/name': 'spark-connect', 'app.kubernetes.io/instance': this.name, 'spark-role': 'executor' };

    // Driver account: pods, services, configmaps, PVCs (no networkpolicies: client mode does not create them).
    // With a standalone master the driver calls no Kubernetes API: no account at all.
    const serviceAccountName = master ? undefined
      : resolveDriverAccount(this, { jobNamespace: props.jobNamespace, namespace, sparkVersion: version, clusterMode: false, name: `${this.name}-server` }).name;

    // Spark configuration.
    const conf = new SparkConf(this, namespace);
    ownApplicationKeys(conf);
    const own = (key: string, prop: string, value: string) => conf.own(key, prop, value);
    own('spark.master', 'master', master ? master.masterUrl : 'k8s://https://kubernetes.default.svc');
    own('spark.submit.deployMode', 'the client-mode recipe', 'client');
    own('spark.app.name', 'name', this.name);
    if (master) {
      for (const [key, value] of Object.entries(standaloneSecurityConf(master))) own(key, 'master', value);
      if (!props.dynamicAllocation) {
        // A standalone master sizes an application by its total cores, not spark.executor.instances.
        own('spark.cores.max', 'executor.instances', String((props.executor?.instances ?? 1) * executor.cores));
      }
    } else {
      own('spark.kubernetes.namespace', 'namespace', namespace);
      own('spark.kubernetes.container.image', 'image', image);
      own('spark.kubernetes.container.image.pullPolicy', 'imagePullPolicy', props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT);
    }
    own('spark.driver.host', 'the client-mode recipe', `${names.headless}.${namespace}.svc.cluster.local`);
    own('spark.driver.bindAddress', 'the client-mode recipe', '0.0.0.0');
    own('spark.driver.port', 'ports.driver', String(ports.driver));
    own('spark.driver.blockManager.port', 'ports.blockManager', String(ports.blockManager));
    own('spark.blockManager.port', 'ports.blockManager', String(ports.blockManager));
    own('spark.ui.port', 'ports.ui', String(ports.ui));
    own('spark.connect.grpc.binding.port', 'ports.grpc', String(ports.grpc));
    if (!master) {
      own('spark.kubernetes.executor.podNamePrefix', 'name', this.name);
      own('spark.kubernetes.executor.podTemplateFile', 'executor (pod settings)', `${SPARK_CONF_DIR}/${TEMPLATE_FILE}`);
      own('spark.kubernetes.executor.podTemplateContainerName', 'executor (pod settings)', 'spark-kubernetes-executor');
      own('spark.kubernetes.authenticate.executor.serviceAccountName', 'the driver account', serviceAccountName!);
    }
    own('spark.driver.cores', 'server.cores', String(server.cores));
    own('spark.driver.memory', 'server.memory', server.memory);
    own('spark.executor.cores', 'executor.cores', String(executor.cores));
    own('spark.executor.memory', 'executor.memory', executor.memory);
    if (executor.memoryOverhead) own('spark.executor.memoryOverhead', 'executor.memoryOverhead', executor.memoryOverhead);
    if (executor.coreRequest) own('spark.kubernetes.executor.request.cores', 'executor.coreRequest', executor.coreRequest);
    if (executor.coreLimit) own('spark.kubernetes.executor.limit.cores', 'executor.coreLimit', executor.coreLimit);
    if (props.server?.javaOptions) own('spark.driver.extraJavaOptions', 'server.javaOptions', props.server.javaOptions);
    if (props.executor?.javaOptions) own('spark.executor.extraJavaOptions', 'executor.javaOptions', props.executor.javaOptions);
    if (props.executor?.image) own('spark.kubernetes.executor.container.image', 'executor.image', props.executor.image);
    own('spark.local.dir', 'the scratch volume', SPARK_LOCAL_DIR.path);
    setGpuConf(this, conf, 'executor', props.executor?.gpu);
    if (props.dynamicAllocation) {
      for (const [key, value] of Object.entries(dynamicAllocationConf(props.dynamicAllocation))) own(key, 'dynamicAllocation', value);
    } else {
      own('spark.executor.instances', 'executor.instances', String(props.executor?.instances ?? 1));
    }
    if (!version.isAtLeast(4, 0)) {
      // Spark 3.5 images do not carry the Connect server: fetch it, into a writable Ivy directory.
      own('spark.jars.packages', 'sparkVersion', `org.apache.spark:spark-connect_${version.scalaBinaryVersion}:${version.version}`);
      own('spark.jars.ivy', 'sparkVersion', '/tmp/.ivy2');
    }
    for (const [key, value] of Object.entries(props.eventLog?._writerConf() ?? {})) own(key, 'eventLog', value);
    conf.setAll(props.sparkConf);
    checkHadoopConf(this, 'hadoopConf', props.hadoopConf);
    for (const [key, value] of Object.entries({ ...props.s3a?._hadoopConf(), ...props.eventLog?.s3a?._hadoopConf(), ...props.hadoopConf })) {
      conf.own(`spark.hadoop.${key}`, 'hadoopConf', value);
    }

    // Executors: the shared renderer, no service-account token.
    const s3aEnv = (props.s3a ?? props.eventLog?.s3a)?._env();
    const executorTemplate = renderPodTemplate({
      scope: this,
      prop: 'executor',
      options: props.executor ?? {},
      container: { name: 'spark-kubernetes-executor', env: s3aEnv },
      automountServiceAccountToken: false,
      sparkLocalDir: true,
      labels: executorLabels,
    });
    const { checksum } = configFiles(this, 'Config', names.config, namespace, {
      'spark-defaults.conf': sparkDefaultsFile(conf.render()),
      ...(master ? {} : { [TEMPLATE_FILE]: podTemplateFile(executorTemplate) }),
    });
    const confVolume = configVolume(names.config);

    // The server.
    const annotations: { [key: string]: string } = { [CONFIG_CHECKSUM_ANNOTATION]: checksum };
    if (!props.authenticationToken) {
      annotations['spark.cdk8s.io/unauthenticated'] = 'Spark Connect accepts any client the NetworkPolicy admits; set authenticationToken (Spark 4.0+)';
    }
    const template = renderPodTemplate({
      scope: this,
      prop: 'server',
      options: {
        ...props.server,
        volumes: [
          ...(props.server?.volumes ?? []),
          ...(props.eventLog?.volume ? [{ volume: props.eventLog.volume, path: props.eventLog.mountPath! }] : []),
        ],
      },
      container: {
        name: 'spark-connect-server',
        image,
        imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
        // spark-submit execs the JVM, so it is PID 1 and gets SIGTERM: SparkContext.stop()
        // deletes the executors and closes the event log (start-connect-server.sh would leave a
        // bash PID 1 that ignores SIGTERM until the kubelet kills the pod).
        command: ['/opt/spark/bin/spark-submit'],
        args: ['--class', CONNECT_SERVER_CLASS, ...(master ? [] : ['--conf', 'spark.kubernetes.driver.pod.name=$(SPARK_DRIVER_POD_NAME)']),
          // The shared secret reaches the conf from the environment, never from a manifest.
          ...(master?.authenticationSecret ? ['--conf', 'spark.authenticate.secret=$(_SPARK_AUTH_SECRET)'] : [])],
        env: [
          ...daemonEnv(),
          { name: 'SPARK_DRIVER_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          ...tokenEnv(props.authenticationToken),
          ...authEnv(master?.authenticationSecret),
          ...(s3aEnv ?? []),
        ],
        ports: [
          { name: 'grpc', number: ports.grpc },
          { name: 'spark-ui', number: ports.ui },
          { name: 'driver-rpc', number: ports.driver },
          { name: 'blockmanager', number: ports.blockManager },
        ],
        resources: containerResources(server),
        readinessProbe: { tcpSocket: { port: 'grpc' }, initialDelaySeconds: 10, periodSeconds: 10 },
        volumeMounts: [confVolume.mount],
      },
      volumes: [confVolume.volume],
      automountServiceAccountToken: !master,
      serviceAccountName,
      sparkLocalDir: true,
      labels: selector,
      annotations,
    });
    this.deployment = new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: this.name, namespace, annotations: props.authenticationToken ? undefined : { 'spark.cdk8s.io/unauthenticated': annotations['spark.cdk8s.io/unauthenticated'] } },
      spec: { replicas: 1, strategy: { type: 'Recreate' }, selector: { matchLabels: selector }, template },
    });

    // Executors reach the driver through a headless Service that selects only the server pod.
    new ApiObject(this, 'HeadlessService', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: names.headless, namespace },
      spec: {
        clusterIP: 'None',
        // Executors start before the gRPC port (the readiness probe) is up: publish the
        // driver's DNS record before the pod is ready, or executors fail to resolve it.
        publishNotReadyAddresses: true,
        selector,
        ports: [{ name: 'driver-rpc', port: ports.driver, targetPort: 'driver-rpc', protocol: 'TCP' }, { name: 'blockmanager', port: ports.blockManager, targetPort: 'blockmanager', protocol: 'TCP' }],
      },
    });
    new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: names.service, namespace },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'grpc', port: ports.grpc, targetPort: 'grpc', protocol: 'TCP' }, { name: 'spark-ui', port: ports.ui, targetPort: 'spark-ui', protocol: 'TCP' }],
      },
    });
    if (props.networkPolicy ?? true) {
      const peers = props.allowFrom ?? [ConnectClientPeer.namespace(namespace)];
      this.renderNetworkPolicies(namespace, selector, executorLabels, ports, peers, master !== undefined);
    }
    if (props.ingress) {
      const ing = props.ingress;
      new ApiObject(this, 'Ingress', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: this.name, namespace, annotations: ing.annotations ?? { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' } },
        spec: {
          ingressClassName: ing.ingressClassName,
          tls: ing.tlsSecretName ? [{ hosts: [ing.host], secretName: ing.tlsSecretName }] : undefined,
          rules: [{ host: ing.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: names.service, port: { name: 'grpc' } } } }] } }],
        },
      });
    }
    if (props.grpcRoute) {
      const route = props.grpcRoute;
      new ApiObject(this, 'GrpcRoute', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GRPCRoute',
        metadata: { name: this.name, namespace },
        spec: {
          parentRefs: [{ name: route.gatewayName, namespace: route.gatewayNamespace ?? namespace }],
          hostnames: route.hostnames,
          rules: [{ backendRefs: [{ name: names.service, port: ports.grpc }] }],
        },
      } as any);
    }
  }

  /** Checks who may connect: NetworkPolicy peers are easy to get wrong in the open direction. */
  private checkPeers(networkPolicy: boolean, props: SparkConnectServerProps): void {
    const peers = props.allowFrom;
    if (!networkPolicy) {
      if (peers) fail(this, 'allowFrom', peers.length, 'needs the NetworkPolicy', 'remove \'networkPolicy: false\' or \'allowFrom\'');
      return;
    }
    if (peers && peers.length === 0) {
      fail(this, 'allowFrom', '[]', 'is empty, and a NetworkPolicy rule without peers admits every source',
        'name the clients (ConnectClientPeer.namespace(name), .pods(labels), .podsInNamespace(name, labels)), or remove it to admit the server\'s own namespace');
    }
    (peers ?? []).forEach((peer, i) => {
      if (peer._namespace !== undefined) {
        checkDns1123Label(this, `allowFrom[${i}].namespace`, peer._namespace);
      }
      if (peer._labels !== undefined) {
        if (Object.keys(peer._labels).length === 0) {
          fail(this, `allowFrom[${i}]`, peer._labels, 'selects every pod (an empty label selector) although the NetworkPolicy is meant to restrict access',
            'name the client pods\' labels, or use ConnectClientPeer.namespace(name) to admit a whole namespace');
        }
        checkLabels(this, `allowFrom[${i}].labels`, peer._labels);
      }
    });
    const exposure = props.ingress ? { prop: 'ingress', proxy: 'ingress controller' } : props.grpcRoute ? { prop: 'grpcRoute', proxy: 'Gateway\'s proxy' } : undefined;
    if (exposure && !peers) {
      fail(this, 'allowFrom', undefined, `must admit the ${exposure.proxy} when '${exposure.prop}' is set: by default only the server's own namespace may connect`,
        `add ConnectClientPeer.namespace('<namespace of the ${exposure.proxy}>') to 'allowFrom', or set 'networkPolicy: false'`);
    }
  }

  private checkPorts(ports: SparkConnectPorts): Required<SparkConnectPorts> {
    const resolved = {
      grpc: ports.grpc ?? CONNECT_GRPC_PORT,
      ui: ports.ui ?? 4040,
      driver: ports.driver ?? 7078,
      blockManager: ports.blockManager ?? 7079,
    };
    const seen = new Map<number, string>();
    for (const [name, port] of Object.entries(resolved)) {
      checkInteger(this, `ports.${name}`, port, 1024, 'use a port from 1024 to 65535 (the server runs as non-root)');
      if (port > 65535) fail(this, `ports.${name}`, port, 'must be at most 65535', 'pick a free port');
      if (seen.has(port)) {
        fail(this, `ports.${name}`, port, `collides with 'ports.${seen.get(port)}'`, 'give gRPC, UI, driver and block manager their own ports');
      }
      seen.set(port, name);
    }
    return resolved;
  }

  private renderNetworkPolicies(
    namespace: string, server: any, executors: any, ports: Required<SparkConnectPorts>, peers: ConnectClientPeer[], standalone: boolean,
  ): void {
    const tcp = (port: number) => ({ protocol: 'TCP', port });
    new ApiObject(this, 'ServerNetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${this.name}-server`, namespace },
      spec: {
        podSelector: { matchLabels: server },
        policyTypes: ['Ingress'],
        ingress: [
          { from: peers.map((p) => p._toPeer()), ports: [tcp(ports.grpc), tcp(ports.ui)] },
          // Standalone executors run in the workers, whose labels and namespace this construct does not know.
          {
            from: [standalone ? { namespaceSelector: {} } : { podSelector: { matchLabels: executors } }],
            ports: [tcp(ports.driver), tcp(ports.blockManager)],
          },
        ],
      },
    });
    if (standalone) {
      return;
    }
    new ApiObject(this, 'ExecutorNetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${this.name}-executors`, namespace },
      spec: {
        podSelector: { matchLabels: executors },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: server } }, { podSelector: { matchLabels: executors } }] }],
      },
    });
  }
}
