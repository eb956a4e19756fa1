import * as z from 'zod';
import { ANCHOR_PROOF_FORMATS, ANCHOR_PROOF_TYPE, EIP155_CHAIN_ID } from '../anchorProof.js';
import { isDisclosablePath } from '../disclosure/fields.js';
import { OB_CONTEXT, REGISTRY_STATUS_TYPE, VC_CONTEXT } from './types.js';

/**
 * Runtime shapes of the credential, its proof entry and the achievement template (zod). Objects are
 * loose: JSON-LD documents may carry properties beyond these, and the digest covers them all. Fields a
 * holder may hide are optional here; `validateCredential` requires them unless the proof lists them hidden.
 */

const nonEmpty = (what: string) => z.string({ error: `${what} must be a string` }).trim().min(1, `${what} must not be empty`);
const uri = z.string({ error: 'must be a URI' }).regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/, 'must be a URI such as https://… or urn:…');
const dateTime = z
  .string({ error: 'must be a date-time string' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'must be an RFC 3339 date-time with a zone, e.g. 2025-07-01T00:00:00Z')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a real date-time');
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 20-byte 0x address');
const hexWord = (size: number) => new RegExp(`^0x[0-9a-fA-F]{${2 * size}}$`);
const bytes = (size: number) => z.string().regex(hexWord(size), `must be ${size} bytes of 0x hex`);
const typeList = (...required: string[]) =>
  z
    .array(z.string(), { error: `must be an array of types including ${required.join(', ')}` })
    .refine((types) => required.every((t) => types.includes(t)), `must include ${required.map((t) => `"${t}"`).join(' and ')}`);
const oneOf = (...types: string[]) => z.array(z.string()).refine((list) => types.some((t) => list.includes(t)), `must include "${types[0]}"`);

/** `did:pkh:eip155:<chain id>:<address>`, the issuing Ethereum address as a CAIP-10 account. */
export const ISSUER_DID = /^did:pkh:eip155:([1-9]\d{0,19}):(0x[0-9a-fA-F]{40})$/;

/** A DID (W3C DID syntax: `did:<method>:<method-specific id>`), without path, query or fragment. */
export const DID = /^did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*(?::(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*)*[A-Za-z0-9._-]$/;

// The skill or competency an alignment points to: the same fields in a credential and in a template.
const alignmentTarget = {
  targetName: nonEmpty('targetName'),
  targetUrl: uri,
  targetDescription: z.string().optional(),
  targetFramework: z.string().optional(),
  targetCode: z.string().optional(),
  targetType: z.string().optional(),
};

export const alignmentSchema = z.looseObject({ type: typeList('Alignment'), ...alignmentTarget });

const identitySchema = z.looseObject({
  type: z.literal('IdentityObject', { error: 'must be "IdentityObject"' }),
  identityType: z.string().regex(/^([a-zA-Z]+|ext:[\w.-]+)$/, 'must be an Open Badges identifier type such as "emailAddress" or "ext:…"'),
  hashed: z.boolean({ error: 'must be true or false' }),
  identityHash: nonEmpty('identityHash'),
  salt: z.string().optional(),
});

const achievementSchema = z.looseObject({
  id: uri,
  type: typeList('Achievement'),
  name: nonEmpty('name'),
  description: nonEmpty('description').optional(),
  criteria: z.looseObject({ id: uri.optional(), narrative: nonEmpty('narrative').optional() }),
  achievementType: z.string().optional(),
  fieldOfStudy: z.string().optional(),
  creditsAvailable: z.number({ error: 'must be a number' }).nonnegative('must not be negative').optional(),
  alignment: z.array(alignmentSchema).min(1, 'must list at least one alignment, or be left out').optional(),
});

const anchorSchema = z.object({
  chain: z
    .string()
    .regex(EIP155_CHAIN_ID, 'must be a CAIP-2 EVM chain id such as eip155:31337 (decimal, no leading zeros)')
    .refine((chain) => Number.isSafeInteger(Number(chain.slice('eip155:'.length))), 'is not a chain id an EVM chain can have'),
  registry: address,
});

// The path, salts and hidden commitments of a proof are lists and maps of hex words, checked in one pass each:
// a schema per entry cost more than the rest of the credential (a proof has up to 32 path entries and a
// dozen salts), and a verifier checks thousands of proofs at a time. Same messages, same field paths.
/** A list of `size`-byte 0x hex words, at most `max` of them. */
const hexWords = (size: number, max: number, tooLong: string) => {
  const word = hexWord(size);
  return z
    .array(z.unknown())
    .max(max, tooLong)
    .check((ctx) => {
      ctx.value.forEach((entry, i) => {
        if (typeof entry !== 'string' || !word.test(entry)) ctx.issues.push({ code: 'custom', message: `must be ${size} bytes of 0x hex`, input: entry, path: [i] });
      });
    });
};

/** A map from disclosable field paths to `size`-byte 0x hex words. */
const hexWordsByField = (size: number) => {
  const word = hexWord(size);
  return z.record(z.string(), z.unknown()).check((ctx) => {
    for (const [path, value] of Object.entries(ctx.value)) {
      if (!isDisclosablePath(path)) ctx.issues.push({ code: 'custom', message: 'is not a disclosable field path', input: path, path: [path] });
      else if (typeof value !== 'string' || !word.test(value)) ctx.issues.push({ code: 'custom', message: `must be ${size} bytes of 0x hex`, input: value, path: [path] });
    }
  });
};

export const anchorProofSchema = z.object({
  type: z.literal(ANCHOR_PROOF_TYPE, { error: `must be "${ANCHOR_PROOF_TYPE}"` }),
  format: z.enum(ANCHOR_PROOF_FORMATS, { error: `must be one of ${ANCHOR_PROOF_FORMATS.map((f) => `"${f}"`).join(', ')} (the formats this version reads)` }),
  issuer: address,
  root: bytes(32),
  index: z.number().int('must be an integer').min(0).max(0xffffffff),
  path: hexWords(32, 32, 'is longer than any tree of 2^32 leaves'),
  salts: hexWordsByField(16),
  hidden: hexWordsByField(32),
  anchors: z.array(anchorSchema),
});

/** The issuer's Data Integrity signature; checked cryptographically by the verifier, in shape here. */
export const dataIntegrityProofSchema = z.looseObject({
  type: z.literal('DataIntegrityProof'),
  cryptosuite: nonEmpty('cryptosuite'),
  proofPurpose: nonEmpty('proofPurpose'),
  verificationMethod: uri,
  created: dateTime.optional(),
  proofValue: nonEmpty('proofValue'),
});

export const registryStatusSchema = z.object({
  id: uri,
  type: z.literal(REGISTRY_STATUS_TYPE, { error: `must be "${REGISTRY_STATUS_TYPE}"` }),
  registry: address,
  issuer: address,
  root: bytes(32),
  index: z.number().int('must be an integer').min(0).max(0xffffffff),
});

/**
 * The credential of either format. `proof` is checked by `validateCredential` (a list in v2, one object in
 * v1), and so are the rules that differ between the formats.
 */
export const credentialSchema = z.looseObject({
  '@context': z
    .array(z.union([z.string(), z.record(z.string(), z.unknown())]), { error: 'must be an array of contexts' })
    .refine((c) => c[0] === VC_CONTEXT, `must start with "${VC_CONTEXT}"`)
    .refine((c) => c[1] === OB_CONTEXT, `must have "${OB_CONTEXT}" second`),
  id: uri,
  type: z.array(z.string()).refine((t) => t.includes('VerifiableCredential') && t.includes('OpenBadgeCredential'), 'must include "VerifiableCredential" and "OpenBadgeCredential"'),
  name: nonEmpty('name'),
  issuer: z.looseObject({
    id: z.string().regex(DID, 'must be a DID, e.g. did:web:university.example or did:pkh:eip155:<chain id>:<address>'),
    type: oneOf('Profile'),
    name: nonEmpty('name'),
  }),
  validFrom: dateTime,
  validUntil: dateTime.optional(),
  credentialSubject: z.looseObject({
    type: typeList('AchievementSubject'),
    id: uri.optional(),
    identifier: z.array(identitySchema).min(1, 'must list at least one identity, or be left out').optional(),
    result: z.array(z.looseObject({ type: typeList('Result'), value: z.string().optional() })).optional(),
    creditsEarned: z.number({ error: 'must be a number' }).nonnegative('must not be negative').optional(),
    achievement: achievementSchema,
  }),
  credentialStatus: registryStatusSchema.optional(),
  proof: z.unknown().optional(),
});

// Templates are written by hand, so they are strict: a misspelt `descripton` is an error, not ignored.
export const achievementTemplateSchema = z.strictObject({
  id: uri,
  name: nonEmpty('name'),
  description: nonEmpty('description'),
  criteria: z.strictObject({ narrative: nonEmpty('narrative'), id: uri.optional() }),
  achievementType: z.string().optional(),
  fieldOfStudy: z.string().optional(),
  creditsAvailable: z.number({ error: 'must be a number' }).nonnegative('must not be negative').optional(),
  alignment: z
    .array(
      z.strictObject(alignmentTarget),
    )
    .min(1, 'must list at least one alignment, or be left out')
    .optional(),
});
