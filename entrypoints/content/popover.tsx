/**
 * The popover card next to a mention: opened by hover (after a short intent delay), keyboard focus
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
import { Card, CardStatus } from '@/components/Card';
import type { EntityCard } from '@/lib/messages';
import type { MarkedMention } from './marks';
import { OWN_UI_ATTRIBUTE, POPOVER_TAG } from './text-blocks';

/** Pointer must rest this long on a mention before its card opens (a sweep across the text opens nothing). */
export const HOVER_INTENT_MS = 150;
/** Time to travel from the mention to the card before the card closes. */
export const CLOSE_GRACE_MS = 300;

export interface PopoverOptions {
  loadCard: (id: string) => Promise<EntityCard | null>;
  /** The date cards are read against, and whether the page stated it. */
  articleDate: () => { date: string; stated: boolean };
  /** The mention (and the part of it) an event target belongs to. */
  mentionAt: (target: EventTarget | null) => { mention: MarkedMention; element: HTMLElement } | undefined;
  /** Listeners and timers die with this signal (the content script context's). */
  signal: AbortSignal;
  setTimeout: (handler: () => void, ms: number) => number;
  clearTimeout: (id: number) => void;
}

interface Open {
  mention: MarkedMention;
  anchor: HTMLElement;
  stopTracking: () => void;
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

  /** The mention whose card is showing, if any. */
  get openMention(): MarkedMention | undefined {
    return this.current?.mention;
  }

  /** Focus `element` without opening its card. */
  focusQuietly(element: HTMLElement): void {
    this.quietFocus = element;
    element.focus({ preventScroll: true });
    if (this.quietFocus === element && this.doc.activeElement === element) this.quietFocus = undefined;
  }

  open(mention: MarkedMention, anchor: HTMLElement): void {
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
    this.options.loadCard(mention.id).then(
      (card) => this.show(mention, card),
      () => this.show(mention, null),
    );
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

  private show(mention: MarkedMention, card: EntityCard | null): void {
    if (this.current?.mention !== mention || !this.frame) return;
    const { date, stated } = this.options.articleDate();
    render(
      card ? (
        <Card card={card} articleDate={date} articleDateStated={stated} />
      ) : (
        <CardStatus message="No backstory is available for this name." />
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
    if (event.key !== 'Escape' || !this.current) return;
    const { anchor } = this.current;
    const focusWasInCard = this.isInsideCard(this.doc.activeElement);
    this.close();
    if (focusWasInCard) this.focusQuietly(anchor);
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
