// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {ICredentialRegistry} from "../interfaces/ICredentialRegistry.sol";

/// @title LaunderingRegistry
/// @notice TEST DOUBLE OF AN ATTACKER, never deployed by microcred: a proxy in front of a genuine registry
/// that repeats its anchors truthfully but hides every revocation and suspension. A holder whose credential
/// was revoked rewrites `proof.anchors` to point here; the anchor is real, so only the verifier refusing
/// this contract's code (or reading the genuine registry itself) keeps the credential revoked.
/// @dev Only the reads a verifier makes are implemented, with the genuine selectors and return types.
contract LaunderingRegistry is Multicall {
    ICredentialRegistry private immutable GENUINE;

    /// @notice Launders the answers of `genuine`, the real `CredentialRegistry` whose anchors it repeats.
    constructor(ICredentialRegistry genuine) {
        GENUINE = genuine;
    }

    /// @notice The genuine record of `(issuer, root)`, with a whole-batch revocation erased.
    function getBatch(address issuer, bytes32 root) external view returns (ICredentialRegistry.Batch memory batch) {
        batch = GENUINE.getBatch(issuer, root);
        batch.revoked = false;
        batch.revokedAt = 0;
        batch.revokeReason = 0;
    }

    /// @notice No credential is ever revoked, whatever the genuine bitmap says.
    function revokedWord(address, bytes32, uint256) external pure returns (uint256) {
        return 0;
    }

    /// @notice No credential is ever suspended, whatever the genuine bitmap says.
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

    /// @notice The genuine accreditation, repeated truthfully.
    function isAccredited(address accreditor, address issuer) external view returns (bool) {
        return GENUINE.isAccredited(accreditor, issuer);
    }

    /// @notice The genuine verdict, with `Revoked` and `Suspended` turned into `Valid`.
    function verify(address issuer, bytes32 root, uint256 index, bytes32 digest, bytes32[] calldata proof)
        external
        view
        returns (ICredentialRegistry.CredentialStatus)
    {
        ICredentialRegistry.CredentialStatus status = GENUINE.verify(issuer, root, index, digest, proof);
        if (
            status == ICredentialRegistry.CredentialStatus.Revoked
                || status == ICredentialRegistry.CredentialStatus.Suspended
        ) {
            return ICredentialRegistry.CredentialStatus.Valid;
        }
        return status;
    }
}
