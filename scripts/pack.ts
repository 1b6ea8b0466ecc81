/**
 * The pack command line. The logic is in lib/pack/compile.ts and lib/pack/validate.ts; this file
 * only reads and writes files and prints.
 *
 *   npm run pack -- build [--out public/packs] [--packs packs]
 *   npm run pack -- validate <file.json | packs/<id>>
 *   npm run pack -- stats [--packs packs]
 *
 * Pack sync (the logic is in lib/sync/; docs/pack-format.md, "Pack server, catalogue and signatures"):
 *
 *   npm run pack -- keygen [--out .] [--name signing]
 *   npm run pack -- publish <dir> [--packs public/packs] [--channel stable] [--expires-days 30] [--min-extension 0.1.0] [--no-gzip]
 *   npm run pack -- sign <dir>/<channel>/index.json --key <name>.private.jwk.json
 *   npm run pack -- verify <file> [--keys keys/trusted-keys.json]
 *   npm run pack -- serve <dir> [--port 8787]
 *
 * A pack directory may hold a `generate.ts` whose entities join those of its YAML files (see
 * docs/pack-format.md, "Generated packs"). Packs are compiled in the order of their `requires`.
 *
 * Exit codes: 0 ok, 1 a pack is invalid or a signature or catalogue check failed, 2 usage or I/O error.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
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
import { concatBytes, sha256Hex } from '../lib/sync/bytes';
import { parseCatalogue } from '../lib/sync/catalogue';
import { publishCatalogue } from '../lib/sync/publish';
import { generateKeyPair, parseTrustedKeys, signBytes, verifySignature, type TrustedKey } from '../lib/sync/signature';
import { startPackServer } from './pack-server';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_PACKS = join(ROOT, 'packs');
const DEFAULT_OUT = join(ROOT, 'public', 'packs');
const DEFAULT_TRUSTED_KEYS = join(ROOT, 'keys', 'trusted-keys.json');

const USAGE = `usage:
  npm run pack -- build [--out <dir>] [--packs <dir>]   compile every packs/*/ into <dir>/<id>.json and <dir>/index.json
  npm run pack -- validate <file.json | pack directory>   check one pack
  npm run pack -- stats [--packs <dir>]                   entity, alias, event and place counts
  npm run pack -- keygen [--out <dir>] [--name <name>]    new signing key: <dir>/<name>.private.jwk.json and <name>.public.json
  npm run pack -- publish <dir> [--packs <dir>] [--channel stable] [--expires-days 30] [--min-extension 0.1.0] [--no-gzip]
                                                         write <dir>/<channel>/index.json (the catalogue) and the pack files
  npm run pack -- sign <file> --key <private.jwk.json>    write <file>.sig (sign a catalogue: <dir>/<channel>/index.json)
  npm run pack -- verify <file> [--keys <trusted-keys.json>]
                                                         check <file>.sig; for a catalogue also every file it lists
  npm run pack -- serve <dir> [--port 8787]               serve <dir> on 127.0.0.1 until Ctrl-C`;

/** Options that take no value. */
const FLAGS = new Set(['no-gzip']);

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
    if (arg.startsWith('--') && FLAGS.has(arg.slice(2))) options.set(arg.slice(2), 'true');
    else if (arg.startsWith('--')) {
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

// ---- Pack sync: keys, publishing, signing, verifying, serving -------------------------------------

function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new Exit(2, `cannot read ${path}: ${(error as Error).message}`);
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readText(path));
  } catch (error) {
    if (error instanceof Exit) throw error;
    throw new Exit(2, `${path}: not valid JSON (${(error as Error).message})`);
  }
}

const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A positive whole or decimal number option. */
function numberOption(options: Map<string, string>, name: string, fallback: number): number {
  const raw = options.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Exit(2, `--${name} must be a positive number (got "${raw}")`);
  return value;
}

async function keygen(positional: string[], options: Map<string, string>): Promise<void> {
  if (positional.length > 0) throw new Exit(2, USAGE);
  const out = resolve(options.get('out') ?? '.');
  const name = options.get('name') ?? 'signing';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Exit(2, `--name must be a plain file name (got "${name}")`);
  const privatePath = join(out, `${name}.private.jwk.json`);
  const publicPath = join(out, `${name}.public.json`);
  for (const path of [privatePath, publicPath]) if (existsSync(path)) throw new Exit(2, `${path} already exists: not overwriting a key`);
  const pair = await generateKeyPair();
  try {
    mkdirSync(out, { recursive: true });
    // 'wx': never replace a file; the mode applies because the file is created here.
    writeFileSync(privatePath, jsonText(pair.privateKey), { mode: 0o600, flag: 'wx' });
    writeFileSync(publicPath, jsonText({ keyId: pair.keyId, publicKey: pair.publicKey }), { flag: 'wx' });
  } catch (error) {
    throw new Exit(2, `cannot write the key files: ${(error as Error).message}`);
  }
  console.log(`key ${pair.keyId}`);
  console.log(`wrote ${privatePath} (private: keep it secret, mode 0600)`);
  console.log(`wrote ${publicPath}`);
  console.log('entry for a trusted-keys file ({ "keys": [ ... ] }; role "next" to pin it ahead of use):');
  console.log(JSON.stringify({ keyId: pair.keyId, role: 'current', publicKey: pair.publicKey }, null, 2));
}

async function publish(positional: string[], options: Map<string, string>): Promise<void> {
  const target = positional[0];
  if (!target || positional.length > 1) throw new Exit(2, USAGE);
  const packsDir = resolve(options.get('packs') ?? DEFAULT_OUT);
  const channel = options.get('channel') ?? 'stable';
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(channel)) throw new Exit(2, `--channel must be lowercase letters, digits and dashes (got "${channel}")`);
  const expiresInDays = numberOption(options, 'expires-days', 30);
  const minExtensionVersion = options.get('min-extension') ?? '0.1.0';
  const gzip = options.get('no-gzip') !== 'true';

  const index = readJson(join(packsDir, 'index.json')) as { packs?: unknown } | null;
  const names = index?.packs;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && /^[A-Za-z0-9_][A-Za-z0-9._-]*\.json$/.test(n))) {
    throw new Exit(2, `${join(packsDir, 'index.json')}: expected { "packs": ["<pack id>.json", ...] } (run \`npm run pack -- build\`)`);
  }
  const packs = (names as string[]).map((name) => ({ json: readText(join(packsDir, name)) }));

  let published;
  try {
    published = await publishCatalogue({ packs, channel, issuedAt: new Date(), expiresInDays, minExtensionVersion, gzip });
  } catch (error) {
    throw new Exit(1, `publish failed: ${(error as Error).message}`);
  }
  const channelDir = join(resolve(target), channel);
  try {
    mkdirSync(channelDir, { recursive: true });
    for (const file of published.files) writeFileSync(join(channelDir, file.path), file.bytes);
    writeFileSync(join(channelDir, 'index.json'), published.catalogueBytes);
    // The old signature no longer matches: remove it rather than serve a catalogue that fails to verify.
    rmSync(join(channelDir, 'index.json.sig'), { force: true });
  } catch (error) {
    throw new Exit(2, `cannot write to ${channelDir}: ${(error as Error).message}`);
  }
  for (const [i, entry] of published.catalogue.packs.entries()) {
    const file = published.files[i];
    console.log(`wrote ${join(channelDir, file?.path ?? '')}: ${entry.id} v${entry.version}, ${file?.bytes.length ?? 0} bytes`);
  }
  const { catalogue } = published;
  console.log(`wrote ${join(channelDir, 'index.json')}: channel "${catalogue.channel}", ${catalogue.packs.length} packs, expires ${catalogue.expiresAt}`);
  console.log(`unsigned: run \`npm run pack -- sign ${join(channelDir, 'index.json')} --key <private.jwk.json>\``);
}

