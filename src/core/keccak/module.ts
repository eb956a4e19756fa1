import { Code, type FunctionDef, I32, I64, assemble } from './wasm.js';

/**
 * The keccak-256 WebAssembly module: Keccak-f[1600] (FIPS 202 §3) over 64-bit locals, and drivers that
 * hash many inputs per call so a tree of a million leaves crosses the JS/WASM boundary a handful of
 * times instead of three million. ~2 KB: small enough for browsers' synchronous compile (Chrome refuses
 * more than 4 KB on the main thread).
 *
 * Memory layout (byte addresses): round constants at `RC`, the 200-byte sponge state at `STATE`, and
 * from `HEAP` on whatever the caller lays out. Lanes are little-endian 64-bit words, as Keccak defines
 * them and as WebAssembly loads them.
 */
export const RC = 0;
export const STATE = 256;
export const HEAP = 512;
/** The sponge rate of keccak-256: bytes absorbed per permutation. */
export const RATE = 136;

// FIPS 202 round constants ι.
const ROUND_CONSTANTS = [
  0x0000000000000001n, 0x0000000000008082n, 0x800000000000808an, 0x8000000080008000n, 0x000000000000808bn,
  0x0000000080000001n, 0x8000000080008081n, 0x8000000000008009n, 0x000000000000008an, 0x0000000000000088n,
  0x0000000080008009n, 0x000000008000000an, 0x000000008000808bn, 0x800000000000008bn, 0x8000000000008089n,
  0x8000000000008003n, 0x8000000000008002n, 0x8000000000000080n, 0x000000000000800an, 0x800000008000000an,
  0x8000000080008081n, 0x8000000000008080n, 0x0000000080000001n, 0x8000000080008008n,
];
// ρ rotation offsets, ROTATIONS[x][y] for lane A[x, y].
const ROTATIONS = [
  [0, 36, 3, 41, 18],
  [1, 44, 10, 45, 2],
  [62, 6, 43, 15, 61],
  [28, 55, 25, 21, 56],
  [27, 20, 39, 8, 14],
];

const PERMUTE = 0; // function index

/** Keccak-f[1600] on the state in memory: 24 rounds of θ ρ π χ ι, one round body in a loop. */
function permute(): FunctionDef {
  const A = (x: number, y: number) => x + 5 * y;
  const B = (x: number, y: number) => 25 + x + 5 * y;
  const C = (x: number) => 50 + x;
  const D = (x: number) => 55 + x;
  const round = 60;
  const c = new Code();
  for (let i = 0; i < 25; i++) c.i32(0).load64(STATE + 8 * i).set(i);
  c.i32(0).set(round).loop();
  // θ: column parities C, then D[x] = C[x-1] ^ rot(C[x+1], 1) ...
  for (let x = 0; x < 5; x++) {
    c.get(A(x, 0));
    for (let y = 1; y < 5; y++) c.get(A(x, y)).i64Xor();
    c.set(C(x));
  }
  for (let x = 0; x < 5; x++) c.get(C((x + 4) % 5)).get(C((x + 1) % 5)).i64(1).i64Rotl().i64Xor().set(D(x));
  // ... folded into ρ and π: B[y, 2x+3y] = rot(A[x, y] ^ D[x], r[x, y]).
  for (let x = 0; x < 5; x++) {
    for (let y = 0; y < 5; y++) {
      c.get(A(x, y)).get(D(x)).i64Xor();
      if (ROTATIONS[x]![y]) c.i64(ROTATIONS[x]![y]!).i64Rotl();
      c.set(B(y, (2 * x + 3 * y) % 5));
    }
  }
  // χ: A[x, y] = B[x, y] ^ (~B[x+1, y] & B[x+2, y]).
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      c.get(B(x, y)).get(B((x + 1) % 5, y)).i64(-1).i64Xor().get(B((x + 2) % 5, y)).i64And().i64Xor().set(A(x, y));
    }
  }
  // ι, then next round (`round` counts bytes into the constants table).
  c.get(A(0, 0)).get(round).load64(RC).i64Xor().set(A(0, 0));
  c.get(round).i32(8).i32Add().tee(round).i32(8 * 24).i32Ne().brIf(0).end();
  for (let i = 0; i < 25; i++) c.i32(0).get(i).store64(STATE + 8 * i);
  return { params: 0, locals: [[60, I64], [1, I32]], code: c };
}

