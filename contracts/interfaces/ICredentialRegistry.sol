// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ICredentialRegistry
/// @notice Anchors batches of micro-credentials as Merkle roots and records their revocation and suspension.
/// No personal data is stored: only 32-byte roots, batch records and one revocation bit and one suspension
/// bit per credential.
///
/// A batch is keyed by `(issuer, root)`, never by the root alone, so nobody can front-run or squat another
/// issuer's root. A credential is identified by `(issuer, root, index)`; its leaf is OpenZeppelin's standard
/// Merkle leaf of `(uint256 index, bytes32 digest)`:
/// `keccak256(bytes.concat(keccak256(abi.encode(index, digest))))`, the same as
/// `StandardMerkleTree.of(values, ["uint256", "bytes32"])` of OpenZeppelin's merkle-tree library.
///
/// An issuer is an address (ideally a multisig). It may give operator keys the right to anchor
/// (`PERMISSION_ANCHOR = 1`) and/or the right to revoke, suspend and unsuspend (`PERMISSION_REVOKE = 2`)
/// on its behalf, and take those rights back at any time without touching what was issued.
///
/// Revocation is final. Suspension is reversible. Nothing is ever overwritten: re-anchoring an existing
/// `(issuer, root)` reverts.
interface ICredentialRegistry {
    /// @notice What `verify` concludes about one credential. The first failing check wins, in this order:
    /// not anchored, invalid proof (including an index outside the batch), revoked (the credential or its
    /// whole batch), suspended.
    enum CredentialStatus {
        NotAnchored,
        Valid,
        InvalidProof,
        Revoked,
        Suspended
    }

    /// @notice The on-chain record of an anchored batch; fits in one storage slot.
    /// @param anchoredAt Block timestamp of the anchoring transaction (0 means not anchored).
    /// @param size Number of credentials in the batch; valid indices are `0 .. size - 1`.
    /// @param revoked Whether the whole batch has been revoked.
    /// @param revokedAt Block timestamp of the whole-batch revocation, 0 if not revoked.
    /// @param revokeReason Reason code given for the whole-batch revocation.
    struct Batch {
        uint64 anchoredAt;
        uint32 size;
        bool revoked;
        uint64 revokedAt;
        uint8 revokeReason;
    }

    // ----------------------------------------------------------------------------------------------
    // Errors
    // ----------------------------------------------------------------------------------------------

    /// @notice `account` lacks `neededPermission` for `issuer` (it is neither the issuer nor an operator
    /// holding that permission).
    error CredentialRegistryUnauthorized(address account, address issuer, uint8 neededPermission);

    /// @notice `(issuer, root)` is already anchored; anchors are never overwritten.
    error CredentialRegistryBatchAlreadyAnchored(address issuer, bytes32 root);

    /// @notice `(issuer, root)` has not been anchored.
    error CredentialRegistryBatchNotAnchored(address issuer, bytes32 root);

    /// @notice A batch must hold at least one credential.
    error CredentialRegistryEmptyBatch(address issuer, bytes32 root);

    /// @notice The zero root is not a valid Merkle root.
    error CredentialRegistryZeroRoot(address issuer);

    /// @notice `index` is outside the batch `(issuer, root)` of `size` credentials.
    error CredentialRegistryIndexOutOfBounds(address issuer, bytes32 root, uint256 index, uint32 size);

    /// @notice A write that takes credential indices was given none.
    error CredentialRegistryNoIndices(address issuer, bytes32 root);

    /// @notice Credential `index` of `(issuer, root)` is already revoked (revocation is final).
    error CredentialRegistryAlreadyRevoked(address issuer, bytes32 root, uint256 index);

    /// @notice The whole batch `(issuer, root)` is already revoked.
    error CredentialRegistryBatchAlreadyRevoked(address issuer, bytes32 root);

    /// @notice Credential `index` of `(issuer, root)` is already suspended.
    error CredentialRegistryAlreadySuspended(address issuer, bytes32 root, uint256 index);

    /// @notice Credential `index` of `(issuer, root)` is not suspended, so it cannot be unsuspended.
    error CredentialRegistryNotSuspended(address issuer, bytes32 root, uint256 index);

    /// @notice The bulk anchor was given `roots` and `sizes` arrays of different lengths.
    error CredentialRegistryLengthMismatch(uint256 rootsLength, uint256 sizesLength);

    /// @notice `permissions` has bits outside `PERMISSION_ANCHOR | PERMISSION_REVOKE`.
    error CredentialRegistryInvalidPermissions(uint8 permissions);

    // ----------------------------------------------------------------------------------------------
    // Events
    // ----------------------------------------------------------------------------------------------

    /// @notice `issuer` anchored the batch `root` of `size` credentials.
    event BatchAnchored(address indexed issuer, bytes32 indexed root, uint32 size);

