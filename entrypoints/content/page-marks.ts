/**
 * The marks of one page: scans it once (collect blocks → a few `annotate` calls → wrap), keeps
 * what was found for the popup, and can take everything out again. What was found is kept, so the
 * marks can be taken out and put back without asking the background again: figure marks on their own
 * (the reader's "Show figures" setting), or all of them when the reader changes which kinds are
 * marked, asks for the first mention only, or hides the highlights (Alt+Shift+B).
 */
import type { BackgroundRequests, EntitySummary, Figure, Mention } from '@/lib/messages';
import type { EntityKind } from '@/lib/pack/types';
import { batchRanges, type BatchLimits } from '@/lib/page/batches';
import {
  blockIsIntact,
  figuresClearOf,
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
import { collectTextBlocks, MENTION_TAG, type TextBlock } from './text-blocks';

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
}

export class PageMarks {
  /** What the scan found, block by block in document order. */
  private scanned: ScannedBlock[] = [];
  private mentions: MarkedMention[] = [];
  private records: WrapRecord[] = [];
  private figureBlocks: FigureBlock[] = [];
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

  constructor(options: PageMarksOptions = {}) {
    this.figuresShown = options.showFigures ?? true;
    this.filter = { kinds: new Set(options.kinds ?? ALL_KINDS), firstMentionOnly: options.firstMentionOnly ?? false };
  }

  /** Scan `root` and mark every mention (and figure, when shown) the background finds. Resolves when all batches are wrapped. */
  async scan(root: Element, annotate: Annotate, limits?: BatchLimits): Promise<void> {
    const generation = this.generation;
    const blocks = collectTextBlocks(root);
    for (const [start, end] of batchRanges(blocks.map((b) => b.text.length), limits)) {
      const batch = blocks.slice(start, end);
      const answer = await annotate(batch.map((b) => b.text));
      // Torn down (Backstory turned off) while the background was answering: mark nothing.
      if (generation !== this.generation) return;
      for (const [id, summary] of Object.entries(answer.entities)) this.entities.set(id, summary);
      const found: ScannedBlock[] = [];
      batch.forEach((block, i) => {
        const mentions: Mention[] = answer.results[i] ?? [];
        const figures = figuresClearOf(answer.figures[i] ?? [], mentions);
        if (mentions.length === 0 && figures.length === 0) return;
        // A block the page changed while the background was answering is skipped, now and later.
        if (!blockIsIntact(block)) return;
        found.push({ block, mentions: usableMentions(mentions, block.text.length), figures });
      });
      this.scanned.push(...found);
      if (this.visible) for (const scanned of found) this.markBlock(scanned);
    }
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
    for (const figureBlock of this.figureBlocks) {
      if (show) this.markFigures(figureBlock);
      else this.unmarkFigures(figureBlock);
    }
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
    return this.figureBlocks.flatMap((b) => b.marks);
  }

  /** The entity mentions marked on the page, in document order. */
  markedMentions(): readonly MarkedMention[] {
    return this.mentions;
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
    return this.mentions.find((m) => ids.has(m.id) && m.elements.some((e) => e.isConnected));
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
    this.entities.clear();
    // A later scan is marked: hiding the highlights holds for what was found, not for the next page state.
    this.visible = true;
  }

  /** Every mark out, the page's text nodes back as they were; what was found is kept. */
  private unmarkAll(): void {
    for (const figureBlock of this.figureBlocks) this.unmarkFigures(figureBlock);
    restoreTextNodes(this.records);
    this.records = [];
    this.mentions = [];
    this.figureBlocks = [];
    this.marked.clear();
    this.byElement = new WeakMap();
    this.blockOfFigure = new WeakMap();
  }

  /** Mark the page again from what the scan found, as the filter now says. */
  private remark(): void {
    this.unmarkAll();
    for (const scanned of this.scanned) this.markBlock(scanned);
  }

  private markBlock(scanned: ScannedBlock): void {
    const { kinds, firstMentionOnly } = this.filter;
    const shown = scanned.mentions.filter((mention) => {
      if (!kinds.has(mention.kind)) return false;
      if (!firstMentionOnly) return true;
      if (this.marked.has(mention.id)) return false;
      this.marked.add(mention.id);
      return true;
    });
    const wrapped = wrapMentions(scanned.block, shown);
    this.records.push(...wrapped.records);
    for (const mention of wrapped.mentions) {
      this.mentions.push(mention);
      for (const element of mention.elements) this.byElement.set(element, mention);
    }
    if (scanned.figures.length === 0) return;
    const figureBlock: FigureBlock = { block: wrapped.block, mentions: scanned.mentions, figures: scanned.figures, marks: [], records: [] };
    this.figureBlocks.push(figureBlock);
    if (this.figuresShown) this.markFigures(figureBlock);
  }

  private markFigures(figureBlock: FigureBlock): void {
    if (figureBlock.marks.length > 0) return;
    const wrapped = wrapFigures(figureBlock.block, figureBlock.figures);
    figureBlock.marks = wrapped.mentions;
    figureBlock.records = wrapped.records;
    for (const mark of wrapped.mentions) {
      this.blockOfFigure.set(mark, figureBlock);
      for (const element of mark.elements) this.byElement.set(element, mark);
    }
  }

  private unmarkFigures(figureBlock: FigureBlock): void {
    // Restores the text nodes of the entity pass exactly, so the figures can be wrapped again later.
    restoreTextNodes(figureBlock.records);
    for (const mark of figureBlock.marks) {
      for (const element of mark.elements) this.byElement.delete(element);
    }
    figureBlock.marks = [];
    figureBlock.records = [];
  }
}
