/**
 * Follows the page after it is scanned, with one MutationObserver: paragraphs added later (a live blog, an
 * infinite scroll, "load more") and text a framework renders again are read on their own, not the whole
 * page again.
 *
 * - Backstory's own writes (marks in, marks out) run through `own`: what the page changed before them is
 *   handled first, and the observer is off while they run, so Backstory never reacts to itself.
 * - A text node the page changed, or removed, takes its block's marks out at once, inside the observer's
 *   callback, before the page is painted: a framework that sets a text node's text (the original node is
 *   always kept in place, see marks.ts) never shows its new words next to the old marked pieces.
 * - What was added or changed is read again from its nearest block (a paragraph, a new post) after a short
 *   pause that gathers a burst of changes into one scan.
 * - Text the scan left out as hidden by a style is read when a class or style change shows it ("read more").
 */
import type { OwnChange, PageMarks } from './page-marks';
import { blockRootOf, isBlockTag, isOutsideProse } from './text-blocks';

/** Changes are gathered for this long before the parts they touched are read again (ms). */
export const GATHER_MS = 80;
/**
 * After a class or style change, whether it showed something the scan left out as hidden ("read more") is
 * checked at most this often (ms): pages that animate change styles every frame.
 */
export const REVEAL_CHECK_MS = 250;

/** Shown now: not `display: none` itself or through an ancestor. */
function isShown(element: Element): boolean {
  const check = (element as Element & { checkVisibility?: () => boolean }).checkVisibility;
  if (check) return check.call(element);
  for (let node: Element | null = element; node; node = node.parentElement) {
    if (node.ownerDocument.defaultView?.getComputedStyle(node).display === 'none') return false;
  }
  return true;
}

export interface LiveUpdatesOptions {
  marks: PageMarks;
  /** Read `roots` again and mark them (PageMarks.scanMore with the page's annotate). */
  scanMore: (roots: Element[]) => Promise<void>;
  /** Called after the marks changed (the page's entity count may have). */
  onChanged: () => void;
  setTimeout: (handler: () => void, ms: number) => number;
  clearTimeout: (id: number) => void;
}

const HAS_LETTER = /\p{L}/u;

/** The outermost of `elements`: one inside another is read with it. */
function outermost(elements: Iterable<Element>): Element[] {
  const all = [...elements];
  return all.filter((element) => !all.some((other) => other !== element && other.contains(element)));
}

export class LiveUpdates {
  private observer?: MutationObserver;
  /** Where the page added or changed text, waiting to be read again. */
  private dirty = new Set<Element>();
  private timer?: number;
  /** A scan of dirty parts is running. */
  private running = false;
  /** Dirty parts wait (the page's first scan is running). */
  private held = true;
  private lastChange = 0;
  /** A class or style changed: something left out as hidden may be shown now. */
  private checkReveal = false;
  private revealTimer?: number;

  constructor(private readonly doc: Document, private readonly options: LiveUpdatesOptions) {}

  /** Start watching the page (dirty parts are read once `release` is called). */
  watch(): void {
    if (this.observer) return;
    const View = this.doc.defaultView as (Window & typeof globalThis) | null;
    if (!View?.MutationObserver) return;
    this.observer = new View.MutationObserver((records) => this.handle(records));
    this.observe(this.observer);
  }

