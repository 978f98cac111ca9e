import { Duration } from 'cdk8s';
import type { IConfigMap, ServiceType } from 'cdk8s-plus-28';
import { checksFactories } from '../_validation';
import { IngressTls } from '../application/exposure';

/** Where the driver runs (`spec.mode`). */
export enum DeployMode {
  /** The driver runs in its own pod (the operator's default). */
  CLUSTER = 'cluster',
  /** The driver runs in the submitting process. */
  CLIENT = 'client',
}

/** Python major version of a PySpark application (`spec.pythonVersion`). */
export enum PythonVersion {
  /** Python 3. */
  PYTHON_3 = '3',
  /** Python 2 (unsupported since Spark 3.0; kept for completeness). */
  PYTHON_2 = '2',
}

/** Batch schedulers the operator integrates with (`spec.batchScheduler`). */
export enum BatchScheduler {
  /** Volcano. */
  VOLCANO = 'volcano',
  /** Apache YuniKorn. */
  YUNIKORN = 'yunikorn',
  /** The Kubernetes scheduler with the scheduler-plugins coscheduling plugin. */
  KUBE_SCHEDULER = 'kube-scheduler',
}

/** Options of `RestartPolicy.onFailure()` and `RestartPolicy.always()`. */
export interface RestartRetryOptions {
  /**
   * Retries after the application failed (onFailure only).
   * @default - unlimited
   */
  readonly retries?: number;
  /**
   * Wait between failure retries.
   * @default Duration.seconds(5)
   */
  readonly retryInterval?: Duration;
  /**
   * Retries after a failed submission.
   * @default - unlimited
   */
  readonly submissionRetries?: number;
  /**
   * Wait between submission retries.
   * @default Duration.seconds(5)
   */
  readonly submissionRetryInterval?: Duration;
}

/**
 * When the operator restarts the application (`spec.restartPolicy`).
 */
@checksFactories('RestartPolicy')
export class RestartPolicy {
  /** Never restart (the default). */
  public static never(): RestartPolicy {
    return new RestartPolicy('Never', {});
  }

  /** Restart after a failure or a failed submission. */
  public static onFailure(options: RestartRetryOptions = {}): RestartPolicy {
    return new RestartPolicy('OnFailure', options);
  }

  /** Always restart (long-running applications). */
  public static always(options: RestartRetryOptions = {}): RestartPolicy {
    return new RestartPolicy('Always', options);
  }

  private constructor(
    /** The policy type: Never, OnFailure or Always. */
    public readonly type: string,
    /** @internal */
    public readonly _options: RestartRetryOptions,
  ) {}
}

/** Options of the Prometheus JMX exporter. */
export interface JmxExporterOptions {
  /** Path of the JMX exporter Java agent jar inside the image. */
  readonly jmxExporterJar: string;
  /**
   * Port the exporter listens on (1024–49151).
   * @default 8090
   */
  readonly port?: number;
  /**
   * Name of the port.
   * @default 'jmx-exporter'
   */
  readonly portName?: string;
  /**
   * Exporter configuration (YAML).
   * @default - the operator's built-in configuration
   */
  readonly configuration?: string;
  /**
   * Expose driver metrics.
   * @default true
   */
  readonly exposeDriverMetrics?: boolean;
  /**
   * Expose executor metrics.
   * @default true
   */
  readonly exposeExecutorMetrics?: boolean;
  /**
   * Content of Spark's metrics.properties.
   * @default - the operator's built-in properties
   */
  readonly metricsProperties?: string;
}

/** Options of the Prometheus servlet. */
export interface PrometheusServletOptions {
  /**
   * Add `prometheus.io/*` scrape annotations to the driver pod and Service.
   * @default true
   */
  readonly scrapeAnnotations?: boolean;
}

/**
 * How the application exposes metrics.
 */
@checksFactories('Monitoring')
export class Monitoring {
  /**
   * Spark's built-in PrometheusServlet on the UI port (4040): pure
   * configuration, no agent, no webhook.
   */
  public static prometheusServlet(options: PrometheusServletOptions = {}): Monitoring {
    return new Monitoring('servlet', options, undefined);
  }

  /**
   * The operator's Prometheus JMX exporter (`spec.monitoring`). The operator
   * mounts the exporter's configuration through its pod webhook, so this
   * needs the webhook running.
   */
  public static jmxExporter(options: JmxExporterOptions): Monitoring {
    return new Monitoring('jmx', {}, options);
  }

  private constructor(
    /** @internal */ public readonly _kind: string,
    /** @internal */ public readonly _servlet: PrometheusServletOptions,
    /** @internal */ public readonly _jmx: JmxExporterOptions | undefined,
  ) {}
}

