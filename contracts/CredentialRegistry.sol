// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {ICredentialRegistry} from "./interfaces/ICredentialRegistry.sol";
import {CredentialBatch} from "./libraries/CredentialBatch.sol";

/// @title CredentialRegistry
/// @notice Anchors batches of micro-credentials as Merkle roots, keyed by `(issuer, root)`, and records their
/// revocation (final) and suspension (reversible). See `ICredentialRegistry` for the full specification.
/// @dev Permissionless and ownerless: every issuer, operator and accreditor acts for itself. `multicall`
/// batches reads into one `eth_call` and lets an issuer or operator send several writes in one transaction.
contract CredentialRegistry is ICredentialRegistry, Multicall {
    using CredentialBatch for CredentialBatch.State;

    /// @dev Right to `anchor` and `anchorMany` for an issuer.
    uint8 private constant _PERMISSION_ANCHOR = 1;
    /// @dev Right to `revoke`, `revokeBatch`, `suspend` and `unsuspend` for an issuer.
    uint8 private constant _PERMISSION_REVOKE = 2;
    uint8 private constant _ALL_PERMISSIONS = _PERMISSION_ANCHOR | _PERMISSION_REVOKE;

    struct IssuerProfile {
        string uri;
        bytes32 contentHash;
    }

    // Batches are not a state variable: `CredentialBatch.at(issuer, root)` derives each one's storage slot.
    mapping(address issuer => mapping(address operator => uint8 permissions)) private _operatorPermissions;
    mapping(address issuer => IssuerProfile) private _issuerProfiles;
    mapping(address accreditor => mapping(address issuer => bool)) private _accredited;

    /// @dev Reverts unless the caller is `issuer` or an operator holding `permission` for it.
    modifier onlyIssuerOr(address issuer, uint8 permission) {
        if (_msgSender() != issuer) _checkOperator(issuer, permission);
        _;
    }

    // ----------------------------------------------------------------------------------------------
    // Anchoring
    // ----------------------------------------------------------------------------------------------

    /// @inheritdoc ICredentialRegistry
    function anchor(address issuer, bytes32 root, uint32 size) external onlyIssuerOr(issuer, _PERMISSION_ANCHOR) {
        CredentialBatch.at(issuer, root).anchor(issuer, root, size);
    }

    /// @inheritdoc ICredentialRegistry
    function anchorMany(address issuer, bytes32[] calldata roots, uint32[] calldata sizes)
        external
        onlyIssuerOr(issuer, _PERMISSION_ANCHOR)
    {
        if (roots.length != sizes.length) revert CredentialRegistryLengthMismatch(roots.length, sizes.length);
        for (uint256 i; i < roots.length; ++i) {
            CredentialBatch.at(issuer, roots[i]).anchor(issuer, roots[i], sizes[i]);
        }
    }

    // ----------------------------------------------------------------------------------------------
    // Revocation and suspension
    // ----------------------------------------------------------------------------------------------

    /// @inheritdoc ICredentialRegistry
    function revoke(address issuer, bytes32 root, uint256[] calldata indices, uint8 reason)
        external
        onlyIssuerOr(issuer, _PERMISSION_REVOKE)
    {
        CredentialBatch.revoke(issuer, root, indices, reason);
    }

    /// @inheritdoc ICredentialRegistry
    function revokeBatch(address issuer, bytes32 root, uint8 reason) external onlyIssuerOr(issuer, _PERMISSION_REVOKE) {
        CredentialBatch.at(issuer, root).revokeAll(issuer, root, reason);
    }

    /// @inheritdoc ICredentialRegistry
    function suspend(address issuer, bytes32 root, uint256[] calldata indices, uint8 reason)
        external
        onlyIssuerOr(issuer, _PERMISSION_REVOKE)
    {
        CredentialBatch.suspend(issuer, root, indices, reason);
    }

    /// @inheritdoc ICredentialRegistry
    function unsuspend(address issuer, bytes32 root, uint256[] calldata indices)
        external
        onlyIssuerOr(issuer, _PERMISSION_REVOKE)
    {
        CredentialBatch.unsuspend(issuer, root, indices);
    }

    // ----------------------------------------------------------------------------------------------
    // Issuers, operators, accreditation
    // ----------------------------------------------------------------------------------------------

    /// @inheritdoc ICredentialRegistry
    function setOperatorPermissions(address operator, uint8 permissions) external {
        if (permissions & ~_ALL_PERMISSIONS != 0) revert CredentialRegistryInvalidPermissions(permissions);
        address issuer = _msgSender();
        _operatorPermissions[issuer][operator] = permissions;
        emit OperatorPermissionsSet(issuer, operator, permissions);
    }

    /// @inheritdoc ICredentialRegistry
    function setIssuerProfile(string calldata uri, bytes32 contentHash) external {
        address issuer = _msgSender();
        _issuerProfiles[issuer] = IssuerProfile(uri, contentHash);
        emit IssuerProfileSet(issuer, uri, contentHash);
    }

    /// @inheritdoc ICredentialRegistry
    function accredit(address issuer) external {
        address accreditor = _msgSender();
        if (!_accredited[accreditor][issuer]) {
            _accredited[accreditor][issuer] = true;
            emit IssuerAccredited(accreditor, issuer);
        }
    }

    /// @inheritdoc ICredentialRegistry
    function withdrawAccreditation(address issuer) external {
        address accreditor = _msgSender();
        if (_accredited[accreditor][issuer]) {
            _accredited[accreditor][issuer] = false;
            emit IssuerAccreditationWithdrawn(accreditor, issuer);
        }
    }

    // ----------------------------------------------------------------------------------------------
    // Reads
    // ----------------------------------------------------------------------------------------------

    /// @inheritdoc ICredentialRegistry
    function verify(address issuer, bytes32 root, uint256 index, bytes32 digest, bytes32[] calldata proof)
        external
        view
        returns (CredentialStatus)
    {
        return CredentialBatch.at(issuer, root).status(root, index, digest, proof);
    }

    /// @inheritdoc ICredentialRegistry
    function getBatch(address issuer, bytes32 root) external view returns (Batch memory) {
        return CredentialBatch.at(issuer, root).record.unpack();
    }

    /// @inheritdoc ICredentialRegistry
    function isRevoked(address issuer, bytes32 root, uint256 index) external view returns (bool) {
        CredentialBatch.State storage batch = CredentialBatch.at(issuer, root);
        return batch.record.revoked() || CredentialBatch.isSet(batch.revoked, index);
    }

    /// @inheritdoc ICredentialRegistry
    function isSuspended(address issuer, bytes32 root, uint256 index) external view returns (bool) {
        return CredentialBatch.isSet(CredentialBatch.at(issuer, root).suspended, index);
    }

    /// @inheritdoc ICredentialRegistry
    function revokedWord(address issuer, bytes32 root, uint256 wordIndex) external view returns (uint256) {
        return CredentialBatch.word(CredentialBatch.at(issuer, root).revoked, wordIndex);
    }

    /// @inheritdoc ICredentialRegistry
    function suspendedWord(address issuer, bytes32 root, uint256 wordIndex) external view returns (uint256) {
        return CredentialBatch.word(CredentialBatch.at(issuer, root).suspended, wordIndex);
    }

    /// @inheritdoc ICredentialRegistry
    function operatorPermissions(address issuer, address operator) external view returns (uint8) {
        return _operatorPermissions[issuer][operator];
    }

    /// @inheritdoc ICredentialRegistry
    function issuerProfile(address issuer) external view returns (string memory uri, bytes32 contentHash) {
        IssuerProfile storage profile = _issuerProfiles[issuer];
        return (profile.uri, profile.contentHash);
    }

    /// @inheritdoc ICredentialRegistry
    function isAccredited(address accreditor, address issuer) external view returns (bool) {
        return _accredited[accreditor][issuer];
    }

    // ----------------------------------------------------------------------------------------------
    // Internal
    // ----------------------------------------------------------------------------------------------

    /// @dev Reverts unless the caller is an operator holding `permission` for `issuer`.
    function _checkOperator(address issuer, uint8 permission) private view {
        address account = _msgSender();
        if (_operatorPermissions[issuer][account] & permission == 0) {
            revert CredentialRegistryUnauthorized(account, issuer, permission);
        }
    }
}
