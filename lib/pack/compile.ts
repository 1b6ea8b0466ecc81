/**
 * From a pack's readable sources (packs/<id>/: manifest.yaml plus entity files) to the compiled
 * `Pack` that ships. Pure: the caller reads the files; `scripts/pack.ts` is only the command line.
 * The output is deterministic (entities sorted by id, fields in schema order), so rebuilding
 * unchanged sources gives byte-identical JSON.
 */
import { LineCounter, isSeq, parseDocument } from 'yaml';
import { validatePack, type ValidateOptions } from './validate';
import { ENTITY_KINDS, type EntityKind, type Pack, type PlaceType } from './types';

/** Entity files whose name says the kind of every entity in them; other *.yaml files must say it per entity. */
export const KIND_BY_FILE: Readonly<Record<string, EntityKind>> = {
  'people.yaml': 'person',
  'places.yaml': 'place',
  'organizations.yaml': 'organization',
  'events.yaml': 'event',
};

export const MANIFEST_FILE = 'manifest.yaml';

/** A pack directory may hold this module: its entities join those of the YAML files. */
export const GENERATOR_FILE = 'generate.ts';

/**
 * What `generate.ts` exports (as its default export or as `generate`): the generated entities, each
 * stating its `kind`. It runs at every build, so it must be deterministic and must not use the network.
 */
export type PackGenerator = (context: { dir: string }) => unknown[] | Promise<unknown[]>;

/**
 * The kind a file's name implies: `places.yaml`, or `places-<anything>.yaml` (e.g. `places-regions-ua.yaml`)
 * for a pack that splits one kind over several files; undefined for other names.
 */
export function impliedKindOf(fileName: string): EntityKind | undefined {
  if (Object.hasOwn(KIND_BY_FILE, fileName)) return KIND_BY_FILE[fileName];
  const match = /^([a-z]+)-[a-z0-9][a-z0-9-]*\.yaml$/.exec(fileName);
  const base = match ? `${match[1]}.yaml` : undefined;
  return base !== undefined && Object.hasOwn(KIND_BY_FILE, base) ? KIND_BY_FILE[base] : undefined;
}

export interface PackSourceFile {
  /** File name inside the pack directory, e.g. "people.yaml". */
  name: string;
  /** The parsed YAML: a list of entities (null for an empty file). */
  entities: unknown;
  /** 1-based line of each list item, for messages; optional. */
  lines?: readonly number[];
  /**
   * Entities made by the pack's generator (`generate.ts`) rather than written in YAML. A written
   * entity with the same id replaces a generated one: curated data wins.
   */
  generated?: boolean;
}

export interface PackSource {
  /** The parsed manifest.yaml. */
  manifest: unknown;
  files: readonly PackSourceFile[];
}

export type CompileResult = { ok: true; pack: Pack; warnings: string[] } | { ok: false; errors: string[] };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Date fields, at any depth in an entity or the manifest. */
const DATE_KEYS = new Set(['from', 'to', 'born', 'died', 'founded', 'start', 'end', 'knowledgeDate']);

/**
 * YAML reads an unquoted `from: 2020` as the number 2020. A bare year is what authors mean, so date
 * fields holding a whole number of four digits become the text "2020"; anything else is left for the
 * validator to reject.
 */
