import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { propertiesLine } from '../_input';

/** Where Spark daemons and submitters read their configuration files. */
export const SPARK_CONF_DIR = '/etc/spark/conf';

/** Annotation on pod templates that changes with the configuration, so a change rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = 'spark.cdk8s.io/config-checksum';

/** A rendered Spark configuration map as a `spark-defaults.conf` properties file. */
export function sparkDefaultsFile(conf: { [key: string]: string }): string {
  return Object.keys(conf).sort().map((key) => propertiesLine(key, conf[key])).join('\n') + '\n';
}

/** A pod template as the JSON file Spark's `podTemplateFile` reads. */
export function podTemplateFile(template: any): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', ...template }, undefined, 2) + '\n';
}

/** The checksum of a set of configuration files, for a pod-template annotation. */
export function filesChecksum(files: { [file: string]: string }): string {
  const hash = createHash('sha256');
  for (const file of Object.keys(files).sort()) {
    hash.update(file).update('\0').update(files[file]).update('\0');
  }
  return hash.digest('hex');
}

/**
 * A ConfigMap of configuration files, mounted at SPARK_CONF_DIR by the
 * caller. The files render at synth (`files` may be called more than once:
 * pass a cached function), so later `addXxx` calls reach them.
 */
export function configFiles(scope: Construct, id: string, name: string, namespace: string, files: () => { [file: string]: string }): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace },
    data: Lazy.any({ produce: () => ({ ...files() }) }),
  } as any);
}

/** The wire-format volume and mount of a configuration ConfigMap. */
export function configVolume(configMapName: string): { volume: any; mount: any } {
  return {
    volume: { name: 'spark-conf', configMap: { name: configMapName } },
    mount: { name: 'spark-conf', mountPath: SPARK_CONF_DIR, readOnly: true },
  };
}

/** Environment every Spark daemon container gets: foreground processes, logs and conf in known places. */
export function daemonEnv(): any[] {
  return [
    { name: 'SPARK_NO_DAEMONIZE', value: 'true' },
    { name: 'SPARK_CONF_DIR', value: SPARK_CONF_DIR },
    { name: 'SPARK_LOG_DIR', value: '/tmp/spark-logs' },
  ];
}
