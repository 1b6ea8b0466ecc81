/**
 * The figures an article quotes: quantities with their unit or counted noun, dates, and war-day counts,
 * with dates resolved against the article's date. English only. See docs/figures.md.
 */
import type { Figure, FigureType } from '../messages';
import { isFullDate } from '../pack/dates';
import { findDates } from './find-dates';
import { findQuantities } from './find-quantities';
import { findWarDays } from './war-days';

/** When two readings of the same words are equally long, the more specific one wins. */
const PRIORITY: Record<FigureType, number> = { 'war-day': 0, date: 1, quantity: 2 };

/**
 * Every figure in `text`, in order and without overlaps (offsets in UTF-16 code units).
 * `articleDate` ("YYYY-MM-DD") resolves dates without a year, weekdays, "last week" and seasons;
 * without it those figures are still found but carry no `date`.
 */
export function detectFigures(text: string, articleDate?: string): Figure[] {
  const reference = isFullDate(articleDate) ? articleDate : undefined;
  const candidates = [...findWarDays(text, reference), ...findDates(text, reference), ...findQuantities(text)];
  // The longest reading of overlapping words wins ("December 29, 2023" over "2023", "25 people" over a listed day "25").
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || PRIORITY[a.type] - PRIORITY[b.type] || a.start - b.start);
  const chosen: Figure[] = [];
  for (const candidate of candidates) {
    if (chosen.every((figure) => candidate.end <= figure.start || candidate.start >= figure.end)) chosen.push(candidate);
  }
  return chosen.sort((a, b) => a.start - b.start);
}
