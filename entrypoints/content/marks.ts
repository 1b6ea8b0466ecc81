/**
 * Wraps mentions and figures in `<backstory-mention>` elements and takes them out again.
 *
 * Only text nodes change: each affected node is cut into pieces, the pieces that belong to a
 * mark go inside a mark element, and the original node object stays in the page as the first
 * piece (so a framework holding a reference to it still holds a live node). Elements are never
 * moved. `restoreTextNodes` puts every original node back with its original text.
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
  /** The nodes that now stand where `original` stood, in order (includes `original` or its wrapper). */
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

/** The first part is the one keyboard stop and the one thing a screen reader announces. */
function makeControl(element: HTMLElement, label: string, first: boolean): void {
  if (first) {
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'button');
    element.setAttribute('aria-haspopup', 'dialog');
    element.setAttribute('aria-label', label);
  } else {
    // Continuation parts ("Putin" in "Vladimir <b>Putin</b>") respond to the pointer but are not a second tab stop.
    element.setAttribute('tabindex', '-1');
    element.setAttribute('data-backstory-continuation', '');
  }
}

function createMentionElement(doc: Document, mention: MentionRange, text: string, first: boolean): HTMLElement {
  const element = doc.createElement(MENTION_TAG);
  element.setAttribute('data-backstory-id', mention.id);
  element.setAttribute('data-backstory-kind', mention.kind);
  if (mention.uncertain) element.setAttribute('data-backstory-uncertain', '');
  const kind = kindLabel(mention.kind).toLowerCase();
  makeControl(element, i18n.t(mention.uncertain ? 'marks.uncertainLabel' : 'marks.label', [text, kind]), first);
  return element;
}


/** Figures carry no `data-backstory-id`: that attribute means "an entity" to the popup, the tests and the page. */
function createFigureElement(doc: Document, figure: Figure, text: string, first: boolean): HTMLElement {
  const element = doc.createElement(MENTION_TAG);
  element.setAttribute('data-backstory-kind', 'figure');
  element.setAttribute('data-backstory-figure', figure.type);
  makeControl(element, i18n.t(figure.type === 'quantity' ? 'marks.quantityLabel' : 'marks.dateLabel', [text]), first);
  return element;
}

/** Wrap the block's entity mentions (offsets into `block.text`). Does nothing when the block changed since it was collected. */
export function wrapMentions(block: TextBlock, mentions: readonly MentionRange[]): WrapResult<MarkedMention> {
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
    createMentionElement,
  );
}

/** Wrap the block's figures. Call it with the block an entity pass returned, and figures clear of its mentions. */
export function wrapFigures(block: TextBlock, figures: readonly Figure[]): WrapResult<MarkedFigure> {
  return wrapRanges(block, figures, (figure, text) => ({ kind: 'figure', figure, text, elements: [] }), createFigureElement);
}

interface Piece<R> {
  text: string;
  range?: R;
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

  const marked = new Map<R, M>();
  for (const range of usable) {
    const entry = mark(range, block.text.slice(range.start, range.end));
    marked.set(range, entry);
    result.mentions.push(entry);
  }

  const parts: TextPart[] = [];
  for (const part of block.parts) {
    const node = part.node;
    const nodeStart = part.start;
    const nodeEnd = nodeStart + node.data.length;
    const pieces: Array<Piece<R>> = [];
    let cursor = nodeStart;
    for (const range of usable) {
      if (range.end <= nodeStart || range.start >= nodeEnd) continue;
      const from = Math.max(range.start, nodeStart);
      const to = Math.min(range.end, nodeEnd);
      if (from > cursor) pieces.push({ text: block.text.slice(cursor, from) });
      pieces.push({ text: block.text.slice(from, to), range });
      cursor = to;
    }
    if (pieces.length === 0) {
      parts.push(part);
      continue;
    }
    if (cursor < nodeEnd) pieces.push({ text: block.text.slice(cursor, nodeEnd) });
    const record = replaceWithPieces(node, pieces, (range) => {
      const entry = marked.get(range) as M;
      const element = createElement(node.ownerDocument, range, entry.text, entry.elements.length === 0);
      entry.elements.push(element);
      return element;
    });
    result.records.push(record);
    let offset = nodeStart;
    for (const piece of record.nodes) {
      const text = (piece.nodeType === 3 ? piece : piece.firstChild) as Text;
      parts.push({ node: text, start: offset });
      offset += text.data.length;
    }
  }
  result.block = { text: block.text, parts };
  return result;
}

function replaceWithPieces<R>(
  node: Text,
  pieces: Array<Piece<R>>,
  wrap: (range: R) => HTMLElement,
): WrapRecord {
  const doc = node.ownerDocument;
  const parent = node.parentNode as Node;
  const next = node.nextSibling;
  const record: WrapRecord = { original: node, data: node.data, nodes: [] };
  pieces.forEach((piece, index) => {
    // The original node becomes the first piece; the others are new.
    const textNode = index === 0 ? node : doc.createTextNode(piece.text);
    if (index === 0) node.data = piece.text;
    if (piece.range !== undefined) {
      const element = wrap(piece.range);
      element.appendChild(textNode);
      record.nodes.push(element);
    } else {
      record.nodes.push(textNode);
    }
  });
  for (const piece of record.nodes) parent.insertBefore(piece, next);
  return record;
}

/** Undo `wrapMentions` / `wrapFigures`: every original text node back in its place with its original text. */
export function restoreTextNodes(records: readonly WrapRecord[]): void {
  // Newest first, so records that touched the same spot unwind in reverse.
  for (let i = records.length - 1; i >= 0; i--) {
    const { original, data, nodes } = records[i] as WrapRecord;
    // nodes[0] is the original itself, or the mark element that holds it.
    const first = nodes[0];
    const parent = first?.parentNode;
    if (first && parent && first !== original) parent.insertBefore(original, first);
    original.data = data;
    for (const n of nodes) {
      if (n !== original && n.parentNode) n.parentNode.removeChild(n);
    }
  }
}
