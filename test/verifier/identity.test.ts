import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { type Address, type PublicClient } from 'viem';
import { type RegistryWriter, anchorBatch, setIssuerProfile } from '../../src/chain/writes.js';
import {
  type AnchoredCredential,
  type DidDocument,
  addAnchor,
  buildBatch,
  buildCredential,
  buildIssuerDidDocument,
  didDocumentHash,
  didWeb,
  generateIssuerKey,
  issuerSigner,
  redact,
  signCredentials,
} from '../../src/core/index.js';
import type { AnchorProof } from '../../src/core/anchorProof.js';
import type { Verdict } from '../../src/verifier/verdict.js';
import { type VerifyOptions, verifyCredentials } from '../../src/verifier/verifyCredentials.js';
import { REGISTRY } from '../helpers/credentials.js';
import { inProcessChain } from '../helpers/chain.js';

const template = JSON.parse(readFileSync('examples/achievement.json', 'utf8')) as never;
const CHAIN = 'eip155:31337';
const DOMAIN = 'northfield.example';
const DID = didWeb(DOMAIN);

/** A fetch standing in for the web: each URL answers what `site` holds, anything else a 404. */
function webOf(site: Map<string, unknown>): typeof fetch {
  return async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    return site.has(url) ? new Response(JSON.stringify(site.get(url)), { status: 200 }) : new Response('not found', { status: 404 });
  };
}

const checkOf = (verdict: Verdict, name: string) => verdict.checks.find((c) => c.name === name)!;

