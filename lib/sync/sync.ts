/**
 * One sync with a pack server, as Remote Settings and uBlock Origin's list updates do it: fetch the
 * channel's catalogue and its detached signature, verify it with a pinned key, decide per installed pack
 * whether the offer may be taken (no rollback, no changed version, not expired, not too new for this
 * extension), download each file capped at its declared size and check its SHA-256, parse, and only
 * then hand every downloaded pack to `apply` at once. Nothing here writes: a failure at any step leaves
 * the installed packs exactly as they were. Browser-free; the background supplies fetch and the keys.
 */
import type { PackSyncResult, SyncPhase, SyncReport } from '../messages';
import { catalogueUrl, compareVersions, CATALOGUE_LIMITS, fileUrl, parseCatalogue, type Catalogue, type CataloguePack } from './catalogue';
import { concatBytes, sha256Hex } from './bytes';
import { DownloadError, fetchBounded, gunzipBounded, parseJsonBytes } from './download';
import { verifySignature, type TrustedKey } from './signature';

export interface SyncLimits {
  catalogueTimeoutMs: number;
  /** A file's time limit is this plus `msPerMegabyte` for each declared megabyte. */
  fileTimeoutMs: number;
  msPerMegabyte: number;
  catalogueBytes: number;
  signatureBytes: number;
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  catalogueTimeoutMs: 20_000,
  fileTimeoutMs: 30_000,
  msPerMegabyte: 10_000,
  catalogueBytes: CATALOGUE_LIMITS.catalogueBytes,
  signatureBytes: 4096,
};

/** What sync needs to know about one installed pack. */
export interface InstalledPackState {
  id: string;
  version: number;
  enabled: boolean;
  /** SHA-256 of the files it was synced from, when it was synced. */
  fileHashes?: string[];
}

/** A pack downloaded and parsed, not yet validated or installed. */
export interface DownloadedPack {
  entry: CataloguePack;
  input: unknown;
  fileHashes: string[];
  catalogueUrl: string;
  signedBy: string;
}

/** What `apply` answers for each downloaded pack, in order: null when installed, else the reasons. */
export type ApplyOutcome = Array<{ installed: true } | { installed: false; errors: string[] }>;

export interface SyncInput {
  server: string;
  channel: string;
  trigger: SyncReport['trigger'];
  installed: readonly InstalledPackState[];
  /** `issuedAt` of the newest catalogue accepted before: an older one is refused as a replay. */
  lastIssuedAt?: string;
  trustedKeys: readonly TrustedKey[];
  extensionVersion: string;
  fetch: typeof fetch;
  now?: () => Date;
  limits?: Partial<SyncLimits>;
  onPhase?: (phase: SyncPhase, pack?: string) => void;
  /** Install every downloaded pack in one transaction (all or nothing). */
  apply: (packs: DownloadedPack[]) => Promise<ApplyOutcome>;
}

export interface SyncRun {
  report: SyncReport;
  /** The verified catalogue's issuedAt, to remember against replays; absent when none was verified. */
  issuedAt?: string;
  /** The catalogue, or an installed pack's entry, has expired. */
  stale: boolean;
}

