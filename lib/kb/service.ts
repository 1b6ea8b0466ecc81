/**
 * What the background does with the knowledge base, without the browser wiring: one `ready` promise
 * (database open and bundled packs in place) that every request awaits, the in-memory matcher, and the
 * answers to each background request. The background entry point only connects this to the browser.
 */
import type { BackgroundRequests, EntityCard, EntitySummary, FigureCard, Mention, PackInfo, TimelineEvent } from '../messages';
import { detectFigures } from '../figures/detect';
import { buildFigureCard } from './figure-card';
import { Matcher } from '../matcher/index';
import { resolveDocument, type ResolvedMention } from '../resolve/index';
import { bundledPacksAreCurrent, installBundledPacks, type BundledInstallReport, type BundledPackSource } from './bundled';
import type { KnowledgeBase } from './db';
import { installPack, type InstallOrigin, type InstallResult } from './install';
import { entityCard, getSummaries, listPacks, timeline } from './queries';
import { loadMatcherIndex } from './matcher-index';

type Log = Pick<Console, 'info' | 'warn'>;

export interface KnowledgeServiceOptions {
  open: () => Promise<KnowledgeBase>;
  bundled: BundledPackSource;
  log?: Log;
}

type Res<K extends keyof BackgroundRequests> = BackgroundRequests[K]['res'];

export interface KnowledgeService {
  /** Resolves once the database is open and the bundled packs of this version are installed. */
  ready(): Promise<KnowledgeBase>;
  /** Reinstall the bundled packs (on extension install/update) unless this start already did. */
  refreshBundled(): Promise<BundledInstallReport[]>;
  install(input: unknown, origin: InstallOrigin): Promise<InstallResult>;
  annotate(texts: string[], articleDate?: string): Promise<Res<'annotate'>>;
  figureCard(request: BackgroundRequests['figureCard']['req']): Promise<FigureCard>;
  entityCard(id: string): Promise<EntityCard | null>;
  timeline(ids: string[]): Promise<TimelineEvent[]>;
  listPacks(): Promise<PackInfo[]>;
  /** A pack file the reader imported, as text. */
  installPackJson(json: string): Promise<Res<'installPack'>>;
}

export function createKnowledgeService({ open, bundled, log = console }: KnowledgeServiceOptions): KnowledgeService {
  let opening: Promise<KnowledgeBase> | undefined;
  let readiness: Promise<KnowledgeBase> | undefined;
  /** The bundled install run of this start, shared by the start-up check and onInstalled. */
  let bundledRun: Promise<BundledInstallReport[]> | undefined;
  let matcher: Promise<Matcher | undefined> | undefined;

  const openOnce = (): Promise<KnowledgeBase> => {
    opening ??= open().catch((error: unknown) => {
      opening = undefined; // let the next request try again rather than fail forever
      throw error;
    });
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
        if (!(await bundledPacksAreCurrent(kb, bundled.stamp))) await runBundled(kb);
        return kb;
      },
      (error: unknown) => {
        readiness = undefined;
        throw error;
      },
    );
    return readiness;
  };

  const install = async (input: unknown, origin: InstallOrigin): Promise<InstallResult> => {
    const kb = await ready();
    const result = await installPack(kb, input, origin);
    if (result.status === 'installed') matcher = undefined;
    return result;
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

  return {
    ready,
    refreshBundled: async () => runBundled(await ready()),
    install,

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

    async installPackJson(json) {
      let input: unknown;
      try {
        input = JSON.parse(json);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, errors: [`The file is not valid JSON (${reason}); nothing was installed.`] };
      }
      const result = await install(input, 'imported');
      logResult(log, 'imported pack', result);
      return result.status === 'rejected' ? { ok: false, errors: result.errors } : { ok: true, manifest: result.manifest };
    },
  };
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
