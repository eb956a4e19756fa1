// The verifier attacked as issue 9 found it could be: a credential an attacker built for a trusted issuer,
// vouched for by a registry the attacker deployed; a revoked credential pointed at a proxy that hides the
// revocation, or stripped of the anchor it was revoked on; chain ids that dodge the chain check. Each test
// says what a verifier must conclude. The contracts are the test doubles of contracts/mocks.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { PassportLimitError } from '../../src/verifier/limits.js';
import { network } from 'hardhat';
import { type Address, type PublicClient, createPublicClient, createWalletClient, custom, http, keccak256 } from 'viem';
import { type HardhatNode, startHardhatNode } from '../../scripts/dev/hardhatNode.js';
import { credentialRegistryAbi, credentialRegistryBytecode } from '../../src/abi/index.js';
import { connectRegistry } from '../../src/chain/connect.js';
import { accreditIssuer, anchorBatch, revokeBatch, revokeCredentials, suspendCredentials, type RegistryWriter } from '../../src/chain/writes.js';
import { deployRegistry } from '../../src/chain/deploy.js';
import { type AnchoredCredential, addAnchor, buildBatch, buildCredential } from '../../src/core/index.js';
import type { Verdict, VerdictStatus } from '../../src/verifier/verdict.js';
import { type VerifyOptions, verifyCredential, verifyCredentials } from '../../src/verifier/verifyCredentials.js';
import { type Wallet, cloneRegistry, deployAttacker, forgeCredentials, withAnchors } from '../helpers/attackers.js';
import { anchorProofOf } from '../../src/core/credential/format.js';
import { REGISTRY } from '../helpers/credentials.js';

const template = JSON.parse(readFileSync('examples/achievement.json', 'utf8')) as never;
const CHAIN = 'eip155:31337';

