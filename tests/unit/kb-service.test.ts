import { describe, expect, it, vi } from 'vitest';
import type { BundledPackSource } from '../../lib/kb/bundled';
import type { KnowledgeBase } from '../../lib/kb/db';
import { createKnowledgeService } from '../../lib/kb/service';
import type { Pack } from '../../lib/pack/types';
import { toBase64 } from '../../lib/sync/bytes';
import { basePack, freshKnowledgeBase, makePack, place } from './kb-fixtures';

/** A file the reader picked, as the options page sends it; confirmed as unsigned. */
function pickedFile(text: string, name = 'pack.json') {
  return { name, data: toBase64(new TextEncoder().encode(text)), allowUnsigned: true };
}

const quiet = { info: () => undefined, warn: () => undefined };

function source(packs: Record<string, Pack>, stamp = '1.0.0') {
  const load = vi.fn(async (file: string) => {
    const pack = packs[file];
    if (!pack) throw new Error('HTTP 404');
    return structuredClone(pack);
  });
  const bundled: BundledPackSource = { stamp, list: async () => Object.keys(packs), load };
  return { bundled, load };
}

function service(kb: KnowledgeBase, bundled: BundledPackSource, log = quiet) {
  return createKnowledgeService({ open: async () => kb, bundled, log });
}

