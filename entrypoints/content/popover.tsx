/**
 * The popover card next to a mark (an entity mention or a figure): opened by hover (after a short intent delay), keyboard focus
 * or tap; closed by Escape, by moving away (after a grace period that lets the pointer reach the
 * card) or by clicking elsewhere. It never calls preventDefault, so a mention inside a link still
 * navigates when clicked.
 *
 * The card lives in the shadow root of a `<backstory-popover>` host so page CSS cannot reach it.
 * Its stylesheet is a constructed CSSStyleSheet (adoptedStyleSheets): an inline <style> element is
 * blocked by strict page CSPs in Firefox.
 */
import { autoUpdate, computePosition, flip, inline, offset, shift, size } from '@floating-ui/dom';
import { render } from 'preact';
import cardCss from '@/components/card.css?inline';
import type { CandidateChoice } from '@/components/Candidates';
import { Card, CardStatus } from '@/components/Card';
import { FigureCard } from '@/components/FigureCard';
import type { EntityCard, EntitySummary, FigureCard as FigureCardData } from '@/lib/messages';
import { humanize } from '@/lib/page/format';
import type { Mark, MarkedFigure, MarkedMention } from './marks';
import { OWN_UI_ATTRIBUTE, POPOVER_TAG } from './text-blocks';

/** Pointer must rest this long on a mention before its card opens (a sweep across the text opens nothing). */
export const HOVER_INTENT_MS = 150;
/** Time to travel from the mention to the card before the card closes. */
export const CLOSE_GRACE_MS = 300;

export interface PopoverOptions {
  loadCard: (id: string) => Promise<EntityCard | null>;
  loadFigureCard: (figure: MarkedFigure) => Promise<FigureCardData>;
  /** What the page's annotation said about an entity id: names the candidates of an uncertain mention. */
  summaryOf: (id: string) => EntitySummary | undefined;
  /** The date cards are read against, and whether the page stated it. */
  articleDate: () => { date: string; stated: boolean };
  /** The mark (and the part of it) an event target belongs to. */
  mentionAt: (target: EventTarget | null) => { mention: Mark; element: HTMLElement } | undefined;
  /** Listeners and timers die with this signal (the content script context's). */
  signal: AbortSignal;
  setTimeout: (handler: () => void, ms: number) => number;
  clearTimeout: (id: number) => void;
}

interface Open {
  mention: Mark;
  anchor: HTMLElement;
  stopTracking: () => void;
  /** For a mention: the entity whose card is showing (the reader may switch to another candidate). */
  selected?: string;
}

export class Popover {
  private host?: HTMLElement;
  private frame?: HTMLElement;
  private current?: Open;
  private openTimer?: number;
  private closeTimer?: number;
  private pending?: HTMLElement;
  /** A mention focused by our own code (scrollTo) should not pop its card open. */
  private quietFocus?: HTMLElement;
  /** The candidate the reader switched to, per mention, for the life of the page. */
  private readonly chosen = new WeakMap<MarkedMention, string>();

  constructor(
    private readonly doc: Document,
    private readonly options: PopoverOptions,
  ) {
    const listen = <E extends Event>(target: EventTarget, type: string, handler: (event: E) => void, capture = false) =>
      target.addEventListener(type, handler as EventListener, { capture, signal: options.signal });
    listen<PointerEvent>(doc, 'pointerover', (e) => this.onPointerOver(e));
    listen<PointerEvent>(doc, 'pointerout', (e) => this.onPointerOut(e));
    listen<PointerEvent>(doc, 'pointerdown', (e) => this.onPointerDown(e), true);
    listen<MouseEvent>(doc, 'click', (e) => this.onClick(e));
    listen<FocusEvent>(doc, 'focusin', (e) => this.onFocusIn(e));
    listen<FocusEvent>(doc, 'focusout', (e) => this.onFocusOut(e));
    listen<KeyboardEvent>(doc, 'keydown', (e) => this.onKeyDown(e), true);
    options.signal.addEventListener('abort', () => this.destroy());
  }

  /** The mark whose card is showing, if any. */
  get openMention(): Mark | undefined {
    return this.current?.mention;
  }

  /** Focus `element` without opening its card. */
  focusQuietly(element: HTMLElement): void {
    this.quietFocus = element;
    element.focus({ preventScroll: true });
    if (this.quietFocus === element && this.doc.activeElement === element) this.quietFocus = undefined;
  }