/** State := `lanes` lanes read from address `local` (the rest zero), with keccak's pad10*1 after them. */
function absorbOneBlock(c: Code, local: number, lanes: number, from = 0): void {
  for (let i = from; i < 25; i++) {
    c.i32(0);
    if (i < lanes) c.get(local).load64(8 * i);
    else if (i === lanes) c.i64(1); // 0x01 domain/pad byte right after the message
    else if (i === RATE / 8 - 1) c.i64(-0x8000000000000000n); // final 0x80 pad byte at the end of the rate
    else c.i64(0);
    c.store64(STATE + 8 * i);
  }
}

function squeeze32(c: Code, local: number): void {
  for (let i = 0; i < 4; i++) c.get(local).i32(0).load64(STATE + 8 * i).store64(8 * i);
}

/** `body` once per item while the count parameter `n` is non-zero, advancing `src` and `dst`. */
function forEachItem(c: Code, n: number, advance: [local: number, step: number][], body: () => void): void {
  c.block().get(n).i32Eqz().brIf(0).loop();
  body();
  for (const [local, step] of advance) c.get(local).i32(step).i32Add().set(local);
  c.get(n).i32(1).i32Sub().tee(n).brIf(0).end().end();
}

/**
 * leaves(digests, dst, n, index): OpenZeppelin's standard leaf of the values `[index + i, digest i]` for n
 * 32-byte digests: keccak256(keccak256(abi.encode(uint256 index, bytes32 digest))). The abi encoding is
 * built here (index big-endian in bytes 28-31 of the first word), so callers pass digests as they are.
 */
function leaves(): FunctionDef {
  const [src, dst, n, index] = [0, 1, 2, 3];
  const c = new Code();
  forEachItem(c, n, [[src, 32], [dst, 32], [index, 1]], () => {
    for (let lane = 0; lane < 3; lane++) c.i32(0).i64(0).store64(STATE + 8 * lane);
    // Lane 3 holds bytes 24-31; bytes 28-31 (its high half, little-endian) are the index big-endian.
    c.i32(0);
    byteSwap32(c, index);
    c.i64ExtendU().i64(32).i64Shl().store64(STATE + 24);
    for (let lane = 0; lane < 4; lane++) c.i32(0).get(src).load64(8 * lane).store64(STATE + 32 + 8 * lane);
    absorbOneBlock(c, -1, 8, 8);
    c.call(PERMUTE);
    absorbOneBlock(c, -1, 4, 4); // second hash: its 32-byte input is already in lanes 0-3
    c.call(PERMUTE);
    squeeze32(c, dst);
  });
  return { params: 4, locals: [], code: c, export: 'leaves' };
}

/** Pushes the i32 in `local` with its bytes reversed (WebAssembly has no byte-swap instruction). */
function byteSwap32(c: Code, local: number): void {
  c.get(local).i32(24).i32Shl();
  c.get(local).i32(0xff00).i32And().i32(8).i32Shl().i32Or();
  c.get(local).i32(8).i32ShrU().i32(0xff00).i32And().i32Or();
  c.get(local).i32(24).i32ShrU().i32Or();
}

/** hash64(src, dst, n): keccak256 of n 64-byte inputs (the raw cost a tree is measured against). */
function hash64(): FunctionDef {
  const [src, dst, n] = [0, 1, 2];
  const c = new Code();
  forEachItem(c, n, [[src, 64], [dst, 32]], () => {
    absorbOneBlock(c, src, 8);
    c.call(PERMUTE);
    squeeze32(c, dst);
  });
  return { params: 3, locals: [], code: c, export: 'hash64' };
}

/**
 * nodes(tree, last): for i = last down to 0, node i := keccak256(sort(node 2i+1, node 2i+2)), nodes
 * being 32-byte words from `tree`. This is OpenZeppelin's `makeMerkleTree` loop with its sorted-pair
 * `standardNodeHash`; in its layout a node's two children are adjacent, so each pair is one 64-byte read.
 */
function nodes(): FunctionDef {
  const [tree, i, left, right, k] = [0, 1, 2, 3, 4];
  const c = new Code();
  c.block().get(i).i32(0).i32LtS().brIf(0).loop();
  c.get(tree).get(i).i32(64).i32Mul().i32Add().i32(32).i32Add().tee(left).i32(32).i32Add().set(right);
  absorbSortedPair(c, left, right, k);
  c.call(PERMUTE);
  c.get(tree).get(i).i32(32).i32Mul().i32Add().set(left);
  squeeze32(c, left);
  c.get(i).i32(1).i32Sub().tee(i).i32(0).i32GeS().brIf(0).end().end();
  return { params: 2, locals: [[3, I32]], code: c, export: 'nodes' };
}

