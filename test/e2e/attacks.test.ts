// The attacks of issue 9 through the real `bin/microcred verify`, against `hardhat node` servers on
// 127.0.0.1: what a verifier who types the command sees when a holder hands over a forged credential, one
// pointed at a proxy that hides its revocation, or one stripped of the anchor it was revoked on. The
// issuer's side is set up with the SDK: the attacks need a revocation on one chain only, which the CLI's
// `revoke` (acting on every chain a batch is anchored on) rightly doesn't make.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Address, type PublicClient, createPublicClient, createWalletClient, http } from 'viem';
import { anchorProofOf, connectRegistry, deployRegistry, type RegistryWriter, revokeCredentials } from '../../src/index.js';
import { type Wallet, deployAttacker, forgeCredentials, issueHonest, withAnchors } from '../helpers/attackers.js';
import { type CliRun, type LocalNode, describeRun, killAll, runCli, startNode, tempDir } from '../helpers/cli.js';

const CHAIN_A = 'eip155:31337';
const CHAIN_B = 'eip155:31338';
/** The word `VALID` as the verdict table prints a valid status (not inside UNKNOWN-REGISTRY or a sentence). */
const VALID_STATUS = /(^|\s)VALID(\s|$)/m;

interface VerdictJson {
  file: string;
  status: string;
  ok: boolean;
  summary: string;
  checks: { name: string; outcome: string; message: string }[];
  anchors: { chain: string; registry: string; anchoredAt?: string; error?: string }[];
}

function verdicts(run: CliRun): VerdictJson[] {
  try {
    return JSON.parse(run.stdout) as VerdictJson[];
  } catch {
    throw new Error(`expected JSON verdicts on stdout\n${describeRun(run)}`);
  }
}

/** One chain as the test process sees it: a node, a client, the university's wallet and its genuine registry. */
interface Chain {
  node: LocalNode;
  client: PublicClient;
  university: Wallet;
  attacker: Wallet;
  /** Where `deployRegistry` puts the registry: the canonical address once it deploys through CREATE2. */
  genuine: Address;
  writer: RegistryWriter;
}

async function startChain(chainId: number): Promise<Chain> {
  const node = await startNode(undefined, chainId);
  const transport = http(node.url, { retryCount: 0 });
  const client = createPublicClient({ transport, pollingInterval: 50 }) as PublicClient;
  const accounts = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
  const [university, attacker] = [accounts[0]!, accounts[7]!].map((account) => createWalletClient({ account, transport }));
  const { address: genuine } = await deployRegistry(client, university!);
  const writer = { registry: await connectRegistry({ client, address: genuine, expectedChainId: chainId }), wallet: university! };
  return { node, client, university: university!, attacker: attacker!, genuine, writer };
}

