/**
 * The matcher's compiled index: built once when packs are installed, stored in IndexedDB as plain
 * structured-cloneable data, and used by `Matcher.load` as it is, without re-tokenizing any alias.
 *
 * The layout is chosen for a service worker that wakes up cold. Reading 300,000 small strings out of
 * IndexedDB and then inserting them into a `Map` costs some 300 ms; so the keys are stored as one
 * long string plus offsets, the hash table over them is computed here (open addressing, see
 * `hashKey`), and everything per alias is a number in parallel typed arrays, which structured clone
 * copies as one block each (a plain array of 100,000 numbers is cloned number by number). Loading is then
 * close to free.
 */
import { ENTITY_KINDS, type Entity, type PlaceType, type Population } from '../pack/types';
import { stripDiacritics, tokenize, type Token } from '../text/normalize';

/**
 * What the index needs of an entity: its names for the search, and the few facts the resolver weighs
 * when words fit several entities (where a place lies, how big it is, which countries a person belongs to).
 */
export type MatchableEntity = Pick<Entity, 'id' | 'kind' | 'name' | 'aliases' | 'ambiguous' | 'prominence'> & {
  placeType?: PlaceType;
  population?: readonly Population[];
  /** A place's or an organization's country (entity id). */
  country?: string;
  /** A place's first-level region (entity id). */
  region?: string;
  /** A person's countries (entity ids). */
  countries?: readonly string[];
};

// 4: number lists are typed arrays (a cold service worker clones them out of IndexedDB as one block each).
export const MATCHER_INDEX_FORMAT = 4;

/** The place types as stored in `entityPlaceTypes` (by index); a new type goes at the end. */
export const INDEXED_PLACE_TYPES: readonly PlaceType[] = [
  'country',
  'territory',
  'region',
  'city',
  'town',
  'village',
  'capital-district',
  'sea',
  'river',
  'site',
  'other',
];

/** Separator of the joined string lists; never inside an id, a key or (after cleaning) a name. */
export const LIST_SEPARATOR = '\n';

/**
 * Case requirement of one alias token, 2 bits in `variantFlags`:
 * ANY for lower-case alias words ("region"), CAPITAL when the alias word starts with a capital
 * (the text word must too, or be all caps as in headlines), UPPER for acronyms of 2+ letters
 * ("EU", "NATO"), which must be all caps in the text.
 */
export const CASE_ANY = 0;
export const CASE_CAPITAL = 1;
export const CASE_UPPER = 2;

/** `variantFlags` bits: whether the alias is the entity's name, whether it is ambiguous (exact case), then the case rules. */
export const FLAG_IS_NAME = 1;
export const FLAG_EXACT = 2;
const CASE_SHIFT = 2;
/** Two bits per token after the two flag bits, in a 30-bit integer. */
export const MAX_ALIAS_TOKENS = 14;

/** The case rule of token `t` of a variant. */
export function caseRuleOf(flags: number, t: number): number {
  return (flags >>> (CASE_SHIFT + 2 * t)) & 3;
}

const FNV_OFFSET = 0x811c9dc5;

/**
 * FNV-1a over UTF-16 code units: the hash of `keySlots`. Changing it means a new format version.
 * `hashKey(b, hashKey(a))` equals `hashKey(a + b)`, so a search can extend a key word by word.
 */
