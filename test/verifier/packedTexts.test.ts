import { expect } from 'chai';
import { type PackedTexts, TextPacker, unpackTexts } from '../../src/verifier/workers/packedTexts.js';

describe('packed texts (what the offline pool sends a worker)', () => {
  /** Packs and unpacks as a worker would, giving the buffer back to `packer`, as the pool does. */
  const roundTrip = (packer: TextPacker, texts: string[]): { packed: PackedTexts; texts: string[] } => {
    const { packed, transfer } = packer.pack(texts);
    const unpacked = unpackTexts(structuredClone(packed, { transfer }));
    if (unpacked.buffer) packer.reuse(unpacked.buffer);
    return { packed, texts: unpacked.texts };
  };

  it('gives back the very texts: empty ones, blanks, non-ASCII, astral characters and a leading byte order mark', () => {
    const texts = ['{"a":1}', '', ' [ ] ', '{"name":"Zoë Ångström – 学位"}', '"😀𝄞"', '\ufeff{"a":1}', '\ufeff'];
    const { packed, texts: back } = roundTrip(new TextPacker(), texts);
    expect('utf8' in packed, 'sent as UTF-8').to.equal(true);
    expect(back).to.deep.equal(texts);
  });

  it('sends a chunk holding a lone surrogate as strings, which UTF-8 could not carry', () => {
    const texts = ['{"a":1}', '"\ud800"', '"\udc00x"'];
    const { packed, texts: back } = roundTrip(new TextPacker(), texts);
    expect(packed).to.deep.equal({ strings: texts });
    expect(back).to.deep.equal(texts);
  });

  it('reuses the buffers given back, and grows one too small for a later chunk', () => {
    const packer = new TextPacker();
    const first = roundTrip(packer, ['"a"', '"b"']);
    const firstBuffer = (first.packed as { utf8: Uint8Array }).utf8.buffer;
    expect(firstBuffer.byteLength, 'moved to the worker').to.equal(0);
    // Three times the first chunk's characters, non-ASCII: more bytes than its buffer holds.
    const big = ['"' + 'é'.repeat(40) + '"', '"' + '学'.repeat(40) + '"'];
    expect(roundTrip(packer, big).texts).to.deep.equal(big);
    const small = ['"c"'];
    const again = packer.pack(small);
    expect(again.transfer[0]!.byteLength, 'the grown buffer, reused').to.be.at.least(3 * (42 + 42));
    expect(unpackTexts(again.packed).texts).to.deep.equal(small);
  });
});
