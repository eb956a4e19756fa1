import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Address, type Hex, keccak256, toHex } from 'viem';
import { anchorBatch } from '../../src/chain/writes.js';
import { type IssuerStore, openStore } from '../../src/node/store/index.js';
import { type TestChain, inProcessChain } from './chain.js';

export interface TempStore {
  dir: string;
  store: IssuerStore;
  cleanup(): void;
}

/** A store in a fresh temporary working folder. */
export function tempStore(prefix = 'microcred-test-'): TempStore {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const store = openStore(dir);
  return {
    dir,
    store,
    cleanup() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A batch recorded straight into the store (no core involved), with a small JSON file per credential
 * holding its id: enough for workflows that look credentials up and talk to the registry. `indices` keeps
 * only those credentials of the batch (a batch of a million whose few credentials a test acts on);
 * without it, every one of the `size` is recorded.
 */
export function seedBatch(
  store: IssuerStore,
  dir: string,
  { id, issuer, size, indices }: { id: string; issuer: Address; size: number; indices?: readonly number[] },
) {
  const root = keccak256(toHex(`root of ${id}`)) as Hex;
  const batchDir = path.join(dir, 'credentials', id);
  mkdirSync(batchDir, { recursive: true });
  store.issuers.upsert({ address: issuer, name: 'Test University' });
  const batch = store.batches.insert({ id, issuer, root, size, dir: batchDir });
  const credentials = (indices ?? Array.from({ length: size }, (_, index) => index)).map((index) => {
    // The UUID's last group is 12 characters: the batch id, then the index (at least 4 digits).
    const digits = String(index).padStart(4, '0');
    return {
      id: `urn:uuid:00000000-0000-4000-8000-${id.padStart(12 - digits.length, '0')}${digits}`,
      batchId: id,
      index,
      learnerId: `s${index}`,
      learnerName: `Learner ${index}`,
      digest: keccak256(toHex(`digest ${id} ${index}`)) as Hex,
      salts: {},
      file: path.join(batchDir, `s${index}.json`),
    };
  });
  store.credentials.insertMany(credentials);
  for (const credential of credentials) writeFileSync(credential.file, JSON.stringify({ id: credential.id }));
  return { batch, credentials };
}

/**
 * A fresh in-process registry and a fresh store holding batch `b1` of `size` credentials of the chain's
 * first account, anchored: the starting point of the status workflows' tests.
 */
export async function anchoredSeedBatch(size: number): Promise<{ chain: TestChain; temp: TempStore; seeded: ReturnType<typeof seedBatch> }> {
  const chain = await inProcessChain();
  const temp = tempStore();
  const seeded = seedBatch(temp.store, temp.dir, { id: 'b1', issuer: chain.accounts[0]!, size });
  await anchorBatch(chain.writer, seeded.batch.issuer, seeded.batch.root, seeded.batch.size);
  return { chain, temp, seeded };
}

/** Every entry under `dir`, recursively (relative paths), so "nothing was written" is checked for real. */
export function tree(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true }).map(String).sort();
  } catch {
    return [];
  }
}
