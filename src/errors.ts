/**
 * The error every construct of this library raises for bad input: its
 * message names the construct path, the prop, the bad value and the fix
 * (`[Etl/Nightly] 'executor.instances' must be at least 1, got 0; ...`).
 * Catch it by type to tell a rejected input from any other failure.
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
