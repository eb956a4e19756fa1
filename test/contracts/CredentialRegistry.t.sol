// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {CredentialRegistry} from "../../contracts/CredentialRegistry.sol";
import {ICredentialRegistry} from "../../contracts/interfaces/ICredentialRegistry.sol";
import {Test} from "./utils/Test.sol";
import {vm} from "./utils/Vm.sol";

// Test names follow Uniswap v4-core (`test_<fn>_<condition>`, `testFuzz_...`), which the mixedCase rule can't parse.
// solhint-disable func-name-mixedcase

/// @title CredentialRegistryTest
/// @notice Fuzzed invariants of the registry: nothing is overwritten, revocation is scoped and final, suspension is
/// scoped and reversible, only authorised writes change state, and the bitmaps hold exactly the bits written.
contract CredentialRegistryTest is Test {
    CredentialRegistry internal registry;

    address internal constant ISSUER = address(0x1551E5);
    address internal constant OTHER_ISSUER = address(0x07E5);
    address internal constant OPERATOR = address(0x0BE7);
    bytes32 internal constant ROOT = keccak256("root");
    bytes32 internal constant OTHER_ROOT = keccak256("other root");
    bytes32 internal constant NEW_ROOT = keccak256("new root");
    uint32 internal constant SIZE = 1000;

    uint8 internal constant ANCHOR = 1;
    uint8 internal constant REVOKE = 2;

    /// @dev Expected bitmap words of a test, a reference model kept apart from the registry.
    mapping(uint256 wordIndex => uint256 bits) internal _expected;

    /// @notice Two batches of `ISSUER` and one of `OTHER_ISSUER` under the same root, to show scoping.
    function setUp() public {
        registry = new CredentialRegistry();
        vm.startPrank(ISSUER);
        registry.anchor(ISSUER, ROOT, SIZE);
        registry.anchor(ISSUER, OTHER_ROOT, SIZE);
        vm.stopPrank();
        vm.prank(OTHER_ISSUER);
        registry.anchor(OTHER_ISSUER, ROOT, SIZE);
    }

    // ----------------------------------------------------------------------------------------------
    // Nothing is overwritten
    // ----------------------------------------------------------------------------------------------

    /// @notice Re-anchoring reverts, alone or in a bulk anchor, and leaves the record as it was.
    function testFuzz_anchor_neverOverwrites(address issuer, bytes32 root, uint32 size, uint32 size2, uint32 elapsed)
        public
    {
        vm.assume(root != bytes32(0) && root != NEW_ROOT && size != 0);
        vm.assume(registry.getBatch(issuer, root).anchoredAt == 0);
        vm.prank(issuer);
        registry.anchor(issuer, root, size);
        ICredentialRegistry.Batch memory before = registry.getBatch(issuer, root);
        assertEq(before.size, size, "size");
        assertEq(before.anchoredAt, block.timestamp, "anchoredAt");

        vm.warp(block.timestamp + uint256(elapsed) + 1);
        bytes memory alreadyAnchored =
            abi.encodeWithSelector(ICredentialRegistry.CredentialRegistryBatchAlreadyAnchored.selector, issuer, root);
        vm.prank(issuer);
        vm.expectRevert(alreadyAnchored);
        registry.anchor(issuer, root, size2 == 0 ? 1 : size2);

        bytes32[] memory roots = new bytes32[](2);
        (roots[0], roots[1]) = (NEW_ROOT, root);
        uint32[] memory sizes = new uint32[](2);
        (sizes[0], sizes[1]) = (7, size2 == 0 ? 1 : size2);
        vm.prank(issuer);
        vm.expectRevert(alreadyAnchored);
        registry.anchorMany(issuer, roots, sizes);
        assertEq(registry.getBatch(issuer, NEW_ROOT).anchoredAt, 0, "all or nothing");

        _assertSameBatch(registry.getBatch(issuer, root), before);

        // Revoking the whole batch adds to the record and keeps what it held.
        vm.prank(issuer);
        registry.revokeBatch(issuer, root, 5);
        ICredentialRegistry.Batch memory revoked = registry.getBatch(issuer, root);
        assertEq(revoked.anchoredAt, before.anchoredAt, "anchoredAt kept");
        assertEq(revoked.size, before.size, "size kept");
        assertTrue(revoked.revoked, "revoked");
        assertEq(revoked.revokedAt, block.timestamp, "revokedAt");
        assertEq(revoked.revokeReason, 5, "reason");
    }

    // ----------------------------------------------------------------------------------------------
    // Revocation: scoped to (issuer, root, index), and final
    // ----------------------------------------------------------------------------------------------

    /// @notice Revoking sets exactly one bit, of exactly one `(issuer, root)`.
    function testFuzz_revoke_scopedToIssuerRootIndex(uint256 index, uint256 probe, uint8 reason) public {
        index = bound(index, 0, SIZE - 1);
        probe = bound(probe, 0, SIZE - 1);
        vm.prank(ISSUER);
        registry.revoke(ISSUER, ROOT, _list(index), reason);

        assertTrue(registry.isRevoked(ISSUER, ROOT, index), "revoked");
        assertTrue(registry.isRevoked(ISSUER, ROOT, probe) == (probe == index), "only that index");
        assertTrue(!registry.isRevoked(ISSUER, OTHER_ROOT, index), "other root untouched");
        assertTrue(!registry.isRevoked(OTHER_ISSUER, ROOT, index), "other issuer untouched");
        assertTrue(!registry.isSuspended(ISSUER, ROOT, index), "suspension untouched");
        assertEq(registry.revokedWord(ISSUER, ROOT, index >> 8), 1 << (index & 0xff), "exactly one bit");
        if (probe >> 8 != index >> 8) assertEq(registry.revokedWord(ISSUER, ROOT, probe >> 8), 0, "other words empty");
    }

    /// @notice Whatever any authorised caller does next, in any order, a revoked credential stays revoked.
    function testFuzz_revoke_finalUnderAnyWriteSequence(uint256 index, uint256[12] memory seeds) public {
        index = bound(index, 0, SIZE - 1);
        vm.prank(ISSUER);
        registry.setOperatorPermissions(OPERATOR, ANCHOR | REVOKE);
        vm.prank(ISSUER);
        registry.revoke(ISSUER, ROOT, _list(index), 1);

        for (uint256 i; i < seeds.length; ++i) {
            uint256 seed = seeds[i];
            uint256 target = (seed >> 16) % 3 == 0 ? index : bound(seed >> 32, 0, SIZE + 300);
            vm.prank(seed & 1 == 0 ? ISSUER : OPERATOR);
            // Arbitrary writes, many of which revert: only what they leave behind matters here.
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok,) = address(registry).call(_anyWrite((seed >> 1) % 8, target));
            ok;
            assertTrue(registry.isRevoked(ISSUER, ROOT, index), "still revoked");
            assertTrue(registry.revokedWord(ISSUER, ROOT, index >> 8) & (1 << (index & 0xff)) != 0, "bit still set");
        }
    }

    /// @notice Revoking an index already revoked reverts naming it, and revokes nothing else of the call.
    function testFuzz_revoke_revokingAgainReverts(uint256 index, uint256 other) public {
        index = bound(index, 0, SIZE - 1);
        other = bound(other, 0, SIZE - 1);
        vm.assume(other != index);
        vm.prank(ISSUER);
        registry.revoke(ISSUER, ROOT, _list(index), 1);

        uint256[] memory indices = new uint256[](2);
        (indices[0], indices[1]) = (other, index);
        vm.prank(ISSUER);
        vm.expectRevert(
            abi.encodeWithSelector(ICredentialRegistry.CredentialRegistryAlreadyRevoked.selector, ISSUER, ROOT, index)
        );
        registry.revoke(ISSUER, ROOT, indices, 1);
        assertTrue(!registry.isRevoked(ISSUER, ROOT, other), "all or nothing");
    }

    /// @notice An index listed twice, whatever lies between, reverts naming it.
    function testFuzz_revoke_duplicateReverts(uint256 index, uint256 between) public {
        index = bound(index, 0, SIZE - 1);
        between = bound(between, 0, SIZE - 1);
        vm.assume(between != index);
        uint256[] memory indices = new uint256[](3);
        (indices[0], indices[1], indices[2]) = (index, between, index);
        vm.prank(ISSUER);
        vm.expectRevert(
            abi.encodeWithSelector(ICredentialRegistry.CredentialRegistryAlreadyRevoked.selector, ISSUER, ROOT, index)
        );
        registry.revoke(ISSUER, ROOT, indices, 1);
    }

    /// @notice An index at or past the batch size reverts with the index and size, and revokes nothing.
    function testFuzz_revoke_outOfBoundsReverts(uint32 size, uint256 index, uint256 valid) public {
        size = uint32(bound(size, 1, type(uint32).max));
        // A third of the runs right at the end, where an off-by-one would hide, a third just past it, a third
        // anywhere beyond.
        if (index % 3 == 0) index = size + (index >> 8) % 4;
        else if (index % 3 == 1) index = bound(index, size, uint256(size) + 512);
        else index = bound(index, size, type(uint256).max);
        valid = bound(valid, 0, size - 1);
        vm.prank(ISSUER);
        registry.anchor(ISSUER, NEW_ROOT, size);

        uint256[] memory indices = new uint256[](2);
        (indices[0], indices[1]) = (valid, index);
        vm.prank(ISSUER);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICredentialRegistry.CredentialRegistryIndexOutOfBounds.selector, ISSUER, NEW_ROOT, index, size
            )
        );
        registry.revoke(ISSUER, NEW_ROOT, indices, 1);
        assertTrue(!registry.isRevoked(ISSUER, NEW_ROOT, valid), "all or nothing");
    }

    // ----------------------------------------------------------------------------------------------
    // Bitmaps hold exactly the bits written
    // ----------------------------------------------------------------------------------------------

    /// @notice Any set of indices below any size, sorted or not: each word holds exactly the model's bits, for
    /// revocation and for suspension, and unsuspending the same set clears every word.
    function testFuzz_bitmaps_holdExactlyTheIndicesWritten(uint32 size, uint256[24] memory raw, bool sorted) public {
        size = uint32(bound(size, 1, 3000));
        uint256[] memory unique = new uint256[](raw.length);
        uint256 count;
        for (uint256 i; i < raw.length; ++i) {
            uint256 index = bound(raw[i], 0, size - 1);
            uint256 bit = 1 << (index & 0xff);
            if (_expected[index >> 8] & bit != 0) continue;
            _expected[index >> 8] |= bit;
            unique[count] = index;
            ++count;
        }
        uint256[] memory indices = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            indices[i] = unique[i];
        }
        if (sorted) _sort(indices);

        vm.startPrank(ISSUER);
        registry.anchor(ISSUER, NEW_ROOT, size);
        registry.revoke(ISSUER, NEW_ROOT, indices, 3);
        registry.suspend(ISSUER, NEW_ROOT, indices, 4);
        vm.stopPrank();

        uint256 words = ((uint256(size) - 1) >> 8) + 1;
        // One word past the batch too: it must stay empty.
        for (uint256 w; w < words + 1; ++w) {
            assertEq(registry.revokedWord(ISSUER, NEW_ROOT, w), _expected[w], "revoked word");
            assertEq(registry.suspendedWord(ISSUER, NEW_ROOT, w), _expected[w], "suspended word");
        }
        for (uint256 i; i < count; ++i) {
            assertTrue(registry.isRevoked(ISSUER, NEW_ROOT, indices[i]), "revoked");
            assertTrue(registry.isSuspended(ISSUER, NEW_ROOT, indices[i]), "suspended");
        }

        vm.prank(ISSUER);
        registry.unsuspend(ISSUER, NEW_ROOT, indices);
        for (uint256 w; w < words; ++w) {
            assertEq(registry.suspendedWord(ISSUER, NEW_ROOT, w), 0, "unsuspended word");
            assertEq(registry.revokedWord(ISSUER, NEW_ROOT, w), _expected[w], "revocation kept");
        }
    }

    // ----------------------------------------------------------------------------------------------
    // Suspension: scoped and reversible
    // ----------------------------------------------------------------------------------------------

    /// @notice Suspension can be set and lifted again and again, touches one bit of one batch, and never revokes.
    function testFuzz_suspend_reversibleAndScoped(uint256 index, uint256 probe, uint8 reason, uint8 rounds) public {
        index = bound(index, 0, SIZE - 1);
        probe = bound(probe, 0, SIZE - 1);
        rounds = uint8(bound(rounds, 1, 4));
        for (uint256 r; r < rounds; ++r) {
            vm.prank(ISSUER);
            registry.suspend(ISSUER, ROOT, _list(index), reason);
            assertTrue(registry.isSuspended(ISSUER, ROOT, index), "suspended");
            assertTrue(registry.isSuspended(ISSUER, ROOT, probe) == (probe == index), "only that index");
            assertTrue(!registry.isSuspended(ISSUER, OTHER_ROOT, index), "other root untouched");
            assertTrue(!registry.isSuspended(OTHER_ISSUER, ROOT, index), "other issuer untouched");
            assertTrue(!registry.isRevoked(ISSUER, ROOT, index), "not revoked");

            vm.prank(ISSUER);
            registry.unsuspend(ISSUER, ROOT, _list(index));
            assertTrue(!registry.isSuspended(ISSUER, ROOT, index), "unsuspended");
            assertEq(registry.suspendedWord(ISSUER, ROOT, index >> 8), 0, "word cleared");
        }
        vm.prank(ISSUER);
        vm.expectRevert(
            abi.encodeWithSelector(ICredentialRegistry.CredentialRegistryNotSuspended.selector, ISSUER, ROOT, index)
        );
        registry.unsuspend(ISSUER, ROOT, _list(index));
    }

    // ----------------------------------------------------------------------------------------------
    // Only authorised writes change state
    // ----------------------------------------------------------------------------------------------

    /// @notice Any caller: a write succeeds and changes state exactly when the caller holds the right for it
    /// (rights granted, or granted then removed); otherwise it reverts naming the caller and changes nothing.
    function testFuzz_writes_onlyAuthorisedChangeState(
        address caller,
        uint8 granted,
        bool removed,
        uint8 op,
        uint256 index
    ) public {
        vm.assume(caller != ISSUER);
        granted &= ANCHOR | REVOKE;
        op %= 6;
        index = bound(index, 0, SIZE - 2);
        vm.startPrank(ISSUER);
        // `index` is suspended so that `unsuspend` has something to lift; the other writes aim at `index + 1`.
        registry.suspend(ISSUER, ROOT, _list(index), 1);
        if (removed) {
            registry.setOperatorPermissions(caller, ANCHOR | REVOKE);
            registry.setOperatorPermissions(caller, 0);
            granted = 0;
        } else {
            registry.setOperatorPermissions(caller, granted);
        }
        vm.stopPrank();

        uint8 needed = op < 2 ? ANCHOR : REVOKE;
        bytes32 before = _stateHash();
        vm.prank(caller);
        // A raw call, to compare the revert data with the exact error expected.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory returned) = address(registry).call(_write(op, index));
        if (granted & needed != 0) {
            assertTrue(ok, "authorised write succeeds");
            assertTrue(_stateHash() != before, "and changes state");
        } else {
            assertTrue(!ok, "unauthorised write reverts");
            assertEq(
                returned,
                abi.encodeWithSelector(
                    ICredentialRegistry.CredentialRegistryUnauthorized.selector, caller, ISSUER, needed
                ),
                "Unauthorized(caller,issuer,need)"
            );
            assertEq(_stateHash(), before, "and changes nothing");
        }
    }

    /// @notice Permission bits other than anchor and revoke are rejected, and nothing is recorded.
    function testFuzz_setOperatorPermissions_rejectsUnknownBits(address operator, uint8 permissions) public {
        vm.assume(permissions > (ANCHOR | REVOKE));
        vm.prank(ISSUER);
        vm.expectRevert(
            abi.encodeWithSelector(ICredentialRegistry.CredentialRegistryInvalidPermissions.selector, permissions)
        );
        registry.setOperatorPermissions(operator, permissions);
        assertEq(registry.operatorPermissions(ISSUER, operator), 0, "unchanged");
    }

    // ----------------------------------------------------------------------------------------------
    // verify, against a Merkle tree built here
    // ----------------------------------------------------------------------------------------------

    /// @notice `verify` against a tree built here by a reference builder: valid, and each failure in its order.
    function testFuzz_verify_referenceTree(bytes32 seed, uint256 n, uint256 pick, uint256 wrongIndex) public {
        n = bound(n, 1, 40);
        pick = bound(pick, 0, n - 1);
        wrongIndex = bound(wrongIndex, 0, n + 5);
        vm.assume(wrongIndex != pick);
        bytes32[] memory digests = new bytes32[](n);
        bytes32[] memory leaves = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            digests[i] = keccak256(abi.encode(seed, i));
            leaves[i] = keccak256(bytes.concat(keccak256(abi.encode(i, digests[i]))));
        }
        (bytes32 root, bytes32[] memory proof) = _rootAndProof(leaves, pick);
        vm.prank(ISSUER);
        registry.anchor(ISSUER, root, uint32(n));

        assertEq(_status(ISSUER, root, pick, digests[pick], proof), ICredentialRegistry.CredentialStatus.Valid, "valid");
        assertEq(
            _status(ISSUER, root, pick, digests[pick] ^ bytes32(uint256(1)), proof),
            ICredentialRegistry.CredentialStatus.InvalidProof,
            "tampered digest"
        );
        assertEq(
            _status(ISSUER, root, wrongIndex, digests[pick], proof),
            ICredentialRegistry.CredentialStatus.InvalidProof,
            "another index"
        );
        assertEq(
            _status(OTHER_ISSUER, root, pick, digests[pick], proof),
            ICredentialRegistry.CredentialStatus.NotAnchored,
            "another issuer"
        );

        // The same tree anchored by another issuer with one credential fewer: the last index is outside it.
        if (n > 1) {
            vm.prank(OTHER_ISSUER);
            registry.anchor(OTHER_ISSUER, root, uint32(n - 1));
            assertEq(
                _status(OTHER_ISSUER, root, pick, digests[pick], proof),
                pick == n - 1 ? ICredentialRegistry.CredentialStatus.InvalidProof : ICredentialRegistry.CredentialStatus.Valid,
                "index >= size"
            );
        }

        vm.prank(ISSUER);
        registry.suspend(ISSUER, root, _list(pick), 1);
        assertEq(_status(ISSUER, root, pick, digests[pick], proof), ICredentialRegistry.CredentialStatus.Suspended, "suspended");
        vm.prank(ISSUER);
        registry.revoke(ISSUER, root, _list(pick), 1);
        assertEq(_status(ISSUER, root, pick, digests[pick], proof), ICredentialRegistry.CredentialStatus.Revoked, "revoked");
    }

    /// @notice A depth-20 proof (a million-credential batch) verifies, and one flipped bit breaks it.
    function test_verify_depth20Proof() public {
        uint256 index = (1 << 20) - 3;
        bytes32 digest = keccak256("digest");
        bytes32[] memory proof = new bytes32[](20);
        bytes32 node = keccak256(bytes.concat(keccak256(abi.encode(index, digest))));
        for (uint256 i; i < 20; ++i) {
            proof[i] = keccak256(abi.encode("sibling", i));
            node = Hashes.commutativeKeccak256(node, proof[i]);
        }
        vm.prank(ISSUER);
        registry.anchor(ISSUER, node, 1 << 20);
        assertEq(_status(ISSUER, node, index, digest, proof), ICredentialRegistry.CredentialStatus.Valid, "valid");
        proof[19] ^= bytes32(uint256(1));
        assertEq(_status(ISSUER, node, index, digest, proof), ICredentialRegistry.CredentialStatus.InvalidProof, "bad");
    }

    // ----------------------------------------------------------------------------------------------
    // Helpers
    // ----------------------------------------------------------------------------------------------

    function _list(uint256 index) internal pure returns (uint256[] memory indices) {
        indices = new uint256[](1);
        indices[0] = index;
    }

    /// @dev Write `op` (0 anchor, 1 anchorMany, 2 revoke, 3 revokeBatch, 4 suspend, 5 unsuspend) for `ISSUER`.
    function _write(uint256 op, uint256 index) internal pure returns (bytes memory) {
        if (op == 0) return abi.encodeCall(ICredentialRegistry.anchor, (ISSUER, NEW_ROOT, 8));
        if (op == 1) {
            bytes32[] memory roots = new bytes32[](1);
            roots[0] = NEW_ROOT;
            uint32[] memory sizes = new uint32[](1);
            sizes[0] = 8;
            return abi.encodeCall(ICredentialRegistry.anchorMany, (ISSUER, roots, sizes));
        }
        if (op == 2) return abi.encodeCall(ICredentialRegistry.revoke, (ISSUER, ROOT, _list(index + 1), 1));
        if (op == 3) return abi.encodeCall(ICredentialRegistry.revokeBatch, (ISSUER, ROOT, 1));
        if (op == 4) return abi.encodeCall(ICredentialRegistry.suspend, (ISSUER, ROOT, _list(index + 1), 1));
        return abi.encodeCall(ICredentialRegistry.unsuspend, (ISSUER, ROOT, _list(index)));
    }

    /// @dev Any write touching `ROOT`'s credential `index`, including ones that must fail.
    function _anyWrite(uint256 op, uint256 index) internal view returns (bytes memory) {
        if (op < 6) return op < 2 ? _anchorOver(op) : _writeAt(op, index);
        if (op == 6) return abi.encodeCall(ICredentialRegistry.setOperatorPermissions, (OPERATOR, uint8(index % 4)));
        bytes[] memory calls = new bytes[](2);
        calls[0] = abi.encodeCall(ICredentialRegistry.unsuspend, (ISSUER, ROOT, _list(index)));
        calls[1] = abi.encodeCall(ICredentialRegistry.revoke, (ISSUER, ROOT, _list(index), 2));
        return abi.encodeCall(registry.multicall, (calls));
    }

    function _anchorOver(uint256 op) internal pure returns (bytes memory) {
        if (op == 0) return abi.encodeCall(ICredentialRegistry.anchor, (ISSUER, ROOT, 1));
        bytes32[] memory roots = new bytes32[](1);
        roots[0] = ROOT;
        uint32[] memory sizes = new uint32[](1);
        sizes[0] = 1;
        return abi.encodeCall(ICredentialRegistry.anchorMany, (ISSUER, roots, sizes));
    }

    function _writeAt(uint256 op, uint256 index) internal pure returns (bytes memory) {
        if (op == 2) return abi.encodeCall(ICredentialRegistry.revoke, (ISSUER, ROOT, _list(index), 1));
        if (op == 3) return abi.encodeCall(ICredentialRegistry.revokeBatch, (ISSUER, ROOT, 1));
        if (op == 4) return abi.encodeCall(ICredentialRegistry.suspend, (ISSUER, ROOT, _list(index), 1));
        return abi.encodeCall(ICredentialRegistry.unsuspend, (ISSUER, ROOT, _list(index)));
    }

    /// @dev A hash of everything the writes of `_write` could change.
    function _stateHash() internal view returns (bytes32) {
        bytes memory state = abi.encode(registry.getBatch(ISSUER, ROOT), registry.getBatch(ISSUER, NEW_ROOT));
        for (uint256 w; w < 4; ++w) {
            state = bytes.concat(
                state, abi.encode(registry.revokedWord(ISSUER, ROOT, w), registry.suspendedWord(ISSUER, ROOT, w))
            );
        }
        return keccak256(state);
    }

    function _status(address issuer, bytes32 root, uint256 index, bytes32 digest, bytes32[] memory proof)
        internal
        view
        returns (ICredentialRegistry.CredentialStatus)
    {
        return registry.verify(issuer, root, index, digest, proof);
    }

    function assertEq(
        ICredentialRegistry.CredentialStatus left,
        ICredentialRegistry.CredentialStatus right,
        string memory what
    ) internal pure {
        assertEq(uint256(left), uint256(right), what);
    }

    function _assertSameBatch(ICredentialRegistry.Batch memory a, ICredentialRegistry.Batch memory b) internal pure {
        assertEq(keccak256(abi.encode(a)), keccak256(abi.encode(b)), "batch record unchanged");
    }

    /// @dev Reference Merkle tree: sorted-pair keccak, an odd node carried up a level, as `MerkleProof` expects.
    function _rootAndProof(bytes32[] memory leaves, uint256 position)
        internal
        pure
        returns (bytes32 root, bytes32[] memory proof)
    {
        bytes32[] memory level = leaves;
        bytes32[] memory path = new bytes32[](16);
        uint256 depth;
        while (level.length > 1) {
            if ((position ^ 1) < level.length) {
                path[depth] = level[position ^ 1];
                ++depth;
            }
            bytes32[] memory next = new bytes32[]((level.length + 1) / 2);
            for (uint256 i; i < next.length; ++i) {
                next[i] = 2 * i + 1 < level.length ? Hashes.commutativeKeccak256(level[2 * i], level[2 * i + 1]) : level[2 * i];
            }
            level = next;
            position >>= 1;
        }
        root = level[0];
        proof = new bytes32[](depth);
        for (uint256 i; i < depth; ++i) {
            proof[i] = path[i];
        }
    }

    function _sort(uint256[] memory values) internal pure {
        for (uint256 i = 1; i < values.length; ++i) {
            uint256 value = values[i];
            uint256 j = i;
            for (; j > 0 && values[j - 1] > value; --j) {
                values[j] = values[j - 1];
            }
            values[j] = value;
        }
    }
}
