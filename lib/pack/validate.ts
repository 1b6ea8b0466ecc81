/**
 * The one gate every pack goes through (build, CLI, install): the valibot schemas of `schema.ts`
 * for the structure, then the rules that span fields and entities (id prefixes, duplicates,
 * references, date order, aliases). Never throws: any input gives a result, with every message
 * naming the entity and the field path it is about.
 */
import * as v from 'valibot';
import { mayBeOnOrBefore } from './dates';
import {
  ENTITY_ID,
  ENTITY_SCHEMAS,
  EntityKindSchema,
  EntityListSchema,
  KNOWN_FIELDS,
  ManifestSchema,
  PackEnvelopeSchema,
  describeValue,
  quoteText,
} from './schema';
import { ENTITY_KINDS, type Entity, type EntityKind, type Pack, type PackManifest, type PartialDate } from './types';

export interface ValidateOptions {
  /** Ids of entities outside this pack (other installed packs) that references may point to. */
  knownIds?: ReadonlySet<string>;
  /** How to name entity #i in messages, e.g. "people.yaml #3"; default "#3" (0-based position). */
  describeEntity?: (index: number) => string;
  /** Errors listed one by one before "... and N more"; default 50. */
  maxErrors?: number;
}

export type ValidationResult = { ok: true; pack: Pack; warnings: string[] } | { ok: false; errors: string[] };

const DEFAULT_MAX_ERRORS = 50;
const MAX_WARNINGS = 100;
/** Keys that can reach Object.prototype when data is merged or copied carelessly downstream. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type PathKey = string | number;
type Path = readonly PathKey[];

/** Which kinds of entity each reference may point to. */
const REFERENCE_KINDS = {
  roleOf: ['organization', 'place'],
  country: ['place'],
  region: ['place'],
  eventPlace: ['place'],
  participant: ['person', 'organization', 'place'],
} as const satisfies Record<string, readonly EntityKind[]>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function formatPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (IDENTIFIER.test(key) && key.length <= 60) out += out ? `.${key}` : key;
    else out += `[${quoteText(key.slice(0, 60))}]`;
  }
  return out;
}

/** Collects messages; each knows the entity it belongs to so the report reads entity by entity. */
class Report {
  private readonly errorList: Array<{ order: number; text: string }> = [];
  readonly warnings: string[] = [];
  private droppedWarnings = 0;

  constructor(
    private readonly rawEntities: readonly unknown[],
    private readonly describeEntity: (index: number) => string,
  ) {}

  get hasErrors(): boolean {
    return this.errorList.length > 0;
  }

  error(path: Path, message: string): void {
    this.errorList.push(this.located(path, message));
  }

  warn(path: Path, message: string): void {
    if (this.warnings.length >= MAX_WARNINGS) this.droppedWarnings++;
    else this.warnings.push(this.located(path, message).text);
  }

  errors(max: number): string[] {
    const sorted = [...this.errorList].sort((a, b) => a.order - b.order).map((e) => e.text);
    if (sorted.length <= max) return sorted;
    const more = sorted.length - max;
    return [...sorted.slice(0, max), `... and ${more} more error${more === 1 ? '' : 's'}`];
  }

  finalWarnings(): string[] {
    if (this.droppedWarnings === 0) return this.warnings;
    return [...this.warnings, `... and ${this.droppedWarnings} more warnings`];
  }

  /** `entity "place:belgorod" (#3): coordinates.lat: message`, or `manifest.version: message`. */
  private located(path: Path, message: string): { order: number; text: string } {
    if (path[0] === 'entities' && typeof path[1] === 'number') {
      const index = path[1];
      const rest = formatPath(path.slice(2));
      return { order: index, text: `${this.entityLabel(index)}: ${rest ? `${rest}: ` : ''}${message}` };
    }
    const where = formatPath(path);
    return { order: -1, text: `${where || 'pack'}: ${message}` };
  }

  private entityLabel(index: number): string {
    const raw = this.rawEntities[index];
    const id = isPlainObject(raw) && Object.hasOwn(raw, 'id') ? raw.id : undefined;
    const position = this.describeEntity(index);
    return typeof id === 'string' && id.length > 0 && id.length <= 120
      ? `entity ${quoteText(id)} (${position})`
      : `entity ${position}`;
  }
}

