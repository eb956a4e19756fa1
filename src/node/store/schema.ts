/**
 * The store's schema, as an append-only list of migrations. A released migration is never edited: a
 * change is a new entry, so a store written by any older version upgrades in place.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'issuers, registries, batches, anchors, credentials, status actions',
    sql: /* sql */ `
      CREATE TABLE issuers (
        address     TEXT PRIMARY KEY,                 -- EIP-55 checksummed
        name        TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );

      CREATE TABLE registries (
        chain       TEXT NOT NULL,                    -- CAIP-2, e.g. eip155:31337
        address     TEXT NOT NULL,
        deploy_tx   TEXT,                             -- unknown for a registry someone else deployed
        deployed_at TEXT,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (chain, address)
      );

      CREATE TABLE batches (
        id          TEXT PRIMARY KEY,
        issuer      TEXT NOT NULL REFERENCES issuers (address),
        root        TEXT NOT NULL,
        size        INTEGER NOT NULL CHECK (size > 0),
        state       TEXT NOT NULL CHECK (state IN ('built', 'anchoring', 'anchored')),
        dir         TEXT NOT NULL,                    -- folder holding the batch's credential files
        roster      TEXT,                             -- the roster file it was issued from
        achievement TEXT,                             -- the achievement's name, for listings
        created_at  TEXT NOT NULL,
        UNIQUE (issuer, root)
      );

      -- One row per (batch, chain, registry) a batch is anchored on. The row is written as an intent
      -- before the transaction is sent, so a crash at any later point leaves a trace to reconcile from.
      CREATE TABLE anchors (
        batch_id         TEXT NOT NULL REFERENCES batches (id),
        chain            TEXT NOT NULL,
        registry         TEXT NOT NULL,
        state            TEXT NOT NULL CHECK (state IN ('intent', 'sent', 'confirmed')),
        from_block       INTEGER NOT NULL,            -- chain head at intent: where to look for the event
        tx_hash          TEXT,
        block_number     INTEGER,
        anchored_at      TEXT,                        -- block time, as the registry recorded it
        files_updated_at TEXT,                        -- every credential file carries this anchor
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        PRIMARY KEY (batch_id, chain, registry),
        FOREIGN KEY (chain, registry) REFERENCES registries (chain, address),
        CHECK (state = 'intent' OR tx_hash IS NOT NULL OR anchored_at IS NOT NULL)
      );

      CREATE TABLE credentials (
        id            TEXT PRIMARY KEY,
        batch_id      TEXT NOT NULL REFERENCES batches (id),
        idx           INTEGER NOT NULL CHECK (idx >= 0),
        learner_id    TEXT NOT NULL,
        learner_name  TEXT NOT NULL,
        learner_email TEXT,
        digest        TEXT NOT NULL,
        salts         TEXT NOT NULL,                  -- JSON, as the credential's proof holds them
        file          TEXT NOT NULL UNIQUE,           -- relative to the store's folder when inside it
        UNIQUE (batch_id, idx)
      );
      CREATE INDEX credentials_by_learner ON credentials (learner_id COLLATE NOCASE);

      -- Revocations, suspensions and their lifting, one row per credential per request; credentials
      -- changed by the same transaction share its hash.
      CREATE TABLE status_actions (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        credential_id TEXT NOT NULL REFERENCES credentials (id),
        kind          TEXT NOT NULL CHECK (kind IN ('revoke', 'suspend', 'unsuspend')),
        reason        INTEGER NOT NULL CHECK (reason BETWEEN 0 AND 255),
        note          TEXT,
        chain         TEXT NOT NULL,
        registry      TEXT NOT NULL,
        -- abandoned: found never to have taken effect on chain (not sent, dropped or reverted).
        state         TEXT NOT NULL CHECK (state IN ('intent', 'sent', 'confirmed', 'abandoned')),
        from_block    INTEGER NOT NULL,
        tx_hash       TEXT,
        block_number  INTEGER,
        created_at    TEXT NOT NULL,
        confirmed_at  TEXT,
        FOREIGN KEY (chain, registry) REFERENCES registries (chain, address)
      );
      CREATE INDEX status_actions_by_credential ON status_actions (credential_id);
      CREATE INDEX status_actions_unfinished ON status_actions (state) WHERE state IN ('intent', 'sent');
    `,
  },
  {
    version: 2,
    name: 'whole-batch revocations',
    sql: /* sql */ `
      -- Whole-batch revocations (final), journaled like anchors: one row per (batch, chain, registry),
      -- written as an intent before the transaction is sent. The registry's batch record says whether it
      -- happened, so an intent never needs abandoning: a rerun finds it done, or sends it.
      CREATE TABLE batch_revocations (
        batch_id     TEXT NOT NULL REFERENCES batches (id),
        chain        TEXT NOT NULL,
        registry     TEXT NOT NULL,
        reason       INTEGER NOT NULL CHECK (reason BETWEEN 0 AND 255),
        note         TEXT,
        state        TEXT NOT NULL CHECK (state IN ('intent', 'sent', 'confirmed')),
        from_block   INTEGER NOT NULL,                -- chain head at intent: where to look for the event
        tx_hash      TEXT,
        block_number INTEGER,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        PRIMARY KEY (batch_id, chain, registry),
        FOREIGN KEY (chain, registry) REFERENCES registries (chain, address),
        CHECK (state <> 'sent' OR tx_hash IS NOT NULL)
      );
    `,
  },
  {
    version: 3,
    name: 'achievement ids of batches, discarded batches',
    sql: /* sql */ `
      -- The template id the batch was issued for: re-issuing a learner the same achievement is refused
      -- unless asked for (\`issue --again\`). NULL for batches issued before version 3 (unknown).
      ALTER TABLE batches ADD COLUMN achievement_id TEXT;
      CREATE INDEX batches_by_achievement ON batches (achievement_id);

      -- A batch being discarded (never anchored): the row is written first, then the batch's files are
      -- deleted, then its rows with this one, in one transaction. A crash in between leaves this row:
      -- the batch is no longer anchored or listed as pending, and a rerun of \`discard\` finishes.
      CREATE TABLE batch_discards (
        batch_id   TEXT PRIMARY KEY REFERENCES batches (id),
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'one write journal for anchors, whole-batch revocations and status actions',
    sql: /* sql */ `
      -- Every chain write of the store, journaled one way (src/node/issuer/journaledWrite.ts): one row per
      -- effect on one registry (a batch anchored or revoked whole, one credential revoked, suspended or
      -- unsuspended), written as an intent before the transaction is sent, then sent (its hash), then
      -- confirmed, or abandoned once found never to have taken effect. Rows sent together share the hash.
      -- Abandoned rows stay as history; a new try is a new row.
      CREATE TABLE journal (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,  -- grows with time: later rows are later tries
        kind             TEXT NOT NULL CHECK (kind IN ('anchor', 'revoke-batch', 'revoke', 'suspend', 'unsuspend')),
        batch_id         TEXT NOT NULL REFERENCES batches (id),
        credential_id    TEXT REFERENCES credentials (id), -- revoke, suspend, unsuspend only
        chain            TEXT NOT NULL,
        registry         TEXT NOT NULL,
        reason           INTEGER CHECK (reason BETWEEN 0 AND 255), -- NULL for anchors
        note             TEXT,                             -- kept in the store only
        state            TEXT NOT NULL CHECK (state IN ('intent', 'sent', 'confirmed', 'abandoned')),
        from_block       INTEGER NOT NULL,                 -- chain head at intent: the effect is in a later block
        tx_hash          TEXT,
        block_number     INTEGER,
        anchored_at      TEXT,                             -- anchors: block time, as the registry recorded it
        files_updated_at TEXT,                             -- anchors: every credential file carries this anchor
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        confirmed_at     TEXT,                             -- unknown for anchors and batch revocations before version 4
        FOREIGN KEY (chain, registry) REFERENCES registries (chain, address),
        CHECK ((credential_id IS NULL) = (kind IN ('anchor', 'revoke-batch'))),
        CHECK ((reason IS NULL) = (kind = 'anchor')),
        CHECK (kind = 'anchor' OR (anchored_at IS NULL AND files_updated_at IS NULL)),
        CHECK (state <> 'sent' OR tx_hash IS NOT NULL)
      );
      -- A batch is anchored (or revoked whole) at most once per registry: one live row, any number abandoned.
      CREATE UNIQUE INDEX journal_one_batch_write ON journal (kind, batch_id, chain, registry)
        WHERE credential_id IS NULL AND state <> 'abandoned';
      CREATE INDEX journal_by_batch ON journal (batch_id);
      CREATE INDEX journal_by_credential ON journal (credential_id) WHERE credential_id IS NOT NULL;
      CREATE INDEX journal_unfinished ON journal (state) WHERE state IN ('intent', 'sent');

      -- The three journals of versions 1-3 carry over row for row. Status actions keep their ids (a
      -- credential's suspension is read from the order of its rows), so they go first.
      INSERT INTO journal (id, kind, batch_id, credential_id, chain, registry, reason, note, state, from_block,
          tx_hash, block_number, created_at, updated_at, confirmed_at)
        SELECT a.id, a.kind, c.batch_id, a.credential_id, a.chain, a.registry, a.reason, a.note, a.state, a.from_block,
          a.tx_hash, a.block_number, a.created_at, COALESCE(a.confirmed_at, a.created_at), a.confirmed_at
        FROM status_actions a JOIN credentials c ON c.id = a.credential_id
        ORDER BY a.id;
      INSERT INTO journal (kind, batch_id, chain, registry, state, from_block, tx_hash, block_number, anchored_at,
          files_updated_at, created_at, updated_at)
        SELECT 'anchor', batch_id, chain, registry, state, from_block, tx_hash, block_number, anchored_at,
          files_updated_at, created_at, updated_at
        FROM anchors
        ORDER BY created_at, batch_id, chain, registry;
      INSERT INTO journal (kind, batch_id, chain, registry, reason, note, state, from_block, tx_hash, block_number,
          created_at, updated_at)
        SELECT 'revoke-batch', batch_id, chain, registry, reason, note, state, from_block, tx_hash, block_number,
          created_at, updated_at
        FROM batch_revocations
        ORDER BY created_at, batch_id, chain, registry;
      DROP TABLE status_actions;
      DROP TABLE anchors;
      DROP TABLE batch_revocations;
    `,
  },
  {
    version: 5,
    name: 'the journal keeps the nonce and every hash sent for an entry (replacements of a stuck transaction)',
    sql: /* sql */ `
      -- A transaction not mined in time is replaced: the same nonce, higher fees, a new hash
      -- (src/node/issuer/replaceStuck.ts). At most one transaction of a nonce is ever mined, but which one
      -- only the chain says, so the entry keeps the nonce and every hash sent with it. tx_hash stays the
      -- latest (or, once confirmed, the one mined); replaced_tx_hashes the earlier ones, oldest first, as a
      -- JSON array. Both NULL for entries before version 5 and for entries never replaced.
      ALTER TABLE journal ADD COLUMN nonce INTEGER CHECK (nonce >= 0);
      ALTER TABLE journal ADD COLUMN replaced_tx_hashes TEXT CHECK (replaced_tx_hashes IS NULL OR json_type(replaced_tx_hashes) = 'array');
    `,
  },
];
