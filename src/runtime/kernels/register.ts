import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import { createBatchMatMulConfig } from './batch-mat-mul.ts';
import { createConcatConfig } from './concat.ts';
import { createGatherConfig } from './gather.ts';
import { createSplitConfig } from './split.ts';
import { createSumConfig } from './sum.ts';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.ts';

/** The fast kernels reco adds to the wasm backend: the single registration list. */
function wasmKernels(): KernelConfig[] {
  return [
    unsortedSegmentSumConfig,
    createBatchMatMulConfig(),
    createGatherConfig(),
    createConcatConfig(),
    createSplitConfig(),
    createSumConfig(),
  ].filter((k): k is KernelConfig => !!k);
}

let registered: string[] | undefined;

/**
 * Registers (or replaces) reco's kernels on the wasm backend (all, or the names in `only`);
 * idempotent.
 * @returns the names of the kernels registered.
 */
export function registerWasmKernels(only?: readonly string[]): string[] {
  if (registered) return registered;
  registered = [];
  for (const config of wasmKernels()) {
    if (only && !only.includes(config.kernelName)) continue;
    // Replacing a built-in kernel: unregister first so tfjs does not warn about a duplicate.
    if (getKernel(config.kernelName, config.backendName))
      unregisterKernel(config.kernelName, config.backendName);
    registerKernel(config);
    registered.push(config.kernelName);
  }
  return registered;
}
