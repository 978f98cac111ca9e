import { IConstruct } from 'constructs';

/** The Apps (roots) whose constructs report bad input at synth instead of throwing (`SparkErrors.collectAtSynth`). */
const collectingApps = new WeakSet<IConstruct>();

/** Makes the constructs of `scope`'s App report their input problems at synth, all at once. */
export function collectAtSynth(scope: IConstruct): void {
  collectingApps.add(scope.node.root);
}

/** Whether the constructs of `scope`'s App report their input problems at synth. */
export function collectsAtSynth(scope: IConstruct): boolean {
  return collectingApps.has(scope.node.root);
}
