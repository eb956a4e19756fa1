// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {ICredentialRegistry} from "../interfaces/ICredentialRegistry.sol";

/// @title FakeRegistry
/// @notice TEST DOUBLE OF AN ATTACKER, never deployed by microcred: a contract anyone can deploy that answers
/// every read of `ICredentialRegistry` as "anchored, nothing revoked, nothing suspended, accredited". A holder
/// who names it in `proof.anchors` of a credential they built themselves, with a trusted issuer's address,
/// must not get a `valid` verdict: the verifier has to refuse it as not a released `CredentialRegistry`.
/// @dev Only the reads a verifier makes are implemented (with the genuine selectors and return types, so
/// the genuine ABI decodes its answers); it holds no state and has no writes.
contract FakeRegistry is Multicall {
    /// @notice Any `(issuer, root)`: anchored at this block's time, with room for every index a proof can name.
    function getBatch(address, bytes32) external view returns (ICredentialRegistry.Batch memory) {
        return ICredentialRegistry.Batch({
            anchoredAt: uint64(block.timestamp),
            size: type(uint32).max,
            revoked: false,
            revokedAt: 0,
            revokeReason: 0
        });
    }

    /// @notice No credential is ever revoked.
    function revokedWord(address, bytes32, uint256) external pure returns (uint256) {
        return 0;
    }

    /// @notice No credential is ever suspended.
    function suspendedWord(address, bytes32, uint256) external pure returns (uint256) {
        return 0;
    }

    /// @notice No credential is ever revoked.
    function isRevoked(address, bytes32, uint256) external pure returns (bool) {
        return false;
    }

    /// @notice No credential is ever suspended.
    function isSuspended(address, bytes32, uint256) external pure returns (bool) {
        return false;
    }

    /// @notice Every accreditor recognises every issuer.
    function isAccredited(address, address) external pure returns (bool) {
        return true;
    }

    /// @notice Every credential is valid, whatever its proof.
    function verify(address, bytes32, uint256, bytes32, bytes32[] calldata)
        external
        pure
        returns (ICredentialRegistry.CredentialStatus)
    {
        return ICredentialRegistry.CredentialStatus.Valid;
    }
}
