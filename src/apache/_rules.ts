import { IConstruct } from 'constructs';
import { RuntimeVersionOptions } from './runtime-versions';
import { escapeExpansion } from '../_input';
import { checkString, fail } from '../_validation';
import { SparkVersion } from '../spark/spark-version';

/** Rules both Apache operator kinds share. */

/** The main class of a Spark Connect server run as an application. */
export const CONNECT_SERVER_CLASS = 'org.apache.spark.sql.connect.service.SparkConnectServer';

/** The driver plugin that starts a Connect server inside any application (SparkConnectPlugin, Spark 3.4+). */
export const CONNECT_PLUGIN = 'org.apache.spark.sql.connect.SparkConnectPlugin';

/** Whether an application runs a Spark Connect server: its main class, or the plugin in `spark.plugins`. */
export function runsConnectServer(mainClass: string | undefined, sparkConf: { [key: string]: string } | undefined): boolean {
  const plugins = typeof sparkConf?.['spark.plugins'] === 'string' ? sparkConf['spark.plugins'].split(',').map((p) => p.trim()) : [];
  return mainClass === CONNECT_SERVER_CLASS || plugins.includes(CONNECT_PLUGIN);
}

/** `runtimeVersions.scalaVersion` / `jdkVersion`: the image's versions, consistent with the Spark version. */
export function checkRuntimeVersions(scope: IConstruct, props: RuntimeVersionOptions, version: SparkVersion): void {
  checkString(scope, 'scalaVersion', props.scalaVersion);
  checkString(scope, 'jdkVersion', props.jdkVersion);
  if (props.scalaVersion !== undefined && props.scalaVersion !== version.scalaBinaryVersion) {
    fail(scope, 'scalaVersion', props.scalaVersion, `must be Spark ${version.version}'s Scala binary version ${version.scalaBinaryVersion}`,
      `use '${version.scalaBinaryVersion}', or remove it`);
  }
  if (props.jdkVersion !== undefined) {
    const jdk = /^[1-9]\d?$/.test(props.jdkVersion) ? Number(props.jdkVersion) : undefined;
    if (jdk === undefined) fail(scope, 'jdkVersion', props.jdkVersion, 'must be a major Java version', 'use e.g. \'17\' or \'21\'');
    const least = version.major >= 4 ? 17 : 8;
    if (jdk < least) {
      fail(scope, 'jdkVersion', props.jdkVersion, `must be ${least} or later for Spark ${version.version}`, `use an image with Java ${least} or later, e.g. '${least}'`);
    }
  }
}

/** A value inside `-Dkey="..."`: backslash and quote escaped for the launcher, `$(` doubled for the kubelet. */
export function daemonOptionValue(value: string): string {
  return escapeExpansion(value.replace(/[\\"]/g, (c) => `\\${c}`));
}

