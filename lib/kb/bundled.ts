/**
 * Installing the packs shipped inside the extension. The caller supplies how to read them (the background
 * fetches them from the extension's files), so this stays testable without a browser.
 */
import { readMeta, writeMeta, type KnowledgeBase } from './db';
import { declaredPackId, installPack, installPacks, type InstallResult } from './install';

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
  /** The pack id and version the file declares (when it could be read). */
  id?: string;
  version?: number;
  result: InstallResult;
  /** Time to read, validate and install this file, in milliseconds. */
  ms: number;
}

/** What the last run of `installBundledPacks` did, kept in `meta` for diagnostics and measurements. */
export interface BundledInstallRecord {
  stamp: string;
  finishedAt: string;
  ms: number;
  /** Each bundled file, with the pack id and version it held when it could be read. */
  packs: Array<{ file: string; status: InstallResult['status']; ms: number; id?: string; version?: number }>;
}

/** True when the bundled packs of this stamp were already installed (by this or an earlier start). */
export async function bundledPacksAreCurrent(kb: KnowledgeBase, stamp: string): Promise<boolean> {
  return (await readMeta(kb, 'bundledStamp')) === stamp;
}

/**
 * Install every bundled pack (idempotent: an unchanged pack is skipped by the installer). All of them are
 * first tried together, in one transaction with one matcher index build (the first install is then about a
 * third faster); if any is rejected, nothing of that attempt was written and they are installed one after
 * another, so one bad file does not keep the others out. The stamp is recorded only when every file could
 * be read, so a failed read is retried at the next start; a pack the installer rejects is not retried, as
 * the same files would be rejected again.
 */
export async function installBundledPacks(kb: KnowledgeBase, source: BundledPackSource): Promise<BundledInstallReport[]> {
  const began = performance.now();
  const files = await source.list();
  const loaded: Array<{ file: string; input?: unknown; error?: string; ms: number }> = [];
  for (const file of files) {
    const fileBegan = performance.now();
    try {
      loaded.push({ file, input: await source.load(file), ms: performance.now() - fileBegan });
    } catch (error) {
      loaded.push({ file, error: error instanceof Error ? error.message : String(error), ms: performance.now() - fileBegan });
    }
  }
  const readable = loaded.filter((entry) => entry.error === undefined);
  const allRead = readable.length === loaded.length;

  const installBegan = performance.now();
  let results = await installPacks(kb, readable.map(({ input }) => ({ input, source: { origin: 'bundled' as const } })));
  // Each file's time: its read, plus its share of the one install.
  let share = (performance.now() - installBegan) / Math.max(1, readable.length);
  if (results.some((result) => result.status === 'rejected')) {
    results = [];
    share = 0;
    for (const entry of readable) {
      const fileBegan = performance.now();
      results.push(await installPack(kb, entry.input, 'bundled'));
      entry.ms += performance.now() - fileBegan;
    }
  }
  const reports: BundledInstallReport[] = loaded.map((entry) => {
    if (entry.error !== undefined) {
      return { file: entry.file, result: { status: 'rejected', errors: [`Could not read bundled pack "${entry.file}": ${entry.error}`] }, ms: entry.ms };
    }
    const result = results[readable.indexOf(entry)] as InstallResult;
    return { file: entry.file, ...declaredVersion(entry.input), result, ms: entry.ms + share };
  });
  await writeMeta(kb, 'bundledInstall', {
    stamp: source.stamp,
    finishedAt: new Date().toISOString(),
    ms: performance.now() - began,
    packs: reports.map(({ file, result, ms, id, version }) => ({ file, status: result.status, ms, ...(id ? { id } : {}), ...(version ? { version } : {}) })),
  });
  if (allRead) await writeMeta(kb, 'bundledStamp', source.stamp);
  return reports;
}

/** The id and version a pack file declares, read defensively (the file may be invalid). */
function declaredVersion(input: unknown): { id?: string; version?: number } {
  const id = declaredPackId(input);
  const version = (input as { manifest?: { version?: unknown } }).manifest?.version;
  return { ...(id ? { id } : {}), ...(typeof version === 'number' ? { version } : {}) };
}

/** The bundled packs last installed, by pack id: the file each came from and its version (from the record of that run). */
export async function bundledPacks(kb: KnowledgeBase): Promise<Map<string, { file: string; version?: number }>> {
  const record = await readMeta(kb, 'bundledInstall');
  return new Map((record?.packs ?? []).flatMap(({ id, file, version }) => (id ? [[id, version ? { file, version } : { file }] as const] : [])));
}
