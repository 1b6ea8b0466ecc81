/**
 * The one message contract between the content script, the popup, the options page and the background.
 * Every request has a `type` and a typed response. The only code that calls `sendMessage` is
 * `utils/messaging.ts`, typed by these maps.
 */
import type { Entity, EntityKind, PackManifest, PartialDate } from './pack/types';

/** One mention of an entity inside one of the texts sent for annotation (offsets in UTF-16 code units). */
export interface Mention {
  start: number;
  end: number;
  /** The chosen entity. */
  id: string;
  kind: EntityKind;
  /** Other entities the same words may name, best first (empty when unambiguous). */
  alternatives?: string[];
  /**
   * The resolver's margin between `id` and the first alternative was too small to be sure: the card
   * says so and shows the candidates instead of guessing silently.
   */
  uncertain?: boolean;
}

/** What a figure quotes: a quantity with its unit or counted noun, a calendar date, or a war-day count. */
export type FigureType = 'quantity' | 'date' | 'war-day';

/** A number or date the article quotes ("335,000 inhabitants", "December 29", "day 685"). */
export interface Figure {
  start: number;
  end: number;
  text: string;
  type: FigureType;
  /** The number as a value (335000; 685 for "day 685"; "hundreds of thousands" → 100000 as a lower bound); null for dates. */
  value: number | null;
  /** Normalized unit or counted noun: "km", "mi", "people", "inhabitants", "soldiers"... */
  unit?: string;
  /** For dates and war days: the ISO date (or "YYYY-MM" / "YYYY" / a season as "YYYY-MM") it resolves to against the article date. */
  date?: string;
  /** A short reading of the figure, e.g. "day 685 of the full-scale invasion". */
  context?: string;
}

/**
 * What a figure's date was resolved against: a war day counted from the war's first day, a date that states
 * its own year, or words ("Tuesday", "December 29") read against the article's date.
 */
export type FigureBasis =
  | { kind: 'war-day'; day: number; from: string }
  | { kind: 'as-written' }
  | { kind: 'article-date'; articleDate: string };

/** Everything the popover needs for a figure's card. */
export interface FigureCard {
  figure: Figure;
  /** The date the figure resolves to, with what it was resolved against (the card phrases it). */
  resolved?: { date: string; basis: FigureBasis };
  /** "40 km ≈ 25 mi". */
  conversions: string[];
  /** The knowledge base's value for the same measure of an entity named nearby ("Belgorod: 339,978 inhabitants, 2021 Russian census"). */
  comparisons: Array<{ entity: EntitySummary; measure: 'population'; value: number; year?: number; source: string }>;
  /** Events on (or spanning) the resolved date. */
  events: TimelineEvent[];
}

/** Enough about an entity to list it, without the full record. */
export interface EntitySummary {
  id: string;
  kind: EntityKind;
  name: string;
  description: string;
}

/** Where an installed pack came from. */
export type PackOrigin = 'bundled' | 'imported' | 'synced';

export interface PackInfo {
  manifest: PackManifest;
  installedAt: string;
  /** "bundled": shipped with the extension; "imported": a file the reader added; "synced": from the pack server. */
  origin: PackOrigin;
  /** A disabled pack stays installed but marks nothing and adds nothing to cards or timelines. */
  enabled: boolean;
  /** The file name of an import, or the catalogue URL of a sync. */
  sourceLabel?: string;
  /** Id of the key whose signature was verified; absent for bundled packs and unsigned imports. */
  signedBy?: string;
  /** Size of the pack's JSON in bytes. */
  sizeBytes: number;
  /** The version shipped inside the extension, when there is one: "revert to bundled" goes back to it. */
  bundledVersion?: number;
  /** Enabled packs that require this one (it cannot be disabled or removed while they are). */
  requiredBy: string[];
  /** The last time the pack server was asked about this pack, and what came of it. */
  lastCheck?: PackSyncResult & { at: string };
}

/** What one sync did with one pack. */
export interface PackSyncResult {
  id: string;
  installedVersion?: number;
  offeredVersion?: number;
  /**
   * updated: the new version is installed; up-to-date: nothing newer; refused: the catalogue's offer broke a
   * rule (rollback, same version with other content, wrong id); failed: the download or the pack was bad;
   * stale: the offer has expired; skipped: it needs a newer extension, or is disabled.
   */
  status: 'updated' | 'up-to-date' | 'refused' | 'failed' | 'stale' | 'skipped';
  /** Why, for every status but updated and up-to-date. */
  message?: string;
}

