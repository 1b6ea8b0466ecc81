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

/** Everything the popover needs for a figure's card. */
export interface FigureCard {
  figure: Figure;
  /** The date the figure resolves to, with what it was resolved against. */
  resolved?: { date: string; basis: string };
  /** "40 km ≈ 25 mi". */
  conversions: string[];
  /** The knowledge base's value for the same measure of an entity named nearby ("Belgorod: 339,978 inhabitants, 2021 Russian census"). */
  comparisons: Array<{ entity: EntitySummary; label: string; value: number; year?: number; source: string }>;
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

export interface PackInfo {
  manifest: PackManifest;
  installedAt: string;
  /** "bundled" for packs shipped with the extension, "imported" for files the reader added. */
  origin: 'bundled' | 'imported';
}

/** Everything the popover needs to render one entity's card. */
export interface EntityCard {
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
  /** Install a pack given as JSON text (file import). Nothing changes unless it is valid. */
  installPack: {
    req: { json: string };
    res: { ok: true; manifest: PackManifest } | { ok: false; errors: string[] };
  };
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
