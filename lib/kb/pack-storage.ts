/** Writing and removing one pack's entities (chunks and directory, layout.ts) inside a write transaction. */
import { compiledRecord, type PackLayout } from './layout';
import type { CompiledEntity } from '../matcher/index-data';
import type { KnowledgeBase } from './db';
import type { WriteTransaction } from './write-queue';

type Track = (request: Promise<unknown>) => void;

/** All chunk keys of a pack: [pack, 0] up to [pack, Infinity]. */
export function chunkRange(pack: string): IDBKeyRange {
  return IDBKeyRange.bound([pack, 0], [pack, Infinity]);
}

/** Replace what `pack` stored with its new chunks and directory (its compiled entities follow with `writeCompiled`). */
export function writePackLayout(tx: WriteTransaction, track: Track, pack: string, { chunks, directory }: PackLayout): void {
  deletePackEntities(tx, track, pack);
  const store = tx.objectStore('chunks');
  for (const chunk of chunks) track(store.put(chunk, [pack, chunk.n]));
  track(tx.objectStore('directory').put(directory, pack));
}

export function writeCompiled(tx: WriteTransaction, track: Track, pack: string, compiled: readonly CompiledEntity[]): void {
  track(tx.objectStore('compiled').put(compiledRecord(compiled), pack));
}

export function deletePackEntities(tx: WriteTransaction, track: Track, pack: string): void {
  track(tx.objectStore('chunks').delete(chunkRange(pack)));
  track(tx.objectStore('directory').delete(pack));
  track(tx.objectStore('compiled').delete(pack));
}

/** Which installed pack defines each entity id (read from the directories), leaving out `except`. */
export async function entityOwners(kb: KnowledgeBase, except: ReadonlySet<string>): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const directory of await kb.getAll('directory')) {
    if (except.has(directory.pack) || directory.ids === '') continue;
    for (const id of directory.ids.split('\n')) owners.set(id, directory.pack);
  }
  return owners;
}