/** catalogue: fetching and verifying it; downloading: pack files; validating: checking the packs; applying: the write transaction. */
export type SyncPhase = 'catalogue' | 'downloading' | 'validating' | 'applying';

/** What one sync run did. */
export interface SyncReport {
  startedAt: string;
  finishedAt: string;
  trigger: 'schedule' | 'manual';
  /** The catalogue URL asked. */
  catalogue: string;
  channel: string;
  /**
   * updated: at least one pack was updated; up-to-date: nothing to do; partial: some packs updated, some
   * failed; failed: nothing changed because of an error; stale: the catalogue has expired;
   * not-configured: no pack server is set.
   */
  outcome: 'updated' | 'up-to-date' | 'partial' | 'failed' | 'stale' | 'not-configured';
  /** The reason, for failed, partial and stale. */
  error?: string;
  packs: PackSyncResult[];
  /** Where the time went, in milliseconds (download covers every pack file; apply, validation and the write). */
  timings?: { catalogueMs: number; downloadMs: number; applyMs: number };
}

/** Everything the options page and the popup show about syncing. */
export interface SyncStatus {
  /** The pack server's base URL; absent when none is configured. */
  server?: string;
  channel: string;
  /** Hours between scheduled checks; 0 means only on demand. */
  intervalHours: number;
  /** The sync in progress in this service worker, if any. */
  running?: { phase: SyncPhase; pack?: string };
  last?: SyncReport;
  /** When a check last reached the server and verified its catalogue. */
  lastSuccessAt?: string;
  /** The last catalogue (or an entry for an installed pack) had expired: the installed knowledge may be out of date. */
  stale: boolean;
  /** Whether the browser granted persistent storage (undefined when it could not be asked). */
  persisted?: boolean;
}

/** How current the knowledge behind a page is, for the popup. */
export interface KnowledgeStatus {
  /** The newest knowledge date among the enabled packs that define the given entities (all enabled packs when none). */
  knowledgeDate?: PartialDate;
  /** The last sync, when it did not succeed. */
  lastSyncProblem?: { at: string; outcome: SyncReport['outcome']; error: string };
  stale: boolean;
}

/** The answer to a pack management action (enable, disable, remove, revert). */
export type PackActionResult = { ok: true } | { ok: false; error: string };

/** A pack file the reader picked on the options page. */
export interface ImportRequest {
  /** The file's name, kept as the pack's source label. */
  name: string;
  /** The file's bytes, base64 (runtime messages carry JSON only); gzip files are recognised by their magic bytes. */
  data: string;
  /** The text of the detached signature file (`<file>.sig`) picked with it, if any. */
  signature?: string;
  /** The reader confirmed installing a pack that is not signed by a trusted key. */
  allowUnsigned?: boolean;
}

export type ImportResult =
  | { ok: true; manifest: PackManifest; signedBy?: string; status: 'installed' | 'unchanged' }
  /** `needsConfirmation`: the pack is valid but unsigned (or signed by an unknown key); ask, then resend with allowUnsigned. */
  | { ok: false; errors: string[]; needsConfirmation?: 'unsigned' };

export type ImportPhase = 'verifying' | 'decompressing' | 'validating' | 'writing';

/** The name of the `runtime.connect` port an import runs over, so the background can report progress. */
export const IMPORT_PORT = 'backstory-import';

/** What the background posts on the import port: progress, then exactly one result. */
export type ImportPortMessage = { type: 'progress'; phase: ImportPhase } | { type: 'result'; result: ImportResult };

/** A small offline locator map for a place, drawn by the background (SVG path data in a width x height box). */
export interface LocatorMap {
  width: number;
  height: number;
  /** Land outlines around the place. */
  land: string;
  /** The outline of the place's country, drawn over the land, when known. */
  country?: string;
  /** Where the place is, in the map's coordinates. */
  dot: [number, number];
}

