import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { RosterError, RosterStream, parseRoster } from '../../src/node/roster/index.js';

/** What reading a roster gives: its learners, or its error's listed problems and count. */
function outcome(read: () => unknown): unknown {
  try {
    return { learners: read() };
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    return { issues: error.issues, count: error.count, message: error.message };
  }
}

async function streamed(file: string, chunkBytes: number): Promise<unknown> {
  try {
    const learners = [];
    for await (const chunk of new RosterStream(file, { chunkBytes }).learners()) learners.push(...chunk);
    return { learners };
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    return { issues: error.issues, count: error.count, message: error.message };
  }
}

// Pieces rosters are made of, good and bad: quotes, doubled quotes, line breaks of every kind (a CRLF may
// fall across two chunks), commas, multi-byte characters (cut across chunks), duplicate ids, bad emails.
const CSV_PIECES = ['id', 'name', 'email', ',', '\n', '\r\n', '\r', '"', '""', 'S1', 's1', 'S2', 'Ada', 'Zoë Ñúñez', '😀', 'a@b.co', 'bad@', ' ', 'x'];
const JSONL_PIECES = ['{"id":"S1","name":"Ada"}', '{"id":"s1","name":"B"}', '{"id":"S2","name":"Zoë 😀","email":"a@b.co"}', '{"id":"S3"}', '{', '[]', '\n', '\r\n', '\r', ' ', '{"x":1}'];

describe('roster: RosterStream reads a file chunk by chunk as parseRoster reads it whole', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'microcred-roster-stream-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [format, pieces, header] of [
    ['csv', CSV_PIECES, 'id,name,email\n'],
    ['jsonl', JSONL_PIECES, ''],
  ] as const) {
    it(`gives the same learners or the same problems for any ${format} text and any chunk size (property)`, async () => {
      const file = path.join(dir, `roster.${format}`);
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.integer({ min: 1, max: 40 }), async (withHeader, parts, chunkBytes) => {
          const text = (withHeader ? header : '') + parts.join('');
          writeFileSync(file, text);
          const whole = outcome(() => parseRoster(text, { format, file }));
          expect(await streamed(file, chunkBytes)).to.deep.equal(whole);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('lists the first problems of a long roster in row order and counts them all, across chunks', async () => {
    const file = path.join(dir, 'many.csv');
    const rows = Array.from({ length: 5000 }, (_, i) => (i % 97 === 5 ? `S${i},,bad-email` : `S${i},Learner ${i},l${i}@x.example`));
    const text = `id,name,email\n${rows.join('\n')}\nS7,Again,\n`;
    writeFileSync(file, text);
    const whole = outcome(() => parseRoster(text, { format: 'csv', file }));
    expect(whole).to.have.property('count', 2 * 52 + 1);
    expect(await streamed(file, 4096)).to.deep.equal(whole);
  });

  it('names the first bad line of a file that is not UTF-8, as readRoster does, wherever the chunk ends', async () => {
    const file = path.join(dir, 'latin1.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('id,name\nS1,Ada\nS2,Jos'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const result = (await streamed(file, 5)) as { issues: { message: string }[] };
    expect(result.issues[0]!.message).to.match(/^line 3 is not valid UTF-8/);
  });
});
