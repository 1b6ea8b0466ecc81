/**
 * Backstory in one page: decides whether to scan, marks mentions and figures, runs the popover,
 * follows the reader's settings (on/off, per site, kinds, style, first mention only, figures), toggles
 * the highlights with Alt+Shift+B, tells the background how many entities the page names (the toolbar
 * badge) and answers the popup's requests. It follows the page as it changes (live-updates.ts) and scans
 * again when a single-page site navigates to another article. Everything it adds is removed when the content
 * script context is invalidated (extension reloaded or updated).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { i18n } from '#i18n';
import type { EntityCard, FigureCard, PageSummary } from '@/lib/messages';
import type { EntityKind } from '@/lib/pack/types';
import { localIsoDate } from '@/lib/page/article-date';
import { isSiteDisabled } from '@/lib/page/sites';
import { handleTabRequests, sendToBackground } from '@/utils/messaging';
import {
  backstoryEnabled,
  disabledSites,
  firstMentionOnly,
  highlightKinds,
  highlightStyle,
  followSetting,
  showFigures,
  type BooleanSetting,
  type HighlightKind,
  type HighlightStyle,
  type Setting,
} from '@/utils/settings';
import { pageLooksLikeArticle, readArticleDate } from './article';
import type { MarkedFigure, MarkedMention } from './marks';
import { LiveUpdates } from './live-updates';
import { ALL_KINDS, PageMarks } from './page-marks';
import { Popover } from './popover';
import { OWN_UI_ATTRIBUTE } from './text-blocks';

/**
 * What the page talks to; tests pass stand-ins. A setting left out keeps its default (on, no disabled
 * site, every kind, underline, every mention).
 */
export interface PageServices {
  send: typeof sendToBackground;
  showFigures: BooleanSetting;
  enabled?: Setting<boolean>;
  disabledSites?: Setting<string[]>;
  highlightKinds?: Setting<HighlightKind[]>;
  highlightStyle?: Setting<HighlightStyle>;
  firstMentionOnly?: Setting<boolean>;
  /** The page's host name (default: the document's). */
  hostname?: string;
}

const BROWSER_SERVICES: PageServices = {
  send: sendToBackground,
  showFigures,
  enabled: backstoryEnabled,
  disabledSites,
  highlightKinds,
  highlightStyle,
  firstMentionOnly,
};

/** After a single-page navigation, the new article is read once the page has made no change for this long (ms)... */
const NAVIGATION_QUIET_MS = 150;
/** ... or after this long, whatever it is still doing (a page that animates all the time). */
const NAVIGATION_WAIT_MAX_MS = 1_000;

/** The address without its fragment: following an anchor (#section) is not a new article. */
function pageAddress(url: URL | string): string {
  const parsed = new URL(String(url));
  parsed.hash = '';
  return parsed.href;
}

/** How long a mention revealed by the popup stays flashed (matches the CSS animation). */
const FLASH_MS = 1400;

/** The attribute on `<html>` that selects the marks' look in style.css. */
export const STYLE_ATTRIBUTE = 'data-backstory-style';
const STYLES: readonly HighlightStyle[] = ['underline', 'background', 'hover'];
/** The visually hidden live region that says when the shortcut hides or shows the highlights. */
export const STATUS_TAG = 'backstory-status';

/** Why Backstory does not run on this page, if it does not. */
export type DisabledReason = NonNullable<PageSummary['disabled']>;

/** True when the key event is Alt+Shift+B (by the physical key: on macOS Option+Shift+B types "ı"). */
export function isToggleShortcut(event: KeyboardEvent): boolean {
  return event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && (event.code === 'KeyB' || event.key === 'B' || event.key === 'b');
}

/** True when the reader is typing: the shortcut is left to the field. */
function isTyping(target: EventTarget | null): boolean {
  const element = target as (Partial<HTMLElement> & Partial<Element>) | null;
  if (!element || element.nodeType !== 1) return false;
  if (element.isContentEditable) return true;
  const tag = (element.tagName ?? '').toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select') return true;
  return Boolean(element.closest?.('[contenteditable]:not([contenteditable="false"]), [role="textbox"]'));
}

