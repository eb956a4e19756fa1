import path from 'node:path';

/** The repository's root, for the examples, the CLI's launcher and the fixtures. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
