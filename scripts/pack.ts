/**
 * The pack command line. The logic is in lib/pack/compile.ts and lib/pack/validate.ts; this file
 * only reads and writes files and prints.
 *
 *   npm run pack -- build [--out public/packs] [--packs packs]
 *   npm run pack -- validate <file.json | packs/<id>>
 *   npm run pack -- stats [--packs packs]
 *
 * Exit codes: 0 ok, 1 a pack is invalid, 2 usage or I/O error.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compilePack,
  packStats,
  parsePackSource,
  serializeIndex,
  serializePack,
  type CompileResult,
} from '../lib/pack/compile';
import { validatePack } from '../lib/pack/validate';
import { ENTITY_KINDS, type Pack } from '../lib/pack/types';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_PACKS = join(ROOT, 'packs');
const DEFAULT_OUT = join(ROOT, 'public', 'packs');

const USAGE = `usage:
  npm run pack -- build [--out <dir>] [--packs <dir>]   compile every packs/*/ into <dir>/<id>.json and <dir>/index.json
  npm run pack -- validate <file.json | pack directory>   check one pack
  npm run pack -- stats [--packs <dir>]                   entity, alias and event counts`;

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

function compileDirectory(dir: string, knownIds?: ReadonlySet<string>): CompileResult {
  const parsed = parsePackSource(readPackDirectory(dir));
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
  packId: unknown;
  ids: Set<string>;
}

/** The id and entity ids each source pack declares, read leniently: used to let packs refer to one another. */
function declaredPacks(dirs: readonly string[]): DeclaredPack[] {
  return dirs.map((dir) => {
    const parsed = parsePackSource(readPackDirectory(dir));
    const ids = new Set<string>();
    if (!parsed.ok) return { packId: undefined, ids };
    for (const file of parsed.source.files) {
      if (!Array.isArray(file.entities)) continue;
      for (const entity of file.entities) {
        const id = (entity as { id?: unknown } | null)?.id;
        if (typeof id === 'string') ids.add(id);
      }
    }
    return { packId: (parsed.source.manifest as { id?: unknown } | null)?.id, ids };
  });
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

/** Compile every source pack, or exit 1 listing the errors of every bad one. */
function compileAll(packsDir: string): Array<{ dir: string; pack: Pack }> {
  const dirs = sourceDirectories(packsDir);
  if (dirs.length === 0) throw new Exit(2, `no pack sources in ${packsDir} (expected <dir>/manifest.yaml)`);
  const declared = declaredPacks(dirs);
  const packs: Array<{ dir: string; pack: Pack }> = [];
  let failed = false;
  for (const [i, dir] of dirs.entries()) {
    const result = compileDirectory(dir, idsOfOtherPacks(declared, declared[i]?.packId));
    if (!result.ok) {
      printErrors(dir, result.errors);
      failed = true;
      continue;
    }
    printWarnings(dir, result.warnings);
    packs.push({ dir, pack: result.pack });
  }
  const seen = new Map<string, string>();
  for (const { dir, pack } of packs) {
    const previous = seen.get(pack.manifest.id);
    if (previous) {
      console.error(`${dir}: pack id "${pack.manifest.id}" is already used by ${previous}`);
      failed = true;
    }
    seen.set(pack.manifest.id, dir);
  }
  if (failed) throw new Exit(1, 'build failed');
  return packs;
}

/** Write only when the content differs, so an unchanged build does not wake file watchers. */
function writeIfChanged(path: string, content: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return false;
  writeFileSync(path, content);
  return true;
}

function build(options: Map<string, string>): void {
  const out = resolve(options.get('out') ?? DEFAULT_OUT);
  const packs = compileAll(resolve(options.get('packs') ?? DEFAULT_PACKS));
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  for (const { pack } of packs) {
    const file = `${pack.manifest.id}.json`;
    const changed = writeIfChanged(join(out, file), serializePack(pack));
    files.push(file);
    console.log(`${changed ? 'wrote' : 'unchanged'} ${join(out, file)}: ${pack.manifest.id} v${pack.manifest.version}, ${pack.entities.length} entities`);
  }
  writeIfChanged(join(out, 'index.json'), serializeIndex(files));
}

function validate(positional: string[]): void {
  const target = positional[0];
  if (!target || positional.length > 1) throw new Exit(2, USAGE);
  const path = resolve(target);
  if (!existsSync(path)) throw new Exit(2, `${target}: no such file or directory`);

  // References may point into the bundled packs, as they may point into installed packs at install time.
  const bundled = existsSync(DEFAULT_PACKS) ? declaredPacks(sourceDirectories(DEFAULT_PACKS)) : [];
  let result;
  if (statSync(path).isDirectory()) {
    const [self] = declaredPacks([path]);
    result = compileDirectory(path, idsOfOtherPacks(bundled, self?.packId));
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

function stats(options: Map<string, string>): void {
  const packs = compileAll(resolve(options.get('packs') ?? DEFAULT_PACKS));
  const header = ['pack', ...ENTITY_KINDS, 'entities', 'aliases', 'events'];
  const rows = packs.map(({ pack }) => {
    const s = packStats(pack);
    return [`${s.id} v${s.version}`, ...ENTITY_KINDS.map((k) => s.byKind[k]), s.entities, s.aliases, s.events].map(String);
  });
  const total = header.slice(1).map((_, column) => rows.reduce((sum, row) => sum + Number(row[column + 1]), 0));
  rows.push(['total', ...total.map(String)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  console.log([line(header), ...rows.map(line)].join('\n'));
}

function main(argv: string[]): number {
  try {
    const [command, ...rest] = argv;
    const { positional, options } = parseArgs(rest);
    switch (command) {
      case 'build':
        build(options);
        return 0;
      case 'validate':
        validate(positional);
        return 0;
      case 'stats':
        stats(options);
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

process.exitCode = main(process.argv.slice(2));
