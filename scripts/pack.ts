/**
 * The pack command line. The logic is in lib/pack/compile.ts and lib/pack/validate.ts; this file
 * only reads and writes files and prints.
 *
 *   npm run pack -- build [--out public/packs] [--packs packs]
 *   npm run pack -- validate <file.json | packs/<id>>
 *   npm run pack -- stats [--packs packs]
 *
 * A pack directory may hold a `generate.ts` whose entities join those of its YAML files (see
 * docs/pack-format.md, "Generated packs"). Packs are compiled in the order of their `requires`.
 *
 * Exit codes: 0 ok, 1 a pack is invalid, 2 usage or I/O error.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  GENERATOR_FILE,
  compilePack,
  orderPacks,
  packStats,
  parsePackSource,
  requiredClosure,
  serializeIndex,
  serializePack,
  type CompileResult,
  type PackGenerator,
  type PackSourceFile,
  type ParseSourceResult,
} from '../lib/pack/compile';
import { validatePack } from '../lib/pack/validate';
import { ENTITY_KINDS, type Pack } from '../lib/pack/types';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_PACKS = join(ROOT, 'packs');
const DEFAULT_OUT = join(ROOT, 'public', 'packs');

const USAGE = `usage:
  npm run pack -- build [--out <dir>] [--packs <dir>]   compile every packs/*/ into <dir>/<id>.json and <dir>/index.json
  npm run pack -- validate <file.json | pack directory>   check one pack
  npm run pack -- stats [--packs <dir>]                   entity, alias, event and place counts`;

/** A failure that ends the command with its exit code and message. */
class Exit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function parseArgs(args: string[]): { positional: string[]; options: Map<string, string> } {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Exit(2, `${arg} needs a value\n${USAGE}`);
      options.set(arg.slice(2), value);
      i++;
    } else positional.push(arg);
  }
  return { positional, options };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Exit(2, `cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The YAML texts of one pack directory, keyed by file name. */
function readPackDirectory(dir: string): Record<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
  } catch (error) {
    throw new Exit(2, `cannot read ${dir}: ${(error as Error).message}`);
  }
  return Object.fromEntries(names.map((name) => [name, readText(join(dir, name))]));
}

const sourceCache = new Map<string, Promise<ParseSourceResult>>();

/**
 * The parsed sources of one pack directory: its YAML files, plus the entities of its generator when
 * it has a `generate.ts` (run once per process, whoever asks first).
 */
function loadPackSource(dir: string): Promise<ParseSourceResult> {
  let loading = sourceCache.get(dir);
  if (!loading) {
    loading = (async (): Promise<ParseSourceResult> => {
      const parsed = parsePackSource(readPackDirectory(dir));
      if (!parsed.ok || !existsSync(join(dir, GENERATOR_FILE))) return parsed;
      const generated = await runGenerator(dir);
      if (!generated.ok) return generated;
      return { ok: true, source: { ...parsed.source, files: [...parsed.source.files, generated.file] } };
    })();
    sourceCache.set(dir, loading);
  }
  return loading;
}

async function runGenerator(dir: string): Promise<{ ok: true; file: PackSourceFile } | { ok: false; errors: string[] }> {
  const path = join(dir, GENERATOR_FILE);
  try {
    const module = (await import(pathToFileURL(path).href)) as { default?: unknown; generate?: unknown };
    const generate = (module.default ?? module.generate) as PackGenerator | undefined;
    if (typeof generate !== 'function') {
      return { ok: false, errors: [`${GENERATOR_FILE}: must export a function (default export or "generate")`] };
    }
    const entities = await generate({ dir });
    if (!Array.isArray(entities)) return { ok: false, errors: [`${GENERATOR_FILE}: must return a list of entities`] };
    return { ok: true, file: { name: GENERATOR_FILE, entities, generated: true } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [`${GENERATOR_FILE}: failed: ${message}`] };
  }
}

async function compileDirectory(dir: string, knownIds?: ReadonlySet<string>): Promise<CompileResult> {
  const parsed = await loadPackSource(dir);
  if (!parsed.ok) return parsed;
  return compilePack(parsed.source, { knownIds });
}

