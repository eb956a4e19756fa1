/**
 * Just enough of the WebAssembly binary format to emit the keccak module in `module.ts`: LEB128
 * numbers, sections, and a function body builder with the dozen opcodes it uses. Emitting the module
 * from source at load time keeps it auditable (no opaque .wasm blob in the repo) and needs no toolchain.
 */

export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, as `i32.const` and `i64.const` immediates are encoded. */
export function s64(value: bigint | number): number[] {
  let n = BigInt.asIntN(64, BigInt(value));
  const out: number[] = [];
  for (;;) {
    const byte = Number(n & 0x7fn);
    n >>= 7n;
    const done = (n === 0n && (byte & 0x40) === 0) || (n === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export function vec(items: readonly number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}

export function section(id: number, body: readonly number[]): number[] {
  return [id, ...u32(body.length), ...body];
}

export function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...u32(bytes.length), ...bytes];
}

export const I32 = 0x7f;
export const I64 = 0x7e;
const VOID_BLOCK = 0x40;

/** A function body under construction; each method appends one instruction. */
export class Code {
  readonly bytes: number[] = [];
  private op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  get(local: number) { return this.op(0x20, ...u32(local)); }
  set(local: number) { return this.op(0x21, ...u32(local)); }
  tee(local: number) { return this.op(0x22, ...u32(local)); }
  i32(value: number) { return this.op(0x41, ...s64(value)); }
  i64(value: bigint | number) { return this.op(0x42, ...s64(value)); }
  /** i64.load with a constant offset from the address on the stack (alignment hint 8 bytes). */
  load64(offset = 0) { return this.op(0x29, 3, ...u32(offset)); }
  store64(offset = 0) { return this.op(0x37, 3, ...u32(offset)); }
  load8(offset = 0) { return this.op(0x2d, 0, ...u32(offset)); }
  load32(offset = 0) { return this.op(0x28, 2, ...u32(offset)); }
  call(func: number) { return this.op(0x10, ...u32(func)); }

  i32Add() { return this.op(0x6a); }
  i32Sub() { return this.op(0x6b); }
  i32Mul() { return this.op(0x6c); }
  i32Eqz() { return this.op(0x45); }
  i32Ne() { return this.op(0x47); }
  i32LtU() { return this.op(0x49); }
  i32GtU() { return this.op(0x4b); }
  i32LtS() { return this.op(0x48); }
  i32GeS() { return this.op(0x4e); }
  i32And() { return this.op(0x71); }
  i32Or() { return this.op(0x72); }
  i32Shl() { return this.op(0x74); }
  i32ShrU() { return this.op(0x76); }
  i64ExtendU() { return this.op(0xad); }
  i64Shl() { return this.op(0x86); }
  i64And() { return this.op(0x83); }
  i64Xor() { return this.op(0x85); }
  i64Rotl() { return this.op(0x89); }

  block() { return this.op(0x02, VOID_BLOCK); }
  loop() { return this.op(0x03, VOID_BLOCK); }
  if() { return this.op(0x04, VOID_BLOCK); }
  end() { return this.op(0x0b); }
  br(depth: number) { return this.op(0x0c, ...u32(depth)); }
  brIf(depth: number) { return this.op(0x0d, ...u32(depth)); }
}

export interface FunctionDef {
  /** Number of i32 parameters (every exported function here takes only i32 addresses and counts). */
  params: number;
  /** Extra locals as [count, type] runs, declared after the parameters. */
  locals: [number, number][];
  code: Code;
  export?: string;
}

/** A module of `() -> ()` / `(i32 x params) -> ()` functions over one exported, growable memory. */
export function assemble(functions: readonly FunctionDef[], data: { offset: number; bytes: number[] }): Uint8Array {
  const arities = [...new Set(functions.map((f) => f.params))];
  const types = arities.map((n) => [0x60, ...u32(n), ...Array<number>(n).fill(I32), 0]);
  const body = (f: FunctionDef) => {
    const code = [...vec(f.locals.map(([count, type]) => [...u32(count), type])), ...f.code.bytes, 0x0b];
    return [...u32(code.length), ...code];
  };
  const exported = functions.flatMap((f, i) => (f.export ? [[...name(f.export), 0x00, ...u32(i)]] : []));
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((f) => u32(arities.indexOf(f.params))))),
    ...section(5, vec([[0x00, 0x01]])), // one memory, at least 1 page, no maximum
    ...section(7, vec([...exported, [...name('memory'), 0x02, 0x00]])),
    ...section(10, vec(functions.map(body))),
    ...section(11, vec([[0x00, 0x41, ...s64(data.offset), 0x0b, ...u32(data.bytes.length), ...data.bytes]])),
  ]);
}
