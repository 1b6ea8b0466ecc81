/**
 * The popover card next to a mark (an entity mention or a figure): opened by hover (after a short intent
 * delay, and never while the pointer moves fast), keyboard focus or tap; closed by Escape, by moving away
 * (after a grace period that lets the pointer reach the card) or by clicking elsewhere. It never calls
 * preventDefault on the page's events, so a mention inside a link still navigates when clicked.
 *
 * A card can be pinned: it then stays open until Escape or its close button, and can be moved by dragging
 * its header. A related entity in a card (a role's organization, a place's country, an event's places...)
 * opens that entity's card stacked next to it; Escape closes the top card first.
 *
 * The cards live in the shadow root of one `<backstory-popover>` host so page CSS cannot reach them,
 * each in its own fixed-position frame. The root is closed, so page scripts cannot read the cards, unless
 * the `inspectableCards` setting (tests, debugging) opens it. Keystrokes inside a card stop at the root.
 * The stylesheet is a constructed CSSStyleSheet (adoptedStyleSheets): an inline <style> element is blocked
 * by strict page CSPs in Firefox. The host's `data-theme` (light or dark) follows the reader's theme
 * setting. docs/isolation.md says what a page can and cannot do to the cards.
 */
import { autoUpdate, computePosition, flip, inline, offset, shift, size, type Middleware, type Placement } from '@floating-ui/dom';
import { render, type ComponentChild } from 'preact';
import cardCss from '@/components/card.css?inline';
import type { CandidateChoice } from '@/components/Candidates';
import { Card, CardStatus } from '@/components/Card';
import { FigureCard } from '@/components/FigureCard';
import { i18n } from '#i18n';
import type { EntityCard, EntitySummary, FigureCard as FigureCardData } from '@/lib/messages';
import { humanize } from '@/lib/page/format';
import { siteOf } from '@/lib/page/sites';
import { followSetting, hoverDelayMs, inspectableCards, siteChoices, theme as themeSetting, type Setting, type Theme } from '@/utils/settings';
import { CARD_ONLY_EVENTS, setCardEventGuard } from '@/utils/card-key-guard';
import type { Mark, MarkedFigure, MarkedMention } from './marks';
import { OWN_UI_ATTRIBUTE, POPOVER_TAG } from './text-blocks';

/** Pointer must rest this long on a mention before its card opens (the default of the `hoverDelayMs` setting). */
export const HOVER_INTENT_MS = 150;
/** Time to travel from the mention to the card before the card closes. */
export const CLOSE_GRACE_MS = 300;
/** Faster than this (px per ms, over the last SPEED_WINDOW_MS) the pointer is sweeping, not resting: no card. */
export const FAST_POINTER_PX_PER_MS = 0.5;
export const SPEED_WINDOW_MS = 100;
/** The tallest a card gets (px; card.css says the same), however much room the viewport has. */
export const CARD_MAX_HEIGHT = 480;
/** At most this many cards stacked (the mention's and the related ones opened from it). */
export const MAX_STACK = 3;
/** Below this relative luminance a page background is dark (black and white text contrast equally there). */
const DARK_LUMINANCE = 0.179;
export type SiteChoices = Record<string, Record<string, string>>;

/** The settings the popover follows; tests pass in-memory stand-ins. */
export interface PopoverSettings {
  hoverDelayMs: Setting<number>;
  theme: Setting<Theme>;
  siteChoices: Setting<SiteChoices>;
  /** An open shadow root (page scripts and test tools can read the cards) instead of a closed one. */
  inspectableCards: Setting<boolean>;
}

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
  /** The clock pointer speed is measured with (default: performance.now). */
  now?: () => number;
  /** The reader's settings (default: the extension's storage items). */
  settings?: Partial<PopoverSettings>;
  /** The site choices are remembered for (default: the document's, see lib/page/sites.ts). */
  site?: string;
}

/** One card on screen: its frame in the shadow root, what it is placed against, and how it looks now. */
interface Layer {
  frame: HTMLElement;
  /** The mention part (the first card) or the card it was opened from (a stacked one). */
  anchor: Element;
  stopTracking: () => void;
  pinned: boolean;
  /** Dragged by the reader: no longer positioned next to its anchor. */
  moved: boolean;
  /** What the frame shows; called again when the layer's state (pinned) changes. */
  view?: () => ComponentChild;
  /** Where focus goes back when the card closes (the related button that opened it). */
  returnFocus?: HTMLElement;
  /** For a stacked card: the entity it shows. */
  entityId?: string;
}

