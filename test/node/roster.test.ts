import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { RosterError, type RosterIssue, parseCsv, parseRoster, readRoster } from '../../src/node/roster/index.js';

function issuesOf(run: () => unknown): RosterIssue[] {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(RosterError);
    return [...(error as RosterError).issues];
  }
  expect.fail('expected a RosterError');
}

const csv = (text: string) => parseRoster(text, { format: 'csv', file: 'r.csv' });
const jsonl = (text: string) => parseRoster(text, { format: 'jsonl', file: 'r.jsonl' });
const brief = (issues: RosterIssue[]) => issues.map(({ row, column }) => ({ row, column }));

describe('roster: CSV reader (RFC 4180)', () => {
  it('reads quotes, doubled quotes, commas and line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n"two\r\nlines",z\r\n';
    expect(parseCsv(text)).to.deep.equal({
      records: [
        { row: 1, fields: ['a', 'b'] },
        { row: 2, fields: ['x, y', 'say "hi"'] },
        { row: 3, fields: ['two\r\nlines', 'z'] },
      ],
      issues: [],
    });
  });

  it('accepts LF and lone CR line ends, a missing final line break and empty fields', () => {
    expect(parseCsv('a,b\nc,\r,d').records).to.deep.equal([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['c', ''] },
      { row: 3, fields: ['', 'd'] },
    ]);
    expect(parseCsv('a,').records).to.deep.equal([{ row: 1, fields: ['a', ''] }]);
    expect(parseCsv('"",""').records).to.deep.equal([{ row: 1, fields: ['', ''] }]);
  });

  it('reports every syntax error with its row and field and keeps reading after each', () => {
    const { records, issues } = parseCsv('a,b\nx"y,1\n"ok"z,2\nfine,3\n"open,4\nlost,5\n');
    expect(issues.map(({ row, field }) => ({ row, field }))).to.deep.equal([
      { row: 2, field: 0 },
      { row: 3, field: 0 },
      { row: 5, field: 0 },
    ]);
    expect(issues[0]!.message).to.match(/double quote inside an unquoted value/);
    expect(issues[1]!.message).to.match(/after the closing double quote/);
    expect(issues[2]!.message).to.match(/never closed/);
    expect(records.map((r) => r.row)).to.deep.equal([1, 4]);
  });
});

