import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** What a replacement kernel gets: the call's parts, typed for the wasm backend, and the stock kernel. */
export interface WasmKernelCall {
  inputs: Record<string, TensorInfo> & TensorInfo[];
  attrs: NamedAttrMap;
  backend: BackendWasm;
  /** The stock wasm kernel (on this call's inputs and attributes unless others are given). */
  fallback: (inputs?: Record<string, TensorInfo>, attrs?: NamedAttrMap) => TensorInfo | TensorInfo[];
}

/**
 * A KernelConfig that replaces the wasm backend's `name` with `fast`, keeping the stock kernel as
 * its fallback; undefined when the wasm backend has no such kernel.
 */
export function overrideWasmKernel(
  name: string,
  fast: (call: WasmKernelCall) => TensorInfo | TensorInfo[],
): KernelConfig | undefined {
  const original = getKernel(name, 'wasm');
  if (!original) return undefined;
  const stock = original.kernelFunc as KernelFunc;
  return {
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: (args) =>
      fast({
        inputs: args.inputs as WasmKernelCall['inputs'],
        attrs: (args.attrs ?? {}) as NamedAttrMap,
        backend: args.backend as unknown as BackendWasm,
        fallback: (inputs, attrs) =>
          stock(
            inputs || attrs ? { ...args, inputs: inputs ?? args.inputs, attrs: attrs ?? args.attrs } : args,
          ),
      }),
  };
}
