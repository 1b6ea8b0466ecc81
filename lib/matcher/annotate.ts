/** The output of the `annotate` command: each mention with the display name of the chosen entity. */
import type { EntityKind } from '../pack/types';
import type { Matcher } from './matcher';

export interface AnnotatedMention {
  start: number;
  end: number;
  text: string;
  id: string;
  kind: EntityKind;
  name: string;
}

export function annotateText(matcher: Matcher, text: string): AnnotatedMention[] {
  return matcher.find(text).map((m) => ({
    start: m.start,
    end: m.end,
    text: m.text,
    id: m.id,
    kind: m.kind,
    name: matcher.entity(m.id)?.name ?? m.id,
  }));
}
