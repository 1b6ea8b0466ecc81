/**
 * Which names of the gazetteer need an `ambiguous` mark: the validator and the matcher treat a marked
 * form as one that may mean something else (exact capitals required, context wanted).
 *
 * - a city or town name that is an English word as written ("Nice", "Reading", "Split", "Mobile"; not
 *   "Pécs" or "Morón", whose accents show a name), unless the
 *   place is large (a million people or more) or its word is derived from the place itself ("Boston",
 *   "Bordeaux", listed in PLACE_DERIVED_WORDS);
 * - any name that is a common first name ("Victoria", "Chad", "Jordan", "Georgia");
 * - any name one or two letters long;
 * - any form an entity of another pack answers to (a curated list: "Medina", "Austin" the surnames);
 * - any form two entities of the pack share (compared without case or diacritics, like the validator):
 *   every entity that has it marks it ("Georgia" the country and the US state).
 * Countries, territories and regions are not tested against the word list: their names are what the
 * word means in news ("Turkey", "China", "Chile"); a curated `ambiguous` adds the exceptions.
 */
import { foldForComparison } from '../../lib/pack/validate';

export interface AmbiguityInput {
  id: string;
  name: string;
  aliases: string[];
  ambiguous?: string[];
  placeType: string;
  /** The latest population figure, if any. */
  population?: number;
}

export interface AmbiguityLists {
  /** Lowercase English words. */
  words: ReadonlySet<string>;
  /** First names, as written ("Victoria"). */
  firstNames: ReadonlySet<string>;
  /** Folded names exempt from the word rule because the word comes from the place ("boston"). */
  placeDerivedWords: ReadonlySet<string>;
  /** Folded forms that entities of other packs answer to ("medina", a surname). */
  sharedWithOtherPacks?: ReadonlySet<string>;
}

/** Population from which a city's name is what the word means in news, whatever the dictionary says. */
export const WORD_RULE_MAX_POPULATION = 1_000_000;

const SETTLEMENTS = new Set(['city', 'town', 'village', 'capital-district']);

/** The reason a single form of one entity is ambiguous on its own, or undefined. */
export function ownAmbiguity(entity: AmbiguityInput, form: string, lists: AmbiguityLists): string | undefined {
  const folded = foldForComparison(form);
  const letters = form.replace(/[^\p{L}\p{N}]/gu, '');
  if (letters.length <= 2) return 'short';
  if (lists.firstNames.has(form)) return 'first name';
  if (lists.sharedWithOtherPacks?.has(folded)) return 'other packs';
  if (
    SETTLEMENTS.has(entity.placeType) &&
    (entity.population ?? 0) < WORD_RULE_MAX_POPULATION &&
    lists.words.has(form.toLowerCase()) &&
    !lists.placeDerivedWords.has(folded)
  ) {
    return 'English word';
  }
  return undefined;
}

/**
 * Adds to each entity's `ambiguous` every form that the rules above flag (keeping the curated marks),
 * and returns how many forms were marked for each reason. The entities are changed in place.
 */
export function markAmbiguous(entities: AmbiguityInput[], lists: AmbiguityLists): Record<string, number> {
  const counts: Record<string, number> = { short: 0, 'first name': 0, 'other packs': 0, 'English word': 0, shared: 0 };
  const marks = new Map<AmbiguityInput, Set<string>>();
  const mark = (entity: AmbiguityInput, form: string, reason: string) => {
    let set = marks.get(entity);
    if (!set) marks.set(entity, (set = new Set(entity.ambiguous ?? [])));
    if (!set.has(form)) {
      set.add(form);
      counts[reason] = (counts[reason] ?? 0) + 1;
    }
  };
  const owners = new Map<string, Array<{ entity: AmbiguityInput; form: string }>>();
  for (const entity of entities) {
    for (const form of [entity.name, ...entity.aliases]) {
      const reason = ownAmbiguity(entity, form, lists);
      if (reason) mark(entity, form, reason);
      const key = foldForComparison(form);
      let list = owners.get(key);
      if (!list) owners.set(key, (list = []));
      if (!list.some((o) => o.entity === entity)) list.push({ entity, form });
    }
  }
  for (const list of owners.values()) {
    if (list.length < 2) continue;
    for (const { entity, form } of list) mark(entity, form, 'shared');
  }
  for (const [entity, set] of marks) {
    // In the order the forms appear: the name first, then the aliases.
    const order = [entity.name, ...entity.aliases];
    entity.ambiguous = [...set].filter((f) => order.includes(f)).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }
  return counts;
}