/** Pack source directories: the subdirectories of `packsDir` that hold a manifest.yaml. */
function sourceDirectories(packsDir: string): string[] {
  if (!existsSync(packsDir)) throw new Exit(2, `no pack sources: ${packsDir} does not exist`);
  return readdirSync(packsDir)
    .sort()
    .map((name) => join(packsDir, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(join(dir, 'manifest.yaml')));
}

interface DeclaredPack {
  dir: string;
  packId: unknown;
  requires: string[];
  ids: Set<string>;
}

/** The id, requirements and entity ids each source pack declares, read leniently (before validation). */
async function declaredPacks(dirs: readonly string[]): Promise<DeclaredPack[]> {
  const declared: DeclaredPack[] = [];
  for (const dir of dirs) {
    const parsed = await loadPackSource(dir);
    const ids = new Set<string>();
    if (!parsed.ok) {
      declared.push({ dir, packId: undefined, requires: [], ids });
      continue;
    }
    for (const file of parsed.source.files) {
      if (!Array.isArray(file.entities)) continue;
      for (const entity of file.entities) {
        const id = (entity as { id?: unknown } | null)?.id;
        if (typeof id === 'string') ids.add(id);
      }
    }
    const manifest = parsed.source.manifest as { id?: unknown; requires?: unknown } | null;
    const requires = Array.isArray(manifest?.requires) ? manifest.requires.filter((r): r is string => typeof r === 'string') : [];
    declared.push({ dir, packId: manifest?.id, requires, ids });
  }
  return declared;
}

/** Ids of every declared pack but the one with `packId` (a pack does not count as its own dependency). */
function idsOfOtherPacks(declared: readonly DeclaredPack[], packId: unknown): Set<string> {
  const ids = new Set<string>();
  for (const pack of declared) if (pack.packId !== packId) for (const id of pack.ids) ids.add(id);
  return ids;
}

function printWarnings(label: string, warnings: readonly string[]): void {
  for (const warning of warnings) console.warn(`warning: ${label}: ${warning}`);
}

function printErrors(label: string, errors: readonly string[]): void {
  console.error(`${label}: invalid pack`);
  for (const error of errors) console.error(`  ${error}`);
}

/**
 * Compile every source pack in dependency order, each validated with the ids of the packs it requires
 * (directly or transitively) as known ids; or exit 1 listing the errors of every bad one.
 */
async function compileAll(packsDir: string): Promise<Array<{ dir: string; pack: Pack }>> {
  const dirs = sourceDirectories(packsDir);
  if (dirs.length === 0) throw new Exit(2, `no pack sources in ${packsDir} (expected <dir>/manifest.yaml)`);
  const declared = await declaredPacks(dirs);
  let failed = false;

  const byId = new Map<string, DeclaredPack>();
  for (const pack of declared) {
    if (typeof pack.packId !== 'string') continue;
    const previous = byId.get(pack.packId);
    if (previous) {
      console.error(`${pack.dir}: pack id "${pack.packId}" is already used by ${previous.dir}`);
      failed = true;
    } else byId.set(pack.packId, pack);
  }
  const graph = [...byId.values()].map((p) => ({ id: p.packId as string, requires: p.requires }));
  const ordered = orderPacks(graph);
  if (!ordered.ok) {
    for (const error of ordered.errors) console.error(error);
    throw new Exit(1, 'build failed');
  }
  // Packs whose manifest could not be read have no id: compile them last, to list their errors.
  const order = [...ordered.order.map((id) => byId.get(id) as DeclaredPack), ...declared.filter((p) => typeof p.packId !== 'string')];

  const compiled = new Map<string, Pack>();
  const packs: Array<{ dir: string; pack: Pack }> = [];
  for (const { dir, packId } of order) {
    const required = typeof packId === 'string' ? requiredClosure(graph, packId) : [];
    const missing = required.filter((id) => !compiled.has(id));
    if (missing.length > 0) {
      printErrors(dir, [`requires ${missing.map((id) => `"${id}"`).join(', ')}, which did not build`]);
      failed = true;
      continue;
    }
    const knownIds = new Set<string>();
    for (const id of required) for (const entity of compiled.get(id)?.entities ?? []) knownIds.add(entity.id);
    const result = await compileDirectory(dir, knownIds);
    if (!result.ok) {
      printErrors(dir, result.errors);
      failed = true;
      continue;
    }
    printWarnings(dir, result.warnings);
    // The installer refuses an id that another installed pack defines: catch it here, not in the browser.
    const clashes = idsDefinedElsewhere(result.pack, compiled);
    if (clashes.length > 0) {
      printErrors(dir, clashes);
      failed = true;
      continue;
    }
    compiled.set(result.pack.manifest.id, result.pack);
    packs.push({ dir, pack: result.pack });
  }
  if (failed) throw new Exit(1, 'build failed');
  return packs;
}

/** An entity id belongs to one pack only: the ids of `pack` that an already compiled pack defines. */
function idsDefinedElsewhere(pack: Pack, compiled: ReadonlyMap<string, Pack>): string[] {
  const owners = new Map<string, string>();
  for (const [packId, other] of compiled) for (const entity of other.entities) owners.set(entity.id, packId);
  return pack.entities
    .filter((entity) => owners.has(entity.id))
    .map((entity) => `entity "${entity.id}": already defined by pack "${owners.get(entity.id)}"; an entity id can belong to only one pack`);
}

/** Write only when the content differs, so an unchanged build does not wake file watchers. */
function writeIfChanged(path: string, content: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return false;
  writeFileSync(path, content);
  return true;
}

async function build(options: Map<string, string>): Promise<void> {
  const began = performance.now();
  const out = resolve(options.get('out') ?? DEFAULT_OUT);
  const packs = await compileAll(resolve(options.get('packs') ?? DEFAULT_PACKS));
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  for (const { pack } of packs) {
    const file = `${pack.manifest.id}.json`;
    const changed = writeIfChanged(join(out, file), serializePack(pack));
    files.push(file);
    console.log(`${changed ? 'wrote' : 'unchanged'} ${join(out, file)}: ${pack.manifest.id} v${pack.manifest.version}, ${pack.entities.length} entities`);
  }
  writeIfChanged(join(out, 'index.json'), serializeIndex(files));
  // A pack that no longer has sources must not ship: the extension bundles everything in this folder.
  for (const stale of readdirSync(out).filter((name) => name.endsWith('.json') && name !== 'index.json' && !files.includes(name))) {
    rmSync(join(out, stale));
    console.log(`removed ${join(out, stale)}: no pack sources for it`);
  }
  console.log(`index.json: ${files.join(', ')} (install order); ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

async function validate(positional: string[]): Promise<void> {
  const target = positional[0];
  if (!target || positional.length > 1) throw new Exit(2, USAGE);
  const path = resolve(target);
  if (!existsSync(path)) throw new Exit(2, `${target}: no such file or directory`);

  // References may point into the bundled packs, as they may point into installed packs at install time.
  const bundled = existsSync(DEFAULT_PACKS) ? await declaredPacks(sourceDirectories(DEFAULT_PACKS)) : [];
  let result;
  if (statSync(path).isDirectory()) {
    const [self] = await declaredPacks([path]);
    result = await compileDirectory(path, idsOfOtherPacks(bundled, self?.packId));
  } else {
    let json: unknown;
    try {
      json = JSON.parse(readText(path));
    } catch (error) {
      if (error instanceof Exit) throw error;
      throw new Exit(1, `${target}: not valid JSON (${(error as Error).message})`);
    }
    const packId = (json as { manifest?: { id?: unknown } } | null)?.manifest?.id;
    result = validatePack(json, { knownIds: idsOfOtherPacks(bundled, packId) });
  }
  if (!result.ok) {
    printErrors(target, result.errors);
    throw new Exit(1, `${target}: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'} shown`);
  }
  printWarnings(target, result.warnings);
  const { manifest, entities } = result.pack;
  console.log(`OK: ${manifest.id} v${manifest.version}, ${entities.length} entities`);
}

/** Place types shown as columns by `stats`, in this order; the others are summed under "other places". */
const STATS_PLACE_TYPES = ['country', 'territory', 'region', 'city', 'town'] as const;

async function stats(options: Map<string, string>): Promise<void> {
  const packs = await compileAll(resolve(options.get('packs') ?? DEFAULT_PACKS));
  const header = [
    'pack',
    ...ENTITY_KINDS,
    'entities',
    'aliases',
    'ambiguous',
    'events',
    ...STATS_PLACE_TYPES.map((t) => (t === 'city' ? 'cities' : t === 'country' ? 'countries' : t === 'territory' ? 'territories' : `${t}s`)),
    'other places',
  ];
  const rows = packs.map(({ pack }) => {
    const s = packStats(pack);
    const listed = STATS_PLACE_TYPES.map((t) => s.placesByType[t] ?? 0);
    const otherPlaces = s.byKind.place - listed.reduce((a, b) => a + b, 0);
    return [`${s.id} v${s.version}`, ...ENTITY_KINDS.map((k) => s.byKind[k]), s.entities, s.aliases, s.ambiguous, s.events, ...listed, otherPlaces].map(String);
  });
  const total = header.slice(1).map((_, column) => rows.reduce((sum, row) => sum + Number(row[column + 1]), 0));
  rows.push(['total', ...total.map(String)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  console.log([line(header), ...rows.map(line)].join('\n'));
}

async function main(argv: string[]): Promise<number> {
  try {
    const [command, ...rest] = argv;
    const { positional, options } = parseArgs(rest);
    switch (command) {
      case 'build':
        await build(options);
        return 0;
      case 'validate':
        await validate(positional);
        return 0;
      case 'stats':
        await stats(options);
        return 0;
      default:
        throw new Exit(2, USAGE);
    }
  } catch (error) {
    if (error instanceof Exit) {
      console.error(error.message);
      return error.code;
    }
    console.error(error);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
