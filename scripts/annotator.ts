/**
 * The annotate pipeline for Node scripts (`annotate`, `eval`): the same matcher, resolver and figure
 * detection the extension runs, over one file's text, with offsets in code points (the unit of the gold files) unless
 * UTF-16 offsets are asked for.
 */
import type { Figure } from '../lib/messages';
import type { Entity } from '../lib/pack/types';
import { buildMatcherIndex, Matcher } from '../lib/matcher';
import { annotateText, withCodePointOffsets, type AnnotatedMention } from '../lib/resolve/index';
import { detectFigures } from '../lib/figures/detect';
import { codePointOffsets } from '../lib/text/code-points';

export interface Annotator {
  matcher: Matcher;
}

export function createAnnotator(entities: readonly Entity[]): Annotator {
  return { matcher: Matcher.load(buildMatcherIndex(entities)) };
}

/** A figure as the `annotate` command prints it. */
export interface AnnotatedFigure {
  start: number;
  end: number;
  text: string;
  type: Figure['type'];
  value: number | null;
  unit: string | null;
  date: string | null;
  context: string | null;
}

export interface FileAnnotations {
  mentions: AnnotatedMention[];
  figures: AnnotatedFigure[];
}

export function annotateFile(
  annotator: Annotator,
  text: string,
  options: { utf16?: boolean; articleDate?: string } = {},
): FileAnnotations {
  const mentions = annotateText(annotator.matcher, text);
  const figures = detectFigures(text, options.articleDate).map(
    (f): AnnotatedFigure => ({
      start: f.start,
      end: f.end,
      text: f.text,
      type: f.type,
      value: f.value,
      unit: f.unit ?? null,
      date: f.date ?? null,
      context: f.context ?? null,
    }),
  );
  if (options.utf16) return { mentions, figures };
  const toCodePoint = codePointOffsets(text);
  return {
    mentions: withCodePointOffsets(text, mentions),
    figures: figures.map((f) => ({ ...f, start: toCodePoint(f.start), end: toCodePoint(f.end) })),
  };
}
