import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { expect } from 'chai';
import type { HardhatEthersSigner as S } from '@nomicfoundation/hardhat-ethers/types';
import { network } from 'hardhat';
import type { CredentialRegistry } from '../../types/ethers-contracts/index.js';

const { ethers, networkHelpers } = await network.create();

const ANCHOR = 1n;
const REVOKE = 2n;
const Status = { NotAnchored: 0n, Valid: 1n, InvalidProof: 2n, Revoked: 3n, Suspended: 4n } as const;

const root = (label: string) => ethers.keccak256(ethers.toUtf8Bytes(`root ${label}`));
const digestOf = (i: number) => ethers.keccak256(ethers.toUtf8Bytes(`credential ${i}`));
/** The bitmap word of `indices`, all in one word. */
const bits = (...indices: number[]) => indices.reduce((acc, i) => acc | (1n << BigInt(i % 256)), 0n);

async function deployFixture() {
  const signers = await ethers.getSigners();
  if (signers.length < 8) throw new Error('these tests need 8 accounts');
  const [issuer, anchorOperator, revokeOperator, bothOperator, removedOperator, stranger, otherIssuer, accreditor] =
    signers as [S, S, S, S, S, S, S, S];
  const registry = (await ethers.deployContract('CredentialRegistry', [], issuer)) as unknown as CredentialRegistry;
  await registry.setOperatorPermissions(anchorOperator.address, ANCHOR);
  await registry.setOperatorPermissions(revokeOperator.address, REVOKE);
  await registry.setOperatorPermissions(bothOperator.address, ANCHOR | REVOKE);
  await registry.setOperatorPermissions(removedOperator.address, ANCHOR | REVOKE);
  await registry.setOperatorPermissions(removedOperator.address, 0);
  return { registry, issuer, anchorOperator, revokeOperator, bothOperator, removedOperator, stranger, otherIssuer, accreditor };
}

/** Adds a batch `main` of 1,000 credentials and a batch `small` of 3, both anchored by `issuer`. */
async function anchoredFixture() {
  const fixture = await deployFixture();
  await fixture.registry.anchor(fixture.issuer.address, root('main'), 1000);
  await fixture.registry.anchor(fixture.issuer.address, root('small'), 3);
  return fixture;
}

/** Everything the registry records about batch `(issuer, r)` in its first words, to show a call changed nothing. */
async function batchState(registry: CredentialRegistry, issuer: string, r: string) {
  const batch = await registry.getBatch(issuer, r);
  const words = [];
  for (let w = 0n; w < 4n; w++) {
    words.push(await registry.revokedWord(issuer, r, w), await registry.suspendedWord(issuer, r, w));
  }
  const { anchoredAt, size, revoked, revokedAt, revokeReason } = batch;
  return { batch: { anchoredAt, size, revoked, revokedAt, revokeReason }, words };
}

