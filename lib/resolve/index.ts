export { DEFAULT_UNCERTAIN_MARGIN, resolveDocument } from './resolve';
export type { ResolvedMention, ResolveOptions } from './resolve';
export { annotateText, withCodePointOffsets } from './annotate';
export type { AnnotatedMention } from './annotate';
