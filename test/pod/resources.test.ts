import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { messageOf } from './render';
import { SparkProcessOptions } from '../../src';
import { containerResources, cpuMillis, cpuQuantity, DEFAULT_MEMORY, resolveProcessResources } from '../../src/pod/_resources';

const MIB = 1024;
const GIB = 1024 * 1024;

function resolve(options: SparkProcessOptions = {}, factor: number = 0.1, prop: string = 'executor') {
  return resolveProcessResources(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }), prop, options, factor);
}

describe('resolveProcessResources', () => {
  test('defaults', () => {
    expect(DEFAULT_MEMORY.toMebibytes()).toBe(1024);
    expect(resolve()).toEqual({
      cores: 1,
      cpuRequestMillis: 1000,
      cpuLimitMillis: undefined,
      memoryKib: 1 * GIB,
      overheadKib: 384 * MIB,
      explicitOverhead: false,
      podMemoryKib: 1408 * MIB,
      memory: '1g',
      memoryOverhead: undefined,
      coreRequest: undefined,
      coreLimit: undefined,
    });
  });

  test.each<[string, Size, number, number]>([
    ['the 384 MiB minimum', Size.gibibytes(2), 0.1, 384],
    ['10 % of 8 GiB', Size.gibibytes(8), 0.1, 819],
    ['40 % of 2 GiB (Python and R)', Size.gibibytes(2), 0.4, 819],
    ['40 % of 512 MiB is below the minimum', Size.mebibytes(512), 0.4, 384],
  ])('overhead is max(factor × heap, 384 MiB): %s', (_what, memory, factor, overheadMib) => {
    const r = resolve({ memory }, factor);
    expect(r.overheadKib).toBe(overheadMib * MIB);
    expect(r.podMemoryKib).toBe(memory.toKibibytes() + overheadMib * MIB);
    expect(r.explicitOverhead).toBe(false);
    expect(r.memoryOverhead).toBeUndefined();
  });

  test('an explicit overhead is used as given, even below the minimum', () => {
    const r = resolve({ memory: Size.gibibytes(4), memoryOverhead: Size.mebibytes(256) });
    expect(r.overheadKib).toBe(256 * MIB);
    expect(r.podMemoryKib).toBe(4 * GIB + 256 * MIB);
    expect(r.explicitOverhead).toBe(true);
    expect(r.memoryOverhead).toBe('256m');
    expect(r.memory).toBe('4g');
  });

  test('memory in MiB keeps its Spark spelling', () => {
    expect(resolve({ memory: Size.mebibytes(1536), memoryOverhead: Size.gibibytes(1) })).toMatchObject({ memory: '1536m', memoryOverhead: '1g' });
  });

  test('cores are the CPU request unless coreRequest says otherwise', () => {
    expect(resolve({ cores: 3 })).toMatchObject({ cores: 3, cpuRequestMillis: 3000, coreRequest: undefined });
    expect(resolve({ cores: 3, coreRequest: Cpu.millis(2500) })).toMatchObject({ cores: 3, cpuRequestMillis: 2500, coreRequest: '2500m' });
    expect(resolve({ coreRequest: Cpu.units(2) })).toMatchObject({ cpuRequestMillis: 2000, coreRequest: '2' });
    expect(resolve({ coreRequest: Cpu.units(0.5) })).toMatchObject({ cpuRequestMillis: 500, coreRequest: '500m' });
  });

  test('a CPU limit at or above the request', () => {
    expect(resolve({ cores: 2, coreLimit: Cpu.units(2) })).toMatchObject({ cpuLimitMillis: 2000, coreLimit: '2' });
    expect(resolve({ coreRequest: Cpu.millis(500), coreLimit: Cpu.millis(1500) })).toMatchObject({ cpuRequestMillis: 500, cpuLimitMillis: 1500, coreLimit: '1500m' });
  });

  test('fails on fractional cores', () => {
    expect(() => resolve({ cores: 2.5 }))
      .toThrow('[test] \'executor.cores\' must be a whole number, got 2.5; give whole cores (use \'coreRequest\' for a fractional CPU request)');
  });

  test('fails on zero cores, naming the prop', () => {
    expect(() => resolve({ cores: 0 }, 0.1, 'server'))
      .toThrow('[test] \'server.cores\' must be at least 1, got 0; give whole cores (use \'coreRequest\' for a fractional CPU request)');
  });

  test('fails on a heap below 1 MiB', () => {
    expect(() => resolve({ memory: Size.kibibytes(512) }, 0.1, 'driver'))
      .toThrow('[test] \'driver.memory\' must be at least 1 MiB, got \'512k\'; give Spark a realistic heap such as Size.mebibytes(512)');
  });

  test('fails on a heap in a fraction of a KiB', () => {
    expect(() => resolve({ memory: Size.kibibytes(1.5) }))
      .toThrow('[test] \'executor.memory\' must be a positive whole number of KiB, got \'1.5 KiB\'; use Size.mebibytes(...) or Size.gibibytes(...) with whole numbers');
  });

  test('fails on a zero heap', () => {
    expect(() => resolve({ memory: Size.kibibytes(0) }))
      .toThrow('[test] \'executor.memory\' must be a positive whole number of KiB, got \'0 KiB\'; use Size.mebibytes(...) or Size.gibibytes(...) with whole numbers');
  });

  test('fails on a zero overhead', () => {
    expect(() => resolve({ memoryOverhead: Size.mebibytes(0) }))
      .toThrow('[test] \'executor.memoryOverhead\' must be a positive whole number of KiB, got \'0 KiB\'; use Size.mebibytes(...) or Size.gibibytes(...) with whole numbers');
  });

  test('fails on a zero CPU request', () => {
    expect(() => resolve({ coreRequest: Cpu.millis(0) }))
      .toThrow('[test] \'executor.coreRequest\' must be a positive CPU quantity, got \'0m\'; use Cpu.millis(500) or Cpu.units(1)');
  });

  test('fails on a zero CPU limit', () => {
    expect(() => resolve({ coreLimit: Cpu.millis(0) }))
      .toThrow('[test] \'executor.coreLimit\' must be a positive CPU quantity, got \'0m\'; use Cpu.millis(1500) or Cpu.units(2)');
  });

  test('fails on a CPU limit below the request from cores', () => {
    expect(() => resolve({ cores: 2, coreLimit: Cpu.millis(1500) }))
      .toThrow('[test] \'executor.coreLimit\' must not be below the CPU request 2 (from \'cores\'), got \'1500m\'; raise \'coreLimit\' to at least 2 or lower the request');
  });

  test('fails on a CPU limit below the explicit request', () => {
    expect(() => resolve({ coreRequest: Cpu.millis(500), coreLimit: Cpu.millis(250) }))
      .toThrow('[test] \'executor.coreLimit\' must not be below the CPU request 500m, got \'250m\'; raise \'coreLimit\' to at least 500m or lower the request');
  });
});

