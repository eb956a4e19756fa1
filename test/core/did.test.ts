import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import jsonld from 'jsonld';
import { keccak256, toBytes } from 'viem';
import {
  DidResolutionError,
  DocumentLoaderError,
  InvalidArgumentError,
  OFFLINE_CONTEXTS,
  anchoringAccounts,
  assertionKeys,
  buildIssuerDidDocument,
  canonicalJson,
  createDocumentLoader,
  didDocumentHash,
  didWeb,
  didWebDocumentUrl,
  generateIssuerKey,
  resolveDid,
} from '../../src/core/index.js';

const DID = 'did:web:credentials.example.edu';
const ACCOUNTS = ['0x70997970c51812dc3a010c7d01b50e0d17dc79c8', '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'] as const;
const key = await generateIssuerKey();
const document = buildIssuerDidDocument({ did: DID, signingKey: key, accounts: [...ACCOUNTS] });

/** A fetch that answers every request with `body` (or runs `respond`), recording the URLs asked. */
function fakeFetch(respond: (url: string, init: RequestInit) => Promise<Response>) {
  const asked: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    asked.push(String(input));
    return respond(String(input), init);
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}
const json = (value: unknown, init?: ResponseInit) => async () => new Response(typeof value === 'string' ? value : JSON.stringify(value), init);

async function failure(promise: Promise<unknown>): Promise<DidResolutionError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(DidResolutionError);
    return error as DidResolutionError;
  }
  throw new Error('expected a DidResolutionError');
}

describe('did:web mapping (vectors from the did:web method spec)', () => {
  it('maps DIDs to their document URLs', () => {
    expect(didWebDocumentUrl('did:web:w3c-ccg.github.io')).to.equal('https://w3c-ccg.github.io/.well-known/did.json');
    expect(didWebDocumentUrl('did:web:w3c-ccg.github.io:user:alice')).to.equal('https://w3c-ccg.github.io/user/alice/did.json');
    expect(didWebDocumentUrl('did:web:example.com%3A3000:user:alice')).to.equal('https://example.com:3000/user/alice/did.json');
  });

  it('builds DIDs from a domain and path, the port encoded as %3A', () => {
    expect(didWeb('w3c-ccg.github.io')).to.equal('did:web:w3c-ccg.github.io');
    expect(didWeb('w3c-ccg.github.io', 'user/alice')).to.equal('did:web:w3c-ccg.github.io:user:alice');
    expect(didWeb('example.com:3000', '/user/alice/')).to.equal('did:web:example.com%3A3000:user:alice');
    expect(didWebDocumentUrl(didWeb('example.com:3000', 'user/alice'))).to.equal('https://example.com:3000/user/alice/did.json');
  });

  it('refuses malformed domains and DIDs, saying what is wrong', () => {
    for (const domain of ['Example.com', 'https://example.com', 'example .com', 'example.com/x', '', 'example.com:0', 'example.com:99999', '-a.com']) {
      expect(() => didWeb(domain), domain).to.throw(InvalidArgumentError, /did:web (domain|port)/);
    }
    expect(() => didWeb('example.com', 'a//b')).to.throw(InvalidArgumentError, /path/);
    const bad: [string, RegExp][] = [
      ['did:key:z6Mk', /start with "did:web:"/],
      ['did:web:Example.com', /lowercase host/],
      ['did:web:example.com#key-1', /no query, fragment/],
      ['did:web:example.com:user::x', /path segment ""/],
      ['did:web:example.com:..:x', /climb out/],
      ['did:web:example.com%3A70000', /port/],
    ];
    for (const [did, message] of bad) expect(() => didWebDocumentUrl(did), did).to.throw(InvalidArgumentError, message);
  });
});

