import { keccak256 as viemKeccak256 } from 'viem';
import { InvalidArgumentError } from '../errors.js';
import { HEAP, RATE, keccakModule } from './module.js';

/**
 * keccak-256 in bulk, the shapes the Merkle tree and the digests need. Two implementations give the same
 * bytes: WebAssembly (`module.ts`; whole arrays go through one call, ~3x faster than hash-wasm per hash)
 * and pure JS on viem's keccak, for runtimes that forbid WebAssembly (a page whose Content-Security-Policy
 * lacks 'wasm-unsafe-eval'). Everything is synchronous: the module is small enough to compile
 * synchronously everywhere, so there is no `await init()`.
 */
export interface Hasher {
  readonly kind: 'wasm' | 'js';
  /** keccak256 of any bytes. */
  keccak256(data: Uint8Array): Uint8Array;
  /**
   * `out[32i..]` := OpenZeppelin's standard leaf of the value `[first + i, digests[32i..32i+32]]`:
   * keccak256(keccak256(abi.encode(uint256, bytes32))).
   */
  leaves(digests: Uint8Array, out: Uint8Array, first: number): void;
  /** `out[32i..]` := keccak256(`input[64i..64i+64]`). */
  hash64(input: Uint8Array, out: Uint8Array): void;
  /**
   * OpenZeppelin's flat node array (root first, node i's children at 2i+1 and 2i+2) for the values
   * `[i, digests[32i..32i+32]]`. `order` receives the n leaves (a view valid only during the call) and
   * returns leaf positions in the order the tree lists them; the k-th goes to node 2n-2-k.
   */
  tree(digests: Uint8Array, order: (leaves: Uint8Array) => Uint32Array): Uint8Array;
  /**
   * The root a Merkle path leads to: `node := keccak256(sort(node, sibling))` for each 32-byte sibling of
   * `siblings` in turn, starting from `leaf` (OpenZeppelin's `processProof`).
   */
  climb(leaf: Uint8Array, siblings: Uint8Array): Uint8Array;
}

const PAGE = 65536;
// Inputs go through `leaves`/`hash64` this many at a time, so small jobs need little memory.
const CHUNK = 8192;

interface Exports {
  memory: WebAssembly.Memory;
  leaves(src: number, dst: number, n: number, first: number): void;
  hash64(src: number, dst: number, n: number): void;
  nodes(tree: number, last: number): void;
  sponge(src: number, blocks: number, dst: number): void;
  gather(leaves: number, order: number, dst: number, n: number): void;
  climb(node: number, siblings: number, depth: number): void;
}

// A tree needing more module memory than this is built in an instance of its own, dropped with its
// memory once the tree is out: WebAssembly memory cannot shrink, and a 1,000,000-leaf tree needs 132 MB.
const KEPT_MEMORY = 16 << 20;

/** An instance of the module, and `reserve(bytes)`: its memory, grown to hold `bytes` after `HEAP`. */
function instantiate(module: WebAssembly.Module): { wasm: Exports; reserve: (bytes: number) => Uint8Array } {
  const wasm = new WebAssembly.Instance(module).exports as unknown as Exports;
  let memory = new Uint8Array(wasm.memory.buffer);
  // Memory grows to the largest job and stays (WebAssembly memory cannot shrink): ~132 bytes per leaf.
  // Only this function grows it, so `memory` is current unless it grows here: the `memory.buffer` getter
  // is not free, and a verifier hashes a dozen short messages per credential.
  const reserve = (bytes: number): Uint8Array => {
    const missing = HEAP + bytes - memory.length;
    if (missing > 0) {
      wasm.memory.grow(Math.ceil(missing / PAGE));
      // Growing detaches the old buffer; views must be made again.
      memory = new Uint8Array(wasm.memory.buffer);
    }
    return memory;
  };
  return { wasm, reserve };
}

