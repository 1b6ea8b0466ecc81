/**
 * Wraps mentions and figures in `<backstory-mention>` elements and takes them out again.
 *
 * Only text nodes change: each affected node is cut into pieces, the pieces that belong to a
 * mark go inside a mark element, and the original node object stays where it was, a child of the
 * same parent, as the first piece (empty when the first piece is marked). A framework holding a
 * reference to it (React, Preact) can still set its text, insert before it or remove it without
 * an exception; live-updates.ts then takes the pieces out and marks the new text. Elements are
 * never moved. `restoreTextNodes` puts every original node back with its original text.
 *
 * Entities and figures are wrapped in two passes over the same block: entities first, then figures
 * inside the block as the first pass left it (`WrapResult.block`). Each pass has its own records,
 * so the figures can be taken out, and put back, without touching the entity marks.
 */
import type { Figure } from '@/lib/messages';
import type { EntityKind } from '@/lib/pack/types';
import { i18n } from '#i18n';
import { kindLabel } from '@/utils/format';
import { MENTION_TAG, type TextBlock, type TextPart } from './text-blocks';

/** The part of a mention the wrapper needs (a `Mention` from the background fits). */
export interface MentionRange {
  start: number;
  end: number;
  id: string;
  kind: EntityKind;
  alternatives?: string[];
  uncertain?: boolean;
}

/** One mention of an entity on the page: one element per text node it spans, in document order. */
export interface MarkedMention {
  id: string;
  kind: EntityKind;
  /** The mention's text as it reads on the page. */
  text: string;
  elements: HTMLElement[];
  /** Other entities the words may name, best first. */
  alternatives: string[];
  /** The background was not sure `id` is the right one: the card shows the candidates. */
  uncertain: boolean;
}

/** One figure (number or date) on the page. */
export interface MarkedFigure {
  kind: 'figure';
  figure: Figure;
  text: string;
  elements: HTMLElement[];
}

/** Anything on the page that opens a card. */
export type Mark = MarkedMention | MarkedFigure;

/** How to undo the wrapping of one original text node. */
export interface WrapRecord {
  original: Text;
  data: string;
  /** The nodes that now stand where `original` stood, in order: `original` itself first, then the new pieces. */
  nodes: Node[];
}

export interface WrapResult<M> {
  mentions: M[];
  records: WrapRecord[];
  /** The block as it reads after wrapping (its parts are the new text nodes), for a second pass. */
  block: TextBlock;
}

interface Range {
  start: number;
  end: number;
}

/** Sorted, in range, non-overlapping (the first of two overlapping mentions wins). */
export function usableMentions<T extends Range>(mentions: readonly T[], textLength: number): T[] {
  const sorted = mentions
    .filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.end <= textLength && m.start < m.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  let lastEnd = 0;
  for (const mention of sorted) {
    if (mention.start < lastEnd) continue;
    kept.push(mention);
    lastEnd = mention.end;
  }
  return kept;
}

/** The figures that overlap no entity mention: where both claim the same words, the entity wins. */
export function figuresClearOf<F extends Range>(figures: readonly F[], mentions: readonly Range[]): F[] {
  return figures.filter((f) => !mentions.some((m) => m.start < f.end && f.start < m.end));
}

/** True when every node of the block is still in the page with the text it had when collected. */
export function blockIsIntact(block: TextBlock): boolean {
  let offset = 0;
  for (const part of block.parts) {
    if (!part.node.isConnected || part.start !== offset) return false;
    if (block.text.slice(part.start, part.start + part.node.data.length) !== part.node.data) return false;
    offset += part.node.data.length;
  }
  return offset === block.text.length;
}

/** Stands for the words in a label template (a character no message contains). */
const WORDS = '\u0001';

/**
 * Makes the mark elements of a page. A browser i18n lookup costs a call into the bindings and a page has
 * hundreds of marks, so each label message is looked up once per page, with a stand-in for the words (a
 * template the words are then put into).
 */
