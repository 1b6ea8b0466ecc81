/**
 * The marks of one page: scans it once (collect blocks → a few `annotate` calls → wrap), keeps
 * what was found for the popup, and can take everything out again. The scan never holds the main thread
 * for long: the page is read in short slices, and the answers are marked in short slices too, what is in
 * or near the viewport first, the rest when the page is idle (see schedule.ts and docs/highlighting.md).
 * What was found is kept, so the marks can be taken out and put back without asking the background
 * again: figure marks on their own (the reader's "Show figures" setting), or all of them when the reader
 * changes which kinds are marked, asks for the first mention only, or hides the highlights (Alt+Shift+B).
 * When the page changes under the marks (live-updates.ts), the blocks it touched are taken out (`forget`)
 * and the parts it added or changed are scanned on their own (`scanMore`), without reading the rest again.
 */
import type { BackgroundRequests, EntitySummary, Figure, Mention } from '@/lib/messages';
import type { EntityKind } from '@/lib/pack/types';
import { batchRanges, DEFAULT_BATCH_LIMITS, type BatchLimits } from '@/lib/page/batches';
import {
  blockIsIntact,
  figuresClearOf,
  MarkFactory,
  restoreTextNodes,
  usableMentions,
  wrapFigures,
  wrapMentions,
  type Mark,
  type MarkedFigure,
  type MarkedMention,
  type WrapRecord,
} from './marks';
import { nearbyEntityIds } from './nearby';
import { browserScheduler, SLICE_MS, type WorkScheduler } from './schedule';
import { MAX_HIDDEN_KEPT, MENTION_TAG, TextBlockWalker, type TextBlock } from './text-blocks';

export type Annotate = (texts: string[]) => Promise<BackgroundRequests['annotate']['res']>;

export type FoundEntity = EntitySummary & { count: number };

/** Which entity mentions are marked. */
export interface MarkFilter {
  /** The entity kinds marked (figures follow `showFigures`). */
  kinds: ReadonlySet<EntityKind>;
  /** Only the first mention of each entity on the page, in document order. */
  firstMentionOnly: boolean;
}

export const ALL_KINDS: ReadonlySet<EntityKind> = new Set<EntityKind>(['person', 'place', 'organization', 'event']);

/** One block as the scan found it: the text nodes as collected, and what the background said about them. */
interface ScannedBlock {
  /** The block as collected (its parts are the page's original text nodes; restoring the marks makes it intact again). */
  block: TextBlock;
  /** The mentions that can be marked in it (in range, not overlapping), in order. */
  mentions: readonly Mention[];
  /** Its figures, clear of every mention the background found (shown or not). */
  figures: readonly Figure[];
  /** Its marks while it is marked (in the page as the filter says), in order. */
  marked?: MarkedMention[];
  /** How to undo its entity marks (empty while it is not marked). */
  records: WrapRecord[];
  /** Its figure pass, once it is marked and has figures. */
  figureBlock?: FigureBlock;
}

/** A block waiting to be marked, with the mentions the filter shows (decided in document order). */
interface QueuedBlock {
  scanned: ScannedBlock;
  shown: Mention[];
}

/** A block that has figures: what the figure pass needs to run (again) after the entity pass. */
interface FigureBlock {
  /** The block as the entity pass left it. */
  block: TextBlock;
  /** Every entity mention the background found in it (for the figures' nearby entities). */
  mentions: readonly Mention[];
  /** Its figures, clear of the mentions. */
  figures: readonly Figure[];
  marks: MarkedFigure[];
  records: WrapRecord[];
}

export interface PageMarksOptions {
  showFigures?: boolean;
  /** The entity kinds marked (default: all). */
  kinds?: Iterable<EntityKind>;
  firstMentionOnly?: boolean;
  /** When slices of reading and marking run (default: the browser's, see schedule.ts). */
  scheduler?: WorkScheduler;
}

/** Runs a change of the page's DOM that Backstory makes (so a watcher of the page can tell it from the page's own). */
export type OwnChange = <T>(change: () => T) => T;

/** Which scanned blocks `forget` takes out. */
export interface ForgetWhat {
  /** Text nodes the page changed: blocks made of them go, and these keep the page's text. */
  changed?: ReadonlySet<Node>;
  /** Blocks inside these elements go (they are about to be scanned again). */
  within?: readonly Element[];
  /** Blocks with a node no longer in the page go (the page removed it). */
  disconnected?: boolean;
}