  /** Stop watching and forget what was waiting (Backstory turned off, the page navigated, the script unloaded). */
  stop(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.dirty.clear();
    this.held = true;
    if (this.timer !== undefined) this.options.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.revealTimer !== undefined) this.options.clearTimeout(this.revealTimer);
    this.revealTimer = undefined;
    this.checkReveal = false;
  }

  /** Forget what was waiting and watch afresh, holding what changes until `release` (a whole-page scan starts). */
  restart(): void {
    this.stop();
    this.watch();
  }

  /** The whole-page scan is done: read what changed meanwhile, and what changes from now on. */
  release(): void {
    this.held = false;
    if (this.checkReveal) this.scheduleRevealCheck();
    this.schedule();
  }

  /**
   * Run one of Backstory's own DOM changes (see the module comment). The observer is off while it runs: no
   * record is made for Backstory's writes (a slice of marking makes hundreds), and no page code runs
   * meanwhile to be missed.
   */
  readonly own: OwnChange = (change) => {
    const observer = this.observer;
    if (!observer) return change();
    const pending = observer.takeRecords();
    if (pending.length > 0) this.handle(pending);
    if (this.observer !== observer) return change();
    observer.disconnect();
    try {
      return change();
    } finally {
      if (this.observer === observer) this.observe(observer);
    }
  };

  private observe(observer: MutationObserver): void {
    observer.observe(this.doc.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      // A "load more" or "read more" may show text that was in the page but hidden: by the `hidden`
      // attribute, or by a class or style (then checked against what the scan left out, see REVEAL_CHECK_MS).
      attributes: true,
      attributeFilter: ['hidden', 'class', 'style', 'open'],
    });
  }

  /** Resolves once the page has made no change for `quietMs` (or after `maxMs`): a new article has rendered. */
  whenQuiet(quietMs: number, maxMs: number): Promise<void> {
    const started = Date.now();
    this.lastChange = Math.max(this.lastChange, started);
    return new Promise((resolve) => {
      const check = () => {
        const now = Date.now();
        if (now - this.lastChange >= quietMs || now - started >= maxMs) resolve();
        else this.options.setTimeout(check, Math.min(quietMs, 50));
      };
      this.options.setTimeout(check, quietMs);
    });
  }

  private handle(records: readonly MutationRecord[]): void {
    const changed = new Set<Node>();
    let removed = false;
    for (const record of records) {
      const target = record.target;
      if (record.type === 'characterData') {
        if (isOutsideProse(target)) continue;
        changed.add(target);
        this.markDirty(target);
      } else if (record.type === 'attributes') {
        if (isOutsideProse(target)) continue;
        if (record.attributeName === 'hidden') this.markDirty(target);
        else this.checkReveal = true;
      } else {
        for (const node of record.addedNodes) if (carriesText(node) && !isOutsideProse(node)) this.markDirty(node);
        if (record.removedNodes.length === 0 || isOutsideProse(target)) continue;
        removed = true;
        // Text taken out of a paragraph changes the rest of its run; a whole post taken out changes nothing else.
        if ([...record.removedNodes].some((node) => node.nodeType === 3 || (node.nodeType === 1 && !isBlockTag(node as Element)))) {
          this.markDirty(target);
        }
      }
    }
    if (this.checkReveal) this.scheduleRevealCheck();
    if (changed.size === 0 && !removed && this.dirty.size === 0) return;
    this.lastChange = Date.now();
    // At once, before the page paints: the pieces of a changed or removed node must not stay beside it.
    if ((changed.size > 0 || removed) && this.options.marks.forget({ changed, disconnected: removed }) > 0) this.options.onChanged();
    this.schedule();
  }

  /** Soon (at most every REVEAL_CHECK_MS): read what the scan left out as hidden and the page now shows. */
  private scheduleRevealCheck(): void {
    if (this.revealTimer !== undefined || this.held || !this.options.marks.hasHidden) return;
    this.revealTimer = this.options.setTimeout(() => {
      this.revealTimer = undefined;
      if (this.held) return;
      this.checkReveal = false;
      for (const element of this.options.marks.takeRevealed(isShown)) this.markDirty(element);
      this.schedule();
    }, REVEAL_CHECK_MS);
  }

  private markDirty(node: Node): void {
    const root = blockRootOf(node);
    if (root && !isOutsideProse(root)) this.dirty.add(root);
  }

  private schedule(): void {
    if (this.held || this.running || this.timer !== undefined || this.dirty.size === 0) return;
    this.timer = this.options.setTimeout(() => {
      this.timer = undefined;
      void this.readDirty();
    }, GATHER_MS);
  }

  private async readDirty(): Promise<void> {
    if (this.held || this.running) return;
    const roots = outermost([...this.dirty].filter((root) => root.isConnected && !isOutsideProse(root)));
    this.dirty.clear();
    if (roots.length === 0) return;
    this.running = true;
    try {
      this.options.marks.forget({ within: roots });
      await this.options.scanMore(roots);
    } catch (error) {
      console.warn('[Backstory] could not read what the page added:', error);
    } finally {
      this.running = false;
    }
    this.options.onChanged();
    this.schedule();
  }
}

/** Whitespace, empty elements and images add nothing to read. */
function carriesText(node: Node): boolean {
  if (node.nodeType === 3) return HAS_LETTER.test((node as Text).data);
  if (node.nodeType !== 1) return false;
  return HAS_LETTER.test(node.textContent ?? '');
}
