// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ICredentialRegistry} from "../interfaces/ICredentialRegistry.sol";
import {PackedBatch, PackedBatchLibrary} from "../types/PackedBatch.sol";

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

    /// @notice The bitmap writes that take a list of credential indices.
    enum BitOp {
        Revoke,
        Suspend,
        Unsuspend
    }

    /// @notice Records the batch as anchored now with `size` credentials. Emits `BatchAnchored`.
    function anchor(State storage self, address issuer, bytes32 root, uint32 size) internal {
        if (root == bytes32(0)) revert ICredentialRegistry.CredentialRegistryZeroRoot(issuer);
        if (size == 0) revert ICredentialRegistry.CredentialRegistryEmptyBatch(issuer, root);
        if (self.record.isAnchored()) revert ICredentialRegistry.CredentialRegistryBatchAlreadyAnchored(issuer, root);

        // A uint64 of seconds outlasts the sun; the truncating cast cannot bite.
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

    /// @notice Applies `op` to credentials `indices`, all or nothing.
    /// @dev Indices are gathered into one mask per bitmap word: each run of indices that fall in the same word
    /// costs one read, one write and one event, so ascending input is cheapest. Unsorted input is still
    /// correct: a word met again is read again, already holding the bits this call set, so a repeated index
    /// reverts like one set by an earlier transaction.
    function updateBits(
        State storage self,
        BitOp op,
        address issuer,
        bytes32 root,
        uint256[] calldata indices,
        uint8 reason
    ) internal {
        PackedBatch record = _anchoredRecord(self, issuer, root);
        if (op == BitOp.Revoke && record.revoked()) {
            revert ICredentialRegistry.CredentialRegistryBatchAlreadyRevoked(issuer, root);
        }
        if (indices.length == 0) revert ICredentialRegistry.CredentialRegistryNoIndices(issuer, root);

        mapping(uint256 => uint256) storage words = op == BitOp.Revoke ? self.revoked : self.suspended;
        uint32 size = record.size();
        uint256 wordIndex = indices[0] >> 8;
        uint256 mask;
        for (uint256 i; i < indices.length; ++i) {
            uint256 index = indices[i];
            if (index >= size) revert ICredentialRegistry.CredentialRegistryIndexOutOfBounds(issuer, root, index, size);
            if (index >> 8 != wordIndex) {
                _writeWord(words, op, issuer, root, wordIndex, mask, reason);
                wordIndex = index >> 8;
                mask = 0;
            }
            uint256 bit = 1 << (index & 0xff);
            if (mask & bit != 0) _revertConflict(op, issuer, root, index);
            mask |= bit;
        }
        _writeWord(words, op, issuer, root, wordIndex, mask, reason);
    }

    /// @notice What `ICredentialRegistry.verify` concludes about credential `index` with `digest` and `proof`.
    function status(State storage self, bytes32 root, uint256 index, bytes32 digest, bytes32[] calldata proof)
        internal
        view
        returns (ICredentialRegistry.CredentialStatus)
    {
        PackedBatch record = self.record;
        if (!record.isAnchored()) return ICredentialRegistry.CredentialStatus.NotAnchored;
        if (index >= record.size() || !MerkleProof.verifyCalldata(proof, root, leaf(index, digest))) {
            return ICredentialRegistry.CredentialStatus.InvalidProof;
        }
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

    function _anchoredRecord(State storage self, address issuer, bytes32 root) private view returns (PackedBatch record) {
        record = self.record;
        if (!record.isAnchored()) revert ICredentialRegistry.CredentialRegistryBatchNotAnchored(issuer, root);
    }

    /// @dev Writes the bits of `mask` into word `wordIndex` (sets them, or clears them for `Unsuspend`), after
    /// checking that none of them is already in the target state, and emits the matching event.
    function _writeWord(
        mapping(uint256 => uint256) storage words,
        BitOp op,
        address issuer,
        bytes32 root,
        uint256 wordIndex,
        uint256 mask,
        uint8 reason
    ) private {
        uint256 bits = words[wordIndex];
        uint256 conflict = op == BitOp.Unsuspend ? mask & ~bits : mask & bits;
        if (conflict != 0) {
            // Isolates the lowest set bit (two's complement; `conflict != 0`, so `~conflict + 1` cannot wrap)
            // to name one offending credential.
            unchecked {
                _revertConflict(op, issuer, root, (wordIndex << 8) | Math.log2(conflict & (~conflict + 1)));
            }
        }

        // No bit of `mask` is in its target state, so flipping them sets (or, for `Unsuspend`, clears) them.
        words[wordIndex] = bits ^ mask;
        if (op == BitOp.Revoke) {
            emit ICredentialRegistry.CredentialsRevoked(issuer, root, wordIndex, mask, reason);
        } else if (op == BitOp.Suspend) {
            emit ICredentialRegistry.CredentialsSuspended(issuer, root, wordIndex, mask, reason);
        } else {
            emit ICredentialRegistry.CredentialsUnsuspended(issuer, root, wordIndex, mask);
        }
    }

    function _revertConflict(BitOp op, address issuer, bytes32 root, uint256 index) private pure {
        if (op == BitOp.Revoke) revert ICredentialRegistry.CredentialRegistryAlreadyRevoked(issuer, root, index);
        if (op == BitOp.Suspend) revert ICredentialRegistry.CredentialRegistryAlreadySuspended(issuer, root, index);
        revert ICredentialRegistry.CredentialRegistryNotSuspended(issuer, root, index);
    }
}
