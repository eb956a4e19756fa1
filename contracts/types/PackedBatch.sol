// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICredentialRegistry} from "../interfaces/ICredentialRegistry.sol";

/// @notice The record of an anchored batch, packed into one storage word.
/// @dev Laid out exactly as Solidity packs `ICredentialRegistry.Batch` into a slot, from the low-order bits:
///
/// | bits    | field        |
/// |---------|--------------|
/// | 0-63    | anchoredAt   |
/// | 64-95   | size         |
/// | 96-103  | revoked      |
/// | 104-167 | revokedAt    |
/// | 168-175 | revokeReason |
///
/// Handling the word as a value guarantees one `SLOAD` per read and one `SSTORE` per write, which the
/// legacy code generator does not when it writes struct members one by one.
type PackedBatch is uint256;

using PackedBatchLibrary for PackedBatch global;

/// @title PackedBatchLibrary
/// @notice Builds and reads `PackedBatch` words.
library PackedBatchLibrary {
    uint256 private constant _SIZE_OFFSET = 64;
    uint256 private constant _REVOKED_OFFSET = 96;
    uint256 private constant _REVOKED_AT_OFFSET = 104;
    uint256 private constant _REVOKE_REASON_OFFSET = 168;

    /// @notice A batch of `size_` credentials anchored at `anchoredAt_`, not revoked.
    function anchored(uint64 anchoredAt_, uint32 size_) internal pure returns (PackedBatch) {
        return PackedBatch.wrap(uint256(anchoredAt_) | (uint256(size_) << _SIZE_OFFSET));
    }

    /// @notice `self` with the whole batch revoked at `revokedAt_` for `reason`.
    /// @dev `self` must not be revoked already: the new fields are OR-ed into the word.
    function withRevocation(PackedBatch self, uint64 revokedAt_, uint8 reason) internal pure returns (PackedBatch) {
        return PackedBatch.wrap(
            PackedBatch.unwrap(self) | (1 << _REVOKED_OFFSET) | (uint256(revokedAt_) << _REVOKED_AT_OFFSET)
                | (uint256(reason) << _REVOKE_REASON_OFFSET)
        );
    }

    /// @notice Whether the batch was anchored: its anchoring time is never 0 once it is.
    function isAnchored(PackedBatch self) internal pure returns (bool) {
        return uint64(PackedBatch.unwrap(self)) != 0;
    }

    function anchoredAt(PackedBatch self) internal pure returns (uint64) {
        return uint64(PackedBatch.unwrap(self));
    }

    function size(PackedBatch self) internal pure returns (uint32) {
        return uint32(PackedBatch.unwrap(self) >> _SIZE_OFFSET);
    }

    function revoked(PackedBatch self) internal pure returns (bool) {
        return uint8(PackedBatch.unwrap(self) >> _REVOKED_OFFSET) != 0;
    }

    function revokedAt(PackedBatch self) internal pure returns (uint64) {
        return uint64(PackedBatch.unwrap(self) >> _REVOKED_AT_OFFSET);
    }

    function revokeReason(PackedBatch self) internal pure returns (uint8) {
        return uint8(PackedBatch.unwrap(self) >> _REVOKE_REASON_OFFSET);
    }

    /// @notice The record as the interface's struct.
    function unpack(PackedBatch self) internal pure returns (ICredentialRegistry.Batch memory) {
        return ICredentialRegistry.Batch({
            anchoredAt: self.anchoredAt(),
            size: self.size(),
            revoked: self.revoked(),
            revokedAt: self.revokedAt(),
            revokeReason: self.revokeReason()
        });
    }
}