async function sign(positional: string[], options: Map<string, string>): Promise<void> {
  const target = positional[0];
  const keyPath = options.get('key');
  if (!target || positional.length > 1 || !keyPath) throw new Exit(2, USAGE);
  const bytes = readBytes(resolve(target));
  const privateKey = readJson(resolve(keyPath)) as JsonWebKey;
  if (typeof privateKey !== 'object' || privateKey === null || typeof privateKey.d !== 'string') {
    throw new Exit(2, `${keyPath}: not a private key (expected the JWK written by \`pack keygen\`)`);
  }
  // Never sign a catalogue the extension would refuse anyway.
  if (looksLikeCatalogue(bytes)) {
    const parsed = parseCatalogue(bytes);
    if (!parsed.ok) throw new Exit(1, `${target}: ${parsed.error}; not signed`);
  }
  let signature;
  try {
    signature = await signBytes(bytes, privateKey);
  } catch (error) {
    throw new Exit(2, `${keyPath}: cannot sign with this key (${(error as Error).message})`);
  }
  const sigPath = `${resolve(target)}.sig`;
  try {
    writeFileSync(sigPath, jsonText(signature));
  } catch (error) {
    throw new Exit(2, `cannot write ${sigPath}: ${(error as Error).message}`);
  }
  console.log(`wrote ${sigPath}: signed by key ${signature.keyId}`);
}