export class BackstoryPage {
  private readonly marks = new PageMarks();
  private readonly live: LiveUpdates;
  /** Bumped by each single-page navigation: a wait for the new article to render stops when another begins. */
  private navigations = 0;
  private readonly cards = new Map<string, Promise<EntityCard | null>>();
  private figureCards = new WeakMap<MarkedFigure, Promise<FigureCard>>();
  private readonly popover: Popover;
  /** Settles once the stored settings are applied (a scan waits for it, so nothing hidden flashes in). */
  private readonly settingsRead: Promise<void>;
  private settingsApplied = false;
  private enabled = true;
  private disabledSites: readonly string[] = [];
  private scanning?: Promise<void>;
  private scanFailed = false;
  private statedDate?: string;
  /** The page should be scanned when Backstory runs here: it looks like an article, or the reader asked. */
  private wanted = false;
  /** The entity count last reported for the badge (nothing reported yet: the badge is clear). */
  private reported = 0;
  private status?: HTMLElement;
  private style: HighlightStyle = 'underline';

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly doc: Document,
    private readonly services: PageServices = BROWSER_SERVICES,
  ) {
    this.popover = new Popover(doc, {
      loadCard: (id) => this.loadCard(id),
      loadFigureCard: (figure) => this.loadFigureCard(figure),
      summaryOf: (id) => this.marks.summaryOf(id),
      articleDate: () => this.articleDate(),
      mentionAt: (target) => this.marks.mentionAt(target),
      signal: ctx.signal,
      setTimeout: (handler, ms) => ctx.setTimeout(handler, ms),
      clearTimeout: (id) => clearTimeout(id),
    });
    this.live = new LiveUpdates(doc, {
      marks: this.marks,
      scanMore: (roots) => this.marks.scanMore(roots, (texts) => this.annotate(texts)),
      onChanged: () => this.reportStats(),
      setTimeout: (handler, ms) => ctx.setTimeout(handler, ms),
      clearTimeout: (id) => clearTimeout(id),
    });
    this.marks.ownChange = this.live.own;
    ctx.onInvalidated(() => this.teardown());
    // Capture on the window: a page that stops key events on its elements does not swallow the shortcut.
    (doc.defaultView ?? doc).addEventListener('keydown', (event) => this.onKeyDown(event as KeyboardEvent), {
      capture: true,
      signal: ctx.signal,
    });

    this.settingsRead = Promise.all([
      this.follow(services.showFigures, (show) => this.setFiguresShown(show)),
      this.follow(services.enabled, (enabled) => {
        this.enabled = enabled !== false;
        this.updateActive();
      }),
      this.follow(services.disabledSites, (sites) => {
        this.disabledSites = Array.isArray(sites) ? sites : [];
        this.updateActive();
      }),
      this.follow(services.highlightKinds, (kinds) => this.setKinds(kinds)),
      this.follow(services.firstMentionOnly, (first) => this.setFilter({ firstMentionOnly: first === true })),
      this.follow(services.highlightStyle, (style) => this.setStyle(style)),
    ]).then(() => {
      this.settingsApplied = true;
      this.applyStyle();
    });
  }

  start(): void {
    const stop = handleTabRequests({
      pageSummary: () => this.summary(),
      scanPage: async () => {
        // The reader asked: bring back highlights they hid with the shortcut.
        this.marks.setVisible(true);
        await this.scan();
        return this.summary();
      },
      scrollTo: ({ id }) => this.scrollTo(id),
    });
    this.ctx.onInvalidated(stop);
    // Single-page sites: WXT's watcher (the Navigation API, or polling where there is none) says the address changed.
    this.ctx.addEventListener(this.doc.defaultView ?? window, 'wxt:locationchange', (event) => {
      const { newUrl, oldUrl } = event as Event & { newUrl: URL; oldUrl: URL };
      if (pageAddress(newUrl) !== pageAddress(oldUrl)) void this.navigated();
    });
    if (pageLooksLikeArticle(this.doc)) void this.scan();
  }

  /**
   * The site showed another article without loading a page: the old marks and cards go at once, and the new
   * article is scanned once it has rendered (it looks like an article, or the reader had asked for a scan).
   */
  async navigated(): Promise<void> {
    const navigation = ++this.navigations;
    const wanted = this.wanted;
    this.dropFindings();
    this.statedDate = undefined;
    this.wanted = false;
    // Watch (without reading anything yet) to see when the page stops changing.
    this.live.restart();
    await this.live.whenQuiet(NAVIGATION_QUIET_MS, NAVIGATION_WAIT_MAX_MS);
    if (navigation !== this.navigations || this.ctx.isInvalid) return;
    if (wanted || pageLooksLikeArticle(this.doc)) await this.scan();
    else this.live.stop();
  }

  private annotate(texts: string[]) {
    // Only a date the page states resolves the figures' dates; without one the card reads them as of today.
    return this.services.send('annotate', { texts, articleDate: this.statedDate });
  }

  /** Why Backstory does not run on this page (turned off everywhere, or on this site), or undefined when it does. */
  disabledReason(): DisabledReason | undefined {
    if (!this.enabled) return 'everywhere';
    const hostname = this.services.hostname ?? this.doc.location?.hostname ?? '';
    if (isSiteDisabled(this.disabledSites, hostname)) return 'site';
    return undefined;
  }

  /**
   * Scan once, when Backstory runs on this page (otherwise it is scanned when it is turned back on);
   * a scan that failed (background not ready, no packs) may be retried.
   */
  async scan(): Promise<void> {
    this.wanted = true;
    await this.settingsRead;
    if (this.disabledReason()) return;
    return this.startScan();
  }

  private startScan(): Promise<void> {
    if (this.scanning && !this.scanFailed) return this.scanning;
    if (this.scanFailed) this.marks.teardown();
    this.scanFailed = false;
    const statedDate = readArticleDate(this.doc);
    this.statedDate = statedDate;
    const root = this.doc.body ?? this.doc.documentElement;
    // What the page changes while the whole page is read is read again afterwards (what it changed before is in this scan).
    this.live.restart();
    const scanning: Promise<void> = this.marks
      .scan(root, (texts) => this.annotate(texts))
      .then(
        () => {
          if (this.scanning !== scanning) return;
          this.reportStats(true);
          this.live.release();
        },
        (error: unknown) => {
          if (this.scanning !== scanning) return;
          this.scanFailed = true;
          console.warn('[Backstory] scan failed:', error);
        },
      );
    this.scanning = scanning;
    return scanning;
  }

  async summary(): Promise<PageSummary> {
    await this.settingsRead;
    await this.scanning;
    const url = this.doc.location?.href ?? '';
    const articleDate = this.statedDate ?? readArticleDate(this.doc);
    const disabled = this.disabledReason();
    if (disabled) return { url, scanned: false, disabled, articleDate, entities: [] };
    return { url, scanned: this.scanning !== undefined, articleDate, entities: this.marks.foundEntities() };
  }

  articleDate(): { date: string; stated: boolean } {
    const stated = this.statedDate ?? readArticleDate(this.doc);
    return stated ? { date: stated, stated: true } : { date: localIsoDate(new Date()), stated: false };
  }

  /** Cached per id for the life of the page; a failed request is forgotten so it can be retried. */
  loadCard(id: string): Promise<EntityCard | null> {
    let card = this.cards.get(id);
    if (!card) {
      card = this.services.send('entityCard', { id });
      this.cards.set(id, card);
      card.catch(() => this.cards.delete(id));
    }
    return card;
  }

  /** Cached per figure mark; the nearby entities tell the background what to compare the figure with. */
  loadFigureCard(figure: MarkedFigure): Promise<FigureCard> {
    let card = this.figureCards.get(figure);
    if (!card) {
      card = this.services.send('figureCard', {
        figure: figure.figure,
        articleDate: this.articleDate().date,
        nearbyIds: this.marks.nearbyIds(figure),
      });
      this.figureCards.set(figure, card);
      card.catch(() => this.figureCards.delete(figure));
    }
    return card;
  }

  /** Mark or unmark the figures, at once (the reader changed the setting, maybe in another tab). */
  setFiguresShown(show: boolean): void {
    if (!show && this.popover.openMention?.kind === 'figure') this.popover.close();
    this.marks.showFigures(show);
  }

  /** Hide every highlight on this page, or show them again (Alt+Shift+B), without asking the background again. */
  setHighlightsShown(shown: boolean): void {
    if (!shown) this.popover.close();
    this.marks.setVisible(shown);
  }

  get highlightsShown(): boolean {
    return this.marks.isVisible;
  }

  /** Reveal the first mention of `id`; for an event not named on the page, the first of its places or participants. */
  async scrollTo(id: string): Promise<{ found: boolean }> {
    await this.scanning;
    // The reader asked the popup to show a mention: bring back highlights hidden with the shortcut.
    this.marks.setVisible(true);
    let target = this.marks.firstMentionOf(new Set([id]));
    if (!target && id.startsWith('event:')) {
      const card = await this.loadCard(id).catch(() => null);
      if (card?.entity.kind === 'event') {
        target = this.marks.firstMentionOf(new Set([...card.entity.places, ...card.entity.participants]));
      }
    }
    if (!target) return { found: false };
    this.reveal(target);
    return { found: true };
  }

  /** Read a setting and follow its changes; a missing setting keeps the default. */
  private follow<T>(setting: Setting<T> | undefined, apply: (value: T) => void): Promise<void> {
    if (!setting) return Promise.resolve();
    const { unwatch, read } = followSetting(setting, apply, (error) => console.warn('[Backstory] could not read the settings:', error));
    this.ctx.onInvalidated(unwatch);
    return read;
  }

  /** Backstory was turned on or off (everywhere or for this site): take the marks out, or scan again. */
  private updateActive(): void {
    if (!this.settingsApplied) return;
    this.applyStyle();
    if (this.disabledReason()) {
      this.dropFindings();
    } else if (this.wanted && !this.scanning) {
      void this.startScan();
    }
  }

  /** Cards closed, marks out, nothing followed or found any more (the badge says so); a later scan starts afresh. */
  private dropFindings(): void {
    this.popover.close();
    this.live.stop();
    this.marks.teardown();
    this.scanning = undefined;
    this.scanFailed = false;
    this.reportStats();
  }

  private setKinds(kinds: readonly HighlightKind[] | undefined): void {
    const valid = Array.isArray(kinds) ? kinds.filter((k): k is EntityKind => ALL_KINDS.has(k)) : [...ALL_KINDS];
    this.setFilter({ kinds: new Set(valid) });
  }

  private setFilter(filter: Parameters<PageMarks['setFilter']>[0]): void {
    const open = this.popover.openMention;
    if (!this.marks.setFilter(filter)) return;
    // The open card's mark was replaced (or taken out) with the others.
    if (open) this.popover.close();
    this.reportStats();
  }

  private setStyle(style: HighlightStyle | undefined): void {
    this.style = style && STYLES.includes(style) ? style : 'underline';
    this.applyStyle();
  }

  /** The look of the marks, on `<html>` (nothing is left on the page where Backstory is off). */
  private applyStyle(): void {
    const root = this.doc.documentElement;
    if (this.settingsApplied && !this.disabledReason()) root.setAttribute(STYLE_ATTRIBUTE, this.style);
    else root.removeAttribute(STYLE_ATTRIBUTE);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.repeat || !isToggleShortcut(event)) return;
    const target = event.composedPath?.()[0] ?? event.target;
    if (isTyping(target)) return;
    // Nothing to hide on a page Backstory did not mark.
    if (this.disabledReason() || !this.marks.hasFindings) return;
    const shown = !this.highlightsShown;
    this.setHighlightsShown(shown);
    this.announce(shown ? i18n.t('page.highlightsShown') : i18n.t('page.highlightsHidden'));
  }

  /** Say it to screen readers, in a visually hidden live region outside the page's body. */
  private announce(message: string): void {
    if (!this.status) {
      const status = this.doc.createElement(STATUS_TAG);
      status.setAttribute(OWN_UI_ATTRIBUTE, '');
      status.setAttribute('role', 'status');
      status.setAttribute('aria-live', 'polite');
      this.doc.documentElement.appendChild(status);
      this.status = status;
    }
    this.status.textContent = message;
  }

  /** Tell the background how many entities this page names (the badge); 0 while Backstory is off here. */
  private reportStats(always = false): void {
    const entities = this.disabledReason() || !this.scanning ? 0 : this.marks.foundEntities().length;
    if (!always && entities === this.reported) return;
    this.reported = entities;
    this.services.send('pageStats', { entities }).catch(() => {
      // The badge is a nicety: a background that is restarting misses one count.
    });
  }

  private reveal(mention: MarkedMention): void {
    const [first] = mention.elements;
    if (!first) return;
    const reduceMotion = this.doc.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    first.scrollIntoView({ block: 'center', inline: 'nearest', behavior: reduceMotion ? 'auto' : 'smooth' });
    this.popover.focusQuietly(first);
    for (const element of mention.elements) {
      // Restart the animation if the mention is still flashing from a previous click.
      element.removeAttribute('data-backstory-flash');
      void element.offsetWidth;
      element.setAttribute('data-backstory-flash', '');
    }
    this.ctx.setTimeout(() => {
      for (const element of mention.elements) element.removeAttribute('data-backstory-flash');
    }, FLASH_MS + 100);
  }

  private teardown(): void {
    this.live.stop();
    this.popover.destroy();
    this.marks.teardown();
    this.status?.remove();
    this.status = undefined;
    this.doc.documentElement.removeAttribute(STYLE_ATTRIBUTE);
    this.cards.clear();
    this.figureCards = new WeakMap();
  }
}
