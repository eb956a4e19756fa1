import { expect } from 'chai';
import { CredentialTextError, credentialsFromText } from '../../src/verifier/passport.js';
import { verifySourcedCredentials } from '../../src/verifier/verifyCredentials.js';

describe('verifier: credential files and passports as text', () => {
  it('a file with one credential gives that credential, named by the file', () => {
    expect(credentialsFromText('{"id":"urn:a"}', 'a.json')).to.deep.equal([{ source: 'a.json', credential: { id: 'urn:a' } }]);
  });

  it('a passport (JSON array) gives each entry, named file[i] and placed in its passport, in order', () => {
    expect(credentialsFromText('[{"id":"urn:a"}, {"id":"urn:b"}, 3]', 'p.json')).to.deep.equal([
      { source: 'p.json[0]', credential: { id: 'urn:a' }, entry: { passport: 'p.json', index: 0 } },
      { source: 'p.json[1]', credential: { id: 'urn:b' }, entry: { passport: 'p.json', index: 1 } },
      // Not a credential, but JSON: the verifier, not the reader, says what is wrong with it.
      { source: 'p.json[2]', credential: 3, entry: { passport: 'p.json', index: 2 } },
    ]);
    expect(credentialsFromText('[]', 'empty.json')).to.deep.equal([]);
  });

  it('text that is not JSON is an error naming the file', () => {
    expect(() => credentialsFromText('{"id": ', 'broken.json'))
      .to.throw(CredentialTextError, /^broken\.json: not valid JSON \(/)
      .with.property('source', 'broken.json');
  });

  it('each verdict carries its input\'s source back, whatever the caller made it', async () => {
    // Neither needs a chain: both are refused offline.
    const fromText = await verifySourcedCredentials(credentialsFromText('[{"id":"urn:a"}, 3]', 'p.json'), { client: () => undefined });
    expect(fromText.map(({ source, status }) => [source, status])).to.deep.equal([['p.json[0]', 'malformed'], ['p.json[1]', 'malformed']]);
    const row = { file: 'a.json', line: 7 };
    const [verdict] = await verifySourcedCredentials([{ credential: { id: 'urn:a' }, source: row }], { client: () => undefined });
    expect(verdict!.source).to.equal(row);
  });
});