/**
 * climb(node, siblings, depth): node := keccak256(sort(node, sibling)) for each of `depth` 32-byte
 * siblings from `siblings` in turn, the word at `node` ending as the root the path leads to. This is
 * OpenZeppelin's `processProof`: a verifier checks a whole proof in one call instead of one per level.
 */
function climb(): FunctionDef {
  const [node, sibling, depth, left, right, k] = [0, 1, 2, 3, 4, 5];
  const c = new Code();
  forEachItem(c, depth, [[sibling, 32]], () => {
    c.get(node).set(left).get(sibling).set(right);
    absorbSortedPair(c, left, right, k);
    c.call(PERMUTE);
    squeeze32(c, node);
  });
  return { params: 3, locals: [[3, I32]], code: c, export: 'climb' };
}

/**
 * State := the 32-byte words at `left` and `right` in ascending order (the first differing byte decides,
 * bytes compared unsigned like OZ's `compare`), padded as one 64-byte message. Swaps the two locals.
 */
function absorbSortedPair(c: Code, left: number, right: number, k: number): void {
  c.i32(0).set(k).block().loop();
  c.get(left).get(k).i32Add().load8().get(right).get(k).i32Add().load8().i32Ne().brIf(1);
  c.get(k).i32(1).i32Add().tee(k).i32(32).i32Ne().brIf(0).end().end();
  c.get(k).i32(32).i32LtU().if();
  c.get(left).get(k).i32Add().load8().get(right).get(k).i32Add().load8().i32GtU().if();
  c.get(left).get(right).set(left).set(right); // swap
  c.end().end();
  for (let w = 0; w < 4; w++) c.i32(0).get(left).load64(8 * w).store64(STATE + 8 * w);
  for (let w = 0; w < 4; w++) c.i32(0).get(right).load64(8 * w).store64(STATE + 32 + 8 * w);
  absorbOneBlock(c, -1, 8, 8);
}

/**
 * sponge(src, blocks, dst): keccak256 of a message the caller already padded to `blocks` rate-sized
 * blocks (pad10*1 with keccak's 0x01 domain byte), for inputs of any length.
 */
function sponge(): FunctionDef {
  const [src, blocks, dst] = [0, 1, 2];
  const c = new Code();
  for (let i = 0; i < 25; i++) c.i32(0).i64(0).store64(STATE + 8 * i);
  forEachItem(c, blocks, [[src, RATE]], () => {
    for (let i = 0; i < RATE / 8; i++) c.i32(0).i32(0).load64(STATE + 8 * i).get(src).load64(8 * i).i64Xor().store64(STATE + 8 * i);
    c.call(PERMUTE);
  });
  squeeze32(c, dst);
  return { params: 3, locals: [], code: c, export: 'sponge' };
}

/**
 * gather(leaves, order, dst, n): for k = 0..n-1, copies the 32-byte leaf number `order[k]` (uint32s at
 * `order`) to `dst - 32k`: the leaves in sorted order, written backwards as OZ's tree layout wants them.
 */
function gather(): FunctionDef {
  const [src, order, dst, n, from] = [0, 1, 2, 3, 4];
  const c = new Code();
  forEachItem(c, n, [[order, 4], [dst, -32]], () => {
    c.get(src).get(order).load32().i32(32).i32Mul().i32Add().set(from);
    for (let w = 0; w < 4; w++) c.get(dst).get(from).load64(8 * w).store64(8 * w);
  });
  return { params: 4, locals: [[1, I32]], code: c, export: 'gather' };
}

function constantsTable(): number[] {
  const bytes = new Uint8Array(8 * ROUND_CONSTANTS.length);
  const view = new DataView(bytes.buffer);
  ROUND_CONSTANTS.forEach((rc, i) => view.setBigUint64(8 * i, rc, true));
  return [...bytes];
}

/** The module's bytes. Function 0 must stay `permute`: the others call it by index. */
export function keccakModule(): Uint8Array {
  return assemble([permute(), leaves(), hash64(), nodes(), sponge(), gather(), climb()], { offset: RC, bytes: constantsTable() });
}