describe('verifier: who the issuer is (did:web, signature, on-chain profile)', () => {
  let client: PublicClient;
  let accounts: Address[];
  let writers: RegistryWriter[];
  let registry: Address;
  let northfield: { key: Awaited<ReturnType<typeof generateIssuerKey>>; document: DidDocument };
  const site = new Map<string, unknown>();
  const base = (): VerifyOptions => ({ client: (chain) => (chain === CHAIN ? client : undefined), fetch: webOf(site) });

  before(async () => {
    ({ client, accounts, writers, registry: { address: registry } } = await inProcessChain());
    // Northfield: account 0 anchors for it; its DID document is on its website and recorded on chain.
    const key = await generateIssuerKey();
    northfield = { key, document: buildIssuerDidDocument({ did: DID, signingKey: key, accounts: [accounts[0]!] }) };
    site.set(`https://${DOMAIN}/.well-known/did.json`, northfield.document);
    await setIssuerProfile(writers[0]!, DID, didDocumentHash(northfield.document));
  });

  /** Credentials naming `did`, anchored by `accounts[by]`, signed with `key` when given. */
  async function issue(did: string, by: number, key?: Awaited<ReturnType<typeof generateIssuerKey>>, n = 2): Promise<AnchoredCredential[]> {
    const drafts = Array.from({ length: n }, (_, i) =>
      buildCredential({ id: `N${i}`, name: `Learner ${i}` }, template, { issuer: { did, name: 'Northfield University' }, validFrom: '2025-01-01T00:00:00Z' }),
    );
    const batch = buildBatch(drafts, { issuer: accounts[by]!, registry: REGISTRY });
    await anchorBatch(writers[by]!, accounts[by]!, batch.root, batch.size);
    let credentials = batch.credentials.map((c) => addAnchor(c, { chain: CHAIN, registry }));
    if (key) {
      const proofs = await signCredentials(credentials, await issuerSigner({ did, ...key }));
      credentials = credentials.map((c, i) => ({ ...c, proof: [proofs[i]!, ...(c.proof as AnchorProof[])] }));
    }
    return credentials;
  }

  it('shows the verified domain: signature, DID document listing the account, on-chain profile, all pass', async () => {
    const [credential] = await issue(DID, 0, northfield.key);
    const [verdict] = await verifyCredentials([credential], base());
    expect(verdict!.status, verdict!.summary).to.equal('valid');
    expect(verdict!.issuerIdentity).to.deep.equal({ did: DID, domain: DOMAIN, verified: true, source: 'web' });
    for (const name of ['signature', 'identity', 'profile']) expect(checkOf(verdict!, name).outcome, name).to.equal('pass');
    expect(verdict!.summary).to.equal(`Valid: issued by ${DOMAIN} (verified). Whether to trust ${DOMAIN} is your call.`);
    const [trusted] = await verifyCredentials([credential], { ...base(), trust: { domains: [DOMAIN] } });
    expect(trusted!.summary).to.equal(`Valid: issued by ${DOMAIN}, on your trust list.`);
  });

  it('a stranger claiming to be Northfield (its own key and account, even its profile naming the DID) is issuer-unverified', async () => {
    const strangerKey = await generateIssuerKey();
    await setIssuerProfile(writers[1]!, DID, didDocumentHash(northfield.document));
    const [credential] = await issue(DID, 1, strangerKey);
    const [verdict] = await verifyCredentials([credential], { ...base(), trust: { domains: [DOMAIN] } });
    // Its signature doesn't match Northfield's published key; its account isn't listed either.
    expect(verdict!.status).to.equal('tampered');
    expect(verdict!.issuerIdentity?.verified).to.equal(false);
    expect(checkOf(verdict!, 'signature')).to.include({ outcome: 'fail', status: 'tampered' });
    expect(checkOf(verdict!, 'signature').message).to.match(/not signed with did:web:northfield.example#key-1/);
    expect(checkOf(verdict!, 'identity')).to.include({ outcome: 'fail', status: 'issuer-unverified' });
    expect(checkOf(verdict!, 'identity').message.toLowerCase()).to.include(`does not list account ${accounts[1]!.toLowerCase()}`);
    expect(checkOf(verdict!, 'trusted').outcome).to.equal('fail');
  });

  it('the stranger with a DID document of its own making is caught by the on-chain profile unless the verifier vouches for that document', async () => {
    const strangerKey = await generateIssuerKey();
    const forgedDocument = buildIssuerDidDocument({ did: DID, signingKey: strangerKey, accounts: [accounts[2]!] });
    const [credential] = await issue(DID, 2, strangerKey);
    // Fetched from the real site: the document doesn't list account 2 nor the stranger's key.
    const [fetched] = await verifyCredentials([credential], base());
    expect(fetched!.status).to.equal('tampered');
    expect(checkOf(fetched!, 'identity')).to.include({ outcome: 'fail', status: 'issuer-unverified' });
    // The redacted copy, which carries no signature: the identity check alone still refuses it.
    const [unsigned] = await verifyCredentials([redact(credential!, ['credentialSubject.identifier.0'])], base());
    expect(unsigned!.status).to.equal('issuer-unverified');
    // The forged document, supplied, with account 2's profile not naming it: the profile check refuses it.
    const supplied = await verifyCredentials([credential], { ...base(), didDocuments: { [DID]: forgedDocument } });
    expect(checkOf(supplied[0]!, 'signature').outcome).to.equal('pass');
    expect(checkOf(supplied[0]!, 'identity').outcome).to.equal('pass');
    expect(checkOf(supplied[0]!, 'profile').outcome).to.equal('fail');
    expect(supplied[0]!.status).to.equal('issuer-unverified');
  });

  it('a document the verifier supplies (the website gone) is accepted when its hash is the one on chain', async () => {
    const [credential] = await issue(DID, 0, northfield.key);
    const offline = { ...base(), fetch: webOf(new Map()) };
    const [unresolved] = await verifyCredentials([credential], offline);
    expect(unresolved!.status).to.equal('issuer-unresolved');
    // The anchor checks still stand and are reported.
    for (const name of ['integrity', 'anchored', 'revoked']) expect(checkOf(unresolved!, name).outcome, name).to.equal('pass');
    expect(checkOf(unresolved!, 'identity').message).to.match(/Could not establish who the issuer is/);
    const [supplied] = await verifyCredentials([credential], { ...offline, didDocuments: { [DID]: northfield.document } });
    expect(supplied!.status, supplied!.summary).to.equal('valid');
    expect(supplied!.issuerIdentity).to.include({ verified: true, source: 'supplied' });
    const altered = { ...northfield.document, alsoKnownAs: ['https://elsewhere.example'] };
    const [mismatch] = await verifyCredentials([credential], { ...offline, didDocuments: { [DID]: altered } });
    expect(mismatch!.status).to.equal('issuer-unverified');
  });

  it('a broken signature is tampered even when the anchor checks pass; a moved status entry is caught by integrity', async () => {
    const [credential] = await issue(DID, 0, northfield.key);
    const forged = structuredClone(credential!);
    const signature = (forged.proof as { proofValue?: string }[])[0]!;
    signature.proofValue = `z${'1'.repeat(signature.proofValue!.length - 1)}`;
    const [verdict] = await verifyCredentials([forged], base());
    expect(verdict!.status).to.equal('tampered');
    expect(checkOf(verdict!, 'integrity').outcome).to.equal('pass');
    expect(checkOf(verdict!, 'signature').outcome).to.equal('fail');
    const moved = structuredClone(credential!);
    moved.credentialStatus!.registry = accounts[2]!;
    const [statusMoved] = await verifyCredentials([moved], base());
    expect(statusMoved!.status).to.equal('tampered');
    expect(checkOf(statusMoved!, 'integrity').message).to.match(/credentialStatus names another id/);
  });

  it('a redacted copy drops the signature, says so, and still verifies with the verified domain', async () => {
    const [credential] = await issue(DID, 0, northfield.key);
    const shared = redact(credential!, ['credentialSubject.identifier.0']);
    const [verdict] = await verifyCredentials([shared], base());
    expect(verdict!.status, verdict!.summary).to.equal('valid');
    expect(checkOf(verdict!, 'signature')).to.deep.include({ outcome: 'skipped' });
    expect(checkOf(verdict!, 'signature').message).to.match(/hidden fields carries no signature/);
    expect(verdict!.issuerIdentity?.domain).to.equal(DOMAIN);
  });

  it('a did:pkh issuer is valid but never shown as identified, unless the verifier trusts the account', async () => {
    const drafts = [buildCredential({ id: 'P1', name: 'Pat' }, template, { issuer: { address: accounts[0]!, name: 'Northfield University' }, validFrom: '2025-01-01T00:00:00Z' })];
    const batch = buildBatch(drafts, { issuer: accounts[0]!, registry: REGISTRY });
    await anchorBatch(writers[0]!, accounts[0]!, batch.root, batch.size);
    const credential = addAnchor(batch.credentials[0]!, { chain: CHAIN, registry });
    const [verdict] = await verifyCredentials([credential], base());
    expect(verdict!.status).to.equal('valid');
    expect(verdict!.issuerIdentity).to.deep.equal({ did: credential.issuer.id, verified: false });
    expect(verdict!.summary).to.match(/^Valid, from an unidentified issuer: account 0x/);
    const [byDomain] = await verifyCredentials([credential], { ...base(), trust: { domains: [DOMAIN] } });
    expect(byDomain!.status).to.equal('untrusted-issuer');
  });
});
