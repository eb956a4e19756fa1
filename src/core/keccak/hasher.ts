import { keccak256 as viemKeccak256 } from 'viem';
import { InvalidArgumentError } from '../errors.js';
import { HEAP, RATE, keccakModule } from './module.js';

/**
 * keccak-256 in bulk, the shapes the Merkle tree and the digests need. Two implementations give the same
 * bytes: WebAssembly (`module.ts`, ~3x faster than hash-wasm per hash because whole arrays go through
 * one call) and a pure-JS fallback on viem's keccak for runtimes that forbid WebAssembly (a page whose
 * Content-Security-Policy lacks 'wasm-unsafe-eval'). Everything is synchronous: the module is small enough
 * to compile synchronously everywhere, so no `await init()` is needed.
 */
export interface Hasher {
  readonly kind: 'wasm' | 'js';
  /** keccak256 of any bytes. */
  keccak256(data: Uint8Array): Uint8Array;
  /** `out[32i..]` := keccak256(keccak256(`input[64i..64i+64]`)) for each 64-byte input. */
  leaves(input: Uint8Array, out: Uint8Array): void;
  /** `out[32i..]` := keccak256(`input[64i..64i+64]`). */
  hash64(input: Uint8Array, out: Uint8Array): void;
  /** Fills nodes `last` down to 0 of a flat OpenZeppelin-layout tree in place (see `nodes` in module.ts). */
  nodes(tree: Uint8Array, last: number): void;
}

const PAGE = 65536;
// Inputs are fed to `leaves`/`hash64` this many at a time, so memory stays small for any batch size.
const CHUNK = 8192;

interface Exports {
  memory: WebAssembly.Memory;
  leaves(src: number, dst: number, n: number): void;
  hash64(src: number, dst: number, n: number): void;
  nodes(tree: number, last: number): void;
  sponge(src: number, blocks: number, dst: number): void;
}

export function createWasmHasher(): Hasher {
  const wasm = new WebAssembly.Instance(new WebAssembly.Module(keccakModule() as BufferSource)).exports as unknown as Exports;
  let memory = new Uint8Array(wasm.memory.buffer);
  const reserve = (bytes: number): Uint8Array => {
    const missing = HEAP + bytes - wasm.memory.buffer.byteLength;
    if (missing > 0) wasm.memory.grow(Math.ceil(missing / PAGE));
    // Growing detaches the old buffer; views must be made again.
    if (memory.buffer !== wasm.memory.buffer) memory = new Uint8Array(wasm.memory.buffer);
    return memory;
  };
  const chunked = (run: (src: number, dst: number, n: number) => void) => (input: Uint8Array, out: Uint8Array) => {
    const n = checkItems(input, out);
    const mem = reserve(CHUNK * 96);
    const dst = HEAP + CHUNK * 64;
    for (let start = 0; start < n; start += CHUNK) {
      const count = Math.min(CHUNK, n - start);
      mem.set(input.subarray(start * 64, (start + count) * 64), HEAP);
      run(HEAP, dst, count);
      out.set(mem.subarray(dst, dst + count * 32), start * 32);
    }
  };

  return {
    kind: 'wasm',
    keccak256(data) {
      const blocks = Math.floor(data.length / RATE) + 1;
      const mem = reserve(32 + blocks * RATE);
      const src = HEAP + 32;
      mem.set(data, src);
      mem.fill(0, src + data.length, src + blocks * RATE);
      mem[src + data.length]! ^= 0x01;
      mem[src + blocks * RATE - 1]! ^= 0x80;
      wasm.sponge(src, blocks, HEAP);
      return mem.slice(HEAP, HEAP + 32);
    },
    leaves: chunked((src, dst, n) => wasm.leaves(src, dst, n)),
    hash64: chunked((src, dst, n) => wasm.hash64(src, dst, n)),
    nodes(tree, last) {
      checkTree(tree, last);
      const mem = reserve(tree.length);
      mem.set(tree, HEAP);
      wasm.nodes(HEAP, last);
      tree.set(mem.subarray(HEAP, HEAP + 32 * (last + 1)));
    },
  };
}

export function createJsHasher(): Hasher {
  const hash = (data: Uint8Array) => viemKeccak256(data, 'bytes');
  const pair = new Uint8Array(64);
  return {
    kind: 'js',
    keccak256: hash,
    leaves(input, out) {
      const n = checkItems(input, out);
      for (let i = 0; i < n; i++) out.set(hash(hash(input.subarray(64 * i, 64 * i + 64))), 32 * i);
    },
    hash64(input, out) {
      const n = checkItems(input, out);
      for (let i = 0; i < n; i++) out.set(hash(input.subarray(64 * i, 64 * i + 64)), 32 * i);
    },
    nodes(tree, last) {
      checkTree(tree, last);
      for (let i = last; i >= 0; i--) {
        const a = tree.subarray(64 * i + 32, 64 * i + 64);
        const b = tree.subarray(64 * i + 64, 64 * i + 96);
        const [lo, hi] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
        pair.set(lo, 0);
        pair.set(hi, 32);
        tree.set(hash(pair), 32 * i);
      }
    },
  };
}

/** Lexicographic order of equal-length byte strings, as OpenZeppelin's `compare` orders them. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function checkItems(input: Uint8Array, out: Uint8Array): number {
  if (input.length % 64 !== 0 || out.length < (input.length / 64) * 32) {
    throw new InvalidArgumentError('Batch hashing needs 64-byte inputs and 32 output bytes for each.', {
      details: `input ${input.length} bytes, output ${out.length} bytes`,
    });
  }
  return input.length / 64;
}

function checkTree(tree: Uint8Array, last: number): void {
  if (!Number.isInteger(last) || tree.length < 32 * (2 * last + 3)) {
    throw new InvalidArgumentError('Tree is too small for the nodes asked for.', { details: `${tree.length} bytes, last node ${last}` });
  }
}

let current: Hasher | undefined;

/** The fastest hasher this runtime allows, made on first use. */
export function getHasher(): Hasher {
  if (!current) {
    try {
      current = createWasmHasher();
    } catch {
      // WebAssembly missing or forbidden by policy: the JS hasher gives the same bytes, slower.
      current = createJsHasher();
    }
  }
  return current;
}

/** keccak256 of bytes with the fastest hasher available. */
export function keccak256Bytes(data: Uint8Array): Uint8Array {
  return getHasher().keccak256(data);
}
