import type { Database, Statement } from 'better-sqlite3';
import { type Address, type Hex, getAddress } from 'viem';
import { type StoredRegistry, withoutNulls } from '../types.js';

const COLUMNS = 'chain, address, deploy_tx AS deployTx, deployed_at AS deployedAt, created_at AS createdAt';

export class RegistryTable {
  readonly #upsert: Statement;
  readonly #get: Statement;
  readonly #list: Statement;

  constructor(db: Database) {
    // Recording a registry we anchor on must not erase the deployment we recorded for it earlier.
    this.#upsert = db.prepare(`INSERT INTO registries (chain, address, deploy_tx, deployed_at, created_at)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (chain, address) DO UPDATE SET
        deploy_tx = COALESCE(excluded.deploy_tx, deploy_tx),
        deployed_at = COALESCE(excluded.deployed_at, deployed_at)`);
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM registries WHERE chain = ? AND address = ?`);
    this.#list = db.prepare(`SELECT ${COLUMNS} FROM registries ORDER BY created_at, chain, address`);
  }

  upsert({ chain, address, deployTx, deployedAt }: { chain: string; address: Address; deployTx?: Hex; deployedAt?: string }): StoredRegistry {
    const checksummed = getAddress(address);
    this.#upsert.run(chain, checksummed, deployTx ?? null, deployedAt ?? null, new Date().toISOString());
    return this.get(chain, checksummed)!;
  }

  get(chain: string, address: Address): StoredRegistry | undefined {
    const row = this.#get.get(chain, getAddress(address)) as Record<string, unknown> | undefined;
    return row && withoutNulls<StoredRegistry>(row);
  }

  list(): StoredRegistry[] {
    return (this.#list.all() as Record<string, unknown>[]).map((row) => withoutNulls<StoredRegistry>(row));
  }
}
