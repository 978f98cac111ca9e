import { S3a } from './s3a';
import { checksFactories } from '../_validation';
import { SparkVolume } from '../pod/volume';

/** Options of `EventLog.toUrl`. */
export interface EventLogUrlOptions {
  /**
   * S3A access for an `s3a://` directory.
   * @default - the application's S3A settings, or S3A's default credential chain
   */
  readonly s3a?: S3a;
}

/** Options of `EventLog.onVolume`. */
export interface EventLogVolumeOptions {
  /**
   * Where the volume is mounted.
   * @default '/var/spark-events'
   */
  readonly mountPath?: string;
}

const URL_SCHEMES = ['s3a', 'gs', 'hdfs', 'abfs', 'abfss', 'wasb', 'wasbs', 'oss', 'cos'];

/**
 * Where Spark event logs live: the one value applications write to and the
 * History Server reads from.
 *
 * @example
 * const events = EventLog.toUrl('s3a://spark-logs/events', { s3a });
 * new SparkApplication(chart, 'Etl', { ..., eventLog: events });
 */
@checksFactories('EventLog')
export class EventLog {
  /** An object-store or HDFS directory (`s3a://bucket/prefix`, `gs://…`, `hdfs://…`, `abfss://…`). */
  public static toUrl(url: string, options: EventLogUrlOptions = {}): EventLog {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
    if (scheme === 'file' || scheme === 'local') {
      return new EventLog(url, undefined, undefined, undefined, {
        requirement: 'must not be a local directory without a volume behind it: each pod would write to its own scratch disk and the History Server would see nothing',
        fix: 'use EventLog.onVolume(pvcVolume) for a shared volume, or an object-store URL such as \'s3a://bucket/spark-events\'',
      });
    }
    if (!scheme || !URL_SCHEMES.includes(scheme)) {
      return new EventLog(url, undefined, undefined, undefined, {
        requirement: `must be a URL with a scheme Spark can write event logs to (${URL_SCHEMES.join(', ')})`,
        fix: 'use e.g. \'s3a://bucket/spark-events\'',
      });
    }
    return new EventLog(url.replace(/\/+$/, ''), options.s3a, undefined, undefined, undefined);
  }

  /** A shared volume (a ReadWriteMany PersistentVolumeClaim) mounted into writers and the History Server. */
  public static onVolume(volume: SparkVolume, options: EventLogVolumeOptions = {}): EventLog {
    const path = options.mountPath ?? '/var/spark-events';
    const relative = typeof path === 'string' ? path.replace(/^(\.\/+)+/, '') : '';
    return new EventLog(`file://${path}`, undefined, volume, path, typeof path === 'string' && path.startsWith('/') ? undefined : {
      requirement: 'must mount at an absolute path',
      fix: relative === '' || relative.split('/').some((segment) => segment === '..' || segment === '.') ? 'use e.g. \'/var/spark-events\'' : `use '/${relative}'`,
    });
  }

  private constructor(
    /** The directory as Spark reads it (`spark.eventLog.dir`, `spark.history.fs.logDirectory`). */
    public readonly directory: string,
    /** S3A access for the directory, if given. */
    public readonly s3a: S3a | undefined,
    /** The volume behind a local directory. */
    public readonly volume: SparkVolume | undefined,
    /** Where the volume is mounted. */
    public readonly mountPath: string | undefined,
    private readonly invalid: { requirement: string; fix: string } | undefined,
  ) {}

  /**
   * Why this event log cannot be used, for the construct to report.
   * @internal
   */
  public _problem(): { requirement: string; fix: string } | undefined {
    return this.invalid;
  }

  /**
   * The configuration of an application that writes here.
   * @internal
   */
  public _writerConf(): { [key: string]: string } {
    return { 'spark.eventLog.enabled': 'true', 'spark.eventLog.dir': this.directory };
  }
}