describe('microcred verify under attack (issue 9, bin/microcred against hardhat node)', function () {
  this.timeout(120_000);
  let a: Chain;
  let b: Chain;
  let dir: string;
  let cleanup: () => void;
  let victim: Address;

  before(async function () {
    this.timeout(120_000);
    [a, b] = await Promise.all([startChain(31337), startChain(31338)]);
    victim = a.university.account.address;
    ({ dir, cleanup } = tempDir('microcred-e2e-attacks-'));
  });

  after(async () => {
    await Promise.all([a?.node.stop(), b?.node.stop()]);
    await killAll();
    cleanup?.();
  });

  /** `n` honest credentials of the university, anchored by it on the genuine registry of each chain given. */
  const issue = (n: number, chains: Chain[]) => issueHonest(victim, n, chains.map((chain) => chain.writer), 'E');

  function save(name: string, credential: unknown): string {
    writeFileSync(path.join(dir, name), JSON.stringify(credential, null, 2));
    return name;
  }

  /** A run that must refuse its only credential as `UNKNOWN-REGISTRY`: exit 1, never the VALID status. */
  function expectRefused(run: CliRun): void {
    expect(run.code, describeRun(run)).to.equal(1);
    expect(run.stdout, describeRun(run)).to.not.match(VALID_STATUS);
    expect(run.stdout, describeRun(run)).to.include('UNKNOWN-REGISTRY');
  }

  it('refuses a credential forged for a trusted university on a registry the attacker deployed, by --trust and by --accreditor', async () => {
    const fake = await deployAttacker(a.client, a.attacker, 'FakeRegistry');
    const [forged] = forgeCredentials(victim, { chain: CHAIN_A, registry: fake });
    const file = save('forged.json', forged);
    const ministry = b.attacker.account.address; // an accreditor who never accredited anyone anywhere

    expectRefused(await runCli(['verify', file, '--trust', victim, '--rpc-url', a.node.url], dir));
    expectRefused(await runCli(['verify', file, '--accreditor', ministry, '--rpc-url', a.node.url], dir));
    const [verdict] = verdicts(await runCli(['verify', file, '--trust', victim, '--rpc-url', a.node.url, '--json'], dir));
    expect(verdict).to.include({ status: 'unknown-registry', ok: false });
    expect(verdict!.checks.find((c) => c.name === 'registry')?.message).to.match(/not a microcred registry/i);

    // The verifier's own allowlist is honoured: the refusal above is the code check, not an unreadable fake.
    const allowlisted = await runCli(['verify', file, '--trust', victim, '--registry', fake, '--rpc-url', a.node.url, '--json'], dir);
    expect(allowlisted.code, describeRun(allowlisted)).to.equal(0);
    expect(verdicts(allowlisted).map((v) => v.status)).to.deep.equal(['valid']);
  });

  it('keeps a revoked credential revoked when the holder points it at a proxy that hides revocations', async () => {
    const { root, credentials } = await issue(2, [a]);
    await revokeCredentials(a.writer, victim, root, [1], 3);
    const launderer = await deployAttacker(a.client, a.attacker, 'LaunderingRegistry', [a.genuine]);
    const file = save('laundered.json', withAnchors(credentials[1]!, [{ chain: CHAIN_A, registry: launderer }]));
    const honest = save('honest-revoked.json', credentials[1]);

    const control = await runCli(['verify', honest, '--trust', victim, '--rpc-url', a.node.url, '--json'], dir);
    expect(verdicts(control).map((v) => v.status), 'control: the genuine anchor').to.deep.equal(['revoked']);
    // The look-alike is ignored, and the released registry on the endpoint's chain says what is true: revoked.
    const laundered = await runCli(['verify', file, '--trust', victim, '--rpc-url', a.node.url, '--json'], dir);
    expect(laundered.code, describeRun(laundered)).to.equal(1);
    const [verdict] = verdicts(laundered);
    expect(verdict!.status).to.equal('revoked');
    const registryCheck = verdict!.checks.find((check) => check.name === 'registry')!.message;
    expect(registryCheck.toLowerCase()).to.include(launderer.toLowerCase());
    expect(registryCheck).to.match(/not a microcred registry and was ignored/);
    // Allowlisted, the proxy still can't hide what the genuine registry on the endpoint's chain says.
    const allowlisted = await runCli(['verify', file, '--trust', victim, '--registry', launderer, '--rpc-url', a.node.url], dir);
    expect(allowlisted.code, describeRun(allowlisted)).to.equal(1);
    expect(allowlisted.stdout, describeRun(allowlisted)).to.include('REVOKED').and.not.match(VALID_STATUS);
  });

  it('says REVOKED for a credential revoked on one of its two chains even when the holder deleted that anchor', async () => {
    const { root, credentials } = await issue(2, [a, b]);
    await revokeCredentials(b.writer, victim, root, [0], 3);
    const both = save('both-anchors.json', credentials[0]);
    const stripped = save('stripped.json', withAnchors(credentials[0]!, anchorProofOf(credentials[0]!)!.anchors.filter((anchor) => anchor.chain !== CHAIN_B)));
    const endpoints = ['--rpc-url', a.node.url, '--rpc-url', b.node.url];

    const control = await runCli(['verify', both, '--trust', victim, ...endpoints, '--json'], dir);
    expect(verdicts(control).map((v) => v.status), 'control: both anchors listed').to.deep.equal(['revoked']);
    const run = await runCli(['verify', stripped, '--trust', victim, ...endpoints], dir);
    expect(run.code, describeRun(run)).to.equal(1);
    expect(run.stdout, describeRun(run)).to.include('REVOKED').and.not.match(VALID_STATUS);
  });

  it('--require-every-anchor makes a listed anchor the verifier cannot read fail the credential, and names it', async () => {
    const { credentials } = await issue(1, [a, b]);
    const file = save('two-chains.json', credentials[0]);
    const lenient = await runCli(['verify', file, '--trust', victim, '--rpc-url', a.node.url, '--json'], dir);
    expect(lenient.code, `control: one genuine anchor read is enough by default\n${describeRun(lenient)}`).to.equal(0);

    const strict = await runCli(['verify', file, '--trust', victim, '--rpc-url', a.node.url, '--require-every-anchor', '--json'], dir);
    expect(strict.code, describeRun(strict)).to.equal(1);
    const [verdict] = verdicts(strict);
    expect(verdict!.ok).to.equal(false);
    expect(verdict!.anchors.find((anchor) => anchor.chain === CHAIN_B)?.error).to.include(CHAIN_B);
  });
});
