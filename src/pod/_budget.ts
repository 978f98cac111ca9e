/** What a pod asks a namespace's quota for, counted from its rendered spec. */
import { parseByteQuantity } from './_quantity';
import { WorkloadBudget } from '../_registry';

/** Millicores of a CPU quantity (`500m`, `1`, `0.25`); 0 for anything else. */
function cpuMillicores(q: unknown): number {
  const m = /^(\d+(?:\.\d+)?|\.\d+)(m?)$/.exec(String(q ?? ''));
  if (!m) return 0;
  return m[2] ? Number(m[1]) : Number(m[1]) * 1000;
}

/** MiB of a memory quantity; 0 for anything else. */
function mebibytes(q: unknown): number {
  const bytes = q === undefined ? undefined : parseByteQuantity(String(q))?.bytes;
  return bytes === undefined ? 0 : Number(bytes) / 2 ** 20;
}

/** What one container asks for: its CPU request and the larger of its memory request and limit (a quota counts both). */
function containerBudget(c: any): { cpuMillis: number; memoryMebibytes: number } {
  const requests = c?.resources?.requests ?? {};
  const limits = c?.resources?.limits ?? {};
  return { cpuMillis: cpuMillicores(requests.cpu), memoryMebibytes: Math.max(mebibytes(requests.memory), mebibytes(limits.memory)) };
}

/**
 * What a pod asks for as Kubernetes counts it: the larger of the sum of its
 * containers and its largest init container (init containers run one at a
 * time, before the others), for CPU and memory each.
 */
export function podBudget(spec: any): WorkloadBudget {
  const main = (spec?.containers ?? []).map(containerBudget);
  const init = (spec?.initContainers ?? []).map(containerBudget);
  const sum = (key: 'cpuMillis' | 'memoryMebibytes') => main.reduce((a: number, c: any) => a + c[key], 0);
  const largest = (key: 'cpuMillis' | 'memoryMebibytes') => init.reduce((a: number, c: any) => Math.max(a, c[key]), 0);
  return {
    cpu: Math.max(sum('cpuMillis'), largest('cpuMillis')) / 1000,
    memoryMebibytes: Math.max(sum('memoryMebibytes'), largest('memoryMebibytes')),
  };
}
