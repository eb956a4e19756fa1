export { IssuerStore, type OpenStoreOptions, STORE_DIR, STORE_FILE, openStore } from './store.js';
export { StoreVersionError, migrate, schemaVersion } from './migrate.js';
export { MIGRATIONS, type Migration } from './schema.js';
export { canonicalPath } from './paths.js';
export type { AnchorKey } from './tables/anchors.js';
export type { NewBatch } from './tables/batches.js';
export type { NewCredential } from './tables/credentials.js';
export type { NewActions } from './tables/actions.js';
export type * from './types.js';
