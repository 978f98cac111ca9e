import { Size, SizeRoundingBehavior } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { SparkProcessOptions } from './process-options';
import { checkInteger, fail } from '../_validation';
import { kubernetesQuantity, memoryOverheadKibibytes, sparkMemoryProblem, sparkMemoryString, wholeKibibytes } from '../spark/_memory';

/** Default heap of a Spark process (the operator's default). */
export const DEFAULT_MEMORY = Size.gibibytes(1);

/** A Spark process's resources, resolved and checked. */
export interface ProcessResources {
  /** Whole cores Spark schedules tasks on. */
  readonly cores: number;
  /** CPU request in millicores. */
  readonly cpuRequestMillis: number;
  /** CPU limit in millicores, if any. */
  readonly cpuLimitMillis?: number;
  /** Heap in KiB. */
  readonly memoryKib: number;
  /** Overhead in KiB (explicit or computed). */
  readonly overheadKib: number;
  /** Whether the overhead was given explicitly. */
  readonly explicitOverhead: boolean;
  /** Pod memory request = limit, in KiB. */
  readonly podMemoryKib: number;
  /** Spark spelling of the heap (`1g`). */
  readonly memory: string;
  /** Spark spelling of an explicit overhead. */
  readonly memoryOverhead?: string;
  /** Kubernetes spelling of the CPU request and limit, if they differ from cores. */
  readonly coreRequest?: string;
  readonly coreLimit?: string;
}

/** Millicores of a cdk8s-plus `Cpu`; NaN for anything else (a JavaScript caller's number or string). */
export function cpuMillis(cpu: Cpu): number {
  const amount = (cpu as any)?.amount;
  if (typeof amount !== 'string') return NaN;
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Math.round(Number(amount) * 1000);
}

/** Whether a value is a cdk8s `Size` (duck-typed: apps may load another copy of cdk8s). */
function isSize(value: unknown): value is Size {
  return value !== null && typeof value === 'object' && typeof (value as any).toKibibytes === 'function';
}

/** Whether a value is a cdk8s-plus `Cpu` (duck-typed: apps may use another cdk8s-plus line). */
function isCpu(value: unknown): value is Cpu {
  return value !== null && typeof value === 'object' && typeof (value as any).amount === 'string';
}

/** A `Size` call for what a JavaScript caller meant by a string or number, for a fix. */
function sizeFix(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const k8s = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(text);
  const kib = k8s ? Number(k8s[1]) * { Ki: 1, Mi: 1024, Gi: 1024 ** 2, Ti: 1024 ** 3 }[k8s[2] as 'Ki'] : sparkMemoryProblem(text).kib;
  if (!text || kib === undefined || kib === 0) return 'use e.g. Size.gibibytes(4) or Size.mebibytes(512)';
  if (kib % (1024 * 1024) === 0) return `use Size.gibibytes(${kib / (1024 * 1024)})`;
  return kib % 1024 === 0 ? `use Size.mebibytes(${kib / 1024})` : `use Size.kibibytes(${kib})`;
}

/** A `Cpu` call for what a JavaScript caller meant by a number or string, for a fix. */
function cpuFix(value: unknown): string {
  if (typeof value === 'number' && value > 0) return `use Cpu.units(${value})`;
  const milli = typeof value === 'string' ? /^(\d+)m$/.exec(value.trim()) : null;
  if (milli) return `use Cpu.millis(${milli[1]})`;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return `use Cpu.units(${value.trim()})`;
  return 'use e.g. Cpu.millis(500) or Cpu.units(1)';
}

/**
 * Millicores of a CPU prop: a `Cpu`, positive, in whole millicores (the
 * finest CPU unit Kubernetes has).
 */
