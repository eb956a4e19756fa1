export { StrictJsonError, type StrictJsonProblem } from './errors.js';
export { MAX_JSON_DEPTH, MAX_JSON_VALUES } from './limits.js';
export { type ParseStrictJsonOptions, parseStrictJson } from './parseStrict.js';
export { jsonShapeProblem } from './shape.js';