describe('issuer DID documents', () => {
  it('lists the signing key as an assertion method and one entry per anchoring account', () => {
    expect(document.verificationMethod![0]).to.deep.equal({ id: `${DID}#key-1`, type: 'Multikey', controller: DID, publicKeyMultibase: key.publicKeyMultibase });
    expect(document.verificationMethod![1]).to.deep.equal({
      id: `${DID}#eth-1`,
      type: 'EcdsaSecp256k1RecoveryMethod2020',
      controller: DID,
      blockchainAccountId: 'eip155:1:0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    });
    expect(document.assertionMethod).to.deep.equal([`${DID}#key-1`]);
    expect(anchoringAccounts(document)).to.deep.equal(['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC']);
    expect(assertionKeys(document).map((k) => k.id)).to.deep.equal([`${DID}#key-1`]);
  });

  it('matches accounts by address whatever the chain, and ignores keys it does not control', () => {
    const other = structuredClone(document);
    other.verificationMethod!.push({ id: '#eth-9', type: 'EcdsaSecp256k1RecoveryMethod2020', controller: DID, blockchainAccountId: 'eip155:137:0x90f79bf6eb2c4f870365e785982e1f101e93b906' });
    other.verificationMethod!.push({ id: '#key-2', type: 'Multikey', controller: 'did:web:someone.else', publicKeyMultibase: key.publicKeyMultibase });
    other.assertionMethod!.push('#key-2');
    expect(anchoringAccounts(other)).to.include('0x90F79bf6EB2c4f870365E785982E1f101E93b906');
    expect(assertionKeys(other).map((k) => k.id)).to.deep.equal([`${DID}#key-1`]);
  });

  it('expands under JSON-LD safe mode with the offline contexts (every term defined)', async () => {
    const expanded = await jsonld.expand(document, { documentLoader: createDocumentLoader(), safe: true });
    expect(JSON.stringify(expanded)).to.include('https://w3id.org/security#blockchainAccountId');
  });

  it('refuses a bad key or account', () => {
    expect(() => buildIssuerDidDocument({ did: DID, signingKey: { publicKeyMultibase: 'z6Mkx' }, accounts: [] })).to.throw(InvalidArgumentError, /Ed25519/);
    expect(() => buildIssuerDidDocument({ did: DID, signingKey: key, accounts: ['0x1234' as `0x${string}`] })).to.throw(InvalidArgumentError, /address/);
    expect(() => buildIssuerDidDocument({ did: DID, signingKey: key, accounts: [ACCOUNTS[0], ACCOUNTS[0].toUpperCase().replace('0X', '0x') as `0x${string}`] })).to.throw(/twice/);
  });

  it('hashes the RFC 8785 canonical JSON with keccak256, whatever the key order', () => {
    expect(didDocumentHash(document)).to.equal(keccak256(toBytes(canonicalJson(document))));
    const reordered = Object.fromEntries(Object.entries(document).reverse()) as typeof document;
    expect(didDocumentHash(reordered)).to.equal(didDocumentHash(document));
    expect(didDocumentHash({ ...document, assertionMethod: [] })).to.not.equal(didDocumentHash(document));
  });
});

describe('DID resolution', () => {
  it('fetches a did:web document over HTTPS from its spec URL', async () => {
    const { fetch, asked } = fakeFetch(json(document));
    expect(await resolveDid(DID, { fetch })).to.deep.equal({ document, source: 'web' });
    expect(asked).to.deep.equal(['https://credentials.example.edu/.well-known/did.json']);
  });

  it('prefers a supplied document, and reports it as supplied', async () => {
    const { fetch, asked } = fakeFetch(json(document));
    expect(await resolveDid(DID, { fetch, documents: { [DID]: document } })).to.deep.equal({ document, source: 'supplied' });
    expect(await resolveDid(DID, { fetch, documents: new Map([[DID, document]]) })).to.include({ source: 'supplied' });
    expect(asked).to.deep.equal([]);
    expect((await failure(resolveDid(DID, { documents: { [DID]: { ...document, id: 'did:web:evil.example' } } }))).reason).to.equal('id-mismatch');
  });

  it('derives an Ed25519 did:key locally', async () => {
    const did = `did:key:${key.publicKeyMultibase}`;
    const { document: keyDocument, source } = await resolveDid(did);
    expect(source).to.equal('key');
    expect(keyDocument.assertionMethod).to.deep.equal([`${did}#${key.publicKeyMultibase}`]);
    expect((await failure(resolveDid('did:key:z6MkBAD'))).reason).to.equal('unsupported-method');
    expect((await failure(resolveDid('did:pkh:eip155:1:0x70997970C51812dc3A010C7d01b50e0d17dc79C8'))).reason).to.equal('unsupported-method');
  });

  it('gives up after the timeout, naming the URL', async () => {
    const { fetch } = fakeFetch(() => new Promise(() => {}));
    const error = await failure(resolveDid(DID, { fetch, timeoutMs: 30 }));
    expect(error.reason).to.equal('timeout');
    expect(error.message).to.include('https://credentials.example.edu/.well-known/did.json');
  });

  it('reports an HTTP error status, a network failure, non-JSON, duplicate keys, a non-object', async () => {
    expect((await failure(resolveDid(DID, { fetch: fakeFetch(json('not found', { status: 404 })).fetch }))).message).to.match(/HTTP 404/);
    expect((await failure(resolveDid(DID, { fetch: fakeFetch(() => Promise.reject(new TypeError('fetch failed'))).fetch }))).reason).to.equal('unreachable');
    expect((await failure(resolveDid(DID, { fetch: fakeFetch(json('<html>hello</html>')).fetch }))).reason).to.equal('not-json');
    const duplicate = `{"id":"${DID}","id":"did:web:evil.example"}`;
    const error = await failure(resolveDid(DID, { fetch: fakeFetch(json(duplicate)).fetch }));
    expect(error.reason).to.equal('not-json');
    expect(error.details).to.match(/duplicate/);
    expect((await failure(resolveDid(DID, { fetch: fakeFetch(json('[1]')).fetch }))).reason).to.equal('not-json');
  });

  it('refuses an oversized document, declared or streamed', async () => {
    const big = JSON.stringify({ ...document, padding: 'x'.repeat(200_000) });
    expect((await failure(resolveDid(DID, { fetch: fakeFetch(json(big)).fetch }))).reason).to.equal('too-large');
    const stream = () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            controller.enqueue(new TextEncoder().encode(' '.repeat(10_000)));
          },
        }),
      );
    expect((await failure(resolveDid(DID, { fetch: fakeFetch(async () => stream()).fetch }))).reason).to.equal('too-large');
  });

  it('refuses a document that names another DID', async () => {
    const error = await failure(resolveDid(DID, { fetch: fakeFetch(json({ ...document, id: 'did:web:evil.example' })).fetch }));
    expect(error.reason).to.equal('id-mismatch');
    expect(error.message).to.include('did:web:evil.example');
  });
});

