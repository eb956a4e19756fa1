// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Test
/// @notice Minimal assertions and input shaping for Solidity tests: a failed assertion reverts with both values,
/// which fails the test.
abstract contract Test {
    error AssertionFailed(string what);
    error NotEqual(string what, uint256 left, uint256 right);
    error NotEqualBytes32(string what, bytes32 left, bytes32 right);
    error NotEqualBytes(string what, bytes left, bytes right);

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert AssertionFailed(what);
    }

    function assertEq(uint256 left, uint256 right, string memory what) internal pure {
        if (left != right) revert NotEqual(what, left, right);
    }

    function assertEq(bytes32 left, bytes32 right, string memory what) internal pure {
        if (left != right) revert NotEqualBytes32(what, left, right);
    }

    function assertEq(bytes memory left, bytes memory right, string memory what) internal pure {
        if (keccak256(left) != keccak256(right)) revert NotEqualBytes(what, left, right);
    }

    /// @dev `x` mapped into `[min, max]` (inclusive), uniformly enough for fuzzing; `min <= max`.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (min == 0 && max == type(uint256).max) return x;
        return min + (x % (max - min + 1));
    }
}