    /// @notice Credential `index` of `(issuer, root)` was revoked for reason code `reason`. Emitted instead of
    /// `CredentialsRevoked` for a run of one credential (see `revoke`): one 32-byte data word (256 gas) shorter.
    event CredentialRevoked(address indexed issuer, bytes32 indexed root, uint256 index, uint8 reason);

    /// @notice Credentials of `(issuer, root)` were revoked for reason code `reason`: for each bit `b` set in `bits`
    /// (at least two), credential `wordIndex * 256 + b`. One event per 256-credential bitmap word touched keeps bulk
    /// revocation cheap.
    event CredentialsRevoked(
        address indexed issuer, bytes32 indexed root, uint256 wordIndex, uint256 bits, uint8 reason
    );

    /// @notice The whole batch `(issuer, root)` was revoked.
    event BatchRevoked(address indexed issuer, bytes32 indexed root, uint8 reason);

    /// @notice Credential `index` of `(issuer, root)` was suspended for `reason`; the one-credential
    /// `CredentialsSuspended`, as `CredentialRevoked` is of `CredentialsRevoked`.
    event CredentialSuspended(address indexed issuer, bytes32 indexed root, uint256 index, uint8 reason);

    /// @notice Credentials of `(issuer, root)` were suspended; `bits` is read as in `CredentialsRevoked`.
    event CredentialsSuspended(
        address indexed issuer, bytes32 indexed root, uint256 wordIndex, uint256 bits, uint8 reason
    );

    /// @notice Credential `index` of `(issuer, root)` was unsuspended; the one-credential `CredentialsUnsuspended`,
    /// as `CredentialRevoked` is of `CredentialsRevoked`.
    event CredentialUnsuspended(address indexed issuer, bytes32 indexed root, uint256 index);

    /// @notice Credentials of `(issuer, root)` were unsuspended; `bits` is read as in `CredentialsRevoked`.
    event CredentialsUnsuspended(address indexed issuer, bytes32 indexed root, uint256 wordIndex, uint256 bits);

    /// @notice `issuer` set the permissions of `operator` (0 removes the operator).
    event OperatorPermissionsSet(address indexed issuer, address indexed operator, uint8 permissions);

    /// @notice `issuer` published its profile document at `uri`, whose content hashes to `contentHash`.
    event IssuerProfileSet(address indexed issuer, string uri, bytes32 contentHash);

    /// @notice `accreditor` listed `issuer` as an issuer it recognises.
    event IssuerAccredited(address indexed accreditor, address indexed issuer);

    /// @notice `accreditor` withdrew its recognition of `issuer`.
    event IssuerAccreditationWithdrawn(address indexed accreditor, address indexed issuer);

    // ----------------------------------------------------------------------------------------------
    // Anchoring
    // ----------------------------------------------------------------------------------------------

    /// @notice Anchors the batch `root` of `size` credentials for `issuer`.
    /// @dev Caller must be `issuer` or hold `PERMISSION_ANCHOR` for it. Reverts with
    /// `CredentialRegistryBatchAlreadyAnchored` if `(issuer, root)` exists, `CredentialRegistryEmptyBatch`
    /// if `size` is 0, `CredentialRegistryZeroRoot` if `root` is 0. Emits `BatchAnchored`.
    function anchor(address issuer, bytes32 root, uint32 size) external;

    /// @notice Anchors several batches for `issuer` in one transaction: `roots[i]` with `sizes[i]`.
    /// @dev Same rights as `anchor`. Reverts with `CredentialRegistryLengthMismatch` if the arrays differ in
    /// length. All or nothing: any failing root (including one listed twice) reverts the whole call, as `anchor`
    /// would. Emits one `BatchAnchored` per root.
    function anchorMany(address issuer, bytes32[] calldata roots, uint32[] calldata sizes) external;

    // ----------------------------------------------------------------------------------------------
    // Revocation and suspension
    // ----------------------------------------------------------------------------------------------

    /// @notice Revokes credentials `indices` of `(issuer, root)`, for reason code `reason`. Final.
    /// @dev Caller must be `issuer` or hold `PERMISSION_REVOKE` for it. Reverts with
    /// `CredentialRegistryBatchNotAnchored`, `CredentialRegistryBatchAlreadyRevoked` if the whole batch is,
    /// `CredentialRegistryNoIndices` if `indices` is empty, `CredentialRegistryIndexOutOfBounds` for an index
    /// `>= size` and `CredentialRegistryAlreadyRevoked` for an index already revoked (or listed twice); the
    /// whole call then reverts. Emits one event per run of indices in one bitmap word: `CredentialRevoked` for a
    /// run of one credential, `CredentialsRevoked` for a longer one. Cheapest with indices sorted ascending: one run
    /// per bitmap word touched (unsorted input may touch a word, so emit for it, more than once).
    function revoke(address issuer, bytes32 root, uint256[] calldata indices, uint8 reason) external;

