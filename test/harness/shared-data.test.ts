import * as path from 'path';
import { needsShared, SHARED_DIR, sharedPath } from './shared-data';

describe('groups that need ../shared', () => {
  const missing = path.join(SHARED_DIR, 'no-such-reference-data');
  const env = process.env.CI;
  afterEach(() => {
    if (env === undefined) delete process.env.CI; else process.env.CI = env;
    jest.restoreAllMocks();
  });

  test('present: the plain jest functions', () => {
    expect(sharedPath('upstream')).toBe(path.join(SHARED_DIR, 'upstream'));
    const group = needsShared(__filename, 'this file');
    expect(group.describe).toBe(describe);
    expect(group.test).toBe(test);
  });

  test('absent on a developer machine: skipped, and the reason is printed once per group', () => {
    delete process.env.CI;
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const first = needsShared(missing, 'a reference check');
    needsShared(missing, 'a reference check');
    expect(first.describe).toBe(describe.skip);
    expect(first.test).toBe(test.skip);
    expect(write).toHaveBeenCalledTimes(1);
    expect(String(write.mock.calls[0][0])).toBe(`skipped a reference check: ${path.relative(process.cwd(), missing)} is absent (clone the shared reference data beside the repository as ../shared)\n`);
  });

  test('absent under CI=true: the group fails instead of skipping', () => {
    process.env.CI = 'true';
    const group = needsShared(missing, 'a reference check');
    expect(group.describe).not.toBe(describe.skip);
    expect(group.test).not.toBe(test.skip);
    expect(group.test).not.toBe(test);
  });
});
