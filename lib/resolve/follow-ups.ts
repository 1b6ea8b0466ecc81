/**
 * Follow-up mentions that no alias covers: once the page names "Abdullah II" or "Salome Zourabichvili"
 * in full, a later bare "Abdullah" or "Zourabichvili" is that person, even if the pack lists no such
 * alias. Only surnames that one person named in full on the page can own are used, and only words
 * no match has claimed.
 */
import { tokenize } from '../text/normalize';
import { followedByUnknownName, nameWords, precededByUnknownName } from './longer-names';
import type { PageEvidence } from './page-evidence';
import type { ResolvedMention } from './resolve';
import type { TextContext } from './text-context';
import { NAME_PARTICLES, NAME_SUFFIXES } from './words';

const MIN_SURNAME_LENGTH = 3;

/**
 * The folded word a bare follow-up would use: the last capitalised word of the name, skipping regnal
 * numbers and "Jr". None for names with particles ("bin", "Al", "von"), whose short forms vary, and
 * for names of one word.
 */
export function surnameOf(displayName: string): string | undefined {
  const tokens = tokenize(displayName);
  if (tokens.length < 2 || tokens.some((t) => t.shape === 'lower' || NAME_PARTICLES.has(t.folded))) return undefined;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (NAME_SUFFIXES.has(t.folded)) continue;
    return t.shape === 'capital' && t.end - t.start >= MIN_SURNAME_LENGTH ? t.folded : undefined;
  }
  return undefined;
}

/** Surname → the one person named in full who has it (surnames two of them share are left out). */
export function followUpSurnames(people: Iterable<{ id: string; name: string }>): Map<string, string> {
  const owners = new Map<string, string | null>();
  for (const { id, name } of people) {
    const surname = surnameOf(name);
    if (surname === undefined) continue;
    const owner = owners.get(surname);
    owners.set(surname, owner === undefined || owner === id ? id : null);
  }
  const result = new Map<string, string>();
  for (const [surname, owner] of owners) if (owner !== null) result.set(surname, owner);
  return result;
}

/** Bare surnames of people named in full on the page (`surnames`, see above), where no match claimed the word. */
export function findFollowUps(
  ctx: TextContext,
  covered: ReadonlySet<number>,
  surnames: ReadonlyMap<string, string>,
  page: PageEvidence,
  nameOf: (id: string) => string,
): ResolvedMention[] {
  if (surnames.size === 0) return [];
  const found: ResolvedMention[] = [];
  ctx.tokens.forEach((token, i) => {
    const id = surnames.get(token.folded);
    if (id === undefined || covered.has(i) || token.shape === 'lower' || page.hasUnknownSurname(token.folded)) return;
    if (ctx.inAddress(token.start, token.end)) return;
    // In prose, "Hunter Abdullah" or "Abdullah Street" is someone or something else.
    if (ctx.lineStyle(token.start) === 'prose') {
      if (precededByUnknownName(ctx, i, covered, nameWords([nameOf(id)])) || followedByUnknownName(ctx, i, covered)) return;
    }
    found.push({ start: token.start, end: token.end, text: ctx.raw(i), id, kind: 'person', alternatives: [], uncertain: false });
  });
  return found;
}
