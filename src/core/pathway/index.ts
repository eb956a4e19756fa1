/** Stackable pathways: the pathway document (format 1), its validation, rule evaluation, component evidence. */
export { PATHWAY_TYPE, PATHWAY_VERSION, type Pathway, type PathwayComponent, type PathwayRule } from './types.js';
export { PathwayValidationError, componentKey, validatePathway } from './validate.js';
export {
  type CandidateVerdict,
  type ComponentOutcome,
  type EvaluatePathwayOptions,
  type PathwayEvaluation,
  type RuleOutcome,
  evaluatePathway,
} from './evaluate.js';
export { COMPONENT_EVIDENCE_TYPE, type ComponentEvidence, componentEvidence, componentEvidenceOf, withComponentEvidence } from './evidence.js';
