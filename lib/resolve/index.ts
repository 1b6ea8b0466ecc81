export { DEFAULT_UNCERTAIN_MARGIN, resolveDocument } from './resolve';
export type { ResolvedMention, ResolveOptions } from './resolve';
