/**
 * End to end, privacy: what the network sees while a reader reads 20 news pages with Backstory and checks
 * for pack updates, and what the manifest asks for.
 *
 * Every request is recorded four ways: Playwright's network events for the whole browser context (pages,
 * extension pages, the extension's service worker), the DevTools protocol's Network domain attached to
 * the service worker through a browser-level session (re-attached when the worker restarts), the
 * DevTools protocol's browser-level request interception (Fetch) that pauses every request of every page
 * and extension page, and the logs of the two servers on 127.0.0.1 (the news site and the pack server:
 * method, target, headers, body). Controls made at the end (a request from the service worker, one from
 * an extension page, one from a news page, a navigation to the pack server) show that each recorder
 * sees what it should and that the checks can fail; they are then set aside.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CDPSession, Page, Request } from 'playwright-core';
import { startPackServer, type PackServer } from '../scripts/pack-server';
import type { SyncStatus } from '../lib/messages';
import { EXTENSION_DIR, launchWithExtension, type ExtensionBrowser } from './browser';
import { askBackground, nextVersion, publishToDir, shippedPack } from './pack-publishing';
import { generateNewsPages, startPageServer, type NewsPage, type PageServer } from './privacy-pages';
import { tabIdOf } from './tabs';

/**
 * What the manifest may ask for. Adding a permission means adding it here and justifying it in
 * docs/permissions.md (a table row "| `permission` | why |"), or this test fails.
 */
const ALLOWED_PERMISSIONS = ['storage', 'alarms', 'unlimitedStorage'];
/** The pages the content script runs on (docs/permissions.md justifies each). */
const ALLOWED_CONTENT_SCRIPT_MATCHES = ['<all_urls>'];
/** Files of the package that web pages may load (none). */
const ALLOWED_WEB_ACCESSIBLE_RESOURCES: string[] = [];

const PAGE_COUNT = 20;
const CHANNEL = 'stable';
const DOCS = 'docs/permissions.md';

type Recorder = 'playwright' | 'worker-cdp' | 'browser-fetch' | 'page-server' | 'pack-server';
/** Who made a request, as far as the recorder can tell. */
type Source = 'service worker' | 'extension page' | 'web page' | 'navigation' | 'other worker' | 'unknown';

interface Seen {
  recorder: Recorder;
  source: Source;
  method: string;
  /** Absolute URL. */
  url: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
  detail?: string;
}

/** The extension API inside an extension page, as evaluate uses it there. */
declare const chrome: { storage: { sync: { get(keys: null): Promise<Record<string, unknown>> } } };

const show = (s: Seen) => `${s.recorder} [${s.source}] ${s.method} ${s.url}${s.detail ? ` (${s.detail})` : ''}`;

function lowerKeys(headers: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]));
}

let pages: NewsPage[];
let pageServer: PageServer;
let packServer: PackServer;
let packRoot: string;
let listedFiles: string[];
let browser: ExtensionBrowser;
let extensionOrigin: string;
const recorded: Seen[] = [];
const packBodies: string[] = [];
/** Playwright's requests, with who made them (read when the request starts: frames navigate later). */
const playwrightRequests: Array<{ request: Request; source: Source; headers: Promise<Record<string, string>> }> = [];
let browserSession: CDPSession;
const workerCdpStats = { attachments: 0 };

