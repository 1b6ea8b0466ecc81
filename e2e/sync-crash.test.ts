/**
 * End to end: Chromium killed (SIGKILL, as a crash or a power cut) while it applies a synced pack, then
 * started again on the same profile. The reader must find exactly the old pack or exactly the new one,
 * and the next sync must finish the update.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startPackServer, type PackServer } from '../scripts/pack-server';
import type { SyncReport, SyncStatus } from '../lib/messages';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { askBackground, nextVersion, publishToDir, readKnowledge, shippedPack, startSync } from './pack-publishing';
import { openOptionsWhenInstalled } from './tabs';

let root: string;
let profile: string;
let packServer: PackServer;
let browser: ExtensionBrowser | undefined;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'backstory-crash-server-'));
  profile = mkdtempSync(join(tmpdir(), 'backstory-crash-profile-'));
  packServer = await startPackServer({ root });
});

afterAll(async () => {
  await browser?.close();
  await packServer?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

async function openOptions(b: ExtensionBrowser): Promise<Page> {
  const page = await openOptionsWhenInstalled(b);
  return page;
}

it('finds exactly the old or the new pack after Chromium is killed during an apply, and finishes on the next sync', async () => {
  browser = await launchWithExtension({ userDataDir: profile });
  let options = await openOptions(browser);
  const field = options.locator('[data-part="pack-server"]');
  await field.fill(packServer.url('/'));
  await field.blur();
  await expect.poll(() => askBackground<SyncStatus>(options, 'syncStatus').then((s) => s.server)).toBe(packServer.url('/'));

  const gazetteer = nextVersion(shippedPack('world.gazetteer'));
  await publishToDir(root, [gazetteer]);
  const before = await readKnowledge(options);
  await startSync(options);
  await expect.poll(() => askBackground<SyncStatus>(options, 'syncStatus').then((s) => s.running?.phase), { timeout: 20_000, interval: 25 }).toBe('applying');
  await options.waitForTimeout(500);
  await browser.kill();

  browser = await launchWithExtension({ userDataDir: profile });
  options = await openOptions(browser);
  const afterCrash = await readKnowledge(options);
  const report = await askBackground<SyncReport>(options, 'syncNow');
  expect(['updated', 'up-to-date']).toContain(report.outcome);
  const finished = await readKnowledge(options);
  expect(finished.versions['world.gazetteer']).toBe(2);
  expect([before, finished], 'neither the old nor the new state after the crash').toContainEqual(afterCrash);
  console.info(`Chromium killed during the apply: the reader found the ${afterCrash.digest === before.digest ? 'old' : 'new'} pack after the restart`);
});
