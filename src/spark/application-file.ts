import { checksFactories } from '../_validation';

/** An absolute path without '.' and '..' segments. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/').slice(1)) {
    if (segment === '..') out.pop();
    else if (segment !== '.') out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** spark-submit's primary resource for a main class on the classpath (`SparkLauncher.NO_RESOURCE`). */
const CLASSPATH = 'spark-internal';

/** URL schemes Spark can fetch from inside the cluster. */
const REMOTE_SCHEMES = ['s3a', 's3', 'gs', 'https', 'http', 'hdfs', 'abfs', 'abfss', 'wasb', 'wasbs', 'oss', 'cos'];

/**
 * A file Spark loads: the main application file, a jar, a Python file or a
 * data file. Either a path inside the container image (`local://`) or a
 * remote URL Spark downloads (`s3a://`, `https://`, `gs://`, ...).
 *
 * @example
 * ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar')
 * ApplicationFile.fromUrl('s3a://my-bucket/jobs/etl.py')
 */
@checksFactories('ApplicationFile')
export class ApplicationFile {
  /**
   * A file baked into the container image, given as an absolute path.
   * Rendered as `local://<path>`.
   */
  public static fromImagePath(path: string): ApplicationFile {
    if (typeof path !== 'string') {
      return new ApplicationFile(`local://${path}`, { requirement: 'must be a path string', fix: 'use e.g. ApplicationFile.fromImagePath(\'/opt/app/job.py\')' }, path);
    }
    if (!path.startsWith('/')) {
      const rest = path.replace(/^(\.\/+)+/, '').replace(/^\/+/, '');
      return new ApplicationFile(`local://${path}`, {
        requirement: 'must be an absolute path inside the image',
        // A path that climbs ('../job.py') names no place without the working directory: ask for the real one.
        fix: rest === '' || rest.split('/').some((segment) => segment === '..' || segment === '.') ? 'give the file\'s absolute path in the image, e.g. \'/opt/app/job.py\'' : `use '/${rest}'`,
      }, path);
    }
    // A '.' or '..' segment.
    if (/\/\.{1,2}(\/|$)/.test(path)) {
      return new ApplicationFile(`local://${path}`, { requirement: 'must not contain \'.\' or \'..\' segments', fix: `use '${normalize(path)}'` }, path);
    }
    return new ApplicationFile(`local://${path}`, undefined, path);
  }

  /**
   * No file: the main class is already on the image's classpath (the Thrift
   * server, a class in a jar under `/opt/spark/jars`). Rendered as
   * spark-submit's `spark-internal` primary resource, for which SparkSubmit
   * passes only `--main-class` (SparkSubmit.prepareSubmitEnvironment,
   * `SparkLauncher.NO_RESOURCE`); the operator passes it to spark-submit
   * as given (submission.go mainApplicationFileOption). Needs `mainClass`;
   * only for the main file, not for dependencies.
   */
  public static fromClasspath(): ApplicationFile {
    return new ApplicationFile(CLASSPATH, undefined, CLASSPATH);
  }

  /**
   * A remote file Spark downloads at start-up (s3a, s3, gs, https, http, hdfs, abfs(s), wasb(s), oss, cos).
   */
  public static fromUrl(url: string): ApplicationFile {
    if (typeof url !== 'string') {
      return new ApplicationFile(String(url), { requirement: 'must be a URL string', fix: 'use e.g. ApplicationFile.fromUrl(\'s3a://bucket/job.py\')' }, url);
    }
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
    if (scheme === 'file') {
      return new ApplicationFile(url, {
        requirement: 'must not be a file:// URL, which names a file on the machine that submits, not in the cluster',
        fix: `bake the file into the image and use ApplicationFile.fromImagePath('${url.replace(/^file:\/\//i, '')}'), or upload it and use an s3a:// or https:// URL`,
      }, url);
    }
    if (scheme === 'local') {
      return new ApplicationFile(url, undefined, url);
    }
    if (!scheme) {
      return new ApplicationFile(url, {
        requirement: 'must be an absolute URL; a relative path cannot be resolved in the cluster',
        fix: 'use ApplicationFile.fromImagePath(\'/opt/app/...\') for a file in the image, or a remote URL such as \'s3a://bucket/path\'',
      }, url);
    }
    if (!REMOTE_SCHEMES.includes(scheme)) {
      return new ApplicationFile(url, {
        requirement: `must use a scheme Spark can fetch (${REMOTE_SCHEMES.join(', ')})`,
        fix: 'upload the file to object storage or bake it into the image',
      }, url);
    }
    return new ApplicationFile(url, undefined, url);
  }

  private constructor(
    /** The URI as Spark reads it. */
    public readonly uri: string,
    private readonly invalid: { requirement: string; fix: string } | undefined,
    private readonly input: unknown,
  ) {}

  /** The file name extension, lower-case, without the dot (`jar`, `py`, `r`). */
  public get extension(): string {
    // The end of the path, before a query or fragment.
    const end = this.uri.search(/[?#]|$/);
    const base = this.uri.slice(this.uri.lastIndexOf('/', end - 1) + 1, end);
    const dot = base.lastIndexOf('.');
    return dot >= 0 ? base.slice(dot + 1).toLowerCase() : '';
  }

  /** Whether the file is in the image. */
  public get isLocal(): boolean {
    return this.uri.startsWith('local://');
  }

  /** Whether this is no file: a main class on the image's classpath (`ApplicationFile.fromClasspath()`). */
  public get isClasspath(): boolean {
    return this.uri === CLASSPATH;
  }

  /**
   * Why this file cannot be used, for the construct to report with its path.
   * @internal
   */
  public _problem(): { value: unknown; requirement: string; fix: string } | undefined {
    return this.invalid ? { value: this.input, ...this.invalid } : undefined;
  }
}
