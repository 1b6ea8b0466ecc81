/**
 * The chunked entity layout: chunks and directory of a pack, lookups across packs through the directory,
 * reads that overlap a write, and the upgrade of a version 1 database (one record per entity) to chunks.
 */
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { openKnowledgeBase } from '@/lib/kb/db';
import { readKnowledge } from '@/lib/kb/entity-store';
import { installPack } from '@/lib/kb/install';
import { CHUNK_SIZE, layOutPack, splitIds } from '@/lib/kb/layout';
import { entityCard, getEntity, timeline } from '@/lib/kb/queries';
import type { Entity } from '@/lib/pack/types';
import { basePack, event, freshKnowledgeBase, makePack, place } from './kb-fixtures';

function manyPlaces(count: number, prefix = 'place:p'): Entity[] {
  return Array.from({ length: count }, (_, i) => place(`${prefix}${String(i).padStart(5, '0')}`, `Place ${i}`));
}

describe('layOutPack', () => {
  it('sorts by id, cuts chunks of CHUNK_SIZE and indexes which events name each id', () => {
    const entities = [
      ...manyPlaces(CHUNK_SIZE + 5),
      event('event:b', 'B', '2024', { places: ['place:p00001', 'place:elsewhere'], participants: ['place:p00001'] }),
      event('event:a', 'A', '2023', { places: ['place:p00001'] }),
    ];
    const { chunks, directory } = layOutPack('test.many', entities);
    expect(chunks.map((chunk) => chunk.entities.length)).toEqual([CHUNK_SIZE, 7]);
    const ids = splitIds(directory.ids);
    expect(ids).toEqual([...ids].sort());
    expect(ids.slice(0, 2)).toEqual(['event:a', 'event:b']);
    expect(chunks.flatMap((chunk) => chunk.entities.map((e) => e.id))).toEqual(ids);
    const targets = splitIds(directory.linkTargets);
    expect(targets).toEqual(['place:elsewhere', 'place:p00001']);
    const eventsOf = (target: string) => {
      const t = targets.indexOf(target);
      return [...directory.linkEvents.slice(directory.linkStarts[t], directory.linkStarts[t + 1])].map((i) => ids[i]);
    };
    expect(eventsOf('place:p00001')).toEqual(['event:a', 'event:b']); // named twice by event:b, listed once
    expect(eventsOf('place:elsewhere')).toEqual(['event:b']);
  });
});

describe('reading through the directory', () => {
  it('finds entities in any chunk of any enabled pack, and events naming an entity of another pack', async () => {
    const kb = await freshKnowledgeBase();
    expect((await installPack(kb, basePack(), 'bundled')).status).toBe('installed');
    const big = makePack('test.big', 1, [
      ...manyPlaces(3 * CHUNK_SIZE),
      event('event:zz-port-fair', 'Port fair', '2024-05-01', { places: ['place:port-amsel', 'place:p00300'] }),
    ]);
    big.manifest.requires = ['test.base'];
    expect((await installPack(kb, big, 'imported')).status).toBe('installed');
    expect((await getEntity(kb, 'place:p00000'))?.name).toBe('Place 0');
    expect((await getEntity(kb, 'place:p00383'))?.name).toBe('Place 383');
    expect((await getEntity(kb, 'place:kestrin'))?.name).toBe('Kestrin');
    const card = await entityCard(kb, 'place:port-amsel');
    expect(card?.events.map((e) => e.id)).toContain('event:zz-port-fair');
    expect((await timeline(kb, ['place:p00300'])).map((e) => e.id)).toEqual(['event:zz-port-fair']);
  });

  it('reads again when a write ends while a read is under way, never mixing the two states', async () => {
    const kb = await freshKnowledgeBase();
    await installPack(kb, basePack(), 'bundled');
    const renamed = basePack(2);
    renamed.entities = renamed.entities.map((e) => (e.id === 'place:kestrin' ? { ...e, name: 'Kestrin (renamed)' } : e));
    let runs = 0;
    const name = await readKnowledge(kb, async (reader) => {
      runs++;
      // The first run's directory is from before the install; the install commits before the entity is read.
      if (runs === 1) await installPack(kb, renamed, 'imported');
      return (await reader.entities(['place:kestrin'])).get('place:kestrin')?.entity.name;
    });
    expect(runs).toBe(2);
    expect(name).toBe('Kestrin (renamed)');
  });
});

describe('the upgrade from schema version 1', () => {
  it('moves every entity record into chunks and keeps imported packs', async () => {
    const factory = new IDBFactory();
    const pack = basePack();
    // A version 1 database as the previous release wrote it: one record per entity, with its indexes.
    await new Promise<void>((resolve, reject) => {
      const request = factory.open('backstory-v1', 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('packs');
        const entities = db.createObjectStore('entities', { keyPath: 'id' });
        entities.createIndex('pack', 'pack');
        entities.createIndex('refs', 'refs', { multiEntry: true });
        entities.createIndex('eventLinks', 'eventLinks', { multiEntry: true });
        db.createObjectStore('meta');
      };
      request.onsuccess = () => {
        const db = request.result;
        const tx = db.transaction(['packs', 'entities'], 'readwrite');
        tx.objectStore('packs').put({ manifest: pack.manifest, installedAt: '2026-01-01T00:00:00.000Z', origin: 'imported', hash: 'x', enabled: true }, pack.manifest.id);
        for (const entity of pack.entities) {
          const links = entity.kind === 'event' ? [...entity.places, ...entity.participants] : [];
          tx.objectStore('entities').put({ id: entity.id, pack: pack.manifest.id, refs: [], eventLinks: [...new Set(links)], entity });
        }
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
      request.onerror = () => reject(request.error);
    });

    const kb = await openKnowledgeBase(factory, 'backstory-v1');
    expect([...kb.objectStoreNames].sort()).toEqual(['chunks', 'compiled', 'directory', 'meta', 'packs']);
    expect((await kb.getAll('packs'))[0]?.origin).toBe('imported');
    for (const entity of pack.entities) expect((await getEntity(kb, entity.id))?.name).toBe(entity.name);
    const card = await entityCard(kb, 'place:kestrin');
    expect(card?.events.map((e) => e.id)).toEqual(['event:kestrin-floods', 'event:coastal-exercise', 'event:border-talks']);
  });
});