/** Everything the popover needs to render one entity's card. */
export interface EntityCard {
  /** For places with coordinates (or a country outline): the locator map. */
  map?: LocatorMap;
  entity: Entity;
  pack: { id: string; title: string; knowledgeDate: PartialDate };
  /** Names and kinds of every entity id the card refers to (role organizations, countries, event places...). */
  refs: Record<string, EntitySummary>;
  /** Events that name this entity (as place or participant), oldest first. */
  events: TimelineEvent[];
}

export interface TimelineEvent {
  id: string;
  name: string;
  description: string;
  start: PartialDate;
  end?: PartialDate;
  places: EntitySummary[];
  participants: EntitySummary[];
  /** Which of the requested entity ids this event is linked to (itself, a place or a participant). */
  linkedTo: string[];
}

/** Requests handled by the background. */
export interface BackgroundRequests {
  /** Find mentions in each text; `results[i]` belongs to `texts[i]`. */
  annotate: {
    /** `articleDate` ("YYYY-MM-DD") resolves relative dates and war-day counts in figures. */
    req: { texts: string[]; articleDate?: string };
    res: { results: Mention[][]; figures: Figure[][]; entities: Record<string, EntitySummary> };
  };
  /** The card of one figure; `nearbyIds` are the entities mentioned near it, nearest first. */
  figureCard: { req: { figure: Figure; articleDate: string; nearbyIds: string[] }; res: FigureCard };
  entityCard: { req: { id: string }; res: EntityCard | null };
  /** Events linked to any of the ids, oldest first. */
  timeline: { req: { ids: string[] }; res: TimelineEvent[] };
  listPacks: { req: Record<string, never>; res: PackInfo[] };
  /** Install a pack file (import without progress; the options page uses the IMPORT_PORT). Nothing changes unless it is valid. */
  installPack: { req: ImportRequest; res: ImportResult };
  setPackEnabled: { req: { id: string; enabled: boolean }; res: PackActionResult };
  /** Remove an imported or synced pack that is not bundled; bundled packs are the floor and cannot be removed. */
  removePack: { req: { id: string }; res: PackActionResult };
  /** Replace a synced or imported pack by the version bundled with the extension. */
  revertPack: { req: { id: string }; res: PackActionResult };
  /** The content script reports how many entities its page names: the toolbar badge shows it (0 clears it). */
  pageStats: { req: { entities: number }; res: null };
  /** Check the pack server now (joins a check already running). */
  syncNow: { req: Record<string, never>; res: SyncReport };
  syncStatus: { req: Record<string, never>; res: SyncStatus };
  /** How current the knowledge is for these entities (the page's), and whether the last sync failed. */
  knowledgeStatus: { req: { ids: string[] }; res: KnowledgeStatus };
}

/** What the content script knows about the page it runs in. */
export interface PageSummary {
  url: string;
  /** True when the page looked like an article or the reader asked to scan it. */
  scanned: boolean;
  /** The article's own date (ISO date) if the page states one. */
  articleDate?: string;
  /** Entities found, in order of first mention, with their mention counts. */
  entities: Array<EntitySummary & { count: number }>;
  /**
   * Set when the reader turned Backstory off, so the content script left the page as published:
   * "everywhere" (the `backstoryEnabled` setting is off) or "site" (the page's site is in `disabledSites`).
   */
  disabled?: 'everywhere' | 'site';
}

/** Requests handled by the content script of a tab. */
export interface TabRequests {
  pageSummary: { req: Record<string, never>; res: PageSummary };
  /** Scroll to the first mention of an entity (or of any of the event's places/participants) and flash it. */
  scrollTo: { req: { id: string }; res: { found: boolean } };
  /** Scan this page even if it does not look like an article. */
  scanPage: { req: Record<string, never>; res: PageSummary };
}

export type RequestOf<M, K extends keyof M> = M[K] extends { req: infer R } ? R : never;
export type ResponseOf<M, K extends keyof M> = M[K] extends { res: infer R } ? R : never;

/** The envelope that travels through `runtime.sendMessage` / `tabs.sendMessage`. */
export interface Envelope<M, K extends keyof M = keyof M> {
  backstory: 1;
  type: K;
  payload: RequestOf<M, K>;
}

/** What a handler answers: the result, or an error message (exceptions do not cross contexts intact). */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };
