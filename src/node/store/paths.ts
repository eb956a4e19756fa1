import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Paths inside the store's folder are kept relative to it, so a working folder that is moved or synced
 * elsewhere keeps finding its credential files; paths outside it stay absolute.
 */
export class StorePaths {
  constructor(readonly root: string) {}

  toStored(absolute: string): string {
    const canonical = canonicalPath(absolute);
    const relative = path.relative(this.root, canonical);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return canonical;
    return relative.split(path.sep).join('/');
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