export function hashKey(key: string, h = FNV_OFFSET): number {
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function buildKeySlots(keys: readonly string[]): Int32Array {
  let size = 1;
  while (size < keys.length * 1.6) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  keys.forEach((key, k) => {
    let h = hashKey(key) & mask;
    while (slots[h] !== 0) h = (h + 1) & mask;
    slots[h] = k + 1;
  });
  return slots;
}

/** Code-unit order, as the default sort gives, without converting each element to a string first. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Splits one of the joined string lists. */
export function splitList(joined: string): string[] {
  return joined === '' ? [] : joined.split(LIST_SEPARATOR);
}

export interface MatcherIndexData {
  formatVersion: typeof MATCHER_INDEX_FORMAT;
  /** Token count of the longest alias. */
  maxTokens: number;
  /** Entity ids, joined by "\n". */
  entityIds: string;
  /** Display names, joined by "\n" (a line break inside a name becomes a space). */
  entityNames: string;
  /** Index into `ENTITY_KINDS`. */
  entityKinds: Int32Array;
  /** 0 when the pack gives none. */
  entityProminence: Int32Array;
  /** Index into `INDEXED_PLACE_TYPES`; -1 for entities that are not places. */
  entityPlaceTypes: Int32Array;
  /** A place's latest population figure; 0 when none is known. */
  entityPopulation: Float64Array;
  /** Entity index of a place's first-level region; -1 when none is given or it is not indexed. */
  entityRegion: Int32Array;
  /**
   * Countries, as entity indexes: a place's or an organization's country, a person's countries.
   * Those of entity e are `countryList[countryStarts[e]]` up to `countryList[countryStarts[e + 1]]`
   * (exclusive); `countryStarts` has one more entry than there are entities. References to entities
   * that are not indexed are left out.
   */
  countryStarts: Int32Array;
  countryList: Int32Array;
  /**
   * Sorted alias keys (folded tokens joined by one space, "donetsk region") together with every
   * proper token prefix of them ("donetsk"), so a search knows when to keep extending; joined by "\n".
   */
  keys: string;
  /** Key k is `keys.slice(keyStarts[k], keyStarts[k + 1] - 1)`; one more entry than there are keys. */
  keyStarts: Int32Array;
  /**
   * Open-addressing hash table (a power of two long, at most 5/8 full): slot `hashKey(key) & (length - 1)`
   * and the slots after it hold k + 1 for the keys with that hash, up to the first 0.
   */
  keySlots: Int32Array;
  /** The variants of key k are `firstVariant[k]` up to `firstVariant[k + 1]` (exclusive); prefix-only keys have none. */
  firstVariant: Int32Array;
  /** One variant per (entity, alias form), sorted by entity within a key: index of the entity. */
  variantEntity: Int32Array;
  /** FLAG_IS_NAME | FLAG_EXACT | case rule of token t << (2 + 2t). */
  variantFlags: Int32Array;
  /** The variants with FLAG_EXACT (aliases listed as ambiguous) ... */
  exactVariants: Int32Array;
  /** ... and the exact form each must have: its tokens with diacritics stripped and case kept, joined by spaces. */
  exactForms: string[];
}

interface Variant {
  entity: number;
  flags: number;
  exact: string;
}

function tokenCaseRule(token: Token, alias: string): number {
  if (token.shape === 'lower') return CASE_ANY;
  if (token.shape === 'upper') {
    const letters = alias.slice(token.start, token.end).match(/\p{L}/gu)?.length ?? 0;
    // A lone capital ("J" in "J. D. Vance") is an initial, not an acronym.
    return letters >= 2 ? CASE_UPPER : CASE_CAPITAL;
  }
  return CASE_CAPITAL;
}

export interface CompiledAlias {
  key: string;
  tokenCount: number;
  /** Case rules of the tokens, already shifted into place (no FLAG_ bits). */
  caseFlags: number;
  /** The exact form for ambiguous aliases, '' otherwise. */
  exact: string;
}

/**
 * A lower-case leading "the" ("the Kremlin", "the Donetsk oblast") is how news writes the name, not part
 * of it: the mention then starts at the name, and "The Kremlin" opening a sentence is found too.
 * A capital "The" ("The Hague") is part of the name and stays.
 */
function withoutLeadingArticle(tokens: Token[]): Token[] {
  const [first] = tokens;
  return tokens.length > 1 && first?.shape === 'lower' && first.folded === 'the' ? tokens.slice(1) : tokens;
}

/** The figure of the latest year (the last listed among equal years); 0 when there is none. */
function latestPopulation(population: readonly Population[] | undefined): number {
  let best: Population | undefined;
  for (const p of population ?? []) if (best === undefined || p.year >= best.year) best = p;
  return best?.value ?? 0;
}

/** The key, case rules and exact form of one alias, or null when it holds no word or too many. */
export function compileAlias(alias: string, ambiguous: boolean): CompiledAlias | null {
  const tokens = withoutLeadingArticle(tokenize(alias));
  if (tokens.length === 0 || tokens.length > MAX_ALIAS_TOKENS) return null;
  let caseFlags = 0;
  tokens.forEach((t, i) => {
    caseFlags |= tokenCaseRule(t, alias) << (CASE_SHIFT + 2 * i);
  });
  return {
    key: tokens.map((t) => t.folded).join(' '),
    tokenCount: tokens.length,
    caseFlags,
    exact: ambiguous ? tokens.map((t) => stripDiacritics(alias.slice(t.start, t.end))).join(' ') : '',
  };
}

/**
 * One entity as the index needs it, its aliases already tokenized and compiled: what a pack stores with
 * its entities (the knowledge base's directory), so that the index over every pack is assembled without
 * tokenizing again. Plain JSON data.
 */
export interface CompiledEntity {
  id: string;
  /** Display name (a line break inside becomes a space). */
  name: string;
  /** Index into ENTITY_KINDS. */
  kind: number;
  prominence: number;
  /** Index into INDEXED_PLACE_TYPES; -1 for entities that are not places. */
  placeType: number;
  /** Latest population; 0 when unknown. */
  population: number;
  region?: string;
  countries: string[];
  /** [key, flags (FLAG_IS_NAME | FLAG_EXACT | case rules), exact form, token count] per distinct alias form. */
  variants: Array<[string, number, string, number]>;
}

/** Tokenizes and compiles the names and aliases of entities (one pack's, at install). */
export function compileEntities(entities: Iterable<MatchableEntity>): CompiledEntity[] {
  const compiled: CompiledEntity[] = [];
  for (const entity of entities) {
    if (entity.id.includes(LIST_SEPARATOR)) throw new Error(`Entity id with a line break: ${JSON.stringify(entity.id)}`);
    const variants: CompiledEntity['variants'] = [];
    const seen = new Map<string, CompiledEntity['variants'][number]>();
    // Compared by key, so listing "Nice" as ambiguous also covers an alias written "NICE".
    const ambiguousKeys = new Set((entity.ambiguous ?? []).map((a) => compileAlias(a, false)?.key));
    for (const alias of new Set([entity.name, ...entity.aliases])) {
      const plain = compileAlias(alias, false);
      if (!plain) continue;
      const alias_ = ambiguousKeys.has(plain.key) ? compileAlias(alias, true)! : plain;
      const flags = alias_.caseFlags | (alias_.exact !== '' ? FLAG_EXACT : 0);
      const isName = alias === entity.name;
      const signature = `${alias_.key}\u0000${flags}\u0000${alias_.exact}`;
      const same = seen.get(signature);
      if (same) {
        if (isName) same[1] |= FLAG_IS_NAME;
        continue;
      }
      const variant: CompiledEntity['variants'][number] = [alias_.key, flags | (isName ? FLAG_IS_NAME : 0), alias_.exact, alias_.tokenCount];
      seen.set(signature, variant);
      variants.push(variant);
    }
    const item: CompiledEntity = {
      id: entity.id,
      name: entity.name.replace(/[\r\n]+/g, ' '),
      kind: Math.max(0, ENTITY_KINDS.indexOf(entity.kind)),
      prominence: entity.prominence ?? 0,
      placeType: entity.kind === 'place' && entity.placeType ? INDEXED_PLACE_TYPES.indexOf(entity.placeType) : -1,
      population: latestPopulation(entity.population),
      countries: [...(entity.kind === 'person' ? (entity.countries ?? []) : entity.country ? [entity.country] : [])],
      variants,
    };
    if (entity.kind === 'place' && entity.region !== undefined) item.region = entity.region;
    compiled.push(item);
  }
  return compiled;
}

/**
 * Compiles the aliases (and names) of the entities into index data. An id seen twice is one
 * entity: the first record's name, kind and prominence are kept and the aliases are merged.
 * Aliases without any word, or longer than MAX_ALIAS_TOKENS words, are left out.
 */
export function buildMatcherIndex(entities: Iterable<MatchableEntity>): MatcherIndexData {
  return assembleMatcherIndex([compileEntities(entities)]);
}

/** The index over compiled entities (several packs', in order): no tokenizing, only merging and hashing. */
export function assembleMatcherIndex(packs: ReadonlyArray<readonly CompiledEntity[]>): MatcherIndexData {
  const entityIds: string[] = [];
  const entityNames: string[] = [];
  const entityKinds: number[] = [];
  const entityProminence: number[] = [];
  const entityPlaceTypes: number[] = [];
  const entityPopulation: number[] = [];
  /** Region and country references by id, resolved to indexes once every entity is known. */
  const regionRefs: Array<string | undefined> = [];
  const countryRefs: Array<readonly string[]> = [];
  const entityIndex = new Map<string, number>();
  const variantsByKey = new Map<string, Variant[]>();
  let maxTokens = 0;

  for (const pack of packs) {
    for (const entity of pack) {
      let e = entityIndex.get(entity.id);
      // compileEntities lists each alias form of an entity once; only an id seen again needs comparing.
      const merging = e !== undefined;
      if (e === undefined) {
        e = entityIds.length;
        entityIndex.set(entity.id, e);
        entityIds.push(entity.id);
        entityNames.push(entity.name);
        entityKinds.push(entity.kind);
        entityProminence.push(entity.prominence);
        entityPlaceTypes.push(entity.placeType);
        entityPopulation.push(entity.population);
        regionRefs.push(entity.region);
        countryRefs.push(entity.countries);
      }
      for (const [key, flagsWithName, exact, tokenCount] of entity.variants) {
        let list = variantsByKey.get(key);
        if (!list) variantsByKey.set(key, (list = []));
        if (merging) {
          const flags = flagsWithName & ~FLAG_IS_NAME;
          const same = list.find((v) => v.entity === e && (v.flags & ~FLAG_IS_NAME) === flags && v.exact === exact);
          if (same) {
            same.flags |= flagsWithName & FLAG_IS_NAME;
            continue;
          }
        }
        list.push({ entity: e, flags: flagsWithName, exact });
        if (tokenCount > maxTokens) maxTokens = tokenCount;
      }
    }
  }

  // Every proper prefix of a key must be present, so the search can tell "keep going" from "stop".
  const allKeys = new Set(variantsByKey.keys());
  for (const key of variantsByKey.keys()) {
    for (let i = key.indexOf(' '); i !== -1; i = key.indexOf(' ', i + 1)) allKeys.add(key.slice(0, i));
  }
  const keys = [...allKeys].sort(compareStrings);

  const firstVariant: number[] = [];
  const variantEntity: number[] = [];
  const variantFlags: number[] = [];
  const exactVariants: number[] = [];
  const exactForms: string[] = [];
  for (const key of keys) {
    firstVariant.push(variantEntity.length);
    // Sorted by entity so that one entity's variants sit together (the search relies on it).
    const variants = (variantsByKey.get(key) ?? []).sort((a, b) => a.entity - b.entity);
    for (const v of variants) {
      if (v.exact !== '') {
        exactVariants.push(variantEntity.length);
        exactForms.push(v.exact);
      }
      variantEntity.push(v.entity);
      variantFlags.push(v.flags);
    }
  }
  firstVariant.push(variantEntity.length);

  const indexOf = (id: string | undefined) => (id === undefined ? -1 : (entityIndex.get(id) ?? -1));
  const entityRegion = regionRefs.map(indexOf);
  const countryStarts: number[] = [];
  const countryList: number[] = [];
  for (const refs of countryRefs) {
    countryStarts.push(countryList.length);
    for (const ref of refs) {
      const c = indexOf(ref);
      if (c >= 0 && !countryList.includes(c, countryStarts[countryStarts.length - 1])) countryList.push(c);
    }
  }
  countryStarts.push(countryList.length);

  const keyStarts: number[] = [];
  let offset = 0;
  for (const key of keys) {
    keyStarts.push(offset);
    offset += key.length + LIST_SEPARATOR.length;
  }
  keyStarts.push(offset);

  return {
    formatVersion: MATCHER_INDEX_FORMAT,
    maxTokens,
    entityIds: entityIds.join(LIST_SEPARATOR),
    entityNames: entityNames.join(LIST_SEPARATOR),
    entityKinds: Int32Array.from(entityKinds),
    entityProminence: Int32Array.from(entityProminence),
    entityPlaceTypes: Int32Array.from(entityPlaceTypes),
    entityPopulation: Float64Array.from(entityPopulation),
    entityRegion: Int32Array.from(entityRegion),
    countryStarts: Int32Array.from(countryStarts),
    countryList: Int32Array.from(countryList),
    keys: keys.join(LIST_SEPARATOR),
    keyStarts: Int32Array.from(keyStarts),
    keySlots: buildKeySlots(keys),
    firstVariant: Int32Array.from(firstVariant),
    variantEntity: Int32Array.from(variantEntity),
    variantFlags: Int32Array.from(variantFlags),
    exactVariants: Int32Array.from(exactVariants),
    exactForms,
  };
}
