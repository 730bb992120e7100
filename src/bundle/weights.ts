import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf } from '../runtime/tf.ts';

/**
 * Weights in the TF.js binary format: `<name>.weights.bin` holds the tensors back to back and
 * `<name>.weights.json` the weight manifest entries (names, shapes, dtypes) that decode it.
 */
export async function saveWeights(dir: string, name: string, weights: tf.NamedTensorMap): Promise<string[]> {
  const { data, specs } = await tf.io.encodeWeights(weights);
  const bin = `${name}.weights.bin`;
  const json = `${name}.weights.json`;
  await writeFile(join(dir, bin), Buffer.from(data));
  await writeFile(
    join(dir, json),
    JSON.stringify({ format: 'tfjs-weights', paths: [bin], weights: specs }, null, 1),
  );
  return [bin, json];
}

/** Reads weights written by {@link saveWeights}. The caller owns (and disposes) the tensors. */
export async function loadWeights(dir: string, name: string): Promise<tf.NamedTensorMap> {
  const spec = JSON.parse(await readFile(join(dir, `${name}.weights.json`), 'utf8'));
  const buf = await readFile(join(dir, `${name}.weights.bin`));
  return tf.io.decodeWeights(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), spec.weights);
}