/** The Service and Ingress settings the operator applies to a driver port it exposes. */
export interface DriverServiceOptions {
  /**
   * Service type.
   * @default ServiceType.CLUSTER_IP
   */
  readonly serviceType?: ServiceType;
  /**
   * Service annotations.
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Service labels.
   * @default - none
   */
  readonly serviceLabels?: { [key: string]: string };
  /**
   * Ingress annotations. The operator (v2.5.2) reads only the Spark UI's
   * (`sparkUiOptions`), creates the UI Ingress only when it runs with
   * `--ingress-url-format`, and gives every driver Ingress the UI's
   * annotations too; on `driverIngressOptions` this is refused.
   * @default - none
   */
  readonly ingressAnnotations?: { [key: string]: string };
  /**
   * Ingress TLS. Like `ingressAnnotations`, read only from `sparkUiOptions`
   * and applied to the UI Ingress and every driver Ingress; refused on
   * `driverIngressOptions`.
   * @default - none
   */
  readonly ingressTls?: IngressTls[];
}

/** The Spark UI Service and Ingress the operator creates (`spec.sparkUIOptions`). */
export interface SparkUiOptions extends DriverServiceOptions {
  /**
   * Service port.
   * @default 4040
   */
  readonly servicePort?: number;
  /**
   * Service port name.
   * @default 'spark-driver-ui-port'
   */
  readonly servicePortName?: string;
}

/** An extra driver port exposed through a Service and Ingress (`spec.driverIngressOptions`). */
export interface DriverIngressOptions extends DriverServiceOptions {
  /** Service port. */
  readonly servicePort: number;
  /** Service port name. */
  readonly servicePortName: string;
  /** Ingress URL format, e.g. `{{$appName}}.example.com`. */
  readonly ingressUrlFormat: string;
}

/** Options of a batch scheduler (`spec.batchSchedulerOptions`). */
export interface BatchSchedulerOptions {
  /**
   * Queue.
   * @default - the scheduler's default queue
   */
  readonly queue?: string;
  /**
   * Priority class of the pod group.
   * @default - none
   */
  readonly priorityClassName?: string;
  /**
   * Resources reserved for the whole application (Kubernetes quantities, e.g. `{ cpu: '4', memory: '8Gi' }`).
   * @default - computed by the scheduler
   */
  readonly resources?: { [name: string]: string };
}

/**
 * What only the Kubeflow Spark Operator does for an application (on top of
 * the shared `SparkApplicationOptions`): deploy mode, restarts, retries, TTL,
 * the UI Service and Ingress, batch scheduling, JMX monitoring and the
 * webhook-mounted configuration maps.
 */
export interface OperatorApplicationOptions {
  /**
   * Deploy mode.
   * @default DeployMode.CLUSTER
   */
  readonly mode?: DeployMode;
  /**
   * ConfigMap with Spark configuration files (mounted by the operator's webhook).
   * @default - none
   */
  readonly sparkConfigMap?: IConfigMap;
  /**
   * ConfigMap with Hadoop configuration files (mounted by the operator's webhook).
   * @default - none
   */
  readonly hadoopConfigMap?: IConfigMap;
  /**
   * Restart policy.
   * @default RestartPolicy.never()
   */
  readonly restartPolicy?: RestartPolicy;
  /**
   * Best-effort retries of a failed application (`spec.failureRetries`).
   * @default - none
   */
  readonly failureRetries?: number;
  /**
   * Wait between best-effort retries (`spec.retryInterval`).
   * @default - none
   */
  readonly retryInterval?: Duration;
  /**
   * Delete the custom resource this long after the application ends (`spec.timeToLiveSeconds`).
   * @default - kept until deleted
   */
  readonly timeToLive?: Duration;
  /**
   * Python version of a PySpark application.
   * @default PythonVersion.PYTHON_3 for Python applications
   */
  readonly pythonVersion?: PythonVersion;
  /**
   * Metrics.
   * @default - none
   */
  readonly monitoring?: Monitoring;
  /**
   * Batch scheduler (the operator must run with the batch scheduler enabled).
   * @default - the default scheduler
   */
  readonly batchScheduler?: BatchScheduler;
  /**
   * Batch scheduler options.
   * @default - none
   */
  readonly batchSchedulerOptions?: BatchSchedulerOptions;
  /**
   * Spark UI Service and Ingress the operator creates.
   * @default - the operator's defaults
   */
  readonly sparkUiOptions?: SparkUiOptions;
  /**
   * Extra driver ports exposed through Services and Ingresses.
   * @default - none
   */
  readonly driverIngressOptions?: DriverIngressOptions[];
}
