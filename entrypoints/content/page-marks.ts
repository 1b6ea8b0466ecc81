/**
 * The marks of one page: scans it once (collect blocks → a few `annotate` calls → wrap), keeps
 * what was found for the popup, and can take everything out again.
 */
import type { BackgroundRequests, EntitySummary, Mention } from '@/lib/messages';
import { batchRanges, type BatchLimits } from '@/lib/page/batches';
import { restoreTextNodes, wrapMentions, type MarkedMention, type WrapRecord } from './marks';
import { collectTextBlocks, MENTION_TAG } from './text-blocks';

export type Annotate = (texts: string[]) => Promise<BackgroundRequests['annotate']['res']>;

export type FoundEntity = EntitySummary & { count: number };

export class PageMarks {
  private mentions: MarkedMention[] = [];
  private records: WrapRecord[] = [];
  private entities = new Map<string, EntitySummary>();
  private byElement = new WeakMap<Element, MarkedMention>();

  /** Scan `root` and mark every mention the background finds. Resolves when all batches are wrapped. */
  async scan(root: Element, annotate: Annotate, limits?: BatchLimits): Promise<void> {
    const blocks = collectTextBlocks(root);
    for (const [start, end] of batchRanges(blocks.map((b) => b.text.length), limits)) {
      const batch = blocks.slice(start, end);
      const answer = await annotate(batch.map((b) => b.text));
      for (const [id, summary] of Object.entries(answer.entities)) this.entities.set(id, summary);
      batch.forEach((block, i) => {
        const found: Mention[] = answer.results[i] ?? [];
        if (found.length === 0) return;
        const wrapped = wrapMentions(block, found);
        this.records.push(...wrapped.records);
        for (const mention of wrapped.mentions) {
          this.mentions.push(mention);
          for (const element of mention.elements) this.byElement.set(element, mention);
        }
      });
    }
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

  /** The mention a mention element (or anything inside one) belongs to. */
  mentionAt(target: EventTarget | null): { mention: MarkedMention; element: HTMLElement } | undefined {
    // Duck-typed: `instanceof Element` is unreliable across the page/content-script boundary in Firefox.
    const node = target as Partial<Element> | null;
    const element = node && node.nodeType === 1 && node.closest ? (node.closest(MENTION_TAG) as HTMLElement | null) : null;
    const mention = element ? this.byElement.get(element) : undefined;
    return element && mention ? { mention, element } : undefined;
  }

  /** Take every mark out and put the page's text nodes back as they were. */
  teardown(): void {
    restoreTextNodes(this.records);
    this.records = [];
    this.mentions = [];
    this.entities.clear();
    this.byElement = new WeakMap();
  }
}
