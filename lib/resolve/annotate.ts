/**
 * The output of the `annotate` command: each mention the extension would mark (matcher, then resolver),
 * with the display name of the chosen entity.
 */
import type { EntityKind } from '../pack/types';
import type { Matcher } from '../matcher/index';
import { codePointOffsets } from '../text/code-points';
import { resolveDocument } from './resolve';

export interface AnnotatedMention {
  start: number;
  end: number;
  text: string;
  id: string;
  kind: EntityKind;
  name: string;
}

/** One text resolved as a page of its own, in text order, UTF-16 offsets. */
export function annotateText(matcher: Matcher, text: string): AnnotatedMention[] {
  return (resolveDocument(matcher, [text])[0] ?? []).map((m) => ({
    start: m.start,
    end: m.end,
    text: m.text,
    id: m.id,
    kind: m.kind,
    name: matcher.entity(m.id)?.name ?? m.id,
  }));
}

/**
 * The same mentions with `start`/`end` counted in Unicode code points (Python `str` indexes), the unit
 * of the evaluation gold files. Mentions must be in text order, as `annotateText` returns them.
 */
export function withCodePointOffsets(text: string, mentions: readonly AnnotatedMention[]): AnnotatedMention[] {
  const toCodePoint = codePointOffsets(text);
  return mentions.map((m) => ({ ...m, start: toCodePoint(m.start), end: toCodePoint(m.end) }));
}
