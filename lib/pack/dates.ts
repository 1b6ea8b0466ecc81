/**
 * Partial dates ("2024", "2024-05", "2024-05-12"): the only date form packs use, because most facts
 * are known to the year or month only. A partial date stands for every day it covers: "2024-05" is
 * 2024-05-01 to 2024-05-31. Gregorian calendar, years 0001 to 9999.
 */
import type { Dated, PartialDate } from './types';

export interface DayRange {
  /** First day covered, "YYYY-MM-DD". */
  first: string;
  /** Last day covered, "YYYY-MM-DD". */
  last: string;
}

interface Parsed {
  year: number;
  month?: number;
  day?: number;
}

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parse(value: unknown): Parsed | undefined {
  if (typeof value !== 'string' || value.length > 10) return undefined;
  const match = PARTIAL_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 1) return undefined;
  if (match[2] === undefined) return { year };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  if (match[3] === undefined) return { year, month };
  const day = Number(match[3]);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const isoDay = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;

/** "YYYY", "YYYY-MM" or "YYYY-MM-DD" naming a real calendar year, month or day. */
export function isValidPartialDate(value: unknown): value is PartialDate {
  return parse(value) !== undefined;
}

/** A full "YYYY-MM-DD" date naming a real day. */
export function isFullDate(value: unknown): value is string {
  const parsed = parse(value);
  return parsed?.day !== undefined;
}

/** The days a partial date covers. Throws a RangeError for anything that is not a valid partial date. */
export function partialDateToRange(date: PartialDate): DayRange {
  const parsed = parse(date);
  if (!parsed) throw new RangeError(`Not a partial date: ${JSON.stringify(String(date).slice(0, 40))}`);
  const { year, month, day } = parsed;
  if (month === undefined) return { first: isoDay(year, 1, 1), last: isoDay(year, 12, 31) };
  if (day === undefined) return { first: isoDay(year, month, 1), last: isoDay(year, month, daysInMonth(year, month)) };
  const only = isoDay(year, month, day);
  return { first: only, last: only };
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Chronological order: by first day covered, then by last day. So "2024" < "2024-05" (it starts
 * earlier) and "2024-01-01" < "2024-01" < "2024" (same start, the narrower first). The order is total
 * and only equal strings compare equal. Never throws (this is used in sorts): invalid dates sort
 * after every valid date, among themselves by their text.
 */
export function comparePartialDates(a: PartialDate, b: PartialDate): number {
  const rangeA = isValidPartialDate(a) ? partialDateToRange(a) : undefined;
  const rangeB = isValidPartialDate(b) ? partialDateToRange(b) : undefined;
  if (!rangeA || !rangeB) {
    if (rangeA) return -1;
    if (rangeB) return 1;
    return compareStrings(String(a), String(b));
  }
  return compareStrings(rangeA.first, rangeB.first) || compareStrings(rangeA.last, rangeB.last);
}

/**
 * Whether `a` can be on or before `b` given what each leaves open: "2024-05-12" then "2024" is fine
 * (the later date may be any day of 2024), "2024-06" then "2024-05" is not. This is the rule for
 * from/to and start/end. False if either is invalid.
 */
export function mayBeOnOrBefore(a: PartialDate, b: PartialDate): boolean {
  if (!isValidPartialDate(a) || !isValidPartialDate(b)) return false;
  return partialDateToRange(a).first <= partialDateToRange(b).last;
}

export type HeldMode = 'possibly' | 'certainly';

/**
 * Whether a dated fact held on `date` (normally a full "YYYY-MM-DD"; a partial date is read as the
 * days it covers). Both bounds are inclusive: on a hand-over day the outgoing and the incoming holder
 * both count. A missing `from` means "since before anything we know", a missing `to` "still holds".
 *
 * Partial bounds leave days in doubt ("from 2020" on 2020-03-01). In 'possibly' mode (the default)
 * those days count: the fact held on at least one of the days in doubt could be true. In 'certainly'
 * mode they do not: the fact held on every day `date` covers, whatever the exact bounds were.
 *
 * Never throws: an invalid `date` or bound gives false.
 */
export function heldOn(fact: Dated, date: string, mode: HeldMode = 'possibly'): boolean {
  if (!isValidPartialDate(date)) return false;
  if (fact.from !== undefined && !isValidPartialDate(fact.from)) return false;
  if (fact.to !== undefined && !isValidPartialDate(fact.to)) return false;
  const day = partialDateToRange(date);
  const from = fact.from === undefined ? undefined : partialDateToRange(fact.from);
  const to = fact.to === undefined ? undefined : partialDateToRange(fact.to);
  if (mode === 'possibly') {
    // Some day of `date` lies between the earliest possible start and the latest possible end.
    return (!from || from.first <= day.last) && (!to || day.first <= to.last);
  }
  // Every day of `date` lies between the latest possible start and the earliest possible end.
  return (!from || from.last <= day.first) && (!to || day.last <= to.first);
}
