/** Reads the article signals and date strings from the DOM; `lib/page/` decides what they mean. */
import { articleTypesIn, chooseArticleDate } from '@/lib/page/article-date';
import { looksLikeArticle, SUBSTANTIAL_PARAGRAPH, type ArticleSignals } from '@/lib/page/article-detect';

function jsonLdTexts(doc: Document): string[] {
  return [...doc.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent ?? '');
}

/** Characters of text, runs of white space counted once (beyond 100,000 characters, roughly: only "a lot" matters then). */
function textLength(element: Element): number {
  const text = element.textContent ?? '';
  return text.length > 100_000 ? text.length : text.replace(/\s+/g, ' ').trim().length;
}

/** True when the element holds any text that is not white space (reads only up to the first such node). */
function hasText(element: Element): boolean {
  const walker = element.ownerDocument.createTreeWalker(element, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (/\S/.test((node as Text).data)) return true;
  return false;
}

/** The largest `<article>` element, if any: the story, not the teaser cards around it. */
export function mainArticleElement(doc: Document): Element | undefined {
  const articles = doc.querySelectorAll('article');
  // One article (most pages): no need to read its text.
  if (articles.length === 1) return hasText(articles[0]!) ? articles[0] : undefined;
  let best: Element | undefined;
  let bestLength = 0;
  for (const article of articles) {
    const length = textLength(article);
    if (length > bestLength) {
      best = article;
      bestLength = length;
    }
  }
  return best;
}

export function readArticleSignals(doc: Document): ArticleSignals {
  const article = mainArticleElement(doc);
  let paragraphTextLength = 0;
  for (const p of doc.querySelectorAll('p')) {
    const length = textLength(p);
    if (length >= SUBSTANTIAL_PARAGRAPH) paragraphTextLength += length;
  }
  return {
    ogType: doc.querySelector('meta[property="og:type"]')?.getAttribute('content'),
    jsonLdTypes: articleTypesIn(jsonLdTexts(doc)),
    articleTextLength: article ? textLength(article) : 0,
    paragraphTextLength,
  };
}

/**
 * `looksLikeArticle(readArticleSignals(doc))`, reading the signals cheapest first and only as far as
 * needed: the markup (og:type, JSON-LD) decides most news pages without reading any text, and the
 * paragraphs are only summed until there is enough.
 */
export function pageLooksLikeArticle(doc: Document): boolean {
  const signals: ArticleSignals = {
    ogType: doc.querySelector('meta[property="og:type"]')?.getAttribute('content'),
    jsonLdTypes: [],
    articleTextLength: 0,
    paragraphTextLength: 0,
  };
  if (looksLikeArticle(signals)) return true;
  signals.jsonLdTypes = articleTypesIn(jsonLdTexts(doc));
  if (looksLikeArticle(signals)) return true;
  for (const p of doc.querySelectorAll('p')) {
    const length = textLength(p);
    if (length < SUBSTANTIAL_PARAGRAPH) continue;
    signals.paragraphTextLength += length;
    if (looksLikeArticle(signals)) return true;
  }
  const article = mainArticleElement(doc);
  signals.articleTextLength = article ? textLength(article) : 0;
  return looksLikeArticle(signals);
}

/**
 * The date the page states for itself (ISO), or undefined: `chooseArticleDate` over the sources in its order
 * of trust, each read only when the ones before it say nothing.
 */
export function readArticleDate(doc: Document): string | undefined {
  return (
    chooseArticleDate({ metaPublished: doc.querySelector('meta[property="article:published_time"]')?.getAttribute('content') }) ??
    chooseArticleDate({ jsonLd: jsonLdTexts(doc) }) ??
    chooseArticleDate({
      timeDatetimes: [...(mainArticleElement(doc) ?? doc.querySelector('main') ?? doc).querySelectorAll('time[datetime]')].map((t) => t.getAttribute('datetime') ?? ''),
    })
  );
}
