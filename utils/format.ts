/**
 * Formatting in the interface's language: the pure formatters of lib/page/format.ts with the locale tag and
 * the words of the current translation (locales/*.yml). Components and the content script use these.
 */
import { i18n } from '#i18n';
import type { EntityKind, PartialDate, PlaceType } from '@/lib/pack/types';
import * as pure from '@/lib/page/format';

let locale: string | undefined;

/**
 * The tag Intl formats with: "en-GB" for the English interface, "fr-FR" for the French one. Looked up once
 * (each lookup is a call into the extension's bindings, and a card formats many dates): the browser's
 * language does not change while the extension runs.
 */
export function interfaceLocale(): string {
  return (locale ??= i18n.t('format.locale'));
}

/** For tests that switch the interface language (tests/support/i18n.ts `useLocale`). */
export function forgetInterfaceLocale(): void {
  locale = undefined;
}

export function formatPartialDate(date: PartialDate): string {
  return pure.formatPartialDate(date, interfaceLocale());
}

export function formatEventDates(start: PartialDate, end?: PartialDate): string {
  return pure.formatEventDates(start, end, interfaceLocale());
}

export function formatCount(value: number): string {
  return pure.formatCount(value, interfaceLocale());
}

export function formatBytes(bytes: number): string {
  return pure.formatBytes(bytes, interfaceLocale());
}

export function formatCoordinates(lat: number, lon: number): string {
  return pure.formatCoordinates(lat, lon, interfaceLocale(), {
    north: i18n.t('format.north'),
    south: i18n.t('format.south'),
    east: i18n.t('format.east'),
    west: i18n.t('format.west'),
  });
}

/** A role's term: "since May 2024", "until 2020", "2019 – 2024"; both ends open gives "". */
export function formatPeriod(from?: PartialDate, to?: PartialDate): string {
  if (from && to) return from === to ? formatPartialDate(from) : formatEventDates(from, to);
  if (from) return i18n.t('format.since', [formatPartialDate(from)]);
  if (to) return i18n.t('format.until', [formatPartialDate(to)]);
  return '';
}

/** An ISO timestamp on the reader's clock: "12 May 2024, 14:05", or "today, 14:05" when `now` is that day. */
export function formatDateTime(iso: string, now?: Date): string {
  const parts = pure.formatDayAndTime(iso, interfaceLocale());
  if (!parts) return iso;
  if (now && pure.sameLocalDay(parts.date, now)) return i18n.t('format.todayAt', [parts.time]);
  return i18n.t('format.dayAt', [parts.day, parts.time]);
}

/** "Person", "Place"... */
export function kindLabel(kind: EntityKind): string {
  return i18n.t(`kind.${kind}`);
}

/** "People", "Places"... */
export function kindPlural(kind: EntityKind): string {
  return i18n.t(`kinds.${kind}`);
}

// Message names allow only letters, digits and underscores, so the codes with a dash get their own key.
const PLACE_TYPE_KEYS = {
  country: 'placeType.country',
  territory: 'placeType.territory',
  region: 'placeType.region',
  city: 'placeType.city',
  town: 'placeType.town',
  village: 'placeType.village',
  'capital-district': 'placeType.capitalDistrict',
  sea: 'placeType.sea',
  river: 'placeType.river',
  site: 'placeType.site',
  other: 'placeType.other',
} as const satisfies Record<PlaceType, string>;

/** "City", "Capital district"... (the pack's place type codes are a closed list). */
export function placeTypeLabel(type: PlaceType): string {
  return i18n.t(PLACE_TYPE_KEYS[type]);
}

/** "Kyiv or Kharkiv", "Kyiv, Kharkiv or Odesa" ("Kyiv ou Kharkiv" in French). */
export function formatAlternatives(names: readonly string[]): string {
  return new Intl.ListFormat(interfaceLocale(), { type: 'disjunction' }).format(names);
}
