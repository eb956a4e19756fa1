import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Paths inside the store's folder are kept relative to it, so a working folder that is moved or synced
 * elsewhere keeps finding its credential files; paths outside it stay absolute.
 */
export class StorePaths {
  /**
   * Canonical folders by their absolute path, and whether the folder existed then: a batch's files share
   * one, resolved once (see `#canonical`).
   */
  readonly #folders = new Map<string, { canonical: string; existed: boolean }>();

  constructor(readonly root: string) {}

  toStored(absolute: string): string {
    const canonical = this.#canonical(absolute);
    const relative = path.relative(this.root, canonical);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return canonical;
    return relative.split(path.sep).join('/');
  }

  /**
   * `canonicalPath(file)`, with the folder's resolution remembered: a file that is not a link (or not there
   * yet: a batch's rows are recorded before its folder takes its name) resolves to its resolved folder and
   * its own name. Resolving every path in full took 9% of issuing 30,000 credentials, measured (each missing
   * file cost two failed `realpath` calls); an `lstat` is much cheaper. A link takes the full resolution.
   */
  #canonical(file: string): string {
    const absolute = path.resolve(file);
    const folder = path.dirname(absolute);
    if (folder === absolute) return canonicalPath(absolute);
    let known = this.#folders.get(folder);
    if (known === undefined) {
      known = { canonical: canonicalPath(folder), existed: lstatSync(folder, { throwIfNoEntry: false }) !== undefined };
      this.#folders.set(folder, known);
    }
    // A folder that was not there is a batch's, about to be published with the regular files `issue` wrote
    // into it: none of them is a link, and looking each up failed (an lstat a row, 5% of issuing).
    if (known.existed && lstatSync(absolute, { throwIfNoEntry: false })?.isSymbolicLink()) return canonicalPath(absolute);
    return path.join(known.canonical, path.basename(absolute));
  }

  toAbsolute(stored: string): string {
    return path.isAbsolute(stored) ? stored : path.resolve(this.root, ...stored.split('/'));
  }
}

/**
 * The absolute path with symbolic links resolved in its longest existing prefix (macOS's /tmp is
 * /private/tmp), so the same file always gets the same key whether or not it exists yet.
 */
export function canonicalPath(target: string): string {
  const absolute = path.resolve(target);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      return path.join(realpathSync.native(existing), ...missing.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      missing.push(path.basename(existing));
      existing = parent;
    }
  }
}
