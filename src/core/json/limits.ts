/**
 * How deep JSON may nest before the core refuses it. Real credentials nest about 6 levels (a passport one
 * more); the libraries behind a verdict (zod, the `canonicalize` package) recurse once per level, so a
 * bound far below any call stack's keeps hostile input from overflowing it.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * How many values (objects, arrays, strings, numbers...) one credential object may hold when it is handed
 * to the core as an object. A real credential holds about a hundred; the bound stops an object graph
 * that shares sub-objects (a tree of 2^64 paths built from 64 objects) from making any walk over it endless.
 */
export const MAX_JSON_VALUES = 1_000_000;
