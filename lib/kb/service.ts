/**
 * What the background does with the knowledge base, without the browser wiring: one `ready` promise
 * (database open and bundled packs in place) that every request awaits, the in-memory matcher, pack
 * management, syncing and importing, and the answers to each background request. The background entry
 * point only connects this to the browser.
 */
import type {
  BackgroundRequests,
  EntityCard,
  EntitySummary,
  FigureCard,
  ImportPhase,
  ImportRequest,
  ImportResult,
  KnowledgeStatus,
  Mention,
  PackActionResult,
  PackInfo,
  SyncPhase,
  SyncReport,
  SyncStatus,
  TimelineEvent,
} from '../messages';
import { detectFigures } from '../figures/detect';
import { buildFigureCard } from './figure-card';
import { Matcher } from '../matcher/index';
import { comparePartialDates } from '../pack/dates';
import { resolveDocument, type ResolvedMention } from '../resolve/index';
import { decodeImport } from '../sync/import-file';
import type { TrustedKey } from '../sync/signature';
import { runSync, type SyncLimits } from '../sync/sync';
import { bundledPacks, bundledPacksAreCurrent, installBundledPacks, type BundledInstallReport, type BundledPackSource } from './bundled';
import { isEnabled, readMeta, writeMeta, type KnowledgeBase } from './db';
import { readKnowledge } from './entity-store';
import { installPack, installPacks, type InstallResult } from './install';
import { removePack, setPackEnabled } from './manage';
import { entityCard, getSummaries, listPacks, timeline } from './queries';
import { loadMatcherIndex } from './matcher-index';

type Log = Pick<Console, 'info' | 'warn'>;

/** Where and how often to sync, read from the reader's settings at each sync. */
export interface SyncTarget {
  /** The pack server's base URL; undefined or empty when none is configured. */
  server?: string;
  channel: string;
  intervalHours: number;
}

export interface SyncOptions {
  fetch: typeof fetch;
  trustedKeys: readonly TrustedKey[];
  extensionVersion: string;
  target: () => Promise<SyncTarget>;
  limits?: Partial<SyncLimits>;
  now?: () => Date;
}

export interface KnowledgeServiceOptions {
  open: () => Promise<KnowledgeBase>;
  bundled: BundledPackSource;
  /** Without it, sync and signed imports are unavailable (tests of other parts). */
  sync?: SyncOptions;
  /** Whether the browser keeps the database under storage pressure (navigator.storage.persisted). */
  persisted?: () => Promise<boolean | undefined>;
  log?: Log;
}

type Res<K extends keyof BackgroundRequests> = BackgroundRequests[K]['res'];

export interface KnowledgeService {
  /** Resolves once the database is open and the bundled packs of this version are installed. */
  ready(): Promise<KnowledgeBase>;
  /** Reinstall the bundled packs (on extension install/update) unless this start already did. */
  refreshBundled(): Promise<BundledInstallReport[]>;
  annotate(texts: string[], articleDate?: string): Promise<Res<'annotate'>>;
  figureCard(request: BackgroundRequests['figureCard']['req']): Promise<FigureCard>;
  entityCard(id: string): Promise<EntityCard | null>;
  timeline(ids: string[]): Promise<TimelineEvent[]>;
  listPacks(): Promise<PackInfo[]>;
  /** A pack file the reader imported: verified, decoded, validated and installed, reporting each phase. */
  importPack(request: ImportRequest, onPhase?: (phase: ImportPhase) => void): Promise<ImportResult>;
  setPackEnabled(id: string, enabled: boolean): Promise<PackActionResult>;
  removePack(id: string): Promise<PackActionResult>;
  revertPack(id: string): Promise<PackActionResult>;
  /** Check the pack server; a call while a sync runs joins it. */
  sync(trigger: SyncReport['trigger']): Promise<SyncReport>;
  syncStatus(): Promise<SyncStatus>;
  knowledgeStatus(ids: string[]): Promise<KnowledgeStatus>;
}