export class MarkFactory {
  private readonly templates = new Map<string, string>();

  private label(key: string, text: string, message: () => string): string {
    let template = this.templates.get(key);
    if (template === undefined) this.templates.set(key, (template = message()));
    return template.split(WORDS).join(text);
  }

  mention(doc: Document, mention: MentionRange, text: string, first: boolean): HTMLElement {
    const { kind, uncertain } = mention;
    const element = doc.createElement(MENTION_TAG);
    element.setAttribute('data-backstory-id', mention.id);
    element.setAttribute('data-backstory-kind', kind);
    if (uncertain) element.setAttribute('data-backstory-uncertain', '');
    makeControl(element, first, () =>
      this.label(`${uncertain ? 'u' : 'm'}${kind}`, text, () => {
        const kindText = kindLabel(kind).toLowerCase();
        return uncertain ? i18n.t('marks.uncertainLabel', [WORDS, kindText]) : i18n.t('marks.label', [WORDS, kindText]);
      }),
    );
    return element;
  }

  /** Figures carry no `data-backstory-id`: that attribute means "an entity" to the popup, the tests and the page. */
  figure(doc: Document, figure: Figure, text: string, first: boolean): HTMLElement {
    const element = doc.createElement(MENTION_TAG);
    element.setAttribute('data-backstory-kind', 'figure');
    element.setAttribute('data-backstory-figure', figure.type);
    const quantity = figure.type === 'quantity';
    makeControl(element, first, () =>
      this.label(quantity ? 'q' : 'd', text, () => (quantity ? i18n.t('marks.quantityLabel', [WORDS]) : i18n.t('marks.dateLabel', [WORDS]))),
    );
    return element;
  }
}

/** The first part is the one keyboard stop and the one thing a screen reader announces. */
function makeControl(element: HTMLElement, first: boolean, label: () => string): void {
  if (first) {
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'button');
    element.setAttribute('aria-haspopup', 'dialog');
    element.setAttribute('aria-label', label());
  } else {
    // Continuation parts ("Putin" in "Vladimir <b>Putin</b>") respond to the pointer but are not a second tab stop.
    element.setAttribute('tabindex', '-1');
    element.setAttribute('data-backstory-continuation', '');
  }
}

/** Wrap the block's entity mentions (offsets into `block.text`). Does nothing when the block changed since it was collected. */
export function wrapMentions(block: TextBlock, mentions: readonly MentionRange[], factory = new MarkFactory()): WrapResult<MarkedMention> {
  return wrapRanges(
    block,
    mentions,
    (mention, text) => ({
      id: mention.id,
      kind: mention.kind,
      text,
      elements: [],
      alternatives: mention.alternatives ?? [],
      uncertain: mention.uncertain === true,
    }),
    (doc, mention, text, first) => factory.mention(doc, mention, text, first),
  );
}

/** Wrap the block's figures. Call it with the block an entity pass returned, and figures clear of its mentions. */
export function wrapFigures(block: TextBlock, figures: readonly Figure[], factory = new MarkFactory()): WrapResult<MarkedFigure> {
  return wrapRanges(
    block,
    figures,
    (figure, text) => ({ kind: 'figure', figure, text, elements: [] }),
    (doc, figure, text, first) => factory.figure(doc, figure, text, first),
  );
}

interface Piece {
  text: string;
  /** The index of the range the piece belongs to, if it is marked. */
  range?: number;
}

