import type { IConfigMap, ISecret } from 'cdk8s-plus-28';
import { checksFactories } from '../_validation';

/** Options of `SparkEnvFrom.secret` and `SparkEnvFrom.configMap`. */
export interface EnvFromOptions {
  /**
   * Prefix added to every variable name.
   * @default - none
   */
  readonly prefix?: string;
  /**
   * Start the pod even when the object is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * Every key of a ConfigMap or Secret as environment variables (`envFrom`).
 * A small value class of this library, so apps on any cdk8s-plus major line
 * can pass it.
 *
 * @example
 * SparkEnvFrom.configMap(ConfigMap.fromConfigMapName(chart, 'Settings', 'app-settings'))
 */
@checksFactories('SparkEnvFrom')
export class SparkEnvFrom {
  /** Every key of a Secret. */
  public static secret(secret: ISecret, options: EnvFromOptions = {}): SparkEnvFrom {
    return new SparkEnvFrom({ prefix: options.prefix, secretRef: { name: secret.name, optional: options.optional } });
  }

  /** Every key of a ConfigMap. */
  public static configMap(configMap: IConfigMap, options: EnvFromOptions = {}): SparkEnvFrom {
    return new SparkEnvFrom({ prefix: options.prefix, configMapRef: { name: configMap.name, optional: options.optional } });
  }

  private constructor(private readonly source: any) {}

  /**
   * The `EnvFromSource` in wire format.
   * @internal
   */
  public _toWire(): any {
    return { ...this.source };
  }
}
