/**
 * Backstory in one page: decides whether to scan, marks mentions and figures, runs the popover,
 * follows the "Show figures" setting and answers the popup's requests. Everything it adds is removed
 * when the content script context is invalidated (extension reloaded or updated).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { EntityCard, FigureCard, PageSummary } from '@/lib/messages';
import { localIsoDate } from '@/lib/page/article-date';
import { handleTabRequests, sendToBackground } from '@/utils/messaging';
import { showFigures, type BooleanSetting } from '@/utils/settings';
import { pageLooksLikeArticle, readArticleDate } from './article';
import type { MarkedFigure, MarkedMention } from './marks';
import { PageMarks } from './page-marks';
import { Popover } from './popover';

/** What the page talks to; tests pass stand-ins. */
export interface PageServices {
  send: typeof sendToBackground;
  showFigures: BooleanSetting;
}

const BROWSER_SERVICES: PageServices = { send: sendToBackground, showFigures };

/** How long a mention revealed by the popup stays flashed (matches the CSS animation). */
const FLASH_MS = 1400;

export class BackstoryPage {
  private readonly marks = new PageMarks();
  private readonly cards = new Map<string, Promise<EntityCard | null>>();
  private figureCards = new WeakMap<MarkedFigure, Promise<FigureCard>>();
  private readonly popover: Popover;
  /** Settles once the stored "Show figures" value is applied (a scan waits for it, so figures never flash). */
  private readonly figuresSettingRead: Promise<void>;
  private scanning?: Promise<void>;
  private scanFailed = false;
  private statedDate?: string;

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
    ctx.onInvalidated(() => this.teardown());

    let changed = false;
    const unwatch = services.showFigures.watch((show) => {
      changed = true;
      this.setFiguresShown(show);
    });
    ctx.onInvalidated(unwatch);
    this.figuresSettingRead = services.showFigures.getValue().then(
      (show) => {
        if (!changed) this.setFiguresShown(show);
      },
      (error: unknown) => console.warn('[Backstory] could not read the settings:', error),
    );
  }

  start(): void {
    const stop = handleTabRequests({
      pageSummary: () => this.summary(),
      scanPage: async () => {
        await this.scan();
        return this.summary();
      },
      scrollTo: ({ id }) => this.scrollTo(id),
    });
    this.ctx.onInvalidated(stop);
    if (pageLooksLikeArticle(this.doc)) void this.scan();
  }

  /** Scan once; a scan that failed (background not ready, no packs) may be retried. */
  scan(): Promise<void> {
    if (this.scanning && !this.scanFailed) return this.scanning;
    if (this.scanFailed) this.marks.teardown();
    this.scanFailed = false;
    const statedDate = readArticleDate(this.doc);
    this.statedDate = statedDate;
    const root = this.doc.body ?? this.doc.documentElement;
    this.scanning = this.figuresSettingRead
      // Only a date the page states resolves the figures' dates; without one the card reads them as of today.
      .then(() => this.marks.scan(root, (texts) => this.services.send('annotate', { texts, articleDate: statedDate })))
      .catch((error: unknown) => {
        this.scanFailed = true;
        console.warn('[Backstory] scan failed:', error);
      });
    return this.scanning;
  }

  async summary(): Promise<PageSummary> {
    await this.scanning;
    return {
      url: this.doc.location?.href ?? '',
      scanned: this.scanning !== undefined,
      articleDate: this.statedDate ?? readArticleDate(this.doc),
      entities: this.marks.foundEntities(),
    };
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

  /** Reveal the first mention of `id`; for an event not named on the page, the first of its places or participants. */
  async scrollTo(id: string): Promise<{ found: boolean }> {
    await this.scanning;
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
    this.popover.destroy();
    this.marks.teardown();
    this.cards.clear();
    this.figureCards = new WeakMap();
  }
}