describe('roster: parseRoster (CSV)', () => {
  it('returns learners with their spreadsheet rows, trimmed values and normalised dates', () => {
    const learners = csv(
      'ID, Name ,Email,Valid From,valid-until\r\n' +
        ' s1 ,"Lovelace, Ada",ada@example.org,2025-07-01,2027-06-30\r\n' +
        '\r\n' +
        's2,Grace Hopper,,,\r\n' +
        's3,Alan Turing,,2025-07-01T09:00:00+02:00\r\n',
    );
    expect(learners).to.deep.equal([
      {
        row: 2,
        id: 's1',
        name: 'Lovelace, Ada',
        email: 'ada@example.org',
        validFrom: '2025-07-01T00:00:00Z',
        validUntil: '2027-06-30T23:59:59Z',
      },
      { row: 4, id: 's2', name: 'Grace Hopper' },
      { row: 5, id: 's3', name: 'Alan Turing', validFrom: '2025-07-01T07:00:00Z' },
    ]);
  });

  it('counts a quoted value spanning lines as one row, as a spreadsheet shows it', () => {
    const issues = issuesOf(() => csv('id,name,email\ns1,"Ada\nLovelace",\ns2,Bob,nope\n'));
    // Row 2's name has a line break (an error of its own); row 3 is the next record, not line 4.
    expect(brief(issues)).to.deep.equal([
      { row: 2, column: 'name' },
      { row: 3, column: 'email' },
    ]);
  });

  it('reports every bad row at once, naming file, row and column', () => {
    const error = (() => {
      try {
        csv(
          [
            'id,name,email,valid_from,valid_until',
            ',Nameless,,,',
            's2,,not-an-email,,',
            '.hidden,Dot,,2025-02-30,',
            's4,Dates,,2025-07-01,2025-06-30',
            's5,Bad Until,,,tomorrow',
            'S2,Dup Case,,,',
            'x/y,Slash,,,',
          ].join('\n'),
        );
      } catch (e) {
        return e as RosterError;
      }
      expect.fail('expected a RosterError');
    })();
    expect(error.file).to.equal('r.csv');
    expect(error.issues.every((issue) => issue.file === 'r.csv')).to.equal(true);
    expect(brief([...error.issues])).to.deep.equal([
      { row: 2, column: 'id' },
      { row: 3, column: 'name' },
      { row: 3, column: 'email' },
      { row: 4, column: 'id' },
      { row: 4, column: 'valid_from' },
      { row: 5, column: 'valid_until' },
      { row: 6, column: 'valid_until' },
      { row: 8, column: 'id' },
    ]);
    expect(error.message).to.match(/^Roster r\.csv has 8 problems; nothing was issued\./);
    expect(error.message).to.include('row 3, column email: "not-an-email" is not an email address');
  });

  it('names a duplicate learner id (ignoring case) and the row it first appeared on', () => {
    const issues = issuesOf(() => csv('id,name\ns1,A\ns2,B\nS1,C\n'));
    expect(issues).to.deep.equal([
      { file: 'r.csv', row: 4, column: 'id', message: 'learner id "S1" is already used on row 2' },
    ]);
  });

  it('explains a row with more values than columns (an unquoted comma)', () => {
    const issues = issuesOf(() => csv('id,name\ns1,Lovelace, Ada\n'));
    expect(issues).to.have.length(1);
    expect(issues[0]).to.include({ row: 2 });
    expect(issues[0]!.message).to.match(/3 values but the header has 2 columns.*double quotes/);
  });

  it('accepts rows with trailing cells dropped, still requiring the required ones', () => {
    expect(csv('id,name,email\ns1,Ada\n')).to.deep.equal([{ row: 2, id: 's1', name: 'Ada' }]);
    expect(brief(issuesOf(() => csv('id,name,email\ns1\n')))).to.deep.equal([{ row: 2, column: 'name' }]);
  });

  it('rejects an unknown, unnamed, repeated or missing header column without checking rows', () => {
    const issues = issuesOf(() => csv('id,emial,,id\n,,,\n'));
    expect(brief(issues)).to.deep.equal([
      { row: 1, column: 'B' },
      { row: 1, column: 'C' },
      { row: 1, column: 'id' },
      { row: 1, column: 'name' },
    ]);
    expect(issues[0]!.message).to.match(/unknown column "emial".*id, name, email/);
    expect(issues[3]!.message).to.match(/required column "name" is missing/);
  });

  it('reports CSV syntax errors with the column name of the field', () => {
    const issues = issuesOf(() => csv('id,name\ns1,"Ada" Lovelace\ns2,"Open\n'));
    expect(brief(issues)).to.deep.equal([
      { row: 2, column: 'name' },
      { row: 3, column: 'name' },
    ]);
  });

  it('rejects an empty file, a header-only file, and overlong values', () => {
    expect(issuesOf(() => csv(''))[0]).to.include({ row: 1 });
    expect(issuesOf(() => csv('id,name\n\n'))).to.deep.equal([{ file: 'r.csv', message: 'the roster holds no learners' }]);
    const long = issuesOf(() => csv(`id,name\n${'a'.repeat(129)},${'b'.repeat(201)}\n`));
    expect(brief(long)).to.deep.equal([
      { row: 2, column: 'id' },
      { row: 2, column: 'name' },
    ]);
  });

  it('carries and lists the first 20 problems, and counts them all', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `s${i},`);
    const error = (() => {
      try {
        csv(`id,name\n${rows.join('\n')}`);
      } catch (e) {
        return e as RosterError;
      }
      expect.fail('expected a RosterError');
    })();
    expect(error.issues).to.have.length(20);
    expect(error.count).to.equal(30);
    expect(error.message).to.include('… and 10 more');
  });
});