function reportIssues(report: Report, base: Path, issues: readonly v.BaseIssue<unknown>[]): void {
  for (const issue of issues) {
    const keys = (issue.path ?? []).map((item) => item.key as PathKey);
    const last = issue.path?.[issue.path.length - 1];
    // valibot reports a missing required field as an issue of the object, at the field's key.
    const message = last?.origin === 'key' ? 'is required' : issue.message;
    report.error([...base, ...keys], message);
  }
}

/** Forbidden keys are errors; other unknown fields are warnings (they are dropped from the result). */
function checkFields(report: Report, value: unknown, allowed: ReadonlySet<string>, path: Path): void {
  if (!isPlainObject(value)) return;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) report.error([...path, key], 'forbidden field name');
    else if (!allowed.has(key)) report.warn(path, `unknown field ${quoteText(key.slice(0, 60))} (ignored)`);
  }
}

function checkNestedFields(report: Report, raw: Record<string, unknown>, kind: EntityKind, path: Path): void {
  checkFields(report, raw, KNOWN_FIELDS[kind], path);
  const eachIn = (key: string, allowed: ReadonlySet<string>) => {
    const list = raw[key];
    if (Array.isArray(list)) list.forEach((item, i) => checkFields(report, item, allowed, [...path, key, i]));
  };
  eachIn('facts', KNOWN_FIELDS.fact);
  if (kind === 'person') eachIn('roles', KNOWN_FIELDS.role);
  if (kind === 'place') {
    checkFields(report, raw.coordinates, KNOWN_FIELDS.coordinates, [...path, 'coordinates']);
    eachIn('population', KNOWN_FIELDS.population);
  }
}

const PARSE_CONFIG = { abortPipeEarly: true } as const;

interface ParsedEntity {
  index: number;
  entity: Entity;
}

/** Parse entity #index with the schema of its kind. */
function parseEntity(report: Report, raw: unknown, index: number): Entity | undefined {
  const path: Path = ['entities', index];
  if (!isPlainObject(raw)) {
    report.error(path, `must be an object (got ${describeValue(raw)})`);
    return undefined;
  }
  if (!Object.hasOwn(raw, 'kind')) {
    report.error([...path, 'kind'], `is required (one of ${ENTITY_KINDS.join(', ')})`);
    return undefined;
  }
  const kindResult = v.safeParse(EntityKindSchema, raw.kind);
  if (!kindResult.success) {
    reportIssues(report, [...path, 'kind'], kindResult.issues);
    return undefined;
  }
  const kind = kindResult.output;
  checkNestedFields(report, raw, kind, path);
  const result = v.safeParse(ENTITY_SCHEMAS[kind], raw, PARSE_CONFIG);
  if (!result.success) {
    reportIssues(report, path, result.issues);
    return undefined;
  }
  return result.output as Entity;
}

function kindOfId(id: string): EntityKind | undefined {
  const prefix = id.slice(0, id.indexOf(':'));
  return (ENTITY_KINDS as readonly string[]).includes(prefix) ? (prefix as EntityKind) : undefined;
}

const article = (kind: string) => (kind === 'organization' || kind === 'event' ? 'an' : 'a');

/** Rules across the entities: ids, references, dates, aliases. Runs on whatever parsed. */
class CrossChecks {
  /** Every well-formed id present in the raw pack, even on entities that failed the schema, so one bad entity does not make every reference to it "dangling" too. */
  private readonly idsInPack = new Set<string>();
  private readonly places = new Map<string, string>();

  constructor(
    private readonly report: Report,
    private readonly rawEntities: readonly unknown[],
    private readonly parsed: readonly ParsedEntity[],
    private readonly knownIds: ReadonlySet<string> | undefined,
    private readonly knowledgeDate: PartialDate | undefined,
  ) {}

  run(): void {
    this.checkIds();
    for (const { entity } of this.parsed) if (entity.kind === 'place') this.places.set(entity.id, entity.placeType);
    for (const { index, entity } of this.parsed) {
      const path: Path = ['entities', index];
      this.checkReferences(entity, path);
      this.checkDates(entity, path);
      this.checkAliases(entity, path);
    }
    this.checkSharedAliases();
  }