/** A JSON document whose `format` is "backstory-catalogue" (checked leniently: parseCatalogue judges it). */
function looksLikeCatalogue(bytes: Uint8Array): boolean {
  try {
    const json = JSON.parse(new TextDecoder().decode(bytes)) as { format?: unknown } | null;
    return typeof json === 'object' && json !== null && json.format === 'backstory-catalogue';
  } catch {
    return false;
  }
}

/** The problems of the files a (verified, parsed) catalogue lists, read from beside it. */
async function checkCatalogueFiles(cataloguePath: string, bytes: Uint8Array): Promise<{ problems: string[]; files: number }> {
  const parsed = parseCatalogue(bytes);
  if (!parsed.ok) return { problems: [parsed.error], files: 0 };
  const { catalogue } = parsed;
  const dir = dirname(cataloguePath);
  const problems: string[] = [];
  let files = 0;
  for (const entry of catalogue.packs) {
    const label = `pack "${entry.id}" v${entry.version}`;
    if (entry.channel !== catalogue.channel) problems.push(`${label}: channel "${entry.channel}" in the catalogue of "${catalogue.channel}"`);
    const decodedParts: Uint8Array[] = [];
    let complete = true;
    for (const file of entry.files) {
      files++;
      const path = resolve(dir, file.path);
      const where = `${label}: ${file.path}`;
      if (!path.startsWith(dir + sep)) {
        problems.push(`${where}: outside the catalogue's directory`);
        complete = false;
        continue;
      }
      if (!existsSync(path)) {
        problems.push(`${where}: missing`);
        complete = false;
        continue;
      }
      const wire = readBytes(path);
      if (wire.length !== file.size) {
        problems.push(`${where}: ${wire.length} bytes, the catalogue declares ${file.size}`);
        complete = false;
        continue;
      }
      const sha = await sha256Hex(wire);
      if (sha !== file.sha256) {
        problems.push(`${where}: SHA-256 ${sha}, the catalogue declares ${file.sha256}`);
        complete = false;
        continue;
      }
      if (file.encoding === 'gzip') {
        const declared = file.decodedSize ?? 0;
        let decoded: Uint8Array;
        try {
          decoded = new Uint8Array(gunzipSync(wire, { maxOutputLength: declared + 1 }));
        } catch (error) {
          problems.push(`${where}: does not gunzip within its decodedSize ${declared} (${(error as Error).message})`);
          complete = false;
          continue;
        }
        if (decoded.length !== declared) {
          problems.push(`${where}: gunzips to ${decoded.length} bytes, the catalogue declares ${declared}`);
          complete = false;
          continue;
        }
        decodedParts.push(decoded);
      } else decodedParts.push(wire);
    }
    if (!complete) continue;
    // The extension refuses a file whose manifest is not the entry's.
    let manifest: { id?: unknown; version?: unknown } | undefined;
    try {
      manifest = (JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(concatBytes(decodedParts))) as { manifest?: typeof manifest }).manifest;
    } catch {
      problems.push(`${label}: the decoded pack is not valid JSON`);
      continue;
    }
    if (manifest?.id !== entry.id || manifest?.version !== entry.version) {
      problems.push(`${label}: the pack file holds ${String(manifest?.id)} v${String(manifest?.version)}`);
    }
  }
  if (Date.parse(catalogue.expiresAt) <= Date.now()) console.warn(`warning: the catalogue expired at ${catalogue.expiresAt}`);
  return { problems, files };
}

