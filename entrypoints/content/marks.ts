/**
 * Wraps mentions in `<backstory-mention>` elements and takes them out again.
 *
 * Only text nodes change: each affected node is cut into pieces, the pieces that belong to a
 * mention go inside a mention element, and the original node object stays in the page as the
 * first piece (so a framework holding a reference to it still holds a live node). Elements are
 * never moved. `restoreTextNodes` puts every original node back with its original text.
 */
import type { EntityKind } from '@/lib/pack/types';
import { kindLabel } from '@/lib/page/format';
import { MENTION_TAG, type TextBlock } from './text-blocks';

/** The part of a mention the wrapper needs (a `Mention` from the background fits). */
export interface MentionRange {
  start: number;
  end: number;
  id: string;
  kind: EntityKind;
}

/** One mention on the page: one element per text node it spans, in document order. */
export interface MarkedMention {
  id: string;
  kind: EntityKind;
  /** The mention's text as it reads on the page. */
  text: string;
  elements: HTMLElement[];
}

/** How to undo the wrapping of one original text node. */
export interface WrapRecord {
  original: Text;
  data: string;
  /** The nodes that now stand where `original` stood, in order (includes `original` or its wrapper). */
  nodes: Node[];
}

export interface WrapResult {
  mentions: MarkedMention[];
  records: WrapRecord[];
}

/** Sorted, in range, non-overlapping (the first of two overlapping mentions wins). */
export function usableMentions<T extends MentionRange>(mentions: readonly T[], textLength: number): T[] {
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

function createMentionElement(doc: Document, mention: MentionRange, text: string, first: boolean): HTMLElement {
  const element = doc.createElement(MENTION_TAG);
  element.setAttribute('data-backstory-id', mention.id);
  element.setAttribute('data-backstory-kind', mention.kind);
  if (first) {
    // The first part is the one keyboard stop and the one thing a screen reader announces.
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'button');
    element.setAttribute('aria-haspopup', 'dialog');
    element.setAttribute('aria-label', `${text} (${kindLabel(mention.kind).toLowerCase()}): show backstory`);
  } else {
    // Continuation parts ("Putin" in "Vladimir <b>Putin</b>") respond to the pointer but are not a second tab stop.
    element.setAttribute('tabindex', '-1');
    element.setAttribute('data-backstory-continuation', '');
  }
  return element;
}

interface Piece {
  text: string;
  mention?: MentionRange;
}

/** Wrap the block's mentions (offsets into `block.text`). Does nothing when the block changed since it was collected. */
export function wrapMentions(block: TextBlock, mentions: readonly MentionRange[]): WrapResult {
  const result: WrapResult = { mentions: [], records: [] };
  const usable = usableMentions(mentions, block.text.length);
  if (usable.length === 0 || !blockIsIntact(block)) return result;

  const marked = new Map<MentionRange, MarkedMention>();
  for (const mention of usable) {
    const entry: MarkedMention = { id: mention.id, kind: mention.kind, text: block.text.slice(mention.start, mention.end), elements: [] };
    marked.set(mention, entry);
    result.mentions.push(entry);
  }

  for (const part of block.parts) {
    const node = part.node;
    const nodeStart = part.start;
    const nodeEnd = nodeStart + node.data.length;
    const pieces: Piece[] = [];
    let cursor = nodeStart;
    for (const mention of usable) {
      if (mention.end <= nodeStart || mention.start >= nodeEnd) continue;
      const from = Math.max(mention.start, nodeStart);
      const to = Math.min(mention.end, nodeEnd);
      if (from > cursor) pieces.push({ text: block.text.slice(cursor, from) });
      pieces.push({ text: block.text.slice(from, to), mention });
      cursor = to;
    }
    if (pieces.length === 0) continue;
    if (cursor < nodeEnd) pieces.push({ text: block.text.slice(cursor, nodeEnd) });
    result.records.push(replaceWithPieces(node, pieces, marked));
  }
  return result;
}

function replaceWithPieces(node: Text, pieces: Piece[], marked: Map<MentionRange, MarkedMention>): WrapRecord {
  const doc = node.ownerDocument;
  const parent = node.parentNode as Node;
  const next = node.nextSibling;
  const record: WrapRecord = { original: node, data: node.data, nodes: [] };
  pieces.forEach((piece, index) => {
    // The original node becomes the first piece; the others are new.
    const textNode = index === 0 ? node : doc.createTextNode(piece.text);
    if (index === 0) node.data = piece.text;
    if (piece.mention) {
      const entry = marked.get(piece.mention) as MarkedMention;
      const element = createMentionElement(doc, piece.mention, entry.text, entry.elements.length === 0);
      element.appendChild(textNode);
      entry.elements.push(element);
      record.nodes.push(element);
    } else {
      record.nodes.push(textNode);
    }
  });
  for (const piece of record.nodes) parent.insertBefore(piece, next);
  return record;
}

/** Undo `wrapMentions`: every original text node back in its place with its original text. */
export function restoreTextNodes(records: readonly WrapRecord[]): void {
  // Newest first, so records that touched the same spot unwind in reverse.
  for (let i = records.length - 1; i >= 0; i--) {
    const { original, data, nodes } = records[i] as WrapRecord;
    // nodes[0] is the original itself, or the mention element that holds it.
    const first = nodes[0];
    const parent = first?.parentNode;
    if (first && parent && first !== original) parent.insertBefore(original, first);
    original.data = data;
    for (const n of nodes) {
      if (n !== original && n.parentNode) n.parentNode.removeChild(n);
    }
  }
}