export async function runSync(input: SyncInput): Promise<SyncRun> {
  const now = input.now ?? (() => new Date());
  const limits = { ...DEFAULT_SYNC_LIMITS, ...input.limits };
  const startedAt = now().toISOString();
  const url = catalogueUrl(input.server, input.channel);
  const finish = (outcome: SyncReport['outcome'], packs: PackSyncResult[], error?: string): SyncReport => ({
    startedAt,
    finishedAt: now().toISOString(),
    trigger: input.trigger,
    catalogue: url,
    channel: input.channel,
    outcome,
    ...(error ? { error } : {}),
    packs,
    timings: { catalogueMs: Math.round(timings.catalogueMs), downloadMs: Math.round(timings.downloadMs), applyMs: Math.round(timings.applyMs) },
  });

  const timings = { catalogueMs: 0, downloadMs: 0, applyMs: 0 };
  let phaseStart = performance.now();
  const lap = (phase: keyof typeof timings) => {
    const end = performance.now();
    timings[phase] += end - phaseStart;
    phaseStart = end;
  };

  input.onPhase?.('catalogue');
  const fetched = await fetchCatalogue(url, input, limits);
  lap('catalogueMs');
  if (!fetched.ok) return { report: finish('failed', [], fetched.error), stale: false };
  const { catalogue, signedBy } = fetched;

  if (catalogue.channel !== input.channel) {
    return { report: finish('failed', [], `The catalogue is for channel "${catalogue.channel}", not "${input.channel}"; nothing was changed.`), stale: false };
  }
  if (input.lastIssuedAt && Date.parse(catalogue.issuedAt) < Date.parse(input.lastIssuedAt)) {
    return {
      report: finish('failed', [], `The catalogue was issued on ${catalogue.issuedAt}, before the one already seen (${input.lastIssuedAt}): an old copy is being replayed; nothing was changed.`),
      stale: false,
    };
  }
  if (Date.parse(catalogue.expiresAt) <= now().getTime()) {
    return {
      report: finish('stale', [], `The pack server's catalogue expired on ${catalogue.expiresAt.slice(0, 10)}; the installed packs are kept but may be out of date.`),
      issuedAt: catalogue.issuedAt,
      stale: true,
    };
  }

  const results = new Map<string, PackSyncResult>();
  const wanted: Array<{ entry: CataloguePack; installed: InstalledPackState }> = [];
  for (const installed of input.installed) {
    const decision = decide(installed, catalogue, input, now());
    if (decision === 'download') wanted.push({ entry: catalogue.packs.find((p) => p.id === installed.id)!, installed });
    else results.set(installed.id, decision);
  }

  const downloads: DownloadedPack[] = [];
  for (const { entry, installed } of wanted) {
    input.onPhase?.('downloading', entry.id);
    try {
      downloads.push(await downloadPack(url, entry, signedBy, input.fetch, limits));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      results.set(entry.id, offer(installed, entry, 'failed', reason));
    }
  }
  lap('downloadMs');

  if (downloads.length > 0) {
    // 'validating' until the installer opens its write transaction; the caller reports 'applying' then.
    input.onPhase?.('validating');
    let outcome: ApplyOutcome;
    try {
      outcome = await input.apply(downloads);
    } catch (error) {
      const reason = `could not be installed (${error instanceof Error ? error.message : String(error)}); nothing was changed`;
      outcome = downloads.map(() => ({ installed: false, errors: [reason] }));
    }
    lap('applyMs');
    downloads.forEach((download, i) => {
      const installed = input.installed.find((p) => p.id === download.entry.id)!;
      const applied = outcome[i] ?? { installed: false, errors: ['was not installed'] };
      results.set(
        download.entry.id,
        applied.installed ? offer(installed, download.entry, 'updated') : offer(installed, download.entry, 'failed', applied.errors.slice(0, 5).join(' ')),
      );
    });
  }

  const packs = input.installed.map((p) => results.get(p.id)!).filter(Boolean);
  const stale = packs.some((p) => p.status === 'stale');
  return { report: finish(...summarize(packs)), issuedAt: catalogue.issuedAt, stale };
}

type Fetched = { ok: true; catalogue: Catalogue; signedBy: string } | { ok: false; error: string };

async function fetchCatalogue(url: string, input: SyncInput, limits: SyncLimits): Promise<Fetched> {
  const get = (target: string, maxBytes: number) => fetchBounded(target, { fetch: input.fetch, maxBytes, timeoutMs: limits.catalogueTimeoutMs });
  let bytes: Uint8Array;
  let signature: Uint8Array;
  try {
    [bytes, signature] = await Promise.all([get(url, limits.catalogueBytes), get(`${url}.sig`, limits.signatureBytes)]);
  } catch (error) {
    return { ok: false, error: `Could not fetch the catalogue ${url}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.` };
  }
  const verified = await verifySignature(bytes, new TextDecoder().decode(signature), input.trustedKeys);
  if (!verified.ok) return { ok: false, error: `The catalogue was refused: ${verified.error}. Nothing was changed.` };
  const parsed = parseCatalogue(bytes);
  if (!parsed.ok) return { ok: false, error: `The catalogue was refused: ${parsed.error}. Nothing was changed.` };
  return { ok: true, catalogue: parsed.catalogue, signedBy: verified.keyId };
}

