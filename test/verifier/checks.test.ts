// Each verifier check on its own: pure functions of what was read, no chain. The chain-backed tests beside
// this file (verifyCredentials, identity, attacks) hold the same sentences end to end.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Address, Hex } from 'viem';
import { registryReleases } from '../../src/abi/releases.js';
import { ChainMismatchError, ChainUnreachableError, RegistryNotFoundError, UnknownRegistryError } from '../../src/chain/errors.js';
import type { BatchRecord, CredentialState } from '../../src/chain/reads.js';
import { didDocumentHash } from '../../src/core/did/document.js';
import { DidResolutionError } from '../../src/core/did/errors.js';
import type { DidDocument } from '../../src/core/did/types.js';
import { type AnchorRead, findAnchors, statusChangeOf } from '../../src/verifier/anchorFindings.js';
import { anchoredCheck, registryCheck } from '../../src/verifier/checks/anchors.js';
import { identityCheck, issuerIdentityOf, profileCheck } from '../../src/verifier/checks/identity.js';
import { integrityCheck, issuerCheck } from '../../src/verifier/checks/offline.js';
import { signatureCheck } from '../../src/verifier/checks/signature.js';
import { revokedCheck, suspendedCheck, validityCheck } from '../../src/verifier/checks/status.js';
import { trustedCheck, validSummary } from '../../src/verifier/checks/trusted.js';
import type { CredentialFacts } from '../../src/verifier/chainFacts.js';
import type { IssuerIdentity, Resolution } from '../../src/verifier/issuerIdentity.js';
import { judgeCredential } from '../../src/verifier/judge.js';
import { type AnchoredResult, type OfflineResult, checkOffline } from '../../src/verifier/offline.js';

const fixture = (path: string) => JSON.parse(readFileSync(`test/fixtures/${path}`, 'utf8')) as Record<string, unknown>;
const RELEASE = registryReleases[0]!;
const CHAIN = 'eip155:31337';
const OTHER_CHAIN = 'eip155:11155111';
const LOOK_ALIKE: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const STRANGER: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const DID = 'did:web:credentials.example.edu';
const didDocument = fixture('v2/did.json') as unknown as DidDocument;
const resolved: Resolution = { document: didDocument, source: 'web' };

function anchored(path: string): AnchoredResult {
  const result = checkOffline(fixture(path));
  if (!result.ok) throw new Error(`fixture ${path} should pass the offline checks: ${result.message}`);
  return result;
}

const signedV2 = anchored('v2/credential-0.json');
const redactedV2 = anchored('v2/credential-1-redacted.json');
const v1 = anchored('v1/credential-0.json');
const ACCOUNT = signedV2.ref.issuer;

const batch = (fields: Partial<BatchRecord> = {}): BatchRecord => ({ anchoredAt: 1_767_225_600, size: 4, revoked: false, revokedAt: 0, revokeReason: 0, ...fields });
const state = (fields: Partial<CredentialState> = {}): CredentialState => ({ batch: batch(), revoked: false, suspended: false, ...fields });

/** A genuine (released) registry read for a credential, listed by it unless said otherwise. */
function genuine(fields: Partial<AnchorRead> = {}): AnchorRead {
  return { chain: CHAIN, address: RELEASE.address, listed: true, genuine: { release: RELEASE }, state: state(), ...fields };
}
function failed(error: AnchorRead['error'] & object, fields: Partial<AnchorRead> = {}): AnchorRead {
  return { chain: CHAIN, address: RELEASE.address, listed: true, error, ...fields };
}
const lookAlike = () => failed(new UnknownRegistryError(CHAIN, LOOK_ALIKE, '0x1234'), { address: LOOK_ALIKE });
const unreachable = (chain = CHAIN) => failed(new ChainUnreachableError(chain), { chain });

const anchorChecks = (reads: AnchorRead[], policy = {}, result = signedV2) => {
  const findings = findAnchors(reads, result.ref.index);
  return { registry: registryCheck(result, findings, policy), anchored: anchoredCheck(result, findings, policy) };
};
const outcome = (check: { outcome: string; status?: string }) => [check.outcome, check.status];

