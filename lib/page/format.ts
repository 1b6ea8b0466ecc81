/**
 * Locale-aware formatting of dates, numbers and sizes, for the card, the popup and the options page. Pure:
 * the caller passes the interface's locale tag (utils/format.ts does, from the current translation), so
 * tests choose the locale and what they assert is what readers of that language see. Words ("since", kind
 * names) are translations and live with the interface, not here.
 */
import type { PartialDate } from '../pack/types';

/** The English interface writes day-month-year, like French; the tag picks the words and separators. */
export const DEFAULT_LOCALE = 'en-GB';

const monthNames = new Map<string, string[]>();

const numberFormats = new Map<string, Intl.NumberFormat>();

/** One formatter per locale and options, built once: constructing Intl formatters costs more than formatting. */
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

/** The twelve month names of a locale, standalone ("May", "mai"), computed once. */
function monthsOf(locale: string): string[] {
  let months = monthNames.get(locale);
  if (!months) {
    const format = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
    months = Array.from({ length: 12 }, (_, month) => format.format(Date.UTC(2001, month, 15)));
    monthNames.set(locale, months);
  }
  return months;
}

/**
 * "2024" → "2024", "2024-05" → "May 2024", "2024-05-12" → "12 May 2024" ("12 mai 2024" in French); anything
 * else is shown as given. Day, month, year in that order for every supported locale (English is British).
 */
export function formatPartialDate(date: PartialDate, locale = DEFAULT_LOCALE): string {
  const match = /^(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!match) return date;
  const [, year, month, day] = match;
  const monthName = month ? monthsOf(locale)[Number(month) - 1] : undefined;
  if (month && !monthName) return date;
  if (!monthName) return String(year);
  if (!day) return `${monthName} ${year}`;
  return `${Number(day)} ${monthName} ${year}`;
}

/** An event's dates: "24 February 2022" or "4 June 2023 – November 2023". */
export function formatEventDates(start: PartialDate, end?: PartialDate, locale = DEFAULT_LOCALE): string {
  if (!end || end === start) return formatPartialDate(start, locale);
  return `${formatPartialDate(start, locale)} – ${formatPartialDate(end, locale)}`;
}

/** 2952301 → "2,952,301" ("2 952 301" in French). */
export function formatCount(value: number, locale = DEFAULT_LOCALE): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(value));
}

/** The letters for north, south, east and west; French writes O for west. */
export interface CompassLetters {
  north: string;
  south: string;
  east: string;
  west: string;
}

const ENGLISH_COMPASS: CompassLetters = { north: 'N', south: 'S', east: 'E', west: 'W' };

/** 50.4501, 30.5234 → "50.45° N, 30.52° E". */
export function formatCoordinates(lat: number, lon: number, locale = DEFAULT_LOCALE, compass = ENGLISH_COMPASS): string {
  const degrees = numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const latText = `${degrees.format(Math.abs(lat))}° ${lat < 0 ? compass.south : compass.north}`;
  const lonText = `${degrees.format(Math.abs(lon))}° ${lon < 0 ? compass.west : compass.east}`;
  return `${latText}, ${lonText}`;
}

/** "capital-district" → "Capital district". */
export function humanize(code: string): string {
  const words = code.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** 532 → "532 bytes", 48213 → "48.2 kB", 3456789 → "3.5 MB" (decimal units, as browsers report storage); "48,2 ko" in French. */
export function formatBytes(bytes: number, locale = DEFAULT_LOCALE): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const unitFormat = (unit: string, display: 'long' | 'short', digits: number) =>
    numberFormat(locale, { style: 'unit', unit, unitDisplay: display, maximumFractionDigits: digits, minimumFractionDigits: digits });
  if (bytes < 1000) return unitFormat('byte', 'long', 0).format(Math.round(bytes));
  const units = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unitFormat(units[unit]!, 'short', value < 100 ? 1 : 0).format(value);
}

/** A moment as the reader's wall clock shows it, split for the caller to phrase: "12 May 2024" and "14:05". */
export function formatDayAndTime(iso: string, locale = DEFAULT_LOCALE): { day: string; time: string; date: Date } | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const day = `${date.getDate()} ${monthsOf(locale)[date.getMonth()]} ${date.getFullYear()}`;
  const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  return { day, time, date };
}

/** Whether two moments fall on the same local calendar day. */
export function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** The first day a partial date covers, as "YYYY-MM-DD": "2024" → "2024-01-01", "2024-06" → "2024-06-01"; undefined when unreadable. */
export function partialDateStart(date: PartialDate): string | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date.trim());
  if (!match) return undefined;
  const [, year, month = '01', day = '01'] = match;
  return `${year}-${month}-${day}`;
}

/** A partial date to the month, as the popup's knowledge notice shows it: "2024-06-15" → "2024-06", "2024" → "2024". */
export function formatYearMonth(date: PartialDate): string {
  const match = /^(\d{4})(?:-(\d{2}))?/.exec(date.trim());
  if (!match) return date;
  return match[2] ? `${match[1]}-${match[2]}` : match[1]!;
}
