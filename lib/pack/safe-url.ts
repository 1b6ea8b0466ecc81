/**
 * Which links a card may make from pack data. Packs hold no URLs: the one link today is built by the
 * card from an entity's `wikipedia` title. Still, every `href` made from pack data goes through
 * `safeLinkHref`, so a bug or a future URL field cannot turn pack text into a `javascript:` link or a
 * link to a tracking host.
 */

/**
 * The hosts a card may link to, and why each is here. A click tells the host which entity the reader
 * looked up, so the list is kept short and deliberate: a host is added with the feature that links to
 * it, in the same review.
 * - en.wikipedia.org: the "on Wikipedia" link of an entity whose `wikipedia` title the pack gives.
 */
export const ALLOWED_LINK_HOSTS: ReadonlySet<string> = new Set(['en.wikipedia.org']);

/**
 * `url` as an `href` when it is an absolute `https:` URL to an allowed host, without credentials or
 * an explicit port; undefined otherwise (the caller then shows text, never a link).
 */
export function safeLinkHref(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    // No base: a relative or protocol-relative string is refused rather than resolved against the page.
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:') return undefined;
  if (!ALLOWED_LINK_HOSTS.has(parsed.hostname)) return undefined;
  if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return undefined;
  return parsed.href;
}

/** The English Wikipedia article of a title: spaces as underscores, the rest percent-encoded; https only. */
export function wikipediaUrl(title: string): string | undefined {
  const trimmed = title.trim();
  if (trimmed === '') return undefined;
  return `https://en.wikipedia.org/wiki/${encodeURIComponent(trimmed.replace(/ /g, '_'))}`;
}

/** Letters, then a colon with no space after it: "javascript:…", "data:…", "https://…". */
const SCHEME_PREFIX = /^[a-z][a-z0-9+.-]*:(?!\s)/i;
/** Characters MediaWiki never allows in a page title. */
const TITLE_FORBIDDEN = /[#<>[\]{}|]/;

/**
 * Why `title` is not a Wikipedia article title, or undefined when it may be one. A URL, or anything
 * with a scheme, is refused: the field names an article, the card makes the link. "Mission: Impossible"
 * (a space after the colon) passes; "Re:Zero" and namespaces ("Category:…") do not, and need no link.
 */
export function wikipediaTitleProblem(title: string): string | undefined {
  if (SCHEME_PREFIX.test(title)) return 'must be an article title, not a link or anything starting with a scheme such as "javascript:" or "https:"';
  if (TITLE_FORBIDDEN.test(title)) return 'must be an article title: # < > [ ] { } | are not allowed';
  return undefined;
}