/** Record the extension's service worker(s) through the DevTools protocol, attached from a browser-level session. */
async function recordServiceWorkers(session: CDPSession): Promise<void> {
  const attached = new Set<string>();
  const sessionTargets = new Map<string, string>();
  const pending = new Map<string, Seen>();
  const attach = async (targetId: string) => {
    if (attached.has(targetId)) return;
    attached.add(targetId);
    // Not flattened: the worker's protocol messages come back as events on this session.
    const { sessionId } = (await session.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
    sessionTargets.set(sessionId, targetId);
    workerCdpStats.attachments += 1;
    await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Network.enable', params: {} }) });
  };
  const isOurWorker = (info: { type: string; url: string }) => info.type === 'service_worker' && info.url.startsWith(`${extensionOrigin}/`);
  session.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    const message = JSON.parse(event.message) as { method?: string; params?: Record<string, any> };
    if (message.method === 'Network.requestWillBeSent') {
      const { requestId, request, initiator } = message.params!;
      const seen: Seen = {
        recorder: 'worker-cdp',
        source: 'service worker',
        method: request.method,
        url: request.url,
        headers: lowerKeys(request.headers),
        body: request.postData ?? (request.hasPostData ? '[a body the protocol did not include]' : ''),
        detail: `initiator ${initiator?.type ?? '?'}`,
      };
      pending.set(`${event.sessionId}:${requestId}`, seen);
      recorded.push(seen);
    } else if (message.method === 'Network.requestWillBeSentExtraInfo') {
      // The headers as sent on the wire (Cookie included, when there is one). It may come first.
      const key = `${event.sessionId}:${message.params!.requestId}`;
      const apply = () => {
        const seen = pending.get(key);
        if (seen) seen.headers = { ...seen.headers, ...lowerKeys(message.params!.headers) };
        return Boolean(seen);
      };
      if (!apply()) setTimeout(apply, 200);
    }
  });
  session.on('Target.targetCreated', ({ targetInfo }: { targetInfo: { targetId: string; type: string; url: string } }) => {
    if (isOurWorker(targetInfo)) void attach(targetInfo.targetId).catch(() => undefined);
  });
  session.on('Target.targetInfoChanged', ({ targetInfo }: { targetInfo: { targetId: string; type: string; url: string } }) => {
    if (isOurWorker(targetInfo)) void attach(targetInfo.targetId).catch(() => undefined);
  });
  session.on('Target.detachedFromTarget', ({ targetId }: { targetId?: string }) => {
    if (targetId) attached.delete(targetId);
  });
  await session.send('Target.setDiscoverTargets', { discover: true });
  const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
  for (const info of targetInfos.filter(isOurWorker)) await attach(info.targetId);
}

/** Pause every request of every page and extension page at the browser level, record it, let it go. */
async function recordBrowserRequests(session: CDPSession): Promise<void> {
  session.on('Fetch.requestPaused', (event: { requestId: string; resourceType: string; request: { method: string; url: string; headers: Record<string, string>; postData?: string; hasPostData?: boolean } }) => {
    recorded.push({
      recorder: 'browser-fetch',
      source: 'unknown',
      method: event.request.method,
      url: event.request.url,
      headers: lowerKeys(event.request.headers),
      body: event.request.postData ?? (event.request.hasPostData ? '[a body the protocol did not include]' : ''),
      detail: event.resourceType,
    });
    void session.send('Fetch.continueRequest', { requestId: event.requestId }).catch(() => undefined);
  });
  await session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
}

beforeAll(async () => {
  pages = generateNewsPages(PAGE_COUNT);
  pageServer = await startPageServer(pages);
  packRoot = mkdtempSync(join(tmpdir(), 'backstory-privacy-packs-'));
  packServer = await startPackServer({
    root: packRoot,
    // Log each request's body too (the server's own log has method, target and headers).
    intercept: async (_path, req) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      packBodies.push(Buffer.concat(chunks).toString('utf8'));
      return false;
    },
  });
  // A newer war pack on the pack server, so that "Check for updates" downloads a pack file.
  listedFiles = await publishToDir(packRoot, [nextVersion(shippedPack('war.russia-ukraine'))]);

  browser = await launchWithExtension();
  extensionOrigin = `chrome-extension://${browser.extensionId}`;
  browser.context.on('request', (request) => {
    const worker = request.serviceWorker();
    let source: Source;
    if (worker) source = worker.url().startsWith(`${extensionOrigin}/`) ? 'service worker' : 'other worker';
    else if (request.isNavigationRequest()) source = 'navigation';
    else {
      let frameUrl = '';
      try {
        frameUrl = request.frame().url();
      } catch {
        // Not a frame's request.
      }
      source = frameUrl.startsWith(`${extensionOrigin}/`) ? 'extension page' : frameUrl ? 'web page' : 'unknown';
    }
    // The headers as sent (Cookie included) arrive after the request starts; asked for now, before its page may close.
    const headers = request.allHeaders().catch(() => request.headers());
    playwrightRequests.push({ request, source, headers });
  });
  const cdpBrowser = browser.context.browser();
  if (!cdpBrowser) throw new Error('no browser object for the persistent context: cannot open a browser-level DevTools session');
  browserSession = await cdpBrowser.newBrowserCDPSession();
  await recordServiceWorkers(browserSession);
  await recordBrowserRequests(browserSession);
});

