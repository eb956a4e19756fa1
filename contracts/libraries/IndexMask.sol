// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title IndexMask
/// @notice Groups credential indices into 256-bit bitmap words: credential `index` is bit `index % 256` of
/// word `index / 256`. A run of indices that fall in one word becomes one mask, so a bulk write costs one
/// storage read, one write and one event per word rather than per credential.
library IndexMask {
    /// @notice The longest run of `indices` from position `start` whose indices share one word, with no index
    /// repeated: the word, the mask of the run's bits and the position just past the run.
    /// @dev `start` must be below `indices.length`. A repeated index ends the run, so it starts the next one
    /// and meets its own bit already written: callers need no separate duplicate check.
    function nextRun(uint256[] calldata indices, uint256 start)
        internal
        pure
        returns (uint256 wordIndex, uint256 mask, uint256 end)
    {
        uint256 length = indices.length;
        uint256 index = indices[start];
        wordIndex = index >> 8;
        mask = 1 << (index & 0xff);
        // `end` counts up to `length`, a calldata array length, far below 2**256.
        unchecked {
            for (end = start + 1; end < length; ++end) {
                index = indices[end];
                uint256 bit = 1 << (index & 0xff);
                if (index >> 8 != wordIndex || mask & bit != 0) break;
                mask |= bit;
            }
        }
    }

    /// @notice The bits of word `wordIndex` that stand for indices below `size`.
    function validBits(uint256 wordIndex, uint256 size) internal pure returns (uint256) {
        uint256 lastWord = size >> 8;
        if (wordIndex < lastWord) return type(uint256).max;
        if (wordIndex > lastWord) return 0;
        // `1 << n` is at least 1, so subtracting 1 cannot wrap.
        unchecked {
            return (1 << (size & 0xff)) - 1;
        }
    }

    /// @notice The lowest index among the bits set in `bits` of word `wordIndex`; `bits` must not be 0.
    function lowestIndex(uint256 wordIndex, uint256 bits) internal pure returns (uint256) {
        // `bits & (~bits + 1)` isolates the lowest set bit (two's complement); `~bits + 1` only wraps for
        // `bits == 0`, excluded. The shift puts the word back in the high bits, where it came from.
        unchecked {
            return (wordIndex << 8) | Math.log2(bits & (~bits + 1));
        }
    }
}
