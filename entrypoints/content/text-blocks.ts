/**
 * Collects the page's visible running text as "blocks": the text of the inline text nodes that
 * read as one run (a paragraph, a heading, a list item), so a name split across inline markup
 * ("Vladimir <b>Putin</b>") is annotated as one string and can be mapped back to its nodes.
 */

/** Our own elements: never scanned, never wrapped twice. */
export const MENTION_TAG = 'backstory-mention';
export const POPOVER_TAG = 'backstory-popover';
/** Any element carrying this attribute belongs to Backstory's UI and is skipped. */
export const OWN_UI_ATTRIBUTE = 'data-backstory-ui';

/** Text under these is not prose a reader would want annotated, or is not ours to touch. */
const SKIPPED_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'title',
  'input', 'textarea', 'select', 'option', 'button',
  'code', 'pre', 'kbd', 'samp', 'var',
  'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio',
  // Menus repeat section names ("Ukraine", "Europe") on every page; they are not the story.
  'nav',
  MENTION_TAG, POPOVER_TAG,
]);

/** Elements that start a new run of text by default (used when computed style says nothing). */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'ol', 'p', 'section',
  'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'br', 'img', 'picture',
]);

export interface TextPart {
  node: Text;
  /** Offset of the node's first character in the block's text (UTF-16 code units). */
  start: number;
}

export interface TextBlock {
  /** The concatenated data of `parts`, exactly as it was when collected. */
  text: string;
  parts: TextPart[];
}

/** How many style-hidden elements a walk remembers (to read them if the page shows them). */
export const MAX_HIDDEN_KEPT = 200;
/** Runs shorter than this, or without a letter, cannot name anything. */
const MIN_BLOCK_LENGTH = 2;
/**
 * A run of text is cut into blocks of at most this many characters (between two text nodes): one block is
 * one message entry and is marked in one go, and marking tens of thousands of characters at once would be a
 * long task. A name split across the cut is not found (rare: it would have to straddle inline markup there).
 */
export const MAX_BLOCK_CHARS = 20_000;
/**
 * A single text node longer than this is not prose a reader reads (a data dump, a 5 MB log in a <div>); it is
 * left alone: a node cannot be marked a slice at a time, and marking it in one go would hold the page.
 */
export const MAX_TEXT_NODE_CHARS = 100_000;
const HAS_LETTER = /\p{L}/u;

/** True when an element and everything under it must be left alone. */
function isSkipped(element: Element, style: CSSStyleDeclaration | undefined): boolean {
  const name = element.localName;
  if (SKIPPED_TAGS.has(name)) return true;
  if (element.hasAttribute(OWN_UI_ATTRIBUTE)) return true;
  if (element.hasAttribute('hidden')) return true;
  const editable = element.getAttribute('contenteditable');
  if (editable !== null && editable.toLowerCase() !== 'false') return true;
  if ((element as HTMLElement).isContentEditable === true) return true;
  if (element.getAttribute('role') === 'textbox') return true;
  // `visibility: hidden` is not skipped here: a child may be visible again (see `Frame.visible`).
  return style?.display === 'none';
}

/** Whether an element's own text is shown, by its computed (inherited) visibility; `inherited` where there is none. */
function isVisible(style: CSSStyleDeclaration | undefined, inherited: boolean): boolean {
  const visibility = style?.visibility;
  if (!visibility) return inherited;
  return visibility !== 'hidden' && visibility !== 'collapse';
}

/** Does the element interrupt the flow of text around it? */
function isBoundary(element: Element, style: CSSStyleDeclaration | undefined): boolean {
  const display = style?.display;
  // Computed style is the truth in a browser; an empty value (test DOMs) falls back to the tag.
  if (display) return !(display === 'inline' || display === 'contents');
  return BLOCK_TAGS.has(element.localName);
}

/** One element being walked: the next child to visit, and whether leaving it ends a run of text. */
interface Frame {
  next: Node | null;
  boundary: boolean;
  /** Its own text is shown (`visibility: hidden` hides it, while a child may be `visible` again). */
  visible: boolean;
}

/**
 * Collects the blocks under `root` a slice at a time, so a long page is read in several short tasks
 * (`step` stops when its deadline says so) rather than one long one. Each element's next child is
 * remembered before the child is read, so marks the content script inserts meanwhile (beside text
 * already read) are never walked.
 */