  private checkIds(): void {
    const firstIndex = new Map<string, number>();
    this.rawEntities.forEach((raw, index) => {
      if (!isPlainObject(raw) || typeof raw.id !== 'string' || !ENTITY_ID.test(raw.id)) return;
      const id = raw.id;
      this.idsInPack.add(id);
      const previous = firstIndex.get(id);
      if (previous === undefined) firstIndex.set(id, index);
      else this.report.error(['entities', index, 'id'], `duplicate: entity #${previous} has the same id`);
      const kind = raw.kind;
      if (typeof kind === 'string' && (ENTITY_KINDS as readonly string[]).includes(kind) && !id.startsWith(`${kind}:`)) {
        this.report.error(
          ['entities', index, 'id'],
          `must start with "${kind}:" for ${article(kind)} ${kind} (got ${JSON.stringify(id)})`,
        );
      }
    });
  }

  private checkReference(entity: Entity, path: Path, target: string, allowed: readonly EntityKind[]): void {
    const kind = kindOfId(target);
    if (target === entity.id) {
      this.report.error(path, 'must not refer to the entity itself');
    } else if (!kind || !allowed.includes(kind)) {
      const kinds = allowed.map((k) => `${article(k)} ${k}`).join(' or ');
      this.report.error(path, `must refer to ${kinds} (got ${JSON.stringify(target)})`);
    } else if (!this.idsInPack.has(target) && !this.knownIds?.has(target)) {
      const where = this.knownIds ? 'in this pack or the installed packs' : 'in this pack';
      this.report.error(path, `refers to ${JSON.stringify(target)}, which is not ${where}`);
    }
  }

  private checkReferenceList(entity: Entity, path: Path, targets: readonly string[], allowed: readonly EntityKind[]): void {
    const seen = new Map<string, number>();
    targets.forEach((target, i) => {
      const previous = seen.get(target);
      if (previous !== undefined) this.report.error([...path, i], `duplicate of [${previous}] (${JSON.stringify(target)})`);
      else seen.set(target, i);
      this.checkReference(entity, [...path, i], target, allowed);
    });
  }

  /** A `country` that is a place of this pack but not typed as a country is most likely a slip. */
  private checkIsCountry(path: Path, target: string): void {
    const placeType = this.places.get(target);
    if (placeType !== undefined && placeType !== 'country') {
      this.report.warn(path, `${JSON.stringify(target)} is a ${placeType}, not a country`);
    }
  }

  private checkReferences(entity: Entity, path: Path): void {
    switch (entity.kind) {
      case 'person':
        entity.roles.forEach((role, i) => {
          if (role.of !== undefined) this.checkReference(entity, [...path, 'roles', i, 'of'], role.of, REFERENCE_KINDS.roleOf);
        });
        if (entity.countries) {
          this.checkReferenceList(entity, [...path, 'countries'], entity.countries, REFERENCE_KINDS.country);
          entity.countries.forEach((c, i) => this.checkIsCountry([...path, 'countries', i], c));
        }
        break;
      case 'place':
        if (entity.country !== undefined) {
          this.checkReference(entity, [...path, 'country'], entity.country, REFERENCE_KINDS.country);
          this.checkIsCountry([...path, 'country'], entity.country);
        }
        if (entity.region !== undefined) this.checkReference(entity, [...path, 'region'], entity.region, REFERENCE_KINDS.region);
        break;
      case 'organization':
        if (entity.country !== undefined) {
          this.checkReference(entity, [...path, 'country'], entity.country, REFERENCE_KINDS.country);
          this.checkIsCountry([...path, 'country'], entity.country);
        }
        break;
      case 'event':
        this.checkReferenceList(entity, [...path, 'places'], entity.places, REFERENCE_KINDS.eventPlace);
        this.checkReferenceList(entity, [...path, 'participants'], entity.participants, REFERENCE_KINDS.participant);
        break;
    }
  }

  /** `later` may not be before `earlier` (partial dates: only when certainly before). */
  private checkOrder(path: Path, earlierName: string, earlier: PartialDate | undefined, laterName: string, later: PartialDate | undefined): void {
    if (earlier === undefined || later === undefined) return;
    if (!mayBeOnOrBefore(earlier, later)) {
      this.report.error([...path, laterName], `must not be before ${earlierName} (${earlier}) (got ${JSON.stringify(later)})`);
    }
  }

  /** A date past the knowledge date is possible (a scheduled event) but usually a typo. */
  private checkNotFuture(path: Path, date: PartialDate | undefined): void {
    if (date === undefined || this.knowledgeDate === undefined) return;
    if (!mayBeOnOrBefore(date, this.knowledgeDate)) {
      this.report.warn(path, `${JSON.stringify(date)} is after the pack's knowledge date (${this.knowledgeDate})`);
    }
  }

