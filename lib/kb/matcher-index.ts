/** The matcher index kept in the knowledge base's `meta` store, assembled from the enabled packs' compiled entities. */
import { assembleMatcherIndex, MATCHER_INDEX_FORMAT, type CompiledEntity, type MatcherIndexData } from '../matcher/index-data';
import { isEnabled, readMeta, type KnowledgeBase, type StoredPack } from './db';
import { queueWrite, writeAtomically, type WriteTransaction } from './write-queue';

/** The enabled packs in order, each with its compiled entities, or undefined for a pack being replaced. */
export type CompiledPacks = Array<{ id: string; compiled?: CompiledEntity[] }>;

/**
 * The compiled entities of the enabled packs (`packs` are the pack records as they will be), read from
 * the `compiled` store (layout.ts); the packs in `replacing` are left for the caller to fill in. Called from
 * inside the write queue, before the write transaction opens.
 */
export async function readCompiledPacks(kb: KnowledgeBase, packs: readonly StoredPack[], replacing: ReadonlySet<string> = new Set()): Promise<CompiledPacks> {
  const reading = performance.now();
  const enabled = packs.filter(isEnabled).map((record) => record.manifest.id);
  const tx = kb.transaction('compiled', 'readonly');
  const result = await Promise.all(
    enabled.map(async (id) => (replacing.has(id) ? { id } : { id, compiled: JSON.parse((await tx.store.get(id)) ?? '[]') as CompiledEntity[] })),
  );
  // User Timing entries, read by the measurements (scripts/measure-apply.ts) from the service worker.
  performance.measure('backstory:index:read', { start: reading, end: performance.now() });
  return result;
}

/** The matcher index over `packs`, the replaced ones taken from `replacing`; undefined when no entity is enabled. */
export function assembleIndex(packs: CompiledPacks, replacing: ReadonlyMap<string, readonly CompiledEntity[]> = new Map()): MatcherIndexData | undefined {
  const building = performance.now();
  const compiled = packs.map(({ id, compiled }) => compiled ?? replacing.get(id) ?? []);
  const index = compiled.some((pack) => pack.length > 0) ? assembleMatcherIndex(compiled) : undefined;
  performance.measure('backstory:index:build', { start: building, end: performance.now() });
  return index;
}

/** The matcher index over the enabled packs of `packs`, all read from their directories. */
export async function matcherIndexFor(kb: KnowledgeBase, packs: readonly StoredPack[]): Promise<MatcherIndexData | undefined> {
  return assembleIndex(await readCompiledPacks(kb, packs));
}

/** The request that stores `index` in a write transaction, or deletes the stored one when there is none. */
export function storeMatcherIndex(tx: WriteTransaction, index: MatcherIndexData | undefined): Promise<unknown> {
  return index ? tx.objectStore('meta').put(index, 'matcherIndex') : tx.objectStore('meta').delete('matcherIndex');
}

/**
 * The stored matcher index, rebuilt from the installed entities when it is missing or was written by
 * another version of the matcher (a tokenizer change bumps MATCHER_INDEX_FORMAT): an extension update
 * must not leave the reader without highlights until the next pack install.
 */
export async function loadMatcherIndex(kb: KnowledgeBase): Promise<MatcherIndexData | undefined> {
  const stored = await readMeta(kb, 'matcherIndex');
  if (stored?.formatVersion === MATCHER_INDEX_FORMAT) return stored;
  return queueWrite(kb, async () => {
    const index = await matcherIndexFor(kb, await kb.getAll('packs'));
    await writeAtomically(kb, (tx, track) => {
      track(storeMatcherIndex(tx, index));
    });
    return index;
  });
}
