/**
 * Pack sync through the knowledge service, against an in-memory pack server. Every failure case checks
 * that the installed versions, the entity count and the digest of the stored knowledge are unchanged,
 * and that the reader still gets cards and highlights.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BundledPackSource } from '../../lib/kb/bundled';
import type { KnowledgeBase } from '../../lib/kb/db';
import { createKnowledgeService, type KnowledgeService } from '../../lib/kb/service';
import type { Pack } from '../../lib/pack/types';
import type { SyncReport } from '../../lib/messages';
import { basePack, freshKnowledgeBase, makePack, person, place } from './kb-fixtures';
import {
  CATALOGUE_URL,
  SERVER,
  endlessBody,
  knowledgeSnapshot,
  makeKeys,
  makeServer,
  silence,
  type FakePackServer,
  type Keys,
} from './sync-fixtures';

const quiet = { info: () => undefined, warn: () => undefined };

/** The base pack, version 2: Lake Orvel added, a later knowledge date. */
function baseV2(): Pack {
  const pack = basePack(2);
  pack.entities.push(place('place:lake-orvel', 'Lake Orvel', { placeType: 'other', country: 'place:velloria' }));
  pack.manifest.entityCount = pack.entities.length;
  pack.manifest.knowledgeDate = '2026-11';
  return pack;
}

/** A second pack that builds on the base pack. */
function people(version: number): Pack {
  const pack = makePack('test.people', version, [
    person('person:tomas-vell', 'Tomas Vell', { countries: ['place:velloria'] }),
    ...(version > 1 ? [person('person:aria-lund', 'Aria Lund', { countries: ['place:velloria'] })] : []),
  ]);
  pack.manifest.requires = ['test.base'];
  return pack;
}

let keys: Keys;
let server: FakePackServer;
let kb: KnowledgeBase;
let knowledge: KnowledgeService;

beforeAll(async () => {
  keys = await makeKeys();
});

