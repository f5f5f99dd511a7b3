// Ids that a workflow derives from a key instead of drawing at random: the same key gives the same id in any
// attempt and any replay, whatever else the attempt took first. Deterministic and dependency-free, as workflow
// code must be; not cryptographic (the keys are not secret, and 128 bits keep ids of one order apart).

/** 32 bits of `key`, mixed from `seed` (FNV-1a over UTF-16 code units, then a final avalanche). */
function lane(key: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A UUID (version 8, "custom") derived from `key`. */
export function keyedUuid(key: string): string {
  const hex = [0x9e3779b9, 0x7f4a7c15, 0x94d049bb, 0x2545f491].map((seed) => lane(key, seed).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
