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
  /** The stock wasm kernel, for the cases the replacement does not handle. */
  fallback: () => TensorInfo | TensorInfo[];
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
        fallback: () => stock(args),
      }),
  };
}
