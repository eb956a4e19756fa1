// Issue 11: an issuer people can recognise. `issuer init` makes a did:web identity, `issue` signs with it,
// `anchor` records it on chain, `verify` shows the verified domain; the key never shows up anywhere.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { http, type Address, createPublicClient, createWalletClient, getAddress } from 'viem';
import { connectRegistry, deployRegistry, didDocumentHash, readIssuerProfile } from '../../src/index.js';
import { type LocalNode, REPO_ROOT, describeRun, killAll, runCli, startNode, tempDir } from '../helpers/cli.js';

const ROSTER = path.join(REPO_ROOT, 'examples/roster.csv');
const ACHIEVEMENT = path.join(REPO_ROOT, 'examples/achievement.json');
const PASSPHRASE = 'a long passphrase nobody guesses';

describe('e2e: issuer identity (bin/microcred against hardhat node)', function () {
  this.timeout(180_000);
  let node: LocalNode;
  let account: Address;
  let registry: Address;
  const temp = tempDir('microcred-e2e-identity-');
  const env = { MICROCRED_KEY_PASSPHRASE: PASSPHRASE };

  before(async () => {
    node = await startNode();
    const transport = http(node.url, { retryCount: 0 });
    const client = createPublicClient({ transport, pollingInterval: 50 });
    account = getAddress(((await client.request({ method: 'eth_accounts' } as never)) as Address[])[0]!);
    registry = (await deployRegistry(client as never, createWalletClient({ account, transport }))).address;
  });
  after(async () => {
    await node?.stop();
    await killAll();
    temp.cleanup();
  });

  it('init → issue (signed) → anchor (records the profile) → verify shows the domain; the key appears nowhere', async () => {
    const dir = temp.dir;
    const rpc = ['--rpc-url', node.url];
    const init = await runCli(['issuer', 'init', '--domain', 'northfield.example', ...rpc], dir, { env });
    expect(init.code, describeRun(init)).to.equal(0);
    expect(init.stdout).to.include('did:web:northfield.example').and.include('https://northfield.example/.well-known/did.json');
    const again = await runCli(['issuer', 'init', '--domain', 'northfield.example', ...rpc, '--json'], dir, { env });
    expect(again.code).to.equal(1);
    expect(JSON.parse(again.stdout).error.code).to.equal('identity');

    const noPassphrase = await runCli(['issue', ROSTER, '--achievement', ACHIEVEMENT, ...rpc, '--json'], dir);
    expect(noPassphrase.code).to.equal(1);
    expect(JSON.parse(noPassphrase.stdout).error).to.include({ code: 'identity' });
    expect(JSON.parse(noPassphrase.stdout).error.message).to.include('MICROCRED_KEY_PASSPHRASE');
    const wrong = await runCli(['issue', ROSTER, '--achievement', ACHIEVEMENT, ...rpc, '--json'], dir, { env: { MICROCRED_KEY_PASSPHRASE: 'not the passphrase at all' } });
    expect(JSON.parse(wrong.stdout).error.message).to.match(/wrong passphrase/);

    const issue = await runCli(['issue', ROSTER, '--achievement', ACHIEVEMENT, ...rpc, '--json'], dir, { env });
    expect(issue.code, describeRun(issue)).to.equal(0);
    const { batchId, dir: batchDir } = JSON.parse(issue.stdout) as { batchId: string; dir: string };
    const anchor = await runCli(['anchor', batchId, ...rpc], dir, { env });
    expect(anchor.code, describeRun(anchor)).to.equal(0);
    expect(anchor.stdout).to.include('Recorded did:web:northfield.example');

    // On chain: the account's profile names the DID and the hash of the document to publish.
    const document = JSON.parse(readFileSync(path.join(dir, '.microcred/identity/did.json'), 'utf8'));
    const client = createPublicClient({ transport: http(node.url, { retryCount: 0 }) });
    const profile = await readIssuerProfile(await connectRegistry({ client: client as never, address: registry }), account);
    expect(profile).to.deep.equal({ uri: 'did:web:northfield.example', contentHash: didDocumentHash(document) });

    // The website isn't up in this test: the verifier is given the document, which must match the chain.
    const files = readdirSync(batchDir).map((f) => path.join(batchDir, f));
    const verify = await runCli(['verify', files[0]!, files[1]!, ...rpc, '--did-document', path.join(dir, '.microcred/identity/did.json'), '--trust', 'northfield.example'], dir);
    expect(verify.code, describeRun(verify)).to.equal(0);
    expect(verify.stdout).to.include('northfield.example').and.include('VALID').and.not.include('NOT verified');
    const unresolved = await runCli(['verify', files[0]!, ...rpc, '--json'], dir);
    expect(unresolved.code).to.equal(1);
    expect(JSON.parse(unresolved.stdout)[0]).to.include({ status: 'issuer-unresolved' });

    // The secret key: encrypted on disk, in no output, no credential, no store.
    const sealed = JSON.parse(readFileSync(path.join(dir, '.microcred/identity/signing-key.json'), 'utf8'));
    expect(Object.keys(sealed)).to.have.members(['format', 'did', 'publicKeyMultibase', 'kdf', 'cipher', 'ciphertext']);
    const everything = [init, issue, anchor, verify].map((r) => r.stdout + r.stderr).join('\n') + files.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(everything).not.to.include(PASSPHRASE);
    expect(everything).not.to.include(sealed.ciphertext);
  });
});