interface Open {
  mention: Mark;
  anchor: HTMLElement;
  layer: Layer;
  /** For a mention: the entity whose card is showing (the reader may switch to another candidate). */
  selected?: string;
}

interface Drag {
  layer: Layer;
  pointerId: number;
  startX: number;
  startY: number;
  left: number;
  top: number;
}

/** The mention's words as choices are keyed: folded to lower case, spaces collapsed. */
export function foldMentionText(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** "rgb(12, 34, 56)", "rgba(0 0 0 / 0.5)" -> [r, g, b, alpha]; undefined for anything else. */
export function parseCssColor(value: string): [number, number, number, number] | undefined {
  const match = /^rgba?\(([^)]*)\)$/i.exec(value.trim());
  if (!match) return undefined;
  const parts = match[1]!.split(/[\s,/]+/).filter((p) => p !== '');
  if (parts.length < 3) return undefined;
  const channel = (p: string) => (p.endsWith('%') ? (parseFloat(p) / 100) * 255 : parseFloat(p));
  const alphaText = parts[3];
  const alpha = alphaText === undefined ? 1 : alphaText.endsWith('%') ? parseFloat(alphaText) / 100 : parseFloat(alphaText);
  const rgba: [number, number, number, number] = [channel(parts[0]!), channel(parts[1]!), channel(parts[2]!), alpha];
  return rgba.every(Number.isFinite) ? rgba : undefined;
}

/** WCAG relative luminance of an sRGB colour (0 black .. 1 white). */
export function relativeLuminance([r, g, b]: readonly number[]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r ?? 0) + 0.7152 * linear(g ?? 0) + 0.0722 * linear(b ?? 0);
}

/**
 * The page's background under `element`: the first ancestor with a background colour that is not
 * transparent, then body and html; white when none has one.
 */
export function pageBackground(element: Element | null, doc: Document): [number, number, number] {
  const view = doc.defaultView;
  const candidates: Element[] = [];
  for (let node: Element | null = element; node; node = node.parentElement) candidates.push(node);
  if (doc.body) candidates.push(doc.body);
  candidates.push(doc.documentElement);
  for (const node of candidates) {
    let value = '';
    try {
      value = view?.getComputedStyle(node).backgroundColor ?? '';
    } catch {
      value = '';
    }
    const color = parseCssColor(value);
    if (color && color[3] > 0) return [color[0], color[1], color[2]];
  }
  return [255, 255, 255];
}