describe('values that are not what they claim (JavaScript callers)', () => {
  test.each<[string, unknown, string]>([
    ['a Spark string', '4g', 'use Size.gibibytes(4)'],
    ['a Spark string in MiB', '512m', 'use Size.mebibytes(512)'],
    ['a Spark string in KiB', '100k', 'use Size.kibibytes(100)'],
    ['a Kubernetes quantity', '4Gi', 'use Size.gibibytes(4)'],
    ['a Kubernetes quantity in MiB', '1536Mi', 'use Size.mebibytes(1536)'],
    ['a number', 4096, 'use e.g. Size.gibibytes(4) or Size.mebibytes(512)'],
    ['garbage', 'lots', 'use e.g. Size.gibibytes(4) or Size.mebibytes(512)'],
  ])('memory as %s gets the library\'s message, not a TypeError', (_what, memory, fix) => {
    expect(messageOf(() => resolve({ memory: memory as any })))
      .toBe(`[test] 'executor.memory' must be a Size, got ${typeof memory === 'string' ? `'${memory}'` : String(memory)}; ${fix}`);
  });

  test('memoryOverhead as a string', () => {
    expect(messageOf(() => resolve({ memoryOverhead: '512m' as any }, 0.1, 'driver')))
      .toBe('[test] \'driver.memoryOverhead\' must be a Size, got \'512m\'; use Size.mebibytes(512)');
  });

  test.each<[string, unknown, string]>([
    ['a number', 0.5, 'use Cpu.units(0.5)'],
    ['millicores as a string', '500m', 'use Cpu.millis(500)'],
    ['cores as a string', '2', 'use Cpu.units(2)'],
    ['a plain object', { cpu: 1 }, 'use e.g. Cpu.millis(500) or Cpu.units(1)'],
  ])('coreRequest as %s gets the library\'s message, not a TypeError', (_what, coreRequest, fix) => {
    expect(messageOf(() => resolve({ coreRequest: coreRequest as any })))
      .toBe(`[test] 'executor.coreRequest' must be a Cpu, got ${typeof coreRequest === 'string' ? `'${coreRequest}'` : typeof coreRequest === 'object' ? JSON.stringify(coreRequest) : String(coreRequest)}; ${fix}`);
  });

  test('coreLimit as a number', () => {
    expect(messageOf(() => resolve({ coreLimit: 2 as any })))
      .toBe('[test] \'executor.coreLimit\' must be a Cpu, got 2; use Cpu.units(2)');
  });

  test('cpuMillis of something that is not a Cpu is NaN, for the callers\' positive checks', () => {
    expect(cpuMillis(1 as any)).toBeNaN();
    expect(cpuMillis(undefined as any)).toBeNaN();
  });
});

