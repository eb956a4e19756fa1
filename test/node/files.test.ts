import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { removeStaleTemps, replaceFileAtomic } from '../../src/node/issuer/atomicFiles.js';
import { recoverBatchFolders, tempFolderOf, writeTempFolder } from '../../src/node/issuer/batchFolder.js';
import { BatchBusyError } from '../../src/node/issuer/errors.js';
import { withBatchLock } from '../../src/node/issuer/lock.js';
import { type TempStore, tempStore } from '../helpers/store.js';

const ISSUER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const ROOT = `0x${'ab'.repeat(32)}` as const;

/** A pid that ran and has exited, so it is certainly not alive. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('issuer: crash-safe files and locks', () => {
  let temp: TempStore;
  beforeEach(() => {
    temp = tempStore();
  });
  afterEach(() => temp.cleanup());

  it('replaces a file atomically and leaves no temp file behind', () => {
    const file = path.join(temp.dir, 'a.json');
    writeFileSync(file, 'old');
    replaceFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).to.equal('new');
    expect(readdirSync(temp.dir).filter((name) => name.includes('microcred-tmp'))).to.deep.equal([]);
  });

  it("clears temp files of dead writers but not those of live ones", () => {
    const dead = `.a.json.${deadPid()}.microcred-tmp`;
    const live = `.b.json.${process.ppid}.microcred-tmp`;
    writeFileSync(path.join(temp.dir, dead), 'x');
    writeFileSync(path.join(temp.dir, live), 'x');
    writeFileSync(path.join(temp.dir, 'c.json'), 'x');
    expect(removeStaleTemps(temp.dir)).to.deep.equal([dead]);
    expect(readdirSync(temp.dir).sort()).to.include.members([live, 'c.json']);
  });

  describe('batch folders', () => {
    const out = () => path.join(temp.dir, 'out');

    it('deletes the temp folder of a killed run whose batch was never committed', () => {
      mkdirSync(out());
      const finalDir = path.join(out(), 'b1');
      const stale = tempFolderOf(finalDir, 'b1', deadPid());
      mkdirSync(stale);
      writeFileSync(path.join(stale, 's1.json'), '{}');
      expect(recoverBatchFolders(temp.store, out())).to.deep.equal({ published: [], removed: [path.basename(stale)] });
      expect(readdirSync(out())).to.deep.equal([]);
    });

    it('moves into place the temp folder of a killed run whose batch was committed', () => {
      mkdirSync(out());
      const finalDir = path.join(out(), 'b1');
      const written = writeTempFolder(finalDir, 'b1', [['s1.json', '{"id":1}']]);
      // As if written by a process that was killed right after the commit.
      const stale = tempFolderOf(finalDir, 'b1', deadPid());
      renameSync(written, stale);
      temp.store.issuers.upsert({ address: ISSUER, name: 'Uni' });
      temp.store.batches.insert({ id: 'b1', issuer: ISSUER, root: ROOT, size: 1, dir: finalDir });
      expect(recoverBatchFolders(temp.store, out())).to.deep.equal({ published: ['b1'], removed: [] });
      expect(readFileSync(path.join(finalDir, 's1.json'), 'utf8')).to.equal('{"id":1}');
    });

    it("leaves a live run's temp folder alone", () => {
      mkdirSync(out());
      const live = tempFolderOf(path.join(out(), 'b1'), 'b1', process.ppid);
      mkdirSync(live);
      expect(recoverBatchFolders(temp.store, out())).to.deep.equal({ published: [], removed: [] });
      expect(existsSync(live)).to.equal(true);
    });
  });

  describe('batch lock', () => {
    it('lets one holder in at a time and is released after the work, even when it fails', async () => {
      let inner: unknown;
      await withBatchLock(temp.store, 'b1', async () => {
        inner = await withBatchLock(temp.store, 'b1', async () => 'second').catch((e: unknown) => e);
      });
      expect(inner).to.be.instanceOf(BatchBusyError);
      expect((inner as BatchBusyError).pid).to.equal(process.pid);
      await withBatchLock(temp.store, 'b1', async () => {
        throw new Error('boom');
      }).catch(() => undefined);
      expect(await withBatchLock(temp.store, 'b1', async () => 'free again')).to.equal('free again');
    });

    it('takes over a lock left by a killed process', async () => {
      const locks = path.join(temp.dir, '.microcred', 'locks');
      mkdirSync(locks, { recursive: true });
      writeFileSync(path.join(locks, 'b1.lock'), String(deadPid()));
      expect(await withBatchLock(temp.store, 'b1', async () => 'taken over')).to.equal('taken over');
      writeFileSync(path.join(locks, 'b1.lock'), String(process.ppid));
      expect(await withBatchLock(temp.store, 'b1', async () => 'no').catch((e: unknown) => e)).to.be.instanceOf(BatchBusyError);
    });
  });
});