  private checkDated(path: Path, item: { from?: PartialDate; to?: PartialDate }): void {
    this.checkOrder(path, 'from', item.from, 'to', item.to);
    this.checkNotFuture([...path, 'from'], item.from);
    this.checkNotFuture([...path, 'to'], item.to);
  }

  private checkDates(entity: Entity, path: Path): void {
    entity.facts?.forEach((fact, i) => this.checkDated([...path, 'facts', i], fact));
    switch (entity.kind) {
      case 'person':
        entity.roles.forEach((role, i) => this.checkDated([...path, 'roles', i], role));
        this.checkOrder(path, 'born', entity.born, 'died', entity.died);
        this.checkNotFuture([...path, 'born'], entity.born);
        this.checkNotFuture([...path, 'died'], entity.died);
        break;
      case 'place':
        this.checkPopulation(entity.population, [...path, 'population']);
        break;
      case 'organization':
        this.checkNotFuture([...path, 'founded'], entity.founded);
        break;
      case 'event':
        this.checkOrder(path, 'start', entity.start, 'end', entity.end);
        this.checkNotFuture([...path, 'start'], entity.start);
        this.checkNotFuture([...path, 'end'], entity.end);
        break;
    }
  }

  private checkPopulation(population: ReadonlyArray<{ year: number }> | undefined, path: Path): void {
    if (!population) return;
    const knowledgeYear = this.knowledgeDate ? Number(this.knowledgeDate.slice(0, 4)) : undefined;
    population.forEach((entry, i) => {
      if (knowledgeYear !== undefined && entry.year > knowledgeYear) {
        this.report.error([...path, i, 'year'], `must not be after the pack's knowledge date (${this.knowledgeDate}) (got ${entry.year})`);
      }
      const previous = population[i - 1];
      if (previous && entry.year <= previous.year) {
        this.report.error([...path, i, 'year'], `must be later than the year before it, oldest first (got ${entry.year} after ${previous.year})`);
      }
    });
  }

  private checkAliases(entity: Entity, path: Path): void {
    const seen = new Map<string, number>();
    entity.aliases.forEach((alias, i) => {
      const previous = seen.get(alias);
      if (alias === entity.name) this.report.error([...path, 'aliases', i], `repeats the name (${quoteText(alias)})`);
      else if (previous !== undefined) this.report.error([...path, 'aliases', i], `duplicate of aliases[${previous}] (${quoteText(alias)})`);
      else seen.set(alias, i);
    });
    const seenAmbiguous = new Set<string>();
    entity.ambiguous?.forEach((form, i) => {
      if (seenAmbiguous.has(form)) this.report.error([...path, 'ambiguous', i], `duplicate (${quoteText(form)})`);
      else if (form !== entity.name && !seen.has(form)) {
        this.report.error([...path, 'ambiguous', i], `must be the name or one of the aliases (got ${quoteText(form)})`);
      }
      seenAmbiguous.add(form);
    });
  }

  /** Two entities answering to the same words need an `ambiguous` mark so the matcher asks for context. */
  private checkSharedAliases(): void {
    for (const shared of findSharedAliases(this.parsed.map((p) => p.entity))) {
      const [first, ...others] = shared.owners;
      if (!first) continue;
      const names = others.map((o) => JSON.stringify(o.id)).join(', ');
      this.report.warn(
        ['entities', this.parsed[first.position]?.index ?? first.position],
        `${quoteText(first.form)} is also a name or alias of ${names}; list it in \`ambiguous\``,
      );
    }
  }
}

/** A name or alias that several entities answer to and none of them lists in `ambiguous`. */
export interface SharedAlias {
  /** The form as compared (folded: no case, no diacritics, single spaces). */
  key: string;
  /** The entities, in the order given, with the form as each writes it and its position in the list. */
  owners: Array<{ id: string; form: string; position: number }>;
}

/**
 * Every form (name or alias, compared without case or diacritics) that two or more of `entities`
 * share without any of them marking it `ambiguous`: the "share a name or alias" warnings of
 * `validatePack`, complete (not capped) and structured, for quality gates and the gazetteer build.
 */