/** Whether the catalogue's offer for one installed pack may be downloaded, or what to report instead. */
function decide(installed: InstalledPackState, catalogue: Catalogue, input: SyncInput, now: Date): 'download' | PackSyncResult {
  const entry = catalogue.packs.find((p) => p.id === installed.id);
  if (!installed.enabled) return { id: installed.id, installedVersion: installed.version, status: 'skipped', message: 'disabled' };
  if (!entry) return { id: installed.id, installedVersion: installed.version, status: 'up-to-date', message: 'not offered by this server' };
  if (entry.channel !== input.channel) return offer(installed, entry, 'refused', `offered for channel "${entry.channel}", not "${input.channel}"`);
  if (Date.parse(entry.expiresAt) <= now.getTime()) return offer(installed, entry, 'stale', `the offer expired on ${entry.expiresAt.slice(0, 10)}`);
  if (compareVersions(input.extensionVersion, entry.minExtensionVersion) < 0) {
    return offer(installed, entry, 'skipped', `version ${entry.version} needs Backstory ${entry.minExtensionVersion} or later`);
  }
  if (entry.version < installed.version) {
    return offer(installed, entry, 'refused', `version ${entry.version} is older than the installed version ${installed.version} (rollback refused)`);
  }
  if (entry.version === installed.version) {
    const offered = entry.files.map((file) => file.sha256);
    if (installed.fileHashes && offered.join() !== installed.fileHashes.join()) {
      return offer(installed, entry, 'refused', `version ${entry.version} is offered with other content than the copy installed (a published version never changes)`);
    }
    return offer(installed, entry, 'up-to-date');
  }
  return 'download';
}

function offer(installed: InstalledPackState, entry: CataloguePack, status: PackSyncResult['status'], message?: string): PackSyncResult {
  return { id: installed.id, installedVersion: installed.version, offeredVersion: entry.version, status, ...(message ? { message } : {}) };
}

/** Download, check and decode every file of one pack entry, then parse the pack and check it is the one offered. */
async function downloadPack(catalogue: string, entry: CataloguePack, signedBy: string, fetchFn: typeof fetch, limits: SyncLimits): Promise<DownloadedPack> {
  const origin = new URL(catalogue).origin;
  const parts: Uint8Array[] = [];
  for (const file of entry.files) {
    const url = fileUrl(catalogue, file);
    if (new URL(url).origin !== origin) throw new DownloadError(`${file.path}: not on the catalogue's server`);
    const timeoutMs = limits.fileTimeoutMs + Math.ceil(file.size / 1_048_576) * limits.msPerMegabyte;
    let bytes: Uint8Array;
    try {
      bytes = await fetchBounded(url, { fetch: fetchFn, maxBytes: file.size, exactBytes: file.size, timeoutMs });
    } catch (error) {
      throw new DownloadError(`${file.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if ((await sha256Hex(bytes)) !== file.sha256) throw new DownloadError(`${file.path}: its SHA-256 does not match the catalogue`);
    try {
      parts.push(file.encoding === 'gzip' ? await gunzipBounded(bytes, file.decodedSize ?? 0, file.decodedSize) : bytes);
    } catch (error) {
      throw new DownloadError(`${file.path} ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let input: unknown;
  try {
    input = parseJsonBytes(concatBytes(parts));
  } catch (error) {
    throw new DownloadError(`the pack ${error instanceof Error ? error.message : String(error)}`);
  }
  const manifest = (input as { manifest?: { id?: unknown; version?: unknown } } | null)?.manifest;
  if (manifest?.id !== entry.id) throw new DownloadError(`the file holds pack "${String(manifest?.id)}", not "${entry.id}"`);
  if (manifest.version !== entry.version) throw new DownloadError(`the file holds version ${String(manifest.version)}, not ${entry.version}`);
  return { entry, input, fileHashes: entry.files.map((file) => file.sha256), catalogueUrl: catalogue, signedBy };
}

function summarize(packs: readonly PackSyncResult[]): [SyncReport['outcome'], PackSyncResult[], string?] {
  const updated = packs.filter((p) => p.status === 'updated');
  const problems = packs.filter((p) => p.status === 'failed' || p.status === 'refused');
  const firstProblem = problems[0] ? `${problems[0].id}: ${problems[0].message}` : undefined;
  if (updated.length > 0 && problems.length > 0) return ['partial', [...packs], firstProblem];
  if (updated.length > 0) return ['updated', [...packs]];
  if (problems.length > 0) return ['failed', [...packs], firstProblem];
  const stale = packs.find((p) => p.status === 'stale');
  if (stale) return ['stale', [...packs], `${stale.id}: ${stale.message}`];
  return ['up-to-date', [...packs]];
}
