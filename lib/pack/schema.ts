/**
 * The valibot schemas of pack format v1: the structure and the per-field rules (types, lengths,
 * ranges, date and id syntax). Rules that need more than one field or more than one entity (kind
 * prefix of ids, references, from <= to, duplicates) live in `validate.ts`, which is the entry point:
 * run packs through `validatePack`, not through these schemas directly.
 *
 * Messages are written to follow a field path: "coordinates.lat: must be between -90 and 90 (got 95)".
 */
import * as v from 'valibot';
import { isValidPartialDate } from './dates';
import { wikipediaTitleProblem } from './safe-url';
import { ENTITY_KINDS, type EntityKind, type Entity, type Pack, type PackManifest } from './types';
import type { EventEntity, Organization, Person, Place, PlaceType } from './types';

export const LIMITS = {
  name: 200,
  alias: 200,
  aliases: 200,
  description: 1000,
  source: 200,
  label: 100,
  value: 500,
  title: 200,
  id: 120,
  packId: 100,
  wikipedia: 300,
  listOfRefs: 500,
  roles: 100,
  facts: 100,
  populations: 50,
  entities: 200_000,
  requires: 100,
} as const;

/** A short, safe rendering of an offending value for a message: never the whole of a huge string. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return value.length > 60 ? `a string of ${value.length} characters` : escapeInvisible(JSON.stringify(value));
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return 'nothing';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Invisible and bidi characters JSON leaves as they are: escaped in messages, so an echoed value cannot
 * reorder or hide the rest of the message it is quoted in.
 */
const INVISIBLE_IN_MESSAGES = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE_IN_MESSAGES, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** A pack's text quoted in a message: JSON, with invisible and bidi characters escaped. */
export function quoteText(text: string): string {
  return escapeInvisible(JSON.stringify(text));
}

const got = (issue: { input: unknown }) => ` (got ${describeValue(issue.input)})`;

