import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { connectEndpoints } from '../../src/chain/endpoints.js';
import { addAnchor, buildBatch, buildCredential } from '../../src/core/index.js';
import { verifyCredential } from '../../src/verifier/verifyCredentials.js';
import { type LocalNode, freePort, startNode } from '../helpers/cli.js';
import { REGISTRY } from '../helpers/credentials.js';

const template = JSON.parse(readFileSync('examples/achievement.json', 'utf8')) as never;
const ISSUER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

/** A credential whose proof names an anchor on `chain` (never anchored: these tests stop at the endpoint). */
function credentialOn(chain: string) {
  const [credential] = buildBatch(
    [buildCredential({ id: 'S1', name: 'Ada' }, template, { issuer: { address: ISSUER, name: 'Uni', chainId: 31337 }, validFrom: '2025-01-01T00:00:00Z' })],
    { issuer: ISSUER, registry: REGISTRY },
  ).credentials;
  return addAnchor(credential!, { chain, registry: ISSUER });
}

describe('chain: several RPC endpoints, one per chain', function () {
  this.timeout(60_000);
  let local: LocalNode;
  let other: LocalNode;
  let silent: string;

  before(async () => {
    [local, other] = await Promise.all([startNode(), startNode(undefined, 31338)]);
    silent = `http://127.0.0.1:${await freePort()}`;
  });
  after(async () => {
    await Promise.all([local?.stop(), other?.stop()]);
  });

  it('maps each chain to the endpoint serving it, and nothing else', async () => {
    const endpoints = await connectEndpoints([local.url, other.url]);
    expect([...endpoints.chains]).to.deep.equal([
      ['eip155:31337', local.url],
      ['eip155:31338', other.url],
    ]);
    expect(endpoints.problems).to.deep.equal([]);
    expect(await endpoints.client('eip155:31338')!.getChainId()).to.equal(31338);
    expect(await endpoints.client('eip155:31337')!.getChainId()).to.equal(31337);
    // Every endpoint answered and none serves this chain: the verifier says no endpoint is configured.
    expect(endpoints.client('eip155:1')).to.equal(undefined);
  });

  it('with one endpoint, hands it out for every chain (a wrong chain is then told apart as such)', async () => {
    const endpoints = await connectEndpoints([other.url]);
    expect(await endpoints.client('eip155:31337')!.getChainId()).to.equal(31338);
  });

  it('with one endpoint that does not answer, the verdict names it', async () => {
    const endpoints = await connectEndpoints([silent], { timeoutMs: 5_000 });
    const verdict = await verifyCredential(credentialOn('eip155:31337'), { client: endpoints.client });
    expect(verdict.status).to.equal('unreachable');
    expect(verdict.summary).to.equal(`Could not reach chain eip155:31337: ${silent} did not answer.`);
  });

  it('names an endpoint that does not answer, and one serving a chain already served', async () => {
    const endpoints = await connectEndpoints([local.url, silent, local.url.replace('127.0.0.1', 'localhost')], { timeoutMs: 5_000 });
    expect(endpoints.problems.map((p) => p.message)).to.deep.equal([
      `${silent} did not answer`,
      `${local.url.replace('127.0.0.1', 'localhost')} serves eip155:31337, as ${local.url} does; only ${local.url} is used`,
    ]);
    // A chain nobody answered for may be the silent endpoint's: the verdict says so.
    const verdict = await verifyCredential(credentialOn('eip155:31338'), { client: endpoints.client });
    expect(verdict.status).to.equal('unreachable');
    expect(verdict.summary).to.equal(`Could not reach chain eip155:31338: no endpoint that answered serves it, and ${silent} did not answer.`);
  });
});
