/**
 * Titles are not part of a person mention: "King Abdullah II" is an alias the matcher finds whole, but
 * the mention is "Abdullah II" (and "Pope Francis" is "Francis"), as news annotation writes it. A
 * title the display name itself starts with stays ("Sheikh Hasina"), except the religious ones.
 */
import { tokenize } from '../text/normalize';
import type { TextContext } from './text-context';
import { ALWAYS_TRIMMED_TITLES, LEADING_TITLES } from './words';

/** The index of the first token of the mention `first`..`last` once leading titles are left out. */
export function firstTokenAfterTitles(ctx: TextContext, first: number, last: number, displayName: string): number {
  const nameStart = tokenize(displayName)[0]?.folded;
  let i = first;
  while (i < last) {
    const word = ctx.tokens[i]!.folded;
    if (!LEADING_TITLES.has(word) || ctx.tokens[i + 1]!.shape === 'lower') break;
    if (word === nameStart && !ALWAYS_TRIMMED_TITLES.has(word)) break;
    i++;
  }
  return i;
}
