/**
 * Calendar arithmetic for figures: reading "December 29", "Tuesday", "last week" or "autumn 2022"
 * against the article's date, and the span of days a resolved figure covers. Dates are ISO strings
 * ("YYYY-MM-DD", "YYYY-MM", "YYYY"); days are counted in UTC so no time zone moves them.
 */
import { isFullDate, isValidPartialDate, partialDateToRange, type DayRange } from '../pack/dates';

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export type Season = 'spring' | 'summer' | 'autumn' | 'winter';
/** First month of each season (meteorological seasons of the northern hemisphere). */
const SEASON_START: Record<Season, number> = { spring: 3, summer: 6, autumn: 9, winter: 12 };

/**
 * Which occurrence a date without a year (or a weekday, a season) names: the latest on or before the
 * article date (`past`, the default), the latest strictly before it (`previous`: "last Tuesday"), the
 * first on or after it (`future`: "will ... on Tuesday"), or the first strictly after (`next`).
 */
export type Direction = 'past' | 'previous' | 'future' | 'next';

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function toDays(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromDays(days: number): string {
  const date = new Date(days * DAY_MS);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export function addDays(iso: string, days: number): string {
  return fromDays(toDays(iso) + days);
}

export function isoDate(year: number, month: number, day: number): string | undefined {
  const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  return isFullDate(iso) ? iso : undefined;
}

/** 0 = Sunday. */
export function weekdayOf(iso: string): number {
  return new Date(toDays(iso) * DAY_MS).getUTCDay();
}

const yearOf = (iso: string) => Number(iso.slice(0, 4));

function pick<T extends string>(candidates: T[], reference: string, direction: Direction): T | undefined {
  const sorted = [...candidates].sort();
  switch (direction) {
    case 'past':
      return sorted.filter((c) => c <= reference).pop();
    case 'previous':
      return sorted.filter((c) => c < reference).pop();
    case 'future':
      return sorted.find((c) => c >= reference);
    case 'next':
      return sorted.find((c) => c > reference);
  }
}

/** "December 29" against 2024-01-09 → "2023-12-29". Undefined for a day that never exists (February 30). */
export function resolveMonthDay(month: number, day: number, articleDate: string, direction: Direction = 'past'): string | undefined {
  const year = yearOf(articleDate);
  const candidates = [year - 1, year, year + 1].flatMap((y) => isoDate(y, month, day) ?? []);
  // February 29: look back or ahead up to the leap years around.
  if (month === 2 && day === 29) candidates.push(...[year - 4, year - 3, year - 2, year + 2, year + 3, year + 4].flatMap((y) => isoDate(y, 2, 29) ?? []));
  return pick(candidates, articleDate, direction);
}

/** "in May" against 2024-01-09 → "2023-05"; the article's own month counts as on or before it. */
export function resolveMonth(month: number, articleDate: string, direction: Direction = 'past'): string {
  const year = yearOf(articleDate);
  const reference = articleDate.slice(0, 7);
  const candidates = [year - 1, year, year + 1].map((y) => `${pad(y, 4)}-${pad(month)}`);
  return pick(candidates, reference, direction) ?? candidates[1]!;
}

/** "Tuesday" against Tuesday 2024-01-09 → "2024-01-09"; against Monday 2024-01-08 → "2024-01-02". */
export function resolveWeekday(weekday: number, articleDate: string, direction: Direction = 'past'): string {
  const today = weekdayOf(articleDate);
  const back = (today - weekday + 7) % 7;
  const ahead = (weekday - today + 7) % 7;
  switch (direction) {
    case 'past':
      return addDays(articleDate, -back);
    case 'previous':
      return addDays(articleDate, -(back || 7));
    case 'future':
      return addDays(articleDate, ahead);
    case 'next':
      return addDays(articleDate, ahead || 7);
  }
}

/** The Monday of the article's week, shifted by whole weeks ("last week" = -1). */
export function weekStart(articleDate: string, offsetWeeks = 0): string {
  const sinceMonday = (weekdayOf(articleDate) + 6) % 7;
  return addDays(articleDate, -sinceMonday + 7 * offsetWeeks);
}

/** "YYYY-MM" of the article's month shifted by whole months ("last month" = -1). */
export function monthShift(articleDate: string, offsetMonths: number): string {
  const index = yearOf(articleDate) * 12 + Number(articleDate.slice(5, 7)) - 1 + offsetMonths;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

/** The "YYYY-MM" a season of a given year starts in. Winter Y runs December Y to February Y+1. */
export function seasonStart(season: Season, year: number): string {
  return `${pad(year, 4)}-${pad(SEASON_START[season])}`;
}

/**
 * A season without a year ("last summer", "in the spring"), or a winter with one, against the article date.
 * `year` given: that season, except a winter that would begin after the article (a February article's
 * "winter of 2023" is the winter that began in December 2022).
 */
export function resolveSeason(season: Season, articleDate: string | undefined, year?: number, direction: Direction = 'past'): string | undefined {
  if (year !== undefined) {
    const start = seasonStart(season, year);
    if (season === 'winter' && articleDate && start > articleDate.slice(0, 7)) return seasonStart(season, year - 1);
    return start;
  }
  if (!articleDate) return undefined;
  const articleYear = yearOf(articleDate);
  const candidates = [articleYear - 2, articleYear - 1, articleYear, articleYear + 1].map((y) => seasonStart(season, y));
  // "last winter" in January is the winter before the one under way: the latest that ended before the article's month.
  if (direction === 'previous') return pick(candidates, monthShift(articleDate, -2), 'previous');
  return pick(candidates, articleDate.slice(0, 7), direction);
}

export const SEASON_WORDS: Record<string, Season> = { spring: 'spring', summer: 'summer', fall: 'autumn', autumn: 'autumn', winter: 'winter' };

/** "2022-09" → "September 2022"; "2024-01-09" → "Tuesday 9 January 2024"; "2014" → "2014". */
export function describeDate(date: string): string {
  const [year, month, day] = date.split('-');
  if (month === undefined) return String(year);
  const monthName = MONTH_NAMES[Number(month) - 1] ?? month;
  if (day === undefined) return `${monthName} ${year}`;
  return `${WEEKDAY_NAMES[weekdayOf(date)]} ${Number(day)} ${monthName} ${year}`;
}

/** "2022-09" → "September–November 2022"; a winter spans two years: "December 2022 – February 2023". */
export function describeSeason(start: string): string {
  const year = yearOf(start);
  const month = Number(start.slice(5, 7));
  const last = month + 2;
  if (last > 12) return `${MONTH_NAMES[month - 1]} ${year} – ${MONTH_NAMES[last - 13]} ${year + 1}`;
  return `${MONTH_NAMES[month - 1]}–${MONTH_NAMES[last - 1]} ${year}`;
}

const SEASON_TEXT = /\b(?:spring|summer|fall|autumn|winter)\b/i;
const WEEK_TEXT = /\bweek\b/i;

/**
 * The days a resolved figure covers, from its `date` and its wording: a day, a month or a year as the
 * date says; a week ("last week") from its Monday; a season from its first month, three months long.
 * Undefined when the figure has no valid date.
 */
export function figureDateRange(figure: { date?: string; text: string }): DayRange | undefined {
  const { date, text } = figure;
  if (!date || !isValidPartialDate(date)) return undefined;
  if (isFullDate(date) && WEEK_TEXT.test(text)) return { first: date, last: addDays(date, 6) };
  if (/^\d{4}-\d{2}$/.test(date) && SEASON_TEXT.test(text)) {
    const end = partialDateToRange(monthShift(`${date}-01`, 2)).last;
    return { first: partialDateToRange(date).first, last: end };
  }
  return partialDateToRange(date);
}