describe('roster: holder, result and credits (issue 13)', () => {
  const DID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

  it('reads the learner DID, a result and credits', () => {
    expect(csv(`id,name,holder,result,credits\ns1,Ada,${DID},A-,7.5\ns2,Grace,,,\n`)).to.deep.equal([
      { row: 2, id: 's1', name: 'Ada', uri: DID, result: 'A-', credits: 7.5 },
      { row: 3, id: 's2', name: 'Grace' },
    ]);
    // JSONL may give credits as a number.
    expect(jsonl(`{"id":"s1","name":"Ada","holder":"did:web:ada.example","credits":12}\n`)).to.deep.equal([{ row: 1, id: 's1', name: 'Ada', uri: 'did:web:ada.example', credits: 12 }]);
  });

  it('reports a holder that is not a DID, a bad result and bad credits by file, row and column', () => {
    const issues = issuesOf(() =>
      csv(['id,name,holder,result,credits', 's1,Ada,ada@example.org,,', `s2,Bob,${DID}#key-1,,`, `s3,Cy,,${'x'.repeat(201)},`, 's4,Di,,,-1', 's5,Ed,,,1e3', 's6,Fi,,,abc', 's7,Gu,,,0'].join('\n')),
    );
    expect(issues.map(({ file, row, column }) => ({ file, row, column }))).to.deep.equal([
      { file: 'r.csv', row: 2, column: 'holder' },
      { file: 'r.csv', row: 3, column: 'holder' },
      { file: 'r.csv', row: 4, column: 'result' },
      { file: 'r.csv', row: 5, column: 'credits' },
      { file: 'r.csv', row: 6, column: 'credits' },
      { file: 'r.csv', row: 7, column: 'credits' },
    ]);
    expect(issues[0]!.message).to.match(/"ada@example\.org" is not a DID.*holder init/);
    expect(issues[3]!.message).to.match(/"-1" is not a number of credits/);
    expect(brief(issuesOf(() => jsonl('{"id":"s1","name":"Ada","credits":-2}\n{"id":"s2","name":"Bo","holder":7}\n')))).to.deep.equal([
      { row: 1, column: 'credits' },
      { row: 2, column: 'holder' },
    ]);
  });
});

describe('roster: parseRoster (JSONL)', () => {
  it('reads one object per line, skipping blank lines and treating null as absent', () => {
    const learners = jsonl('{"id":"s1","name":"Ada"}\r\n\n{"id":"s2","name":"Bob","email":null,"valid_until":"2030-01-01"}\n');
    expect(learners).to.deep.equal([
      { row: 1, id: 's1', name: 'Ada' },
      { row: 3, id: 's2', name: 'Bob', validUntil: '2030-01-01T23:59:59Z' },
    ]);
  });

  it('reports bad JSON, non-objects, unknown fields, wrong types and bad values by line', () => {
    const issues = issuesOf(() =>
      jsonl(
        [
          '{"id":"s1","name":"Ada"',
          '["s2","Bob"]',
          '{"id":"s3","name":"C","grade":"A"}',
          '{"id":4,"name":"D"}',
          '{"id":"s5","name":"E","email":"bad"}',
          '{"id":"s1","name":"Dup"}',
          '{"id":"s1","name":"Dup again"}',
        ].join('\n'),
      ),
    );
    expect(brief(issues)).to.deep.equal([
      { row: 1, column: undefined },
      { row: 2, column: undefined },
      { row: 3, column: 'grade' },
      { row: 4, column: 'id' },
      { row: 5, column: 'email' },
      { row: 7, column: 'id' },
    ]);
    expect(issues[0]!.message).to.match(/not valid JSON/);
    expect(issues[3]!.message).to.equal('must be a string, not number');
    expect(issues[5]!.message).to.equal('learner id "s1" is already used on row 6');
  });

  it('rejects a file with no learners', () => {
    expect(issuesOf(() => jsonl('\n\n'))).to.deep.equal([{ file: 'r.jsonl', message: 'the roster holds no learners' }]);
  });
});