/** How far beyond the viewport (in viewport heights) a block still counts as "in view" and is marked first. */
const VIEW_MARGIN = 0.5;

/** Where a block is: in (or near) the viewport, or out of it. */
type Place = 'view' | 'rest';

/**
 * Where a block is in a viewport `height` px high, by the box of the element holding its first text (read
 * before any mark is written: no forced layout).
 */
function placeOf(block: TextBlock, height: number): Place {
  const box = block.parts[0]?.node.parentElement?.getBoundingClientRect();
  return !box || (box.top <= height * (1 + VIEW_MARGIN) && box.bottom >= -height * VIEW_MARGIN) ? 'view' : 'rest';
}

export class PageMarks {
  /** What the scan found, block by block in document order. */
  private scanned: ScannedBlock[] = [];
  /** The scanned block each of the page's text nodes (as collected) belongs to. */
  private blockOfNode = new WeakMap<Node, ScannedBlock>();
  private blockOfFigure = new WeakMap<MarkedFigure, FigureBlock>();
  private entities = new Map<string, EntitySummary>();
  private byElement = new WeakMap<Element, Mark>();
  /** Entity ids marked so far in this rendering (for `firstMentionOnly`). */
  private marked = new Set<string>();
  private figuresShown: boolean;
  private filter: MarkFilter;
  /** False while the reader has hidden the highlights: nothing is marked, what was found is kept. */
  private visible = true;
  /** Bumped by `teardown`: a scan still waiting for the background stops there. */
  private generation = 0;
  private readonly factory = new MarkFactory();
  private readonly scheduler: WorkScheduler;
  /** Blocks to mark: in or near the viewport first, then the rest in document order. */
  private queues: Record<Place, QueuedBlock[]> = { view: [], rest: [] };
  /** A slice of marking is scheduled (soon or idle). */
  private pumping: 'soon' | 'idle' | undefined;
  /** Called when the queues run empty. */
  private drained: Array<() => void> = [];
  /** What each batch of the scan found, by batch in document order (`scanned` is their concatenation). */
  private found: ScannedBlock[][] = [];
  /** Some batch with a block in view is not answered yet: until then nothing out of view is marked. */
  private holdIdle = false;
  /** Elements the scans left out because a style hid them: the page may show them later ("read more"). */
  private hiddenElements = new Set<Element>();
  /** Wraps every DOM write (default: just runs it). */
  ownChange: OwnChange = (change) => change();

  constructor(options: PageMarksOptions = {}) {
    this.figuresShown = options.showFigures ?? true;
    this.filter = { kinds: new Set(options.kinds ?? ALL_KINDS), firstMentionOnly: options.firstMentionOnly ?? false };
    this.scheduler = options.scheduler ?? browserScheduler();
  }

  /**
   * Scan `root` and mark every mention (and figure, when shown) the background finds. The page is read in
   * slices, noting where each block is (no mark is written yet, so reading the layout is cheap); the texts
   * are then sent in the usual batches (`batchRanges`), one request at a time, those with a block in view
   * first; each answer is queued for marking. Resolves when every batch is answered and marked.
   */
  async scan(root: Element, annotate: Annotate, limits: BatchLimits = DEFAULT_BATCH_LIMITS): Promise<void> {
    const generation = this.generation;
    const current = () => generation === this.generation;
    const rendered = this.scheduler.rendered;
    if (rendered) {
      await new Promise<void>((resolve) => rendered(resolve));
      if (!current()) return;
    }
    const read = await this.read([root], current);
    if (!read) return;
    const batches = batchRanges(
      read.blocks.map((b) => b.text.length),
      limits,
    ).map(([start, end], index) => ({ index, blocks: read.blocks.slice(start, end), places: read.places.slice(start, end) }));
    const inView = batches.filter((batch) => batch.places.includes('view'));
    // What is out of view waits until every batch with something in view is answered and marked.
    this.holdIdle = inView.length > 0;
    this.found = batches.map(() => []);
    try {
      for (const batch of [...inView, ...batches.filter((b) => !inView.includes(b))]) {
        const answer = await annotate(batch.blocks.map((b) => b.text));
        // Torn down (Backstory turned off) while the background was answering: mark nothing.
        if (!current()) return;
        this.accept(batch.index, batch.blocks, batch.places, answer);
        if (batch === inView.at(-1)) this.holdIdle = false;
        this.pump();
      }
    } finally {
      // A failed request does not keep what was answered from being marked.
      if (current()) {
        this.holdIdle = false;
        this.pump();
      }
    }
    await this.whenMarked();
  }

