import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { SparkProcessOptions } from './process-options';
import { checkInteger, fail } from '../_validation';
import { kubernetesQuantity, memoryOverheadKibibytes, sparkMemoryString, wholeKibibytes } from '../spark/_memory';

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

/** Millicores of a cdk8s-plus `Cpu`. */
export function cpuMillis(cpu: Cpu): number {
  const amount = cpu.amount;
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Math.round(Number(amount) * 1000);
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

  const cpuRequestMillis = options.coreRequest ? cpuMillis(options.coreRequest) : cores * 1000;
  if (!(cpuRequestMillis > 0)) {
    fail(scope, `${prop}.coreRequest`, options.coreRequest?.amount, 'must be a positive CPU quantity', 'use Cpu.millis(500) or Cpu.units(1)');
  }
  const cpuLimitMillis = options.coreLimit ? cpuMillis(options.coreLimit) : undefined;
  if (cpuLimitMillis !== undefined && !(cpuLimitMillis > 0)) {
    fail(scope, `${prop}.coreLimit`, options.coreLimit?.amount, 'must be a positive CPU quantity', 'use Cpu.millis(1500) or Cpu.units(2)');
  }
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
    coreRequest: options.coreRequest ? cpuQuantity(cpuRequestMillis) : undefined,
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
  const kib = wholeKibibytes(size);
  if (kib === undefined || kib <= 0) {
    fail(scope, prop, `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })} KiB`, 'must be a positive whole number of KiB', 'use Size.mebibytes(...) or Size.gibibytes(...) with whole numbers');
  }
  return kib;
}
