/**
 * Where dated facts stand relative to the article's date: the card marks what held "at the time
 * of the article" and notes what changed after it, so an old story is read with its own context.
 */
import { comparePartialDates, heldOn } from '../pack/dates';
import type { Dated, PartialDate } from '../pack/types';

/** held: true on the article date; ended: over before it; later: began after it. */
export type PeriodStatus = 'held' | 'ended' | 'later';

export function periodStatus(period: Dated, articleDate: string): PeriodStatus {
  if (heldOn(period, articleDate)) return 'held';
  if (period.from && comparePartialDates(period.from, articleDate) > 0) return 'later';
  return 'ended';
}

export interface DatedStanding<T extends Dated> {
  item: T;
  status: PeriodStatus;
  /** Held on the article date but ended since: the reader should know it no longer holds. */
  endedAfterArticle: boolean;
}

/** Each dated item with its standing on the article date, most recent first (open starts last). */
export function standingOn<T extends Dated>(items: readonly T[], articleDate: string): Array<DatedStanding<T>> {
  return [...items]
    .sort((a, b) => compareStartsNewestFirst(a.from, b.from))
    .map((item) => {
      const status = periodStatus(item, articleDate);
      return { item, status, endedAfterArticle: status === 'held' && item.to !== undefined };
    });
}

function compareStartsNewestFirst(a?: PartialDate, b?: PartialDate): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  return comparePartialDates(b, a);
}

export interface ThenAndNow<T extends Dated> {
  /** What held on the article date. */
  then: T[];
  /** What began after the article date, oldest first. */
  since: T[];
  /** What held on the article date and has ended since. */
  endedSince: T[];
}

/**
 * The short story of what changed between the article and the knowledge date, for a summary such as
 * "Minister of Defence at the time; since May 2024: Secretary of the Security Council".
 */
export function thenAndNow<T extends Dated>(items: readonly T[], articleDate: string): ThenAndNow<T> {
  const then = items.filter((item) => periodStatus(item, articleDate) === 'held');
  const since = items
    .filter((item) => periodStatus(item, articleDate) === 'later')
    .sort((a, b) => comparePartialDates(a.from ?? '', b.from ?? ''));
  return { then, since, endedSince: then.filter((item) => item.to !== undefined) };
}

/**
 * The population figure to show for an article date: the latest counted in or before the article's
 * year, else the earliest there is (the reader still learns the order of magnitude, with its year).
 */
export function populationOn<T extends { year: number }>(figures: readonly T[] | undefined, articleDate: string): T | undefined {
  if (!figures || figures.length === 0) return undefined;
  const year = Number(articleDate.slice(0, 4));
  const byYear = [...figures].sort((a, b) => a.year - b.year);
  return byYear.filter((figure) => figure.year <= year).at(-1) ?? byYear[0];
}
