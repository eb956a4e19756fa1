/** `n` random 32-byte digests, flat. crypto.getRandomValues fills 64 KiB per call. */
export function randomDigests(n: number): Uint8Array {
  const flat = new Uint8Array(32 * n);
  for (let at = 0; at < flat.length; at += 65536) crypto.getRandomValues(flat.subarray(at, at + 65536));
  return flat;
}

export function hexWords(flat: Uint8Array): `0x${string}`[] {
  return Array.from({ length: flat.length / 32 }, (_, i) => `0x${Buffer.from(flat.subarray(32 * i, 32 * i + 32)).toString('hex')}` as const);
}
