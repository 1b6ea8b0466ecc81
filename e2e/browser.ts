/** Launches Debian's Chromium with the built extension loaded, through playwright-core (no browser download). */
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The extension API in the service worker, as evaluate uses it there. */
declare const chrome: { storage: { local: { set(items: object): Promise<void>; remove(key: string): Promise<void> } } };

export const EXTENSION_DIR = resolve(process.env.BACKSTORY_EXTENSION_DIR ?? '.output/chrome-mv3');

export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error('Chromium not found: install Debian\'s "chromium" package or set CHROME_PATH');
  return found;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  close(): Promise<void>;
  /** Kill every Chromium process of this profile at once (SIGKILL), as a crash or a power cut would. */
  kill(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  /** Reuse this profile directory (kept on close); a fresh temporary one otherwise (removed on close). */
  userDataDir?: string;
  /** The browser's interface language ("fr"): what chrome.i18n, and so Backstory's interface, follows. */
  language?: string;
  /**
   * Leave cards in closed shadow roots, as readers get them. By default the tests turn on the
   * `inspectableCards` setting (open roots) so that locators such as `backstory-popover .card` and axe
   * reach the card (docs/isolation.md).
   */
  closedCards?: boolean;
  /** Load the unpacked extension from here (a copy of the build, say) instead of EXTENSION_DIR. */
  extensionDir?: string;
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run "npm run build" first`);
  }
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'backstory-profile-'));
  const headless = options.headless ?? true;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: false, // headless is passed as --headless=new below: the old headless mode has no extensions
    viewport: { width: 1280, height: 900 },
    // On Linux Chromium takes its interface language from --lang and, for some builds, from LANGUAGE.
    ...(options.language ? { locale: options.language, env: { ...process.env, LANGUAGE: options.language } } : {}),
    args: [
      ...(options.language ? [`--lang=${options.language}`] : []),
      ...(headless ? ['--headless=new'] : []),
      '--no-sandbox',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  // Written before any page opens: the content script reads it before its first card.
  await serviceWorker.evaluate(
    (closed) => (closed ? chrome.storage.local.remove('inspectableCards') : chrome.storage.local.set({ inspectableCards: true })),
    options.closedCards ?? false,
  );
  return {
    context,
    extensionId,
    serviceWorker,
    async close() {
      await context.close();
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
    async kill() {
      // Chromium's processes carry the profile directory on their command line.
      spawnSync('pkill', ['-KILL', '-f', `--user-data-dir=${userDataDir}`]);
      await Promise.race([context.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    },
  };
}