  open(mention: Mark, anchor: HTMLElement): void {
    this.cancelOpen();
    this.cancelClose();
    if (this.current?.mention === mention) return;
    this.close();
    const { host, frame } = this.ensureHost();
    host.hidden = false;
    for (const part of mention.elements) part.setAttribute('data-backstory-open', '');
    const stopTracking = autoUpdate(anchor, host, () => void this.position(anchor));
    this.current = { mention, anchor, stopTracking };
    render(<CardStatus message="Loading…" />, frame);
    if (mention.kind === 'figure') {
      this.options.loadFigureCard(mention).then(
        (card) => this.showFigure(mention, card),
        () => this.showFigure(mention, null),
      );
    } else {
      this.select(mention, this.chosen.get(mention) ?? mention.id);
    }
  }

  close(): void {
    this.cancelOpen();
    this.cancelClose();
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    current.stopTracking();
    for (const part of current.mention.elements) part.removeAttribute('data-backstory-open');
    if (this.frame) render(null, this.frame);
    if (this.host) this.host.hidden = true;
  }

  destroy(): void {
    this.close();
    this.host?.remove();
    this.host = undefined;
    this.frame = undefined;
  }

  /** Show the card of one of the mention's candidates (its own entity unless the reader chose another). */
  private select(mention: MarkedMention, id: string): void {
    if (this.current?.mention !== mention) return;
    this.current.selected = id;
    if (id === mention.id) this.chosen.delete(mention);
    else this.chosen.set(mention, id);
    this.options.loadCard(id).then(
      (card) => this.showEntity(mention, id, card),
      () => this.showEntity(mention, id, null),
    );
  }

  private showEntity(mention: MarkedMention, id: string, card: EntityCard | null): void {
    if (this.current?.mention !== mention || this.current.selected !== id || !this.frame) return;
    const { date, stated } = this.options.articleDate();
    const choice = this.choiceFor(mention, id);
    const focusWasInCard = this.isInsideCard(this.doc.activeElement);
    render(
      card ? (
        <Card card={card} articleDate={date} articleDateStated={stated} choice={choice} />
      ) : (
        <CardStatus message="No backstory is available for this name." choice={choice} />
      ),
      this.frame,
    );
    // The button the reader pressed may be gone (the "Also:" line lists the others): keep focus, and
    // the card open, on the card itself.
    if (focusWasInCard && !this.host?.shadowRoot?.activeElement) {
      this.frame.querySelector<HTMLElement>('[tabindex="-1"]')?.focus({ preventScroll: true });
    }
  }

  /** The candidates to offer, or nothing for an unambiguous mention. */
  private choiceFor(mention: MarkedMention, selected: string): CandidateChoice | undefined {
    const ids = [...new Set([mention.id, ...mention.alternatives])];
    if (ids.length < 2) return undefined;
    const candidates = ids.map(
      (id): EntitySummary =>
        this.options.summaryOf(id) ?? { id, kind: mention.kind, name: humanize(id.replace(/^[a-z]+:/, '')), description: '' },
    );
    return { candidates, selected, uncertain: mention.uncertain, onSelect: (id) => this.select(mention, id) };
  }

  private showFigure(mention: MarkedFigure, card: FigureCardData | null): void {
    if (this.current?.mention !== mention || !this.frame) return;
    const { date, stated } = this.options.articleDate();
    render(
      card ? (
        <FigureCard card={card} articleDate={date} articleDateStated={stated} />
      ) : (
        <CardStatus message="No details are available for this figure." />
      ),
      this.frame,
    );
  }

  private ensureHost(): { host: HTMLElement; frame: HTMLElement } {
    if (this.host && this.frame) {
      if (!this.host.isConnected) this.doc.documentElement.appendChild(this.host);
      return { host: this.host, frame: this.frame };
    }
    const host = this.doc.createElement(POPOVER_TAG);
    host.setAttribute(OWN_UI_ATTRIBUTE, '');
    host.hidden = true;
    const shadow = host.attachShadow({ mode: 'open' });
    adoptStyles(shadow, cardCss);
    const frame = this.doc.createElement('div');
    frame.className = 'frame';
    shadow.appendChild(frame);
    host.addEventListener('pointerenter', () => this.cancelClose(), { signal: this.options.signal });
    host.addEventListener('pointerleave', (e) => {
      if ((e as PointerEvent).pointerType !== 'touch') this.scheduleClose();
    }, { signal: this.options.signal });
    // Outside <body>: a transformed or overflow-clipped body cannot trap a fixed-position card.
    this.doc.documentElement.appendChild(host);
    this.host = host;
    this.frame = frame;
    return { host, frame };
  }