describe('verifier checks (pure)', () => {
  describe('integrity and issuer', () => {
    it('pass for an untampered credential whose proof is for the issuer it names', () => {
      expect(integrityCheck(signedV2)).to.deep.equal({ name: 'integrity', outcome: 'pass', message: 'The credential is untampered and its Merkle proof leads to its root.' });
      expect(issuerCheck(signedV2)).to.deep.equal({ name: 'issuer', outcome: 'pass', message: `Anchored by account ${ACCOUNT}, for ${DID}.` });
    });

    it('a changed field is tampered, a shape we do not know is malformed; the issuer check then has nothing to compare', () => {
      const tampered = fixture('v2/credential-0.json');
      (tampered.credentialSubject as { achievement: { name: string } }).achievement.name = 'Another achievement';
      for (const [credential, status] of [[tampered, 'tampered'], [{ id: 'urn:x' }, 'malformed']] as const) {
        const result = checkOffline(credential);
        expect(outcome(integrityCheck(result))).to.deep.equal(['fail', status]);
        expect(issuerCheck(result)).to.deep.equal({ name: 'issuer', outcome: 'skipped', message: 'Not checked: the integrity check failed.' });
      }
    });

    it('a proof for another account than the did:pkh issuer is well-formed but fails the issuer check', () => {
      const credential = fixture('v1/credential-0.json');
      (credential.proof as { issuer: string }).issuer = STRANGER;
      const result = checkOffline(credential);
      expect(integrityCheck(result)).to.deep.equal({ name: 'integrity', outcome: 'pass', message: 'The credential is well-formed.' });
      const check = issuerCheck(result);
      expect(outcome(check)).to.deep.equal(['fail', 'issuer-mismatch']);
      expect(check.message).to.include(STRANGER);
    });
  });

  describe('signature', () => {
    it('an unsigned credential is skipped, saying why it has no signature (v1, redacted copy)', () => {
      expect(signatureCheck(v1, undefined, undefined).message).to.equal('Format v1 credentials carry no signature: the anchor alone proves them untampered.');
      expect(signatureCheck(redactedV2, resolved, undefined).message).to.match(/^A copy with hidden fields carries no signature/);
      expect(signatureCheck(v1, undefined, undefined).outcome).to.equal('skipped');
    });

    it('a signed credential whose issuer DID could not be resolved is skipped', () => {
      const unresolved = new DidResolutionError({ did: DID, reason: 'unreachable', message: `Could not resolve ${DID}.` });
      for (const did of [undefined, unresolved]) {
        expect(signatureCheck(signedV2, did, undefined)).to.deep.equal({
          name: 'signature', outcome: 'skipped', message: 'Not checked: the issuer\'s DID document, which holds its key, could not be obtained.',
        });
      }
    });

    it('maps the signature verdict: verified passes, a broken signature is tampered, a key the DID does not list is issuer-unverified', () => {
      expect(signatureCheck(signedV2, resolved, { verified: true, verificationMethod: `${DID}#key-1`, controller: DID })).to.deep.equal({
        name: 'signature', outcome: 'pass', message: `Signed by the issuer's key ${DID}#key-1 (eddsa-rdfc-2022).`,
      });
      expect(outcome(signatureCheck(signedV2, resolved, { verified: false, reason: 'invalid', message: 'bad' }))).to.deep.equal(['fail', 'tampered']);
      expect(outcome(signatureCheck(signedV2, resolved, { verified: false, reason: 'wrong-key', message: 'other key' }))).to.deep.equal(['fail', 'issuer-unverified']);
      expect(signatureCheck(signedV2, resolved, { verified: false, reason: 'unresolved', message: 'no key.' })).to.deep.equal({ name: 'signature', outcome: 'skipped', message: 'Not checked: no key.' });
    });
  });

  describe('registry and anchored', () => {
    it('a released registry holding the batch passes both, naming the release, the chain and the time', () => {
      const { registry, anchored } = anchorChecks([genuine()]);
      expect(registry).to.deep.equal({ name: 'registry', outcome: 'pass', message: `Read from microcred registry release 1 (${RELEASE.address} on ${CHAIN}).` });
      expect(anchored).to.deep.equal({ name: 'anchored', outcome: 'pass', message: `Anchored by ${ACCOUNT} on ${CHAIN} at 2026-01-01T00:00:00.000Z.` });
      expect(anchorChecks([genuine({ genuine: { release: undefined } })]).registry.message).to.match(/^Read from a registry on your allowlist/);
    });

    it('a look-alike registry alone fails as unknown-registry; beside a genuine one it is named and ignored, unless every anchor is required', () => {
      expect(outcome(anchorChecks([lookAlike()]).registry)).to.deep.equal(['fail', 'unknown-registry']);
      const both = anchorChecks([lookAlike(), genuine()]);
      expect(both.registry.outcome).to.equal('pass');
      expect(both.registry.message).to.include(`${LOOK_ALIKE} on ${CHAIN} is not a microcred registry and was ignored.`);
      expect(outcome(anchorChecks([lookAlike(), genuine()], { requireEveryAnchor: true }).registry)).to.deep.equal(['fail', 'unknown-registry']);
    });

    it('a chain that does not answer is an error of the anchored check, each kind of failure its own status', () => {
      const cases: [AnchorRead, string][] = [
        [unreachable(), 'unreachable'],
        [failed(new ChainMismatchError(CHAIN, OTHER_CHAIN)), 'chain-mismatch'],
        [failed(new RegistryNotFoundError(CHAIN, RELEASE.address)), 'registry-not-found'],
      ];
      for (const [read, status] of cases) {
        const { registry, anchored } = anchorChecks([read]);
        expect(registry.outcome).to.equal('skipped');
        expect(outcome(anchored)).to.deep.equal(['error', status]);
        expect(anchored.message).to.equal(read.error!.shortMessage);
      }
    });

    it('one genuine anchor is enough, the unread one is mentioned; requiring every anchor makes it an error', () => {
      const reads = [genuine(), unreachable(OTHER_CHAIN)];
      const { anchored } = anchorChecks(reads);
      expect(anchored.outcome).to.equal('pass');
      expect(anchored.message).to.include(`Could not read: ${RELEASE.address} on ${OTHER_CHAIN} (Could not reach chain ${OTHER_CHAIN}.)`);
      expect(outcome(anchorChecks(reads, { requireEveryAnchor: true }).anchored)).to.deep.equal(['error', 'unreachable']);
    });

    it('a registry without the batch, or with the index past its size, is not-anchored; required everywhere, one missing fails', () => {
      for (const read of [genuine({ state: state({ batch: undefined }) }), genuine({ state: state({ batch: batch({ size: signedV2.ref.index }) }) })]) {
        const { anchored } = anchorChecks([read]);
        expect(anchored).to.deep.equal({ name: 'anchored', outcome: 'fail', status: 'not-anchored', message: `Batch ${signedV2.ref.root} is not anchored by ${ACCOUNT} on ${CHAIN}.` });
      }
      const elsewhere = genuine({ chain: OTHER_CHAIN, state: state({ batch: undefined }) });
      expect(anchorChecks([genuine(), elsewhere]).anchored.outcome).to.equal('pass');
      expect(outcome(anchorChecks([genuine(), elsewhere], { requireEveryAnchor: true }).anchored)).to.deep.equal(['fail', 'not-anchored']);
    });

    it('a credential naming no anchor: registry skipped, anchored fails', () => {
      const bare = { ...signedV2, anchors: [] };
      const { registry, anchored } = anchorChecks([], {}, bare);
      expect(registry).to.deep.equal({ name: 'registry', outcome: 'skipped', message: 'Not checked: the credential names no anchor.' });
      expect(anchored).to.deep.equal({ name: 'anchored', outcome: 'fail', status: 'not-anchored', message: 'The credential names no anchor: its batch was never anchored.' });
    });
  });

  describe('anchor findings', () => {
    it('an unlisted release is reported when it holds the batch or fails to answer, never when nothing is deployed there', () => {
      const { sightings, holding } = findAnchors(
        [
          genuine(),
          genuine({ chain: OTHER_CHAIN, listed: false }),
          failed(new RegistryNotFoundError('eip155:10', RELEASE.address), { chain: 'eip155:10', listed: false }),
          failed(new ChainUnreachableError('eip155:8453'), { chain: 'eip155:8453', listed: false }),
        ],
        0,
      );
      expect(holding.map(({ read }) => read.chain)).to.deep.equal([CHAIN, OTHER_CHAIN]);
      expect(sightings).to.deep.equal([
        { chain: CHAIN, registry: RELEASE.address, anchoredAt: '2026-01-01T00:00:00.000Z' },
        { chain: OTHER_CHAIN, registry: RELEASE.address, anchoredAt: '2026-01-01T00:00:00.000Z', unlisted: true },
        { chain: 'eip155:8453', registry: RELEASE.address, error: 'Could not reach chain eip155:8453.', unlisted: true },
      ]);
    });

    it('the status change named: a whole batch revocation (with its date and reason) before a credential revocation, before a suspension', () => {
      const { holding } = findAnchors(
        [genuine({ state: state({ suspended: true }) }), genuine({ chain: OTHER_CHAIN, state: state({ revoked: true }) })],
        0,
      );
      expect(statusChangeOf(holding)).to.deep.equal({ status: 'revoked', scope: 'credential', chain: OTHER_CHAIN, registry: RELEASE.address });
      expect(statusChangeOf(holding.slice(0, 1))).to.deep.equal({ status: 'suspended', scope: 'credential', chain: CHAIN, registry: RELEASE.address });
      const batchRevoked = findAnchors([genuine({ state: state({ revoked: true, batch: batch({ revoked: true, revokedAt: 1_767_312_000, revokeReason: 1 }) }) })], 0).holding;
      expect(statusChangeOf(batchRevoked)).to.deep.include({ status: 'revoked', scope: 'batch', at: '2026-01-02T00:00:00.000Z', reasonCode: 1 });
      expect(statusChangeOf(findAnchors([genuine()], 0).holding)).to.equal(undefined);
    });
  });

  describe('revoked, suspended, validity', () => {
    const place = { chain: CHAIN, registry: RELEASE.address };

    it('revoked fails on a revocation with its sentence, passes otherwise (a suspension is not a revocation)', () => {
      expect(revokedCheck({ status: 'revoked', scope: 'credential', ...place, at: '2026-02-03T10:00:00.000Z', reasonCode: 0 })).to.deep.equal({
        name: 'revoked', outcome: 'fail', status: 'revoked', message: 'Revoked by its issuer on 2026-02-03 (no reason given).',
      });
      expect(revokedCheck(undefined)).to.deep.equal({ name: 'revoked', outcome: 'pass', message: 'Not revoked.' });
      expect(revokedCheck({ status: 'suspended', scope: 'credential', ...place }).outcome).to.equal('pass');
    });

    it('suspended fails when a holding registry shows it, with the reported change\'s date only when that change is the suspension', () => {
      const [suspended] = findAnchors([genuine({ state: state({ suspended: true, revoked: true }) })], 0).holding;
      const dated = { status: 'suspended' as const, scope: 'credential' as const, ...place, at: '2026-02-03T10:00:00.000Z' };
      expect(suspendedCheck(suspended, dated).message).to.equal('Suspended by its issuer on 2026-02-03. It may be lifted later.');
      expect(suspendedCheck(suspended, { ...dated, status: 'revoked' }).message).to.equal(`Suspended by its issuer (recorded on ${CHAIN}; when and why could not be read). It may be lifted later.`);
      expect(outcome(suspendedCheck(suspended, undefined))).to.deep.equal(['fail', 'suspended']);
      expect(suspendedCheck(undefined, undefined)).to.deep.equal({ name: 'suspended', outcome: 'pass', message: 'Not suspended.' });
    });

    it('validity tells not-yet-valid from expired itself, inclusive at both ends', () => {
      const window = { validFrom: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' };
      expect(validityCheck(window, new Date('2025-12-31T23:59:59Z'))).to.deep.equal({ name: 'validity', outcome: 'fail', status: 'not-yet-valid', message: 'Not yet valid: valid from 2026-01-01T00:00:00Z.' });
      expect(validityCheck(window, new Date('2027-01-01T00:00:01Z'))).to.deep.equal({ name: 'validity', outcome: 'fail', status: 'expired', message: 'Expired on 2027-01-01T00:00:00Z.' });
      for (const at of [window.validFrom, window.validUntil]) expect(validityCheck(window, new Date(at)).outcome).to.equal('pass');
      expect(validityCheck(window, new Date('2026-06-01T00:00:00Z')).message).to.equal('Valid from 2026-01-01T00:00:00Z until 2027-01-01T00:00:00Z.');
      expect(validityCheck({ validFrom: window.validFrom, validUntil: undefined }, new Date('2099-01-01T00:00:00Z')).message).to.equal('Valid since 2026-01-01T00:00:00Z.');
    });
  });

  describe('identity and profile', () => {
    const profile = { uri: DID, contentHash: didDocumentHash(didDocument) };

    it('a did:web DID document listing the anchoring account, and a profile naming the DID and this document: verified', () => {
      const identity = identityCheck(DID, ACCOUNT, resolved);
      const onChain = profileCheck(DID, ACCOUNT, resolved, profile);
      expect(identity).to.deep.equal({ name: 'identity', outcome: 'pass', message: `credentials.example.edu's DID document (from https://credentials.example.edu/.well-known/did.json) lists account ${ACCOUNT} as one that anchors for it.` });
      expect(onChain.outcome).to.equal('pass');
      expect(issuerIdentityOf(DID, resolved, { identity, profile: onChain })).to.deep.equal({ did: DID, domain: 'credentials.example.edu', verified: true, source: 'web' });
    });

    it('another account than the document lists is issuer-unverified', () => {
      const check = identityCheck(DID, STRANGER, resolved);
      expect(outcome(check)).to.deep.equal(['fail', 'issuer-unverified']);
      expect(check.message).to.include(`does not list account ${STRANGER}`);
    });

    it('a DID that could not be resolved is issuer-unresolved, and its profile is not checked', () => {
      const error = new DidResolutionError({ did: DID, reason: 'timeout', message: `${DID} did not answer in time.` });
      expect(outcome(identityCheck(DID, ACCOUNT, error))).to.deep.equal(['error', 'issuer-unresolved']);
      expect(identityCheck(DID, ACCOUNT, error).message).to.include(`${DID} did not answer in time.`);
      expect(profileCheck(DID, ACCOUNT, error, undefined).outcome).to.equal('skipped');
    });

    it('a did:pkh issuer is never identified: both checks skipped, identity not verified', () => {
      const did = `did:pkh:eip155:31337:${ACCOUNT}`;
      const identity = identityCheck(did, ACCOUNT, undefined);
      const onChain = profileCheck(did, ACCOUNT, undefined, undefined);
      expect([identity.outcome, onChain.outcome]).to.deep.equal(['skipped', 'skipped']);
      expect(issuerIdentityOf(did, undefined, { identity, profile: onChain })).to.deep.equal({ did, verified: false });
    });

    it('the profile: none recorded, another DID, another document fail; an unreadable one is an error', () => {
      expect(outcome(profileCheck(DID, ACCOUNT, resolved, undefined))).to.deep.equal(['fail', 'issuer-unverified']);
      expect(profileCheck(DID, ACCOUNT, resolved, { ...profile, uri: 'did:web:elsewhere.example' }).message).to.equal(`Account ${ACCOUNT}'s issuer profile on chain names did:web:elsewhere.example, not ${DID}.`);
      expect(profileCheck(DID, ACCOUNT, resolved, { ...profile, contentHash: `0x${'00'.repeat(32)}` as Hex }).message).to.match(/^The DID document of .* is not the one account/);
      expect(outcome(profileCheck(DID, ACCOUNT, resolved, new Error('timeout')))).to.deep.equal(['error', 'unreachable']);
    });
  });

  describe('trusted', () => {
    const verified: IssuerIdentity = { did: DID, domain: 'credentials.example.edu', verified: true, source: 'web' };
    const claimed: IssuerIdentity = { ...verified, verified: false };

    it('without a trust policy it is skipped: the verifier decides', () => {
      for (const trust of [undefined, {}, { issuers: [] }]) expect(trustedCheck(ACCOUNT, verified, trust, []).check.outcome).to.equal('skipped');
    });

    it('an account, a verified DID or domain, or an accreditor on the policy each pass, with the reason a valid verdict gives', () => {
      expect(trustedCheck(ACCOUNT, claimed, { issuers: [ACCOUNT.toLowerCase() as Address] }, []).reason).to.equal('an account on your trust list');
      expect(trustedCheck(ACCOUNT, verified, { dids: [DID] }, []).check.message).to.equal(`${DID} is on your trust list.`);
      expect(trustedCheck(ACCOUNT, verified, { domains: ['Credentials.Example.edu'] }, []).check.outcome).to.equal('pass');
      const accredited = trustedCheck(ACCOUNT, verified, { accreditors: ['ministry.example'] }, [{ account: STRANGER, name: 'ministry.example' }]);
      expect(accredited).to.deep.equal({ check: { name: 'trusted', outcome: 'pass', message: 'Issuer credentials.example.edu is accredited by ministry.example.' }, reason: 'accredited by ministry.example' });
      expect(validSummary(ACCOUNT, verified, accredited)).to.equal('Valid: issued by credentials.example.edu, accredited by ministry.example.');
    });

    it('a DID or domain on the policy that the issuer only claims is untrusted, and the sentence says why', () => {
      const { check } = trustedCheck(ACCOUNT, claimed, { domains: ['credentials.example.edu'] }, []);
      expect(outcome(check)).to.deep.equal(['fail', 'untrusted-issuer']);
      expect(check.message).to.equal(`Issuer ${ACCOUNT} is neither on your trust list nor accredited by an accreditor you trust. It claims to be credentials.example.edu, which is on your list, but that could not be verified.`);
    });

    it('a valid verdict\'s sentence never calls an unidentified issuer by a name it only claims', () => {
      const skipped = trustedCheck(ACCOUNT, claimed, undefined, []);
      expect(validSummary(ACCOUNT, claimed, skipped)).to.equal(`Valid, from an unidentified issuer: account ${ACCOUNT} (${DID}). No domain vouches for it; trust it only if you know this account.`);
      expect(validSummary(ACCOUNT, verified, skipped)).to.equal('Valid: issued by credentials.example.edu (verified). Whether to trust credentials.example.edu is your call.');
    });
  });

  describe('judging a credential from its facts', () => {
    const policy = { now: new Date('2026-12-02T00:00:00Z') };
    const facts = (fields: Partial<CredentialFacts> = {}): CredentialFacts => ({
      anchors: [genuine()],
      did: resolved,
      profile: { uri: DID, contentHash: didDocumentHash(didDocument) },
      accreditedBy: [],
      ...fields,
    });
    const signature = { verified: true as const, verificationMethod: `${DID}#key-1`, controller: DID };
    const statuses = (offline: OfflineResult, credentialFacts: CredentialFacts | undefined) =>
      judgeCredential({ offline, facts: credentialFacts, signature, policy }).checks.map((check) => [check.name, check.outcome]);

    it('every check passes: valid, with the verified issuer in its sentence', () => {
      const verdict = judgeCredential({ offline: signedV2, facts: facts(), signature, policy });
      expect(verdict.status).to.equal('valid');
      expect(verdict.summary).to.equal('Valid: issued by credentials.example.edu (verified). Whether to trust credentials.example.edu is your call.');
    });

    it('after a registry or anchored check that does not pass nothing more is judged; a failed signature does not stop the rest', () => {
      expect(statuses(signedV2, facts({ anchors: [unreachable()] })).slice(3)).to.deep.equal([
        ['anchored', 'error'], ['issuer', 'skipped'], ['revoked', 'skipped'], ['suspended', 'skipped'], ['validity', 'skipped'], ['identity', 'skipped'], ['profile', 'skipped'], ['trusted', 'skipped'],
      ]);
      const broken = judgeCredential({ offline: signedV2, facts: facts({ anchors: [genuine({ state: state({ revoked: true }) })] }), signature: { verified: false, reason: 'invalid', message: 'The signature does not match.' }, policy });
      expect(broken.status).to.equal('tampered');
      expect(broken.checks.find((check) => check.name === 'revoked')!.outcome).to.equal('fail');
    });

    it('a revocation\'s event gives its date, reason and transaction; the verdict says so', () => {
      const transactionHash: Hex = `0x${'ab'.repeat(32)}`;
      const verdict = judgeCredential({
        offline: signedV2,
        facts: facts({ anchors: [genuine({ state: state({ revoked: true }) })], statusEvent: { at: '2026-03-04T05:06:07.000Z', transactionHash, reasonCode: 0 } }),
        signature,
        policy,
      });
      expect(verdict.status).to.equal('revoked');
      expect(verdict.summary).to.equal('Revoked by its issuer on 2026-03-04 (no reason given).');
      expect(verdict.statusChange).to.deep.include({ at: '2026-03-04T05:06:07.000Z', transactionHash, reasonCode: 0 });
    });

    it('an issuer mismatch reports the issuer check in its place, the chain checks skipped because of it', () => {
      const credential = fixture('v1/credential-0.json');
      (credential.proof as { issuer: string }).issuer = STRANGER;
      expect(statuses(checkOffline(credential), undefined)).to.deep.equal([
        ['integrity', 'pass'], ['signature', 'skipped'], ['registry', 'skipped'], ['anchored', 'skipped'], ['issuer', 'fail'],
        ['revoked', 'skipped'], ['suspended', 'skipped'], ['validity', 'skipped'], ['identity', 'skipped'], ['profile', 'skipped'], ['trusted', 'skipped'],
      ]);
    });
  });
});
