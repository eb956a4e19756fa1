// End to end: the issuer's writes (anchor, revoke, revoke-batch) on a chain that behaves as public chains
// do: a transaction dropped by the node or stuck in the mempool (replaced with the same nonce and higher
// fees, up to the issuer's ceiling), confirmation depth, a confirmed anchor reorganised away, and a second
// sender of the same key taking our nonce. `bin/microcred` as a user runs it, through a fault-injecting
// proxy in front of one `hardhat node`. In every case: exactly one effect on chain, one confirmed entry in
// the store, every hash sent kept.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type AbiEvent, type Address, type Hex, createPublicClient, createWalletClient, getAbiItem, getAddress, http } from 'viem';
import { credentialRegistryAbi } from '../../src/index.js';
import { type JournalEntry, openStore } from '../../src/node/index.js';
import {
  ACHIEVEMENT,
  type CliChain,
  type CliRun,
  type IssueJson,
  anchoredEvents,
  describeRun,
  expectExit,
  json,
  learners,
  rpc,
  runCli,
  startCli,
  toCsv,
  useCliChain,
  waitFor,
} from '../helpers/cli.js';
import { type FaultProxy, startFaultProxy } from '../helpers/faultProxy.js';

type ErrorJson = { error: { code: string; message: string; details: string[] } };
interface StatusJson {
  batches: { id: string; state: string; anchors: { state: string; onChain?: string; onChainNote?: string }[] }[];
}

