/**
 * The text a reader sees in a parsed HTML document, as one string, for the `annotate` command.
 * It takes any DOM-like tree (happy-dom in Node, a real DOM elsewhere) so it stays free of
 * browser globals; parsing, and so entity decoding, is the caller's DOM's job.
 *
 * The output follows rendering rather than source layout:
 * - script, style, noscript, template, head and `hidden` elements contribute nothing;
 * - runs of spaces, tabs and newlines inside text collapse to one space, except inside <pre>/<textarea>;
 * - block elements (p, div, h1, li, td...) are separated by a blank line ("\n\n"), <br> by "\n",
 *   so a name never runs from one paragraph or list item into the next (the matcher does not
 *   join words across a blank line);
 * - no leading or trailing whitespace.
 */

/** The few DOM members the walk needs. */
export interface DomNodeLike {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNodeLike>;
  getAttribute?(name: string): string | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const DOCUMENT_NODE = 9;
const DOCUMENT_FRAGMENT_NODE = 11;

const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'IFRAME', 'OBJECT', 'SVG', 'CANVAS']);
const PREFORMATTED = new Set(['PRE', 'TEXTAREA', 'LISTING', 'PLAINTEXT']);
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG',
  'DIR', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3',
  'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'HTML', 'LEGEND', 'LI', 'MAIN', 'MENU', 'NAV', 'OL',
  'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);
/** ASCII whitespace only: HTML collapses these, while a no-break space stays as written. */
const COLLAPSIBLE_RE = /[ \t\n\r\f]+/g;

class TextBuilder {
  private readonly parts: string[] = [];
  private pendingSpace = false;
  /** Newlines owed before the next text: 1 after <br>, 2 at a block edge. */
  private pendingBreaks = 0;
  private empty = true;

  text(s: string, preformatted: boolean): void {
    if (preformatted) {
      if (s !== '') this.emit(s);
      return;
    }
    const collapsed = s.replace(COLLAPSIBLE_RE, ' ');
    const content = collapsed.trim();
    if (collapsed.startsWith(' ')) this.pendingSpace = true;
    if (content !== '') {
      this.emit(content);
      if (collapsed.endsWith(' ')) this.pendingSpace = true;
    }
  }

  lineBreak(): void {
    this.pendingBreaks = Math.min(this.pendingBreaks + 1, 2);
    this.pendingSpace = false;
  }

  blockEdge(): void {
    this.pendingBreaks = 2;
    this.pendingSpace = false;
  }

  toString(): string {
    return this.parts.join('');
  }

  private emit(s: string): void {
    if (!this.empty) {
      if (this.pendingBreaks > 0) this.parts.push('\n'.repeat(this.pendingBreaks));
      else if (this.pendingSpace) this.parts.push(' ');
    }
    this.parts.push(s);
    this.empty = false;
    this.pendingBreaks = 0;
    this.pendingSpace = false;
  }
}

function walk(node: DomNodeLike, out: TextBuilder, preformatted: boolean): void {
  if (node.nodeType === TEXT_NODE) {
    out.text(node.nodeValue ?? '', preformatted);
    return;
  }
  if (node.nodeType !== ELEMENT_NODE && node.nodeType !== DOCUMENT_NODE && node.nodeType !== DOCUMENT_FRAGMENT_NODE) return;
  const name = node.nodeName.toUpperCase();
  if (node.nodeType === ELEMENT_NODE) {
    if (SKIPPED.has(name) || node.getAttribute?.('hidden') != null) return;
    if (name === 'BR') {
      out.lineBreak();
      return;
    }
  }
  const block = BLOCKS.has(name);
  const pre = preformatted || PREFORMATTED.has(name);
  if (block) out.blockEdge();
  const children = node.childNodes;
  for (let i = 0; i < children.length; i++) walk(children[i]!, out, pre);
  if (block) out.blockEdge();
}

/** The visible text of a document, element or fragment (see the module comment for the rules). */
export function visibleText(root: DomNodeLike): string {
  const out = new TextBuilder();
  walk(root, out, false);
  return out.toString();
}