export function createWasmHasher(): Hasher {
  const module = new WebAssembly.Module(keccakModule() as BufferSource);
  const { wasm, reserve } = instantiate(module);
  const chunked = (inSize: number, input: Uint8Array, out: Uint8Array, run: (src: number, dst: number, n: number, start: number) => void) => {
    const n = checkItems(inSize, input, out);
    const mem = reserve(CHUNK * (inSize + 32));
    const dst = HEAP + CHUNK * inSize;
    for (let start = 0; start < n; start += CHUNK) {
      const count = Math.min(CHUNK, n - start);
      mem.set(input.subarray(start * inSize, (start + count) * inSize), HEAP);
      run(HEAP, dst, count, start);
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
    leaves(digests, out, first) {
      checkFirst(first, digests.length / 32);
      chunked(32, digests, out, (src, dst, n, start) => wasm.leaves(src, dst, n, first + start));
    },
    hash64(input, out) {
      chunked(64, input, out, (src, dst, n) => wasm.hash64(src, dst, n));
    },
    tree(digests, order) {
      const n = checkDigests(digests);
      // Everything stays in module memory from digests to root: digests, leaves, order, nodes.
      const [leaves, sorted, nodes] = [HEAP + 32 * n, HEAP + 64 * n, HEAP + 68 * n + ((4 * n) % 8)];
      const bytes = nodes - HEAP + 32 * (2 * n - 1);
      const job = bytes > KEPT_MEMORY ? instantiate(module) : { wasm, reserve };
      const mem = job.reserve(bytes);
      mem.set(digests, HEAP);
      job.wasm.leaves(HEAP, leaves, n, 0);
      const positions = order(mem.subarray(leaves, leaves + 32 * n));
      new Uint32Array(mem.buffer, sorted, n).set(positions);
      job.wasm.gather(leaves, sorted, nodes + 32 * (2 * n - 2), n);
      if (n > 1) job.wasm.nodes(nodes, n - 2);
      return mem.slice(nodes, nodes + 32 * (2 * n - 1));
    },
    climb(leaf, siblings) {
      const depth = checkPath(leaf, siblings);
      const mem = reserve(32 + siblings.length);
      mem.set(leaf, HEAP);
      mem.set(siblings, HEAP + 32);
      wasm.climb(HEAP, HEAP + 32, depth);
      return mem.slice(HEAP, HEAP + 32);
    },
  };
}

export function createJsHasher(): Hasher {
  const hash = (data: Uint8Array) => viemKeccak256(data, 'bytes');
  const hasher: Hasher = {
    kind: 'js',
    keccak256: hash,
    leaves(digests, out, first) {
      const n = checkItems(32, digests, out);
      checkFirst(first, n);
      const encoded = new Uint8Array(64);
      const view = new DataView(encoded.buffer);
      for (let i = 0; i < n; i++) {
        view.setUint32(28, first + i);
        encoded.set(digests.subarray(32 * i, 32 * i + 32), 32);
        out.set(hash(hash(encoded)), 32 * i);
      }
    },
    hash64(input, out) {
      const n = checkItems(64, input, out);
      for (let i = 0; i < n; i++) out.set(hash(input.subarray(64 * i, 64 * i + 64)), 32 * i);
    },
    tree(digests, order) {
      const n = checkDigests(digests);
      const leaves = new Uint8Array(32 * n);
      hasher.leaves(digests, leaves, 0);
      const positions = order(leaves);
      const nodes = new Uint8Array(32 * (2 * n - 1));
      positions.forEach((leaf, k) => nodes.set(leaves.subarray(32 * leaf, 32 * leaf + 32), 32 * (2 * n - 2 - k)));
      const pair = new Uint8Array(64);
      for (let i = n - 2; i >= 0; i--) {
        const a = nodes.subarray(64 * i + 32, 64 * i + 64);
        const b = nodes.subarray(64 * i + 64, 64 * i + 96);
        const [lo, hi] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
        pair.set(lo, 0);
        pair.set(hi, 32);
        nodes.set(hash(pair), 32 * i);
      }
      return nodes;
    },
    climb(leaf, siblings) {
      const depth = checkPath(leaf, siblings);
      let node: Uint8Array = leaf.slice();
      const pair = new Uint8Array(64);
      for (let i = 0; i < depth; i++) {
        const other = siblings.subarray(32 * i, 32 * i + 32);
        const [lo, hi] = compareBytes(node, other) <= 0 ? [node, other] : [other, node];
        pair.set(lo, 0);
        pair.set(hi, 32);
        node = hash(pair);
      }
      return node;
    },
  };
  return hasher;
}

/** Lexicographic order of equal-length byte strings, as OpenZeppelin's `compare` orders them. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function checkItems(inSize: number, input: Uint8Array, out: Uint8Array): number {
  if (input.length % inSize !== 0 || out.length < (input.length / inSize) * 32) {
    throw new InvalidArgumentError(`Batch hashing needs ${inSize}-byte inputs and 32 output bytes for each.`, {
      details: `input ${input.length} bytes, output ${out.length} bytes`,
    });
  }
  return input.length / inSize;
}

function checkPath(leaf: Uint8Array, siblings: Uint8Array): number {
  if (leaf.length !== 32 || siblings.length % 32 !== 0) {
    throw new InvalidArgumentError('A Merkle path needs a 32-byte leaf and 32-byte siblings.', {
      details: `leaf ${leaf.length} bytes, siblings ${siblings.length} bytes`,
    });
  }
  return siblings.length / 32;
}

function checkDigests(digests: Uint8Array): number {
  const n = digests.length / 32;
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('A tree needs one or more 32-byte digests.', { details: `${digests.length} bytes` });
  checkFirst(0, n);
  return n;
}

// Leaf indices are uint32 inside the module (see MAX_INDEX in merkle/leaf.ts).
function checkFirst(first: number, n: number): void {
  if (!Number.isInteger(first) || first < 0 || first + n - 1 > 0xffffffff) {
    throw new InvalidArgumentError('Leaf indices must be integers from 0 to 2^32 - 1.', { details: `first ${first}, count ${n}` });
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
