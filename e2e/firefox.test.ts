/**
 * Firefox smoke test: the Firefox (MV2) build in Debian's firefox-esr, driven over WebDriver BiDi
 * (e2e/firefox-driver.ts), against the demo article on 127.0.0.1. It builds `.output/firefox-mv2` first
 * (a few seconds; the packs must be compiled, as `npm test` does) unless BACKSTORY_FIREFOX_EXTENSION_DIR
 * names a build. Skipped, with the reason, when no Firefox 138+ is installed (`.ci/run` installs firefox-esr).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDemoServer, type DemoServer } from './server';
import {
  FIREFOX_EXTENSION_DIR,
  MIN_FIREFOX_FOR_BIDI_INSTALL,
  firefoxMajorVersion,
  firefoxPath,
  launchFirefox,
  productionBuildEnv,
  type FirefoxBidi,
} from './firefox-driver';


const path = firefoxPath();
const version = path ? firefoxMajorVersion(path) : 0;
const skipReason = !path
  ? process.env.FIREFOX_PATH
    ? `FIREFOX_PATH=${process.env.FIREFOX_PATH} does not exist`
    : 'firefox-esr is not installed (apt-get install -y firefox-esr, or set FIREFOX_PATH)'
  : version < MIN_FIREFOX_FOR_BIDI_INSTALL
    ? `${path} is Firefox ${version}; installing an extension over WebDriver BiDi needs Firefox ${MIN_FIREFOX_FOR_BIDI_INSTALL}+`
    : '';
if (skipReason) console.warn(`[firefox smoke test] skipped: ${skipReason}`);

let server: DemoServer;
/** The same demo site, its article served with a strict Content-Security-Policy (issue 9, point 4). */
let strictServer: DemoServer;
const STRICT_CSP = "default-src 'none'; style-src 'self'";
let firefox: FirefoxBidi;
let tab: string;