describe('sizes and CPUs that are not whole units', () => {
  test('Size.gibibytes(1.3) gets the library\'s message, not a cdk8s error', () => {
    expect(messageOf(() => resolve({ memory: Size.gibibytes(1.3) })))
      .toMatch(/^\[test\] 'executor\.memory' must be a positive whole number of KiB, got '1363148\.8\d* KiB'; use Size\.mebibytes\(\.\.\.\) or Size\.gibibytes\(\.\.\.\) with whole numbers$/);
  });

  test.each<[string, Cpu, string]>([
    ['a fraction of a millicore', Cpu.millis(1.5), 'use Cpu.millis(2)'],
    ['units finer than a millicore', Cpu.units(1.0004), 'use Cpu.millis(1000)'],
    ['a ten-thousandth of a core', Cpu.units(0.0005), 'use Cpu.millis(1)'],
  ])('fails on %s', (_what, coreRequest, fix) => {
    expect(messageOf(() => resolve({ coreRequest })))
      .toBe(`[test] 'executor.coreRequest' must be a whole number of millicores (Kubernetes has no finer CPU unit), got '${coreRequest.amount}'; ${fix}`);
  });

  test.each<[string, Cpu]>([['NaN', Cpu.units(NaN)], ['negative', Cpu.millis(-500)], ['in exponent notation', Cpu.units(1e-7)]])('fails on a %s CPU', (_what, coreLimit) => {
    expect(messageOf(() => resolve({ coreLimit })))
      .toBe(`[test] 'executor.coreLimit' must be a positive CPU quantity, got '${coreLimit.amount}'; use Cpu.millis(1500) or Cpu.units(2)`);
  });

  test('float noise in a whole number of millicores is no fraction', () => {
    expect(resolve({ coreRequest: Cpu.units(1.1) })).toMatchObject({ cpuRequestMillis: 1100, coreRequest: '1100m' });
  });
});

describe('CPU quantities', () => {
  test('millicores of a Cpu', () => {
    expect(cpuMillis(Cpu.millis(250))).toBe(250);
    expect(cpuMillis(Cpu.units(1))).toBe(1000);
    expect(cpuMillis(Cpu.units(1.5))).toBe(1500);
  });

  test('the canonical Kubernetes spelling of millicores', () => {
    expect(cpuQuantity(1000)).toBe('1');
    expect(cpuQuantity(3000)).toBe('3');
    expect(cpuQuantity(1500)).toBe('1500m');
    expect(cpuQuantity(250)).toBe('250m');
  });
});

describe('containerResources', () => {
  test('requests equal limits for memory, and no CPU limit by default', () => {
    expect(containerResources(resolve())).toEqual({ requests: { cpu: '1', memory: '1408Mi' }, limits: { memory: '1408Mi' } });
  });

  test('a CPU limit and a heap in GiB', () => {
    expect(containerResources(resolve({ cores: 2, coreLimit: Cpu.units(4), memory: Size.gibibytes(4), memoryOverhead: Size.gibibytes(1) })))
      .toEqual({ requests: { cpu: '2', memory: '5Gi' }, limits: { cpu: '4', memory: '5Gi' } });
  });

  test('a fractional CPU request', () => {
    expect(containerResources(resolve({ coreRequest: Cpu.millis(500) })).requests.cpu).toBe('500m');
  });
});