/** The card's theme: light or dark, from the setting (system: the browser's preference; page: its background). */
export function resolveTheme(setting: Theme, doc: Document, element: Element | null): 'light' | 'dark' {
  if (setting === 'light' || setting === 'dark') return setting;
  if (setting === 'page') return relativeLuminance(pageBackground(element, doc)) < DARK_LUMINANCE ? 'dark' : 'light';
  try {
    return doc.defaultView?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}

const DEFAULT_SETTINGS: PopoverSettings = { hoverDelayMs, theme: themeSetting, siteChoices, inspectableCards };

/** Extension storage exists only in an extension context (not on a test page): without it the defaults stand. */
function inExtension(): boolean {
  const scope = globalThis as { chrome?: { runtime?: { id?: string } }; browser?: { runtime?: { id?: string } } };
  return Boolean(scope.chrome?.runtime?.id ?? scope.browser?.runtime?.id);
}

export class Popover {
  private host?: HTMLElement;
  private shadow?: ShadowRoot;
  /** Whether the current host's root is open; the next host's follows `inspectable`. */
  private hostInspectable = false;
  /**
   * Open roots for the next host (the `inspectableCards` setting). Outside an extension (unit tests on a bare
   * document) there is no page to hide from; in one, closed until the setting says otherwise.
   */
  private inspectable = !inExtension();
  private current?: Open;
  /** Cards stacked over the mention's, oldest first. */
  private stack: Layer[] = [];
  private openTimer?: number;
  private closeTimer?: number;
  private pending?: HTMLElement;
  /** A mention focused by our own code (scrollTo) should not pop its card open. */
  private quietFocus?: HTMLElement;
  /** The candidate the reader switched to, per mention, for the life of the page. */
  private readonly chosen = new WeakMap<MarkedMention, string>();
  /** Recent pointer positions, for the speed check. */
  private samples: Array<{ t: number; x: number; y: number }> = [];
  private drag?: Drag;
  private hoverDelay = HOVER_INTENT_MS;
  private theme: Theme = 'system';
  private choices: SiteChoices = {};
  private readonly settings: PopoverSettings;
  private readonly site: string;
  private readonly now: () => number;

  constructor(
    private readonly doc: Document,
    private readonly options: PopoverOptions,
  ) {
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.site = options.site ?? siteOf(doc.location?.hostname ?? '');
    this.now = options.now ?? (() => (doc.defaultView?.performance ?? performance).now());
    const listen = <E extends Event>(target: EventTarget, type: string, handler: (event: E) => void, capture = false) =>
      target.addEventListener(type, handler as EventListener, { capture, passive: type === 'pointermove', signal: options.signal });
    listen<PointerEvent>(doc, 'pointerover', (e) => this.onPointerOver(e));
    listen<PointerEvent>(doc, 'pointerout', (e) => this.onPointerOut(e));
    listen<PointerEvent>(doc, 'pointerdown', (e) => this.onPointerDown(e), true);
    listen<PointerEvent>(doc, 'pointermove', (e) => this.onPointerMove(e), true);
    listen<PointerEvent>(doc, 'pointerup', (e) => this.endDrag(e), true);
    listen<PointerEvent>(doc, 'pointercancel', (e) => this.endDrag(e), true);
    listen<MouseEvent>(doc, 'click', (e) => this.onClick(e));
    listen<FocusEvent>(doc, 'focusin', (e) => this.onFocusIn(e));
    listen<FocusEvent>(doc, 'focusout', (e) => this.onFocusOut(e));
    listen<KeyboardEvent>(doc, 'keydown', (e) => this.onKeyDown(e), true);
    options.signal.addEventListener('abort', () => this.destroy());
    // Key, input and clipboard events from inside a card are stopped on the window before any page listener
    // (utils/card-key-guard.ts). (The card has no editable field, so no composition event starts there.)
    const removeGuard = setCardEventGuard((event) => {
      if (!this.host || event.target !== this.host) return false;
      this.onCardEvent(event);
      return true;
    });
    options.signal.addEventListener('abort', removeGuard);
    this.follow(this.settings.hoverDelayMs, (ms) => {
      this.hoverDelay = typeof ms === 'number' && Number.isFinite(ms) ? Math.min(5000, Math.max(0, ms)) : HOVER_INTENT_MS;
    });
    this.follow(this.settings.theme, (value) => {
      this.theme = value === 'light' || value === 'dark' || value === 'page' ? value : 'system';
      if (this.current && this.host) this.applyTheme(this.current.anchor);
    });
    this.follow(this.settings.siteChoices, (value) => {
      this.choices = value && typeof value === 'object' ? value : {};
    });
    this.follow(this.settings.inspectableCards, (value) => {
      this.inspectable = value === true;
    });
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
    // A root's mode is fixed: after the setting changed, the next card gets a new host.
    if (this.host && this.hostInspectable !== this.inspectable) this.dropHost();
    this.ensureHost();
    const host = this.host!;
    host.hidden = false;
    this.applyTheme(anchor);
    for (const part of mention.elements) part.setAttribute('data-backstory-open', '');
    const layer = this.addLayer(anchor, 'base');
    this.current = { mention, anchor, layer };
    this.paint(layer, () => <CardStatus message={i18n.t('card.loading')} />);
    if (mention.kind === 'figure') {
      this.options.loadFigureCard(mention).then(
        (card) => this.showFigure(mention, card),
        () => this.showFigure(mention, null),
      );
    } else {
      this.select(mention, this.chosen.get(mention) ?? this.rememberedChoice(mention) ?? mention.id, false);
    }
  }

  /** Close every card. */
  close(): void {
    this.cancelOpen();
    this.cancelClose();
    this.endDrag();
    while (this.stack.length > 0) this.removeLayer(this.stack.pop()!);
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    this.removeLayer(current.layer);
    for (const part of current.mention.elements) part.removeAttribute('data-backstory-open');
    if (this.host) this.host.hidden = true;
  }

  destroy(): void {
    this.close();
    this.dropHost();
  }

  private dropHost(): void {
    this.host?.remove();
    this.host = undefined;
    this.shadow = undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Settings

  private follow<T>(setting: Setting<T>, apply: (value: T) => void): void {
    if (!this.usesStorage(setting)) return;
    try {
      const { unwatch } = followSetting(setting, apply);
      this.options.signal.addEventListener('abort', () => unwatch());
    } catch {
      // No storage here (a test page): the defaults stand.
    }
  }

  /** A setting passed in is always followed; a default storage item only in an extension context. */
  private usesStorage(setting: Setting<unknown>): boolean {
    const isDefault = (Object.values(DEFAULT_SETTINGS) as Array<Setting<unknown>>).includes(setting);
    return !isDefault || inExtension();
  }

  private applyTheme(anchor: Element): void {
    this.host?.setAttribute('data-theme', resolveTheme(this.theme, this.doc, anchor));
  }

  /** The candidate the reader chose for these words on this site, if it is one of the mention's. */
  private rememberedChoice(mention: MarkedMention): string | undefined {
    const id = this.choices[this.site]?.[foldMentionText(mention.text)];
    return id !== undefined && (id === mention.id || mention.alternatives.includes(id)) ? id : undefined;
  }

  private remember(mention: MarkedMention, id: string): void {
    if (!this.site) return;
    const key = foldMentionText(mention.text);
    const forSite = { ...(this.choices[this.site] ?? {}) };
    if (id === mention.id) delete forSite[key];
    else forSite[key] = id;
    const next: SiteChoices = { ...this.choices };
    if (Object.keys(forSite).length > 0) next[this.site] = forSite;
    else delete next[this.site];
    this.choices = next;
    if (!this.usesStorage(this.settings.siteChoices as Setting<unknown>)) return;
    try {
      this.settings.siteChoices.setValue(next).catch(() => undefined);
    } catch {
      // Not stored: remembered for this page only.
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The mention's card

  /** Show the card of one of the mention's candidates (its own entity unless the reader chose another). */
  private select(mention: MarkedMention, id: string, byReader: boolean): void {
    if (this.current?.mention !== mention) return;
    this.current.selected = id;
    if (id === mention.id) this.chosen.delete(mention);
    else this.chosen.set(mention, id);
    if (byReader) this.remember(mention, id);
    // Cards stacked on the previous candidate's belong to it.
    while (this.stack.length > 0) this.removeLayer(this.stack.pop()!);
    this.options.loadCard(id).then(
      (card) => this.showEntity(mention, id, card),
      () => this.showEntity(mention, id, null),
    );
  }

  private showEntity(mention: MarkedMention, id: string, card: EntityCard | null): void {
    const current = this.current;
    if (current?.mention !== mention || current.selected !== id) return;
    const { layer } = current;
    const focusWasInCard = this.isInsideCard(this.doc.activeElement);
    this.paint(layer, () => {
      const choice = this.choiceFor(mention, id);
      return card ? (
        <Card
          card={card}
          {...this.cardProps(layer)}
          choice={choice}
        />
      ) : (
        <CardStatus message={i18n.t('card.noneForName')} choice={choice} />
      );
    });
    // The button the reader pressed may be gone (the "Also:" line lists the others): keep focus, and
    // the card open, on the card itself.
    if (focusWasInCard && !this.shadow?.activeElement) {
      layer.frame.querySelector<HTMLElement>('[tabindex="-1"]')?.focus({ preventScroll: true });
    }
  }

  /** What every card in a layer gets: the date it is read against, and its related, pin and close actions. */
  private cardProps(layer: Layer) {
    const { date, stated } = this.options.articleDate();
    return {
      articleDate: date,
      articleDateStated: stated,
      onRelated: (related: string) => this.openStacked(related, layer),
      pinned: layer.pinned,
      onPin: () => this.togglePin(layer),
      onClose: () => this.closeLayer(layer),
    };
  }

  /** The candidates to offer, or nothing for an unambiguous mention. */
  private choiceFor(mention: MarkedMention, selected: string): CandidateChoice | undefined {
    const ids = [...new Set([mention.id, ...mention.alternatives])];
    if (ids.length < 2) return undefined;
    const candidates = ids.map(
      (id): EntitySummary =>
        this.options.summaryOf(id) ?? { id, kind: mention.kind, name: humanize(id.replace(/^[a-z]+:/, '')), description: '' },
    );
    return {
      candidates,
      selected,
      uncertain: mention.uncertain,
      mentionText: mention.text,
      linked: mention.id,
      remembered: selected !== mention.id && this.rememberedChoice(mention) === selected,
      onSelect: (id) => this.select(mention, id, true),
    };
  }

  private showFigure(mention: MarkedFigure, card: FigureCardData | null): void {
    const current = this.current;
    if (current?.mention !== mention) return;
    const { layer } = current;
    this.paint(layer, () =>
      card ? <FigureCard card={card} {...this.cardProps(layer)} /> : <CardStatus message={i18n.t('card.noneForFigure')} />,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Stacked cards

  /** Open a related entity's card next to the card `from` (closing any card above `from`). */
  private openStacked(id: string, from: Layer): void {
    const returnFocus = this.shadow?.activeElement instanceof HTMLElement ? this.shadow.activeElement : undefined;
    const fromAt = this.stack.indexOf(from);
    while (this.stack.length > fromAt + 1) this.removeLayer(this.stack.pop()!);
    let layer: Layer;
    if (1 + this.stack.length >= MAX_STACK && fromAt >= 0) {
      // The stack is full: the top card shows the new entity instead.
      layer = from;
      layer.entityId = id;
    } else {
      layer = this.addLayer(from.frame, 'stacked');
      layer.entityId = id;
      layer.returnFocus = returnFocus;
      this.stack.push(layer);
    }
    this.paint(layer, () => <CardStatus message={i18n.t('card.loading')} />);
    this.options.loadCard(id).then(
      (card) => this.showStacked(layer, id, card),
      () => this.showStacked(layer, id, null),
    );
  }

  private showStacked(layer: Layer, id: string, card: EntityCard | null): void {
    if (!this.stack.includes(layer) || layer.entityId !== id) return;
    this.paint(layer, () =>
      card ? <Card card={card} {...this.cardProps(layer)} /> : <CardStatus message={i18n.t('card.noneForEntry')} />,
    );
    // The reader asked for this card: take focus to its heading, so it is read out and Escape closes it.
    layer.frame.querySelector<HTMLElement>('h2[tabindex="-1"]')?.focus({ preventScroll: true });
  }

  /** Close one card and those stacked above it; the mention's card closes them all. */
  private closeLayer(layer: Layer): void {
    if (this.current?.layer === layer) {
      this.closeMentionCard(true);
      return;
    }
    const at = this.stack.indexOf(layer);
    if (at === -1) return;
    const focusWasInCard = this.isInsideCard(this.doc.activeElement);
    while (this.stack.length > at) this.removeLayer(this.stack.pop()!);
    if (focusWasInCard) this.focusLayerOrigin(layer);
  }

  /** After a stacked card closes: back to the button that opened it, or the heading of the card below. */
  private focusLayerOrigin(layer: Layer): void {
    const below = this.stack.at(-1) ?? this.current?.layer;
    const target =
      layer.returnFocus && layer.returnFocus.isConnected ? layer.returnFocus : below?.frame.querySelector<HTMLElement>('h2[tabindex="-1"], [tabindex="-1"]');
    target?.focus({ preventScroll: true });
  }

  /** Close the mention's card (and the stack); focus goes back to the mention if it was in a card or the card was pinned. */
  private closeMentionCard(returnFocus: boolean): void {
    const current = this.current;
    if (!current) return;
    const focusBack = returnFocus && (current.layer.pinned || this.isInsideCard(this.doc.activeElement));
    this.close();
    if (focusBack && current.anchor.isConnected) this.focusQuietly(current.anchor);
  }

  /** Escape: the top card closes first. */
  private closeTop(): void {
    const top = this.stack.at(-1);
    if (top) this.closeLayer(top);
    else this.closeMentionCard(true);
  }

  /** What leaving or clicking elsewhere closes: cards from the top down to the first pinned one. */
  private closeUnpinned(): void {
    while (this.stack.length > 0 && !this.stack.at(-1)!.pinned) this.removeLayer(this.stack.pop()!);
    if (this.stack.length === 0 && this.current && !this.current.layer.pinned) this.close();
  }

  private get anyPinned(): boolean {
    return (this.current?.layer.pinned ?? false) || this.stack.some((layer) => layer.pinned);
  }

  private togglePin(layer: Layer): void {
    layer.pinned = !layer.pinned;
    if (layer.pinned) this.cancelClose();
    this.repaint(layer);
    // Pinned, the card is a place to work in: focus moves into it (Escape brings it back to the mention).
    if (layer.pinned) layer.frame.querySelector<HTMLElement>('[data-part="pin"]')?.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------------------------------------
  // Frames

  private addLayer(anchor: Element, kind: 'base' | 'stacked'): Layer {
    const shadow = this.ensureHost();
    const frame = this.doc.createElement('div');
    frame.className = 'frame';
    frame.setAttribute('data-layer', kind);
    shadow.appendChild(frame);
    const layer: Layer = { frame, anchor, stopTracking: () => undefined, pinned: false, moved: false };
    layer.stopTracking = autoUpdate(anchor, frame, () => void this.position(layer, kind));
    return layer;
  }

  private removeLayer(layer: Layer): void {
    layer.stopTracking();
    if (this.drag?.layer === layer) this.drag = undefined;
    render(null, layer.frame);
    layer.frame.remove();
  }

  private paint(layer: Layer, view: () => ComponentChild): void {
    layer.view = view;
    this.repaint(layer);
  }

  private repaint(layer: Layer): void {
    if (layer.view) render(layer.view(), layer.frame);
  }

  private ensureHost(): ShadowRoot {
    if (this.host && this.shadow) {
      if (!this.host.isConnected) this.doc.documentElement.appendChild(this.host);
      return this.shadow;
    }
    const { host, shadow } = this.attachHost();
    host.setAttribute(OWN_UI_ATTRIBUTE, '');
    host.hidden = true;
    adoptStyles(shadow, cardCss);
    const signal = this.options.signal;
    // Second line behind the window guard (see the constructor): the same events stop at the shadow root.
    for (const type of CARD_ONLY_EVENTS) {
      shadow.addEventListener(
        type,
        (e) => {
          this.onCardEvent(e);
          e.stopPropagation();
        },
        { signal },
      );
    }
    host.addEventListener('pointerenter', () => this.cancelClose(), { signal });
    host.addEventListener(
      'pointerleave',
      (e) => {
        if ((e as PointerEvent).pointerType !== 'touch' && !this.drag) this.scheduleClose();
      },
      { signal },
    );
    shadow.addEventListener('pointerdown', (e) => this.startDrag(e as PointerEvent), { signal });
    // Outside <body>: a transformed or overflow-clipped body cannot trap a fixed-position card.
    this.doc.documentElement.appendChild(host);
    this.host = host;
    this.shadow = shadow;
    this.hostInspectable = this.inspectable;
    return shadow;
  }

  /**
   * A host and its shadow root. A page that defined `backstory-popover` before us has its constructor run on
   * our host: it could disable attachShadow (`disabledFeatures`), attach a root first, or read even a closed
   * one through `attachInternals().shadowRoot`. Then the host gets a tag name the page cannot guess.
   */
  private attachHost(): { host: HTMLElement; shadow: ShadowRoot } {
    const mode = this.inspectable ? 'open' : 'closed';
    const host = this.doc.createElement(POPOVER_TAG);
    if (!definedByPage(host)) {
      try {
        return { host, shadow: host.attachShadow({ mode }) };
      } catch {
        // The page's constructor took the root (and then failed): use another name.
      }
    }
    const other = this.doc.createElement(`${POPOVER_TAG}-${crypto.getRandomValues(new Uint32Array(2)).join('-')}`);
    return { host: other, shadow: other.attachShadow({ mode }) };
  }

  private async position(layer: Layer, kind: 'base' | 'stacked'): Promise<void> {
    if (layer.moved) return;
    const { frame, anchor } = layer;
    const fit = size({
      padding: 8,
      apply({ availableHeight }) {
        // The room left on screen, within the stylesheet's cap (an inline max-height alone would replace the cap).
        frame.style.maxHeight = `min(${CARD_MAX_HEIGHT}px, ${Math.max(120, Math.floor(availableHeight))}px)`;
      },
    });
    // The mention's card goes below the word (above when there is no room) and never covers it; a
    // stacked card goes beside the card it was opened from.
    const placement: Placement = kind === 'base' ? 'bottom-start' : 'right-start';
    const middleware: Middleware[] =
      kind === 'base'
        ? [inline(), offset(8), flip({ padding: 8 }), shift({ padding: 8 }), fit]
        : [offset(8), flip({ padding: 8, fallbackPlacements: ['left-start', 'bottom-start', 'top-start'] }), shift({ padding: 8 }), fit];
    const { x, y } = await computePosition(anchor, frame, { strategy: 'fixed', placement, middleware });
    if (layer.moved) return;
    frame.style.left = `${Math.round(x)}px`;
    frame.style.top = `${Math.round(y)}px`;
  }

  private isInsideCard(target: EventTarget | null): boolean {
    return !!this.host && !!target && (target === this.host || this.host.contains(target as Node));
  }

  private layerOf(node: Node | null): Layer | undefined {
    const all = [...(this.current ? [this.current.layer] : []), ...this.stack];
    return all.find((layer) => node !== null && layer.frame.contains(node));
  }

  // ---------------------------------------------------------------------------------------------
  // Moving a card by its header

  private startDrag(event: PointerEvent): void {
    if (event.button !== 0 || !event.isPrimary) return;
    const target = (event.composedPath()[0] ?? event.target) as Element | null;
    if (!target || typeof target.closest !== 'function') return;
    if (target.closest('button, a, summary, input, select, textarea')) return;
    const header = target.closest('.card > header');
    const layer = header ? this.layerOf(header) : undefined;
    if (!layer) return;
    const rect = layer.frame.getBoundingClientRect();
    this.drag = { layer, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, left: rect.left, top: rect.top };
  }

  private moveDrag(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || event.pointerId !== drag.pointerId) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    const { layer } = drag;
    if (!layer.moved) {
      if (Math.abs(dx) + Math.abs(dy) < 3) return;
      // Moving a card keeps it: it is pinned, and no longer follows its word.
      layer.moved = true;
      layer.stopTracking();
      layer.stopTracking = () => undefined;
      if (!layer.pinned) {
        layer.pinned = true;
        this.cancelClose();
        this.repaint(layer);
      }
      layer.frame.setAttribute('data-dragging', '');
    }
    const view = this.doc.defaultView;
    const width = this.doc.documentElement.clientWidth || view?.innerWidth || 0;
    const height = this.doc.documentElement.clientHeight || view?.innerHeight || 0;
    const rect = layer.frame.getBoundingClientRect();
    const left = Math.max(0, Math.min(drag.left + dx, width - rect.width));
    const top = Math.max(0, Math.min(drag.top + dy, height - rect.height));
    layer.frame.style.left = `${Math.round(left)}px`;
    layer.frame.style.top = `${Math.round(top)}px`;
  }

  private endDrag(event?: PointerEvent): void {
    if (!this.drag || (event && event.pointerId !== this.drag.pointerId)) return;
    this.drag.layer.frame.removeAttribute('data-dragging');
    this.drag = undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Page events

  private onPointerMove(event: PointerEvent): void {
    if (this.drag) {
      this.moveDrag(event);
      return;
    }
    if (event.pointerType === 'touch') return;
    const t = this.now();
    this.samples.push({ t, x: event.clientX, y: event.clientY });
    while (this.samples.length > 0 && t - this.samples[0]!.t > SPEED_WINDOW_MS) this.samples.shift();
    if (this.samples.length > 64) this.samples.splice(0, this.samples.length - 64);
  }

  /** How fast the pointer moved over the last SPEED_WINDOW_MS, in px per ms (0 when it rested). */
  pointerSpeed(): number {
    const t = this.now();
    const recent = this.samples.filter((sample) => t - sample.t <= SPEED_WINDOW_MS);
    let distance = 0;
    for (let i = 1; i < recent.length; i++) {
      distance += Math.hypot(recent[i]!.x - recent[i - 1]!.x, recent[i]!.y - recent[i - 1]!.y);
    }
    return distance / SPEED_WINDOW_MS;
  }

  private onPointerOver(event: PointerEvent): void {
    const hit = this.options.mentionAt(event.target);
    if (!hit || event.pointerType === 'touch' || this.drag) return;
    if (this.current?.mention === hit.mention) {
      this.cancelClose();
      return;
    }
    // A pinned card stays: passing over other words does not replace it (a click or focus does).
    if (this.anyPinned) return;
    this.cancelOpen();
    this.pending = hit.element;
    this.startIntent(hit.mention, hit.element);
  }

  /** Open after the hover delay, unless the pointer is still moving fast then: wait again. */
  private startIntent(mention: Mark, element: HTMLElement): void {
    this.openTimer = this.options.setTimeout(() => {
      this.openTimer = undefined;
      if (this.pending !== element) return;
      if (this.pointerSpeed() > FAST_POINTER_PX_PER_MS) {
        this.startIntent(mention, element);
        return;
      }
      this.pending = undefined;
      this.open(mention, element);
    }, this.hoverDelay);
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
    this.closeUnpinned();
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

  /** A key (or input) event from inside a card: Escape closes the top card; the rest is the browser's. */
  private onCardEvent(event: Event): void {
    if (event.type === 'keydown' && (event as KeyboardEvent).key === 'Escape') this.closeTop();
  }

  /** Keys on the page (a mark focused); those inside a card go to `onCardEvent`. */
  private onKeyDown(event: KeyboardEvent): void {
    if (!this.current || this.isInsideCard(event.target)) return;
    if (event.key === 'ArrowDown') {
      this.enterCard(event);
      return;
    }
    if (event.key !== 'Escape') return;
    this.closeTop();
  }

  /**
   * ArrowDown on the open mark moves focus to the card's first button (the candidates of an uncertain
   * mention, or the pin): the card sits outside the page's tab order. Escape brings focus back.
   */
  private enterCard(event: KeyboardEvent): void {
    if (this.options.mentionAt(event.target)?.mention !== this.current?.mention) return;
    const frame = this.current?.layer.frame;
    const control =
      frame?.querySelector<HTMLElement>('[data-part="uncertain"] button') ??
      frame?.querySelector<HTMLElement>('button:not([data-part="pin"]):not([data-part="close"])') ??
      frame?.querySelector<HTMLElement>('button');
    if (!control) return;
    event.preventDefault();
    control.focus();
  }

  private scheduleClose(): void {
    this.cancelClose();
    if (this.current?.layer.pinned && this.stack.every((layer) => layer.pinned)) return;
    this.closeTimer = this.options.setTimeout(() => {
      this.closeTimer = undefined;
      this.closeUnpinned();
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

/** A custom element the page defined (constructed, so `:defined`); an unknown tag is not. */
function definedByPage(element: Element): boolean {
  try {
    return element.matches(':defined');
  } catch {
    return false;
  }
}

/**
 * The design tokens are declared on `:host`, where any page rule that matches the host (`* { --bs-bg: red }`)
 * outranks them (`all` does not reset custom properties): declare them again on the frames, which no page
 * selector reaches.
 */
function pinTokens(sheet: CSSStyleSheet): void {
  try {
    for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
      const rule = sheet.cssRules[i] as CSSStyleRule;
      if (/:host(?!\()/.test(rule.selectorText ?? '') && rule.style.cssText.includes('--bs-')) sheet.insertRule(`.frame{${rule.style.cssText}}`, i + 1);
    }
  } catch {
    // The tokens stay on :host only.
  }
}

/** Style a shadow root without a <style> element (page CSPs cannot block a constructed sheet). */
function adoptStyles(shadow: ShadowRoot, cssText: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(cssText);
    pinTokens(sheet);
    shadow.adoptedStyleSheets = [sheet];
    // Some content-script worlds (Firefox's Xray wrappers) accept the assignment without effect.
    if (shadow.adoptedStyleSheets.length > 0) return;
  } catch {
    // Fall through to the <style> element.
  }
  const style = shadow.ownerDocument.createElement('style');
  style.textContent = cssText;
  shadow.appendChild(style);
  if (style.sheet) pinTokens(style.sheet);
}
