/**
 * The inputs the matcher sections share, made once per `npm run bench` and kept: the two packs as
 * stored data (JSON text), their entities, a generated corpus for each, the matchers and the peers.
 *
 * - (a) "bundled": the packs that ship, as compiled by `npm run packs` into `public/packs/`;
 * - (b) "generated": `generatedEntitiesPack()`, 100,000 invented entities, 300,000 aliases.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMatcherIndex, Matcher, type MatcherIndexData } from '../../lib/matcher';
import type { Entity, Pack } from '../../lib/pack/types';
import { DEFAULT_PACKS_DIR } from '../compiled-packs';
import { generateCorpus } from './corpus';
import { generatedEntitiesPack } from './generated-entities';
import { aliasTable, compileAlternation, perTermPeer, regexPeer, type AliasTable, type Peer } from './peers';
import { gc, retainedHeap } from './stats';

export type PackSet = 'bundled' | 'generated';
export const PACK_SETS: readonly PackSet[] = ['bundled', 'generated'];
export const LABEL: Readonly<Record<PackSet, string>> = { bundled: '(a) bundled packs', generated: '(b) generated pack' };

/** Corpus size, in characters (≈ UTF-8 bytes: the text is nearly all ASCII). */
export const CORPUS_CHARS = 5_000_000;
export const QUICK_CORPUS_CHARS = 1_000_000;

const memo = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

/** The pack files' JSON text, as stored: what a build starts from. */
export function storedPacks(set: PackSet): string[] {
  return once(`stored:${set}`, () => {
    if (set === 'generated') return [JSON.stringify(generatedEntitiesPack())];
    const indexPath = join(DEFAULT_PACKS_DIR, 'index.json');
    if (!existsSync(indexPath)) throw new Error(`No compiled packs at ${indexPath}: run \`npm run packs\` first.`);
    const index = JSON.parse(readFileSync(indexPath, 'utf8')) as { packs: string[] };
    return index.packs.map((file) => readFileSync(join(DEFAULT_PACKS_DIR, file), 'utf8'));
  });
}

export const parsePacks = (files: readonly string[]): Entity[] => files.flatMap((json) => (JSON.parse(json) as Pack).entities);

export const entities = (set: PackSet): Entity[] => once(`entities:${set}`, () => parsePacks(storedPacks(set)));

export function corpus(set: PackSet, chars: number): string {
  return once(`corpus:${set}:${chars}`, () => generateCorpus(entities(set), { chars, seed: set === 'bundled' ? 11 : 12 }));
}

export const index = (set: PackSet): MatcherIndexData => once(`index:${set}`, () => buildMatcherIndex(entities(set)));
export const matcher = (set: PackSet): Matcher => once(`matcher:${set}`, () => Matcher.load(index(set)));

/** The bundled packs and the generated one in one index (307,000 aliases): for the alias-count comparison. */
export const combinedMatcher = (): Matcher =>
  once('matcher:combined', () => Matcher.load(buildMatcherIndex([...entities('bundled'), ...entities('generated')])));

/** A regex peer built from scratch with its build time split in steps, and its heap when gc is exposed. */
export interface MeasuredRegexPeer {
  peer: Peer;
  table: AliasTable;
  /** JSON.parse of the stored packs. */
  parseMs: number;
  /** The alias table (aliases → keys, case rules, entities). */
  tableMs: number;
  /** Building the source, `new RegExp` and V8's compiles (see `compileAlternation`). */
  compileMs: number;
  /** Heap kept by the alias table and the compiled expression; undefined without --expose-gc. */
  heapBytes: number | undefined;
}

export function buildRegexPeer(set: PackSet, salt: number): MeasuredRegexPeer {
  const make = () => {
    const t0 = performance.now();
    const parsed = parsePacks(storedPacks(set));
    const t1 = performance.now();
    const aliases = aliasTable(parsed);
    const t2 = performance.now();
    const pattern = compileAlternation(aliases, salt);
    const t3 = performance.now();
    return { peer: regexPeer(aliases, pattern), table: aliases, parseMs: t1 - t0, tableMs: t2 - t1, compileMs: t3 - t2 };
  };
  if (!gc) return { ...make(), heapBytes: undefined };
  const { value, bytes } = retainedHeap(make);
  return { ...value, heapBytes: bytes };
}

/** The regex peer both sections use: built (and measured) once, on first use. */
export const sharedRegexPeer = (set: PackSet): MeasuredRegexPeer => once(`regex:${set}`, () => buildRegexPeer(set, 0));

/** The per-term peer, on the shared regex peer's alias table. */
export const sharedPerTermPeer = (set: PackSet): Peer => once(`perterm:${set}`, () => perTermPeer(sharedRegexPeer(set).table));