function yearsAsText(value: unknown, depth = 0): unknown {
  if (depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => yearsAsText(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = value[key];
    const isYear = typeof field === 'number' && Number.isInteger(field) && field >= 1000 && field <= 9999;
    // defineProperty: a "__proto__" key stays an own field (and is then refused by the validator).
    Object.defineProperty(out, key, {
      value: DATE_KEYS.has(key) && isYear ? String(field) : yearsAsText(field, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Assemble and validate a pack from its parsed sources. Entities keep their source position for
 * messages ("people.yaml:12"); the result has entities sorted by id and `entityCount` filled in.
 */
export function compilePack(source: PackSource, options: Pick<ValidateOptions, 'knownIds' | 'maxErrors'> = {}): CompileResult {
  const errors: string[] = [];
  if (!isPlainObject(source.manifest)) {
    return { ok: false, errors: [`${MANIFEST_FILE}: must be a mapping of manifest fields`] };
  }
  if (Object.hasOwn(source.manifest, 'entityCount')) {
    errors.push(`${MANIFEST_FILE}: entityCount: leave it out, the build counts the entities`);
  }

  const entities: unknown[] = [];
  const origins: string[] = [];
  // Ids written by hand: a generated entity with one of them gives way.
  const writtenIds = new Set<string>();
  for (const file of source.files) {
    if (file.generated || !Array.isArray(file.entities)) continue;
    for (const raw of file.entities) if (isPlainObject(raw) && typeof raw.id === 'string') writtenIds.add(raw.id);
  }
  for (const file of [...source.files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const impliedKind = file.generated ? undefined : impliedKindOf(file.name);
    if (file.entities === null || file.entities === undefined) continue;
    if (!Array.isArray(file.entities)) {
      errors.push(`${file.name}: must be a list of entities`);
      continue;
    }
    file.entities.forEach((raw, i) => {
      if (file.generated && isPlainObject(raw) && typeof raw.id === 'string' && writtenIds.has(raw.id)) return;
      const line = file.lines?.[i];
      const origin = line === undefined ? `${file.name} #${i}` : `${file.name}:${line}`;
      if (impliedKind && isPlainObject(raw) && Object.hasOwn(raw, 'kind') && raw.kind !== impliedKind) {
        errors.push(`${origin}: kind: ${file.name} holds ${impliedKind} entities (got ${JSON.stringify(raw.kind)})`);
      }
      const entity = isPlainObject(raw) && impliedKind && !Object.hasOwn(raw, 'kind') ? { kind: impliedKind, ...raw } : raw;
      entities.push(yearsAsText(entity));
      origins.push(origin);
    });
  }

  const candidate = {
    format: 'backstory-pack',
    formatVersion: 1,
    manifest: { ...(yearsAsText(source.manifest) as Record<string, unknown>), entityCount: entities.length },
    entities,
  };
  const result = validatePack(candidate, {
    knownIds: options.knownIds,
    maxErrors: options.maxErrors,
    describeEntity: (index) => origins[index] ?? `#${index}`,
  });
  if (!result.ok) return { ok: false, errors: [...errors, ...result.errors] };
  if (errors.length > 0) return { ok: false, errors };

  const sorted = [...result.pack.entities].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ok: true, pack: { ...result.pack, entities: sorted }, warnings: result.warnings };
}

export type ParseSourceResult = { ok: true; source: PackSource } | { ok: false; errors: string[] };

/**
 * Parse the YAML texts of one pack directory, keyed by file name. `manifest.yaml` is required; every
 * other `*.yaml` is an entity file. Errors carry the file name and line.
 */
export function parsePackSource(texts: Readonly<Record<string, string>>): ParseSourceResult {
  const errors: string[] = [];
  let manifest: unknown;
  const files: PackSourceFile[] = [];
  if (!Object.hasOwn(texts, MANIFEST_FILE)) errors.push(`${MANIFEST_FILE}: missing`);
  for (const name of Object.keys(texts).sort()) {
    if (!name.endsWith('.yaml')) continue;
    const lineCounter = new LineCounter();
    const doc = parseDocument(texts[name] ?? '', { lineCounter, uniqueKeys: true, prettyErrors: true });
    if (doc.errors.length > 0) {
      for (const error of doc.errors.slice(0, 10)) {
        const at = error.linePos?.[0];
        // prettyErrors appends " at line L, column C:" and a code excerpt; keep the sentence only.
        const sentence = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        errors.push(`${name}${at ? `:${at.line}` : ''}: ${sentence}`);
      }
      continue;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (name === MANIFEST_FILE) {
      manifest = value;
      continue;
    }
    const lines = isSeq(doc.contents)
      ? doc.contents.items.map((item) => {
          const offset = (item as { range?: [number, number, number] }).range?.[0];
          return offset === undefined ? 0 : lineCounter.linePos(offset).line;
        })
      : undefined;
    files.push({ name, entities: value, lines });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, source: { manifest, files } };
}

/** The shipped JSON text: one line, fields in schema order, a final newline. */
export function serializePack(pack: Pack): string {
  return `${JSON.stringify(pack)}\n`;
}

/**
 * The list of bundled packs the background installs, in that order: `<out>/index.json`. Give the
 * files in dependency order (`orderPacks`): a pack is installed after the packs it requires.
 */
export function serializeIndex(fileNames: readonly string[]): string {
  return `${JSON.stringify({ packs: [...fileNames] }, null, 2)}\n`;
}

export type PackOrder = { ok: true; order: string[] } | { ok: false; errors: string[] };

/**
 * The packs in dependency order (each after every pack it `requires`), ties broken by id so the order
 * is stable. Errors: a required pack that is not among `packs`, and dependency cycles.
 */
export function orderPacks(packs: ReadonlyArray<{ id: string; requires?: readonly string[] }>): PackOrder {
  const byId = new Map(packs.map((p) => [p.id, p]));
  const errors: string[] = [];
  for (const pack of packs) {
    for (const required of pack.requires ?? []) {
      if (!byId.has(required)) errors.push(`pack "${pack.id}" requires "${required}", which is not among the packs built`);
    }
  }
  const order: string[] = [];
  const placed = new Set<string>();
  const remaining = new Set([...byId.keys()].sort());
  while (remaining.size > 0) {
    const ready = [...remaining].find((id) => (byId.get(id)?.requires ?? []).every((r) => placed.has(r) || !byId.has(r)));
    if (ready === undefined) {
      errors.push(`packs ${[...remaining].map((id) => `"${id}"`).join(', ')} require one another in a cycle`);
      break;
    }
    order.push(ready);
    placed.add(ready);
    remaining.delete(ready);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, order };
}

/**
 * The ids of the packs `id` requires, directly or through the packs it requires (not itself), in
 * dependency order. Unknown ids are skipped (`orderPacks` reports them).
 */
export function requiredClosure(packs: ReadonlyArray<{ id: string; requires?: readonly string[] }>, id: string): string[] {
  const byId = new Map(packs.map((p) => [p.id, p]));
  const seen = new Set<string>();
  const visit = (current: string) => {
    for (const required of byId.get(current)?.requires ?? []) {
      if (seen.has(required) || required === id || !byId.has(required)) continue;
      seen.add(required);
      visit(required);
    }
  };
  visit(id);
  const order = orderPacks(packs.filter((p) => seen.has(p.id)).map((p) => ({ id: p.id, requires: p.requires?.filter((r) => seen.has(r)) })));
  return order.ok ? order.order : [...seen].sort();
}

export interface PackStats {
  id: string;
  version: number;
  entities: number;
  byKind: Record<EntityKind, number>;
  aliases: number;
  /** Names and aliases listed in `ambiguous`. */
  ambiguous: number;
  events: number;
  /** Places by `placeType` (only the types present). */
  placesByType: Partial<Record<PlaceType, number>>;
}

export function packStats(pack: Pack): PackStats {
  const byKind = Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, 0])) as Record<EntityKind, number>;
  const placesByType: Partial<Record<PlaceType, number>> = {};
  let aliases = 0;
  let ambiguous = 0;
  for (const entity of pack.entities) {
    byKind[entity.kind]++;
    aliases += entity.aliases.length;
    ambiguous += entity.ambiguous?.length ?? 0;
    if (entity.kind === 'place') placesByType[entity.placeType] = (placesByType[entity.placeType] ?? 0) + 1;
  }
  return {
    id: pack.manifest.id,
    version: pack.manifest.version,
    entities: pack.entities.length,
    byKind,
    aliases,
    ambiguous,
    events: byKind.event,
    placesByType,
  };
}