export class TextBlockWalker {
  /** Blocks found so far, in document order. */
  readonly blocks: TextBlock[] = [];
  /** Elements left out because a style hides them (`display: none`), at most MAX_HIDDEN_KEPT. */
  readonly hidden: Element[] = [];
  private readonly stack: Frame[] = [];
  private parts: TextPart[] = [];
  private text = '';
  private readonly view: (Window & typeof globalThis) | null;

  constructor(root: Element) {
    this.view = root.ownerDocument.defaultView as (Window & typeof globalThis) | null;
    const style = this.styleOf(root);
    if (!isSkipped(root, style) && !root.closest(`${MENTION_TAG}, ${POPOVER_TAG}, [${OWN_UI_ATTRIBUTE}]`)) {
      this.stack.push({ next: root.firstChild, boundary: false, visible: isVisible(style, true) });
    }
  }

  /**
   * Read on until the walk is done or `stop()` says to (asked every few elements). Returns true when done:
   * then `blocks` holds every block.
   */
  step(stop: () => boolean = () => false): boolean {
    let sinceCheck = 0;
    while (this.stack.length > 0) {
      const frame = this.stack[this.stack.length - 1]!;
      const child = frame.next;
      if (!child) {
        this.stack.pop();
        if (frame.boundary || this.stack.length === 0) this.flush();
        continue;
      }
      frame.next = child.nextSibling;
      if (child.nodeType === 3 /* TEXT_NODE */) {
        const node = child as Text;
        if (node.data.length === 0) continue;
        if (!frame.visible || node.data.length > MAX_TEXT_NODE_CHARS) {
          this.flush();
          continue;
        }
        if (this.text.length + node.data.length > MAX_BLOCK_CHARS) this.flush();
        this.parts.push({ node, start: this.text.length });
        this.text += node.data;
      } else if (child.nodeType === 1 /* ELEMENT_NODE */) {
        const element = child as Element;
        const style = this.styleOf(element);
        if (isSkipped(element, style)) {
          // Hidden by a style (a collapsed "read more"): live-updates.ts reads it if the page shows it later.
          if (style?.display === 'none' && this.hidden.length < MAX_HIDDEN_KEPT && !SKIPPED_TAGS.has(element.localName)) this.hidden.push(element);
          // Skipped inline content still separates the words around it.
          this.flush();
          continue;
        }
        const boundary = isBoundary(element, style);
        if (boundary) this.flush();
        this.stack.push({ next: element.firstChild, boundary, visible: isVisible(style, frame.visible) });
      }
      // Every few nodes (text nodes too: a paragraph of thousands of them is as long as thousands of paragraphs).
      if (++sinceCheck >= 8) {
        sinceCheck = 0;
        if (stop()) return false;
      }
    }
    return true;
  }

  private flush(): void {
    if (this.text.length >= MIN_BLOCK_LENGTH && HAS_LETTER.test(this.text)) this.blocks.push({ text: this.text, parts: this.parts });
    this.parts = [];
    this.text = '';
  }

  private styleOf(element: Element): CSSStyleDeclaration | undefined {
    try {
      return this.view?.getComputedStyle(element);
    } catch {
      return undefined;
    }
  }
}

/** True for elements that start a run of text by their tag (for nodes out of the page, which have no computed style). */
export function isBlockTag(element: Element): boolean {
  return BLOCK_TAGS.has(element.localName);
}

/** True when `node` is Backstory's own (a mark, the card, the status) or inside something never scanned. */
export function isOutsideProse(node: Node): boolean {
  for (let element = node.nodeType === 1 ? (node as Element) : node.parentElement; element; element = element.parentElement) {
    if (SKIPPED_TAGS.has(element.localName) || element.hasAttribute(OWN_UI_ATTRIBUTE)) return true;
  }
  return !node.isConnected;
}

/**
 * The element to read again when `node` was added or changed: the nearest element that starts a run of text
 * (a paragraph, a list item, a new post), so the words around an inline change are read with it.
 */
export function blockRootOf(node: Node): Element | undefined {
  const view = node.ownerDocument?.defaultView ?? null;
  let element = node.nodeType === 1 ? (node as Element) : node.parentElement;
  for (; element; element = element.parentElement) {
    let style: CSSStyleDeclaration | undefined;
    try {
      style = view?.getComputedStyle(element);
    } catch {
      style = undefined;
    }
    if (isBoundary(element, style)) return element;
  }
  return undefined;
}

/** Visible text runs under `root`, in document order. */
export function collectTextBlocks(root: Element): TextBlock[] {
  const walker = new TextBlockWalker(root);
  walker.step();
  return walker.blocks;
}
