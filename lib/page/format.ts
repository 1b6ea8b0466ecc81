/**
 * Text formatting for the card, the popup and the options page. English only for now, and
 * deliberately independent of the browser locale so that what tests assert is what readers see.
 */
import type { EntityKind, PartialDate } from '../pack/types';

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** "2024" → "2024", "2024-05" → "May 2024", "2024-05-12" → "12 May 2024"; anything else is shown as given. */
export function formatPartialDate(date: PartialDate): string {
  const match = /^(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!match) return date;
  const [, year, month, day] = match;
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (month && !monthName) return date;
  if (!monthName) return String(year);
  if (!day) return `${monthName} ${year}`;
  return `${Number(day)} ${monthName} ${year}`;
}

/**
 * A period such as a role's term: "since May 2024", "until 2020", "2019 – 2024".
 * Both ends open gives an empty string (the caller shows nothing).
 */
export function formatPeriod(from?: PartialDate, to?: PartialDate): string {
  if (from && to) return from === to ? formatPartialDate(from) : `${formatPartialDate(from)} – ${formatPartialDate(to)}`;
  if (from) return `since ${formatPartialDate(from)}`;
  if (to) return `until ${formatPartialDate(to)}`;
  return '';
}

/** An event's dates: "24 February 2022" or "4 June 2023 – November 2023". */
export function formatEventDates(start: PartialDate, end?: PartialDate): string {
  if (!end || end === start) return formatPartialDate(start);
  return `${formatPartialDate(start)} – ${formatPartialDate(end)}`;
}

/** 2952301 → "2,952,301". */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** 50.4501, 30.5234 → "50.45° N, 30.52° E". */
export function formatCoordinates(lat: number, lon: number): string {
  const latText = `${Math.abs(lat).toFixed(2)}° ${lat < 0 ? 'S' : 'N'}`;
  const lonText = `${Math.abs(lon).toFixed(2)}° ${lon < 0 ? 'W' : 'E'}`;
  return `${latText}, ${lonText}`;
}

const KIND_LABELS: Record<EntityKind, string> = {
  person: 'Person',
  place: 'Place',
  organization: 'Organization',
  event: 'Event',
};

const KIND_PLURALS: Record<EntityKind, string> = {
  person: 'People',
  place: 'Places',
  organization: 'Organizations',
  event: 'Events',
};

export function kindLabel(kind: EntityKind): string {
  return KIND_LABELS[kind];
}

export function kindPlural(kind: EntityKind): string {
  return KIND_PLURALS[kind];
}

/** "capital-district" → "Capital district". */
export function humanize(code: string): string {
  const words = code.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** 532 → "532 bytes", 48213 → "48.2 kB", 3456789 → "3.5 MB" (decimal units, as browsers report storage). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} ${Math.round(bytes) === 1 ? 'byte' : 'bytes'}`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 100 ? value.toFixed(1) : Math.round(value).toString()} ${units[unit]}`;
}

/**
 * An ISO timestamp in the reader's time zone: "12 May 2024, 14:05". Anything that is not a date is shown as
 * given; `now` (for tests) lets recent times read "today, 14:05".
 */
export function formatDateTime(iso: string, now?: Date): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  if (now && date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate()) {
    return `today, ${time}`;
  }
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}, ${time}`;
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
