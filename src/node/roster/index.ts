export { RosterError, type RosterIssue, formatRosterIssue } from './errors.js';
export { ROSTER_COLUMNS, REQUIRED_COLUMNS, type RosterColumn, type RosterLearner } from './learner.js';
export { type ParseRosterOptions, type RosterFormat, parseRoster, readRoster, rosterFormatOf } from './parseRoster.js';
export { type CsvRecord, type CsvParseResult, parseCsv } from './csv.js';
export { DEFAULT_ROSTER_ENCODING, decodeRoster } from './decode.js';
export { RosterStream, type RosterStreamOptions } from './streamRoster.js';
