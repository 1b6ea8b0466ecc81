/**
 * The knowledge base: one IndexedDB database opened with idb. Every store is declared here; `install.ts`
 * writes it, `entity-store.ts` and `queries.ts` read it. Entities are stored in chunks with a directory per
 * pack (layout.ts explains why). Nothing in lib/kb touches a browser global except the `indexedDB` fallback
 * below and `IDBKeyRange` (fake-indexeddb provides both in the tests).
 */
import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { PackInfo, SyncReport } from '../messages';
import type { Entity } from '../pack/types';
import type { BundledInstallRecord } from './bundled';
import type { MatcherIndexData } from '../matcher/index';
import { compiledRecord, layOutPack, type PackDirectory, type StoredChunk } from './layout';
import { compileEntities } from '../matcher/index-data';

/** What the `packs` store holds: the pack's record, from which `listPacks` derives the public PackInfo. */
export interface StoredPack extends Pick<PackInfo, 'manifest' | 'installedAt' | 'origin' | 'sourceLabel' | 'signedBy'> {
  /** SHA-256 (hex) of the validated pack's JSON: an identical reinstall is detected without comparing entities. */
  hash: string;
  /** Absent in records written before packs could be disabled: enabled. */
  enabled?: boolean;
  /** Bytes of the validated pack's JSON (absent in older records). */
  sizeBytes?: number;
  /** For synced packs: SHA-256 of the downloaded files, in catalogue order. */
  fileHashes?: string[];
}

/** What schema version 1 stored per entity (read once, by the upgrade to version 2). */
interface StoredEntityV1 {
  id: string;
  pack: string;
  entity: Entity;
}

/** Keys of the `meta` store and the type of their values. */
export interface MetaValues {
  /** The matcher's index over every installed entity, rebuilt in the same transaction as each install. */
  matcherIndex: MatcherIndexData;
  /** Identifies the bundled pack set last installed, so a start-up can tell whether to reinstall. */
  bundledStamp: string;
  /** Timings of the last bundled install run. */
  bundledInstall: BundledInstallRecord;
  /** The last sync's report and what later syncs compare against. */
  syncState: SyncState;
}
export type MetaKey = keyof MetaValues;

export interface SyncState {
  last?: SyncReport;
  /** When a check last verified a catalogue. */
  lastSuccessAt?: string;
  /** `issuedAt` of the newest catalogue accepted: an older one is a replay and is refused. */
  catalogueIssuedAt?: string;
  /** The last verified catalogue (or its entry for an installed pack) had expired. */
  stale?: boolean;
}

/** Records written before packs could be disabled count as enabled. */
export function isEnabled(record: Pick<StoredPack, 'enabled'>): boolean {
  return record.enabled !== false;
}

export interface KnowledgeBaseSchema extends DBSchema {
  packs: { key: string; value: StoredPack };
  /** Key [pack id, chunk number]. */
  chunks: { key: [string, number]; value: StoredChunk };
  /** Key: pack id. */
  directory: { key: string; value: PackDirectory };
  /** Key: pack id; the pack's entities compiled for the matcher, as JSON (layout.ts `compiledRecord`). */
  compiled: { key: string; value: string };
  meta: { key: MetaKey; value: MetaValues[MetaKey] };
}

export type KnowledgeBase = IDBPDatabase<KnowledgeBaseSchema>;

export const KB_SCHEMA_VERSION = 2;

/**
 * Open (and create or migrate) the knowledge base. `factory` defaults to the global `indexedDB`;
 * idb's `openDB` always uses the global, so this does the same with idb's `wrap` on the given factory.
 */
export async function openKnowledgeBase(factory?: IDBFactory, name = 'backstory'): Promise<KnowledgeBase> {
  const source = factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!source) throw new Error('IndexedDB is not available in this context');

  const request = source.open(name, KB_SCHEMA_VERSION);
  request.addEventListener('upgradeneeded', (event) => {
    upgrade(request.result, request.transaction!, event.oldVersion);
  });
  const db = (await wrap(request)) as unknown as KnowledgeBase;
  // A newer schema opened elsewhere (another extension version during an update) must not be blocked by us.
  db.addEventListener('versionchange', () => db.close());
  return db;
}

/** Raw IndexedDB here: the version change transaction must stay active between the requests. */
function upgrade(db: IDBDatabase, tx: IDBTransaction, oldVersion: number): void {
  // By name rather than by version: a version 1 database may also be an empty one (opened without a version
  // by a diagnostic tool before the extension created it).
  for (const store of ['packs', 'meta', 'chunks', 'directory', 'compiled']) {
    if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
  }
  if (oldVersion === 1 && db.objectStoreNames.contains('entities')) {
    // Version 1 kept one record per entity: move them into chunks, within the upgrade's own transaction, so
    // an interrupted upgrade leaves version 1 whole and imported or synced packs are never lost.
    tx.objectStore('entities').getAll().onsuccess = (event) => {
      const byPack = new Map<string, Entity[]>();
      for (const record of (event.target as IDBRequest<StoredEntityV1[]>).result) {
        let entities = byPack.get(record.pack);
        if (!entities) byPack.set(record.pack, (entities = []));
        entities.push(record.entity);
      }
      for (const [pack, entities] of byPack) {
        const { chunks, directory } = layOutPack(pack, entities);
        for (const chunk of chunks) tx.objectStore('chunks').put(chunk, [pack, chunk.n]);
        tx.objectStore('directory').put(directory, pack);
        tx.objectStore('compiled').put(compiledRecord(compileEntities(entities)), pack);
      }
      db.deleteObjectStore('entities');
    };
  }
}

/** The ids an entity refers to, in first-seen order without repeats. */
export function referencedIds(entity: Entity): string[] {
  const ids: string[] = [];
  switch (entity.kind) {
    case 'person':
      for (const role of entity.roles) if (role.of) ids.push(role.of);
      ids.push(...(entity.countries ?? []));
      break;
    case 'place':
      if (entity.country) ids.push(entity.country);
      if (entity.region) ids.push(entity.region);
      break;
    case 'organization':
      if (entity.country) ids.push(entity.country);
      break;
    case 'event':
      ids.push(...entity.places, ...entity.participants);
      break;
  }
  return [...new Set(ids)];
}

export async function readMeta<K extends MetaKey>(kb: KnowledgeBase, key: K): Promise<MetaValues[K] | undefined> {
  return (await kb.get('meta', key)) as MetaValues[K] | undefined;
}

export async function writeMeta<K extends MetaKey>(kb: KnowledgeBase, key: K, value: MetaValues[K]): Promise<void> {
  await kb.put('meta', value, key);
}