describe('offline document loader', () => {
  it('serves the official contexts byte for byte as published', () => {
    const official: [string, string][] = [
      ['https://www.w3.org/ns/credentials/v2', 'test/fixtures/standards/credentials-v2.jsonld'],
      ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'test/fixtures/standards/ob-context-3.0.3.json'],
      ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', 'test/fixtures/standards/ob-context-3.0.1.json'],
      ['https://www.w3.org/ns/did/v1', 'node_modules/did-context/contexts/did-v1.jsonld'],
      ['https://w3id.org/security/multikey/v1', 'node_modules/@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld'],
      ['https://www.w3.org/2018/credentials/v1', 'node_modules/@digitalbazaar/credentials-context/contexts/v1.jsonld'],
      ['https://w3id.org/security/data-integrity/v1', 'node_modules/@digitalbazaar/data-integrity-context/contexts/data-integrity-v1.jsonld'],
    ];
    expect([...OFFLINE_CONTEXTS.keys()].sort()).to.deep.equal(official.map(([url]) => url).sort());
    for (const [url, file] of official) {
      // Same values and the same key order: JSON.stringify of both is the same text.
      expect(JSON.stringify(OFFLINE_CONTEXTS.get(url)), url).to.equal(JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));
      expect(Object.isFrozen(OFFLINE_CONTEXTS.get(url)!['@context'])).to.equal(true);
    }
  });

  it('serves DID documents and DID URLs (the method, with the document context) from the resolver only', async () => {
    const loader = createDocumentLoader({ resolveDid: async (did) => (did === DID ? document : undefined) });
    expect((await loader(DID)).document).to.equal(document);
    expect((await loader(`${DID}#key-1`)).document).to.deep.equal({ '@context': document['@context'], ...document.verificationMethod![0] });
    for (const url of [`${DID}#key-9`, 'did:web:unknown.example', 'https://evil.example/context.json', 'http://localhost/x', 'file:///etc/passwd']) {
      let refused: unknown;
      await loader(url).catch((error) => (refused = error));
      expect(refused, url).to.be.instanceOf(DocumentLoaderError);
    }
  });

  it('never fetches: expanding a document that names an unknown context fails', async () => {
    const original = globalThis.fetch;
    let fetched = false;
    globalThis.fetch = (async () => {
      fetched = true;
      throw new Error('no');
    }) as typeof fetch;
    try {
      let refused: unknown;
      await jsonld.expand({ '@context': 'https://evil.example/ctx', name: 'x' }, { documentLoader: createDocumentLoader(), safe: true }).catch((e) => (refused = e));
      expect(refused).to.not.equal(undefined);
      expect(fetched).to.equal(false);
    } finally {
      globalThis.fetch = original;
    }
  });
});
