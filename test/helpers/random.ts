/** Deterministic uniform(-0.5, 0.5) vectors, [n * dim] row-major (an LCG: tests need no quality). */
export function randomVectors(n: number, dim: number, seed: number): Float32Array {
  let s = seed;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  return Float32Array.from({ length: n * dim }, next);
}