export function findSharedAliases(entities: ReadonlyArray<Pick<Entity, 'id' | 'name' | 'aliases' | 'ambiguous'>>): SharedAlias[] {
  const owners = new Map<string, Array<{ id: string; form: string; position: number; marked: boolean }>>();
  entities.forEach((entity, position) => {
    for (const form of [entity.name, ...entity.aliases]) {
      const key = foldForComparison(form);
      let list = owners.get(key);
      if (!list) owners.set(key, (list = []));
      if (!list.some((o) => o.position === position)) {
        list.push({ id: entity.id, form, position, marked: entity.ambiguous?.includes(form) ?? false });
      }
    }
  });
  const shared: SharedAlias[] = [];
  for (const [key, list] of owners) {
    if (list.length < 2 || list.some((o) => o.marked)) continue;
    shared.push({ key, owners: list.map(({ id, form, position }) => ({ id, form, position })) });
  }
  return shared;
}

/** The shared-alias warnings of a pack as text, all of them: a quality gate can demand none. */
export function sharedAliasWarnings(pack: Pick<Pack, 'entities'>): string[] {
  return findSharedAliases(pack.entities).map(({ owners: [first, ...others] }) => {
    const names = others.map((o) => JSON.stringify(o.id)).join(', ');
    return `entity ${JSON.stringify(first?.id)}: ${quoteText(first?.form ?? '')} is also a name or alias of ${names}; list it in \`ambiguous\``;
  });
}

/** Case, diacritics and spacing do not make two forms different for a reader. */
export function foldForComparison(form: string): string {
  // Bidi marks are invisible: "Putin" and "Putin<RLM>" are one form to a reader, as to the matcher.
  return form.normalize('NFD').replace(/\p{M}|[\u200E\u200F\u061C]/gu, '').toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Validate a pack (parsed JSON, or anything else). On success `pack` is a clean copy: only known
 * fields, in schema order. `warnings` list what is accepted but probably wrong.
 */
export function validatePack(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  try {
    return validateUnsafe(input, options, maxErrors);
  } catch (error) {
    // Exotic inputs (throwing getters, proxies) end here rather than in the caller.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [`pack: could not be read (${reason.slice(0, 200)})`] };
  }
}

function validateUnsafe(input: unknown, options: ValidateOptions, maxErrors: number): ValidationResult {
  if (!isPlainObject(input)) {
    return { ok: false, errors: [`pack: must be an object (got ${describeValue(input)})`] };
  }
  const rawEntities = Array.isArray(input.entities) ? (input.entities as unknown[]) : [];
  const report = new Report(rawEntities, options.describeEntity ?? ((index) => `#${index}`));

  checkFields(report, input, KNOWN_FIELDS.pack, []);
  checkFields(report, input.manifest, KNOWN_FIELDS.manifest, ['manifest']);
  const envelope = v.safeParse(PackEnvelopeSchema, input, PARSE_CONFIG);
  if (!envelope.success) reportIssues(report, [], envelope.issues);
  const manifestResult = v.safeParse(ManifestSchema, input.manifest, PARSE_CONFIG);
  const manifest: PackManifest | undefined = manifestResult.success ? manifestResult.output : undefined;
  manifest?.requires?.forEach((required, i) => {
    if (required === manifest.id) report.error(['manifest', 'requires', i], 'a pack cannot require itself');
    else if (manifest.requires?.indexOf(required) !== i) report.error(['manifest', 'requires', i], `duplicate (${JSON.stringify(required)})`);
  });

  // Entities are parsed one by one only when the list itself is sane (a list, not over the size limit).
  const parsed: ParsedEntity[] = [];
  if (v.safeParse(EntityListSchema, input.entities).success) {
    rawEntities.forEach((raw, index) => {
      const entity = parseEntity(report, raw, index);
      if (entity) parsed.push({ index, entity });
    });
    const declared = isPlainObject(input.manifest) ? input.manifest.entityCount : undefined;
    if (typeof declared === 'number' && declared !== rawEntities.length) {
      report.error(['manifest', 'entityCount'], `must equal the number of entities, ${rawEntities.length} (got ${declared})`);
    }
    new CrossChecks(report, rawEntities, parsed, options.knownIds, manifest?.knowledgeDate).run();
  }

  if (report.hasErrors || !envelope.success) return { ok: false, errors: report.errors(maxErrors) };
  const pack: Pack = {
    format: envelope.output.format,
    formatVersion: envelope.output.formatVersion,
    manifest: envelope.output.manifest,
    entities: parsed.map((p) => p.entity),
  };
  return { ok: true, pack, warnings: report.finalWarnings() };
}
