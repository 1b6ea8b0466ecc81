/**
 * The annotate pipeline for Node scripts (`annotate`, `eval`): the same matcher the extension runs,
 * over one file's text, with offsets in code points (the unit of the gold files).
 */
import type { Entity } from '../lib/pack/types';
import { annotateText, buildMatcherIndex, Matcher, withCodePointOffsets, type AnnotatedMention } from '../lib/matcher';

export interface Annotator {
  matcher: Matcher;
}

export function createAnnotator(entities: readonly Entity[]): Annotator {
  return { matcher: Matcher.load(buildMatcherIndex(entities)) };
}

export interface FileAnnotations {
  mentions: AnnotatedMention[];
}

/** Mentions with code point offsets, or UTF-16 ones when `utf16` is set. */
export function annotateFile(annotator: Annotator, text: string, options: { utf16?: boolean } = {}): FileAnnotations {
  const mentions = annotateText(annotator.matcher, text);
  return { mentions: options.utf16 ? mentions : withCodePointOffsets(text, mentions) };
}