  /**
   * Scan only `roots` (parts of the page added or changed since the page was scanned; `forget` first takes
   * out what was marked in them) and mark what the background finds there, keeping document order with what
   * was scanned before. Call it after `scan` has settled, one call at a time.
   */
  async scanMore(roots: readonly Element[], annotate: Annotate, limits: BatchLimits = DEFAULT_BATCH_LIMITS): Promise<void> {
    const generation = this.generation;
    const current = () => generation === this.generation;
    const read = await this.read(roots, current);
    if (!read) return;
    for (const [start, end] of batchRanges(
      read.blocks.map((b) => b.text.length),
      limits,
    )) {
      const answer = await annotate(read.blocks.slice(start, end).map((b) => b.text));
      if (!current()) return;
      this.acceptMore(read.blocks.slice(start, end), read.places.slice(start, end), answer);
      this.pump();
    }
    await this.whenMarked();
  }

  /** Read the blocks under `roots` in slices, noting where each is; undefined when torn down meanwhile. */
  private async read(roots: readonly Element[], current: () => boolean): Promise<{ blocks: TextBlock[]; places: Place[] } | undefined> {
    const blocks: TextBlock[] = [];
    const places: Place[] = [];
    for (const root of roots) {
      // Read now: no longer waiting to be shown (the walk remembers again what is still hidden in it).
      for (const element of this.hiddenElements) if (root.contains(element)) this.hiddenElements.delete(element);
      const walker = new TextBlockWalker(root);
      let seen = 0;
      for (;;) {
        const started = this.scheduler.now();
        const done = walker.step(() => this.scheduler.now() - started >= SLICE_MS);
        const height = root.ownerDocument.defaultView?.innerHeight ?? 0;
        for (; seen < walker.blocks.length; seen++) {
          blocks.push(walker.blocks[seen]!);
          places.push(placeOf(walker.blocks[seen]!, height));
        }
        if (done) break;
        await new Promise<void>((resolve) => this.scheduler.soon(resolve));
        if (!current()) return undefined;
      }
      for (const element of walker.hidden) if (this.hiddenElements.size < MAX_HIDDEN_KEPT) this.hiddenElements.add(element);
    }
    return { blocks, places };
  }