  private async position(anchor: HTMLElement): Promise<void> {
    const host = this.host;
    const frame = this.frame;
    if (!host || !frame) return;
    const { x, y } = await computePosition(anchor, host, {
      strategy: 'fixed',
      placement: 'bottom-start',
      middleware: [
        inline(),
        offset(8),
        flip({ padding: 8 }),
        shift({ padding: 8 }),
        size({
          padding: 8,
          apply({ availableHeight }) {
            frame.style.maxHeight = `${Math.max(120, Math.floor(availableHeight))}px`;
          },
        }),
      ],
    });
    host.style.left = `${Math.round(x)}px`;
    host.style.top = `${Math.round(y)}px`;
  }

  private isInsideCard(target: EventTarget | null): boolean {
    return !!this.host && !!target && (target === this.host || this.host.contains(target as Node));
  }

  private onPointerOver(event: PointerEvent): void {
    const hit = this.options.mentionAt(event.target);
    if (!hit || event.pointerType === 'touch') return;
    if (this.current?.mention === hit.mention) {
      this.cancelClose();
      return;
    }
    this.cancelOpen();
    this.pending = hit.element;
    this.openTimer = this.options.setTimeout(() => {
      this.openTimer = undefined;
      this.pending = undefined;
      this.open(hit.mention, hit.element);
    }, HOVER_INTENT_MS);
  }

  private onPointerOut(event: PointerEvent): void {
    const hit = this.options.mentionAt(event.target);
    if (!hit || event.pointerType === 'touch') return;
    if (hit.element.contains(event.relatedTarget as Node | null)) return;
    if (this.pending === hit.element) this.cancelOpen();
    if (this.current?.mention === hit.mention) this.scheduleClose();
  }

  private onPointerDown(event: PointerEvent): void {
    if (!this.current || this.isInsideCard(event.target)) return;
    if (this.options.mentionAt(event.target)?.mention === this.current.mention) return;
    this.close();
  }

  /** Tap (or click) opens at once; the default action (following a link) is left alone. */
  private onClick(event: MouseEvent): void {
    const hit = this.options.mentionAt(event.target);
    if (hit) this.open(hit.mention, hit.element);
  }

  private onFocusIn(event: FocusEvent): void {
    if (this.isInsideCard(event.target)) {
      this.cancelClose();
      return;
    }
    const hit = this.options.mentionAt(event.target);
    const quiet = this.quietFocus;
    this.quietFocus = undefined;
    if (!hit || hit.element === quiet) return;
    this.open(hit.mention, hit.element);
  }

  private onFocusOut(event: FocusEvent): void {
    if (!this.current) return;
    const next = event.relatedTarget;
    if (this.isInsideCard(next) || this.options.mentionAt(next)?.mention === this.current.mention) return;
    const from = this.options.mentionAt(event.target);
    if (from?.mention === this.current.mention || this.isInsideCard(event.target)) this.scheduleClose();
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (!this.current) return;
    if (event.key === 'ArrowDown') {
      this.enterCard(event);
      return;
    }
    if (event.key !== 'Escape') return;
    const { anchor } = this.current;
    const focusWasInCard = this.isInsideCard(this.doc.activeElement);
    this.close();
    if (focusWasInCard) this.focusQuietly(anchor);
  }

  /**
   * ArrowDown on the open mark moves focus to the card's first button (the candidates of an uncertain
   * mention): the card sits outside the page's tab order. Escape brings focus back.
   */
  private enterCard(event: KeyboardEvent): void {
    if (this.options.mentionAt(event.target)?.mention !== this.current?.mention) return;
    const control = this.frame?.querySelector<HTMLElement>('button');
    if (!control) return;
    event.preventDefault();
    control.focus();
  }

  private scheduleClose(): void {
    this.cancelClose();
    this.closeTimer = this.options.setTimeout(() => {
      this.closeTimer = undefined;
      this.close();
    }, CLOSE_GRACE_MS);
  }

  private cancelClose(): void {
    if (this.closeTimer !== undefined) this.options.clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
  }

  private cancelOpen(): void {
    if (this.openTimer !== undefined) this.options.clearTimeout(this.openTimer);
    this.openTimer = undefined;
    this.pending = undefined;
  }
}

/** Style a shadow root without a <style> element (page CSPs cannot block a constructed sheet). */
function adoptStyles(shadow: ShadowRoot, cssText: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(cssText);
    shadow.adoptedStyleSheets = [sheet];
    // Some content-script worlds (Firefox's Xray wrappers) accept the assignment without effect.
    if (shadow.adoptedStyleSheets.length > 0) return;
  } catch {
    // Fall through to the <style> element.
  }
  const style = shadow.ownerDocument.createElement('style');
  style.textContent = cssText;
  shadow.appendChild(style);
}