beforeEach(async () => {
  server = makeServer(keys);
  kb = await freshKnowledgeBase();
  const packs: Record<string, Pack> = { 'test.base.json': basePack(1), 'test.people.json': people(1) };
  const bundled: BundledPackSource = { stamp: '0.1.0', list: async () => Object.keys(packs), load: async (file) => structuredClone(packs[file]) };
  knowledge = createKnowledgeService({
    open: async () => kb,
    bundled,
    log: quiet,
    sync: {
      fetch: server.fetch,
      trustedKeys: keys.pinned,
      extensionVersion: '0.1.0',
      target: async () => ({ server: SERVER, channel: 'stable', intervalHours: 24 }),
      limits: { catalogueTimeoutMs: 300, fileTimeoutMs: 300, msPerMegabyte: 0 },
    },
  });
  await knowledge.ready();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The reader still gets what version 1 gives: Kestrin's card and highlight, no Lake Orvel. */
async function expectVersionOneStillAnswers() {
  expect((await knowledge.entityCard('place:kestrin'))?.entity.name).toBe('Kestrin');
  const found = await knowledge.annotate(['Marren went from Kestrin to Lake Orvel.']);
  expect(found.results[0]?.map((m) => m.id)).toEqual(['person:ilse-marren', 'place:kestrin']);
}

/** Run a sync expected to change nothing, and return its report. */
async function syncChangingNothing(): Promise<SyncReport> {
  const before = await knowledgeSnapshot(kb);
  const report = await knowledge.sync('manual');
  expect(await knowledgeSnapshot(kb)).toEqual(before);
  await expectVersionOneStillAnswers();
  return report;
}

describe('the good path', () => {
  it('applies a newer version, which the next lookup uses, and records where it came from', async () => {
    await server.publish([baseV2(), people(1)]);
    const report = await knowledge.sync('manual');

    expect(report.outcome).toBe('updated');
    expect(report.packs).toEqual([
      { id: 'test.base', installedVersion: 1, offeredVersion: 2, status: 'updated' },
      { id: 'test.people', installedVersion: 1, offeredVersion: 1, status: 'up-to-date' },
    ]);
    const found = await knowledge.annotate(['They sailed across Lake Orvel.']);
    expect(found.results[0]?.map((m) => m.id)).toEqual(['place:lake-orvel']);
    const base = (await knowledge.listPacks()).find((p) => p.manifest.id === 'test.base');
    expect(base).toMatchObject({
      origin: 'synced',
      enabled: true,
      signedBy: keys.trusted.keyId,
      sourceLabel: CATALOGUE_URL,
      bundledVersion: 1,
      manifest: { version: 2, knowledgeDate: '2026-11' },
      lastCheck: { status: 'updated', offeredVersion: 2 },
    });
    expect((await knowledge.knowledgeStatus(['place:lake-orvel'])).knowledgeDate).toBe('2026-11');
    // The knowledge date is that of the packs defining what the page names, the freshest of them.
    expect((await knowledge.knowledgeStatus(['person:tomas-vell'])).knowledgeDate).toBe('2025-06');
    expect((await knowledge.knowledgeStatus(['person:tomas-vell', 'place:lake-orvel'])).knowledgeDate).toBe('2026-11');
    const status = await knowledge.syncStatus();
    expect(status).toMatchObject({ server: SERVER, channel: 'stable', stale: false, last: { outcome: 'updated' } });
    expect(status.lastSuccessAt).toBe(report.finishedAt);

    // Nothing newer: the next check downloads no pack file.
    server.requests.length = 0;
    expect((await knowledge.sync('schedule')).outcome).toBe('up-to-date');
    expect(server.requests.map((r) => r.url)).toEqual([CATALOGUE_URL, `${CATALOGUE_URL}.sig`]);
  });

  it('updates two packs in one transaction, and neither when one of them is invalid', async () => {
    const brokenPeople = people(2);
    (brokenPeople.entities[1] as { countries: string[] }).countries = ['place:atlantis'];
    await server.publish([baseV2(), brokenPeople]);
    const report = await syncChangingNothing();
    expect(report.outcome).toBe('failed');
    expect(report.packs.find((p) => p.id === 'test.people')?.message).toMatch(/place:atlantis/);
    expect(report.packs.find((p) => p.id === 'test.base')?.message).toMatch(/not installed because "test.people" could not be/);

    await server.publish([baseV2(), people(2)]);
    expect((await knowledge.sync('manual')).outcome).toBe('updated');
    expect(await knowledgeSnapshot(kb)).toMatchObject({ versions: { 'test.base': 2, 'test.people': 2 } });
  });

  it('accepts a catalogue signed by the pinned next key', async () => {
    await server.publish([baseV2()], { key: keys.next });
    expect((await knowledge.sync('manual')).outcome).toBe('updated');
  });

  it('sends no cookies, no referrer and nothing but the catalogue and pack files', async () => {
    await server.publish([baseV2()]);
    await knowledge.annotate(['A page the reader reads, about Kestrin.']);
    await knowledge.sync('manual');
    for (const { url, init } of server.requests) {
      expect(url.startsWith(`${SERVER}stable/`)).toBe(true);
      expect(init).toMatchObject({ method: 'GET', credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' });
      expect(init?.body).toBeUndefined();
      expect(init?.headers).toBeUndefined();
    }
  });

  it('runs one sync at a time: a manual check during a scheduled one joins it', async () => {
    await server.publish([baseV2()]);
    const [scheduled, manual] = await Promise.all([knowledge.sync('schedule'), knowledge.sync('manual')]);
    expect(manual).toBe(scheduled);
    expect(server.requests.filter((r) => r.url === CATALOGUE_URL)).toHaveLength(1);
    expect(scheduled.outcome).toBe('updated');
  });

  it('says so when no pack server is configured, without any request', async () => {
    const offline = createKnowledgeService({
      open: async () => kb,
      bundled: { stamp: '0.1.0', list: async () => [], load: async () => undefined },
      log: quiet,
      sync: { fetch: server.fetch, trustedKeys: keys.pinned, extensionVersion: '0.1.0', target: async () => ({ channel: 'stable', intervalHours: 24 }) },
    });
    expect((await offline.sync('manual')).outcome).toBe('not-configured');
    expect(server.requests).toEqual([]);
  });
});

describe('a bad catalogue changes nothing', () => {
  it('refuses a flipped byte in the catalogue', async () => {
    await server.publish([baseV2()]);
    const bytes = server.files.get(CATALOGUE_URL)!;
    bytes[40] = bytes[40]! ^ 0x01;
    const report = await syncChangingNothing();
    expect(report).toMatchObject({ outcome: 'failed' });
    expect(report.error).toMatch(/signature does not match/);
  });

  it('refuses a flipped byte in the signature', async () => {
    await server.publish([baseV2()]);
    const signature = JSON.parse(new TextDecoder().decode(server.files.get(`${CATALOGUE_URL}.sig`)));
    const raw = Buffer.from(signature.signature, 'base64');
    raw[10] = raw[10]! ^ 0x80;
    signature.signature = raw.toString('base64');
    server.files.set(`${CATALOGUE_URL}.sig`, new TextEncoder().encode(JSON.stringify(signature)));
    expect((await syncChangingNothing()).error).toMatch(/signature does not match/);
  });

  it('refuses a signature by a key it does not pin', async () => {
    await server.publish([baseV2()], { key: keys.stranger });
    expect((await syncChangingNothing()).error).toMatch(new RegExp(`signed by key ${keys.stranger.keyId}, which this version of Backstory does not trust`));
  });

  it('keeps the data and marks it stale when the catalogue has expired', async () => {
    await server.publish([baseV2()], { issuedAt: new Date(Date.now() - 40 * 86_400_000), expiresInDays: 30 });
    // (A first catalogue: nothing newer was seen, so it is judged on its expiry, not as a replay.)
    const report = await syncChangingNothing();
    expect(report.outcome).toBe('stale');
    expect(report.error).toMatch(/expired on .*installed packs are kept/);
    expect((await knowledge.syncStatus()).stale).toBe(true);
    expect(await knowledge.knowledgeStatus([])).toMatchObject({ stale: true, lastSyncProblem: { outcome: 'stale' } });
  });

  it('refuses a catalogue of another channel', async () => {
    const catalogue = await server.publish([baseV2()]);
    await server.serveCatalogue({ ...catalogue, channel: 'beta', packs: catalogue.packs.map((p) => ({ ...p, channel: 'beta' })) });
    expect((await syncChangingNothing()).error).toMatch(/catalogue is for channel "beta", not "stable"/);
  });

  it('refuses an entry of another channel inside the right catalogue', async () => {
    const catalogue = await server.publish([baseV2()]);
    await server.serveCatalogue({ ...catalogue, packs: catalogue.packs.map((p) => ({ ...p, channel: 'beta' })) });
    const report = await syncChangingNothing();
    expect(report.packs.find((p) => p.id === 'test.base')).toMatchObject({ status: 'refused', message: expect.stringMatching(/channel "beta"/) });
  });

  it('refuses an older catalogue replayed after a newer one was seen', async () => {
    await server.publish([basePack(1)]);
    const old = { catalogue: server.files.get(CATALOGUE_URL)!, signature: server.files.get(`${CATALOGUE_URL}.sig`)! };
    await server.publish([baseV2()], { issuedAt: new Date(Date.parse('2026-12-03T00:00:00Z')) });
    await server.publish([basePack(1)], { issuedAt: new Date(Date.parse('2026-12-02T00:00:00Z')) });
    expect((await knowledge.sync('manual')).outcome).toBe('up-to-date'); // issued 12-02: accepted, nothing newer
    server.files.set(CATALOGUE_URL, old.catalogue);
    server.files.set(`${CATALOGUE_URL}.sig`, old.signature);
    expect((await syncChangingNothing()).error).toMatch(/before the one already seen.*replayed/);
  });

  for (const [name, answer, reason] of [
    ['an HTML error page with status 200', () => new Response('<!doctype html><h1>Oops</h1>', { status: 200 }), /signature/],
    ['an empty 200', () => new Response('', { status: 200 }), /signature/],
    ['a 404', () => new Response('missing', { status: 404, statusText: 'Not Found' }), /HTTP 404/],
    ['a 500', () => new Response('boom', { status: 500, statusText: 'Internal Server Error' }), /HTTP 500/],
    ['an endless response', () => new Response(endlessBody(), { status: 200 }), /more than the 1048576 bytes/],
  ] as const) {
    it(`refuses ${name} for the catalogue`, async () => {
      await server.publish([baseV2()]);
      server.answers.set(CATALOGUE_URL, async () => answer());
      const report = await syncChangingNothing();
      expect(report.outcome).toBe('failed');
      expect(report.error).toMatch(reason);
    });
  }

  it('gives up on a server that never answers', async () => {
    await server.publish([baseV2()]);
    server.answers.set(CATALOGUE_URL, silence);
    expect((await syncChangingNothing()).error).toMatch(/no answer within 0\.3 s/);
    // The failure is what the popup shows.
    expect((await knowledge.knowledgeStatus(['place:kestrin'])).lastSyncProblem?.error).toMatch(/no answer/);
  });
});

describe('a bad offer or a bad pack file changes nothing', () => {
  /** The URL of the base pack's file in the current catalogue. */
  async function baseFileUrl(): Promise<string> {
    const catalogue = JSON.parse(new TextDecoder().decode(server.files.get(CATALOGUE_URL)));
    return new URL(catalogue.packs.find((p: { id: string }) => p.id === 'test.base').files[0].path, CATALOGUE_URL).href;
  }

  async function expectPackFailure(reason: RegExp) {
    const report = await syncChangingNothing();
    expect(report.outcome).toBe('failed');
    expect(report.packs.find((p) => p.id === 'test.base')).toMatchObject({ status: expect.stringMatching(/failed|refused/), message: expect.stringMatching(reason) });
  }

  it('refuses an older version (rollback)', async () => {
    await server.publish([baseV2()]);
    await knowledge.sync('manual');
    await server.publish([basePack(1)]);
    const before = await knowledgeSnapshot(kb);
    const report = await knowledge.sync('manual');
    expect(report.packs.find((p) => p.id === 'test.base')).toMatchObject({ status: 'refused', message: expect.stringMatching(/older than the installed version 2 \(rollback refused\)/) });
    expect(await knowledgeSnapshot(kb)).toEqual(before);
  });

  it('refuses the same version with different content', async () => {
    await server.publish([baseV2()]);
    await knowledge.sync('manual');
    const changed = baseV2();
    changed.entities[0]!.description = 'A quietly rewritten description.';
    await server.publish([changed]);
    const before = await knowledgeSnapshot(kb);
    const report = await knowledge.sync('manual');
    expect(report.packs.find((p) => p.id === 'test.base')).toMatchObject({ status: 'refused', message: expect.stringMatching(/other content/) });
    expect(await knowledgeSnapshot(kb)).toEqual(before);
  });

  it('refuses a file that holds another pack than the entry names (id swapped)', async () => {
    await server.publish([baseV2()]);
    const other = makePack('test.other', 2, [place('place:somewhere', 'Somewhere')]);
    const swap = await makeServer(keys).publish([other], { gzip: false });
    const catalogue = JSON.parse(new TextDecoder().decode(server.files.get(CATALOGUE_URL)));
    const bytes = new TextEncoder().encode(JSON.stringify(other));
    const { createHash } = await import('node:crypto');
    catalogue.packs[0].files = [{ path: 'swapped.json', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), encoding: 'identity' }];
    server.files.set(new URL('swapped.json', CATALOGUE_URL).href, bytes);
    await server.serveCatalogue(catalogue);
    expect(swap.packs).toHaveLength(1);
    await expectPackFailure(/holds pack "test.other", not "test.base"/);
  });

  it('refuses a file whose SHA-256 differs from the catalogue', async () => {
    await server.publish([baseV2()]);
    const url = await baseFileUrl();
    const bytes = server.files.get(url)!;
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x01;
    await expectPackFailure(/SHA-256 does not match/);
  });

  it('stops a file larger than declared at its declared size', async () => {
    await server.publish([baseV2()]);
    const url = await baseFileUrl();
    const bytes = server.files.get(url)!;
    server.files.set(url, new Uint8Array([...bytes, ...bytes]));
    await expectPackFailure(/more than the \d+ bytes declared/);
  });

  it('stops an endless file response at its declared size', async () => {
    await server.publish([baseV2()]);
    server.answers.set(await baseFileUrl(), async () => new Response(endlessBody(), { status: 200 }));
    await expectPackFailure(/more than the \d+ bytes declared/);
  });

  it('refuses a truncated file', async () => {
    await server.publish([baseV2()]);
    const url = await baseFileUrl();
    server.files.set(url, server.files.get(url)!.slice(0, 100));
    await expectPackFailure(/got 100 bytes instead of the \d+ declared \(truncated\)/);
  });

  it('refuses a file that is not JSON, even when the catalogue vouches for it', async () => {
    const catalogue = await server.publish([baseV2()], { gzip: false });
    const bytes = new TextEncoder().encode('{"format":"backstory-pack","manifest":');
    const { createHash } = await import('node:crypto');
    catalogue.packs[0]!.files = [{ path: 'cut.json', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), encoding: 'identity' }];
    server.files.set(new URL('cut.json', CATALOGUE_URL).href, bytes);
    await server.serveCatalogue(catalogue);
    await expectPackFailure(/not valid JSON/);
  });

  it('refuses a gzip file that decodes past its declared size', async () => {
    const catalogue = await server.publish([baseV2()]);
    catalogue.packs[0]!.files[0]!.decodedSize = 1000;
    await server.serveCatalogue(catalogue);
    await expectPackFailure(/decompresses to more than the 1000 bytes declared/);
  });

  it('refuses a pack with a schema-invalid entity, naming it', async () => {
    const invalid = baseV2();
    (invalid.entities.find((e) => e.id === 'place:lake-orvel') as { coordinates?: unknown }).coordinates = { lat: 123, lon: 10 };
    await server.publish([invalid]);
    await expectPackFailure(/place:lake-orvel.*coordinates\.lat/);
  });

  it('refuses a 404 and a server that never sends the file', async () => {
    await server.publish([baseV2()]);
    const url = await baseFileUrl();
    server.files.delete(url);
    await expectPackFailure(/HTTP 404/);
    server.answers.set(url, silence);
    await expectPackFailure(/no answer within/);
  });

  it('skips a pack that needs a newer extension', async () => {
    await server.publish([baseV2()], { minExtensionVersion: '0.2.0' });
    const report = await syncChangingNothing();
    expect(report.packs.find((p) => p.id === 'test.base')).toMatchObject({ status: 'skipped', message: expect.stringMatching(/needs Backstory 0\.2\.0/) });
  });

  it('leaves everything as it was when IndexedDB throws QuotaExceededError during the apply, and applies on the next try', async () => {
    await server.publish([baseV2()]);
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      if ((value as { entities?: Array<{ id: string }> }).entities?.some((entity) => entity.id === 'place:lake-orvel')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.call(this, value, key);
    });
    await expectPackFailure(/QuotaExceededError.*nothing was changed/);
    vi.restoreAllMocks();
    expect((await knowledge.sync('manual')).outcome).toBe('updated');
  });
});