describe('verifier under attack (issue 9)', () => {
  let client: PublicClient;
  let accounts: Address[];
  let wallets: Wallet[];
  /** The genuine registry, where `deployRegistry` puts it (the canonical address, once it deploys through CREATE2). */
  let genuine: Address;
  let university: Address;
  let attacker: Wallet;
  let fake: Address;
  const clientFor = (chain: string) => (chain === CHAIN ? client : undefined);

  before(async () => {
    const { provider } = await network.create();
    const transport = custom(provider, { retryCount: 0 });
    client = createPublicClient({ transport, pollingInterval: 10 });
    accounts = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
    wallets = accounts.map((account) => createWalletClient({ account, transport }));
    university = accounts[0]!;
    attacker = wallets[7]!;
    ({ address: genuine } = await deployRegistry(client, wallets[0]!));
    fake = await deployAttacker(client, attacker, 'FakeRegistry');
  });

  async function writerFor(address: Address, signer = 0, on: PublicClient = client, chainId = 31337): Promise<RegistryWriter> {
    // The university writes wherever the test says, clones included: only verifiers refuse look-alikes.
    return { registry: await connectRegistry({ client: on, address, expectedChainId: chainId, allow: [address] }), wallet: wallets[signer]! };
  }

  /** `n` honest credentials of the university, anchored by it on `registry` (the genuine one unless given). */
  async function issue(n: number, registry = genuine): Promise<{ root: `0x${string}`; credentials: AnchoredCredential[] }> {
    const drafts = Array.from({ length: n }, (_, i) =>
      buildCredential({ id: `L${i}`, name: `Learner ${i}`, email: `l${i}@example.org` }, template, {
        issuer: { address: university, name: 'Example University', chainId: 31337 },
        validFrom: '2025-01-01T00:00:00Z',
      }),
    );
    const batch = buildBatch(drafts, { issuer: university, registry: REGISTRY });
    await anchorBatch(await writerFor(registry), university, batch.root, batch.size);
    return { root: batch.root, credentials: batch.credentials.map((c) => addAnchor(c, { chain: CHAIN, registry })) };
  }

  const statuses = (verdicts: Verdict[]) => verdicts.map((v) => v.status);

  /** The verdict of a credential whose only anchor is `registry`, not a released CredentialRegistry. */
  function expectUnknownRegistry(verdict: Verdict, registry: Address): void {
    expect(verdict.status, verdict.summary).to.equal('unknown-registry');
    expect(verdict.ok).to.equal(false);
    const check = verdict.checks.find((c) => c.name === 'registry');
    expect(check, `no 'registry' check in ${JSON.stringify(verdict.checks)}`).to.not.equal(undefined);
    expect(check!.outcome).to.equal('fail');
    expect(check!.message).to.match(/not a microcred registry/i);
    expect(check!.message.toLowerCase()).to.include(registry.toLowerCase());
  }

  describe('a registry the attacker deployed (FakeRegistry)', () => {
    it('the fake really vouches for anything: it answers the genuine ABI as anchored, unrevoked, accredited', async () => {
      // Without this the tests below could pass for the wrong reason (a fake the verifier can't even read).
      const [forged] = forgeCredentials(university, { chain: CHAIN, registry: fake });
      const batch = await client.readContract({ address: fake, abi: credentialRegistryAbi, functionName: 'getBatch', args: [university, anchorProofOf(forged!)!.root] });
      expect(batch.anchoredAt).to.be.greaterThan(0n);
      expect(batch.revoked).to.equal(false);
      expect(await client.readContract({ address: fake, abi: credentialRegistryAbi, functionName: 'isAccredited', args: [accounts[1]!, university] })).to.equal(true);
    });

    it('refuses a forged credential of a trusted university as unknown-registry, trusted by issuer list', async () => {
      const forged = forgeCredentials(university, { chain: CHAIN, registry: fake }, 2);
      const verdicts = await verifyCredentials(forged, { client: clientFor, trust: { issuers: [university] } });
      for (const verdict of verdicts) expectUnknownRegistry(verdict, fake);
    });

    it('refuses it too when the university is trusted through an accreditor (the fake says isAccredited)', async () => {
      const ministry = accounts[1]!;
      const [forged] = forgeCredentials(university, { chain: CHAIN, registry: fake });
      expectUnknownRegistry(await verifyCredential(forged, { client: clientFor, trust: { accreditors: [ministry] } }), fake);
    });

    it('takes no accreditation from a fake listed beside a genuine anchor', async () => {
      // The credential is real and anchored on the genuine registry; the ministry never accredited the
      // university there. The holder lists the fake, whose isAccredited says true, before the genuine anchor
      // (today the verifier asks one registry per chain for accreditation: the first listed).
      const ministry = accounts[6]!;
      const { credentials } = await issue(1);
      const withFake = withAnchors(credentials[0]!, [{ chain: CHAIN, registry: fake }, ...anchorProofOf(credentials[0]!)!.anchors]);
      const honest = await verifyCredential(credentials[0], { client: clientFor, trust: { accreditors: [ministry] } });
      expect(honest.status, 'control: without the fake the university is not accredited').to.equal('untrusted-issuer');
      const verdict = await verifyCredential(withFake, { client: clientFor, trust: { accreditors: [ministry] } });
      expect(verdict.ok, verdict.summary).to.equal(false);
      expect(verdict.checks.find((c) => c.name === 'trusted')?.outcome).to.not.equal('pass');
    });

    it('honours the verifier\'s own allowlist: with the fake in `registries` its answers decide', async () => {
      // Proves the refusals above come from the code-hash check, not from the fake being unreadable.
      const [forged] = forgeCredentials(university, { chain: CHAIN, registry: fake });
      const verdict = await verifyCredential(forged, { client: clientFor, registries: [fake], trust: { issuers: [university] } });
      expect(verdict.status, verdict.summary).to.equal('valid');
    });
  });

  describe('a proxy that launders revocations (LaunderingRegistry)', () => {
    it('keeps revoked, suspended and batch-revoked credentials from being valid when the holder points them at it', async () => {
      const a = await issue(3);
      await revokeCredentials(await writerFor(genuine), university, a.root, [1], 3);
      await suspendCredentials(await writerFor(genuine), university, a.root, [2], 5);
      const b = await issue(1);
      await revokeBatch(await writerFor(genuine), university, b.root, 2);
      const launderer = await deployAttacker(client, attacker, 'LaunderingRegistry', [genuine]);
      const laundered = [...a.credentials, ...b.credentials].map((c) => withAnchors(c, [{ chain: CHAIN, registry: launderer }]));

      // The launderer repeats the genuine anchor and hides the revocation: the attack is real.
      const batch = await client.readContract({ address: launderer, abi: credentialRegistryAbi, functionName: 'getBatch', args: [university, b.root] });
      expect([batch.anchoredAt > 0n, batch.revoked]).to.deep.equal([true, false]);
      const honest = await verifyCredentials([...a.credentials, ...b.credentials], { client: clientFor });
      expect(statuses(honest), 'control: on the genuine registry').to.deep.equal(['valid', 'revoked', 'suspended', 'revoked']);

      const verdicts = await verifyCredentials(laundered, { client: clientFor, trust: { issuers: [university] } });
      verdicts.forEach((verdict) => expectUnknownRegistry(verdict, launderer));

      // Even allowlisted, it can't hide what the genuine registry on a chain the verifier reads says.
      const allowlisted = await verifyCredentials(laundered, { client: clientFor, chains: [CHAIN], registries: [launderer] });
      expect(statuses(allowlisted)).to.deep.equal(['valid', 'revoked', 'suspended', 'revoked']);
    });
  });

  describe('an EIP-1167 clone of the genuine registry', () => {
    it('is refused as unknown-registry (its code is the proxy, not a release) unless allowlisted', async () => {
      const clone = await cloneRegistry(client, attacker, genuine);
      const code = await client.getCode({ address: clone });
      // Same behaviour as the genuine registry, different code: the clone is 45 bytes of EIP-1167.
      expect((code!.length - 2) / 2).to.equal(45);
      expect(keccak256(code!)).to.not.equal(keccak256((await client.getCode({ address: genuine }))!));
      // The university itself anchors there, so nothing but the code tells the clone apart.
      const { credentials } = await issue(1, clone);
      expectUnknownRegistry(await verifyCredential(credentials[0], { client: clientFor, trust: { issuers: [university] } }), clone);
      const allowlisted = await verifyCredential(credentials[0], { client: clientFor, registries: [clone], trust: { issuers: [university] } });
      expect(allowlisted.status, allowlisted.summary).to.equal('valid');
    });
  });

  describe('registries that are not contracts, and genuine ones elsewhere', () => {
    it('refuses an externally owned account as registry, allowlisted or not, without calling it unreachable', async () => {
      const eoa = accounts[5]!;
      const [forged] = forgeCredentials(university, { chain: CHAIN, registry: eoa });
      const expected: VerdictStatus[] = ['unknown-registry', 'registry-not-found'];
      for (const options of [{}, { registries: [eoa] }] as Partial<VerifyOptions>[]) {
        const verdict = await verifyCredential(forged, { client: clientFor, trust: { issuers: [university] }, ...options });
        expect(verdict.ok, verdict.summary).to.equal(false);
        expect(expected, verdict.summary).to.include(verdict.status);
      }
    });

    it('accepts a genuine registry deployed at another address (plain CREATE): same code, same trust', async () => {
      const hash = await wallets[3]!.deployContract({ abi: credentialRegistryAbi, bytecode: credentialRegistryBytecode, chain: null });
      const elsewhere = (await client.waitForTransactionReceipt({ hash })).contractAddress!;
      expect(elsewhere).to.not.equal(genuine);
      const { credentials } = await issue(1, elsewhere);
      const ministry = accounts[4]!;
      await accreditIssuer(await writerFor(elsewhere, 4), university);
      const verdict = await verifyCredential(credentials[0], { client: clientFor, trust: { accreditors: [ministry] } });
      expect(verdict.status, verdict.summary).to.equal('valid');
      expect(verdict.checks.find((c) => c.name === 'registry')?.outcome, 'the registry check ran and passed').to.equal('pass');
    });
  });

  describe('revocation wherever it happened', () => {
    let chainB: HardhatNode;
    after(async () => chainB?.stop());

    it('says revoked (and suspended) when the holder deleted the anchor of the chain it was revoked on, if the verifier reads that chain', async function () {
      this.timeout(90_000);
      chainB = await startHardhatNode({ chainId: 31338 });
      const CHAIN_B = 'eip155:31338';
      const transportB = http(chainB.url, { retryCount: 0 });
      const clientB = createPublicClient({ transport: transportB, pollingInterval: 50 });
      const walletB = createWalletClient({ account: university, transport: transportB });
      const { address: genuineB } = await deployRegistry(clientB, walletB);
      const writerB: RegistryWriter = { registry: await connectRegistry({ client: clientB, address: genuineB, expectedChainId: 31338 }), wallet: walletB };

      const { root, credentials } = await issue(3);
      await anchorBatch(writerB, university, root, 3);
      const onBoth = credentials.map((c) => addAnchor(c, { chain: CHAIN_B, registry: genuineB }));
      await revokeCredentials(writerB, university, root, [1], 3);
      await suspendCredentials(writerB, university, root, [2], 5);
      const both: VerifyOptions = { client: (chain) => (chain === CHAIN ? client : chain === CHAIN_B ? clientB : undefined) };
      expect(statuses(await verifyCredentials(onBoth, both)), 'control: both anchors listed').to.deep.equal(['valid', 'revoked', 'suspended']);

      const stripped = onBoth.map((c) => withAnchors(c, [{ chain: CHAIN, registry: genuine }]));
      expect(statuses(await verifyCredentials(stripped, { ...both, chains: [CHAIN, CHAIN_B] }))).to.deep.equal(['valid', 'revoked', 'suspended']);
      // A verifier with no endpoint for chain B cannot see it: then the listed anchor decides.
      expect(statuses(await verifyCredentials(stripped, { client: clientFor, chains: [CHAIN] }))).to.deep.equal(['valid', 'valid', 'valid']);
    });

    it('with requireEveryAnchor, a listed anchor that could not be read makes the credential not valid, and is named', async () => {
      const { credentials } = await issue(1);
      const twoAnchors = addAnchor(credentials[0]!, { chain: 'eip155:11155111', registry: genuine });
      const lenient = await verifyCredential(twoAnchors, { client: clientFor });
      expect(lenient.status, 'control: by default one genuine anchor read is enough').to.equal('valid');
      const strict = await verifyCredential(twoAnchors, { client: clientFor, requireEveryAnchor: true });
      expect(strict.ok, strict.summary).to.equal(false);
      expect(strict.anchors[1]?.error).to.include('eip155:11155111');
    });
  });

  describe('chain ids that dodge the chain check', () => {
    it('says malformed for an anchor chain that is not eip155:<decimal without leading zeros>, even beside a good one', async () => {
      const { credentials } = await issue(1);
      // An endpoint that answers whatever chain it is asked for: what a verifier with one RPC URL has.
      const anyChain = () => client;
      for (const chain of ['eip155:031337', 'cosmos:cosmoshub-4', 'eip155:', 'eip155:-1']) {
        for (const anchors of [[{ chain, registry: genuine }], [{ chain: CHAIN, registry: genuine }, { chain, registry: genuine }]]) {
          const verdict = await verifyCredential(withAnchors(credentials[0]!, anchors), { client: anyChain });
          expect(verdict.status, `${JSON.stringify(anchors)}: ${verdict.summary}`).to.equal('malformed');
        }
      }
    });
  });
  it('refuses more than 100,000 credentials in one call at once, before reading anything', async () => {
    let asked = 0;
    const counting = () => {
      asked += 1;
      return undefined;
    };
    const error = await verifyCredentials(new Array(100_001).fill({}), { client: counting }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(PassportLimitError);
    expect((error as Error).message).to.match(/100,001 credentials; at most 100,000/);
    expect(asked).to.equal(0);
  });
  it('reads a passport naming 300 distinct registries with at most 8 registries in flight, each named in its verdict', async () => {
    const [forged] = forgeCredentials(university, { chain: CHAIN, registry: fake });
    const registries = Array.from({ length: 300 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as Address);
    const passport = registries.map((registry) => withAnchors(forged!, [{ chain: CHAIN, registry }]));
    let inFlight = 0;
    let most = 0;
    const slow = <T>(value: T) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      return new Promise<T>((resolve) => setTimeout(() => {
        inFlight -= 1;
        resolve(value);
      }, 2));
    };
    // An endpoint that serves the chain and has no code anywhere: every registry is `registry-not-found`.
    const endpoint = { getChainId: () => slow(31337), getCode: () => slow('0x') } as unknown as PublicClient;
    const verdicts = await verifyCredentials(passport, { client: () => endpoint });
    expect(most).to.be.at.most(8);
    expect(new Set(verdicts.map((v) => v.status))).to.deep.equal(new Set(['registry-not-found']));
    verdicts.forEach((verdict, i) => expect(verdict.anchors[0]!.registry.toLowerCase()).to.equal(registries[i]));
  });
});
