import type { Database, Statement } from 'better-sqlite3';
import { type Address, getAddress } from 'viem';
import type { StoredIssuer } from '../types.js';

export class IssuerTable {
  readonly #upsert: Statement;
  readonly #get: Statement;
  readonly #list: Statement;

  constructor(db: Database) {
    // The name may change (a rebrand); the address is the identity and is never rewritten.
    this.#upsert = db.prepare(`INSERT INTO issuers (address, name, created_at) VALUES (?, ?, ?)
      ON CONFLICT (address) DO UPDATE SET name = excluded.name`);
    this.#get = db.prepare('SELECT address, name, created_at AS createdAt FROM issuers WHERE address = ?');
    this.#list = db.prepare('SELECT address, name, created_at AS createdAt FROM issuers ORDER BY created_at, address');
  }

  upsert({ address, name }: { address: Address; name: string }): StoredIssuer {
    const checksummed = getAddress(address);
    this.#upsert.run(checksummed, name, new Date().toISOString());
    return this.get(checksummed)!;
  }

  get(address: Address): StoredIssuer | undefined {
    return this.#get.get(getAddress(address)) as StoredIssuer | undefined;
  }

  list(): StoredIssuer[] {
    return this.#list.all() as StoredIssuer[];
  }
}