async function verify(positional: string[], options: Map<string, string>): Promise<void> {
  const target = positional[0];
  if (!target || positional.length > 1) throw new Exit(2, USAGE);
  const path = resolve(target);
  const keysPath = resolve(options.get('keys') ?? process.env.BACKSTORY_TRUSTED_KEYS ?? DEFAULT_TRUSTED_KEYS);
  let trusted: TrustedKey[];
  try {
    trusted = await parseTrustedKeys(readJson(keysPath));
  } catch (error) {
    if (error instanceof Exit) throw error;
    throw new Exit(2, `${keysPath}: ${(error as Error).message}`);
  }
  const bytes = readBytes(path);
  if (!existsSync(`${path}.sig`)) throw new Exit(1, `BAD: ${target}: no signature (${basename(path)}.sig is missing)`);
  const verification = await verifySignature(bytes, readText(`${path}.sig`), trusted);
  if (!verification.ok) throw new Exit(1, `BAD: ${target}: ${verification.error}`);
  const role = trusted.find((key) => key.keyId === verification.keyId)?.role;
  const signedBy = `signed by key ${verification.keyId} (${role}) from ${relative(process.cwd(), keysPath) || keysPath}`;
  if (!looksLikeCatalogue(bytes)) {
    console.log(`OK: ${target}: ${signedBy}`);
    return;
  }
  const { problems, files } = await checkCatalogueFiles(path, bytes);
  if (problems.length > 0) {
    console.error(`BAD: ${target}: the signature is good (${signedBy}) but the catalogue does not match its files:`);
    for (const problem of problems) console.error(`  ${problem}`);
    throw new Exit(1, `${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  }
  console.log(`OK: ${target}: ${signedBy}; ${files} file${files === 1 ? '' : 's'} match their size and SHA-256`);
}

async function serve(positional: string[], options: Map<string, string>): Promise<void> {
  const target = positional[0];
  if (!target || positional.length > 1) throw new Exit(2, USAGE);
  const root = resolve(target);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Exit(2, `${target}: not a directory`);
  const port = numberOption(options, 'port', 8787);
  if (!Number.isInteger(port) || port > 65535) throw new Exit(2, `--port must be a port number (got "${options.get('port')}")`);
  let server;
  try {
    server = await startPackServer({
      root,
      port,
      intercept: (path, req) => {
        console.log(`${req.method} ${path}`);
        return false;
      },
    });
  } catch (error) {
    throw new Exit(2, `cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`);
  }
  console.log(`serving ${root} at ${server.origin}/ (Ctrl-C to stop)`);
  for (const name of readdirSync(root).sort()) {
    if (existsSync(join(root, name, 'index.json'))) console.log(`  channel "${name}": ${server.url(`${name}/index.json`)}`);
  }
  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
  });
  await server.close();
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
      case 'keygen':
        await keygen(positional, options);
        return 0;
      case 'publish':
        await publish(positional, options);
        return 0;
      case 'sign':
        await sign(positional, options);
        return 0;
      case 'verify':
        await verify(positional, options);
        return 0;
      case 'serve':
        await serve(positional, options);
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