describe('microcred writes under chain faults: stuck and dropped transactions, confirmations, reorgs, nonce collisions', function () {
  this.timeout(180_000);
  let chain: CliChain;
  let proxy: FaultProxy;
  const { workDir } = useCliChain((ready) => (chain = ready));
  before(async () => {
    proxy = await startFaultProxy(chain.node.url);
  });
  afterEach(async () => {
    proxy.clear();
    await rpc(chain.node.url, 'evm_setAutomine', [true]);
  });
  after(async () => {
    await proxy?.close();
  });

  /** The CLI through the proxy, on the shared registry, replacing after half a second. */
  const viaProxy = () => ['--rpc-url', proxy.url, '--registry', chain.sharedRegistry];
  const quick = ['--replace-after', '0.5'];
  const client = () => createPublicClient({ transport: http(chain.node.url, { retryCount: 0 }) });
  const sends = () => proxy.count('eth_sendTransaction');

  /** A fresh folder with a batch of 3 issued (not anchored). */
  async function issued(prefix: string): Promise<{ dir: string; batch: IssueJson }> {
    const dir = workDir(prefix);
    writeFileSync(path.join(dir, 'roster.csv'), toCsv(learners(3, prefix.toUpperCase())));
    const run = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, '--rpc-url', chain.node.url, '--json'], dir);
    expectExit(run, 0);
    return { dir, batch: json<IssueJson>(run) };
  }

  /** A fresh folder with a batch of 3, anchored directly (no proxy, no fault). */
  async function anchored(prefix: string): Promise<{ dir: string; batch: IssueJson }> {
    const made = await issued(prefix);
    expectExit(await runCli(['anchor', '--rpc-url', chain.node.url, '--registry', chain.sharedRegistry], made.dir), 0);
    return made;
  }

  function withStore<T>(dir: string, read: (store: ReturnType<typeof openStore>) => T): T {
    const store = openStore(dir);
    try {
      return read(store);
    } finally {
      store.close();
    }
  }

  /** The batch's anchor entries on the shared registry, every state. */
  const anchorEntries = (dir: string, batchId: string): JournalEntry[] =>
    withStore(dir, (store) => store.journal.forBatch(batchId).filter((entry) => entry.kind === 'anchor'));
  const revokeEntries = (dir: string, credentialId: string) => withStore(dir, (store) => store.journal.forCredential(credentialId).filter((e) => e.kind === 'revoke'));
  const batchRevocations = (dir: string, batchId: string) => withStore(dir, (store) => store.batchRevocations.forBatch(batchId));

  const events = (batch: IssueJson) => anchoredEvents(chain.node.url, chain.sharedRegistry, batch.issuer as Address, batch.root);
  /** The events of `names` (one credential's, a bitmap word's) covering credential `index` of the batch. */
  type StatusEvent = 'CredentialRevoked' | 'CredentialsRevoked' | 'CredentialSuspended' | 'CredentialsSuspended' | 'CredentialUnsuspended' | 'CredentialsUnsuspended';
  async function statusEvents(batch: IssueJson, index: number, names: readonly [StatusEvent, StatusEvent]) {
    const events = names.map((name) => getAbiItem({ abi: credentialRegistryAbi, name }) as AbiEvent);
    const logs = (await client().getLogs({ address: chain.sharedRegistry, events, fromBlock: 0n })) as unknown as { args: unknown; transactionHash: Hex }[];
    return logs.filter((log) => {
      const args = log.args as { root?: Hex; index?: bigint; wordIndex?: bigint; bits?: bigint };
      if (args.root !== batch.root) return false;
      if (args.index !== undefined) return args.index === BigInt(index);
      return args.wordIndex === BigInt(Math.floor(index / 256)) && ((args.bits! >> BigInt(index % 256)) & 1n) === 1n;
    });
  }
  const revokedEvents = (batch: IssueJson, index: number) => statusEvents(batch, index, ['CredentialRevoked', 'CredentialsRevoked']);
  const nonceOf = async (hash: Hex) => (await client().getTransaction({ hash })).nonce;

  /** Stops mining: every transaction stays in the mempool until `mine`. */
  const stopMining = () => rpc(chain.node.url, 'evm_setAutomine', [false]);
  const mine = () => rpc(chain.node.url, 'evm_mine');

  describe('a transaction the node drops (accepted, never mined) is sent again with the same nonce', () => {
    it('anchor: the re-sent transaction is mined; one anchor; the journal keeps both hashes', async () => {
      const { dir, batch } = await issued('drop-anchor');
      proxy.inject({ fault: { kind: 'drop' }, times: 1 });
      const run = await runCli(['anchor', ...viaProxy(), ...quick, '--json'], dir);
      expectExit(run, 0);
      expect(proxy.count('eth_sendTransaction', { faulted: true }), 'dropped').to.equal(1);
      const [entry, ...others] = anchorEntries(dir, batch.batchId);
      expect(others).to.deep.equal([]);
      expect(entry).to.include({ state: 'confirmed' });
      expect(entry!.replacedTxHashes).to.have.length(1);
      expect(entry!.txHash).to.not.equal(entry!.replacedTxHashes![0]);
      expect(await nonceOf(entry!.txHash!)).to.equal(entry!.nonce);
      expect((await events(batch)).map((log) => log.transactionHash)).to.deep.equal([entry!.txHash]);
    });

    it('revoke: the re-sent transaction is mined; one revocation; the journal keeps both hashes', async () => {
      const { dir, batch } = await anchored('drop-revoke');
      const credential = batch.credentials[1]!;
      proxy.inject({ fault: { kind: 'drop' }, times: 1 });
      const run = await runCli(['revoke', credential.file, ...viaProxy(), ...quick, '--json'], dir);
      expectExit(run, 0);
      const [entry, ...others] = revokeEntries(dir, credentialIdOf(dir, credential.file));
      expect(others).to.deep.equal([]);
      expect(entry).to.include({ state: 'confirmed' });
      expect(entry!.replacedTxHashes).to.have.length(1);
      expect((await revokedEvents(batch, credential.index)).map((log) => log.transactionHash)).to.deep.equal([entry!.txHash]);
    });
  });

  describe('a transaction stuck in the mempool is replaced with the same nonce and fees raised at least 10%', () => {
    it('anchor: replaced while pending; the block mines the replacement; one anchor', async () => {
      const { dir, batch } = await issued('stuck-anchor');
      await stopMining();
      const cli = startCli(['anchor', ...viaProxy(), ...quick, '--json'], dir);
      expect(await waitFor(() => sends() >= 2, 60_000), 'a replacement was sent').to.equal(true);
      await mine();
      const run = await cli.done;
      expectExit(run, 0);
      const [entry] = anchorEntries(dir, batch.batchId);
      expect(entry).to.include({ state: 'confirmed' });
      const hashes = [...entry!.replacedTxHashes!, entry!.txHash!];
      expect(hashes.length).to.be.at.least(2);
      // Every replacement carried the nonce of the first send and raised its fees by at least 10%.
      const first = await rpc<{ nonce: Hex; maxFeePerGas: Hex; maxPriorityFeePerGas: Hex } | null>(chain.node.url, 'eth_getTransactionByHash', [hashes[0]]);
      expect(first, 'a replaced transaction is gone from the node').to.equal(null);
      const mined = await client().getTransaction({ hash: entry!.txHash! });
      expect(mined.nonce).to.equal(entry!.nonce);
      expect((await events(batch)).map((log) => log.transactionHash)).to.deep.equal([entry!.txHash]);
    });

    it('revoke: replaced while pending; one revocation, recorded with the hash that was mined', async () => {
      const { dir, batch } = await anchored('stuck-revoke');
      const credential = batch.credentials[0]!;
      await stopMining();
      const cli = startCli(['revoke', credential.file, ...viaProxy(), ...quick, '--json'], dir);
      expect(await waitFor(() => sends() >= 2, 60_000), 'a replacement was sent').to.equal(true);
      await mine();
      expectExit(await cli.done, 0);
      const [entry, ...others] = revokeEntries(dir, credentialIdOf(dir, credential.file));
      expect(others).to.deep.equal([]);
      expect(entry!.replacedTxHashes!.length).to.be.at.least(1);
      expect((await revokedEvents(batch, credential.index)).map((log) => log.transactionHash)).to.deep.equal([entry!.txHash]);
    });

    it('anchor at the fee ceiling: stops naming the nonce and hashes; the rerun settles whichever was mined', async () => {
      const { dir, batch } = await issued('ceiling-anchor');
      await stopMining();
      // Just above what the chain asks now: the first send fits, no 10% raise does.
      const { maxFeePerGas } = await client().estimateFeesPerGas();
      const ceiling = (maxFeePerGas * 105n) / 100n;
      const run = await runCli(['anchor', ...viaProxy(), ...quick, '--max-fee-per-gas', gwei(ceiling), '--json'], dir);
      expect(run.code, describeRun(run)).to.equal(1);
      const { error } = json<ErrorJson>(run);
      const [entry] = anchorEntries(dir, batch.batchId);
      expect(entry).to.include({ state: 'sent' });
      expect(error.code, describeRun(run)).to.equal('fee-ceiling');
      expect(error.message).to.include(`nonce ${entry!.nonce}`).and.include('still not mined').and.include('--max-fee-per-gas');
      expect(error.details.join('\n')).to.include(entry!.txHash!).and.include('Run the same command again');
      expect(sends(), 'nothing above the ceiling was sent').to.equal(1);

      await mine();
      const rerun = await runCli(['anchor', batch.batchId, ...viaProxy(), '--json'], dir);
      expectExit(rerun, 0);
      expect(json<{ outcome: string }[]>(rerun)[0]!.outcome).to.equal('recovered');
      expect(anchorEntries(dir, batch.batchId).map((e) => e.state)).to.deep.equal(['confirmed']);
      expect((await events(batch)).map((log) => log.transactionHash)).to.deep.equal([entry!.txHash]);
    });

    it('revoke-batch at the fee ceiling, then rerun with a higher ceiling: the rerun carries on replacing; one revocation', async () => {
      const { dir, batch } = await anchored('ceiling-revoke-batch');
      await stopMining();
      const { maxFeePerGas } = await client().estimateFeesPerGas();
      const low = ['--max-fee-per-gas', gwei((maxFeePerGas * 105n) / 100n)];
      const stopped = await runCli(['revoke-batch', batch.batchId, '--yes', ...viaProxy(), ...quick, ...low, '--json'], dir);
      expect(stopped.code, describeRun(stopped)).to.equal(1);
      expect(json<ErrorJson>(stopped).error.code).to.equal('fee-ceiling');
      const cli = startCli(['revoke-batch', batch.batchId, '--yes', ...viaProxy(), ...quick, '--max-fee-per-gas', gwei(maxFeePerGas * 3n), '--json'], dir);
      expect(await waitFor(() => sends() >= 2, 60_000), 'the rerun replaced the pending transaction').to.equal(true);
      await mine();
      expectExit(await cli.done, 0);
      const [revocation, ...others] = batchRevocations(dir, batch.batchId);
      expect(others).to.deep.equal([]);
      expect(revocation).to.include({ state: 'confirmed' });
      const record = await client().readContract({ address: chain.sharedRegistry, abi: credentialRegistryAbi, functionName: 'getBatch', args: [batch.issuer as Address, batch.root] });
      expect(record.revoked).to.equal(true);
    });
  });

  describe('confirmation depth', () => {
    it('anchor --confirmations 3: recorded sent while the block is alone, confirmed once two more are mined', async () => {
      const { dir, batch } = await issued('depth-anchor');
      const cli = startCli(['anchor', ...viaProxy(), '--confirmations', '3', '--json'], dir);
      expect(await waitFor(() => anchorEntries(dir, batch.batchId)[0]?.state === 'sent', 60_000), 'sent').to.equal(true);
      expect((await events(batch)).length, 'mined in one block').to.equal(1);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(anchorEntries(dir, batch.batchId)[0]).to.include({ state: 'sent' });
      expect(cli.child.exitCode, 'still waiting').to.equal(null);
      await proxy.mine(2);
      expectExit(await cli.done, 0);
      expect(anchorEntries(dir, batch.batchId)[0]).to.include({ state: 'confirmed' });
    });

    it('revoke --confirmations 2: recorded sent, then confirmed once one more block is mined', async () => {
      const { dir, batch } = await anchored('depth-revoke');
      const credential = batch.credentials[1]!;
      const id = credentialIdOf(dir, credential.file);
      const cli = startCli(['revoke', credential.file, ...viaProxy(), '--confirmations', '2', '--json'], dir);
      expect(await waitFor(() => revokeEntries(dir, id)[0]?.state === 'sent', 60_000), 'sent').to.equal(true);
      expect((await revokedEvents(batch, credential.index)).length, 'mined').to.equal(1);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(revokeEntries(dir, id)[0]).to.include({ state: 'sent' });
      await proxy.mine(1);
      expectExit(await cli.done, 0);
      expect(revokeEntries(dir, id).map((e) => e.state)).to.deep.equal(['confirmed']);
    });
  });

  describe('an anchor reorganised away after the store confirmed it', () => {
    it('status --rpc-url notices it; the next `anchor` sends it again: one anchor on chain, one confirmed entry', async () => {
      const { dir, batch } = await issued('reorg-anchor');
      const point = await proxy.fork();
      expectExit(await runCli(['anchor', ...viaProxy()], dir), 0);
      const [before] = anchorEntries(dir, batch.batchId);
      expect(before).to.include({ state: 'confirmed' });
      await proxy.reorg(point);
      expect(await events(batch)).to.deep.equal([]);

      const status = await runCli(['status', '--rpc-url', proxy.url, '--json'], dir);
      expectExit(status, 0);
      const [anchor] = json<StatusJson>(status).batches.find((b) => b.id === batch.batchId)!.anchors;
      expect(anchor).to.include({ state: 'confirmed', onChain: 'missing-batch' });
      expect(anchor!.onChainNote).to.include(`microcred anchor ${batch.batchId}`);

      const again = await runCli(['anchor', ...viaProxy(), '--json'], dir);
      expectExit(again, 0);
      expect(again.stderr).to.include(`Batch ${batch.batchId}: its anchor (${before!.txHash}, block ${before!.blockNumber}) is no longer on`);
      expect(json<{ outcome: string }[]>(again)[0]!.outcome).to.equal('sent');
      const entries = anchorEntries(dir, batch.batchId);
      expect(entries.map((e) => e.state)).to.deep.equal(['confirmed']);
      expect((await events(batch)).map((log) => log.transactionHash)).to.deep.equal([entries[0]!.txHash]);
      expect(entries[0]!.txHash).to.not.equal(before!.txHash);
    });

    it('anchor, reorganised away while it gathers confirmations: the same run re-sends it with its nonce; one anchor', async () => {
      const { dir, batch } = await issued('reorg-same-run');
      const point = await proxy.fork();
      const cli = startCli(['anchor', ...viaProxy(), ...quick, '--confirmations', '3', '--json'], dir);
      expect(await waitFor(async () => anchorEntries(dir, batch.batchId)[0]?.state === 'sent' && (await events(batch)).length === 1, 60_000), 'mined once').to.equal(true);
      const [first] = await events(batch);
      await proxy.reorg(point);
      expect(await waitFor(async () => (await events(batch)).length === 1 && anchorEntries(dir, batch.batchId)[0]!.replacedTxHashes !== undefined, 60_000), 're-sent').to.equal(true);
      await proxy.mine(2);
      expectExit(await cli.done, 0);
      const [entry, ...others] = anchorEntries(dir, batch.batchId);
      expect(others).to.deep.equal([]);
      expect(entry).to.include({ state: 'confirmed' });
      expect(entry!.replacedTxHashes).to.include(first!.transactionHash);
      expect((await events(batch)).map((log) => log.transactionHash)).to.deep.equal([entry!.txHash]);
      expect(entry!.txHash).to.not.equal(first!.transactionHash);
    });

    it('revoke: the rerun sends the revocation again and reopens its entry: one revocation, one confirmed entry', async () => {
      const { dir, batch } = await anchored('reorg-revoke');
      const credential = batch.credentials[2]!;
      const point = await proxy.fork();
      expectExit(await runCli(['revoke', credential.file, ...viaProxy()], dir), 0);
      await proxy.reorg(point);
      expect(await revokedEvents(batch, credential.index)).to.deep.equal([]);
      const again = await runCli(['revoke', credential.file, ...viaProxy(), '--json'], dir);
      expectExit(again, 0);
      const entries = revokeEntries(dir, credentialIdOf(dir, credential.file));
      expect(entries.map((e) => e.state)).to.deep.equal(['confirmed']);
      expect((await revokedEvents(batch, credential.index)).map((log) => log.transactionHash)).to.deep.equal([entries[0]!.txHash]);
    });
  });

  describe('another sender of the same key takes our nonce between our read and our send', () => {
    /** The issuer's account on the node, as a second machine would use it. */
    const otherMachine = () => createWalletClient({ account: getAddress(chain.accounts[0]!), transport: http(chain.node.url, { retryCount: 0 }) });

    it('anchor, the other sends something else: "nonce too low" recognised, sent again with a fresh nonce; one anchor', async () => {
      const { dir, batch } = await issued('collide-anchor');
      proxy.inject({
        methods: 'eth_sendTransaction',
        times: 1,
        fault: { kind: 'before', run: async () => void (await otherMachine().sendTransaction({ to: chain.accounts[1] as Address, value: 1n, chain: null })) },
      });
      const run = await runCli(['anchor', ...viaProxy(), '--json'], dir);
      expectExit(run, 0);
      expect(json<{ outcome: string }[]>(run)[0]!.outcome).to.equal('sent');
      expect(sends()).to.equal(2);
      const [entry, ...others] = anchorEntries(dir, batch.batchId);
      expect(others).to.deep.equal([]);
      expect(entry).to.include({ state: 'confirmed' });
      expect((await events(batch)).map((log) => log.transactionHash)).to.deep.equal([entry!.txHash]);
    });

    it('anchor, the other anchors the same batch: its anchor is adopted, nothing sent again', async () => {
      const { dir, batch } = await issued('collide-same');
      let theirs: Hex | undefined;
      proxy.inject({
        methods: 'eth_sendTransaction',
        times: 1,
        fault: {
          kind: 'before',
          run: async () => {
            theirs = await otherMachine().writeContract({
              address: chain.sharedRegistry,
              abi: credentialRegistryAbi,
              functionName: 'anchor',
              args: [batch.issuer as Address, batch.root, batch.size],
              chain: null,
            });
          },
        },
      });
      const run = await runCli(['anchor', ...viaProxy(), '--json'], dir);
      expectExit(run, 0);
      expect(json<{ outcome: string }[]>(run)[0]!.outcome).to.equal('recovered');
      expect(sends()).to.equal(1);
      const [entry, ...others] = anchorEntries(dir, batch.batchId);
      expect(others).to.deep.equal([]);
      expect(entry).to.include({ state: 'confirmed', txHash: theirs });
      expect((await events(batch)).map((log) => log.transactionHash)).to.deep.equal([theirs]);
    });

    it('revoke, the other sends something else: sent again with a fresh nonce; one revocation', async () => {
      const { dir, batch } = await anchored('collide-revoke');
      const credential = batch.credentials[0]!;
      proxy.inject({
        methods: 'eth_sendTransaction',
        times: 1,
        fault: { kind: 'before', run: async () => void (await otherMachine().sendTransaction({ to: chain.accounts[1] as Address, value: 1n, chain: null })) },
      });
      const run = await runCli(['revoke', credential.file, ...viaProxy(), '--json'], dir);
      expectExit(run, 0);
      const entries = revokeEntries(dir, credentialIdOf(dir, credential.file));
      expect(entries.map((e) => e.state)).to.deep.equal(['confirmed']);
      expect(sends()).to.equal(2);
      expect((await revokedEvents(batch, credential.index)).map((log) => log.transactionHash)).to.deep.equal([entries[0]!.txHash]);
    });
  });

  describe('suspend and unsuspend go through the same journaled write', () => {
    const statusEntries = (dir: string, credentialId: string, kind: 'suspend' | 'unsuspend') => withStore(dir, (store) => store.journal.forCredential(credentialId).filter((e) => e.kind === kind));
    const isSuspended = (batch: IssueJson, index: number) =>
      client().readContract({ address: chain.sharedRegistry, abi: credentialRegistryAbi, functionName: 'isSuspended', args: [batch.issuer as Address, batch.root, BigInt(index)] });
    const suspensionLogs = (batch: IssueJson, index: number, which: 'suspend' | 'unsuspend') =>
      statusEvents(batch, index, which === 'suspend' ? ['CredentialSuspended', 'CredentialsSuspended'] : ['CredentialUnsuspended', 'CredentialsUnsuspended']);

    it('suspend, the node drops the transaction: sent again with the same nonce; one suspension; the journal keeps both hashes', async () => {
      const { dir, batch } = await anchored('drop-suspend');
      const credential = batch.credentials[2]!;
      proxy.inject({ fault: { kind: 'drop' }, times: 1 });
      const run = await runCli(['suspend', credential.file, ...viaProxy(), ...quick, '--json'], dir);
      expectExit(run, 0);
      const [entry, ...others] = statusEntries(dir, credentialIdOf(dir, credential.file), 'suspend');
      expect(others).to.deep.equal([]);
      expect(entry).to.include({ state: 'confirmed' });
      expect(entry!.replacedTxHashes).to.have.length(1);
      expect(await nonceOf(entry!.txHash!)).to.equal(entry!.nonce);
      expect(await isSuspended(batch, credential.index)).to.equal(true);
      expect((await suspensionLogs(batch, credential.index, 'suspend')).map((log) => log.transactionHash)).to.deep.equal([entry!.txHash]);
    });

    it('unsuspend, stuck in the mempool: replaced with the same nonce; one unsuspension, recorded with the hash that was mined', async () => {
      const { dir, batch } = await anchored('stuck-unsuspend');
      const credential = batch.credentials[0]!;
      expectExit(await runCli(['suspend', credential.file, '--rpc-url', chain.node.url, '--registry', chain.sharedRegistry], dir), 0);
      await stopMining();
      const cli = startCli(['unsuspend', credential.file, ...viaProxy(), ...quick, '--json'], dir);
      expect(await waitFor(() => sends() >= 2, 60_000), 'a replacement was sent').to.equal(true);
      await mine();
      expectExit(await cli.done, 0);
      const [entry, ...others] = statusEntries(dir, credentialIdOf(dir, credential.file), 'unsuspend');
      expect(others).to.deep.equal([]);
      expect(entry).to.include({ state: 'confirmed' });
      expect(entry!.replacedTxHashes!.length).to.be.at.least(1);
      expect((await client().getTransaction({ hash: entry!.txHash! })).nonce).to.equal(entry!.nonce);
      expect(await isSuspended(batch, credential.index)).to.equal(false);
      expect((await suspensionLogs(batch, credential.index, 'unsuspend')).map((log) => log.transactionHash)).to.deep.equal([entry!.txHash]);
    });

    it('suspend, another sender of the key takes the nonce: sent again with a fresh nonce; one suspension', async () => {
      const { dir, batch } = await anchored('collide-suspend');
      const credential = batch.credentials[1]!;
      const otherMachine = createWalletClient({ account: getAddress(chain.accounts[0]!), transport: http(chain.node.url, { retryCount: 0 }) });
      proxy.inject({
        methods: 'eth_sendTransaction',
        times: 1,
        fault: { kind: 'before', run: async () => void (await otherMachine.sendTransaction({ to: chain.accounts[1] as Address, value: 1n, chain: null })) },
      });
      const run = await runCli(['suspend', credential.file, ...viaProxy(), '--json'], dir);
      expectExit(run, 0);
      const entries = statusEntries(dir, credentialIdOf(dir, credential.file), 'suspend');
      expect(entries.map((e) => e.state)).to.deep.equal(['confirmed']);
      expect(sends()).to.equal(2);
      expect(await isSuspended(batch, credential.index)).to.equal(true);
      expect((await suspensionLogs(batch, credential.index, 'suspend')).map((log) => log.transactionHash)).to.deep.equal([entries[0]!.txHash]);
    });
  });

  describe('status --rpc-url when the chain cannot be reached', () => {
    it('shows the store, marks the anchor not reachable, and exits 1', async () => {
      const { dir, batch } = await anchored('status-down');
      await proxy.refuseConnections();
      let run: CliRun;
      try {
        run = await runCli(['status', '--rpc-url', proxy.url, '--json'], dir);
      } finally {
        await proxy.acceptConnections();
      }
      expect(run!.code, describeRun(run!)).to.equal(1);
      const [anchor] = json<StatusJson>(run!).batches.find((b) => b.id === batch.batchId)!.anchors;
      expect(anchor).to.include({ state: 'confirmed', onChain: 'unreachable' });
    });
  });

  function credentialIdOf(dir: string, file: string): string {
    return withStore(dir, (store) => store.credentials.byFile(file)!.id);
  }
});

/** Wei as the gwei amount `--max-fee-per-gas` takes. */
function gwei(wei: bigint): string {
  const whole = wei / 1_000_000_000n;
  const fraction = (wei % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
