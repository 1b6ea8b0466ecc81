/**
 * War-day counts: "day 685", "day 685 of the war", "the 685th day of the invasion". Day 1 is
 * 2022-02-24, the first day of Russia's full-scale invasion of Ukraine, so day 685 is 2024-01-09.
 */
import type { Figure } from '../messages';
import { addDays } from './dates';

export const WAR_START = '2022-02-24';

export function warDayDate(day: number): string {
  return addDays(WAR_START, day - 1);
}

export function warDayContext(day: number): string {
  return `day ${day} of the full-scale invasion (began ${WAR_START})`;
}

const COUNT = '\\d{1,3}(?:,\\d{3})|\\d{1,4}';
const WAR_NOUN = "(?:(?:the|this|Russia's|Russia’s)\\s+)?(?:(?:full[-\\s]scale|Russian|all-out)\\s+)*(?:war|invasion)";
/** "day 685" with an optional "of the war"; or "the 685th day of the war" (the war is required then). */
const WAR_DAY = new RegExp(
  `\\b[Dd]ay\\s+(?<count>${COUNT})(?![\\p{L}\\p{N}]|[.,:/-]\\p{N})(?<of>\\s+(?:of|in|into)\\s+${WAR_NOUN}\\b)?` +
    `|\\b(?<ordinal>${COUNT})(?:st|nd|rd|th)\\s+day\\s+(?:of|in|into)\\s+${WAR_NOUN}\\b`,
  'gu',
);
/** What a bare "day N" must not be followed by: "day 3 of the summit" counts another thing. */
const OTHER_COUNT = /^\s+(?:of|in|into)\s+(?:the\s+)?\p{L}/u;
/** "Victory Day 2024", "Independence Day 1991": a named day followed by a year, not a count. */
const HOLIDAY_BEFORE = /\p{Lu}\p{L}*\s+$/u;
const YEAR_LIKE = /^(?:1[89]|2[01])\d\d$/;
const WAR_NEARBY = /\b(?:war|invasion|Ukraine|Ukrainian|Russia|Russian)\b/i;

/**
 * War-day figures in `text`. A bare "day N" counts only when the war is named just before it on the
 * same line ("War in Ukraine, day 685") or N is at least 100 (no summit or trial lasts that long),
 * and, when the article date is known, only if that day is not after the article.
 */
export function findWarDays(text: string, articleDate?: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(WAR_DAY)) {
    const groups = match.groups ?? {};
    const written = groups.count ?? groups.ordinal;
    if (written === undefined) continue;
    const day = Number(written.replace(',', ''));
    if (day < 1) continue;
    const start = match.index;
    const end = start + match[0].length;
    if (groups.count !== undefined && groups.of === undefined) {
      if (OTHER_COUNT.test(text.slice(end, end + 40))) continue;
      if (YEAR_LIKE.test(written)) continue;
      if (match[0].startsWith('Day') && HOLIDAY_BEFORE.test(text.slice(Math.max(0, start - 30), start))) continue;
      const lineStart = text.lastIndexOf('\n', start) + 1;
      const before = text.slice(Math.max(lineStart, start - 60), start);
      if (!WAR_NEARBY.test(before) && day < 100) continue;
      if (articleDate && warDayDate(day) > articleDate) continue;
    }
    figures.push({
      start,
      end,
      text: match[0],
      type: 'war-day',
      value: day,
      date: warDayDate(day),
      context: warDayContext(day),
    });
  }
  return figures;
}