afterAll(async () => {
  await browserSession?.detach().catch(() => undefined);
  await browser?.close();
  await pageServer?.close();
  await packServer?.close();
  if (packRoot) rmSync(packRoot, { recursive: true, force: true });
});

describe('the manifest', () => {
  const manifest = () => JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Record<string, any>;

  it('asks for exactly the allow-listed permissions, no host permission, nothing optional, no external connections', () => {
    const m = manifest();
    expect([...(m.permissions ?? [])].sort()).toEqual([...ALLOWED_PERMISSIONS].sort());
    expect(m.host_permissions ?? []).toEqual([]);
    expect(m.optional_permissions).toBeUndefined();
    expect(m.optional_host_permissions).toBeUndefined();
    expect(m.externally_connectable).toBeUndefined();
    const accessible = (m.web_accessible_resources ?? []).flatMap((entry: string | { resources: string[] }) => (typeof entry === 'string' ? [entry] : entry.resources));
    expect(accessible.sort()).toEqual([...ALLOWED_WEB_ACCESSIBLE_RESOURCES].sort());
    const scripts = (m.content_scripts ?? []) as Array<{ matches: string[]; world?: string }>;
    expect([...new Set(scripts.flatMap((script) => script.matches))].sort()).toEqual([...ALLOWED_CONTENT_SCRIPT_MATCHES].sort());
    // The content script runs in its own isolated world, never in the page's.
    expect(scripts.filter((script) => script.world !== undefined && script.world !== 'ISOLATED')).toEqual([]);
  });

  it('each allow-listed permission and content-script match is justified in docs/permissions.md', () => {
    const rows = readFileSync(DOCS, 'utf8')
      .split('\n')
      .filter((line) => line.trim().startsWith('|'))
      .map((line) => line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim()));
    for (const name of [...ALLOWED_PERMISSIONS, ...ALLOWED_CONTENT_SCRIPT_MATCHES]) {
      const row = rows.find((cells) => cells[0]?.includes(`\`${name}\``));
      expect(row, `${DOCS} has no table row for \`${name}\``).toBeDefined();
      expect(row![1]?.length ?? 0, `${DOCS} does not say why the extension needs \`${name}\``).toBeGreaterThanOrEqual(40);
    }
  });
});

