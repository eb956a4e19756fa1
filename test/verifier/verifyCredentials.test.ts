import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { type Address, type PublicClient, createPublicClient, custom, getAddress } from 'viem';
import { accreditIssuer, anchorBatch, revokeBatch, revokeCredentials, suspendCredentials, unsuspendCredentials, type RegistryWriter } from '../../src/chain/writes.js';
import { type AnchoredCredential, addAnchor, buildBatch, buildCredential, redact } from '../../src/core/index.js';
import type { Verdict } from '../../src/verifier/verdict.js';
import { verifyCredential, verifyCredentials } from '../../src/verifier/verifyCredentials.js';
import { anchorProofOf, withAnchorProof } from '../../src/core/credential/format.js';
import { REGISTRY } from '../helpers/credentials.js';
import { inProcessChain } from '../helpers/chain.js';

const template = JSON.parse(readFileSync('examples/achievement.json', 'utf8')) as unknown;
const CHAIN = 'eip155:31337';

describe('verifier', () => {
  let client: PublicClient;
  let accounts: Address[];
  let writers: RegistryWriter[];
  let registry: Address;
  const clientFor = () => (chain: string) => (chain === CHAIN ? client : undefined);

  before(async () => {
    ({ client, accounts, writers, registry: { address: registry } } = await inProcessChain());
  });

  /** Issues and anchors a batch of `n` for `accounts[issuer]`, signing as `accounts[signer]`. */
  async function issue(n: number, { issuer = 0, signer = issuer, validUntil, validFrom, anchor = true } = {} as {
    issuer?: number; signer?: number; validUntil?: string; validFrom?: string; anchor?: boolean;
  }) {
    const address = accounts[issuer]!;
    const drafts = Array.from({ length: n }, (_, i) =>
      buildCredential({ id: `L${i}`, name: `Learner ${i}`, email: `l${i}@example.org` }, template as never, {
        issuer: { address, name: 'Example University', chainId: 31337 },
        validFrom: validFrom ?? '2025-01-01T00:00:00Z',
        validUntil,
      }),
    );
    const batch = buildBatch(drafts, { issuer: address, registry: REGISTRY });
    if (anchor) await anchorBatch(writers[signer]!, address, batch.root, batch.size);
    const credentials = batch.credentials.map((c) => addAnchor(c, { chain: CHAIN, registry }));
    return { ...batch, credentials };
  }

  const statusOf = (verdicts: Verdict[]) => verdicts.map((v) => v.status);

  it('says valid, with every check passed and where/when it was anchored', async () => {
    const { credentials } = await issue(3);
    const verdict = await verifyCredential(credentials[1], { client: clientFor(), trust: { issuers: [accounts[0]!] } });
    expect(verdict.status).to.equal('valid');
    expect(verdict.checks.map((c) => [c.name, c.outcome])).to.deep.equal([
      ['integrity', 'pass'], ['signature', 'skipped'], ['registry', 'pass'], ['anchored', 'pass'], ['issuer', 'pass'], ['revoked', 'pass'], ['suspended', 'pass'], ['validity', 'pass'],
      ['identity', 'skipped'], ['profile', 'skipped'], ['trusted', 'pass'],
    ]);
    expect(verdict.anchors[0]?.anchoredAt).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it('tells revoked, batch-revoked, suspended and unsuspended apart, for exactly the credentials concerned', async () => {
    const a = await issue(6);
    await revokeCredentials(writers[0]!, accounts[0]!, a.root, [1, 4], 3);
    await suspendCredentials(writers[0]!, accounts[0]!, a.root, [2, 5], 5);
    await unsuspendCredentials(writers[0]!, accounts[0]!, a.root, [5]);
    expect(statusOf(await verifyCredentials(a.credentials, { client: clientFor() }))).to.deep.equal([
      'valid', 'revoked', 'suspended', 'valid', 'revoked', 'valid',
    ]);
    const b = await issue(2);
    await revokeBatch(writers[0]!, accounts[0]!, b.root, 2);
    const verdicts = await verifyCredentials(b.credentials, { client: clientFor() });
    expect(statusOf(verdicts)).to.deep.equal(['revoked', 'revoked']);
    expect(verdicts[0]!.summary).to.match(/^Revoked on \d{4}-\d\d-\d\d with its whole batch: superseded\.$/);
    expect(verdicts[0]!.statusChange).to.deep.include({ status: 'revoked', scope: 'batch', reasonCode: 2, reason: 'superseded' });
  });

  it('says when and why a credential was revoked or suspended, in words, from the registry events', async () => {
    const a = await issue(300);
    // 7 alone (CredentialRevoked), 40 and 41 in one word (CredentialsRevoked), 260 in another word, then 7's
    // suspension after an unsuspended earlier one: the last event covering each index is the one reported.
    await revokeCredentials(writers[0]!, accounts[0]!, a.root, [7], 1);
    await revokeCredentials(writers[0]!, accounts[0]!, a.root, [40, 41, 260], 2);
    await suspendCredentials(writers[0]!, accounts[0]!, a.root, [100], 3);
    await unsuspendCredentials(writers[0]!, accounts[0]!, a.root, [100]);
    await suspendCredentials(writers[0]!, accounts[0]!, a.root, [100, 101], 5);
    const picked = [7, 40, 260, 100, 0].map((i) => a.credentials[i]);
    const verdicts = await verifyCredentials(picked, { client: clientFor() });
    expect(statusOf(verdicts)).to.deep.equal(['revoked', 'revoked', 'revoked', 'suspended', 'valid']);
    // The day of the block that recorded each change (not today's: a run across midnight UTC would differ).
    const day = async (i: number) => {
      const { blockNumber } = await client.getTransactionReceipt({ hash: verdicts[i]!.statusChange!.transactionHash! });
      return new Date(Number((await client.getBlock({ blockNumber })).timestamp) * 1000).toISOString().slice(0, 10);
    };
    expect(verdicts.map((v) => v.summary)).to.deep.equal([
      `Revoked by its issuer on ${await day(0)}: issued in error.`,
      `Revoked by its issuer on ${await day(1)}: superseded.`,
      `Revoked by its issuer on ${await day(2)}: superseded.`,
      `Suspended by its issuer on ${await day(3)}: under review. It may be lifted later.`,
      verdicts[4]!.summary,
    ]);
    expect(verdicts[0]!.statusChange).to.deep.include({ status: 'revoked', scope: 'credential', chain: CHAIN, reasonCode: 1, reason: 'issued in error' });
    expect(verdicts[0]!.statusChange!.transactionHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(verdicts[1]!.statusChange!.transactionHash).to.equal(verdicts[2]!.statusChange!.transactionHash);
    expect(verdicts[0]!.statusChange!.transactionHash).to.not.equal(verdicts[1]!.statusChange!.transactionHash);
    expect(verdicts[3]!.checks.find((c) => c.name === 'suspended')!.message).to.equal(verdicts[3]!.summary);
    expect(verdicts[4]!.statusChange).to.equal(undefined);
  });

  it('still says revoked when the events cannot be read, naming what is unknown', async () => {
    const a = await issue(2);
    await revokeCredentials(writers[0]!, accounts[0]!, a.root, [1], 4);
    // An endpoint that answers every read but eth_getLogs (a provider's range limit, say).
    const noLogs = createPublicClient({
      transport: custom({
        request: (args: { method: string; params?: unknown }) => {
          if (args.method === 'eth_getLogs') return Promise.reject(new Error('query returned more than 10000 results'));
          return client.request(args as never);
        },
      }, { retryCount: 0 }),
    }) as PublicClient;
    const verdict = await verifyCredential(a.credentials[1], { client: (chain) => (chain === CHAIN ? noLogs : undefined) });
    expect(verdict.status).to.equal('revoked');
    expect(verdict.summary).to.equal(`Revoked by its issuer (recorded on ${CHAIN}; when and why could not be read).`);
    expect(verdict.statusChange).to.deep.equal({ status: 'revoked', scope: 'credential', chain: CHAIN, registry });
  });

  it('says tampered for a changed field and which check failed, without asking the chain', async () => {
    const { credentials } = await issue(2);
    const tampered = structuredClone(credentials[0]!) as AnchoredCredential;
    tampered.credentialSubject.achievement.name = 'Brain Surgery';
    const verdict = await verifyCredential(tampered, { client: () => undefined });
    expect(verdict.status).to.equal('tampered');
    expect(verdict.checks[0]).to.include({ name: 'integrity', outcome: 'fail' });
    expect(verdict.checks.slice(1).every((c) => c.outcome === 'skipped')).to.equal(true);
  });

  it('says malformed for something that is not a credential', async () => {
    const verdicts = await verifyCredentials([{ hello: 'world' }, 42], { client: clientFor() });
    expect(statusOf(verdicts)).to.deep.equal(['malformed', 'malformed']);
  });

  it('keeps a redacted credential valid', async () => {
    const { credentials } = await issue(2);
    const hidden = redact(credentials[0]!, ['credentialSubject.identifier.2']);
    expect(JSON.stringify(hidden)).to.not.include('l0@example.org');
    expect((await verifyCredential(hidden, { client: clientFor() })).status).to.equal('valid');
  });

  it('says not-anchored for a batch nobody anchored, and for a root anchored only by another issuer', async () => {
    const never = await issue(2, { anchor: false });
    expect((await verifyCredential(never.credentials[0], { client: clientFor() })).status).to.equal('not-anchored');
    // Issuer 1 anchors issuer 0's root under its own address: that is not issuer 0's anchor.
    await anchorBatch(writers[1]!, accounts[1]!, never.root, never.size);
    expect((await verifyCredential(never.credentials[1], { client: clientFor() })).status).to.equal('not-anchored');
  });

  it('says issuer-mismatch when the proof is for another issuer than the credential names', async () => {
    const { credentials } = await issue(1);
    const forged = structuredClone(credentials[0]!) as AnchoredCredential;
    anchorProofOf(forged)!.issuer = accounts[1]!;
    const verdict = await verifyCredential(forged, { client: clientFor() });
    expect(verdict.status).to.equal('issuer-mismatch');
    expect(verdict.checks.find((c) => c.name === 'issuer')?.outcome).to.equal('fail');
  });

  it('accepts an operator anchoring for its issuer, and rejects a stranger', async () => {
    await writers[0]!.wallet.writeContract({
      address: registry, abi: (await import('../../src/abi/index.js')).credentialRegistryAbi,
      functionName: 'setOperatorPermissions', args: [accounts[2]!, 1], chain: null,
    });
    const byOperator = await issue(1, { issuer: 0, signer: 2 });
    expect((await verifyCredential(byOperator.credentials[0], { client: clientFor() })).status).to.equal('valid');
    const error = await issue(1, { issuer: 0, signer: 1 }).catch((e: Error) => e);
    expect((error as Error).message).to.match(/CredentialRegistryUnauthorized/);
  });

  it('judges the validity window at the time asked', async () => {
    const { credentials } = await issue(1, { validFrom: '2025-01-01T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' });
    const at = (iso: string) => verifyCredential(credentials[0], { client: clientFor(), now: new Date(iso) });
    expect((await at('2025-06-01T00:00:00Z')).status).to.equal('valid');
    expect((await at('2026-06-01T00:00:00Z')).status).to.equal('expired');
    expect((await at('2024-06-01T00:00:00Z')).status).to.equal('not-yet-valid');
  });

  it('trusts by list or by on-chain accreditation, and says untrusted otherwise', async () => {
    const { credentials } = await issue(1);
    const ministry = accounts[1]!;
    const untrusted = await verifyCredential(credentials[0], { client: clientFor(), trust: { accreditors: [ministry] } });
    expect(untrusted.status).to.equal('untrusted-issuer');
    await accreditIssuer(writers[1]!, accounts[0]!);
    const accredited = await verifyCredential(credentials[0], { client: clientFor(), trust: { accreditors: [ministry] } });
    expect(accredited.status).to.equal('valid');
    expect(accredited.checks.at(-1)?.message).to.include(`accredited by ${ministry}`);
    const noPolicy = await verifyCredential(credentials[0], { client: clientFor() });
    expect(noPolicy.checks.at(-1)?.outcome).to.equal('skipped');
  });

  it('names an unreachable chain, a wrong chain and a missing registry, never "invalid"', async () => {
    const { credentials } = await issue(1);
    const down = createPublicClient({ transport: custom({ request: async () => { throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8545'), { code: 'ECONNREFUSED' }); } }, { retryCount: 0 }) });
    expect((await verifyCredential(credentials[0], { client: () => down })).status).to.equal('unreachable');
    expect((await verifyCredential(credentials[0], { client: () => undefined })).summary).to.equal('Could not reach chain eip155:31337: no RPC endpoint is configured for it.');

    const otherChain = createPublicClient({ transport: custom({ request: async ({ method }: { method: string }) => (method === 'eth_chainId' ? '0x1' : null) }) });
    expect((await verifyCredential(credentials[0], { client: () => otherChain })).status).to.equal('chain-mismatch');

    const elsewhere = addAnchor(withAnchorProof(credentials[0]!, { ...anchorProofOf(credentials[0]!)!, anchors: [] }), { chain: CHAIN, registry: accounts[5]! });
    const verdict = await verifyCredential(elsewhere, { client: clientFor() });
    expect(verdict.status).to.equal('registry-not-found');
    expect(verdict.summary).to.include(`No registry contract at ${getAddress(accounts[5]!)}`);
  });

  it('is valid when one of several anchors answers, and verifies a passport in one call', async () => {
    const { credentials } = await issue(3);
    const twoAnchors = credentials.map((c) => addAnchor(c, { chain: 'eip155:11155111', registry }));
    const verdicts = await verifyCredentials(twoAnchors, { client: clientFor() });
    expect(statusOf(verdicts)).to.deep.equal(['valid', 'valid', 'valid']);
    expect(verdicts[0]!.anchors.map((a) => a.error ?? 'ok')).to.deep.equal(['ok', 'Could not reach chain eip155:11155111: no RPC endpoint is configured for it.']);
  });
});