function checkCpu(scope: IConstruct, prop: string, cpu: unknown, fix: string): number {
  if (!isCpu(cpu)) {
    fail(scope, prop, cpu, 'must be a Cpu', cpuFix(cpu));
  }
  const millis = cpuMillis(cpu);
  if (!/^(\d+(\.\d+)?|\.\d+)m?$/.test(cpu.amount) || !(millis > 0)) {
    fail(scope, prop, cpu.amount, 'must be a positive CPU quantity', fix);
  }
  const exact = cpu.amount.endsWith('m') ? Number(cpu.amount.slice(0, -1)) : Number(cpu.amount) * 1000;
  if (Math.abs(exact - Math.round(exact)) > 1e-6) {
    fail(scope, prop, cpu.amount, 'must be a whole number of millicores (Kubernetes has no finer CPU unit)', `use Cpu.millis(${Math.max(1, Math.round(exact))})`);
  }
  return millis;
}

/** Renders millicores as a canonical Kubernetes quantity (`1`, `500m`). */
export function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/**
 * Resolves cores and memory of a Spark process and applies Spark's
 * memory-overhead rule: pod memory = heap + max(factor × heap, 384 MiB).
 */
export function resolveProcessResources(scope: IConstruct, prop: string, options: SparkProcessOptions, overheadFactor: number): ProcessResources {
  const cores = options.cores ?? 1;
  checkInteger(scope, `${prop}.cores`, cores, 1, 'give whole cores (use \'coreRequest\' for a fractional CPU request)');

  const memoryKib = sizeKib(scope, `${prop}.memory`, options.memory ?? DEFAULT_MEMORY);
  if (memoryKib < 1024) {
    fail(scope, `${prop}.memory`, sparkMemoryString(memoryKib), 'must be at least 1 MiB', 'give Spark a realistic heap such as Size.mebibytes(512)');
  }
  const explicitOverhead = options.memoryOverhead !== undefined;
  const overheadKib = explicitOverhead
    ? sizeKib(scope, `${prop}.memoryOverhead`, options.memoryOverhead!)
    : memoryOverheadKibibytes(memoryKib, overheadFactor);

  const cpuRequestMillis = options.coreRequest !== undefined ? checkCpu(scope, `${prop}.coreRequest`, options.coreRequest, 'use Cpu.millis(500) or Cpu.units(1)') : cores * 1000;
  const cpuLimitMillis = options.coreLimit !== undefined ? checkCpu(scope, `${prop}.coreLimit`, options.coreLimit, 'use Cpu.millis(1500) or Cpu.units(2)') : undefined;
  if (cpuLimitMillis !== undefined && cpuLimitMillis < cpuRequestMillis) {
    fail(scope, `${prop}.coreLimit`, cpuQuantity(cpuLimitMillis), `must not be below the CPU request ${cpuQuantity(cpuRequestMillis)}${options.coreRequest ? '' : ' (from \'cores\')'}`,
      `raise 'coreLimit' to at least ${cpuQuantity(cpuRequestMillis)} or lower the request`);
  }
  return {
    cores,
    cpuRequestMillis,
    cpuLimitMillis,
    memoryKib,
    overheadKib,
    explicitOverhead,
    podMemoryKib: memoryKib + overheadKib,
    memory: sparkMemoryString(memoryKib),
    memoryOverhead: explicitOverhead ? sparkMemoryString(overheadKib) : undefined,
    coreRequest: options.coreRequest !== undefined ? cpuQuantity(cpuRequestMillis) : undefined,
    coreLimit: cpuLimitMillis !== undefined ? cpuQuantity(cpuLimitMillis) : undefined,
  };
}

/** Wire-format container resources for a process Spark does not size itself (Connect server, daemons). */
export function containerResources(resources: ProcessResources): any {
  const memory = kubernetesQuantity(resources.podMemoryKib);
  return {
    requests: { cpu: cpuQuantity(resources.cpuRequestMillis), memory },
    limits: {
      ...(resources.cpuLimitMillis !== undefined ? { cpu: cpuQuantity(resources.cpuLimitMillis) } : {}),
      memory,
    },
  };
}

function sizeKib(scope: IConstruct, prop: string, size: Size): number {
  if (!isSize(size)) {
    fail(scope, prop, size, 'must be a Size', sizeFix(size));
  }
  const kib = wholeKibibytes(size);
  if (kib === undefined || kib <= 0) {
    fail(scope, prop, `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })} KiB`, 'must be a positive whole number of KiB', 'use Size.mebibytes(...) or Size.gibibytes(...) with whole numbers');
  }
  return kib;
}
