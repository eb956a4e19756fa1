// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ICredentialRegistry} from "../interfaces/ICredentialRegistry.sol";
import {PackedBatch, PackedBatchLibrary} from "../types/PackedBatch.sol";

/// @title CredentialBatch
/// @notice State and rules of one anchored batch `(issuer, root)`: its record, and its revocation and
/// suspension bitmaps (bit `index % 256` of word `index / 256` is credential `index`).
/// @dev A batch's storage is found with `at(issuer, root)`; `issuer` and `root` are also passed in to name the batch
/// in errors and events.
library CredentialBatch {
    /// @notice Bitmap words a batch can need: `size` is a uint32, so indices are below 2**32, words below 2**24.
    uint256 internal constant WORDS = 0x1000000; // 2**24

    /// @dev Operations of `_write`.
    uint256 private constant _REVOKE = 0;
    uint256 private constant _SUSPEND = 1;
    uint256 private constant _UNSUSPEND = 2;

    /// @notice Storage of one batch, at the slot `at` derives from `(issuer, root)`.
    /// @dev Fixed-size arrays rather than mappings: word `w` of a bitmap sits at a fixed offset from the batch's
    /// slot, so reaching it costs an addition instead of a keccak. The batch slot is a keccak output, and the 2**25
    /// slots after it are as unlikely to meet another batch's as the elements of two Solidity dynamic arrays.
    struct State {
        PackedBatch record;
        uint256[WORDS] revoked;
        uint256[WORDS] suspended;
    }

    /// @dev Third word of the preimage of every batch slot. Solidity hashes 64-byte preimages for the slots of
    /// mappings with value-type keys (the registry's only mappings), so a 96-byte one can't meet any of them.
    bytes32 private constant _NAMESPACE = keccak256("microcred.CredentialBatch.State");

    /// @notice The storage of batch `(issuer, root)`: at `keccak256(abi.encode(issuer, root, _NAMESPACE))`.
    /// @dev One keccak where a nested mapping `issuer => root => State` takes two.
    function at(address issuer, bytes32 root) internal pure returns (State storage self) {
        bytes32 namespace = _NAMESPACE;
        // Hashes in the scratch space and the free memory pointer's word, then restores that word.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let freeMemoryPointer := mload(0x40)
            mstore(0x00, and(issuer, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(0x20, root)
            mstore(0x40, namespace)
            self.slot := keccak256(0x00, 0x60)
            mstore(0x40, freeMemoryPointer)
        }
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
        PackedBatch record = self.record;
        if (!record.isAnchored()) revert ICredentialRegistry.CredentialRegistryBatchNotAnchored(issuer, root);
        if (record.revoked()) revert ICredentialRegistry.CredentialRegistryBatchAlreadyRevoked(issuer, root);

        self.record = record.withRevocation(uint64(block.timestamp), reason);
        emit ICredentialRegistry.BatchRevoked(issuer, root, reason);
    }

    /// @notice Revokes credentials `indices` of batch `(issuer, root)` for `reason`, all or nothing. Final.
    /// @dev Emits one event per run (see `_write`): `CredentialRevoked` for a run of one credential,
    /// `CredentialsRevoked` for a longer one.
    function revoke(address issuer, bytes32 root, uint256[] calldata indices, uint8 reason) internal {
        _write(issuer, root, indices, reason, _REVOKE);
    }

    /// @notice Suspends credentials `indices` of batch `(issuer, root)` for `reason`, all or nothing.
    /// @dev Emits `CredentialSuspended` or `CredentialsSuspended` per run, as `revoke` does.
    function suspend(address issuer, bytes32 root, uint256[] calldata indices, uint8 reason) internal {
        _write(issuer, root, indices, reason, _SUSPEND);
    }

    /// @notice Lifts the suspension of credentials `indices` of batch `(issuer, root)`, all or nothing.
    /// @dev Emits `CredentialUnsuspended` or `CredentialsUnsuspended` per run, as `revoke` does.
    function unsuspend(address issuer, bytes32 root, uint256[] calldata indices) internal {
        _write(issuer, root, indices, 0, _UNSUSPEND);
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

    /// @notice Word `wordIndex` of `words`; 0 past the last word a batch can have.
    function word(uint256[WORDS] storage words, uint256 wordIndex) internal view returns (uint256) {
        return wordIndex < WORDS ? words[wordIndex] : 0;
    }

    /// @notice Whether bit `index` of `words` is set.
    function isSet(uint256[WORDS] storage words, uint256 index) internal view returns (bool) {
        return word(words, index >> 8) & (1 << (index & 0xff)) != 0;
    }

    /// @dev Sets (`_REVOKE`, `_SUSPEND`) or clears (`_UNSUSPEND`) the bits of `indices` in a bitmap of batch
    /// `(issuer, root)`, all or nothing, and emits one event per run.
    ///
    /// A run is the longest stretch of `indices` whose indices share one bitmap word, with no index repeated: one
    /// storage read, one write and one event per run rather than per credential. Ascending input makes one run per
    /// word; a repeated index ends the run, so it starts the next one and meets its own bit already written: no
    /// separate duplicate check is needed. A run of one credential emits the `Credential…` event `(index[, reason])`,
    /// a longer one the `Credentials…` event `(wordIndex, bits[, reason])`: one credential is the common case, and its
    /// event is one 32-byte data word (256 gas) shorter.
    ///
    /// Checks, in order, each reverting with the offending values: batch anchored, `indices` not empty, batch not
    /// revoked as a whole (revocation only), then per run: every index below `size` (the first that is not, in the
    /// order given, is named), no bit already in the target state.
    ///
    /// Written in assembly because `revoke` of one credential has gas targets (`scripts/bench/measure.ts`) that the
    /// Solidity version missed by 961 and 861 gas: here the record costs one `SLOAD`, each bitmap word one `SLOAD`
    /// and one `SSTORE` at an offset from the batch slot, the checks a few opcodes each, errors are encoded by hand
    /// and the event data goes in the scratch space, with no call, copy or allocation. The tests in `test/contracts`
    /// pin every error (with its values) and every event.
    // solhint-disable-next-line function-max-lines
    function _write(address issuer, bytes32 root, uint256[] calldata indices, uint8 reason, uint256 op) private {
        State storage self = at(issuer, root);
        bytes4 notAnchored = ICredentialRegistry.CredentialRegistryBatchNotAnchored.selector;
        bytes4 noIndices = ICredentialRegistry.CredentialRegistryNoIndices.selector;
        bytes4 batchRevoked = ICredentialRegistry.CredentialRegistryBatchAlreadyRevoked.selector;
        bytes4 outOfBounds = ICredentialRegistry.CredentialRegistryIndexOutOfBounds.selector;
        bytes4 conflictError;
        bytes32 oneTopic;
        bytes32 runTopic;
        if (op == _REVOKE) {
            conflictError = ICredentialRegistry.CredentialRegistryAlreadyRevoked.selector;
            oneTopic = ICredentialRegistry.CredentialRevoked.selector;
            runTopic = ICredentialRegistry.CredentialsRevoked.selector;
        } else if (op == _SUSPEND) {
            conflictError = ICredentialRegistry.CredentialRegistryAlreadySuspended.selector;
            oneTopic = ICredentialRegistry.CredentialSuspended.selector;
            runTopic = ICredentialRegistry.CredentialsSuspended.selector;
        } else {
            conflictError = ICredentialRegistry.CredentialRegistryNotSuspended.selector;
            oneTopic = ICredentialRegistry.CredentialUnsuspended.selector;
            runTopic = ICredentialRegistry.CredentialsUnsuspended.selector;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // Revert with `selector(issuer_, root_)`, `selector(issuer_, root_, index)` or
            // `selector(issuer_, root_, index, size)`, encoded past the free memory pointer `m`.
            function fail(m, selector, issuer_, root_) {
                mstore(m, selector)
                mstore(add(m, 0x04), issuer_)
                mstore(add(m, 0x24), root_)
                revert(m, 0x44)
            }
            function failAt(m, selector, issuer_, root_, index) {
                mstore(add(m, 0x44), index)
                mstore(m, selector)
                mstore(add(m, 0x04), issuer_)
                mstore(add(m, 0x24), root_)
                revert(m, 0x64)
            }
            // Reverts with `selector(issuer_, root_, index, size)`.
            function failOutside(m, selector, issuer_, root_, index, size) {
                mstore(add(m, 0x64), size)
                mstore(add(m, 0x44), index)
                mstore(m, selector)
                mstore(add(m, 0x04), issuer_)
                mstore(add(m, 0x24), root_)
                revert(m, 0x84)
            }
            // The index of the lowest bit set in `bits` (not 0) of the word whose first index is `first`: the
            // position of the isolated lowest bit, found by halving (as OpenZeppelin's `Math.log2`).
            function lowest(first, bits) -> index {
                let b := and(bits, sub(0, bits))
                let n := shl(7, lt(0xffffffffffffffffffffffffffffffff, b))
                n := or(n, shl(6, lt(0xffffffffffffffff, shr(n, b))))
                n := or(n, shl(5, lt(0xffffffff, shr(n, b))))
                n := or(n, shl(4, lt(0xffff, shr(n, b))))
                n := or(n, shl(3, lt(0xff, shr(n, b))))
                n := or(n, shl(2, lt(0xf, shr(n, b))))
                n := or(n, shl(1, lt(0x3, shr(n, b))))
                index := or(first, or(n, lt(0x1, shr(n, b))))
            }

            // `issuer` goes into topics and errors: clean its upper bits, which assembly may not assume clean.
            issuer := and(issuer, 0xffffffffffffffffffffffffffffffffffffffff)
            // The event data goes in the scratch space and the free memory pointer's word, restored at the end;
            // the error paths encode past the free memory pointer.
            let m := mload(0x40)
            let record := sload(self.slot)

            // One test for the usual case: anchored (`anchoredAt`, bits 0-63, not 0), `indices` not empty and, for a
            // revocation, the batch not revoked as a whole. Only `withRevocation` sets bits from 96 up (the revoked
            // flag first), so that is `record < 2**96`. The products stay below 2**130.
            if iszero(
                mul(mul(and(record, 0xffffffffffffffff), indices.length), or(op, lt(record, shl(96, 1))))
            ) {
                if iszero(and(record, 0xffffffffffffffff)) { fail(m, notAnchored, issuer, root) }
                if iszero(indices.length) { fail(m, noIndices, issuer, root) }
                fail(m, batchRevoked, issuer, root)
            }

            // The batch size (bits 64-95 of the record): every index must be below it.
            let size := and(shr(64, record), 0xffffffff)
            // Word `w` of `revoked` is at `self + 1 + w`, of `suspended` at `self + 1 + WORDS + w` (see `State`).
            let words := add(self.slot, add(1, mul(iszero(iszero(op)), WORDS)))
            // What the run's bits must be before the write: clear to set them, set to clear them. Either way the
            // write is then `bits ^ mask`.
            let expected := sub(0, eq(op, _UNSUSPEND))
            // Revocation and suspension events end with the reason, kept at 0x40; unsuspension events don't.
            let reasonBytes := shl(5, lt(op, _UNSUSPEND))
            mstore(0x40, and(reason, 0xff))

            // `indices` is not empty and was bounds-checked by the ABI decoder: `p` walks it to `end`.
            let p := indices.offset
            let end := add(p, shl(5, indices.length))
            for {} 1 {} {
                // Each index is checked against `size` as it joins a run (one comparison: cheaper for the usual
                // single credential than masking a run's bits, and it names the first bad index as given). An index
                // that ends a run is checked as the first of the next.
                let index := calldataload(p)
                if iszero(lt(index, size)) { failOutside(m, outOfBounds, issuer, root, index, size) }
                let wordIndex := shr(8, index)
                let mask := shl(and(index, 0xff), 1)
                for { p := add(p, 0x20) } lt(p, end) { p := add(p, 0x20) } {
                    let next := calldataload(p)
                    let bit := shl(and(next, 0xff), 1)
                    if or(xor(shr(8, next), wordIndex), and(mask, bit)) { break }
                    if iszero(lt(next, size)) { failOutside(m, outOfBounds, issuer, root, next, size) }
                    mask := or(mask, bit)
                }

                // `wordIndex < WORDS` here (every index is below `size` < 2**32), so the slot stays inside the bitmap.
                let slot := add(words, wordIndex)
                let bits := sload(slot)
                let conflicts := and(xor(bits, expected), mask)
                if conflicts { failAt(m, conflictError, issuer, root, lowest(shl(8, wordIndex), conflicts)) }
                sstore(slot, xor(bits, mask))

                // One bit (`mask & (mask - 1) == 0`): `(index[, reason])` from 0x20; else
                // `(wordIndex, bits[, reason])` from 0x00.
                switch and(mask, sub(mask, 1))
                case 0 {
                    mstore(0x20, index)
                    log3(0x20, add(0x20, reasonBytes), oneTopic, issuer, root)
                }
                default {
                    mstore(0x00, wordIndex)
                    mstore(0x20, mask)
                    log3(0x00, add(0x40, reasonBytes), runTopic, issuer, root)
                }
                if iszero(lt(p, end)) { break }
            }
            mstore(0x40, m)
        }
    }
}