describe.skipIf(Boolean(skipReason))(`Backstory in Firefox ${version || '(not installed)'}`, () => {
  beforeAll(async () => {
    if (!process.env.BACKSTORY_FIREFOX_EXTENSION_DIR) {
      const build = spawnSync('npx', ['wxt', 'build', '-b', 'firefox'], { encoding: 'utf8', timeout: 120_000, env: productionBuildEnv() });
      if (build.status !== 0) throw new Error(`wxt build -b firefox failed:\n${build.stdout}\n${build.stderr}`);
    }
    if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) throw new Error(`no Firefox build in ${FIREFOX_EXTENSION_DIR}`);
    server = await startDemoServer(resolve('demo'));
    strictServer = await startDemoServer(resolve('demo'), 0, { headers: { '/article.html': { 'content-security-policy': STRICT_CSP } } });
    firefox = await launchFirefox({ path });
  });

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
    await strictServer?.close();
  });

  it('installs the extension as a temporary add-on', async () => {
    const manifest = JSON.parse(readFileSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(await firefox.installExtension(FIREFOX_EXTENSION_DIR)).toBe(manifest.browser_specific_settings.gecko.id);
  });

  it('marks the people and places of the demo article', async () => {
    tab = await firefox.newTab();
    await firefox.navigate(tab, server.url('/article.html'));
    // The first run installs the bundled packs into IndexedDB (the background page) before the page is marked.
    // The page is marked in slices: wait for the last paragraphs' marks as well as the first ones.
    const expected = ['person:sergei-shoigu', 'place:belgorod-ru', 'place:kyiv-ua', 'organization:kremlin', 'place:donetsk-oblast-ua', 'place:avdiivka-ua'];
    const selectors = JSON.stringify(expected.map((id) => `[data-backstory-id="${id}"]`));
    await firefox.waitFor(tab, `${selectors}.every((selector) => document.querySelector(selector))`, 40_000, 'the marks');
    const marks = await firefox.evaluate<Array<{ id: string; kind: string; text: string }>>(
      tab,
      `[...document.querySelectorAll('[data-backstory-id]')].map((e) => ({ id: e.dataset.backstoryId, kind: e.dataset.backstoryKind, text: e.textContent }))`,
    );
    expect(marks.length).toBeGreaterThan(10);
    expect(marks).toContainEqual({ id: 'place:donetsk-oblast-ua', kind: 'place', text: 'Donetsk region' });
    expect(marks).toContainEqual({ id: 'place:avdiivka-ua', kind: 'place', text: 'Avdiïvka' });
    expect(marks.map((m) => m.id)).toEqual(expect.arrayContaining(expected));
  });

  it('opens a card on keyboard focus, styled, with the office held at the article date, in a closed root', async () => {
    await firefox.evaluate(tab, `document.querySelector('[data-backstory-id="person:sergei-shoigu"]').focus()`);
    // The card is in a closed shadow root, as readers get it (the `inspectableCards` setting is off): the
    // page cannot reach it, the test reads it through BiDi (docs/isolation.md).
    const card = <T,>(fn: string) => firefox.inShadowRoot<T>(tab, 'backstory-popover', fn);
    const deadline = Date.now() + 15_000;
    let facts: string | undefined;
    while (!(facts = await card<string>(`(root) => root.querySelector('.card[data-entity-id="person:sergei-shoigu"] [data-part="facts"]')?.textContent`))) {
      if (Date.now() > deadline) throw new Error('timed out after 15000 ms waiting for the card');
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(facts).toMatch(/Minister of Defen[cs]e of Russia at the time/);
    expect(await firefox.evaluate(tab, `document.querySelector('backstory-popover').shadowRoot === null`)).toBe(true);
    // Its shadow root is styled (a constructed sheet, or the <style> fallback where Firefox's Xrays ignore
    // adoptedStyleSheets): the card's kind-coloured top border comes from components/card.css.
    const styled = (await card<{ adopted: number; styleElements: number; borderTop: string }>(
      `(root) => ({ adopted: root.adoptedStyleSheets.length, styleElements: root.querySelectorAll('style').length,
        borderTop: getComputedStyle(root.querySelector('.card')).borderTopWidth })`,
    ))!;
    expect(styled.borderTop).toBe('3px');
    expect(styled.adopted + styled.styleElements).toBeGreaterThan(0);
  });

  it('styles the card on a page with a strict CSP (default-src \'none\'; style-src \'self\')', async () => {
    const strict = await firefox.newTab();
    await firefox.navigate(strict, strictServer.url('/article.html'));
    // The policy is in force: the page's own stylesheet (same origin) applies, an inline <style> does not.
    expect(
      await firefox.evaluate(
        strict,
        `(() => { const s = document.createElement('style'); s.textContent = 'h1 { outline: 7px solid red }'; document.head.append(s);
          return getComputedStyle(document.querySelector('h1')).outlineWidth; })()`,
      ),
    ).not.toBe('7px');
    await firefox.waitFor(strict, `document.querySelector('[data-backstory-id="person:sergei-shoigu"]')`, 40_000, 'the marks');
    await firefox.evaluate(strict, `document.querySelector('[data-backstory-id="person:sergei-shoigu"]').focus()`);
    const card = <T,>(fn: string) => firefox.inShadowRoot<T>(strict, 'backstory-popover', fn);
    const deadline = Date.now() + 15_000;
    while (!(await card<boolean>(`(root) => Boolean(root.querySelector('.card[data-entity-id="person:sergei-shoigu"] [data-part="facts"]'))`))) {
      if (Date.now() > deadline) throw new Error('timed out after 15000 ms waiting for the card');
      await new Promise((done) => setTimeout(done, 100));
    }
    const styled = (await card<{ adopted: number; styleElements: number; borderTop: string; fontSize: string; radius: string; background: string }>(
      `(root) => { const frame = root.querySelector('.frame'); const style = getComputedStyle(frame);
        return { adopted: root.adoptedStyleSheets.length, styleElements: root.querySelectorAll('style').length,
          borderTop: getComputedStyle(root.querySelector('.card')).borderTopWidth, fontSize: style.fontSize,
          radius: style.borderTopLeftRadius, background: style.backgroundColor }; }`,
    ))!;
    expect(styled).toMatchObject({ borderTop: '3px', fontSize: '14px', radius: '10px' });
    expect(styled.background).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
    // The constructed sheet, not a <style> element (which this policy would block).
    expect(styled.adopted).toBeGreaterThan(0);
  });
});
