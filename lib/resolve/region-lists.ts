/**
 * "the Sumy and Odesa regions", "Kherson, Zaporizhzhia and Donetsk oblasts": bare names in a list that a
 * plural region word closes name the regions, not the cities. No alias covers "Sumy" alone as the
 * oblast, so the region is found by asking the matcher for "Sumy region" (then "Sumy Oblast", ...).
 */
import type { Matcher, MatchCandidate } from '../matcher';
import type { EntityFacts } from './entity-facts';
import type { TextContext } from './text-context';
import { PLURAL_REGION_WORDS, REGION_ALIAS_SUFFIXES } from './words';

const MAX_LIST_TOKENS = 16;
const SPACES_RE = /^[ \t\u00a0]+$/;
const COMMA_RE = /^,[ \t\u00a0]*$/;

/** Whether the words after token `last` continue a list of capitalised names that "regions" (or the like) closes. */
export function closesRegionList(ctx: TextContext, last: number): boolean {
  const tokens = ctx.tokens;
  for (let j = last + 1; j < tokens.length && j <= last + MAX_LIST_TOKENS; j++) {
    const t = tokens[j]!;
    const gap = ctx.gapBefore(j);
    const joined = SPACES_RE.test(gap) || COMMA_RE.test(gap) || gap === '-' || gap === '\u2013';
    if (!joined) return false;
    if (PLURAL_REGION_WORDS.has(t.folded)) return SPACES_RE.test(gap) && tokens[j - 1]!.shape !== 'lower';
    if (t.shape === 'lower' && t.folded !== 'and' && t.folded !== 'or') return false;
  }
  return false;
}

/** The region the bare name stands for in such a list, preferring one in the same country as `country`. */
export function regionNamed(
  matcher: Matcher,
  facts: EntityFacts,
  name: string,
  countries: readonly string[],
): MatchCandidate | undefined {
  for (const suffix of REGION_ALIAS_SUFFIXES) {
    const probe = `${name} ${suffix}`;
    const [match] = matcher.findCandidates(probe);
    if (match === undefined || match.start !== 0 || match.end !== probe.length) continue;
    const regions = match.candidates.filter((c) => facts.get(c.id).placeType === 'region');
    const local = regions.find((c) => facts.get(c.id).countries.some((country) => countries.includes(country)));
    if (local ?? regions[0]) return local ?? regions[0];
  }
  return undefined;
}
