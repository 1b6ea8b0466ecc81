/**
 * The article's own date, read from the strings a page offers (meta tags, JSON-LD, <time>).
 * Pure: the content script collects the strings, this file decides.
 */

/** What the page states, in order of trust. */
export interface ArticleDateSources {
  /** `meta[property="article:published_time"]` content, when present. */
  metaPublished?: string | null;
  /** Text of every `script[type="application/ld+json"]`. */
  jsonLd?: string[];
  /** `datetime` attributes of `<time>` elements inside the article, in document order. */
  timeDatetimes?: string[];
}

const ISO_PREFIX = /^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/;

/**
 * A date string as the ISO calendar date it names ("YYYY-MM-DD"), or undefined.
 * Timestamps keep the calendar date as written ("2024-05-12T23:30:00-05:00" → "2024-05-12"):
 * that is the date the publisher meant, whatever the reader's time zone.
 */
export function normalizeDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const iso = ISO_PREFIX.exec(value);
  if (iso) {
    const [, y, m, d] = iso;
    return validDate(Number(y), Number(m), Number(d));
  }
  // Other spellings ("Sun, 12 May 2024 08:00:00 GMT", "May 12, 2024"): let Date parse them,
  // but only when the string carries a four-digit year, so "12/05" style fragments stay out.
  if (!/\b\d{4}\b/.test(value)) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  const date = new Date(time);
  const hasZone = /(?:GMT|UTC|Z|[+-]\d{2}:?\d{2})\s*$/i.test(value.trim());
  return hasZone
    ? validDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())
    : validDate(date.getFullYear(), date.getMonth() + 1, date.getDate());
}

function validDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Schema.org types that mean "this page is an article". */
export const ARTICLE_TYPES: ReadonlySet<string> = new Set([
  'Article',
  'NewsArticle',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'BackgroundNewsArticle',
  'ReviewNewsArticle',
  'LiveBlogPosting',
  'BlogPosting',
  'Report',
]);

/** Every JSON-LD node in a script's text (top level, arrays and `@graph`), or none when it does not parse. */
export function jsonLdNodes(jsonText: string): Array<Record<string, unknown>> {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch {
    return [];
  }
  const nodes: Array<Record<string, unknown>> = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      const node = value as Record<string, unknown>;
      nodes.push(node);
      if (node['@graph'] !== undefined) visit(node['@graph'], depth + 1);
    }
  };
  visit(data, 0);
  return nodes;
}

/** The `@type` values of a node ("NewsArticle", or several), without a "schema:" style prefix. */
export function jsonLdTypes(node: Record<string, unknown>): string[] {
  const raw = node['@type'];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:#]/, ''));
}

/** All `@type`s found across JSON-LD scripts. */
export function articleTypesIn(jsonLd: readonly string[]): string[] {
  return jsonLd.flatMap((text) => jsonLdNodes(text).flatMap(jsonLdTypes));
}

/** `datePublished` of the first article node across the scripts (falling back to any node that has one). */
export function datePublishedFromJsonLd(jsonLd: readonly string[]): string | undefined {
  const nodes = jsonLd.flatMap(jsonLdNodes);
  const articleNodes = nodes.filter((node) => jsonLdTypes(node).some((t) => ARTICLE_TYPES.has(t)));
  for (const node of [...articleNodes, ...nodes]) {
    const value = node['datePublished'];
    const date = typeof value === 'string' ? normalizeDate(value) : undefined;
    if (date) return date;
  }
  return undefined;
}

/** The date the page states for itself, trying the sources in order of trust. */
export function chooseArticleDate(sources: ArticleDateSources): string | undefined {
  return (
    normalizeDate(sources.metaPublished) ??
    datePublishedFromJsonLd(sources.jsonLd ?? []) ??
    (sources.timeDatetimes ?? []).map(normalizeDate).find((d) => d !== undefined)
  );
}

/** The reader's local calendar date as "YYYY-MM-DD" (the fallback when the page states none). */
export function localIsoDate(now: Date): string {
  return validDate(now.getFullYear(), now.getMonth() + 1, now.getDate()) as string;
}
