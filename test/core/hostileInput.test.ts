// Input written by an attacker: every case here took minutes, gigabytes or the call stack before the
// bounds it checks (issue 9, "bounded work on hostile input" and "duplicate JSON keys").
import { expect } from 'chai';
import {
  CredentialValidationError,
  MAX_JSON_DEPTH,
  StrictJsonError,
  buildBatch,
  checkIntegrity,
  parseStrictJson,
  validateAchievementTemplate,
  validateCredential,
} from '../../src/core/index.js';
import { parseRoster, RosterError } from '../../src/node/roster/index.js';
import {
  CredentialTextError,
  MAX_CREDENTIAL_TEXT_BYTES,
  MAX_PASSPORT_CREDENTIALS,
  PassportLimitError,
  assertPassportSize,
  credentialsFromText,
} from '../../src/verifier/index.js';
import { REGISTRY, anchoredBatch, learnerCredential, template } from '../helpers/credentials.js';
import { anchorProofOf } from '../../src/core/credential/format.js';

/** What `run` throws, and how long it took. */
function timedThrow(run: () => unknown): { error: unknown; ms: number } {
  const started = performance.now();
  try {
    run();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  expect.fail('expected an error');
}

/** `[depth]` nested arrays, built without recursion. */
function nestedArrays(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

describe('hostile input: validation is linear and its report bounded', () => {
  // 30,000 bad salts and 30,000 bad hidden commitments (a 3 MB file): 60,000 problems.
  const BAD = 30_000;
  const flooded = () => {
    const credential = structuredClone(anchoredBatch(1)[0]!);
    const proof = anchorProofOf(credential)! as unknown as { salts: Record<string, string>; hidden: Record<string, string> };
    for (let i = 0; i < BAD; i++) {
      proof.salts[`bogus${i}`] = '0x00';
      proof.hidden[`bogus${i}`] = '0x00';
    }
    return credential;
  };

  it('a credential with 60,000 bad entries: 20 problems with their paths and a count, in well under 5 s (was minutes)', () => {
    const { error, ms } = timedThrow(() => validateCredential(flooded()));
    expect(error).to.be.instanceOf(CredentialValidationError);
    const { issues, count, message } = error as CredentialValidationError;
    expect(count).to.equal(2 * BAD);
    expect(issues).to.have.length(20);
    expect(issues[0]).to.deep.equal({ path: 'proof.0.salts.bogus0', message: 'is not a disclosable field path' });
    expect(message).to.include(`Credential has ${2 * BAD} problems.`).and.include(`… and ${2 * BAD - 20} more`);
    expect(message.length).to.be.below(3000);
    expect(ms, `took ${ms.toFixed(0)} ms`).to.be.below(5000);
  });

  it('checkIntegrity says the same in one bounded sentence (it was a 7 MB message)', () => {
    const result = checkIntegrity(flooded());
    expect(result.failedStep).to.equal('schema');
    expect(result.issues).to.have.length(20);
    expect(result.message).to.include(`… and ${2 * BAD - 20} more`);
    expect(result.message.length).to.be.below(3000);
  });

  it('an achievement template with 30,000 unknown keys: 20 named, and the count', () => {
    const bloated: Record<string, unknown> = { ...template };
    for (let i = 0; i < BAD; i++) bloated[`extra${i}`] = i;
    const { error, ms } = timedThrow(() => validateAchievementTemplate(bloated));
    expect((error as CredentialValidationError).count).to.equal(BAD);
    expect((error as CredentialValidationError).issues.map((issue) => issue.path).slice(0, 2)).to.deep.equal(['extra0', 'extra1']);
    expect(ms, `took ${ms.toFixed(0)} ms`).to.be.below(5000);
  });

  it('a batch sums its credentials\' counts and carries 20 problems, each path led by the credential\'s index', () => {
    const drafts = Array.from({ length: 30 }, (_, i) => ({ ...learnerCredential(i), name: '' }));
    const { error } = timedThrow(() => buildBatch(drafts, { issuer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', registry: REGISTRY }));
    expect((error as CredentialValidationError).count).to.equal(30);
    expect((error as CredentialValidationError).issues.map((issue) => issue.path).slice(0, 2)).to.deep.equal(['0.name', '1.name']);
    expect((error as CredentialValidationError).issues).to.have.length(20);
  });

  it('a roster with 30,000 bad cells: 20 problems with file, row and column, and the count', () => {
    const rows = Array.from({ length: BAD }, (_, i) => `s${i},Learner ${i},not-an-email`);
    const { error, ms } = timedThrow(() => parseRoster(`id,name,email\n${rows.join('\n')}\n`, { format: 'csv', file: 'big.csv' }));
    expect(error).to.be.instanceOf(RosterError);
    const { issues, count, message } = error as RosterError;
    expect(count).to.equal(BAD);
    expect(issues).to.have.length(20);
    expect(issues[0]).to.include({ file: 'big.csv', row: 2, column: 'email' });
    expect(message).to.include(`… and ${BAD - 20} more`);
    expect(message.length).to.be.below(5000);
    expect(ms, `took ${ms.toFixed(0)} ms`).to.be.below(5000);
  });
});

describe('hostile input: strict JSON for credential text', () => {
  it('refuses a key given twice, naming the key, its path and its line', () => {
    const text = '{\n  "id": "urn:a",\n  "credentialSubject": {\n    "name": "Ada",\n    "name": "Eve"\n  }\n}';
    expect(() => credentialsFromText(text, 'dup.json'))
      .to.throw(CredentialTextError, 'dup.json: duplicate key "name" at credentialSubject.name (line 5)')
      .with.property('source', 'dup.json');
  });

  it('names a passport entry by position, and sees through escapes ("i\\u0064" is "id")', () => {
    const text = '[{"id":"urn:a"},\n{"issuer":{"id":"did:pkh:eip155:1:0x1","i\\u0064":"did:pkh:eip155:1:0x2"}}]';
    const { error } = timedThrow(() => parseStrictJson(text));
    expect(error).to.be.instanceOf(StrictJsonError).and.include({ problem: 'duplicate-key', path: '[1].issuer.id', line: 2 });
  });

  it('reads escaped quotes and backslashes in strings without mistaking them for keys', () => {
    expect(parseStrictJson('{"a":"\\\\","b":"x\\"y","c":{"a":1}}')).to.deep.equal({ a: '\\', b: 'x"y', c: { a: 1 } });
  });

  it(`refuses text nested deeper than ${MAX_JSON_DEPTH} levels, before anything recurses into it`, () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const { error } = timedThrow(() => credentialsFromText(text, 'deep.json'));
    expect(error).to.be.instanceOf(CredentialTextError);
    expect((error as Error).message).to.match(/^deep\.json: nested deeper than 64 levels at \[0\]\[0\].* \(line 1\)$/);
    expect(parseStrictJson(JSON.stringify(nestedArrays(MAX_JSON_DEPTH)))).to.deep.equal(nestedArrays(MAX_JSON_DEPTH));
  });

  it('a deeply nested object handed over directly is malformed, not a stack overflow or "tampered"', () => {
    const credential = { ...anchoredBatch(1)[0]!, evidence: nestedArrays(200_000) };
    const result = checkIntegrity(credential);
    expect(result).to.include({ ok: false, failedStep: 'schema' });
    expect(result.message).to.match(/nests deeper than 64 levels at evidence\.0\.0/);
  });
});

describe('hostile input: passport limits', () => {
  it('a passport of 1,000,000 {} entries is refused at once, without parsing it all (it took 109 s and 1.9 GB)', () => {
    const text = `[${new Array(1_000_000).fill('{}').join(',')}]`;
    const { error, ms } = timedThrow(() => credentialsFromText(text, 'million.json'));
    expect(error).to.be.instanceOf(PassportLimitError);
    expect((error as Error).message).to.equal('million.json: more than 100,000 credentials; at most 100,000 are verified at once: split the passport');
    expect(ms, `took ${ms.toFixed(0)} ms`).to.be.below(1000);
  });

  it('a passport of 200,000 entries is refused; one of exactly 100,000 is read', () => {
    const entries = (n: number) => `[${new Array(n).fill('{"id":"urn:x"}').join(',\n')}]`;
    expect(() => credentialsFromText(entries(200_000), 'p.json')).to.throw(PassportLimitError, /^p\.json: more than 100,000 credentials/);
    expect(credentialsFromText(entries(MAX_PASSPORT_CREDENTIALS), 'p.json')).to.have.length(MAX_PASSPORT_CREDENTIALS);
  });

  it(`text over ${MAX_CREDENTIAL_TEXT_BYTES} bytes is refused before it is parsed`, () => {
    const text = ' '.repeat(MAX_CREDENTIAL_TEXT_BYTES + 1);
    const { error, ms } = timedThrow(() => credentialsFromText(text, 'huge.json'));
    expect(error).to.be.instanceOf(PassportLimitError);
    expect((error as Error).message).to.equal('huge.json: 100,000,001 bytes of credential text; at most 100,000,000 (100 MB) are read from one file or paste');
    expect(ms, `took ${ms.toFixed(0)} ms`).to.be.below(100);
  });

  it('assertPassportSize refuses more than 100,000 credentials, naming the count and the limit', () => {
    expect(() => assertPassportSize(MAX_PASSPORT_CREDENTIALS)).not.to.throw();
    expect(() => assertPassportSize(250_000, 'a.json')).to.throw(PassportLimitError, 'a.json: 250,000 credentials; at most 100,000 are verified at once');
  });
});
