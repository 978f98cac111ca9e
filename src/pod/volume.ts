import { Size, SizeRoundingBehavior } from 'cdk8s';
import type { IConfigMap, IPersistentVolumeClaim, ISecret, k8s } from 'cdk8s-plus-28';
import { plus } from '../_plus';
import { derivedVolumeName } from './_names';
import { checkFactoryArguments, checksFactories } from '../_validation';
import { kubernetesQuantity, wholeKibibytes } from '../spark/_memory';

/** Storage medium of an emptyDir volume. */
export enum EmptyDirMedium {
  /** The node's disk (the default). */
  DEFAULT = '',
  /** tmpfs: RAM, counted against the pod's memory limit. */
  MEMORY = 'Memory',
}

/** Options of `SparkVolume.fromEmptyDir`. */
export interface EmptyDirVolumeOptions {
  /**
   * Storage medium.
   * @default EmptyDirMedium.DEFAULT
   */
  readonly medium?: EmptyDirMedium;
  /**
   * Most the volume may hold; the pod is evicted beyond it.
   * @default - no limit
   */
  readonly sizeLimit?: Size;
}

/** Options of `SparkVolume.fromSecret` and `SparkVolume.fromConfigMap`. */
export interface ObjectVolumeOptions {
  /**
   * Volume name.
   * @default - `secret-<name>` or `configmap-<name>`, made a valid volume name
   * (a DNS-1123 label: '.' becomes '-', and a name longer than 63 characters
   * is cut and ended with a short hash of the whole)
   */
  readonly name?: string;
  /**
   * Mode bits of the files (octal as a number, e.g. 0o440).
   * @default - Kubernetes' 0644
   */
  readonly defaultMode?: number;
  /**
   * Start the pod even when the object or a key is missing.
   * @default false
   */
  readonly optional?: boolean;
  /**
   * Only these keys, each at a relative path (`{ key: 'path' }`).
   * @default - every key, as a file of the same name
   */
  readonly items?: { [key: string]: string };
}

/** Options of `SparkVolume.fromPersistentVolumeClaim`. */
export interface ClaimVolumeOptions {
  /**
   * Volume name.
   * @default - `pvc-<claim name>`, made a valid volume name (a DNS-1123 label:
   * '.' becomes '-', and a name longer than 63 characters is cut and ended
   * with a short hash of the whole)
   */
  readonly name?: string;
  /**
   * Mount the claim read-only in every container.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * A volume of a Spark pod. A small value class of this library (not a
 * cdk8s-plus `Volume`), so apps on any cdk8s-plus major line can pass it.
 * hostPath volumes cannot be made: the restricted Pod Security Standard
 * forbids them.
 *
 * @example
 * SparkVolume.fromEmptyDir('cache', { sizeLimit: Size.gibibytes(10) })
 * SparkVolume.fromSecret(Secret.fromSecretName(chart, 'Tls', 'tls'))
 */
@checksFactories('SparkVolume')
export class SparkVolume {
  /** A scratch directory that lives as long as the pod. */
  public static fromEmptyDir(name: string, options: EmptyDirVolumeOptions = {}): SparkVolume {
    const given = options.sizeLimit;
    if (given !== undefined && typeof (given as any)?.toKibibytes !== 'function') {
      // A JavaScript caller passed something else ('1Gi'): kept for the construct to report.
      return new SparkVolume(name, { emptyDir: { medium: options.medium || undefined, sizeLimit: given } }, given);
    }
    const sizeLimit = given === undefined ? undefined : sizeQuantity(given);
    return new SparkVolume(name, { emptyDir: { medium: options.medium || undefined, sizeLimit } });
  }

  /** The keys of a Secret as files. */
  public static fromSecret(secret: ISecret, options: ObjectVolumeOptions = {}): SparkVolume {
    return new SparkVolume(options.name ?? derivedVolumeName('secret', secret?.name), {
      secret: { secretName: secret?.name, defaultMode: options.defaultMode, optional: options.optional, items: keyPaths(options.items) },
    });
  }

  /** The keys of a ConfigMap as files. */
  public static fromConfigMap(configMap: IConfigMap, options: ObjectVolumeOptions = {}): SparkVolume {
    return new SparkVolume(options.name ?? derivedVolumeName('configmap', configMap?.name), {
      configMap: { name: configMap?.name, defaultMode: options.defaultMode, optional: options.optional, items: keyPaths(options.items) },
    });
  }

  /** A PersistentVolumeClaim (e.g. a ReadWriteMany claim shared by event-log writers and the History Server). */
  public static fromPersistentVolumeClaim(claim: IPersistentVolumeClaim, options: ClaimVolumeOptions = {}): SparkVolume {
    return new SparkVolume(options.name ?? derivedVolumeName('pvc', claim?.name), {
      persistentVolumeClaim: { claimName: claim?.name, readOnly: options.readOnly ?? false },
    });
  }

  /**
   * Any other volume source, as the Kubernetes API spells it (CSI, NFS,
   * ephemeral, projected, ...). A hostPath source is refused by the construct.
   */
  public static fromKubeVolume(volume: k8s.Volume): SparkVolume {
    checkFactoryArguments('SparkVolume.fromKubeVolume', [volume]);
    const { name, ...source } = plus().k8s.toJson_Volume(volume) as { name: string; [key: string]: any };
    return new SparkVolume(name, source);
  }

  private constructor(
    /** The volume name. */
    public readonly name: string,
    private readonly source: { [key: string]: any },
    private readonly sizeLimitNotASize?: any,
  ) {}

  /**
   * The volume in wire format (Kubernetes JSON).
   * @internal
   */
  public _toWire(): any {
    return { name: this.name, ...this.source };
  }

  /**
   * The size limit given when it is not a `Size` (from JavaScript), for the construct to report.
   * @internal
   */
  public get _sizeLimitNotASize(): any {
    return this.sizeLimitNotASize;
  }

  /**
   * Whether the volume is a hostPath.
   * @internal
   */
  public get _isHostPath(): boolean {
    return this.source.hostPath !== undefined;
  }
}

/**
 * A volume mounted into a Spark container.
 */
export interface SparkVolumeMount {
  /** The volume (`SparkVolume.fromEmptyDir`, `.fromSecret`, `.fromConfigMap`, `.fromPersistentVolumeClaim`, `.fromKubeVolume`). */
  readonly volume: SparkVolume;
  /** Absolute path inside the container. */
  readonly path: string;
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Path within the volume to mount.
   * @default - the volume's root
   */
  readonly subPath?: string;
}

/** A size as its canonical Kubernetes quantity; a fraction of a KiB stays in KiB, for the construct to write in bytes or report. */
function sizeQuantity(size: Size): string {
  const kib = wholeKibibytes(size);
  return kib === undefined ? `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki` : kubernetesQuantity(kib);
}

function keyPaths(items: { [key: string]: string } | undefined): k8s.KeyToPath[] | undefined {
  return items ? Object.keys(items).sort().map((key) => ({ key, path: items[key] })) : undefined;
}
