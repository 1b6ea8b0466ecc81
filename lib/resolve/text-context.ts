/**
 * What the resolver needs to know about the words around a mention in one text: where sentences
 * start, whether a line is written in Title Case or capitals (a headline, a menu), and which parts
 * are web addresses. The text is tokenized once, exactly as the matcher does.
 */
import { tokenize, type Token } from '../text/normalize';

/** How a line is written: running prose, Title Case (headlines, menus, captions of a few words) or ALL CAPS. */
export type LineStyle = 'prose' | 'title' | 'caps';

const LINE_BREAK_RE = /[\n\r\u2028\u2029\v\f\u0085]/;
const LINE_BREAKS_RE = /\r\n|[\n\r\u2028\u2029\v\f\u0085]/g;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|int|info|io)(?:\/[^\s<>"“”]*)?/gi;

const MAY_HOLD_ADDRESS_RE = /:\/\/|www\.|@|\.(?:com|org|net|gov|edu|int|info|io)\b/i;

/** Words that stay lower case in a Title Case headline ("Biden Hosts Jordan's King for White House Talks"). */
const TITLE_CASE_SMALL_WORDS = new Set(
  'a an the and or nor but for of in on at to by as via vs from with into onto over than amid per off up out'.split(' '),
);

/** Title abbreviations and initials whose period does not end a sentence ("Gov. Gladkov", "U.S. President"). */
const NON_FINAL_ABBREVIATIONS = new Set(
  'mr mrs ms dr gov sen rep gen lt col maj capt adm sgt st mt prof jr sr'.split(' '),
);

export class TextContext {
  readonly tokens: Token[];
  private readonly lineStyles = new Map<number, LineStyle>();
  private urlSpans: Array<[number, number]> | undefined;
  /** Offsets where lines start, ascending; built on first use. */
  private lineStarts: number[] | undefined;

  constructor(readonly text: string) {
    this.tokens = tokenize(text);
  }

  /** Index of the token that starts at `offset` (a mention's start), or -1. */
  tokenStartingAt(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = this.tokens[mid]!.start;
      if (start === offset) return mid;
      if (start < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Index of the last token that ends at or before `offset` (a mention's end), or -1. */
  tokenEndingBy(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.end <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The token's text as written. */
  raw(i: number): string {
    const t = this.tokens[i]!;
    return this.text.slice(t.start, t.end);
  }

  /** The characters between token i - 1 and token i ('' for the first token). */
  gapBefore(i: number): string {
    if (i <= 0) return '';
    return this.text.slice(this.tokens[i - 1]!.end, this.tokens[i]!.start);
  }

  /** Tokens i - 1 and i are separated by spaces on one line, or by the period of a title abbreviation ("Gov. Gladkov"). */
  adjacent(i: number): boolean {
    if (i <= 0 || i >= this.tokens.length) return false;
    const gap = this.gapBefore(i);
    if (/^[ \t\u00a0]+$/.test(gap)) return true;
    return /^\.[ \t\u00a0]*$/.test(gap) && NON_FINAL_ABBREVIATIONS.has(this.tokens[i - 1]!.folded);
  }

  /**
   * Whether token i opens a sentence: the first token, the first on a line, or one after a sentence
   * end (". ", "? ", "! ", ": ") or an opening quote. A capital there says nothing about a name.
   */
  isSentenceStart(i: number): boolean {
    if (i <= 0) return true;
    const gap = this.gapBefore(i);
    if (LINE_BREAK_RE.test(gap)) return true;
    if (/[“«„‘]/.test(gap) || /(^|\s)["']$/.test(gap)) return true;
    if (/[?!…:]/.test(gap)) return true;
    if (gap.includes('.')) {
      const previous = this.tokens[i - 1]!;
      const isInitial = previous.end - previous.start === 1 && previous.shape === 'upper';
      const abbreviation = /^\.[ \t\u00a0]*$/.test(gap) && (isInitial || NON_FINAL_ABBREVIATIONS.has(previous.folded));
      return !abbreviation;
    }
    return false;
  }

  /** Where the line (paragraph) holding `offset` starts. */
  lineStart(offset: number): number {
    return this.lines()[this.lineIndex(offset)]!;
  }

  /** How the line holding `offset` is written. */
  lineStyle(offset: number): LineStyle {
    const line = this.lineIndex(offset);
    const start = this.lines()[line]!;
    let style = this.lineStyles.get(start);
    if (style === undefined) {
      style = this.styleOf(start, this.lines()[line + 1] ?? this.text.length);
      this.lineStyles.set(start, style);
    }
    return style;
  }

  private lines(): number[] {
    if (this.lineStarts === undefined) {
      this.lineStarts = [0];
      for (const m of this.text.matchAll(LINE_BREAKS_RE)) this.lineStarts.push(m.index + m[0].length);
    }
    return this.lineStarts;
  }

  /** Index of the line holding `offset` (binary search over the line starts). */
  private lineIndex(offset: number): number {
    const starts = this.lines();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether [start, end) lies inside a web or e-mail address ("https://…/en-US/…" names no country). */
  inAddress(start: number, end: number): boolean {
    if (this.urlSpans === undefined) {
      this.urlSpans = [];
      // The full pattern is slow on long prose; most texts hold no address at all.
      if (MAY_HOLD_ADDRESS_RE.test(this.text)) {
        for (const m of this.text.matchAll(URL_RE)) this.urlSpans.push([m.index, m.index + m[0].length]);
      }
    }
    return this.urlSpans.some(([s, e]) => s < end && start < e);
  }

  private styleOf(start: number, end: number): LineStyle {
    const first = this.tokenEndingBy(start) + 1;
    let lettered = 0;
    let upper = 0;
    let capitalised = 0;
    let counted = 0;
    let lowerCounted = 0;
    for (let i = first; i < this.tokens.length && this.tokens[i]!.start < end; i++) {
      const t = this.tokens[i]!;
      if (!/\p{L}/u.test(this.raw(i))) continue;
      lettered++;
      if (t.shape === 'upper' && t.end - t.start >= 2) upper++;
      if (t.shape !== 'lower') capitalised++;
      if (t.end - t.start >= 3 && !TITLE_CASE_SMALL_WORDS.has(t.folded)) {
        counted++;
        if (t.shape === 'lower') lowerCounted++;
      }
    }
    if (lettered >= 2 && upper === lettered) return 'caps';
    // A short label ("World Europe Business") or a headline whose words all start with a capital.
    if (lettered > 0 && lettered <= 3 && capitalised === lettered) return 'title';
    if (counted >= 2 && lowerCounted <= Math.floor(counted * 0.15)) return 'title';
    return 'prose';
  }
}
