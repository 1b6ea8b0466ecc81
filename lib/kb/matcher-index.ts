/** The matcher index kept in the knowledge base's `meta` store. */
import { buildMatcherIndex, MATCHER_INDEX_FORMAT, type MatcherIndexData } from '../matcher/index';
import { readMeta, type KnowledgeBase } from './db';

/**
 * The stored matcher index, rebuilt from the installed entities when it is missing or was written by
 * another version of the matcher (a tokenizer change bumps MATCHER_INDEX_FORMAT): an extension update
 * must not leave the reader without highlights until the next pack install.
 */
export async function loadMatcherIndex(kb: KnowledgeBase): Promise<MatcherIndexData | undefined> {
  const stored = await readMeta(kb, 'matcherIndex');
  if (stored?.formatVersion === MATCHER_INDEX_FORMAT) return stored;
  const tx = kb.transaction(['entities', 'meta'], 'readwrite');
  const entities = await tx.objectStore('entities').getAll();
  if (entities.length === 0) {
    await tx.done;
    return undefined;
  }
  const rebuilt = buildMatcherIndex(entities.map((record) => record.entity));
  await tx.objectStore('meta').put(rebuilt, 'matcherIndex');
  await tx.done;
  return rebuilt;
}
