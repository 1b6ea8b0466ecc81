/**
 * The marks of one page: scans it once (collect blocks → a few `annotate` calls → wrap), keeps
 * what was found for the popup, and can take everything out again. Figure marks can be taken out
 * and put back on their own (the reader's "Show figures" setting).
 */
import type { BackgroundRequests, EntitySummary, Figure, Mention } from '@/lib/messages';
import { batchRanges, type BatchLimits } from '@/lib/page/batches';
import {
  figuresClearOf,
  restoreTextNodes,
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

export class PageMarks {
  private mentions: MarkedMention[] = [];
  private records: WrapRecord[] = [];
  private figureBlocks: FigureBlock[] = [];
  private blockOfFigure = new WeakMap<MarkedFigure, FigureBlock>();
  private entities = new Map<string, EntitySummary>();
  private byElement = new WeakMap<Element, Mark>();
  private figuresShown: boolean;

  constructor(options: { showFigures?: boolean } = {}) {
    this.figuresShown = options.showFigures ?? true;
  }

  /** Scan `root` and mark every mention (and figure, when shown) the background finds. Resolves when all batches are wrapped. */
  async scan(root: Element, annotate: Annotate, limits?: BatchLimits): Promise<void> {
    const blocks = collectTextBlocks(root);
    for (const [start, end] of batchRanges(blocks.map((b) => b.text.length), limits)) {
      const batch = blocks.slice(start, end);
      const answer = await annotate(batch.map((b) => b.text));
      for (const [id, summary] of Object.entries(answer.entities)) this.entities.set(id, summary);
      batch.forEach((block, i) => {
        const found: Mention[] = answer.results[i] ?? [];
        const figures = figuresClearOf(answer.figures[i] ?? [], found);
        if (found.length === 0 && figures.length === 0) return;
        const wrapped = wrapMentions(block, found);
        this.records.push(...wrapped.records);
        for (const mention of wrapped.mentions) {
          this.mentions.push(mention);
          for (const element of mention.elements) this.byElement.set(element, mention);
        }
        if (figures.length === 0) return;
        const figureBlock: FigureBlock = { block: wrapped.block, mentions: found, figures, marks: [], records: [] };
        this.figureBlocks.push(figureBlock);
        if (this.figuresShown) this.markFigures(figureBlock);
      });
    }
  }

  /** Show or hide the figure marks: at once on the page, and for whatever is scanned later. */
  showFigures(show: boolean): void {
    if (show === this.figuresShown) return;
    this.figuresShown = show;
    for (const figureBlock of this.figureBlocks) {
      if (show) this.markFigures(figureBlock);
      else this.unmarkFigures(figureBlock);
    }
  }

  /** The figures marked on the page, in document order. */
  markedFigures(): MarkedFigure[] {
    return this.figureBlocks.flatMap((b) => b.marks);
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

  /** Entities in order of first mention, with how many times each is mentioned. */
  foundEntities(): FoundEntity[] {
    const found = new Map<string, FoundEntity>();
    for (const mention of this.mentions) {
      const entry = found.get(mention.id);
      if (entry) {
        entry.count += 1;
        continue;
      }
      const summary = this.entities.get(mention.id) ?? { id: mention.id, kind: mention.kind, name: mention.text, description: '' };
      found.set(mention.id, { ...summary, count: 1 });
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

  /** Take every mark out and put the page's text nodes back as they were. */
  teardown(): void {
    for (const figureBlock of this.figureBlocks) this.unmarkFigures(figureBlock);
    restoreTextNodes(this.records);
    this.records = [];
    this.mentions = [];
    this.figureBlocks = [];
    this.entities.clear();
    this.byElement = new WeakMap();
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