describe('CredentialRegistry', () => {
  describe('anchor', () => {
    it('records the batch with its time and size, and emits BatchAnchored', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      await expect(registry.anchor(issuer.address, root('a'), 42))
        .to.emit(registry, 'BatchAnchored')
        .withArgs(issuer.address, root('a'), 42);
      const batch = await registry.getBatch(issuer.address, root('a'));
      expect(batch.anchoredAt).to.equal(BigInt(await networkHelpers.time.latest()));
      expect(batch.size).to.equal(42n);
      expect(batch.revoked).to.equal(false);
      expect(batch.revokedAt).to.equal(0n);
      expect(batch.revokeReason).to.equal(0n);
    });

    it('accepts the largest size', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      await registry.anchor(issuer.address, root('a'), 2n ** 32n - 1n);
      expect((await registry.getBatch(issuer.address, root('a'))).size).to.equal(2n ** 32n - 1n);
    });

    it('never overwrites: re-anchoring reverts and leaves the record as it was', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      await registry.anchor(issuer.address, root('a'), 42);
      const before = await batchState(registry, issuer.address, root('a'));
      await networkHelpers.time.increase(100);
      await expect(registry.anchor(issuer.address, root('a'), 7))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryBatchAlreadyAnchored')
        .withArgs(issuer.address, root('a'));
      expect(await batchState(registry, issuer.address, root('a'))).to.deep.equal(before);
    });

    it('rejects the zero root and an empty batch', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      await expect(registry.anchor(issuer.address, ethers.ZeroHash, 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryZeroRoot')
        .withArgs(issuer.address);
      await expect(registry.anchor(issuer.address, root('a'), 0))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryEmptyBatch')
        .withArgs(issuer.address, root('a'));
      expect((await registry.getBatch(issuer.address, root('a'))).anchoredAt).to.equal(0n);
    });

    it('keys batches by (issuer, root): one issuer cannot squat another\'s root', async () => {
      const { registry, issuer, otherIssuer } = await networkHelpers.loadFixture(deployFixture);
      await registry.connect(otherIssuer).anchor(otherIssuer.address, root('a'), 5);
      await expect(registry.anchor(issuer.address, root('a'), 9)).to.emit(registry, 'BatchAnchored');
      expect((await registry.getBatch(otherIssuer.address, root('a'))).size).to.equal(5n);
      expect((await registry.getBatch(issuer.address, root('a'))).size).to.equal(9n);
    });
  });

  describe('anchorMany', () => {
    it('anchors every root with its size, one event each', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      const roots = [root('a'), root('b'), root('c')];
      const tx = registry.anchorMany(issuer.address, roots, [1, 2, 3]);
      for (const [i, r] of roots.entries()) {
        await expect(tx).to.emit(registry, 'BatchAnchored').withArgs(issuer.address, r, i + 1);
      }
      for (const [i, r] of roots.entries()) {
        expect((await registry.getBatch(issuer.address, r)).size).to.equal(BigInt(i + 1));
      }
    });

    it('rejects arrays of different lengths', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      await expect(registry.anchorMany(issuer.address, [root('a'), root('b')], [1]))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryLengthMismatch')
        .withArgs(2, 1);
    });

    it('is all or nothing: a bad root anywhere anchors none', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      await expect(registry.anchorMany(issuer.address, [root('a'), root('b'), root('a')], [1, 2, 3]))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryBatchAlreadyAnchored')
        .withArgs(issuer.address, root('a'));
      await expect(registry.anchorMany(issuer.address, [root('a'), root('b')], [1, 0]))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryEmptyBatch')
        .withArgs(issuer.address, root('b'));
      expect((await registry.getBatch(issuer.address, root('a'))).anchoredAt).to.equal(0n);
    });

    it('does nothing for empty arrays', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      await expect(registry.anchorMany(issuer.address, [], [])).not.to.emit(registry, 'BatchAnchored');
    });
  });

  describe('revoke', () => {
    it('sets the credential\'s bit and emits CredentialRevoked with the index and reason', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      const tx = registry.revoke(issuer.address, root('main'), [5], 7);
      await expect(tx).to.emit(registry, 'CredentialRevoked').withArgs(issuer.address, root('main'), 5, 7);
      await expect(tx).not.to.emit(registry, 'CredentialsRevoked');
      expect(await registry.isRevoked(issuer.address, root('main'), 5)).to.equal(true);
      expect(await registry.isRevoked(issuer.address, root('main'), 4)).to.equal(false);
      expect(await registry.isRevoked(issuer.address, root('main'), 6)).to.equal(false);
      expect(await registry.revokedWord(issuer.address, root('main'), 0)).to.equal(bits(5));
    });

    it('emits one event per word for sorted input', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      const tx = registry.revoke(issuer.address, root('main'), [0, 1, 255, 256, 300, 999], 1);
      await expect(tx).to.emit(registry, 'CredentialsRevoked').withArgs(issuer.address, root('main'), 0, bits(0, 1, 255), 1);
      await expect(tx).to.emit(registry, 'CredentialsRevoked').withArgs(issuer.address, root('main'), 1, bits(256, 300), 1);
      await expect(tx).to.emit(registry, 'CredentialRevoked').withArgs(issuer.address, root('main'), 999, 1);
      const receipt = await (await tx).wait();
      expect(receipt!.logs).to.have.length(3);
      expect(await registry.revokedWord(issuer.address, root('main'), 0)).to.equal(bits(0, 1, 255));
      expect(await registry.revokedWord(issuer.address, root('main'), 1)).to.equal(bits(256, 300));
      expect(await registry.revokedWord(issuer.address, root('main'), 2)).to.equal(0n);
      expect(await registry.revokedWord(issuer.address, root('main'), 3)).to.equal(bits(999));
    });

    it('handles unsorted input: one event per run, the same final bits', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      const tx = registry.revoke(issuer.address, root('main'), [300, 2, 1, 301, 3], 1);
      const receipt = await (await tx).wait();
      const events = receipt!.logs.map((log) => registry.interface.parseLog(log)!);
      expect(events.map((e) => [e.name, ...(e.name === 'CredentialRevoked' ? [e.args.index] : [e.args.wordIndex, e.args.bits])]))
        .to.deep.equal([
          ['CredentialRevoked', 300n],
          ['CredentialsRevoked', 0n, bits(2, 1)],
          ['CredentialRevoked', 301n],
          ['CredentialRevoked', 3n],
        ]);
      expect(await registry.revokedWord(issuer.address, root('main'), 0)).to.equal(bits(1, 2, 3));
      expect(await registry.revokedWord(issuer.address, root('main'), 1)).to.equal(bits(300, 301));
    });

    it('is final: revoking again reverts with the index', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      await registry.revoke(issuer.address, root('main'), [5, 600], 1);
      await expect(registry.revoke(issuer.address, root('main'), [4, 600], 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryAlreadyRevoked')
        .withArgs(issuer.address, root('main'), 600);
      expect(await registry.isRevoked(issuer.address, root('main'), 4)).to.equal(false);
    });

    it('rejects an index listed twice, sorted or not, and revokes nothing', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      const before = await batchState(registry, issuer.address, root('main'));
      for (const indices of [[3, 3], [3, 4, 3], [3, 700, 3]]) {
        await expect(registry.revoke(issuer.address, root('main'), indices, 1))
          .to.be.revertedWithCustomError(registry, 'CredentialRegistryAlreadyRevoked')
          .withArgs(issuer.address, root('main'), 3);
      }
      expect(await batchState(registry, issuer.address, root('main'))).to.deep.equal(before);
    });

    it('rejects indices outside the batch, all or nothing', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      const before = await batchState(registry, issuer.address, root('main'));
      for (const index of [1000n, 1023n, 1024n, 5000n, 2n ** 255n + 7n, ethers.MaxUint256]) {
        await expect(registry.revoke(issuer.address, root('main'), [1, 999, index], 1))
          .to.be.revertedWithCustomError(registry, 'CredentialRegistryIndexOutOfBounds')
          .withArgs(issuer.address, root('main'), index, 1000);
      }
      await expect(registry.revoke(issuer.address, root('small'), [3], 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryIndexOutOfBounds')
        .withArgs(issuer.address, root('small'), 3, 3);
      expect(await batchState(registry, issuer.address, root('main'))).to.deep.equal(before);
    });

    it('reads 0 and false past the last word a batch can have', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      await registry.revoke(issuer.address, root('main'), [0], 1);
      await registry.suspend(issuer.address, root('main'), [0], 1);
      for (const word of [2n ** 24n - 1n, 2n ** 24n, 2n ** 24n + 1n, ethers.MaxUint256]) {
        expect(await registry.revokedWord(issuer.address, root('main'), word)).to.equal(0n);
        expect(await registry.suspendedWord(issuer.address, root('main'), word)).to.equal(0n);
      }
      for (const index of [2n ** 32n, 2n ** 32n * 2n, ethers.MaxUint256]) {
        expect(await registry.isRevoked(issuer.address, root('main'), index)).to.equal(false);
        expect(await registry.isSuspended(issuer.address, root('main'), index)).to.equal(false);
      }
    });

    it('accepts the last index of the batch', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      await registry.revoke(issuer.address, root('small'), [2], 1);
      expect(await registry.revokedWord(issuer.address, root('small'), 0)).to.equal(bits(2));
    });

    it('rejects an unknown batch, an empty list and a batch revoked as a whole', async () => {
      const { registry, issuer, otherIssuer } = await networkHelpers.loadFixture(anchoredFixture);
      await expect(registry.revoke(issuer.address, root('nope'), [0], 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryBatchNotAnchored')
        .withArgs(issuer.address, root('nope'));
      await expect(registry.connect(otherIssuer).revoke(otherIssuer.address, root('main'), [0], 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryBatchNotAnchored')
        .withArgs(otherIssuer.address, root('main'));
      await expect(registry.revoke(issuer.address, root('main'), [], 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryNoIndices')
        .withArgs(issuer.address, root('main'));
      await registry.revokeBatch(issuer.address, root('main'), 9);
      await expect(registry.revoke(issuer.address, root('main'), [0], 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryBatchAlreadyRevoked')
        .withArgs(issuer.address, root('main'));
    });

    it('revokes 256 contiguous credentials in one word write', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      const indices = Array.from({ length: 256 }, (_, i) => 256 + i);
      await expect(registry.revoke(issuer.address, root('main'), indices, 1))
        .to.emit(registry, 'CredentialsRevoked')
        .withArgs(issuer.address, root('main'), 1, ethers.MaxUint256, 1);
      expect(await registry.revokedWord(issuer.address, root('main'), 1)).to.equal(ethers.MaxUint256);
      expect(await registry.revokedWord(issuer.address, root('main'), 0)).to.equal(0n);
      expect(await registry.revokedWord(issuer.address, root('main'), 2)).to.equal(0n);
    });
  });

  describe('revokeBatch', () => {
    it('revokes every credential, records time and reason, emits BatchRevoked', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      const anchored = await registry.getBatch(issuer.address, root('main'));
      await networkHelpers.time.increase(1000);
      await expect(registry.revokeBatch(issuer.address, root('main'), 9))
        .to.emit(registry, 'BatchRevoked')
        .withArgs(issuer.address, root('main'), 9);
      const batch = await registry.getBatch(issuer.address, root('main'));
      expect(batch.anchoredAt).to.equal(anchored.anchoredAt);
      expect(batch.size).to.equal(1000n);
      expect(batch.revoked).to.equal(true);
      expect(batch.revokedAt).to.equal(BigInt(await networkHelpers.time.latest()));
      expect(batch.revokeReason).to.equal(9n);
      expect(await registry.isRevoked(issuer.address, root('main'), 0)).to.equal(true);
      expect(await registry.isRevoked(issuer.address, root('main'), 999)).to.equal(true);
      // The per-credential bitmap is left alone; `getBatch().revoked` carries the whole-batch revocation.
      expect(await registry.revokedWord(issuer.address, root('main'), 0)).to.equal(0n);
      // Other batches are untouched.
      expect(await registry.isRevoked(issuer.address, root('small'), 0)).to.equal(false);
    });

    it('is final and needs an anchored batch', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      await registry.revokeBatch(issuer.address, root('main'), 9);
      const before = await batchState(registry, issuer.address, root('main'));
      await expect(registry.revokeBatch(issuer.address, root('main'), 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryBatchAlreadyRevoked')
        .withArgs(issuer.address, root('main'));
      expect(await batchState(registry, issuer.address, root('main'))).to.deep.equal(before);
      await expect(registry.revokeBatch(issuer.address, root('nope'), 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryBatchNotAnchored')
        .withArgs(issuer.address, root('nope'));
    });
  });

  describe('suspend and unsuspend', () => {
    it('suspends with a reason, and unsuspends, one event per word', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      const tx = registry.suspend(issuer.address, root('main'), [1, 2, 700], 4);
      await expect(tx).to.emit(registry, 'CredentialsSuspended').withArgs(issuer.address, root('main'), 0, bits(1, 2), 4);
      await expect(tx).to.emit(registry, 'CredentialSuspended').withArgs(issuer.address, root('main'), 700, 4);
      expect(await registry.isSuspended(issuer.address, root('main'), 2)).to.equal(true);
      expect(await registry.isSuspended(issuer.address, root('main'), 3)).to.equal(false);
      expect(await registry.suspendedWord(issuer.address, root('main'), 2)).to.equal(bits(700));

      const lifted = registry.unsuspend(issuer.address, root('main'), [2, 700]);
      await expect(lifted).to.emit(registry, 'CredentialUnsuspended').withArgs(issuer.address, root('main'), 2);
      await expect(lifted).to.emit(registry, 'CredentialUnsuspended').withArgs(issuer.address, root('main'), 700);
      await expect(lifted).not.to.emit(registry, 'CredentialsUnsuspended');
      expect(await registry.suspendedWord(issuer.address, root('main'), 0)).to.equal(bits(1));
      expect(await registry.suspendedWord(issuer.address, root('main'), 2)).to.equal(0n);
      expect(await registry.isSuspended(issuer.address, root('main'), 1)).to.equal(true);

      await expect(registry.unsuspend(issuer.address, root('main'), [1]))
        .to.emit(registry, 'CredentialUnsuspended')
        .withArgs(issuer.address, root('main'), 1);
    });

    it('emits the word event for a run of several credentials, the one-credential event otherwise', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      await expect(registry.suspend(issuer.address, root('main'), [512, 767], 3))
        .to.emit(registry, 'CredentialsSuspended')
        .withArgs(issuer.address, root('main'), 2, bits(512, 767), 3);
      const tx = registry.unsuspend(issuer.address, root('main'), [512, 767]);
      await expect(tx).to.emit(registry, 'CredentialsUnsuspended').withArgs(issuer.address, root('main'), 2, bits(512, 767));
      await expect(tx).not.to.emit(registry, 'CredentialUnsuspended');
      await expect(registry.suspend(issuer.address, root('main'), [999], 3))
        .to.emit(registry, 'CredentialSuspended')
        .withArgs(issuer.address, root('main'), 999, 3);
      expect(await registry.suspendedWord(issuer.address, root('main'), 3)).to.equal(bits(999));
    });

    it('is reversible any number of times and separate from revocation', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      for (let round = 0; round < 3; round++) {
        await registry.suspend(issuer.address, root('main'), [9], 1);
        expect(await registry.isSuspended(issuer.address, root('main'), 9)).to.equal(true);
        await registry.unsuspend(issuer.address, root('main'), [9]);
        expect(await registry.isSuspended(issuer.address, root('main'), 9)).to.equal(false);
      }
      expect(await registry.revokedWord(issuer.address, root('main'), 0)).to.equal(0n);
      await registry.revoke(issuer.address, root('main'), [9], 1);
      await registry.suspend(issuer.address, root('main'), [9], 1);
      await registry.unsuspend(issuer.address, root('main'), [9]);
      expect(await registry.isRevoked(issuer.address, root('main'), 9)).to.equal(true);
    });

    it('rejects a credential already suspended, or not suspended, by index', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      await registry.suspend(issuer.address, root('main'), [9], 1);
      await expect(registry.suspend(issuer.address, root('main'), [8, 9], 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryAlreadySuspended')
        .withArgs(issuer.address, root('main'), 9);
      await expect(registry.suspend(issuer.address, root('main'), [5, 5], 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryAlreadySuspended')
        .withArgs(issuer.address, root('main'), 5);
      await expect(registry.unsuspend(issuer.address, root('main'), [9, 10]))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryNotSuspended')
        .withArgs(issuer.address, root('main'), 10);
      await expect(registry.unsuspend(issuer.address, root('main'), [9, 9]))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryNotSuspended')
        .withArgs(issuer.address, root('main'), 9);
      expect(await registry.suspendedWord(issuer.address, root('main'), 0)).to.equal(bits(9));
    });

    it('applies the batch rules: anchored, indices given, inside the batch', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      await expect(registry.suspend(issuer.address, root('nope'), [0], 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryBatchNotAnchored')
        .withArgs(issuer.address, root('nope'));
      await expect(registry.unsuspend(issuer.address, root('nope'), [0]))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryBatchNotAnchored')
        .withArgs(issuer.address, root('nope'));
      await expect(registry.suspend(issuer.address, root('main'), [], 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryNoIndices')
        .withArgs(issuer.address, root('main'));
      await expect(registry.unsuspend(issuer.address, root('main'), []))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryNoIndices')
        .withArgs(issuer.address, root('main'));
      await expect(registry.suspend(issuer.address, root('small'), [0, 3], 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryIndexOutOfBounds')
        .withArgs(issuer.address, root('small'), 3, 3);
      await expect(registry.unsuspend(issuer.address, root('small'), [256]))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryIndexOutOfBounds')
        .withArgs(issuer.address, root('small'), 256, 3);
      expect(await registry.suspendedWord(issuer.address, root('small'), 0)).to.equal(0n);
    });
  });

  describe('operators', () => {
    it('sets, reads and removes permissions, with an event', async () => {
      const { registry, issuer, stranger } = await networkHelpers.loadFixture(deployFixture);
      expect(await registry.operatorPermissions(issuer.address, stranger.address)).to.equal(0n);
      await expect(registry.setOperatorPermissions(stranger.address, 3))
        .to.emit(registry, 'OperatorPermissionsSet')
        .withArgs(issuer.address, stranger.address, 3);
      expect(await registry.operatorPermissions(issuer.address, stranger.address)).to.equal(3n);
      await expect(registry.setOperatorPermissions(stranger.address, 0))
        .to.emit(registry, 'OperatorPermissionsSet')
        .withArgs(issuer.address, stranger.address, 0);
      expect(await registry.operatorPermissions(issuer.address, stranger.address)).to.equal(0n);
    });

    it('rejects unknown permission bits', async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployFixture);
      for (const permissions of [4, 5, 128, 255]) {
        await expect(registry.setOperatorPermissions(stranger.address, permissions))
          .to.be.revertedWithCustomError(registry, 'CredentialRegistryInvalidPermissions')
          .withArgs(permissions);
      }
    });

    it('scopes permissions to the issuer that gave them', async () => {
      const { registry, otherIssuer, bothOperator } = await networkHelpers.loadFixture(deployFixture);
      expect(await registry.operatorPermissions(otherIssuer.address, bothOperator.address)).to.equal(0n);
      await expect(registry.connect(bothOperator).anchor(otherIssuer.address, root('x'), 1))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryUnauthorized')
        .withArgs(bothOperator.address, otherIssuer.address, ANCHOR);
    });
  });

  describe('access control matrix', () => {
    type Fixture = Awaited<ReturnType<typeof anchoredFixture>>;
    type Actor = 'issuer' | 'anchorOperator' | 'revokeOperator' | 'bothOperator' | 'removedOperator' | 'stranger';
    const actors: { name: Actor; permissions: bigint }[] = [
      { name: 'issuer', permissions: ANCHOR | REVOKE },
      { name: 'anchorOperator', permissions: ANCHOR },
      { name: 'revokeOperator', permissions: REVOKE },
      { name: 'bothOperator', permissions: ANCHOR | REVOKE },
      { name: 'removedOperator', permissions: 0n },
      { name: 'stranger', permissions: 0n },
    ];
    /** Each write, the permission it needs, and a read of the state it would change. */
    const writes: {
      name: string;
      needs: bigint;
      call: (f: Fixture, as: S) => Promise<unknown>;
      state: (f: Fixture) => Promise<unknown>;
    }[] = [
      {
        name: 'anchor',
        needs: ANCHOR,
        call: (f, as) => f.registry.connect(as).anchor(f.issuer.address, root('new'), 8),
        state: (f) => batchState(f.registry, f.issuer.address, root('new')),
      },
      {
        name: 'anchorMany',
        needs: ANCHOR,
        call: (f, as) => f.registry.connect(as).anchorMany(f.issuer.address, [root('new'), root('new2')], [8, 9]),
        state: async (f) => [await batchState(f.registry, f.issuer.address, root('new')), await batchState(f.registry, f.issuer.address, root('new2'))],
      },
      {
        name: 'revoke',
        needs: REVOKE,
        call: (f, as) => f.registry.connect(as).revoke(f.issuer.address, root('main'), [3, 400], 1),
        state: (f) => batchState(f.registry, f.issuer.address, root('main')),
      },
      {
        name: 'revokeBatch',
        needs: REVOKE,
        call: (f, as) => f.registry.connect(as).revokeBatch(f.issuer.address, root('main'), 1),
        state: (f) => batchState(f.registry, f.issuer.address, root('main')),
      },
      {
        name: 'suspend',
        needs: REVOKE,
        call: (f, as) => f.registry.connect(as).suspend(f.issuer.address, root('main'), [3], 1),
        state: (f) => batchState(f.registry, f.issuer.address, root('main')),
      },
      {
        name: 'unsuspend',
        needs: REVOKE,
        call: (f, as) => f.registry.connect(as).unsuspend(f.issuer.address, root('main'), [77]),
        state: (f) => batchState(f.registry, f.issuer.address, root('main')),
      },
    ];

    async function matrixFixture() {
      const fixture = await anchoredFixture();
      await fixture.registry.suspend(fixture.issuer.address, root('main'), [77], 1);
      return fixture;
    }

    for (const write of writes) {
      for (const actor of actors) {
        const allowed = (actor.permissions & write.needs) !== 0n;
        it(`${write.name} by ${actor.name}: ${allowed ? 'allowed' : 'reverts, nothing changes'}`, async () => {
          const fixture = await networkHelpers.loadFixture(matrixFixture);
          const signer = fixture[actor.name];
          const before = await write.state(fixture);
          if (allowed) {
            await expect(write.call(fixture, signer)).not.to.revert(ethers);
            expect(await write.state(fixture)).not.to.deep.equal(before);
          } else {
            await expect(write.call(fixture, signer))
              .to.be.revertedWithCustomError(fixture.registry, 'CredentialRegistryUnauthorized')
              .withArgs(signer.address, fixture.issuer.address, write.needs);
            expect(await write.state(fixture)).to.deep.equal(before);
          }
        });
      }
    }

    it('an operator acts through multicall with its own rights only', async () => {
      const { registry, issuer, anchorOperator } = await networkHelpers.loadFixture(matrixFixture);
      const anchorCall = registry.interface.encodeFunctionData('anchor', [issuer.address, root('m'), 4]);
      const revokeCall = registry.interface.encodeFunctionData('revoke', [issuer.address, root('main'), [1], 1]);
      await expect(registry.connect(anchorOperator).multicall([anchorCall, revokeCall]))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryUnauthorized')
        .withArgs(anchorOperator.address, issuer.address, REVOKE);
      expect((await registry.getBatch(issuer.address, root('m'))).anchoredAt).to.equal(0n);
      await registry.connect(anchorOperator).multicall([anchorCall]);
      expect((await registry.getBatch(issuer.address, root('m'))).size).to.equal(4n);
    });
  });

  describe('issuer profile', () => {
    it('is empty until published, then holds the latest URI and hash', async () => {
      const { registry, issuer, otherIssuer } = await networkHelpers.loadFixture(deployFixture);
      expect(await registry.issuerProfile(issuer.address)).to.deep.equal(['', ethers.ZeroHash]);
      const hash = ethers.keccak256(ethers.toUtf8Bytes('profile v1'));
      await expect(registry.setIssuerProfile('https://uni.example/issuer.json', hash))
        .to.emit(registry, 'IssuerProfileSet')
        .withArgs(issuer.address, 'https://uni.example/issuer.json', hash);
      expect(await registry.issuerProfile(issuer.address)).to.deep.equal(['https://uni.example/issuer.json', hash]);
      const hash2 = ethers.keccak256(ethers.toUtf8Bytes('profile v2'));
      await registry.setIssuerProfile('ipfs://bafy-profile-v2-with-a-uri-longer-than-thirty-one-bytes', hash2);
      expect(await registry.issuerProfile(issuer.address)).to.deep.equal([
        'ipfs://bafy-profile-v2-with-a-uri-longer-than-thirty-one-bytes',
        hash2,
      ]);
      expect(await registry.issuerProfile(otherIssuer.address)).to.deep.equal(['', ethers.ZeroHash]);
    });
  });

  describe('accreditation', () => {
    it('lists and unlists an issuer per accreditor, emitting only on change', async () => {
      const { registry, issuer, otherIssuer, accreditor, stranger } = await networkHelpers.loadFixture(deployFixture);
      const asAccreditor = registry.connect(accreditor);
      expect(await registry.isAccredited(accreditor.address, issuer.address)).to.equal(false);
      await expect(asAccreditor.accredit(issuer.address))
        .to.emit(registry, 'IssuerAccredited')
        .withArgs(accreditor.address, issuer.address);
      expect(await registry.isAccredited(accreditor.address, issuer.address)).to.equal(true);
      expect(await registry.isAccredited(stranger.address, issuer.address)).to.equal(false);
      expect(await registry.isAccredited(accreditor.address, otherIssuer.address)).to.equal(false);
      await expect(asAccreditor.accredit(issuer.address)).not.to.emit(registry, 'IssuerAccredited');

      await expect(asAccreditor.withdrawAccreditation(issuer.address))
        .to.emit(registry, 'IssuerAccreditationWithdrawn')
        .withArgs(accreditor.address, issuer.address);
      expect(await registry.isAccredited(accreditor.address, issuer.address)).to.equal(false);
      await expect(asAccreditor.withdrawAccreditation(issuer.address)).not.to.emit(registry, 'IssuerAccreditationWithdrawn');
    });
  });

  describe('multicall', () => {
    it('batches reads into one call', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      await registry.revoke(issuer.address, root('main'), [3], 1);
      await registry.suspend(issuer.address, root('main'), [300], 1);
      const calls = [
        registry.interface.encodeFunctionData('getBatch', [issuer.address, root('main')]),
        registry.interface.encodeFunctionData('revokedWord', [issuer.address, root('main'), 0]),
        registry.interface.encodeFunctionData('suspendedWord', [issuer.address, root('main'), 1]),
      ];
      const [batch, revoked, suspended] = await registry.multicall.staticCall(calls);
      expect(registry.interface.decodeFunctionResult('getBatch', batch!)[0].size).to.equal(1000n);
      expect(registry.interface.decodeFunctionResult('revokedWord', revoked!)[0]).to.equal(bits(3));
      expect(registry.interface.decodeFunctionResult('suspendedWord', suspended!)[0]).to.equal(bits(300));
    });

    it('batches an issuer\'s writes into one transaction, all or nothing', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(anchoredFixture);
      const anchorCall = registry.interface.encodeFunctionData('anchor', [issuer.address, root('m'), 4]);
      const revokeCall = registry.interface.encodeFunctionData('revoke', [issuer.address, root('m'), [1], 2]);
      const badCall = registry.interface.encodeFunctionData('revoke', [issuer.address, root('m'), [4], 2]);
      await expect(registry.multicall([anchorCall, revokeCall, badCall]))
        .to.be.revertedWithCustomError(registry, 'CredentialRegistryIndexOutOfBounds')
        .withArgs(issuer.address, root('m'), 4, 4);
      expect((await registry.getBatch(issuer.address, root('m'))).anchoredAt).to.equal(0n);
      await expect(registry.multicall([anchorCall, revokeCall]))
        .to.emit(registry, 'CredentialRevoked')
        .withArgs(issuer.address, root('m'), 1, 2);
    });
  });

  describe('verify', () => {
    type Tree = StandardMerkleTree<[bigint, string]>;
    const build = (size: number, salt = ''): Tree =>
      StandardMerkleTree.of(
        Array.from({ length: size }, (_, i) => [BigInt(i), ethers.keccak256(ethers.toUtf8Bytes(`credential ${i}${salt}`))]),
        ['uint256', 'bytes32'],
      );
    const valueOf = (tree: Tree, index: number) => {
      for (const [, value] of tree.entries()) if (value[0] === BigInt(index)) return value;
      throw new Error(`no index ${index}`);
    };

    for (const size of [1, 2, 3, 5, 8, 13, 64]) {
      it(`accepts every credential of a StandardMerkleTree of ${size}`, async () => {
        const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
        const tree = build(size);
        await registry.anchor(issuer.address, tree.root, size);
        for (const [, value] of tree.entries()) {
          const proof = tree.getProof(value);
          expect(await registry.verify(issuer.address, tree.root, value[0], value[1], proof)).to.equal(Status.Valid);
        }
      });
    }

    it('rejects a tampered digest, another index, another root\'s proof', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      const tree = build(8);
      const other = build(8, ' other');
      await registry.anchor(issuer.address, tree.root, 8);
      await registry.anchor(issuer.address, other.root, 8);
      const [index, digest] = valueOf(tree, 3);
      const proof = tree.getProof([index, digest]);
      expect(await registry.verify(issuer.address, tree.root, index, digest, proof)).to.equal(Status.Valid);

      const tampered = ethers.toBeHex(BigInt(digest) ^ 1n, 32);
      expect(await registry.verify(issuer.address, tree.root, index, tampered, proof)).to.equal(Status.InvalidProof);
      for (const otherIndex of [0n, 2n, 4n, 7n]) {
        expect(await registry.verify(issuer.address, tree.root, otherIndex, digest, proof)).to.equal(Status.InvalidProof);
      }
      // A valid proof of the other (anchored) tree, checked against this root, and this proof against that root.
      const [oIndex, oDigest] = valueOf(other, 3);
      expect(await registry.verify(issuer.address, tree.root, oIndex, oDigest, other.getProof([oIndex, oDigest]))).to.equal(
        Status.InvalidProof,
      );
      expect(await registry.verify(issuer.address, other.root, index, digest, proof)).to.equal(Status.InvalidProof);
      expect(await registry.verify(issuer.address, tree.root, index, digest, [])).to.equal(Status.InvalidProof);
    });

    it('rejects an internal node passed as a leaf', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      const tree = build(4);
      await registry.anchor(issuer.address, tree.root, 4);
      // dump().tree is the array layout: 0 the root, 1 and 2 its children, 3..6 the leaves.
      const nodes = tree.dump().tree;
      const [node, sibling, left, right] = [nodes[1]!, nodes[2]!, nodes[3]!, nodes[4]!];
      const [low, high] = BigInt(left) < BigInt(right) ? [left, right] : [right, left];
      expect(ethers.keccak256(ethers.concat([low, high]))).to.equal(node);
      // The node as a digest, at every index.
      for (let i = 0n; i < 4n; i++) {
        expect(await registry.verify(issuer.address, tree.root, i, node, [sibling])).to.equal(Status.InvalidProof);
      }
      // The node's two children as (index, digest): `abi.encode(index, digest)` then hashes to the node itself,
      // which a single-hashed leaf would accept.
      expect(await registry.verify(issuer.address, tree.root, BigInt(low), high, [sibling])).to.equal(Status.InvalidProof);
      // The node's own leaves, as the leaf hash itself.
      expect(await registry.verify(issuer.address, tree.root, 0n, nodes[3]!, [nodes[4]!, sibling])).to.equal(Status.InvalidProof);
    });

    it('rejects an index at or past the anchored size even with a valid proof', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      const tree = build(8);
      // Anchored with a smaller size than the tree holds: indices 5..7 are outside the batch.
      await registry.anchor(issuer.address, tree.root, 5);
      for (let i = 0; i < 8; i++) {
        const [index, digest] = valueOf(tree, i);
        const expected = i < 5 ? Status.Valid : Status.InvalidProof;
        expect(await registry.verify(issuer.address, tree.root, index, digest, tree.getProof([index, digest]))).to.equal(expected);
      }
    });

    it('says NotAnchored for another issuer or an unknown root, before checking the proof', async () => {
      const { registry, issuer, otherIssuer } = await networkHelpers.loadFixture(deployFixture);
      const tree = build(4);
      await registry.anchor(issuer.address, tree.root, 4);
      const [index, digest] = valueOf(tree, 1);
      const proof = tree.getProof([index, digest]);
      expect(await registry.verify(otherIssuer.address, tree.root, index, digest, proof)).to.equal(Status.NotAnchored);
      expect(await registry.verify(issuer.address, root('unknown'), index, digest, proof)).to.equal(Status.NotAnchored);
      expect(await registry.verify(issuer.address, root('unknown'), index, digest, [])).to.equal(Status.NotAnchored);
    });

    it('orders the checks: invalid proof, then revoked (credential or batch), then suspended', async () => {
      const { registry, issuer } = await networkHelpers.loadFixture(deployFixture);
      const tree = build(4);
      await registry.anchor(issuer.address, tree.root, 4);
      const check = (i: number, digest?: string) => {
        const [index, real] = valueOf(tree, i);
        return registry.verify(issuer.address, tree.root, index, digest ?? real, tree.getProof([index, real]));
      };
      await registry.suspend(issuer.address, tree.root, [0, 1], 1);
      expect(await check(0)).to.equal(Status.Suspended);
      await registry.revoke(issuer.address, tree.root, [1, 2], 1);
      expect(await check(1)).to.equal(Status.Revoked);
      expect(await check(2)).to.equal(Status.Revoked);
      expect(await check(1, digestOf(99))).to.equal(Status.InvalidProof);
      expect(await check(3)).to.equal(Status.Valid);
      await registry.unsuspend(issuer.address, tree.root, [0]);
      expect(await check(0)).to.equal(Status.Valid);
      await registry.revokeBatch(issuer.address, tree.root, 1);
      expect(await check(0)).to.equal(Status.Revoked);
      expect(await check(3)).to.equal(Status.Revoked);
      expect(await check(3, digestOf(99))).to.equal(Status.InvalidProof);
    });
  });
});