describe('roster: readRoster', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'microcred-roster-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('picks the format from the extension and names the path in errors', async () => {
    await writeFile(path.join(dir, 'a.CSV'), 'id,name\ns1,Ada\n');
    await writeFile(path.join(dir, 'b.ndjson'), '{"id":"s1","name":"Ada"}\n');
    expect(await readRoster(path.join(dir, 'a.CSV'))).to.deep.equal([{ row: 2, id: 's1', name: 'Ada' }]);
    expect(await readRoster(path.join(dir, 'b.ndjson'))).to.deep.equal([{ row: 1, id: 's1', name: 'Ada' }]);
    await writeFile(path.join(dir, 'bad.csv'), 'id,name\ns1,\n');
    const bad = await readRoster(path.join(dir, 'bad.csv')).catch((e: RosterError) => e);
    expect(bad).to.be.instanceOf(RosterError);
    expect((bad as RosterError).issues[0]).to.include({ file: path.join(dir, 'bad.csv'), row: 2, column: 'name' });
  });

  it('rejects an unknown extension and a missing file with a RosterError', async () => {
    const unknown = await readRoster(path.join(dir, 'roster.xlsx')).catch((e: RosterError) => e);
    expect((unknown as RosterError).issues[0]!.message).to.match(/must end in \.csv, \.jsonl or \.ndjson/);
    const missing = await readRoster(path.join(dir, 'missing.csv')).catch((e: RosterError) => e);
    expect((missing as RosterError).issues[0]!.message).to.match(/cannot read the file/);
  });

  it('decodes strictly: UTF-8 with or without BOM; Latin-1 refused naming its first bad line, read right with encoding latin1', async () => {
    await writeFile(path.join(dir, 'bom.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\ns1,José García\n', 'utf8')]));
    expect(await readRoster(path.join(dir, 'bom.csv'))).to.deep.equal([{ row: 2, id: 's1', name: 'José García' }]);
    const latin1 = path.join(dir, 'latin1.csv');
    await writeFile(latin1, Buffer.from('id,name\ns0,Ada\ns1,José García\n', 'latin1'));
    const refused = await readRoster(latin1).catch((e: RosterError) => e);
    expect(refused).to.be.instanceOf(RosterError);
    expect((refused as RosterError).issues).to.have.length(1);
    expect((refused as RosterError).issues[0]!.file).to.equal(latin1);
    expect((refused as RosterError).issues[0]!.message).to.match(/^line 3 is not valid UTF-8 \(byte 7 of the line\)/).and.include('--encoding latin1');
    expect(await readRoster(latin1, { encoding: 'latin1' })).to.deep.equal([
      { row: 2, id: 's0', name: 'Ada' },
      { row: 3, id: 's1', name: 'José García' },
    ]);
  });

  it('refuses UTF-16 read as UTF-8 and an unknown encoding label, saying what to give', async () => {
    const utf16 = path.join(dir, 'utf16.csv');
    await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\ns1,José\n', 'utf16le')]));
    const refused = await readRoster(utf16).catch((e: RosterError) => e);
    expect((refused as RosterError).issues[0]!.message).to.match(/UTF-16 text, not UTF-8/).and.include('--encoding utf-16le');
    expect(await readRoster(utf16, { encoding: 'utf-16le' })).to.deep.equal([{ row: 2, id: 's1', name: 'José' }]);
    const unknown = await readRoster(utf16, { encoding: 'klingon' }).catch((e: RosterError) => e);
    expect((unknown as RosterError).issues[0]!.message).to.match(/unknown encoding "klingon"/);
  });
});
