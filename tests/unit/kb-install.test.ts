import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBObjectStore } from 'fake-indexeddb';
import { installPack } from '../../lib/kb/install';
import { entityCard, getEntity, listPacks } from '../../lib/kb/queries';
import { loadMatcherIndex } from '../../lib/kb/matcher-index';
import type { KnowledgeBase } from '../../lib/kb/db';
import { Matcher } from '../../lib/matcher/index';
import type { Pack } from '../../lib/pack/types';
import { basePack, event, freshKnowledgeBase, makePack, person, place, storedEntityCount } from './kb-fixtures';

async function matchedIds(kb: KnowledgeBase, text: string): Promise<string[]> {
  const data = await loadMatcherIndex(kb);
  if (!data) return [];
  return Matcher.load(data).find(text).map((match) => match.id);
}

/** The base pack at version 2: Kestrin and its floods are gone, Lake Orvel is new. */
function upgradedPack(): Pack {
  const v1 = basePack();
  const kept = v1.entities.filter((e) => e.id !== 'place:kestrin' && e.id !== 'event:kestrin-floods');
  const entities = kept.map((e) =>
    e.kind === 'event' ? { ...e, places: e.places.filter((id) => id !== 'place:kestrin') } : e,
  );
  entities.push(place('place:lake-orvel', 'Lake Orvel', { placeType: 'other', country: 'place:velloria' }));
  return makePack('test.base', 2, entities);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('installPack', () => {
  it('installs a valid pack whose entities, manifest and matcher index then answer', async () => {
    const kb = await freshKnowledgeBase();
    const result = await installPack(kb, basePack(), 'bundled');
    expect(result).toEqual({ status: 'installed', manifest: basePack().manifest });

    expect((await getEntity(kb, 'place:kestrin'))?.name).toBe('Kestrin');
    const packs = await listPacks(kb);
    expect(packs).toHaveLength(1);
    expect(packs[0]).toMatchObject({ origin: 'bundled', manifest: { id: 'test.base', version: 1 } });
    expect(packs[0]).not.toHaveProperty('hash');
    expect(await matchedIds(kb, 'Minister Marren flew to Port Amsel.')).toEqual(['person:ilse-marren', 'place:port-amsel']);
  });

  it('answers "unchanged" to a second install of the same pack and changes nothing', async () => {
    const kb = await freshKnowledgeBase();
    await installPack(kb, basePack(), 'bundled');
    const packsBefore = await listPacks(kb);
    const indexBefore = await loadMatcherIndex(kb);

    await new Promise((resolve) => setTimeout(resolve, 5)); // a rewrite would get a later installedAt
    const again = await installPack(kb, basePack(), 'imported');
    expect(again).toEqual({ status: 'unchanged', manifest: basePack().manifest });
    expect(await listPacks(kb)).toEqual(packsBefore); // same installedAt and origin: nothing was rewritten
    expect(await loadMatcherIndex(kb)).toEqual(indexBefore);
    expect(await storedEntityCount(kb)).toBe(basePack().entities.length);
  });

  it('rejects a malformed pack with messages naming the entity and field, and the old knowledge still answers', async () => {
    const kb = await freshKnowledgeBase();
    await installPack(kb, basePack(), 'bundled');
    const cardBefore = await entityCard(kb, 'place:port-amsel');
    const indexBefore = await loadMatcherIndex(kb);

    const broken = upgradedPack() as unknown as { entities: Array<Record<string, unknown>> };
    const accord = broken.entities.find((e) => e.id === 'event:harbour-accord')!;
    accord.start = 'the fourteenth of July';
    const result = await installPack(kb, broken, 'imported');

    expect(result.status).toBe('rejected');
    const errors = result.status === 'rejected' ? result.errors : [];
    expect(errors.some((message) => message.includes('event:harbour-accord') && message.includes('start'))).toBe(true);
    expect(await entityCard(kb, 'place:port-amsel')).toEqual(cardBefore);
    expect(await loadMatcherIndex(kb)).toEqual(indexBefore);
    expect(await getEntity(kb, 'place:lake-orvel')).toBeUndefined();
    expect((await listPacks(kb))[0]?.manifest.version).toBe(1);
  });

  it('rejects input that is not a pack at all without throwing', async () => {
    const kb = await freshKnowledgeBase();
    for (const input of [null, 42, 'text', { manifest: { id: 7 } }]) {
      const result = await installPack(kb, input, 'imported');
      expect(result.status).toBe('rejected');
    }
    expect(await listPacks(kb)).toEqual([]);
  });

  it('replaces the entities of an upgraded pack: removed ones are gone, new ones present', async () => {
    const kb = await freshKnowledgeBase();
    await installPack(kb, basePack(), 'bundled');
    const result = await installPack(kb, upgradedPack(), 'bundled');

    expect(result).toMatchObject({ status: 'installed', manifest: { version: 2 } });
    expect(await getEntity(kb, 'place:kestrin')).toBeUndefined();
    expect(await getEntity(kb, 'event:kestrin-floods')).toBeUndefined();
    expect((await getEntity(kb, 'place:lake-orvel'))?.name).toBe('Lake Orvel');
    expect(await storedEntityCount(kb)).toBe(upgradedPack().entities.length);
    expect(await matchedIds(kb, 'Kestrin and Lake Orvel')).toEqual(['place:lake-orvel']);
    expect((await entityCard(kb, 'place:port-amsel'))?.events.map((e) => e.id)).toEqual([
      'event:coastal-exercise',
      'event:harbour-accord',
    ]);
  });

  it('keeps a newer imported pack when the bundled one is older, and refuses an older import', async () => {
    const kb = await freshKnowledgeBase();
    await installPack(kb, upgradedPack(), 'imported');
    expect((await installPack(kb, basePack(1), 'bundled')).status).toBe('unchanged');
    expect(await getEntity(kb, 'place:lake-orvel')).toBeDefined();

    const result = await installPack(kb, basePack(1), 'imported');
    expect(result.status).toBe('rejected');
    expect(result.status === 'rejected' && result.errors[0]).toMatch(/version 1 is older than the installed version 2/);
    expect((await listPacks(kb))[0]?.origin).toBe('imported');
  });

  it('refuses an imported pack of the same version with different content: a published version never changes', async () => {
    const kb = await freshKnowledgeBase();
    await installPack(kb, basePack(), 'bundled');
    const edited = basePack();
    edited.entities[0] = { ...edited.entities[0]!, description: 'An edited description.' };

    const result = await installPack(kb, edited, 'imported');
    expect(result.status).toBe('rejected');
    expect(result.status === 'rejected' && result.errors[0]).toMatch(/version 1 is already installed with other content/);
    expect((await getEntity(kb, 'place:velloria'))?.description).not.toBe('An edited description.');
    // A bundled rebuild of the same version (development) does replace a bundled pack.
    expect((await installPack(kb, edited, 'bundled')).status).toBe('installed');
    expect((await getEntity(kb, 'place:velloria'))?.description).toBe('An edited description.');
  });

  it('reverts to the bundled pack on request, whatever the versions', async () => {
    const kb = await freshKnowledgeBase();
    await installPack(kb, basePack(), 'bundled');
    await installPack(kb, upgradedPack(), { origin: 'synced', sourceLabel: 'https://packs.test/stable/index.json' });
    expect((await listPacks(kb))[0]).toMatchObject({ origin: 'synced', manifest: { version: 2 } });
    expect((await installPack(kb, basePack(), { origin: 'bundled', revert: true })).status).toBe('installed');
    expect((await listPacks(kb))[0]).toMatchObject({ origin: 'bundled', manifest: { version: 1 } });
    expect(await getEntity(kb, 'place:lake-orvel')).toBeUndefined();
  });

  it('leaves the old pack intact when a write fails in the middle of the transaction', async () => {
    const kb = await freshKnowledgeBase();
    await installPack(kb, basePack(), 'bundled');
    const cardBefore = await entityCard(kb, 'place:port-amsel');
    const indexBefore = await loadMatcherIndex(kb);

    // Fail on the last entity put, after the old entities were deleted and the others written.
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      if ((value as { entities?: Array<{ id: string }> }).entities?.some((entity) => entity.id === 'place:lake-orvel')) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return realPut.call(this, value, key);
    });
    const result = await installPack(kb, upgradedPack(), 'bundled');
    vi.restoreAllMocks();

    expect(result.status).toBe('rejected');
    expect(result.status === 'rejected' && result.errors[0]).toMatch(/QuotaExceededError.*nothing was changed/);
    expect((await getEntity(kb, 'place:kestrin'))?.name).toBe('Kestrin');
    expect(await getEntity(kb, 'place:lake-orvel')).toBeUndefined();
    expect(await storedEntityCount(kb)).toBe(basePack().entities.length);
    expect(await entityCard(kb, 'place:port-amsel')).toEqual(cardBefore);
    expect(await loadMatcherIndex(kb)).toEqual(indexBefore);
    expect((await listPacks(kb))[0]?.manifest.version).toBe(1);

    // And the same upgrade goes through once the failure is gone.
    expect((await installPack(kb, upgradedPack(), 'bundled')).status).toBe('installed');
  });

  it('resolves references to entities of another installed pack, and only then', async () => {
    const extra = makePack('test.extra', 1, [
      person('person:tomas-vell', 'Tomas Vell', { countries: ['place:velloria'] }),
      event('event:amsel-regatta', 'Amsel Regatta', '2024-08-02', {
        places: ['place:port-amsel'],
        participants: ['person:tomas-vell'],
      }),
    ]);

    const empty = await freshKnowledgeBase();
    const alone = await installPack(empty, extra, 'imported');
    expect(alone.status).toBe('rejected');
    expect(alone.status === 'rejected' && alone.errors.join('\n')).toContain('place:port-amsel');

    const kb = await freshKnowledgeBase();
    await installPack(kb, basePack(), 'bundled');
    expect((await installPack(kb, extra, 'imported')).status).toBe('installed');
    const card = await entityCard(kb, 'place:port-amsel');
    expect(card?.events.map((e) => e.id)).toContain('event:amsel-regatta');
    expect((await entityCard(kb, 'person:tomas-vell'))?.refs['place:velloria']?.name).toBe('Velloria');
    expect(await matchedIds(kb, 'Tomas Vell won in Port Amsel')).toEqual(['person:tomas-vell', 'place:port-amsel']);
    // Upgrading the base pack keeps the other pack's entities in the rebuilt matcher index.
    await installPack(kb, upgradedPack(), 'bundled');
    expect(await matchedIds(kb, 'Tomas Vell')).toEqual(['person:tomas-vell']);
  });

  it('refuses an entity id that another installed pack already defines, naming that pack', async () => {
    const kb = await freshKnowledgeBase();
    await installPack(kb, basePack(), 'bundled');
    const clash = makePack('test.clash', 1, [place('place:kestrin', 'Kestrin', { country: 'place:velloria' })]);

    const result = await installPack(kb, clash, 'imported');
    expect(result.status).toBe('rejected');
    expect(result.status === 'rejected' && result.errors[0]).toMatch(/place:kestrin.*already defined by installed pack "test\.base"/);
    expect(await listPacks(kb)).toHaveLength(1);
  });

  it('runs concurrent installs one after another', async () => {
    const kb = await freshKnowledgeBase();
    const results = await Promise.all([
      installPack(kb, basePack(), 'bundled'),
      installPack(kb, basePack(), 'bundled'),
      installPack(kb, upgradedPack(), 'imported'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['installed', 'unchanged', 'installed']);
    expect((await listPacks(kb))[0]?.manifest.version).toBe(2);
  });
});

describe('loadMatcherIndex', () => {
  it('rebuilds an index written by another matcher format from the installed entities', async () => {
    const kb = await freshKnowledgeBase();
    await installPack(kb, basePack(), 'bundled');
    const current = await loadMatcherIndex(kb);
    await kb.put('meta', { ...current!, formatVersion: -1 } as never, 'matcherIndex');

    expect(await matchedIds(kb, 'Minister Marren flew to Port Amsel.')).toEqual(['person:ilse-marren', 'place:port-amsel']);
    // Stored again in the current format (entity order may differ: it is rebuilt from the id-ordered store).
    expect((await kb.get('meta', 'matcherIndex') as { formatVersion: number }).formatVersion).toBe(current!.formatVersion);
  });
});
