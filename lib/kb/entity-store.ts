/**
 * Reading entities out of the chunked layout (layout.ts). The directory of the enabled packs is read once
 * and kept, with the chunks read since, until the next write to the knowledge base: a warm lookup costs a
 * few Map reads, a cold one a directory read and one chunk per pack touched.
 *
 * Consistency: every write bumps the knowledge base's generation before its transaction opens and after
 * it ends (write-queue.ts). A read that saw the generation change while it ran drops the caches and runs
 * again, so it never mixes a directory from before a write with chunks from after it.
 */
import type { Entity, EventEntity } from '../pack/types';
import { isEnabled, type KnowledgeBase, type StoredPack } from './db';
import { findSorted, splitIds, type PackDirectory, type StoredChunk } from './layout';

/** An entity with the pack that defines it. */
export interface Located {
  entity: Entity;
  pack: string;
}

/** One enabled pack's directory, split for lookups. */
interface PackView {
  pack: string;
  chunkSize: number;
  ids: string[];
  targets: string[];
  linkStarts: Int32Array;
  linkEvents: Int32Array;
}

/** Where the enabled packs' entities are: which pack defines an id, which events name it. */
export class EntityDirectory {
  private readonly owner = new Map<string, { view: PackView; index: number }>();

  constructor(
    /** Every installed pack record, enabled or not. */
    readonly packs: ReadonlyMap<string, StoredPack>,
    private readonly views: readonly PackView[],
  ) {
    for (const view of views) view.ids.forEach((id, index) => this.owner.set(id, { view, index }));
  }

  /** The enabled pack defining `id`, or undefined. */
  packOf(id: string): string | undefined {
    return this.owner.get(id)?.view.pack;
  }

  has(id: string): boolean {
    return this.owner.has(id);
  }

  /** Ids of the events (of enabled packs) naming `id` as a place or participant. */
  eventsNaming(id: string): string[] {
    const events: string[] = [];
    for (const view of this.views) {
      const t = findSorted(view.targets, id);
      if (t < 0) continue;
      for (let k = view.linkStarts[t]!; k < view.linkStarts[t + 1]!; k++) events.push(view.ids[view.linkEvents[k]!]!);
    }
    return events;
  }

  /** Ids of every event of the enabled packs (ids start with their kind, so they are one sorted run per pack). */
  eventIds(): string[] {
    const events: string[] = [];
    for (const view of this.views) {
      let i = lowerBound(view.ids, EVENT_PREFIX);
      while (i < view.ids.length && view.ids[i]!.startsWith(EVENT_PREFIX)) events.push(view.ids[i++]!);
    }
    return events;
  }

  /** The chunk holding `id`, as [pack, n]. */
  chunkOf(id: string): [string, number] | undefined {
    const found = this.owner.get(id);
    return found ? [found.view.pack, Math.floor(found.index / found.view.chunkSize)] : undefined;
  }
}

const EVENT_PREFIX = 'event:';

function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** How many chunks stay cached (about 16,000 entities). */
const MAX_CACHED_CHUNKS = 128;

interface Cache {
  generation: number;
  directory?: Promise<EntityDirectory>;
  chunks: Map<string, Promise<Entity[]>>;
}

const generations = new WeakMap<KnowledgeBase, number>();
const caches = new WeakMap<KnowledgeBase, Cache>();

/** Called by every write, before its transaction opens and after it ends. */
export function bumpGeneration(kb: KnowledgeBase): void {
  generations.set(kb, (generations.get(kb) ?? 0) + 1);
}

function cacheOf(kb: KnowledgeBase): Cache {
  const generation = generations.get(kb) ?? 0;
  let cache = caches.get(kb);
  if (!cache || cache.generation !== generation) {
    cache = { generation, chunks: new Map() };
    caches.set(kb, cache);
  }
  return cache;
}

/** What a query reads through: the directory, and entities by id. */
export interface KnowledgeReader {
  directory: EntityDirectory;
  /** The entities of the enabled packs among `ids`; unknown ids are left out. */
  entities(ids: Iterable<string>): Promise<Map<string, Located>>;
}

/** Run `query` against one consistent state of the knowledge base (again if a write ran meanwhile). */
export async function readKnowledge<T>(kb: KnowledgeBase, query: (reader: KnowledgeReader) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const cache = cacheOf(kb);
    const directory = await (cache.directory ??= loadDirectory(kb));
    const reader: KnowledgeReader = { directory, entities: (ids) => readEntities(kb, cache, directory, ids) };
    const result = await query(reader);
    if ((generations.get(kb) ?? 0) === cache.generation || attempt >= 3) return result;
  }
}

async function loadDirectory(kb: KnowledgeBase): Promise<EntityDirectory> {
  const tx = kb.transaction(['packs', 'directory'], 'readonly');
  const [packs, directories] = await Promise.all([tx.objectStore('packs').getAll(), tx.objectStore('directory').getAll()]);
  const enabled = new Set(packs.filter(isEnabled).map((record) => record.manifest.id));
  const views = directories.filter((d) => enabled.has(d.pack)).map(toView);
  return new EntityDirectory(new Map(packs.map((record) => [record.manifest.id, record])), views);
}

function toView(directory: PackDirectory): PackView {
  return {
    pack: directory.pack,
    chunkSize: directory.chunkSize,
    ids: splitIds(directory.ids),
    targets: splitIds(directory.linkTargets),
    linkStarts: directory.linkStarts,
    linkEvents: directory.linkEvents,
  };
}

async function readEntities(kb: KnowledgeBase, cache: Cache, directory: EntityDirectory, ids: Iterable<string>): Promise<Map<string, Located>> {
  const wanted = new Map<string, { pack: string; key: string; n: number }>();
  for (const id of ids) {
    const at = directory.chunkOf(id);
    if (at) wanted.set(id, { pack: at[0], n: at[1], key: `${at[0]}\u0000${at[1]}` });
  }
  const missing = [...new Map([...wanted.values()].filter((w) => !cache.chunks.has(w.key)).map((w) => [w.key, w])).values()];
  if (missing.length > 0) {
    const tx = kb.transaction('chunks', 'readonly');
    for (const { key, pack, n } of missing) {
      const read = tx.store.get([pack, n]).then((chunk: StoredChunk | undefined) => chunk?.entities ?? []);
      read.catch(() => cache.chunks.delete(key));
      cache.chunks.set(key, read);
    }
    // Oldest first out: Map keeps insertion order.
    for (const key of cache.chunks.keys()) {
      if (cache.chunks.size <= MAX_CACHED_CHUNKS) break;
      cache.chunks.delete(key);
    }
  }
  const found = new Map<string, Located>();
  await Promise.all(
    [...wanted].map(async ([id, { key, pack }]) => {
      const entities = (await (cache.chunks.get(key) ?? readChunk(kb, key))) as Entity[];
      const entity = findEntity(entities, id);
      if (entity) found.set(id, { entity, pack });
    }),
  );
  return found;
}

/** A chunk evicted between planning and reading is read again (rare: a query asking for over 128 chunks). */
async function readChunk(kb: KnowledgeBase, key: string): Promise<Entity[]> {
  const [pack, n] = key.split('\u0000');
  const chunk = (await kb.get('chunks', [pack!, Number(n)])) as StoredChunk | undefined;
  return chunk?.entities ?? [];
}

/** The entity with `id` in a chunk (sorted by id). */
function findEntity(entities: readonly Entity[], id: string): Entity | undefined {
  return entities[findSorted(entities, id, (entity) => entity.id)];
}

export function isEvent(entity: Entity): entity is EventEntity {
  return entity.kind === 'event';
}