describe('privacy on the network', () => {
  /** Read a page as a reader does: open it, wait until the sentence with its secret is marked, open a card. */
  async function read(tab: Page, page: NewsPage): Promise<void> {
    await tab.goto(pageServer.url(page));
    const secret = tab.locator('article p', { hasText: page.textToken }).locator('[data-backstory-id]').first();
    await secret.waitFor({ timeout: 20_000 });
    await secret.hover();
    await tab.locator('backstory-popover .card').first().waitFor({ timeout: 10_000 });
    await tab.mouse.move(0, 0);
  }

  async function checkForUpdates(options: Page, outcome: string): Promise<void> {
    await options.reload();
    await options.locator('[data-part="sync-now"]:not([disabled])').click({ timeout: 15_000 });
    await options.locator(`[data-part="sync-status"][data-outcome="${outcome}"]`).waitFor({ timeout: 30_000 });
  }

  it(`reading ${PAGE_COUNT} pages and checking for updates sends nothing about the pages, only cookie-less pack GETs`, async () => {
    const { context } = browser;
    const started = Date.now();
    const control = `c${randomBytes(6).toString('hex')}`;

    // The reader points Backstory at a pack server; the browser holds a cookie for that server's host.
    const options = await context.newPage();
    await options.goto(`${extensionOrigin}/options.html`);
    await options.locator('[data-pack-id="war.russia-ukraine"]').waitFor({ timeout: 30_000 });
    await context.addCookies([{ name: 'reader', value: 'tracked', url: packServer.url('/') }]);
    const field = options.locator('[data-part="pack-server"]');
    await field.fill(packServer.url('/'));
    await field.blur();
    await expect.poll(async () => (await askBackground<SyncStatus>(options, 'syncStatus')).server, { timeout: 5_000 }).toBe(packServer.url('/'));

    // Half the pages, a check that downloads the newer pack, the other half, the popup, a check with nothing new.
    const tab = await context.newPage();
    for (const page of pages.slice(0, PAGE_COUNT / 2)) await read(tab, page);
    await checkForUpdates(options, 'updated');
    for (const page of pages.slice(PAGE_COUNT / 2)) await read(tab, page);
    const popup = await context.newPage();
    const popupUrl = `${extensionOrigin}/popup.html?tab=${await tabIdOf(options, tab)}`;
    await popup.goto(popupUrl);
    await popup.locator('[data-entity-id]').first().waitFor({ timeout: 10_000 });
    await popup.close();
    await checkForUpdates(options, 'up-to-date');
    // Leaving the last page runs its unload handlers (each earlier page's ran when the tab moved on).
    await tab.goto('about:blank');
    const readingMs = Date.now() - started;

    // Controls: one request from each place the extension could send from, and a navigation that carries the cookie.
    const controls = {
      worker: `${pageServer.origin}/control/worker-${control}`,
      extensionPage: `${pageServer.origin}/control/extension-page-${control}`,
      webPage: `${pageServer.origin}/control/web-page-${control}`,
      cookie: packServer.url(`/cookie-${control}.html`),
    };
    // A page of its own on the pack server (with an inline icon: no favicon request).
    writeFileSync(join(packRoot, `cookie-${control}.html`), '<!doctype html><link rel="icon" href="data:,"><title>control</title>');
    const worker = context.serviceWorkers().find((w) => w.url().startsWith(`${extensionOrigin}/`))!;
    await worker.evaluate((url) => fetch(url, { method: 'POST', body: 'worker control', credentials: 'omit' }).then(() => undefined, () => undefined), controls.worker);
    await options.evaluate((url) => fetch(url, { method: 'POST', body: 'extension page control' }).then(() => undefined, () => undefined), controls.extensionPage);
    const lastPage = pages.at(-1)!;
    await tab.goto(pageServer.url(lastPage));
    await tab.evaluate((url) => fetch(url).then(() => undefined, () => undefined), controls.webPage);
    await tab.goto(controls.cookie);
    await tab.goto('about:blank');
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // Collect Playwright's requests with the headers as sent (Cookie included) and the servers' logs.
    for (const { request, source, headers: sent } of playwrightRequests) {
      const headers = await Promise.race([sent, new Promise<Record<string, string>>((resolve) => setTimeout(() => resolve(request.headers()), 2_000))]);
      recorded.push({ recorder: 'playwright', source, method: request.method(), url: request.url(), headers: lowerKeys(headers), body: request.postData() ?? '', detail: request.resourceType() });
    }
    for (const r of pageServer.requests) recorded.push({ recorder: 'page-server', source: 'unknown', method: r.method, url: pageServer.origin + r.url, headers: lowerKeys(r.headers), body: r.body });
    packServer.requests.forEach((r, i) => recorded.push({ recorder: 'pack-server', source: 'unknown', method: r.method, url: packServer.origin + r.url, headers: lowerKeys(r.headers), body: packBodies[i] ?? '' }));

    // --- The controls: each recorder saw what it should, and the checks below can fail. ---
    const seenBy = (url: string) => new Set(recorded.filter((s) => s.url === url).map((s) => `${s.recorder}/${s.source}`));
    expect([...seenBy(controls.worker)].sort()).toEqual(['page-server/unknown', 'playwright/service worker', 'worker-cdp/service worker']);
    expect([...seenBy(controls.extensionPage)].sort()).toEqual(['browser-fetch/unknown', 'page-server/unknown', 'playwright/extension page']);
    expect([...seenBy(controls.webPage)].sort()).toEqual(['browser-fetch/unknown', 'page-server/unknown', 'playwright/web page']);
    expect(recorded.find((s) => s.recorder === 'worker-cdp' && s.url === controls.worker)?.body).toBe('worker control');
    expect(recorded.find((s) => s.recorder === 'page-server' && s.url === controls.extensionPage)?.body).toBe('extension page control');
    // A page's own request carries its address (Referer): the marker search finds it.
    expect(markersIn(recorded.find((s) => s.recorder === 'page-server' && s.url === controls.webPage)!).join(' ')).toContain(lastPage.pathToken);
    // The browser holds the pack server's cookie and sends it with requests that allow credentials.
    expect(recorded.find((s) => s.recorder === 'pack-server' && s.url === controls.cookie)?.headers.cookie).toContain('reader=tracked');

    const controlUrls = new Set(Object.values(controls));
    const controlNavigations = new Set([controls.cookie, pageServer.url(lastPage)]);
    // The control visit to the last page is set aside once (the first 20 loads are the reading).
    let lastPageLoads = 0;
    const record = recorded.filter((s) => {
      if (controlUrls.has(s.url)) return false;
      if (s.recorder === 'page-server' && s.url === pageServer.url(lastPage) && ++lastPageLoads === 2) return false;
      return true;
    });
    const pageUrls = new Set(pages.map((page) => pageServer.url(page)));
    const expectedNavigations = new Set([...pageUrls, ...controlNavigations, `${extensionOrigin}/options.html`, popupUrl, 'about:blank']);
    const allowedPackUrls = new Set([`${CHANNEL}/index.json`, `${CHANNEL}/index.json.sig`, ...listedFiles].map((path) => packServer.url(`/${path}`)));
    const isNetwork = (url: string) => /^(https?|wss?|ftp):/i.test(url);
    /** A navigation the test made itself (a page load, an extension page): its address is the test's. */
    const isTestNavigation = (s: Seen) =>
      (s.recorder === 'playwright' && s.source === 'navigation' && expectedNavigations.has(s.url)) ||
      (s.recorder === 'browser-fetch' && s.detail === 'Document' && expectedNavigations.has(s.url)) ||
      (s.recorder === 'page-server' && pageUrls.has(s.url));

    // --- The news site saw exactly the reader's 20 page loads, and nothing else. ---
    const siteLog = record.filter((s) => s.recorder === 'page-server');
    expect(siteLog.map((s) => `${s.method} ${s.url}`), 'the news site saw more than the page loads').toEqual(pages.map((page) => `GET ${pageServer.url(page)}`));
    expect(siteLog.filter((s) => s.body !== '')).toEqual([]);

    // --- (1) No request other than the test's own page loads carries anything of a page. ---
    const leaks = record
      .filter((s) => !isTestNavigation(s))
      .map((s) => ({ s, markers: markersIn(s) }))
      .filter(({ markers }) => markers.length > 0)
      .map(({ s, markers }) => `${show(s)} carries ${markers.join(', ')}`);
    expect(leaks, 'requests carrying a page address, title or text').toEqual([]);

    // --- (2) The only network requests besides the test's navigations are GETs of the catalogue, its signature and listed packs. ---
    const network = record.filter((s) => isNetwork(s.url) && !isTestNavigation(s));
    const unexpected = network.filter((s) => s.method !== 'GET' || !allowedPackUrls.has(s.url) || (s.recorder === 'playwright' && !['service worker', 'extension page'].includes(s.source)));
    expect(unexpected.map(show), 'network requests that are not pack sync GETs').toEqual([]);
    const packLog = record.filter((s) => s.recorder === 'pack-server').map((s) => s.url);
    expect(packLog, 'the pack server did not see the sync').toEqual(expect.arrayContaining([...allowedPackUrls]));
    // What the pack server saw is what the recorders saw the extension send.
    const sorted = (list: string[]) => [...list].sort();
    expect(sorted(record.filter((s) => s.recorder === 'playwright' && isNetwork(s.url) && s.source !== 'navigation').map((s) => s.url))).toEqual(sorted(packLog));
    expect(sorted(record.filter((s) => s.recorder === 'worker-cdp' && isNetwork(s.url)).map((s) => s.url))).toEqual(sorted(packLog));

    // --- (3) No cookie, no referrer, no body on any pack sync request. ---
    // (The DevTools protocol lists a request made with referrerPolicy "no-referrer" with an empty Referer: none is sent.)
    const withCredentials = network.filter((s) => s.headers.cookie !== undefined || (s.headers.referer ?? '') !== '' || s.body !== '');
    expect(withCredentials.map((s) => `${show(s)}: cookie=${s.headers.cookie ?? '-'} referer=${s.headers.referer ?? '-'} body=${s.body.length}`)).toEqual([]);

    // --- (4) Everything else is the extension's own package, or local. ---
    const packageLoads = record.filter((s) => s.url.startsWith('chrome-extension://'));
    const strangers = packageLoads.filter((s) => {
      const url = new URL(s.url);
      return url.host !== browser.extensionId || !existsSync(join(EXTENSION_DIR, decodeURIComponent(url.pathname)));
    });
    const other = record.filter((s) => !isNetwork(s.url) && !s.url.startsWith('chrome-extension://') && !/^(data|blob|about):/.test(s.url));
    expect([...strangers, ...other].map(show), `unexpected non-network requests; the package loads were:\n${[...new Set(packageLoads.map(show))].join('\n')}`).toEqual([]);

    // Settings in storage.sync travel with the reader's browser account (not seen here: the test browser does
    // not sync); they hold nothing of the pages read.
    const syncedSettings = JSON.stringify(await options.evaluate(() => chrome.storage.sync.get(null)));
    expect(markersInText(syncedSettings), `storage.sync: ${syncedSettings}`).toEqual([]);

    // No tab the test did not open.
    expect(context.pages().map((p) => p.url()).filter((url) => !expectedNavigations.has(url) && url !== 'about:blank')).toEqual([]);

    const count = (recorder: Recorder, filter: (s: Seen) => boolean = () => true) => record.filter((s) => s.recorder === recorder && filter(s)).length;
    const bySource = (recorder: Recorder) => {
      const counts = new Map<string, number>();
      for (const s of record.filter((s) => s.recorder === recorder)) {
        const key = `${s.source} ${isNetwork(s.url) ? 'network' : 'package'}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts].map(([key, n]) => `${key}: ${n}`).join(', ');
    };
    console.info(
      [
        `privacy: ${PAGE_COUNT} pages read and 2 update checks in ${(readingMs / 1000).toFixed(1)} s`,
        `  playwright: ${bySource('playwright')}`,
        `  worker-cdp (${workerCdpStats.attachments} attachment(s)): ${bySource('worker-cdp')}`,
        `  browser-fetch: ${count('browser-fetch')} (${count('browser-fetch', (s) => isNetwork(s.url))} network)`,
        `  package files loaded: ${[...new Set(packageLoads.map((s) => new URL(s.url).pathname))].sort().join(' ')}`,
        `  page-server: ${count('page-server')}; pack-server: ${count('pack-server')} (${[...new Set(packLog.map((url) => new URL(url).pathname))].join(', ')})`,
      ].join('\n'),
    );
  }, 150_000);
});

/** The markers of any page found in a request's URL, headers or body. */
function markersIn(s: Seen): string[] {
  return markersInText([s.url, ...Object.entries(s.headers).map(([k, v]) => `${k}: ${v}`), s.body].join('\n'));
}

/** The markers of any page found in `raw` (as it is, URL-decoded, in any case). */
function markersInText(raw: string): string[] {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // Not URL-encoded text.
  }
  const haystack = `${raw}\n${decoded}`.toLowerCase();
  const found: string[] = [];
  for (const page of pages) {
    const needles: Array<[string, string]> = [
      ['path token', page.pathToken],
      ['query token', page.queryToken],
      ['title token', page.titleToken],
      ['text token', page.textToken],
      ['secret phrase', page.secretPhrase],
      ['path', page.path],
    ];
    for (const [what, needle] of needles) if (haystack.includes(needle.toLowerCase())) found.push(`page ${page.n} ${what} ${needle}`);
  }
  // The news site's address (host and port): the pack server is on the same host, another port.
  const site = new URL(pageServer.origin).host;
  if (new RegExp(`${site.replace(/\./g, '\\.')}(?!\\d)`).test(haystack)) found.push(`the news site's host ${site}`);
  return found;
}
