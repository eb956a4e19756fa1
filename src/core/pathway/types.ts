import type { AchievementTemplate } from '../credential/validate.js';

/** `type` of a pathway document. */
export const PATHWAY_TYPE = 'MicrocredPathway';
/** The pathway format this version reads and writes; a change is a new version, and old ones keep being read. */
export const PATHWAY_VERSION = 1;

/**
 * A stackable pathway (format 1, see docs/pathways.md): what a learner must hold, from whom, for the issuer
 * to award the target achievement. A public promise like the credential format: documents written today
 * are read the same way by every later version.
 *
 * @example
 * {
 *   "type": "MicrocredPathway", "version": 1,
 *   "id": "https://credentials.example.edu/pathways/data-analyst",
 *   "issuer": "did:web:credentials.example.edu",
 *   "achievement": { "id": "https://credentials.example.edu/achievements/data-analyst", ... },
 *   "rules": [
 *     { "id": "core", "type": "allOf", "components": [{ "achievement": "https://…/intro", "issuer": "credentials.example.edu" }] },
 *     { "id": "credits", "type": "minCredits", "credits": 10 }
 *   ],
 *   "maxAgeDays": 1825
 * }
 */
export interface Pathway {
  type: typeof PATHWAY_TYPE;
  version: typeof PATHWAY_VERSION;
  /** A URI naming the pathway. */
  id: string;
  /** The DID of the issuer that publishes the pathway and awards its achievement. */
  issuer: string;
  /** The target: the achievement the stacked credential awards (an achievement template). */
  achievement: AchievementTemplate;
  /** Every rule must be met. */
  rules: PathwayRule[];
  /** A component counts only if awarded (its `validFrom`) at most this many days before the evaluation. */
  maxAgeDays?: number;
}

/** One achievement of one issuer. */
export interface PathwayComponent {
  /** The component achievement's `id` (`credentialSubject.achievement.id`). */
  achievement: string;
  /** Its issuer: a DID (`did:web:…`, `did:pkh:…`) or a did:web domain (`credentials.example.edu`). */
  issuer: string;
}

/**
 * - `allOf`: every component held;
 * - `nOf`: at least `n` of the components held;
 * - `minCredits`: at least `credits` credits earned from the `components` (default: every component the
 *   pathway's other rules name), each credential counted once.
 */
export type PathwayRule =
  | { id: string; type: 'allOf'; components: PathwayComponent[] }
  | { id: string; type: 'nOf'; n: number; components: PathwayComponent[] }
  | { id: string; type: 'minCredits'; credits: number; components?: PathwayComponent[] };
