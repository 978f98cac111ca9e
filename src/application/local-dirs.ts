import { Size } from 'cdk8s';
import { checksFactories } from '../_validation';

/** Options of `SparkLocalDirs.emptyDir` and `SparkLocalDirs.memory`. */
export interface LocalDirsEmptyDirOptions {
  /**
   * Most the directory may hold; the kubelet evicts the pod beyond it.
   * @default - no limit
   */
  readonly sizeLimit?: Size;
}

/** Options of `SparkLocalDirs.onDemandClaim`. */
export interface LocalDirsClaimOptions {
  /** Size of each executor's claim (`sizeLimit` of Spark's on-demand PVC recipe). */
  readonly size: Size;
  /**
   * Storage class of the claims.
   * @default - the cluster's default storage class
   */
  readonly storageClass?: string;
}

/**
 * Where Spark keeps its local (shuffle and spill) directories: the volume
 * named `spark-local-dir-1` that Spark's `LocalDirsFeatureStep` finds in each
 * driver and executor pod and uses instead of adding its own
 * (resource-managers/kubernetes/core/.../features/LocalDirsFeatureStep.scala:
 * mounts named `spark-local-dir-*` become `SPARK_LOCAL_DIRS`).
 *
 * @see https://spark.apache.org/docs/latest/running-on-kubernetes.html#local-storage
 *
 * @example
 * SparkLocalDirs.onDemandClaim({ storageClass: 'gp3', size: Size.gibibytes(200) })
 */
@checksFactories('SparkLocalDirs')
export class SparkLocalDirs {
  /** An emptyDir on the node's disk in every driver and executor pod (the default). */
  public static emptyDir(options: LocalDirsEmptyDirOptions = {}): SparkLocalDirs {
    return new SparkLocalDirs('emptyDir', options.sizeLimit, undefined);
  }

  /**
   * An emptyDir in RAM (tmpfs, `medium: Memory`): fast, but everything
   * written counts against the pod's memory limit, so raise the memory
   * overhead by as much as the directories may hold.
   */
  public static memory(options: LocalDirsEmptyDirOptions = {}): SparkLocalDirs {
    return new SparkLocalDirs('memory', options.sizeLimit, undefined);
  }

  /**
   * A PersistentVolumeClaim per executor, created by Spark on demand
   * (`spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.claimName=OnDemand`),
   * owned by the driver and reused for replacement executors (Spark 3.4+
   * defaults of `spark.kubernetes.driver.ownPersistentVolumeClaim` and
   * `reusePersistentVolumeClaim`). Spark adds the volume itself, so the
   * executor template carries none. The driver keeps an emptyDir: the recipe
   * is for executors, which hold the shuffle data.
   */
  public static onDemandClaim(options: LocalDirsClaimOptions): SparkLocalDirs {
    return new SparkLocalDirs('claim', options?.size, options?.storageClass);
  }

  private constructor(
    /** @internal */ public readonly _kind: 'emptyDir' | 'memory' | 'claim',
    /** @internal */ public readonly _size: Size | undefined,
    /** @internal */ public readonly _storageClass: string | undefined,
  ) {}
}