function wrapRanges<R extends Range, M extends { text: string; elements: HTMLElement[] }>(
  block: TextBlock,
  ranges: readonly R[],
  mark: (range: R, text: string) => M,
  createElement: (doc: Document, range: R, text: string, first: boolean) => HTMLElement,
): WrapResult<M> {
  const result: WrapResult<M> = { mentions: [], records: [], block };
  const usable = usableMentions(ranges, block.text.length);
  if (usable.length === 0 || !blockIsIntact(block)) return result;

  const entries = usable.map((range) => {
    const entry = mark(range, block.text.slice(range.start, range.end));
    result.mentions.push(entry);
    return entry;
  });

  const parts: TextPart[] = [];
  // Ranges and parts are both in text order: one pass over each (a range may span several parts).
  let first = 0;
  block.parts.forEach((part, p) => {
    const node = part.node;
    const nodeStart = part.start;
    // The block is intact, so its parts are contiguous: a node ends where the next one starts.
    const nodeEnd = block.parts[p + 1]?.start ?? block.text.length;
    while (first < usable.length && usable[first]!.end <= nodeStart) first++;
    const pieces: Piece[] = [];
    let cursor = nodeStart;
    for (let r = first; r < usable.length && usable[r]!.start < nodeEnd; r++) {
      const range = usable[r]!;
      const from = Math.max(range.start, nodeStart);
      const to = Math.min(range.end, nodeEnd);
      if (from > cursor) pieces.push({ text: block.text.slice(cursor, from) });
      pieces.push({ text: block.text.slice(from, to), range: r });
      cursor = to;
    }
    if (pieces.length === 0) {
      parts.push(part);
      return;
    }
    if (cursor < nodeEnd) pieces.push({ text: block.text.slice(cursor, nodeEnd) });
    const texts: Text[] = [];
    const record = replaceWithPieces(node, block.text.slice(nodeStart, nodeEnd), pieces, texts, (r) => {
      const entry = entries[r]!;
      const element = createElement(node.ownerDocument, usable[r]!, entry.text, entry.elements.length === 0);
      entry.elements.push(element);
      return element;
    });
    result.records.push(record);
    let offset = nodeStart;
    pieces.forEach((piece, i) => {
      parts.push({ node: texts[i]!, start: offset });
      offset += piece.text.length;
    });
  });
  result.block = { text: block.text, parts };
  return result;
}

/**
 * Put `pieces` where `node` (whose text is `data`) stands. The node itself stays in place as the first
 * piece when that piece is plain text, else as an empty text node before it (never inside a mark: the
 * page's scripts may own it). `texts` gets each piece's text node.
 */
function replaceWithPieces(node: Text, data: string, pieces: Piece[], texts: Text[], wrap: (range: number) => HTMLElement): WrapRecord {
  const doc = node.ownerDocument;
  const parent = node.parentNode as Node;
  const next = node.nextSibling;
  const record: WrapRecord = { original: node, data, nodes: [node] };
  const keepsFirst = pieces[0]?.range === undefined;
  if (!keepsFirst) node.data = '';
  pieces.forEach((piece, index) => {
    const textNode = index === 0 && keepsFirst ? node : doc.createTextNode(piece.text);
    if (textNode === node) node.data = piece.text;
    texts.push(textNode);
    if (piece.range !== undefined) {
      const element = wrap(piece.range);
      element.appendChild(textNode);
      record.nodes.push(element);
    } else if (textNode !== node) {
      record.nodes.push(textNode);
    }
  });
  // Straight into the page (a fragment would insert each piece twice); the original is already in place.
  for (const piece of record.nodes) if (piece !== node) parent.insertBefore(piece, next);
  return record;
}

/**
 * Undo `wrapMentions` / `wrapFigures`: every original text node back in its place with its original text.
 * The text of an original in `keepText` (the page changed it) is left as the page set it; only the pieces
 * are taken out.
 */
export function restoreTextNodes(records: readonly WrapRecord[], keepText?: ReadonlySet<Node>): void {
  // Newest first, so records that touched the same spot unwind in reverse.
  for (let i = records.length - 1; i >= 0; i--) {
    const { original, data, nodes } = records[i] as WrapRecord;
    if (!keepText?.has(original)) original.data = data;
    for (const n of nodes) {
      if (n !== original && n.parentNode) n.parentNode.removeChild(n);
    }
  }
}