export function createKnowledgeService({ open, bundled, sync: syncOptions, persisted, log = console }: KnowledgeServiceOptions): KnowledgeService {
  let opening: Promise<KnowledgeBase> | undefined;
  let readiness: Promise<KnowledgeBase> | undefined;
  /** The bundled install run of this start, shared by the start-up check and onInstalled. */
  let bundledRun: Promise<BundledInstallReport[]> | undefined;
  let matcher: Promise<Matcher | undefined> | undefined;
  let syncing: Promise<SyncReport> | undefined;
  let syncProgress: { phase: SyncPhase; pack?: string } | undefined;

  /**
   * The browser deleted the database (storage eviction, "clear site data") or another version needs it:
   * forget the connection, so the next request opens it afresh and reinstalls the bundled packs.
   */
  const forgetConnection = () => {
    opening = undefined;
    readiness = undefined;
    bundledRun = undefined;
    matcher = undefined;
  };

  const openOnce = (): Promise<KnowledgeBase> => {
    opening ??= open().then(
      (kb) => {
        kb.addEventListener('close', forgetConnection);
        kb.addEventListener('versionchange', forgetConnection);
        return kb;
      },
      (error: unknown) => {
        opening = undefined; // let the next request try again rather than fail forever
        throw error;
      },
    );
    return opening;
  };

  const runBundled = (kb: KnowledgeBase): Promise<BundledInstallReport[]> => {
    bundledRun ??= installBundledPacks(kb, bundled).then(
      (reports) => {
        for (const { file, result } of reports) logResult(log, `bundled pack ${file}`, result);
        if (reports.some(({ result }) => result.status === 'installed')) matcher = undefined;
        return reports;
      },
      (error: unknown) => {
        log.warn('Backstory: could not install the bundled packs:', error);
        bundledRun = undefined;
        return [];
      },
    );
    return bundledRun;
  };

  const ready = (): Promise<KnowledgeBase> => {
    readiness ??= openOnce().then(
      async (kb) => {
        // The bundled packs are the floor: an empty database (evicted and recreated) gets them again.
        const current = (await bundledPacksAreCurrent(kb, bundled.stamp)) && (await kb.count('packs')) > 0;
        if (!current) await runBundled(kb);
        return kb;
      },
      (error: unknown) => {
        readiness = undefined;
        throw error;
      },
    );
    return readiness;
  };

  /** Run a change and drop the cached matcher when it changed what is installed. */
  const changed = async <T>(run: Promise<T>, didChange: (value: T) => boolean): Promise<T> => {
    const value = await run;
    if (didChange(value)) matcher = undefined;
    return value;
  };

  const currentMatcher = async (kb: KnowledgeBase): Promise<Matcher | undefined> => {
    const loading = (matcher ??= loadMatcherIndex(kb).then((data) => (data ? Matcher.load(data) : undefined)));
    try {
      return await loading;
    } catch (error) {
      if (matcher === loading) matcher = undefined;
      throw error;
    }
  };

  const syncTarget = async (): Promise<SyncTarget> =>
    syncOptions ? syncOptions.target() : { channel: 'stable', intervalHours: 0 };

  const syncNow = async (trigger: SyncReport['trigger']): Promise<SyncReport> => {
    const kb = await ready();
    const target = await syncTarget();
    const state = (await readMeta(kb, 'syncState')) ?? {};
    const now = syncOptions?.now ?? (() => new Date());
    if (!syncOptions || !target.server) {
      const at = now().toISOString();
      return { startedAt: at, finishedAt: at, trigger, catalogue: '', channel: target.channel, outcome: 'not-configured', packs: [] };
    }
    const installed = (await kb.getAll('packs')).map((record) => ({
      id: record.manifest.id,
      version: record.manifest.version,
      enabled: isEnabled(record),
      ...(record.fileHashes ? { fileHashes: record.fileHashes } : {}),
    }));
    const run = await runSync({
      server: target.server,
      channel: target.channel,
      trigger,
      installed,
      ...(state.catalogueIssuedAt ? { lastIssuedAt: state.catalogueIssuedAt } : {}),
      trustedKeys: syncOptions.trustedKeys,
      extensionVersion: syncOptions.extensionVersion,
      fetch: syncOptions.fetch,
      now,
      ...(syncOptions.limits ? { limits: syncOptions.limits } : {}),
      onPhase: (phase, pack) => {
        syncProgress = pack ? { phase, pack } : { phase };
      },
      apply: async (downloads) => {
        const results = await installPacks(
          kb,
          downloads.map((download) => ({
            input: download.input,
            source: { origin: 'synced' as const, sourceLabel: download.catalogueUrl, signedBy: download.signedBy, fileHashes: download.fileHashes },
          })),
          { onWrite: () => (syncProgress = { phase: 'applying' }) },
        );
        if (results.some((result) => result.status === 'installed')) matcher = undefined;
        return results.map((result) => (result.status === 'rejected' ? { installed: false, errors: result.errors } : { installed: true }));
      },
    });
    const verified = run.issuedAt !== undefined;
    await writeMeta(kb, 'syncState', {
      last: run.report,
      ...(verified ? { lastSuccessAt: run.report.finishedAt } : state.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}),
      ...(newest(run.issuedAt, state.catalogueIssuedAt) ? { catalogueIssuedAt: newest(run.issuedAt, state.catalogueIssuedAt) } : {}),
      stale: verified ? run.stale : (state.stale ?? false),
    });
    for (const pack of run.report.packs) if (pack.status === 'updated') log.info(`Backstory: pack "${pack.id}" updated to v${pack.offeredVersion}`);
    if (run.report.error) log.warn(`Backstory: pack sync ${run.report.outcome}: ${run.report.error}`);
    return run.report;
  };

  return {
    ready,
    refreshBundled: async () => runBundled(await ready()),

    async annotate(texts, articleDate) {
      const kb = await ready();
      const found = await currentMatcher(kb);
      // Figures need no knowledge base: they are found even before any pack is installed.
      const figures = texts.map((text) => detectFigures(text, articleDate));
      if (!found) return { results: texts.map(() => []), figures, entities: {} };
      const ids = new Set<string>();
      // Resolved over all the texts of the page at once: the page is the context for every name.
      const results = resolveDocument(found, texts).map((mentions) =>
        mentions.map((mention) => {
          ids.add(mention.id);
          for (const id of mention.alternatives) ids.add(id);
          return toMention(mention);
        }),
      );
      const entities: Record<string, EntitySummary> = await getSummaries(kb, ids);
      return { results, figures, entities };
    },

    figureCard: async (request) => buildFigureCard(await ready(), request),

    entityCard: async (id) => entityCard(await ready(), id),
    timeline: async (ids) => timeline(await ready(), ids),
    listPacks: async () => listPacks(await ready()),

    async importPack(request, onPhase = () => undefined) {
      const kb = await ready();
      const decoded = await decodeImport(request, syncOptions?.trustedKeys ?? [], onPhase);
      if (!decoded.ok) return decoded;
      onPhase('validating');
      const [result] = await changed(
        installPacks(kb, [{ input: decoded.input, source: { origin: 'imported', sourceLabel: request.name, ...(decoded.signedBy ? { signedBy: decoded.signedBy } : {}) } }], {
          onWrite: () => onPhase('writing'),
        }),
        (results) => results[0]?.status === 'installed',
      );
      logResult(log, `imported pack ${request.name}`, result!);
      if (result!.status === 'rejected') return { ok: false, errors: result!.errors };
      return { ok: true, status: result!.status, manifest: result!.manifest, ...(decoded.signedBy ? { signedBy: decoded.signedBy } : {}) };
    },

    setPackEnabled: async (id, enabled) => changed(setPackEnabled(await ready(), id, enabled), (result) => result.ok),

    async removePack(id) {
      const kb = await ready();
      return changed(removePack(kb, id, new Set((await bundledPacks(kb)).keys())), (result) => result.ok);
    },

    async revertPack(id) {
      const kb = await ready();
      const file = (await bundledPacks(kb)).get(id)?.file;
      if (!file) return { ok: false, error: `No pack "${id}" ships with Backstory.` };
      let input: unknown;
      try {
        input = await bundled.load(file);
      } catch (error) {
        return { ok: false, error: `The bundled copy of "${id}" could not be read (${error instanceof Error ? error.message : String(error)}).` };
      }
      const result = await changed(installPack(kb, input, { origin: 'bundled', revert: true }), (r) => r.status === 'installed');
      return result.status === 'rejected' ? { ok: false, error: result.errors.join(' ') } : { ok: true };
    },

    sync(trigger) {
      syncing ??= syncNow(trigger).finally(() => {
        syncing = undefined;
        syncProgress = undefined;
      });
      return syncing;
    },

    async syncStatus() {
      const kb = await ready();
      const [target, state, isPersisted] = await Promise.all([
        syncTarget(),
        readMeta(kb, 'syncState'),
        persisted ? persisted().catch(() => undefined) : Promise.resolve(undefined),
      ]);
      const status: SyncStatus = { channel: target.channel, intervalHours: target.intervalHours, stale: state?.stale ?? false };
      if (target.server) status.server = target.server;
      if (syncing && syncProgress) status.running = syncProgress;
      else if (syncing) status.running = { phase: 'catalogue' };
      if (state?.last) status.last = state.last;
      if (state?.lastSuccessAt) status.lastSuccessAt = state.lastSuccessAt;
      if (isPersisted !== undefined) status.persisted = isPersisted;
      return status;
    },

    async knowledgeStatus(ids) {
      const kb = await ready();
      const [{ packs, onPage }, state] = await Promise.all([
        readKnowledge(kb, async ({ directory }) => ({
          packs: [...directory.packs.values()],
          onPage: new Set(ids.flatMap((id) => directory.packOf(id) ?? [])),
        })),
        readMeta(kb, 'syncState'),
      ]);
      const enabled = packs.filter(isEnabled);
      const relevant = onPage.size > 0 ? enabled.filter((record) => onPage.has(record.manifest.id)) : enabled;
      // The freshest knowledge about what the page names: a gazetteer updated less often than the news
      // packs must not make every recent article look uncovered.
      const dates = relevant.map((record) => record.manifest.knowledgeDate).sort(comparePartialDates);
      const status: KnowledgeStatus = { stale: state?.stale ?? false };
      const newestDate = dates[dates.length - 1];
      if (newestDate) status.knowledgeDate = newestDate;
      const last = state?.last;
      if (last && last.error && (last.outcome === 'failed' || last.outcome === 'partial' || last.outcome === 'stale')) {
        status.lastSyncProblem = { at: last.finishedAt, outcome: last.outcome, error: last.error };
      }
      return status;
    },
  };
}

/** The later of two ISO instants (either may be missing). */
function newest(a: string | undefined, b: string | undefined): string | undefined {
  if (!a || !b) return a ?? b;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function toMention(match: ResolvedMention): Mention {
  const mention: Mention = { start: match.start, end: match.end, id: match.id, kind: match.kind, alternatives: match.alternatives };
  if (match.uncertain) mention.uncertain = true;
  return mention;
}

function logResult(log: Log, what: string, result: InstallResult): void {
  if (result.status === 'rejected') {
    log.warn(`Backstory: ${what} rejected:\n  ${result.errors.join('\n  ')}`);
  } else {
    log.info(`Backstory: ${what} "${result.manifest.id}" v${result.manifest.version} ${result.status}`);
  }
}
