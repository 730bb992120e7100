/** FNV-1a: a stable 32-bit hash, so an id or tag lands in the same bucket in training and at serving. */
export function hashBucket(value: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}
