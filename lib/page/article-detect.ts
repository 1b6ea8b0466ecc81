/**
 * Does a page look like an article? Pure decision over signals the content script measures,
 * so the thresholds can be tested and tuned without a browser.
 */
import { ARTICLE_TYPES } from './article-date';

export interface ArticleSignals {
  /** `meta[property="og:type"]` content. */
  ogType?: string | null;
  /** Every JSON-LD `@type` on the page. */
  jsonLdTypes: readonly string[];
  /** Text length of the largest `<article>` element (0 when there is none). */
  articleTextLength: number;
  /** Total text length of the page's substantial paragraphs (see `SUBSTANTIAL_PARAGRAPH`). */
  paragraphTextLength: number;
}

/** A paragraph shorter than this is a caption, a teaser or a button label, not running text. */
export const SUBSTANTIAL_PARAGRAPH = 60;
/** An `<article>` with this much text is a story, not a card in a list of links. */
export const ARTICLE_ELEMENT_MIN_TEXT = 500;
/** Enough running text to be worth scanning even without any markup saying "article". */
export const PARAGRAPH_MIN_TEXT = 1000;

export function looksLikeArticle(signals: ArticleSignals): boolean {
  if (signals.ogType?.trim().toLowerCase() === 'article') return true;
  if (signals.jsonLdTypes.some((t) => ARTICLE_TYPES.has(t))) return true;
  if (signals.articleTextLength >= ARTICLE_ELEMENT_MIN_TEXT) return true;
  return signals.paragraphTextLength >= PARAGRAPH_MIN_TEXT;
}
