/**
 * The interface follows the browser's language: Chromium started in French (--lang=fr) shows the card, the
 * marks' accessible names, the popup and the options page in French, with French dates and numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from './server';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { openMarkedPage, tabIdOf, openOptionsWhenInstalled } from './tabs';

let server: DemoServer;
let browser: ExtensionBrowser;
let extensionPage: Page;

beforeAll(async () => {
  server = await startDemoServer(resolve('demo'));
  browser = await launchWithExtension({ language: 'fr' });
  extensionPage = await openOptionsWhenInstalled(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('under a French browser', () => {
  it('the options page is in French', async () => {
    const headings = await extensionPage.locator('h2').allTextContents();
    expect(headings).toEqual(['Dans la page', 'Paquets de connaissances', 'Importer un fichier de paquet', 'Mises à jour', 'À propos']);
    expect(await extensionPage.locator('[data-pack-id="world.gazetteer"] [data-part="pack-source"]').textContent()).toBe('Fourni avec Backstory');
    expect(await extensionPage.locator('[data-part="sync-now"]').textContent()).toBe('Rechercher des mises à jour');
    expect(await extensionPage.locator('[data-part="setting-theme"] option').allTextContents()).toContain('Suivre le système');
  });

  it('a card and the marks speak French, with French dates and numbers', async () => {
    const page = await openMarkedPage(browser.context, server.url('/article.html'));
    const mention = page.locator('article p [data-backstory-id="place:belgorod-ru"]').first();
    expect(await mention.getAttribute('aria-label')).toMatch(/^Belgorod \(lieu\) : afficher le contexte$/);
    await mention.focus();
    const card = page.locator('backstory-popover .card[data-entity-id="place:belgorod-ru"]');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.getAttribute('aria-label')).toBe('Belgorod : fiche Backstory');
    expect(await card.locator('[data-part="kind"]').textContent()).toBe('Lieu · Ville');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Date de l’article :');
    // French months and a narrow no-break space between thousands.
    expect(text).toMatch(/\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}/);
    expect(text).toMatch(/Population\d{3}\u202f\d{3}/);
    expect(await card.locator('dt').allTextContents()).toContain('Coordonnées');
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached', timeout: 5_000 });

    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(extensionPage, page)}`);
    await popup.waitForSelector('[data-event-id]', { timeout: 10_000 });
    expect(await popup.locator('.timeline-section h2').textContent()).toBe('Chronologie');
    expect(await popup.locator('[data-part="article-date"] .label').textContent()).toBe('Cet article');
    expect(await popup.locator('.entity-group h2').allTextContents()).toEqual(expect.arrayContaining(['Personnes', 'Lieux']));
    expect(await popup.locator('[data-part="site-off"]').textContent()).toBe('Ne pas lancer sur 127.0.0.1');
    await popup.close();
    await page.close();
  });
});
