/** The matcher index kept in the knowledge base's `meta` store, built from the enabled packs' entities. */
import { buildMatcherIndex, MATCHER_INDEX_FORMAT, type MatcherIndexData } from '../matcher/index';
import { isEnabled, readMeta, type KnowledgeBase } from './db';

type WriteTx = ReturnType<typeof writeTx>;
function writeTx(kb: KnowledgeBase) {
  return kb.transaction(['packs', 'entities', 'meta'], 'readwrite');
}

/**
 * Inside a write transaction, after its entity writes were queued: read the enabled packs' entities as
 * they will be once those writes apply (requests run in order) and queue the rebuilt index. Stores
 * `undefined`-free: with no enabled entity the index is deleted, so the matcher finds nothing.
 */
export async function writeMatcherIndex(tx: WriteTx, track: (request: Promise<unknown>) => void): Promise<void> {
  const [packs, entities] = await Promise.all([tx.objectStore('packs').getAll(), tx.objectStore('entities').getAll()]);
  const enabled = new Set(packs.filter(isEnabled).map((record) => record.manifest.id));
  const indexed = entities.filter((record) => enabled.has(record.pack)).map((record) => record.entity);
  if (indexed.length === 0) track(tx.objectStore('meta').delete('matcherIndex'));
  else track(tx.objectStore('meta').put(buildMatcherIndex(indexed), 'matcherIndex'));
}

/**
 * The stored matcher index, rebuilt from the installed entities when it is missing or was written by
 * another version of the matcher (a tokenizer change bumps MATCHER_INDEX_FORMAT): an extension update
 * must not leave the reader without highlights until the next pack install.
 */
export async function loadMatcherIndex(kb: KnowledgeBase): Promise<MatcherIndexData | undefined> {
  const stored = await readMeta(kb, 'matcherIndex');
  if (stored?.formatVersion === MATCHER_INDEX_FORMAT) return stored;
  const tx = writeTx(kb);
  const pending: Promise<unknown>[] = [];
  await writeMatcherIndex(tx, (request) => pending.push(request));
  await Promise.all(pending);
  await tx.done;
  return readMeta(kb, 'matcherIndex');
}
