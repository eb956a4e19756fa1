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
];
