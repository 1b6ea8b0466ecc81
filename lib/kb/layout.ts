/**
 * How a pack's entities are laid out in IndexedDB: sorted by id and cut into chunks of CHUNK_SIZE, one
 * record per chunk, plus one directory record per pack (its ids, and which of its events name each id).
 *
 * Why chunks: IndexedDB in Chromium costs about 0.2 ms per record written, whatever its size, and more
 * with index entries: 10,000 entity records with multiEntry indexes took 2.3 s to write, 79 chunks of 128
 * about 0.2 s. The indexes the queries need ("which pack defines X", "which events name X") are computed
 * here instead, once per install, and stored in the directory.
 */
import type { Entity } from '../pack/types';
import type { CompiledEntity } from '../matcher/index-data';

/** Entities per chunk: a chunk is read whole (about 1 ms for 128 typical entities) when one is needed. */
export const CHUNK_SIZE = 128;

/** Separator of the joined id lists; never inside an id (validation refuses control characters). */
const SEPARATOR = '\n';

/** One stored chunk: entities `n * CHUNK_SIZE` up to `(n + 1) * CHUNK_SIZE` of the pack, sorted by id. */
export interface StoredChunk {
  pack: string;
  n: number;
  entities: Entity[];
}

/**
 * What the `directory` store holds per pack. Strings are joined and numbers typed so that a cold service
 * worker clones a 100,000-entity directory in milliseconds (structured clone is per value, not per byte).
 */
export interface PackDirectory {
  pack: string;
  chunkSize: number;
  /** The pack's entity ids, sorted, joined by "\n": entity i is in chunk `floor(i / chunkSize)`. */
  ids: string;
  /** Ids (of any pack) that this pack's events name as place or participant, sorted, joined by "\n". */
  linkTargets: string;
  /** The events naming target t are `linkEvents[linkStarts[t]]` up to `linkEvents[linkStarts[t + 1]]` (indexes into `ids`). */
  linkStarts: Int32Array;
  linkEvents: Int32Array;
}

export interface PackLayout {
  chunks: StoredChunk[];
  directory: PackDirectory;
}

/**
 * What the `compiled` store holds per pack: its entities compiled for the matcher (`CompiledEntity[]` as
 * JSON), so the index over every pack is assembled without reading or tokenizing another pack's entities
 * again. One string, because parsing JSON is several times faster than structured-cloning the same
 * objects; a store of its own, because only an install reads it (a cold lookup reads the directories).
 */
export function compiledRecord(compiled: readonly CompiledEntity[]): string {
  return JSON.stringify(compiled);
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Chunks and directory of a pack's entities. */
export function layOutPack(pack: string, entities: readonly Entity[]): PackLayout {
  const sorted = [...entities].sort((a, b) => compareIds(a.id, b.id));
  const chunks: StoredChunk[] = [];
  for (let start = 0, n = 0; start < sorted.length; start += CHUNK_SIZE, n++) {
    chunks.push({ pack, n, entities: sorted.slice(start, start + CHUNK_SIZE) });
  }
  const linked = new Map<string, number[]>();
  sorted.forEach((entity, index) => {
    if (entity.kind !== 'event') return;
    for (const target of new Set([...entity.places, ...entity.participants])) {
      let events = linked.get(target);
      if (!events) linked.set(target, (events = []));
      events.push(index);
    }
  });
  const targets = [...linked.keys()].sort(compareIds);
  const linkStarts = new Int32Array(targets.length + 1);
  const linkEvents = new Int32Array(targets.reduce((sum, target) => sum + linked.get(target)!.length, 0));
  let offset = 0;
  targets.forEach((target, t) => {
    linkStarts[t] = offset;
    for (const event of linked.get(target)!) linkEvents[offset++] = event;
  });
  linkStarts[targets.length] = offset;
  return {
    chunks,
    directory: {
      pack,
      chunkSize: CHUNK_SIZE,
      ids: sorted.map((entity) => entity.id).join(SEPARATOR),
      linkTargets: targets.join(SEPARATOR),
      linkStarts,
      linkEvents,
    },
  };
}

export function splitIds(joined: string): string[] {
  return joined === '' ? [] : joined.split(SEPARATOR);
}

/** Index of `id` in `items` sorted by `keyOf` (the items themselves by default), or -1. */
export function findSorted<T = string>(items: readonly T[], id: string, keyOf: (item: T) => string = (item) => item as string): number {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = keyOf(items[mid]!);
    if (at === id) return mid;
    if (at < id) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}