    /// @notice Revokes every credential of `(issuer, root)` at once, for reason code `reason`. Final.
    /// @dev Caller must be `issuer` or hold `PERMISSION_REVOKE` for it. Reverts with
    /// `CredentialRegistryBatchNotAnchored` or `CredentialRegistryBatchAlreadyRevoked`. Emits `BatchRevoked`.
    function revokeBatch(address issuer, bytes32 root, uint8 reason) external;

    /// @notice Suspends credentials `indices` of `(issuer, root)`, for reason code `reason`. Reversible.
    /// @dev Same rights and index rules as `revoke`; an index already suspended (or listed twice) reverts with
    /// `CredentialRegistryAlreadySuspended`. Independent of revocation: a revoked credential may be suspended.
    /// Emits `CredentialSuspended` or `CredentialsSuspended` per run, as `revoke` does.
    function suspend(address issuer, bytes32 root, uint256[] calldata indices, uint8 reason) external;

    /// @notice Lifts the suspension of credentials `indices` of `(issuer, root)`.
    /// @dev Same rights and index rules as `revoke`; an index not suspended (or listed twice) reverts with
    /// `CredentialRegistryNotSuspended`. Emits `CredentialUnsuspended` or `CredentialsUnsuspended` per run, as
    /// `revoke` does.
    function unsuspend(address issuer, bytes32 root, uint256[] calldata indices) external;

    // ----------------------------------------------------------------------------------------------
    // Issuers, operators, accreditation
    // ----------------------------------------------------------------------------------------------

    /// @notice Sets the permissions of `operator` for the caller as issuer: a bitwise OR of
    /// `PERMISSION_ANCHOR` (1) and `PERMISSION_REVOKE` (2); 0 removes the operator.
    /// @dev Reverts with `CredentialRegistryInvalidPermissions` for any other bit. Emits `OperatorPermissionsSet`.
    function setOperatorPermissions(address operator, uint8 permissions) external;

    /// @notice Publishes the caller's issuer profile: a URI and the hash of the document it points to.
    function setIssuerProfile(string calldata uri, bytes32 contentHash) external;

    /// @notice Lists `issuer` as recognised by the caller (a ministry, a quality agency...).
    /// @dev Idempotent: emits `IssuerAccredited` only if `issuer` was not listed already.
    function accredit(address issuer) external;

    /// @notice Withdraws the caller's recognition of `issuer`.
    /// @dev Idempotent: emits `IssuerAccreditationWithdrawn` only if `issuer` was listed.
    function withdrawAccreditation(address issuer) external;

    // ----------------------------------------------------------------------------------------------
    // Reads
    // ----------------------------------------------------------------------------------------------

    /// @notice Checks credential `index` with `digest` and Merkle `proof` against the batch `(issuer, root)`.
    /// @return The first failing check in the order of `CredentialStatus`, or `Valid`.
    function verify(address issuer, bytes32 root, uint256 index, bytes32 digest, bytes32[] calldata proof)
        external
        view
        returns (CredentialStatus);

    /// @notice The record of batch `(issuer, root)`; `anchoredAt == 0` if it was never anchored.
    function getBatch(address issuer, bytes32 root) external view returns (Batch memory);

    /// @notice Whether credential `index` of `(issuer, root)` is revoked, by itself or with its whole batch.
    /// @dev Does not check `index` against the batch size: use `verify` for a full check.
    function isRevoked(address issuer, bytes32 root, uint256 index) external view returns (bool);

    /// @notice Whether credential `index` of `(issuer, root)` is suspended.
    function isSuspended(address issuer, bytes32 root, uint256 index) external view returns (bool);

    /// @notice Revocation bits of credentials `wordIndex * 256 .. wordIndex * 256 + 255` of `(issuer, root)`
    /// (bit `b` is credential `wordIndex * 256 + b`); lets clients read a whole batch's state cheaply.
    function revokedWord(address issuer, bytes32 root, uint256 wordIndex) external view returns (uint256);

    /// @notice Suspension bits of `(issuer, root)`, laid out as in `revokedWord`.
    function suspendedWord(address issuer, bytes32 root, uint256 wordIndex) external view returns (uint256);

    /// @notice The permissions `issuer` gave `operator` (see `setOperatorPermissions`).
    function operatorPermissions(address issuer, address operator) external view returns (uint8);

    /// @notice The profile `issuer` published (empty if none).
    function issuerProfile(address issuer) external view returns (string memory uri, bytes32 contentHash);

    /// @notice Whether `accreditor` currently recognises `issuer`.
    function isAccredited(address accreditor, address issuer) external view returns (bool);
}
