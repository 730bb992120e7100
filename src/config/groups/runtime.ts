import { bool, int, type Setting } from '../setting.ts';

/**
 * The tensor runtime's switches, read from the environment where they are used (no flags: the
 * runtime starts before and without a command's flags). Mostly for measuring what each layer of
 * speed-up is worth (`npm run bench:train`).
 */
export const RUNTIME_SETTINGS = {
  fused: {
    env: 'RECO_FUSED',
    flag: null,
    default: true,
    description:
      'Fused training ops (embedding bags, softmax cross-entropy, Adam) on the wasm backend; `0` = the stock composed ops',
    parse: bool,
  },
  native: {
    env: 'RECO_NATIVE',
    flag: null,
    default: true,
    description: 'Use the native addon (OpenBLAS) when it is built; `0` = the wasm and JS kernels',
    parse: bool,
  },
  fastKernels: {
    env: 'RECO_FAST_KERNELS',
    flag: null,
    default: '',
    description:
      "reco's fast wasm kernels: empty = all of them, `none` = the stock ones, or a comma list of the ones to add",
    parse: (raw: string) => raw.trim(),
  },
  blasThreads: {
    env: 'OPENBLAS_NUM_THREADS',
    flag: null,
    default: 1,
    description:
      "Threads of the native addon's OpenBLAS products (1: they are too small to share, and a server keeps its other cores for its other workers)",
    parse: int(1, 1024),
  },
} satisfies Record<string, Setting<string | number | boolean>>;
