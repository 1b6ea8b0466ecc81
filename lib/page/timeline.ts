/** Ordering for the popup's timeline: events oldest first, with the article's own date slotted in. */
import { comparePartialDates } from '../pack/dates';
import type { PartialDate } from '../pack/types';

/** Oldest first; events with the same start keep their order (sort is stable). */
export function chronological<T extends { start: PartialDate }>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => comparePartialDates(a.start, b.start));
}

/**
 * Where the article-date marker goes in a chronological list: after every event that started on or
 * before the date (an event known only as "2024" counts as not after "2024-05-12").
 */
export function articleDateSlot(events: ReadonlyArray<{ start: PartialDate }>, articleDate: string): number {
  const index = events.findIndex((event) => comparePartialDates(event.start, articleDate) > 0);
  return index === -1 ? events.length : index;
}
