// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Named `Vm` as in forge-std, so these tests read like Foundry tests.
// solhint-disable interface-starts-with-i

/// @title Vm
/// @notice The few cheatcodes these tests use, served by Hardhat's Solidity test runner at the HEVM address
/// (forge-std is not available offline).
interface Vm {
    /// @notice Makes the next call come from `msgSender`.
    function prank(address msgSender) external;
    /// @notice Makes every call come from `msgSender` until `stopPrank`.
    function startPrank(address msgSender) external;
    /// @notice Ends `startPrank`.
    function stopPrank() external;
    /// @notice Expects the next call to revert with exactly `revertData`.
    function expectRevert(bytes calldata revertData) external;
    /// @notice Discards the fuzz run unless `condition` holds.
    function assume(bool condition) external pure;
    /// @notice Sets `block.timestamp`.
    function warp(uint256 newTimestamp) external;
}

Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
