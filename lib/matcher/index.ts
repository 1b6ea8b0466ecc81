export { buildMatcherIndex, MATCHER_INDEX_FORMAT, MAX_ALIAS_TOKENS } from './index-data';
export type { MatchableEntity, MatcherIndexData } from './index-data';
export { Matcher } from './matcher';
export type { CandidateMatch, EntityRef, MatchCandidate, MatchResult } from './matcher';
