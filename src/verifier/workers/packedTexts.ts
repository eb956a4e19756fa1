/**
 * A chunk's credential texts as they travel to a worker: UTF-8 in one buffer the message moves (transfers)
 * rather than copies, and where each text ends in it. The worker hands the buffer back with its answer, so
 * the calling thread writes every chunk into memory it has already touched.
 *
 * Why: posting the texts as strings made the calling thread structured-clone each one, and encoding each
 * chunk into a new buffer was hardly cheaper. Both write megabytes into fresh memory, whose first touch
 * (page faults) dominated: on the 2-core machine of `npm run bench:verify`, 10,000 credentials (15 MB)
 * cost ~250 ms as strings, ~110 ms joined and encoded into new buffers, ~2 ms encoded into reused ones;
 * all of it time taken from the workers' cores.
 */
export type PackedTexts =
  /** `ends[i]` is the byte where text `i` ends in `utf8` (it starts where text `i - 1` ends). */
  | { utf8: Uint8Array; ends: number[] }
  /**
   * Texts holding a lone surrogate, as they are: UTF-8 can't carry one (an encoder writes U+FFFD instead)
   * and the checks must see the text they were given. Only a pasted or hand-made text can hold one.
   */
  | { strings: string[] };

/** Buffers kept for reuse: a few more than the chunks that can be on their way at once. */
const MAX_SPARE_BUFFERS = 8;

/** The sending side: packs chunks into the buffers the workers gave back. */
export class TextPacker {
  private readonly spare: ArrayBuffer[] = [];

  /** `texts` packed for a worker, and the buffer to move with the message (none for strings). */
  pack(texts: readonly string[]): { packed: PackedTexts; transfer: ArrayBuffer[] } {
    if (!texts.every((text) => text.isWellFormed())) return { packed: { strings: [...texts] }, transfer: [] };
    let bytes = new Uint8Array(this.spare.pop() ?? new ArrayBuffer(worstCase(texts)));
    const ends: number[] = [];
    let at = 0;
    for (const text of texts) {
      let { read, written } = encoder.encodeInto(text, bytes.subarray(at));
      if (read < text.length) {
        // A reused buffer too small for this chunk: a new one, sized for the worst case, from here.
        const grown = new Uint8Array(at + worstCase(texts.slice(ends.length)));
        grown.set(bytes.subarray(0, at));
        bytes = grown;
        ({ written } = encoder.encodeInto(text, bytes.subarray(at)));
      }
      ends.push((at += written));
    }
    return { packed: { utf8: bytes.subarray(0, at), ends }, transfer: [bytes.buffer as ArrayBuffer] };
  }

  /** Takes back a buffer a worker returned, for a later chunk. */
  reuse(buffer: ArrayBuffer): void {
    if (this.spare.length < MAX_SPARE_BUFFERS) this.spare.push(buffer);
  }
}

/** The texts `TextPacker.pack` packed, and its buffer to give back (undefined for strings). */
export function unpackTexts(packed: PackedTexts): { texts: string[]; buffer: ArrayBuffer | undefined } {
  if ('strings' in packed) return { texts: packed.strings, buffer: undefined };
  let start = 0;
  // Each text decoded by itself: small strings, in memory the heap reuses (one large string would not be).
  const texts = packed.ends.map((end) => decoder.decode(packed.utf8.subarray(start, (start = end))));
  return { texts, buffer: packed.utf8.buffer as ArrayBuffer };
}

/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2). */
function worstCase(texts: readonly string[]): number {
  return 3 * texts.reduce((sum, text) => sum + text.length, 0);
}

const encoder = new TextEncoder();
// `ignoreBOM` keeps a leading U+FEFF in the text, as the checks would have seen it (strict JSON refuses it).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
