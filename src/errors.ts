import { Construct, IConstruct } from 'constructs';
import { collectAtSynth } from './_collecting';
import { problem } from './_message';

/**
 * The error every construct of this library raises for bad input: its
 * message names the construct path, the prop, the bad value and the fix
 * (`[Etl/Nightly] 'executor.instances' must be at least 1, got 0; ...`).
 * Catch it by type (`e instanceof SparkValidationError`, or
 * `SparkErrors.isValidationError(e)` from any jsii language) to tell a
 * rejected input from any other failure.
 *
 * jsii cannot model a subclass of Error, so other languages use `SparkErrors`.
 * @jsii ignore
 */
export class SparkValidationError extends Error {
  /**
   * @param message the whole message
   * @param constructPath path of the construct that rejected the input
   * @param prop the prop (or method) that holds the bad value
   */
  constructor(message: string, public readonly constructPath: string, public readonly prop: string) {
    super(message);
    this.name = 'SparkValidationError';
    Object.setPrototypeOf(this, SparkValidationError.prototype);
  }
}

/** Tells the library's errors apart from any other failure. */
export class SparkErrors {
  /** Whether `x` is a `SparkValidationError`: bad input a construct rejected. */
  public static isValidationError(x: any): boolean {
    return x instanceof SparkValidationError;
  }

  /**
   * Makes every construct of `scope`'s App report bad input at `app.synth()`,
   * all problems of the App in one error, instead of throwing at the line
   * that wrote it. A construct given bad input is stopped: it emits nothing,
   * and using it afterwards (a method, or passing it to another construct)
   * throws its first problem. Methods given bad input (`addSparkConf`, …)
   * still throw at once. Call it right after creating the App, before any
   * construct (a platform repository's CI, to see every problem in one run).
   */
  public static collectAtSynth(scope: IConstruct): void {
    if (!Construct.isConstruct(scope)) {
      throw new SparkValidationError(`[SparkErrors.collectAtSynth] ${problem('scope', scope, 'must be a construct', 'pass the App')}`, '', 'scope');
    }
    collectAtSynth(scope);
  }

  private constructor() {}
}
