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

  private constructor() {}
}
