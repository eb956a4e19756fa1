/**
 * The declarations of the untyped packages the core imports. tsconfig.json includes src/ (so every file
 * here), but the package build starts from src/index.ts only: files that import these packages name this
 * one with a `/// <reference path>` so `npm run build` finds them too.
 */
/// <reference path="./jsonld.d.ts" />
/// <reference path="./jsonld-signatures.d.ts" />
/// <reference path="./rdf-canonize.d.ts" />
/// <reference path="./digitalbazaar-data-integrity.d.ts" />
/// <reference path="./digitalbazaar-eddsa-rdfc-2022-cryptosuite.d.ts" />
/// <reference path="./digitalbazaar-ed25519-multikey.d.ts" />
/// <reference path="./digitalbazaar-vc.d.ts" />
