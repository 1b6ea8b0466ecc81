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

/** The year a partial date falls in ("2024-05-12" → "2024", "-44" → "-44"); undefined when it is not a date. */
export function yearOf(date: PartialDate): string | undefined {
  return /^(-?\d{1,4})(?:-\d{2}(?:-\d{2})?)?$/.exec(date)?.[1];
}

/** One row of the timeline: an event, or the article's own date. */
export type TimelineRow<T> = { type: 'event'; event: T } | { type: 'article'; date: string };

/** The rows of one year (`year` undefined: events whose start is not a date, shown last). */
export interface TimelineYear<T> {
  year: string | undefined;
  rows: Array<TimelineRow<T>>;
}

/**
 * The timeline grouped by year, oldest first, with the article's date slotted in among the events of
 * its year (its year gets a group of its own when no event shares it). Events are grouped by the
 * year they started in.
 */
export function groupByYear<T extends { start: PartialDate }>(events: readonly T[], articleDate: string): Array<TimelineYear<T>> {
  const ordered = chronological(events);
  const slot = articleDateSlot(ordered, articleDate);
  const rows: Array<TimelineRow<T>> = ordered.map((event) => ({ type: 'event', event }));
  rows.splice(slot, 0, { type: 'article', date: articleDate });
  const years: Array<TimelineYear<T>> = [];
  for (const row of rows) {
    const year = yearOf(row.type === 'event' ? row.event.start : row.date);
    const last = years[years.length - 1];
    if (last && last.year === year) last.rows.push(row);
    else years.push({ year, rows: [row] });
  }
  return years;
}

/** Everything an event is linked to: itself, the requested ids it involves, its places and participants. */
export function eventLinks(event: { id: string; linkedTo: readonly string[]; places: ReadonlyArray<{ id: string }>; participants: ReadonlyArray<{ id: string }> }): Set<string> {
  return new Set([event.id, ...event.linkedTo, ...event.places.map((p) => p.id), ...event.participants.map((p) => p.id)]);
}

/** The events linked to any of the selected ids; all of them when none is selected. */
export function filterEvents<T extends Parameters<typeof eventLinks>[0]>(events: readonly T[], selected: ReadonlySet<string>): T[] {
  if (selected.size === 0) return [...events];
  return events.filter((event) => {
    const links = eventLinks(event);
    for (const id of selected) if (links.has(id)) return true;
    return false;
  });
}

/** How many of the events each id is linked to (ids no event involves are absent). */
export function eventCounts(events: ReadonlyArray<Parameters<typeof eventLinks>[0]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) for (const id of eventLinks(event)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Items grouped by kind in the given kind order, empty kinds left out. */
export function groupByKind<K extends string, T extends { kind: K }>(items: readonly T[], kinds: readonly K[]): Array<{ kind: K; items: T[] }> {
  return kinds.map((kind) => ({ kind, items: items.filter((item) => item.kind === kind) })).filter((group) => group.items.length > 0);
}

/** A description cut to about `max` characters at a word boundary, with an ellipsis when cut. */
export function shortText(text: string, max = 140): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : clean.slice(0, max)).replace(/[\s,;:.–-]+$/, '')}…`;
}
