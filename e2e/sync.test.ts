/**
 * End to end: pack sync in Chromium against the local pack server on 127.0.0.1. The built extension
 * trusts the development keys (keys/trusted-keys.json), so packs published here with keys/dev are genuine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { startPackServer, type PackServer } from '../scripts/pack-server';
import { generateKeyPair, signBytes } from '../lib/sync/signature';
import type { Pack, Place } from '../lib/pack/types';
import type { SyncReport, SyncStatus } from '../lib/messages';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { openMarkedPage, tabIdOf as tabIdOfShared } from './tabs';
import {
  askBackground,
  DEV_KEY,
  startSync,
  nextVersion,
  publishToDir,
  readKnowledge,
  shippedPack,
  stopServiceWorker,
  type KnowledgeSnapshot,
} from './pack-publishing';

type Intercept = (req: IncomingMessage, res: ServerResponse) => void;

let root: string;
let packServer: PackServer;
let browser: ExtensionBrowser;
/** An extension page: reads IndexedDB and sends the background messages as the options page does. */
let extensionPage: Page;
const intercepts = new Map<string, Intercept>();

/** An invented village the shipped packs do not know; version 2 of the war pack adds it. */
const NEW_PLACE: Place = {
  id: 'place:zorivets-test-village',
  kind: 'place',
  name: 'Zorivets',
  aliases: [],
  description: 'A village invented for the sync tests.',
  source: 'Backstory tests',
  placeType: 'village',
  country: 'place:ukraine',
};

const ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shelling near Zorivets | Test Ledger</title>
<meta property="og:type" content="article"><meta property="article:published_time" content="2026-12-01T09:00:00+00:00"></head>
<body><article><h1>Shelling near Zorivets</h1>
<p>Residents of Zorivets said the shelling went on through the night, while officials in Kyiv asked for more air defence.</p>
<p>The village lies in Donetsk region, where front-line towns such as Avdiivka were fought over for months before they fell.</p>
<p>Local volunteers from Zorivets are moving families west, towards safer towns, as the winter sets in and the roads freeze.</p>
</article></body></html>`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'backstory-pack-server-'));
  writeFileSync(join(root, 'article.html'), ARTICLE);
  packServer = await startPackServer({
    root,
    intercept: (path, req, res) => {
      const handler = intercepts.get(path);
      if (!handler) return false;
      handler(req, res);
      return true;
    },
  });
  browser = await launchWithExtension();
  extensionPage = await browser.context.newPage();
  await extensionPage.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await extensionPage.locator('[data-pack-id="war.russia-ukraine"]').waitFor({ timeout: 30_000 });
  // The reader points Backstory at a pack server (the build has none by default).
  const field = extensionPage.locator('[data-part="pack-server"]');
  await field.fill(packServer.url('/'));
  await field.blur();
  await waitFor(async () => (await status()).server === packServer.url('/'), 5_000, 'the pack server setting was not saved');
});

/** Poll `check` until it answers true (expect.poll is for tests only, not hooks). */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterAll(async () => {
  await browser?.close();
  await packServer?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Send a background request from the extension page, as the options page does. */
function ask<T>(type: string, payload: object = {}): Promise<T> {
  return askBackground<T>(extensionPage, type, payload);
}

const status = () => ask<SyncStatus>('syncStatus');
const sync = () => ask<SyncReport>('syncNow');

function openArticle(): Promise<Page> {
  return openMarkedPage(browser.context, packServer.url('/article.html'), '[data-backstory-id="place:kyiv-ua"]');
}

/** Keep answering a request with bytes until the client gives up. */
function endless(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/gzip', 'access-control-allow-origin': '*' });
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  const timer = setInterval(() => res.write(chunk), 2);
  res.on('close', () => clearInterval(timer));
}

describe('pack sync in Chromium', () => {
  let war1: Pack;
  let war2: Pack;

  beforeAll(() => {
    war1 = shippedPack('war.russia-ukraine');
    war2 = nextVersion(war1, [NEW_PLACE]);
  });

  it('leaves the knowledge exactly as it was for every bad catalogue or pack, and the reader still gets cards', async () => {
    const before = await readKnowledge(extensionPage);
    expect(before.versions['war.russia-ukraine']).toBe(1);
    const stranger = await generateKeyPair();
    const invalid = nextVersion(war1, [{ ...NEW_PLACE, coordinates: { lat: 123, lon: 37 } } as Place]);

    const cases: Array<[string, () => Promise<void>, RegExp]> = [
      ['a flipped byte in the catalogue', async () => {
        await publishToDir(root, [war2]);
        const path = join(root, 'stable/index.json');
        const bytes = readFileSync(path);
        bytes[60] = bytes[60]! ^ 0x01;
        writeFileSync(path, bytes);
      }, /signature does not match/],
      ['a flipped byte in the signature', async () => {
        await publishToDir(root, [war2]);
        const path = join(root, 'stable/index.json.sig');
        const signature = JSON.parse(readFileSync(path, 'utf8'));
        const raw = Buffer.from(signature.signature, 'base64');
        raw[5] = raw[5]! ^ 0x01;
        writeFileSync(path, JSON.stringify({ ...signature, signature: raw.toString('base64') }));
      }, /signature does not match/],
      ['a key Backstory does not pin', () => publishToDir(root, [war2], { key: stranger.privateKey }).then(() => undefined), /does not trust/],
      ['a pack file with a wrong hash', async () => {
        const [file] = await publishToDir(root, [war2]);
        const path = join(root, file!);
        const bytes = readFileSync(path);
        bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0x01;
        writeFileSync(path, bytes);
      }, /SHA-256 does not match/],
      ['an HTML error page with status 200 for the catalogue', async () => {
        await publishToDir(root, [war2]);
        intercepts.set('/stable/index.json', (_, res) => res.writeHead(200, { 'content-type': 'text/html', 'access-control-allow-origin': '*' }).end('<!doctype html><h1>Maintenance</h1>'));
      }, /signature/],
      ['an empty 200 for the catalogue', async () => {
        await publishToDir(root, [war2]);
        intercepts.set('/stable/index.json', (_, res) => res.writeHead(200, { 'access-control-allow-origin': '*' }).end());
      }, /signature/],
      ['a 404 for the catalogue', async () => {
        rmSync(join(root, 'stable'), { recursive: true, force: true });
      }, /HTTP 404/],
      ['a 500 for the pack file', async () => {
        const [file] = await publishToDir(root, [war2]);
        intercepts.set(`/${file}`, (_, res) => res.writeHead(500, { 'access-control-allow-origin': '*' }).end('boom'));
      }, /HTTP 500/],
      ['an endless pack file', async () => {
        const [file] = await publishToDir(root, [war2]);
        intercepts.set(`/${file}`, (_, res) => endless(res));
      }, /more than the \d+ bytes declared/],
      ['a truncated pack file', async () => {
        const [file] = await publishToDir(root, [war2]);
        const path = join(root, file!);
        writeFileSync(path, readFileSync(path).subarray(0, 1000));
      }, /truncated/],
      ['a schema-invalid entity', () => publishToDir(root, [invalid]).then(() => undefined), /place:zorivets-test-village.*coordinates\.lat/],
      ['an expired catalogue', async () => {
        // Issued now (an older issue date would be refused as a replay first), valid for one second.
        await publishToDir(root, [war2], { expiresInDays: 1 / 86_400 });
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      }, /expired/],
    ];

    for (const [name, arrange, reason] of cases) {
      intercepts.clear();
      await arrange();
      const report = await sync();
      expect(report.outcome, name).toBe(name === 'an expired catalogue' ? 'stale' : 'failed');
      expect(report.error, name).toMatch(reason);
      expect(await readKnowledge(extensionPage), name).toEqual(before);
    }
    intercepts.clear();

    // The reader still gets highlights and cards from the installed packs, and the popup says what failed.
    const page = await openArticle();
    expect(await page.locator('[data-backstory-id="place:zorivets-test-village"]').count()).toBe(0);
    await page.locator('[data-backstory-id="place:kyiv-ua"]').first().hover();
    await page.locator('backstory-popover .card[data-entity-id="place:kyiv-ua"]').waitFor({ timeout: 10_000 });
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(page)}`);
    await expect(popup.locator('[data-part="sync-problem"]').textContent({ timeout: 10_000 })).resolves.toMatch(/out of date|expired/i);
    await popup.close();
    await page.close();
  });

  it('applies a newer signed pack from the options page: the next lookup uses it, the popup shows its knowledge date', async () => {
    await publishToDir(root, [war2]);
    // A cookie for the pack server's host: a request made with credentials would carry it.
    await browser.context.addCookies([{ name: 'reader', value: 'tracked', url: packServer.url('/') }]);
    const page = await openArticle();
    expect(await page.locator('[data-backstory-id="place:zorivets-test-village"]').count()).toBe(0);

    await extensionPage.reload();
    await extensionPage.locator('[data-part="sync-now"]').click();
    await extensionPage.locator('[data-part="sync-status"][data-outcome="updated"]').waitFor({ timeout: 30_000 });
    // The table reloads after the check.
    await expect.poll(() => extensionPage.locator('[data-pack-id="war.russia-ukraine"] [data-part="pack-version"]').textContent()).toContain('2');
    await expect(extensionPage.locator('[data-pack-id="war.russia-ukraine"] [data-part="pack-source"]').textContent()).resolves.toMatch(/pack server/i);

    await page.reload();
    const mark = page.locator('[data-backstory-id="place:zorivets-test-village"]').first();
    await mark.waitFor({ timeout: 20_000 });
    await mark.hover();
    await page.locator('backstory-popover .card[data-entity-id="place:zorivets-test-village"]').waitFor({ timeout: 10_000 });

    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(page)}`);
    await expect(popup.locator('[data-part="knowledge-older"]').textContent({ timeout: 10_000 })).resolves.toContain('Knowledge from 2026-11; article from 2026-12');
    await expect(popup.locator('[data-part="sync-problem"]').count()).resolves.toBe(0);
    await popup.close();
    await page.close();

    // The extension's requests: only the catalogue, its signature and the listed file; no cookie, no referrer.
    const extensionRequests = packServer.requests.filter((r) => r.path.startsWith('/stable/'));
    expect(extensionRequests.length).toBeGreaterThanOrEqual(3);
    for (const request of extensionRequests) {
      expect(request.path).toMatch(/^\/stable\/(index\.json(\.sig)?|war\.russia-ukraine-v\d+\.json\.gz)$/);
      expect(request.method).toBe('GET');
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers.referer).toBeUndefined();
    }
    // The page's own request does carry the cookie: the check above can fail.
    expect(packServer.requests.filter((r) => r.path === '/article.html').at(-1)?.headers.cookie).toContain('reader=tracked');

    // Rollback: a later catalogue offering the old version is refused and changes nothing.
    const after = await readKnowledge(extensionPage);
    await publishToDir(root, [war1]);
    const report = await sync();
    expect(report.packs.find((p) => p.id === 'war.russia-ukraine')).toMatchObject({ status: 'refused', message: expect.stringMatching(/rollback/) });
    expect(await readKnowledge(extensionPage)).toEqual(after);
  });

  it('manages packs: disabling one removes its marks, reverting goes back to the bundled version', async () => {
    await extensionPage.reload();
    const row = extensionPage.locator('[data-pack-id="war.russia-ukraine"]');
    await expect.poll(() => row.locator('[data-part="pack-version"]').textContent()).toContain('2');

    // A pack others require cannot be disabled: the gazetteer is required by the war pack.
    await expect(extensionPage.locator('[data-pack-id="world.gazetteer"] [data-part="pack-enabled"]').isDisabled()).resolves.toBe(true);

    // The box shows the stored state until the background confirms, so it is clicked, then watched.
    await row.locator('[data-part="pack-enabled"]').click();
    await expect.poll(() => ask<Array<{ manifest: { id: string }; enabled: boolean }>>('listPacks').then((packs) => packs.find((p) => p.manifest.id === 'war.russia-ukraine')?.enabled)).toBe(false);
    let page = await openArticle();
    expect(await page.locator('[data-backstory-id="place:zorivets-test-village"]').count()).toBe(0);
    await page.close();
    await row.locator('[data-part="pack-enabled"]').click();
    await expect.poll(() => ask<Array<{ manifest: { id: string }; enabled: boolean }>>('listPacks').then((packs) => packs.find((p) => p.manifest.id === 'war.russia-ukraine')?.enabled)).toBe(true);

    await row.locator('[data-part="pack-revert"]').click();
    await expect.poll(() => row.locator('[data-part="pack-version"]').textContent(), { timeout: 15_000 }).toMatch(/^\D*1\D*$/);
    await expect(row.locator('[data-part="pack-source"]').textContent()).resolves.toMatch(/bundled/i);
    page = await openArticle();
    expect(await page.locator('[data-backstory-id="place:zorivets-test-village"]').count()).toBe(0);
    await page.close();
  });

  it('imports a signed pack file at once, with its detached signature', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstory-import-'));
    const war3 = nextVersion(nextVersion(war1), [NEW_PLACE]);
    const file = join(dir, 'war.russia-ukraine-v3.json');
    const bytes = Buffer.from(JSON.stringify(war3));
    writeFileSync(file, bytes);
    writeFileSync(`${file}.sig`, JSON.stringify(await signBytes(bytes, DEV_KEY)));
    await extensionPage.reload();
    await extensionPage.locator('[data-part="import"]').setInputFiles([file, `${file}.sig`]);
    const result = extensionPage.locator('[data-part="import-result"]');
    await result.waitFor({ timeout: 20_000 });
    await expect(result.textContent()).resolves.toMatch(/v3, signed by key [0-9a-f]{16}/);
    await expect(extensionPage.locator('[data-pack-id="war.russia-ukraine"] [data-part="pack-source"]').textContent()).resolves.toMatch(/war\.russia-ukraine-v3\.json/);
    const page = await openArticle();
    await page.locator('[data-backstory-id="place:zorivets-test-village"]').first().waitFor({ timeout: 20_000 });
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows exactly the old or the new pack when the service worker is stopped during a sync, and finishes on the next one', async () => {
    let gazetteer = shippedPack('world.gazetteer');
    // Where the worker is stopped: while the catalogue hangs, while a file downloads, and at three moments
    // of the write. (Validation is not a point: it runs in one synchronous block, so the worker cannot even
    // answer the status request while it lasts, and it writes nothing.)
    const points: Array<{ name: string; arrange: (file: string) => void; stopWhen: (s: SyncStatus) => boolean; delayMs: number }> = [
      { name: 'fetching the catalogue', arrange: () => intercepts.set('/stable/index.json', () => undefined), stopWhen: (s) => s.running?.phase === 'catalogue', delayMs: 300 },
      {
        name: 'downloading a pack file',
        arrange: (file) => intercepts.set(`/${file}`, (_, res) => res.writeHead(200, { 'access-control-allow-origin': '*' }).write(Buffer.alloc(1000))),
        stopWhen: (s) => s.running?.phase === 'downloading',
        delayMs: 300,
      },
      { name: 'writing, at once', arrange: () => undefined, stopWhen: (s) => s.running?.phase === 'applying', delayMs: 0 },
      { name: 'writing, after 300 ms', arrange: () => undefined, stopWhen: (s) => s.running?.phase === 'applying', delayMs: 300 },
      { name: 'writing, after 800 ms', arrange: () => undefined, stopWhen: (s) => s.running?.phase === 'applying', delayMs: 800 },
    ];

    for (const point of points) {
      intercepts.clear();
      gazetteer = nextVersion(gazetteer, [], '2026-11');
      const [file] = await publishToDir(root, [gazetteer]);
      point.arrange(file!);
      const before = await readKnowledge(extensionPage);

      // Start a sync without waiting for its answer: the worker will die before it can give one.
      await startSync(extensionPage);
      await expect.poll(() => status().then(point.stopWhen), { timeout: 20_000, interval: 25 }).toBe(true);
      if (point.delayMs) await extensionPage.waitForTimeout(point.delayMs);
      expect(await stopServiceWorker(browser.context, extensionPage, browser.extensionId), point.name).toBe(true);

      // The next request wakes the worker; what it sees is one whole state.
      intercepts.clear();
      const interrupted = await readKnowledgeAfterWake();
      // A new worker: the sync that was running is gone with the old one.
      expect((await status()).running, point.name).toBeUndefined();
      const report = await sync();
      if (point.name.startsWith('fetching') || point.name.startsWith('downloading')) {
        expect(interrupted, point.name).toEqual(before);
        expect(report.outcome, point.name).toBe('updated');
      }
      expect(['updated', 'up-to-date'], point.name).toContain(report.outcome);
      const finished = await readKnowledge(extensionPage);
      expect(finished.versions['world.gazetteer'], point.name).toBe(gazetteer.manifest.version);
      expect([before, finished], `${point.name}: neither the old nor the new state`).toContainEqual(interrupted);
      console.info(`worker stopped while ${point.name}: the reader saw the ${interrupted.digest === before.digest ? 'old' : 'new'} pack`);
    }

    // The reader gets cards from the last version.
    const page = await openArticle();
    await page.locator('[data-backstory-id="place:kyiv-ua"]').first().hover();
    await page.locator('backstory-popover .card[data-entity-id="place:kyiv-ua"]').waitFor({ timeout: 10_000 });
    await page.close();
  });
});

/** Wake the worker with a request (as a page lookup would), then read what the knowledge base holds. */
async function readKnowledgeAfterWake(): Promise<KnowledgeSnapshot> {
  await ask('listPacks');
  return readKnowledge(extensionPage);
}

function tabIdOf(page: Page): Promise<number> {
  return tabIdOfShared(extensionPage, page);
}
