/**
 * Installing the packs shipped inside the extension. The caller supplies how to read them (the background
 * fetches them from the extension's files), so this stays testable without a browser.
 */
import { readMeta, writeMeta, type KnowledgeBase } from './db';
import { installPack, type InstallResult } from './install';

export interface BundledPackSource {
  /** Identifies this set of bundled packs (the extension version): a new stamp means they may have changed. */
  stamp: string;
  /** File names of the bundled packs, in install order. */
  list(): Promise<string[]>;
  /** The parsed JSON of one bundled pack file. */
  load(file: string): Promise<unknown>;
}

export interface BundledInstallReport {
  file: string;
  result: InstallResult;
}

/** True when the bundled packs of this stamp were already installed (by this or an earlier start). */
export async function bundledPacksAreCurrent(kb: KnowledgeBase, stamp: string): Promise<boolean> {
  return (await readMeta(kb, 'bundledStamp')) === stamp;
}

/**
 * Install every bundled pack, one after another (idempotent: an unchanged pack is skipped by the
 * installer). The stamp is recorded only when every file could be read, so a failed read is retried at
 * the next start; a pack the installer rejects is not retried, as the same files would be rejected again.
 */
export async function installBundledPacks(kb: KnowledgeBase, source: BundledPackSource): Promise<BundledInstallReport[]> {
  const files = await source.list();
  const reports: BundledInstallReport[] = [];
  let allRead = true;
  for (const file of files) {
    let input: unknown;
    try {
      input = await source.load(file);
    } catch (error) {
      allRead = false;
      const message = error instanceof Error ? error.message : String(error);
      reports.push({ file, result: { status: 'rejected', errors: [`Could not read bundled pack "${file}": ${message}`] } });
      continue;
    }
    reports.push({ file, result: await installPack(kb, input, 'bundled') });
  }
  if (allRead) await writeMeta(kb, 'bundledStamp', source.stamp);
  return reports;
}
