import { Size } from 'cdk8s';
import {
  JVM_OVERHEAD_FACTOR, kubernetesQuantity, memoryOverheadKibibytes, MIN_MEMORY_OVERHEAD_MIB, NON_JVM_OVERHEAD_FACTOR, sparkMemoryProblem, sparkMemoryString,
  wholeKibibytes,
} from '../../src/spark/_memory';

describe('memory', () => {
  test('Spark\'s defaults', () => {
    expect(MIN_MEMORY_OVERHEAD_MIB).toBe(384);
    expect(JVM_OVERHEAD_FACTOR).toBe(0.1);
    expect(NON_JVM_OVERHEAD_FACTOR).toBe(0.4);
  });

  test('Spark and Kubernetes spellings', () => {
    expect(sparkMemoryString(Size.gibibytes(4).toKibibytes())).toBe('4g');
    expect(sparkMemoryString(Size.mebibytes(1536).toKibibytes())).toBe('1536m');
    expect(sparkMemoryString(512)).toBe('512k');
    expect(kubernetesQuantity(Size.mebibytes(1408).toKibibytes())).toBe('1408Mi');
    expect(kubernetesQuantity(Size.gibibytes(2).toKibibytes())).toBe('2Gi');
  });

  test('a size that is not a whole number of MiB keeps KiB in both spellings', () => {
    expect(sparkMemoryString(1536)).toBe('1536k');
    expect(kubernetesQuantity(100)).toBe('100Ki');
    expect(kubernetesQuantity(1536)).toBe('1536Ki');
  });

  test('a size in whole KiB, or nothing for a fraction of a KiB', () => {
    expect(wholeKibibytes(Size.mebibytes(1))).toBe(1024);
    expect(wholeKibibytes(Size.gibibytes(4))).toBe(4 * 1024 * 1024);
    expect(wholeKibibytes(Size.kibibytes(3))).toBe(3);
    expect(wholeKibibytes(Size.kibibytes(1.5))).toBeUndefined();
  });

  test('overhead is max(factor × memory, 384 MiB)', () => {
    expect(memoryOverheadKibibytes(1024 * 1024, 0.1)).toBe(384 * 1024);
    expect(memoryOverheadKibibytes(8 * 1024 * 1024, 0.1)).toBe(819 * 1024);
    expect(memoryOverheadKibibytes(2 * 1024 * 1024, 0.4)).toBe(819 * 1024);
  });

  test('overhead is computed on whole MiB, as Spark does', () => {
    // 4000 MiB and 512 KiB: Spark sees 4000 MiB, 10 % is 400 MiB.
    expect(memoryOverheadKibibytes(4000 * 1024 + 512, 0.1)).toBe(400 * 1024);
    // 5000 MiB × 0.1 = 500 MiB exactly; 5001 MiB × 0.1 = 500.1 MiB, floored.
    expect(memoryOverheadKibibytes(5001 * 1024, 0.1)).toBe(500 * 1024);
  });

  test.each(['4g', '512m', '1G', '2gb', '100k', '1t'])('reads %s', (value) => {
    expect(sparkMemoryProblem(value).problem).toBeUndefined();
  });

  test.each<[string, number]>([
    ['4g', 4 * 1024 * 1024],
    ['512m', 512 * 1024],
    ['1G', 1024 * 1024],
    ['2gb', 2 * 1024 * 1024],
    ['100k', 100],
    ['64KB', 64],
    ['1t', 1024 * 1024 * 1024],
    ['1tb', 1024 * 1024 * 1024],
    ['1p', 1024 * 1024 * 1024 * 1024],
    [' 3m ', 3 * 1024],
  ])('reads %j as %i KiB', (value, kib) => {
    expect(sparkMemoryProblem(value)).toEqual({ kib });
  });

  test.each([['4Gi', 'use \'4g\''], ['1.5g', 'use \'1536m\''], ['4096', 'use \'4096m\' if you meant MiB (or \'4g\')'], ['lots', 'use a whole number followed by k, m, g or t']])('rejects %s', (value, fix) => {
    expect(sparkMemoryProblem(value).fix).toBe(fix);
  });

  test.each<[string, string, string]>([
    ['4Gi', 'must be a Spark size such as \'4g\' or \'512m\' (Spark does not read Kubernetes units like \'Gi\')', 'use \'4g\''],
    ['512Mi', 'must be a Spark size such as \'4g\' or \'512m\' (Spark does not read Kubernetes units like \'Gi\')', 'use \'512m\''],
    ['8Ki', 'must be a Spark size such as \'4g\' or \'512m\' (Spark does not read Kubernetes units like \'Gi\')', 'use \'8k\''],
    ['1Ti', 'must be a Spark size such as \'4g\' or \'512m\' (Spark does not read Kubernetes units like \'Gi\')', 'use \'1t\''],
    ['1.5g', 'must be a whole number with a unit (Spark does not read fractions)', 'use \'1536m\''],
    ['0.5m', 'must be a whole number with a unit (Spark does not read fractions)', 'use \'512k\''],
    ['.25t', 'must be a whole number with a unit (Spark does not read fractions)', 'use \'256g\''],
    ['1.5pb', 'must be a whole number with a unit (Spark does not read fractions)', 'use \'1536t\''],
    ['1.5k', 'must be a whole number with a unit (Spark does not read fractions)', 'use a whole number of KiB'],
    ['4096', 'must carry a unit (without one Spark guesses the unit per setting)', 'use \'4096m\' if you meant MiB (or \'4g\')'],
    ['1000', 'must carry a unit (without one Spark guesses the unit per setting)', 'use \'1000m\' if you meant MiB'],
    ['0', 'must carry a unit (without one Spark guesses the unit per setting)', 'use \'0m\' if you meant MiB'],
    ['lots', 'must be a Spark size such as \'4g\' or \'512m\'', 'use a whole number followed by k, m, g or t'],
    ['4 g', 'must be a Spark size such as \'4g\' or \'512m\'', 'use a whole number followed by k, m, g or t'],
    ['-1g', 'must be a Spark size such as \'4g\' or \'512m\'', 'use a whole number followed by k, m, g or t'],
  ])('fails on %j: %s; %s', (value, problem, fix) => {
    expect(sparkMemoryProblem(value)).toEqual({ problem, fix });
  });
});
