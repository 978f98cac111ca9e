import * as fs from 'fs';
import * as path from 'path';

/**
 * The reference data beside the repository (`../shared`: the upstream CRDs,
 * the Kubeflow examples, the chart as `helm template` renders it). Tests that
 * compare against it run only where it is present.
 */
export const SHARED_DIR = path.join(__dirname, '..', '..', '..', 'shared');

/** A path inside `../shared`. */
export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DIR, ...parts);
}

const announced = new Set<string>();

/**
 * `describe` and `test` for a group that needs `file` from `../shared`.
 *
 * Present: the plain jest functions. Absent on a developer machine: skipped,
 * with one line on stderr naming the group and the missing path. Absent under
 * `CI=true`: the group fails, because CI runs with `../shared` beside the
 * clone and a silent skip there would report a pass for checks that never ran.
 */
export function needsShared(file: string, what: string): { describe: jest.Describe; test: jest.It } {
  if (fs.existsSync(file)) {
    return { describe, test };
  }
  const reason = `${what}: ${path.relative(process.cwd(), file)} is absent (clone the shared reference data beside the repository as ../shared)`;
  if (process.env.CI === 'true') {
    const fail = (name: string) => test(name, () => {
      throw new Error(`CI needs ../shared. ${reason}`);
    });
    return {
      describe: ((name: string) => describe(name, () => fail('reference data'))) as unknown as jest.Describe,
      test: fail as unknown as jest.It,
    };
  }
  if (!announced.has(reason)) {
    announced.add(reason);
    process.stderr.write(`skipped ${reason}\n`);
  }
  return { describe: describe.skip, test: test.skip };
}