  /** Resolves once every block queued for marking is marked (or the queue was dropped). */
  whenMarked(): Promise<void> {
    if (this.queuedCount() === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Batch `index` (in document order) answered: keep what was found, and queue it for marking. */
  private accept(index: number, batch: readonly TextBlock[], places: readonly Place[], answer: Awaited<ReturnType<Annotate>>): void {
    const found = this.scannedBlocks(batch, places, answer);
    const later = this.found.slice(index + 1).some((f) => f.length > 0);
    this.found[index] = found.map((f) => f.scanned);
    // Kept in document order, whatever order the batches are answered in.
    this.scanned = this.found.flat();
    if (!this.visible) return;
    // "First mention only" is decided in document order: a batch answered after a later one re-marks the page
    // (at once: with one mark per entity there are few).
    if (later && this.filter.firstMentionOnly) {
      this.remark();
      return;
    }
    for (const { scanned, place } of found) this.queues[place].push({ scanned, shown: this.shownIn(scanned) });
  }

  /** A batch of `scanMore` answered: its blocks join the others in document order and are queued for marking. */
  private acceptMore(batch: readonly TextBlock[], places: readonly Place[], answer: Awaited<ReturnType<Annotate>>): void {
    const found = this.scannedBlocks(batch, places, answer);
    if (found.length === 0) return;
    let before = false;
    for (const { scanned } of found) {
      const at = this.insertionIndex(scanned);
      if (at < this.scanned.length) before = true;
      this.scanned.splice(at, 0, scanned);
    }
    if (!this.visible) return;
    // Something earlier in the page than what is marked (a live blog puts new posts on top): the first mentions moved.
    if (before && this.filter.firstMentionOnly) {
      this.remark();
      return;
    }
    for (const { scanned, place } of found) this.queues[place].push({ scanned, shown: this.shownIn(scanned) });
  }

  /** What the background found in a batch, as scanned blocks (blocks with nothing, or changed meanwhile, left out). */
  private scannedBlocks(
    batch: readonly TextBlock[],
    places: readonly Place[],
    answer: Awaited<ReturnType<Annotate>>,
  ): Array<{ scanned: ScannedBlock; place: Place }> {
    for (const [id, summary] of Object.entries(answer.entities)) this.entities.set(id, summary);
    const found: Array<{ scanned: ScannedBlock; place: Place }> = [];
    batch.forEach((block, i) => {
      const mentions: Mention[] = answer.results[i] ?? [];
      const figures = figuresClearOf(answer.figures[i] ?? [], mentions);
      if (mentions.length === 0 && figures.length === 0) return;
      // A block the page changed while the background was answering is skipped (the watcher scans it again).
      if (!blockIsIntact(block)) return;
      const scanned: ScannedBlock = { block, mentions: usableMentions(mentions, block.text.length), figures, records: [] };
      for (const part of block.parts) this.blockOfNode.set(part.node, scanned);
      found.push({ scanned, place: places[i]! });
    });
    return found;
  }

  /** Where a block goes in `scanned` to keep document order (binary search on its first node). */
  private insertionIndex(scanned: ScannedBlock): number {
    const node = scanned.block.parts[0]!.node;
    let low = 0;
    let high = this.scanned.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const other = this.scanned[middle]!.block.parts[0]!.node;
      // Following: the block goes after `other`.
      if (other.compareDocumentPosition(node) & 4 /* DOCUMENT_POSITION_FOLLOWING */) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * The elements a scan left out as hidden by a style that the page now shows (they are forgotten: a caller
   * reads them with `scanMore`); those gone from the page are forgotten too.
   */
  get hasHidden(): boolean {
    return this.hiddenElements.size > 0;
  }

  takeRevealed(isShown: (element: Element) => boolean): Element[] {
    const revealed: Element[] = [];
    for (const element of this.hiddenElements) {
      if (!element.isConnected) this.hiddenElements.delete(element);
      else if (isShown(element)) {
        this.hiddenElements.delete(element);
        revealed.push(element);
      }
    }
    return revealed;
  }

  /**
   * Take out the marks of the blocks the page changed or removed (or that are about to be scanned again),
   * and forget them. The page's text nodes get their text back, except those the page itself changed.
   * Returns how many blocks were forgotten.
   */
  forget(what: ForgetWhat): number {
    const { changed, within = [], disconnected = false } = what;
    const gone = new Set<ScannedBlock>();
    if (changed) {
      for (const node of changed) {
        const scanned = this.blockOfNode.get(node);
        if (scanned) gone.add(scanned);
      }
    }
    if (within.length > 0 || disconnected) {
      for (const scanned of this.scanned) {
        const parts = scanned.block.parts;
        if (disconnected && parts.some((part) => !part.node.isConnected)) gone.add(scanned);
        else if (within.some((root) => root.contains(parts[0]!.node))) gone.add(scanned);
      }
    }
    if (gone.size === 0) return 0;
    this.ownChange(() => {
      for (const scanned of gone) this.unmarkBlock(scanned, changed);
    });
    this.scanned = this.scanned.filter((scanned) => !gone.has(scanned));
    // A first scan still under way keeps its batches' blocks apart (see accept): they go there too.
    this.found = this.found.map((batch) => batch.filter((scanned) => !gone.has(scanned)));
    for (const place of ['view', 'rest'] as const) this.queues[place] = this.queues[place].filter((queued) => !gone.has(queued.scanned));
    for (const scanned of gone) for (const part of scanned.block.parts) this.blockOfNode.delete(part.node);
    // The ids still mentioned (for first mention only, and the summaries).
    if (this.filter.firstMentionOnly && this.visible) this.remark();
    return gone.size;
  }

  private queuedCount(): number {
    return this.queues.view.length + this.queues.rest.length;
  }

  /** Schedule the next slice of marking: soon while blocks in view wait, else when the page is idle. */
  private pump(): void {
    if (this.queues.view.length > 0) {
      // Blocks in view do not wait for an idle slice already asked for.
      if (this.pumping === 'soon') return;
      this.pumping = 'soon';
      this.scheduler.soon(() => this.markSlice(SLICE_MS, true));
    } else if (!this.pumping && this.queuedCount() > 0 && !this.holdIdle) {
      this.pumping = 'idle';
      this.scheduler.idle((budget) => this.markSlice(budget, false));
    }
  }

  /**
   * Mark queued blocks for at most `budget` ms (at least one block): only those in view in a slice that
   * runs as soon as it can, any (in view first) in an idle one.
   */
  private markSlice(budget: number, viewOnly: boolean): void {
    this.pumping = undefined;
    const started = this.scheduler.now();
    this.ownChange(() => {
      for (;;) {
        const next = this.queues.view.shift() ?? (viewOnly ? undefined : this.queues.rest.shift());
        if (!next) break;
        this.markBlock(next.scanned, next.shown);
        if (this.scheduler.now() - started >= budget) break;
      }
    });
    if (this.queuedCount() > 0) this.pump();
    else this.settle();
  }

  private settle(): void {
    const waiting = this.drained;
    this.drained = [];
    for (const resolve of waiting) resolve();
  }

  /** True when something was found or marked (a scan ran and is not torn down). */
  get hasFindings(): boolean {
    return this.scanned.length > 0;
  }

  /** Show or hide the figure marks: at once on the page, and for whatever is scanned later. */
  showFigures(show: boolean): void {
    if (show === this.figuresShown) return;
    this.figuresShown = show;
    if (!this.visible) return;
    this.ownChange(() => {
      for (const { figureBlock } of this.scanned) {
        if (!figureBlock) continue;
        if (show) this.markFigures(figureBlock);
        else this.unmarkFigures(figureBlock);
      }
    });
  }

  /** Change which mentions are marked; the page is re-marked from what the scan found. Returns true when it changed. */
  setFilter(filter: Partial<MarkFilter>): boolean {
    const next: MarkFilter = {
      kinds: filter.kinds ? new Set(filter.kinds) : this.filter.kinds,
      firstMentionOnly: filter.firstMentionOnly ?? this.filter.firstMentionOnly,
    };
    const sameKinds = next.kinds.size === this.filter.kinds.size && [...next.kinds].every((k) => this.filter.kinds.has(k));
    if (sameKinds && next.firstMentionOnly === this.filter.firstMentionOnly) return false;
    this.filter = next;
    if (this.visible) this.remark();
    return true;
  }

  /** Hide every mark (the text is restored exactly) or put them back, without asking the background again. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) this.remark();
    else this.unmarkAll();
  }

  get isVisible(): boolean {
    return this.visible;
  }

  /** The figures marked on the page, in document order. */
  markedFigures(): MarkedFigure[] {
    return this.scanned.flatMap((s) => s.figureBlock?.marks ?? []);
  }

  /** The entity mentions marked on the page, in document order. */
  markedMentions(): readonly MarkedMention[] {
    return this.scanned.flatMap((s) => s.marked ?? []);
  }

  /** Entity ids near a figure, nearest first: its own block's, then the rest of the page's. */
  nearbyIds(figure: MarkedFigure): string[] {
    const mentions = this.blockOfFigure.get(figure)?.mentions ?? [];
    return nearbyEntityIds(figure.figure, mentions, this.foundEntities().map((e) => e.id));
  }

  /** What the background said about an entity id (a mention's or one of its alternatives). */
  summaryOf(id: string): EntitySummary | undefined {
    return this.entities.get(id);
  }

  /**
   * Entities of the marked kinds in order of first mention, with how many times each is mentioned
   * (every mention, also those `firstMentionOnly` leaves unmarked, and while the highlights are hidden).
   */
  foundEntities(): FoundEntity[] {
    const found = new Map<string, FoundEntity>();
    for (const { block, mentions } of this.scanned) {
      for (const mention of mentions) {
        if (!this.filter.kinds.has(mention.kind)) continue;
        const entry = found.get(mention.id);
        if (entry) {
          entry.count += 1;
          continue;
        }
        const summary = this.entities.get(mention.id) ?? {
          id: mention.id,
          kind: mention.kind,
          name: block.text.slice(mention.start, mention.end),
          description: '',
        };
        found.set(mention.id, { ...summary, count: 1 });
      }
    }
    return [...found.values()];
  }

  /** The first mention, in document order, of any of the ids (ids earlier in the list do not win). */
  firstMentionOf(ids: ReadonlySet<string>): MarkedMention | undefined {
    for (const scanned of this.scanned) {
      const found = scanned.marked?.find((m) => ids.has(m.id) && m.elements.some((e) => e.isConnected));
      if (found) return found;
    }
    return undefined;
  }

  /** The mark a mark element (or anything inside one) belongs to. */
  mentionAt(target: EventTarget | null): { mention: Mark; element: HTMLElement } | undefined {
    // Duck-typed: `instanceof Element` is unreliable across the page/content-script boundary in Firefox.
    const node = target as Partial<Element> | null;
    const element = node && node.nodeType === 1 && node.closest ? (node.closest(MENTION_TAG) as HTMLElement | null) : null;
    const mention = element ? this.byElement.get(element) : undefined;
    return element && mention ? { mention, element } : undefined;
  }

  /** Take every mark out, put the page's text nodes back as they were, and forget what was found. */
  teardown(): void {
    this.generation += 1;
    this.unmarkAll();
    this.scanned = [];
    this.blockOfNode = new WeakMap();
    this.hiddenElements.clear();
    this.found = [];
    this.holdIdle = false;
    this.entities.clear();
    // A later scan is marked: hiding the highlights holds for what was found, not for the next page state.
    this.visible = true;
  }

  /** Every mark out, the page's text nodes back as they were; what was found is kept. */
  private unmarkAll(): void {
    // Whatever waits to be marked is dropped (it is marked at once, or not at all).
    this.queues = { view: [], rest: [] };
    this.settle();
    this.ownChange(() => {
      for (const scanned of this.scanned) this.unmarkBlock(scanned);
    });
    this.marked.clear();
    this.byElement = new WeakMap();
    this.blockOfFigure = new WeakMap();
  }

  /** One block's marks out (figures, then entities); `keepText`: originals whose text the page changed. */
  private unmarkBlock(scanned: ScannedBlock, keepText?: ReadonlySet<Node>): void {
    if (scanned.figureBlock) this.unmarkFigures(scanned.figureBlock, keepText);
    restoreTextNodes(scanned.records, keepText);
    for (const mention of scanned.marked ?? []) for (const element of mention.elements) this.byElement.delete(element);
    scanned.records = [];
    scanned.marked = undefined;
    scanned.figureBlock = undefined;
  }

  /**
   * Mark the page again from what the scan found, as the filter now says: at once (the reader changed a
   * setting or pressed the shortcut, and sees the result), including blocks still waiting in the queue.
   */
  private remark(): void {
    this.unmarkAll();
    this.ownChange(() => {
      for (const scanned of this.scanned) this.markBlock(scanned, this.shownIn(scanned));
    });
  }

  /** The block's mentions the filter shows; call it for the blocks in document order (first mention only). */
  private shownIn(scanned: ScannedBlock): Mention[] {
    const { kinds, firstMentionOnly } = this.filter;
    return scanned.mentions.filter((mention) => {
      if (!kinds.has(mention.kind)) return false;
      if (!firstMentionOnly) return true;
      if (this.marked.has(mention.id)) return false;
      this.marked.add(mention.id);
      return true;
    });
  }

  private markBlock(scanned: ScannedBlock, shown: readonly Mention[]): void {
    const wrapped = wrapMentions(scanned.block, shown, this.factory);
    scanned.records = wrapped.records;
    scanned.marked = wrapped.mentions;
    for (const mention of wrapped.mentions) {
      for (const element of mention.elements) this.byElement.set(element, mention);
    }
    if (scanned.figures.length === 0) return;
    const figureBlock: FigureBlock = { block: wrapped.block, mentions: scanned.mentions, figures: scanned.figures, marks: [], records: [] };
    scanned.figureBlock = figureBlock;
    if (this.figuresShown) this.markFigures(figureBlock);
  }

  private markFigures(figureBlock: FigureBlock): void {
    if (figureBlock.marks.length > 0) return;
    const wrapped = wrapFigures(figureBlock.block, figureBlock.figures, this.factory);
    figureBlock.marks = wrapped.mentions;
    figureBlock.records = wrapped.records;
    for (const mark of wrapped.mentions) {
      this.blockOfFigure.set(mark, figureBlock);
      for (const element of mark.elements) this.byElement.set(element, mark);
    }
  }

  private unmarkFigures(figureBlock: FigureBlock, keepText?: ReadonlySet<Node>): void {
    // Restores the text nodes of the entity pass exactly, so the figures can be wrapped again later.
    restoreTextNodes(figureBlock.records, keepText);
    for (const mark of figureBlock.marks) {
      for (const element of mark.elements) this.byElement.delete(element);
    }
    figureBlock.marks = [];
    figureBlock.records = [];
  }
}
