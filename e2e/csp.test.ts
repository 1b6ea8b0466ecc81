/**
 * End to end, strict CSP (issue 9, point 4): a page served with `Content-Security-Policy: default-src 'none';
 * style-src 'self'` (no inline style, no script) gets styled marks and cards, the same as the same page
 * served without a policy, and the policy reports no violation: the card's sheet is a constructed one
 * (adoptedStyleSheets), the marks' is the extension's own content-script CSS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from './server';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { KYIV, writeIsolationSite } from './isolation-pages';
import { openOptionsWhenInstalled } from './tabs';

const POLICY = "default-src 'none'; style-src 'self'";

/** The card's look: what a missing stylesheet would change. */
const CARD_STYLE = ['background-color', 'color', 'font-size', 'font-family', 'line-height', 'border-top-left-radius', 'max-width', 'box-shadow', 'position'];
const MARK_STYLE = ['text-decoration-line', 'text-decoration-color', 'text-underline-offset', 'cursor'];

/** Recorded in the page from the first script on (an init script runs whatever the policy says). */
const RECORD_VIOLATIONS = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample });
}, true);`;

interface Violation {
  directive: string;
  blocked: string;
  source: string;
  sample: string;
}

let dir: string;
let strict: DemoServer;
let open: DemoServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'backstory-csp-'));
  writeIsolationSite(dir);
  // The same files, with the policy on the page and without.
  strict = await startDemoServer(dir, 0, { headers: { '/csp.html': { 'content-security-policy': POLICY } } });
  open = await startDemoServer(dir);
  browser = await launchWithExtension();
  const options = await openOptionsWhenInstalled(browser);
  await options.close();
});

afterAll(async () => {
  await browser?.close();
  await strict?.close();
  await open?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const computed = (element: Element, names: string[]) => Object.fromEntries(names.map((name) => [name, getComputedStyle(element).getPropertyValue(name)]));

/** Open the page, focus its Kyiv mark and wait for the card; what it looks like and what the page logged. */
async function cardOn(server: DemoServer) {
  const page = await browser.context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.addInitScript(RECORD_VIOLATIONS);
  const response = await page.goto(server.url('/csp.html'));
  const mark = page.locator(`article p [data-backstory-id="${KYIV}"]`).first();
  await mark.waitFor({ timeout: 20_000 });
  await mark.focus();
  const card = page.locator(`backstory-popover .card[data-entity-id="${KYIV}"]`);
  await card.waitFor({ timeout: 10_000 });
  const frame = await page.locator('backstory-popover .frame').first().evaluate(computed, CARD_STYLE);
  const heading = await card.locator('h2').evaluate(computed, ['font-size', 'font-weight']);
  const markStyle = await mark.evaluate(computed, MARK_STYLE);
  const sheets = await page.locator('backstory-popover').evaluate((host) => ({
    adopted: host.shadowRoot!.adoptedStyleSheets.length,
    styleElements: host.shadowRoot!.querySelectorAll('style').length + document.querySelectorAll('style').length,
  }));
  return { page, policy: response?.headers()['content-security-policy'], frame, heading, markStyle, sheets, consoleErrors };
}

const violationsOf = (page: Page) => page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);

describe('a page with a strict Content Security Policy', () => {
  it('gets the same styled marks and cards as without one, and reports no violation', async () => {
    const withPolicy = await cardOn(strict);
    const without = await cardOn(open);
    expect(withPolicy.policy).toBe(POLICY);
    expect(without.policy).toBeUndefined();

    // Styled: the design's values, not a browser's defaults...
    expect(withPolicy.frame).toMatchObject({ 'font-size': '14px', 'border-top-left-radius': '10px', 'max-width': '360px', position: 'fixed' });
    expect(withPolicy.frame['background-color']).not.toMatch(/^(transparent|rgba\(0, 0, 0, 0\))$/);
    expect(withPolicy.frame['box-shadow']).not.toBe('none');
    expect(withPolicy.markStyle['text-decoration-line']).toBe('underline');
    // ...and the same as on the page without the policy.
    expect(withPolicy.frame).toEqual(without.frame);
    expect(withPolicy.heading).toEqual(without.heading);
    expect(withPolicy.markStyle).toEqual(without.markStyle);
    // By a constructed sheet: no <style> element in the card or the page.
    expect(withPolicy.sheets).toEqual({ adopted: 1, styleElements: 0 });

    expect(await violationsOf(withPolicy.page)).toEqual([]);
    expect(withPolicy.consoleErrors).toEqual([]);

    // Control: the policy is enforced and the recorders hear it. An inline <style> is refused, reported and not applied.
    const applied = await withPolicy.page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 7px solid red }';
      document.head.append(style);
      return getComputedStyle(document.body).outlineStyle;
    });
    expect(applied).toBe('none');
    await expect.poll(() => violationsOf(withPolicy.page)).toEqual([expect.objectContaining({ directive: 'style-src-elem', blocked: 'inline' })]);
    await expect.poll(() => withPolicy.consoleErrors.length).toBeGreaterThan(0);

    await withPolicy.page.close();
    await without.page.close();
  });
});
