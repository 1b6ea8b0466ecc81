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
