// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ICredentialRegistry} from "../interfaces/ICredentialRegistry.sol";
import {PackedBatch, PackedBatchLibrary} from "../types/PackedBatch.sol";
import {IndexMask} from "./IndexMask.sol";

/// @title CredentialBatch
/// @notice State and rules of one anchored batch `(issuer, root)`: its record, and its revocation and
/// suspension bitmaps (bit `index % 256` of word `index / 256` is credential `index`).
/// @dev `issuer` and `root` are passed in only to name the batch in errors and events: the caller has
/// already resolved them to `self`.
library CredentialBatch {
    /// @notice Storage of one batch.
    struct State {
        PackedBatch record;
        mapping(uint256 wordIndex => uint256 bits) revoked;
        mapping(uint256 wordIndex => uint256 bits) suspended;
    }

    /// @notice Records the batch as anchored now with `size` credentials. Emits `BatchAnchored`.
    function anchor(State storage self, address issuer, bytes32 root, uint32 size) internal {
        if (root == bytes32(0)) revert ICredentialRegistry.CredentialRegistryZeroRoot(issuer);
        if (size == 0) revert ICredentialRegistry.CredentialRegistryEmptyBatch(issuer, root);
        if (self.record.isAnchored()) revert ICredentialRegistry.CredentialRegistryBatchAlreadyAnchored(issuer, root);

        // uint64 seconds last 584 billion years: the narrowing cast cannot truncate a real timestamp.
        self.record = PackedBatchLibrary.anchored(uint64(block.timestamp), size);
        emit ICredentialRegistry.BatchAnchored(issuer, root, size);
    }

    /// @notice Revokes the whole batch now for `reason`. Emits `BatchRevoked`.
    function revokeAll(State storage self, address issuer, bytes32 root, uint8 reason) internal {
        PackedBatch record = _anchoredRecord(self, issuer, root);
        if (record.revoked()) revert ICredentialRegistry.CredentialRegistryBatchAlreadyRevoked(issuer, root);

        self.record = record.withRevocation(uint64(block.timestamp), reason);
        emit ICredentialRegistry.BatchRevoked(issuer, root, reason);
    }

    /// @notice Revokes credentials `indices` for `reason`, all or nothing. Emits one `CredentialsRevoked` per run
    /// of indices in one bitmap word (see `IndexMask.nextRun`); ascending input makes one run per word.
    function revoke(State storage self, address issuer, bytes32 root, uint256[] calldata indices, uint8 reason)
        internal
    {
        PackedBatch record = _anchoredRecord(self, issuer, root, indices);
        if (record.revoked()) revert ICredentialRegistry.CredentialRegistryBatchAlreadyRevoked(issuer, root);
        uint256 size = record.size();
        uint256 i;
        do {
            (uint256 wordIndex, uint256 mask, uint256 next) = IndexMask.nextRun(indices, i);
            _checkBounds(issuer, root, wordIndex, mask, size);
            uint256 bits = self.revoked[wordIndex];
            if (bits & mask != 0) {
                revert ICredentialRegistry.CredentialRegistryAlreadyRevoked(
                    issuer, root, IndexMask.lowestIndex(wordIndex, bits & mask)
                );
            }
            self.revoked[wordIndex] = bits | mask;
            emit ICredentialRegistry.CredentialsRevoked(issuer, root, wordIndex, mask, reason);
            i = next;
        } while (i < indices.length);
    }

    /// @notice Suspends credentials `indices` for `reason`, all or nothing; one `CredentialsSuspended` per run.
    function suspend(State storage self, address issuer, bytes32 root, uint256[] calldata indices, uint8 reason)
        internal
    {
        uint256 size = _anchoredRecord(self, issuer, root, indices).size();
        uint256 i;
        do {
            (uint256 wordIndex, uint256 mask, uint256 next) = IndexMask.nextRun(indices, i);
            _checkBounds(issuer, root, wordIndex, mask, size);
            uint256 bits = self.suspended[wordIndex];
            if (bits & mask != 0) {
                revert ICredentialRegistry.CredentialRegistryAlreadySuspended(
                    issuer, root, IndexMask.lowestIndex(wordIndex, bits & mask)
                );
            }
            self.suspended[wordIndex] = bits | mask;
            emit ICredentialRegistry.CredentialsSuspended(issuer, root, wordIndex, mask, reason);
            i = next;
        } while (i < indices.length);
    }

    /// @notice Lifts the suspension of credentials `indices`, all or nothing; one `CredentialsUnsuspended` per run.
    function unsuspend(State storage self, address issuer, bytes32 root, uint256[] calldata indices) internal {
        uint256 size = _anchoredRecord(self, issuer, root, indices).size();
        uint256 i;
        do {
            (uint256 wordIndex, uint256 mask, uint256 next) = IndexMask.nextRun(indices, i);
            _checkBounds(issuer, root, wordIndex, mask, size);
            uint256 bits = self.suspended[wordIndex];
            if (~bits & mask != 0) {
                revert ICredentialRegistry.CredentialRegistryNotSuspended(
                    issuer, root, IndexMask.lowestIndex(wordIndex, ~bits & mask)
                );
            }
            self.suspended[wordIndex] = bits & ~mask;
            emit ICredentialRegistry.CredentialsUnsuspended(issuer, root, wordIndex, mask);
            i = next;
        } while (i < indices.length);
    }

    /// @notice What `ICredentialRegistry.verify` concludes about credential `index` with `digest` and `proof`.
    function status(State storage self, bytes32 root, uint256 index, bytes32 digest, bytes32[] calldata proof)
        internal
        view
        returns (ICredentialRegistry.CredentialStatus)
    {
        PackedBatch record = self.record;
        if (!record.isAnchored()) return ICredentialRegistry.CredentialStatus.NotAnchored;
        bool proven = index < record.size() && MerkleProof.verifyCalldata(proof, root, leaf(index, digest));
        if (!proven) return ICredentialRegistry.CredentialStatus.InvalidProof;
        if (record.revoked() || isSet(self.revoked, index)) return ICredentialRegistry.CredentialStatus.Revoked;
        if (isSet(self.suspended, index)) return ICredentialRegistry.CredentialStatus.Suspended;
        return ICredentialRegistry.CredentialStatus.Valid;
    }

    /// @notice OpenZeppelin's standard Merkle leaf of `(uint256 index, bytes32 digest)`:
    /// `keccak256(bytes.concat(keccak256(abi.encode(index, digest))))`.
    function leaf(uint256 index, bytes32 digest) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(index, digest))));
    }

    /// @notice Whether bit `index` of `words` is set.
    function isSet(mapping(uint256 => uint256) storage words, uint256 index) internal view returns (bool) {
        return words[index >> 8] & (1 << (index & 0xff)) != 0;
    }

    /// @dev The record of the batch, which must be anchored.
    function _anchoredRecord(State storage self, address issuer, bytes32 root) private view returns (PackedBatch record) {
        record = self.record;
        if (!record.isAnchored()) revert ICredentialRegistry.CredentialRegistryBatchNotAnchored(issuer, root);
    }

    /// @dev The record of the batch, which must be anchored, for a write of `indices`, which must not be empty.
    function _anchoredRecord(State storage self, address issuer, bytes32 root, uint256[] calldata indices)
        private
        view
        returns (PackedBatch record)
    {
        record = _anchoredRecord(self, issuer, root);
        if (indices.length == 0) revert ICredentialRegistry.CredentialRegistryNoIndices(issuer, root);
    }

    /// @dev Reverts if a bit of `mask` in word `wordIndex` stands for an index at or past `size`.
    function _checkBounds(address issuer, bytes32 root, uint256 wordIndex, uint256 mask, uint256 size) private pure {
        uint256 outside = mask & ~IndexMask.validBits(wordIndex, size);
        if (outside != 0) {
            // `size` came from a uint32 field.
            revert ICredentialRegistry.CredentialRegistryIndexOutOfBounds(
                issuer, root, IndexMask.lowestIndex(wordIndex, outside), uint32(size)
            );
        }
    }
}