/**
 * C0 and C1 controls, and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
 * they can make text display other than it reads, and reorder the interface text around it.
 * The marks LRM, RLM and ALM are allowed: they only set the direction of neutral characters next to
 * them, the interface isolates every pack string (docs/pack-format.md, "Hostile text"), and the
 * matcher reads them as part of the word they sit in.
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** "U+202E" for the first control character of `s`. */
function firstControl(s: string): string {
  const ch = CONTROL_CHARACTERS.exec(s)?.[0] ?? '';
  return `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Non-empty, trimmed, printable text of at most `max` characters. */
export function text(max: number) {
  return v.pipe(
    v.string((issue) => `must be text${got(issue)}`),
    v.check((s) => s.length <= max, (issue) => `must be at most ${max} characters (got ${(issue.input as string).length})`),
    v.check((s) => s.length > 0, 'must not be empty'),
    v.check((s) => s.trim() === s, (issue) => `must not start or end with spaces${got(issue)}`),
    v.check((s) => !CONTROL_CHARACTERS.test(s), (issue) => `must not contain control characters (${firstControl(issue.input as string)})`),
    v.check((s) => s.isWellFormed(), 'must not contain unpaired surrogates'),
  );
}

export const partialDate = v.pipe(
  v.string((issue) => `must be a date as text, "YYYY", "YYYY-MM" or "YYYY-MM-DD"${got(issue)}`),
  v.check((s: string) => isValidPartialDate(s), (issue) => `must be a real date written "YYYY", "YYYY-MM" or "YYYY-MM-DD"${got(issue)}`),
);

/** "<kind>:<slug>": the slug is lowercase ASCII letters and digits in dash-separated words. */
export const ENTITY_ID = new RegExp(`^(${ENTITY_KINDS.join('|')}):[a-z0-9]+(?:-[a-z0-9]+)*$`);

export const entityId = v.pipe(
  v.string((issue) => `must be an entity id as text${got(issue)}`),
  v.check((s) => s.length <= LIMITS.id, `must be at most ${LIMITS.id} characters`),
  v.check(
    (s) => ENTITY_ID.test(s),
    (issue) =>
      `must be "<kind>:<slug>" with kind one of ${ENTITY_KINDS.join(', ')} and a slug of lowercase letters, digits and single dashes${got(issue)}`,
  ),
);

export const PACK_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

function numberIn(min: number, max: number, { integer = false } = {}) {
  return v.pipe(
    v.number((issue) => `must be a number${got(issue)}`),
    v.check((n: number) => Number.isFinite(n), (issue) => `must be a finite number${got(issue)}`),
    v.check((n) => !integer || Number.isInteger(n), (issue) => `must be a whole number${got(issue)}`),
    v.check((n) => n >= min && n <= max, (issue) => `must be between ${min} and ${max}${got(issue)}`),
  );
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object (not a list, not null) with the given fields; unknown fields are dropped (validate.ts warns). */
function record<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, (issue) => `must be an object${got(issue)}`),
    v.object(entries),
  );
}

/** A list of at most `max` items; the length is checked before any item is looked at. */
function list<const T extends v.GenericSchema>(item: T, max: number) {
  return v.pipe(
    v.custom<unknown[]>(
      (value) => Array.isArray(value) && value.length <= max,
      (issue) =>
        Array.isArray(issue.input) ? `must have at most ${max} items (got ${issue.input.length})` : `must be a list${got(issue)}`,
    ),
    v.array(item),
  );
}

const source = text(LIMITS.source);

const datedEntries = {
  from: v.optional(partialDate),
  to: v.optional(partialDate),
};

export const FactSchema = record({
  label: text(LIMITS.label),
  value: text(LIMITS.value),
  ...datedEntries,
  source,
});

export const RoleSchema = record({
  title: text(LIMITS.title),
  of: v.optional(entityId),
  ...datedEntries,
  source,
});

export const CoordinatesSchema = record({
  lat: numberIn(-90, 90),
  lon: numberIn(-180, 180),
  source,
});

/** Years before 1000 or after 2100 are surely typos; validate.ts also refuses years after the knowledge date. */
export const PopulationSchema = record({
  value: numberIn(1, 10_000_000_000, { integer: true }),
  year: numberIn(1000, 2100, { integer: true }),
  source,
});

export const PLACE_TYPES: readonly PlaceType[] = [
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

function oneOf<const T extends readonly string[]>(options: T) {
  return v.picklist(options, (issue) => `must be one of ${options.map((o) => `"${o}"`).join(', ')}${got(issue)}`);
}

const kindLiteral = <K extends EntityKind>(kind: K) =>
  v.literal(kind, (issue) => `must be "${kind}"${got(issue)}`);

/** Fields every entity has, split around the kind-specific ones so compiled packs read in a natural order. */
const leadingEntries = {
  name: text(LIMITS.name),
  aliases: list(text(LIMITS.alias), LIMITS.aliases),
  ambiguous: v.optional(list(text(LIMITS.alias), LIMITS.aliases)),
  description: text(LIMITS.description),
};

const trailingEntries = {
  wikidata: v.optional(
    v.pipe(
      v.string((issue) => `must be a Wikidata id as text${got(issue)}`),
      v.check((s) => /^Q[1-9][0-9]{0,11}$/.test(s), (issue) => `must be a Wikidata item id like "Q159"${got(issue)}`),
    ),
  ),
  wikipedia: v.optional(
    v.pipe(
      text(LIMITS.wikipedia),
      v.check((s) => wikipediaTitleProblem(s) === undefined, (issue) => `${wikipediaTitleProblem(issue.input as string)}${got(issue)}`),
    ),
  ),
  prominence: v.optional(numberIn(0, 100, { integer: true })),
  facts: v.optional(list(FactSchema, LIMITS.facts)),
  source,
};

export const PersonSchema = record({
  id: entityId,
  kind: kindLiteral('person'),
  ...leadingEntries,
  born: v.optional(partialDate),
  died: v.optional(partialDate),
  countries: v.optional(list(entityId, LIMITS.listOfRefs)),
  roles: list(RoleSchema, LIMITS.roles),
  ...trailingEntries,
});

export const PlaceSchema = record({
  id: entityId,
  kind: kindLiteral('place'),
  ...leadingEntries,
  placeType: oneOf(PLACE_TYPES),
  country: v.optional(entityId),
  region: v.optional(entityId),
  coordinates: v.optional(CoordinatesSchema),
  population: v.optional(list(PopulationSchema, LIMITS.populations)),
  ...trailingEntries,
});

export const OrganizationSchema = record({
  id: entityId,
  kind: kindLiteral('organization'),
  ...leadingEntries,
  orgType: v.optional(text(LIMITS.label)),
  country: v.optional(entityId),
  founded: v.optional(partialDate),
  ...trailingEntries,
});

export const EventSchema = record({
  id: entityId,
  kind: kindLiteral('event'),
  ...leadingEntries,
  start: partialDate,
  end: v.optional(partialDate),
  places: list(entityId, LIMITS.listOfRefs),
  participants: list(entityId, LIMITS.listOfRefs),
  ...trailingEntries,
});

/** One schema per kind: validate.ts picks it from the entity's `kind`, which gives precise messages. */
export const ENTITY_SCHEMAS = {
  person: PersonSchema,
  place: PlaceSchema,
  organization: OrganizationSchema,
  event: EventSchema,
} as const;

export const EntityKindSchema = oneOf(ENTITY_KINDS);

const packId = v.pipe(
  text(LIMITS.packId),
  v.check((s) => PACK_ID.test(s), (issue) => `must be lowercase letters and digits separated by dots or dashes${got(issue)}`),
);

export const ManifestSchema = record({
  id: packId,
  title: text(LIMITS.title),
  version: numberIn(1, 1_000_000_000, { integer: true }),
  knowledgeDate: partialDate,
  licence: text(LIMITS.title),
  attribution: text(LIMITS.value),
  entityCount: numberIn(0, LIMITS.entities, { integer: true }),
  description: v.optional(text(LIMITS.description)),
  requires: v.optional(list(packId, LIMITS.requires)),
});

/** The entity list before its items are looked at: a list, not over the size limit. */
export const EntityListSchema = v.custom<unknown[]>(
  (value) => Array.isArray(value) && value.length <= LIMITS.entities,
  (issue) =>
    Array.isArray(issue.input)
      ? `must have at most ${LIMITS.entities} items (got ${issue.input.length})`
      : `must be a list${got(issue)}`,
);

/** The envelope; `entities` is only checked to be a list here, each entity is parsed on its own. */
export const PackEnvelopeSchema = record({
  format: v.literal('backstory-pack', (issue) => `must be "backstory-pack"${got(issue)}`),
  formatVersion: v.literal(1, (issue) => `must be 1, the only format version this build reads${got(issue)}`),
  manifest: ManifestSchema,
  entities: EntityListSchema,
});

/** The field names each object accepts, for the unknown-field warnings. */
function keysOf(schema: { pipe: readonly unknown[] }): ReadonlySet<string> {
  const objectSchema = schema.pipe[1] as { entries: Record<string, unknown> };
  return new Set(Object.keys(objectSchema.entries));
}

export const KNOWN_FIELDS = {
  pack: keysOf(PackEnvelopeSchema),
  manifest: keysOf(ManifestSchema),
  fact: keysOf(FactSchema),
  role: keysOf(RoleSchema),
  coordinates: keysOf(CoordinatesSchema),
  population: keysOf(PopulationSchema),
  person: keysOf(PersonSchema),
  place: keysOf(PlaceSchema),
  organization: keysOf(OrganizationSchema),
  event: keysOf(EventSchema),
} as const;

// Compile-time guard: the schemas' output must be the types of `types.ts`, and the reverse.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type _SchemaMatchesTypes = [
  Assert<Same<v.InferOutput<typeof PersonSchema>, Person>>,
  Assert<Same<v.InferOutput<typeof PlaceSchema>, Place>>,
  Assert<Same<v.InferOutput<typeof OrganizationSchema>, Organization>>,
  Assert<Same<v.InferOutput<typeof EventSchema>, EventEntity>>,
  Assert<Same<v.InferOutput<typeof ManifestSchema>, PackManifest>>,
  Assert<Same<Omit<v.InferOutput<typeof PackEnvelopeSchema>, 'entities'> & { entities: Entity[] }, Pack>>,
];
