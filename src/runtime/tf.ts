import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { envSetting } from '../config/env.ts';
import { ConfigError } from '../errors.ts';
import { registerWasmKernels } from './kernels/register.ts';
import { blasThreads, nativeAddon } from './native.ts';

/**
 * The one place that chooses the TensorFlow.js backend. Preference order: the native
 * bindings (`@tensorflow/tfjs-node-gpu`, then `@tensorflow/tfjs-node`) when their optional
 * install succeeded, then `@tensorflow/tfjs-backend-wasm` (always installed: its .wasm ships in
 * the package), then the pure-JS `cpu` backend. `RECO_TF_BACKEND` forces one choice.
 */
export const BACKEND_CHOICES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface RuntimeInfo {
  /** The choice that won. */
  choice: BackendChoice;
  /** `tf.getBackend()` after initialisation. */
  backend: string;
  /** Fast kernels registered on top of the backend (wasm only). */
  kernels: string[];
}

const require = createRequire(import.meta.url);
let active: Promise<RuntimeInfo> | undefined;

async function tryChoice(choice: BackendChoice): Promise<RuntimeInfo | undefined> {
  try {
    if (choice === 'tensorflow-gpu' || choice === 'tensorflow') {
      // The native packages register the 'tensorflow' backend on import. They are optional
      // dependencies, so a missing or unloadable binding is an expected outcome, not an error.
      require(choice === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node');
      if (!(await tf.setBackend('tensorflow'))) return undefined;
    } else if (choice === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) return undefined;
    } else if (!(await tf.setBackend('cpu'))) {
      return undefined;
    }
    await tf.ready();
    // RECO_FAST_KERNELS=none keeps the stock wasm kernels, or names the ones to add (comma list),
    // so benchmarks can measure what each is worth.
    const only = envSetting('fastKernels');
    const kernels =
      choice === 'wasm' && only !== 'none' && only !== '0'
        ? registerWasmKernels(only ? only.split(',').map((k) => k.trim()) : undefined)
        : [];
    return { choice, backend: tf.getBackend(), kernels };
  } catch {
    return undefined;
  }
}

/**
 * Initialises TensorFlow.js once per process and returns what is active.
 * @param given one of {@link BACKEND_CHOICES}; defaults to the setting `tfBackend` (`RECO_TF_BACKEND`),
 *   else auto.
 */
export function initTf(given?: string): Promise<RuntimeInfo> {
  active ??= (async () => {
    const force = given ?? envSetting('tfBackend');
    if (force) {
      if (!BACKEND_CHOICES.includes(force as BackendChoice)) {
        throw new ConfigError(
          `RECO_TF_BACKEND: expected one of ${BACKEND_CHOICES.join(', ')}, got "${force}"`,
        );
      }
      const info = await tryChoice(force as BackendChoice);
      if (!info) throw new ConfigError(`RECO_TF_BACKEND=${force}: that backend could not be loaded here`);
      return info;
    }
    for (const choice of BACKEND_CHOICES) {
      const info = await tryChoice(choice);
      if (info) return info;
    }
    throw new ConfigError('no TensorFlow.js backend could be initialised');
  })();
  return active;
}

/** One line for logs: the backend, reco's kernels, and whether the native addon is in use. */
export function runtimeSummary(rt: RuntimeInfo): string {
  const threads = blasThreads();
  const native =
    rt.backend !== 'wasm'
      ? ''
      : nativeAddon()
        ? `; native addon: OpenBLAS, ${threads} thread${threads === 1 ? '' : 's'}`
        : '; native addon not built (apt install libopenblas-dev, npm run build:native): JS kernels';
  return `tensorflow.js backend: ${rt.backend} (fast kernels: ${rt.kernels.join(', ') || 'none'}${native})`;
}

export { tf };
