/** The matcher index kept in the knowledge base's `meta` store, built from the enabled packs' entities. */
import { buildMatcherIndex, MATCHER_INDEX_FORMAT, type MatcherIndexData } from '../matcher/index';
import type { Entity } from '../pack/types';
import { isEnabled, readMeta, type KnowledgeBase, type StoredPack } from './db';
import { queueWrite, writeAtomically, type WriteTransaction } from './write-queue';

/**
 * The matcher index over the enabled packs as they will be after a change: `packs` are the pack records
 * after it, `replacing` the new entities of the packs it writes; the other enabled packs' entities are read
 * from the store. Called from inside the write queue and before the write transaction opens (reading
 * inside it would wait for all its writes first); undefined when no entity is enabled.
 */
export async function matcherIndexFor(
  kb: KnowledgeBase,
  packs: readonly StoredPack[],
  replacing: ReadonlyMap<string, readonly Entity[]> = new Map(),
): Promise<MatcherIndexData | undefined> {
  const reading = performance.now();
  const enabled = packs.filter(isEnabled).map((record) => record.manifest.id);
  const byPack = kb.transaction('entities', 'readonly').store.index('pack');
  const stored = await Promise.all(enabled.filter((id) => !replacing.has(id)).map((id) => byPack.getAll(id)));
  const building = performance.now();
  // User Timing entries, read by the measurements (scripts/measure-apply.ts) from the service worker.
  performance.measure('backstory:index:read', { start: reading, end: building });
  const entities = [...stored.flat().map((record) => record.entity), ...enabled.flatMap((id) => replacing.get(id) ?? [])];
  const index = entities.length > 0 ? buildMatcherIndex(entities) : undefined;
  performance.measure('backstory:index:build', { start: building, end: performance.now() });
  return index;
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