describe('knowledge service', () => {
  it('installs the bundled packs before answering the first request', async () => {
    const kb = await freshKnowledgeBase();
    const { bundled } = source({ 'test.base.json': basePack() });
    const knowledge = service(kb, bundled);

    const { results, entities } = await knowledge.annotate(['Talks in Port Amsel.', 'Nothing here.', 'Marren spoke.']);
    expect(results).toEqual([
      [{ start: 9, end: 19, id: 'place:port-amsel', kind: 'place', alternatives: [] }],
      [],
      [{ start: 0, end: 6, id: 'person:ilse-marren', kind: 'person', alternatives: [] }],
    ]);
    expect(Object.keys(entities).sort()).toEqual(['person:ilse-marren', 'place:port-amsel']);
    expect(entities['place:port-amsel']?.name).toBe('Port Amsel');
    expect((await knowledge.listPacks()).map((p) => p.origin)).toEqual(['bundled']);
  });

  it('skips the bundled packs at a later start of the same version, and reinstalls on a new version', async () => {
    const kb = await freshKnowledgeBase();
    await service(kb, source({ 'test.base.json': basePack() }).bundled).ready();

    const sameVersion = source({ 'test.base.json': basePack() });
    await service(kb, sameVersion.bundled).ready();
    expect(sameVersion.load).not.toHaveBeenCalled();

    const update = source({ 'test.base.json': basePack(2) }, '1.1.0');
    const knowledge = service(kb, update.bundled);
    await knowledge.ready();
    expect(update.load).toHaveBeenCalledTimes(1);
    expect((await knowledge.listPacks())[0]?.manifest.version).toBe(2);
    // The run is recorded with its timings, for diagnostics and the install measurement.
    const record = await kb.get('meta', 'bundledInstall');
    expect(record).toMatchObject({ stamp: '1.1.0', packs: [{ file: 'test.base.json', status: 'installed' }] });
    expect((record as { ms: number }).ms).toBeGreaterThan(0);
    // onInstalled after this start's own run does not install a second time.
    await knowledge.refreshBundled();
    expect(update.load).toHaveBeenCalledTimes(1);
  });

  it('still answers from what is installed when a bundled pack file cannot be read, and retries at the next start', async () => {
    const kb = await freshKnowledgeBase();
    const warn = vi.fn();
    const { bundled } = source({ 'test.base.json': basePack() });
    const broken: BundledPackSource = { ...bundled, list: async () => ['test.base.json', 'missing.json'] };
    const knowledge = service(kb, broken, { info: () => undefined, warn });

    expect((await knowledge.entityCard('place:kestrin'))?.entity.name).toBe('Kestrin');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Could not read bundled pack "missing.json"'));
    const retry = source({ 'test.base.json': basePack() });
    await service(kb, retry.bundled).ready();
    expect(retry.load).toHaveBeenCalled();
  });

  it('installs an imported pack given as JSON text and refreshes the matcher', async () => {
    const kb = await freshKnowledgeBase();
    const knowledge = service(kb, source({ 'test.base.json': basePack() }).bundled);
    expect((await knowledge.annotate(['Lake Orvel'])).results).toEqual([[]]);

    const extra = makePack('test.extra', 1, [place('place:lake-orvel', 'Lake Orvel', { country: 'place:velloria' })]);
    const answer = await knowledge.importPack(pickedFile(JSON.stringify(extra)));
    expect(answer).toEqual({ ok: true, status: 'installed', manifest: extra.manifest });
    expect((await knowledge.annotate(['Lake Orvel'])).results[0]?.map((m) => m.id)).toEqual(['place:lake-orvel']);
    expect((await knowledge.listPacks()).find((p) => p.manifest.id === 'test.extra')).toMatchObject({ origin: 'imported', sourceLabel: 'pack.json' });
  });

  it('asks for confirmation before installing an unsigned pack file', async () => {
    const kb = await freshKnowledgeBase();
    const knowledge = service(kb, source({ 'test.base.json': basePack() }).bundled);
    const extra = makePack('test.extra', 1, [place('place:lake-orvel', 'Lake Orvel', { country: 'place:velloria' })]);
    const { allowUnsigned: _, ...unconfirmed } = pickedFile(JSON.stringify(extra));
    const answer = await knowledge.importPack(unconfirmed);
    expect(answer).toMatchObject({ ok: false, needsConfirmation: 'unsigned' });
    expect((await knowledge.listPacks()).map((p) => p.manifest.id)).toEqual(['test.base']);
  });

  it('reinstalls the bundled packs silently when the browser deleted the database', async () => {
    const { IDBFactory } = await import('fake-indexeddb');
    const { openKnowledgeBase } = await import('../../lib/kb/db');
    const factory = new IDBFactory();
    const knowledge = createKnowledgeService({ open: () => openKnowledgeBase(factory, 'evicted'), bundled: source({ 'test.base.json': basePack() }).bundled, log: quiet });
    expect((await knowledge.annotate(['Port Amsel']))?.results[0]?.map((m) => m.id)).toEqual(['place:port-amsel']);

    // Eviction: the browser deletes the database under the open connection.
    await new Promise<void>((resolve, reject) => {
      const request = factory.deleteDatabase('evicted');
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    expect((await knowledge.annotate(['Port Amsel']))?.results[0]?.map((m) => m.id)).toEqual(['place:port-amsel']);
    expect((await knowledge.listPacks()).map((p) => p.manifest.id)).toEqual(['test.base']);
  });

  it('answers a clear error for text that is not JSON, and for an invalid pack', async () => {
    const kb = await freshKnowledgeBase();
    const knowledge = service(kb, source({}).bundled);

    const notJson = await knowledge.importPack(pickedFile('{ "format": ', 'broken.json'));
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.errors[0]).toMatch(/^broken\.json is not valid JSON/);

    const invalid = await knowledge.importPack(pickedFile(JSON.stringify({ format: 'backstory-pack' })));
    expect(invalid.ok).toBe(false);
    expect(!invalid.ok && invalid.errors.length).toBeGreaterThan(0);
    expect(await knowledge.listPacks()).toEqual([]);
  });

  it('answers no mentions while no pack is installed, but still the figures', async () => {
    const kb = await freshKnowledgeBase();
    const knowledge = service(kb, source({}).bundled);
    const answer = await knowledge.annotate(['Port Amsel', 'Kestrin, 40 km away'], '2024-01-09');
    expect(answer.results).toEqual([[], []]);
    expect(answer.entities).toEqual({});
    expect(answer.figures.map((figures) => figures.map((f) => f.text))).toEqual([[], ['40 km']]);
    expect(await knowledge.timeline(['place:kestrin'])).toEqual([]);
  });

  it('makes requests fail with the reason when the database cannot be opened, and retries on the next one', async () => {
    const kb = await freshKnowledgeBase();
    const open = vi.fn<() => Promise<KnowledgeBase>>().mockRejectedValueOnce(new Error('disk unavailable')).mockResolvedValue(kb);
    const knowledge = createKnowledgeService({ open, bundled: source({}).bundled, log: quiet });

    await expect(knowledge.listPacks()).rejects.toThrow('disk unavailable');
    expect(await knowledge.listPacks()).toEqual([]);
    expect(open).toHaveBeenCalledTimes(2);
  });
});
