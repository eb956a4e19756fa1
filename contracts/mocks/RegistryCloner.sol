// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

/// @title RegistryCloner
/// @notice TEST DOUBLE OF AN ATTACKER, never deployed by microcred: makes EIP-1167 minimal proxies of a genuine
/// registry. A clone behaves exactly like the registry it delegates to, but its runtime code (and so its
/// code hash) is the 45-byte proxy, not a released `CredentialRegistry`, and its storage is its own: whoever
/// controls what it delegates to controls its answers. A verifier must refuse it unless it allowlisted it.
contract RegistryCloner {
    /// @notice A clone of `implementation` was deployed at `instance`.
    event RegistryCloned(address indexed implementation, address instance);

    /// @notice Deploys an EIP-1167 clone of `implementation` and returns its address.
    function clone(address implementation) external returns (address instance) {
        instance = Clones.clone(implementation);
        emit RegistryCloned(implementation, instance);
    }
}
