/**
 * Generated news article pages for the Chromium sections (page annotation, hover latency): an article of
 * about N words inside the chrome of a news site (masthead and navigation, a breaking-news strip, a rail of
 * teasers and "most read", reader comments, a footer), with the meta tags, JSON-LD and `<time datetime>`
 * that make the content script treat it as an article with a stated date (entrypoints/content/article.ts).
 *
 * The text comes from the shared sentence grammar (`corpus.ts`) over a cast of entities taken from the
 * bundled packs (`npm run packs` output): the most prominent people, places, organizations and events of
 * the three packs, named at about the density of news text, most often the most prominent. Nothing is
 * copied from real articles. Deterministic for a size.
 *
 * Every box has a fixed size or a size its text gives it: no image, font or script loads late, so the
 * page on its own shifts nothing and any layout shift measured is Backstory's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Entity, Pack } from '../../lib/pack/types';
import { DEFAULT_PACKS_DIR } from '../compiled-packs';
import { generateCorpus, type Nameable } from './corpus';
import { seededRandom, type Random } from './random';

/** The article sizes the section measures, in words of the article's body. */
export const ARTICLE_WORDS = [1_000, 10_000, 50_000] as const;

export interface ArticlePage {
  words: number;
  /** Words of the whole page's running text (article, teasers, comments, footer). */
  pageWords: number;
  html: string;
  /** The entities the text was written with (the cast), most prominent first. */
  cast: Nameable[];
}

/** How many of each kind the cast takes from the packs, by prominence. */
const CAST: ReadonlyArray<{ pack: string; kind: Entity['kind']; count: number }> = [
  { pack: 'world.leaders', kind: 'person', count: 30 },
  { pack: 'war.russia-ukraine', kind: 'person', count: 40 },
  { pack: 'world.gazetteer', kind: 'place', count: 45 },
  { pack: 'war.russia-ukraine', kind: 'place', count: 20 },
  { pack: 'war.russia-ukraine', kind: 'organization', count: 20 },
  { pack: 'world.leaders', kind: 'organization', count: 15 },
  { pack: 'war.russia-ukraine', kind: 'event', count: 15 },
];

/** Forms an English article would write: Latin letters only (the packs also hold Cyrillic, French, German forms). */
const ENGLISH_FORM = /^[A-Za-z0-9][A-Za-z0-9 .'’-]*$/;

/**
 * An alias an English article would use: Latin letters, and a short form of the name (a word of it, "Putin",
 * "Republic of India") or an acronym ("EU"), not a translation ("Allemagne", "Ukraina").
 */
function englishAlias(name: string, alias: string): boolean {
  if (!ENGLISH_FORM.test(alias)) return false;
  if (/^[A-Z][A-Z.]{1,5}$/.test(alias)) return true;
  const words = new Set(name.toLowerCase().split(/[\s'’-]+/).filter((w) => w.length >= 3));
  return alias.toLowerCase().split(/[\s'’-]+/).some((w) => words.has(w));
}

let castCache: Nameable[] | undefined;

/** The cast: entity names and their English-looking aliases, most prominent first. */
export function articleCast(packsDir = DEFAULT_PACKS_DIR): Nameable[] {
  if (castCache) return castCache;
  const indexPath = join(packsDir, 'index.json');
  if (!existsSync(indexPath)) throw new Error(`No compiled packs at ${indexPath}: run \`npm run packs\` first.`);
  const files = (JSON.parse(readFileSync(indexPath, 'utf8')) as { packs: string[] }).packs;
  const packs = files.map((file) => JSON.parse(readFileSync(join(packsDir, file), 'utf8')) as Pack);
  const chosen = new Map<string, Nameable>();
  for (const { pack, kind, count } of CAST) {
    const candidates = (packs.find((p) => p.manifest.id === pack)?.entities ?? [])
      .filter((e) => e.kind === kind && !chosen.has(e.id) && ENGLISH_FORM.test(e.name))
      .sort((a, b) => (b.prominence ?? 0) - (a.prominence ?? 0) || a.id.localeCompare(b.id))
      .slice(0, count);
    for (const e of candidates) {
      chosen.set(e.id, { name: e.name, aliases: (e.aliases ?? []).filter((a) => englishAlias(e.name, a)), prominence: e.prominence ?? 0 });
    }
  }
  castCache = [...chosen.values()].sort((a, b) => (b.prominence ?? 0) - (a.prominence ?? 0));
  return castCache;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

const SECTIONS = ['World', 'Europe', 'Politics', 'Business', 'Climate', 'Science', 'Culture', 'Sport', 'Opinion', 'Podcasts'];
const COMMENTERS = ['northern_reader', 'M. Okafor', 'lindenbaum', 'Pat R.', 'quietharbour', 'J. Delacroix', 'Ravi S.', 'old_typesetter', 'Hanne K.', 'marigold77'];

/** Text paragraphs of about `words` words (headline blocks of the grammar become subheadings). */
function paragraphs(cast: Nameable[], words: number, seed: number): string[] {
  const text = generateCorpus(cast, { chars: Math.ceil(words * 7.5) + 2_000, seed, mentionRate: 0.1 });
  const blocks = text.split('\n\n').filter((b) => b.trim().length > 0);
  const out: string[] = [];
  let count = 0;
  for (const block of blocks) {
    if (count >= words) break;
    out.push(block);
    count += wordCount(block);
  }
  return out;
}

/** A paragraph's HTML: a link or an emphasis around a few words now and then, lines kept as <br>. */
function paragraphHtml(block: string, random: Random): string {
  const lines = block.split('\n').map((line) => {
    const words = line.split(' ');
    if (words.length > 8 && random.chance(0.25)) {
      const at = 1 + random.int(words.length - 5);
      const length = 2 + random.int(3);
      const inner = escapeHtml(words.slice(at, at + length).join(' '));
      const wrapped = random.chance(0.7) ? `<a href="/story/${random.int(100_000)}">${inner}</a>` : `<em>${inner}</em>`;
      return [escapeHtml(words.slice(0, at).join(' ')), wrapped, escapeHtml(words.slice(at + length).join(' '))].filter(Boolean).join(' ');
    }
    return escapeHtml(line);
  });
  return lines.join('<br>\n');
}

function isHeadline(block: string): boolean {
  return !/[.?!”]$/.test(block.trim());
}

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 18px/1.6 Georgia, 'Times New Roman', serif; color: #1b1b1b; background: #fbfaf7; }
a { color: #14466b; }
.masthead { display: flex; gap: 24px; align-items: center; height: 64px; padding: 0 32px; border-bottom: 3px double #222; background: #fff; }
.logo { font: 700 26px/1 Georgia, serif; color: #111; text-decoration: none; }
.masthead nav a { margin-right: 14px; color: #333; font: 15px/1 system-ui, sans-serif; text-decoration: none; }
.search { margin-left: auto; }
.breaking { height: 36px; overflow: hidden; white-space: nowrap; padding: 0 32px; background: #a11; color: #fff; font: 600 14px/36px system-ui, sans-serif; }
.breaking a { color: #fff; margin-right: 28px; }
.layout { display: grid; grid-template-columns: minmax(0, 680px) 280px; gap: 48px; padding: 24px 32px; max-width: 1100px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font: 700 13px/1 system-ui, sans-serif; color: #a11; }
h1 { font-size: 38px; line-height: 1.15; margin: 8px 0 12px; }
.standfirst { font-size: 21px; line-height: 1.4; color: #333; }
.byline { font: 14px/1.4 system-ui, sans-serif; color: #555; }
.photo { aspect-ratio: 16 / 9; width: 100%; background: linear-gradient(135deg, #c9c4b8, #8f8a80); }
figure { margin: 24px 0; }
figcaption { font: 14px/1.4 system-ui, sans-serif; color: #555; margin-top: 6px; }
blockquote { margin: 24px 0; padding-left: 20px; border-left: 4px solid #a11; font-size: 22px; line-height: 1.4; }
.related { border-top: 2px solid #222; border-bottom: 1px solid #ddd; padding: 8px 0; margin: 24px 0; font: 15px/1.5 system-ui, sans-serif; }
.related h3 { margin: 0 0 4px; font-size: 13px; text-transform: uppercase; letter-spacing: .06em; }
.rail { font: 15px/1.5 system-ui, sans-serif; border-left: 1px solid #ddd; padding-left: 24px; }
.rail h2 { font-size: 14px; text-transform: uppercase; letter-spacing: .06em; border-bottom: 2px solid #222; }
.teaser { display: grid; grid-template-columns: 72px 1fr; gap: 10px; margin-bottom: 14px; }
.thumb { width: 72px; height: 54px; background: #d8d3c8; }
.teaser h3 { margin: 0; font-size: 15px; line-height: 1.3; }
.teaser p { margin: 2px 0 0; font-size: 13px; color: #555; }
.most-read li { margin-bottom: 8px; }
.comments { font: 15px/1.5 system-ui, sans-serif; border-top: 3px double #222; margin-top: 32px; }
.comments ol { list-style: none; padding: 0; }
.comment { border-bottom: 1px solid #e4e0d8; padding: 10px 0; }
.comment .author { font-weight: 700; }
.comment time { color: #777; font-size: 13px; margin-left: 8px; }
.comment button { font: 12px system-ui, sans-serif; }
footer { padding: 24px 32px; background: #222; color: #ddd; font: 14px/1.5 system-ui, sans-serif; }
footer a { color: #ddd; }
footer .columns { display: grid; grid-template-columns: repeat(4, 1fr); gap: 24px; }
`;

/** One generated article page of about `words` words of body text. */
export function articlePage(words: number, packsDir = DEFAULT_PACKS_DIR): ArticlePage {
  const cast = articleCast(packsDir);
  const seed = 100 + words;
  const random = seededRandom(seed);
  const body = paragraphs(cast, words, seed);
  const [headline = 'News'] = body.filter(isHeadline);
  const short = (n: number, s: number) => paragraphs(cast, n, s);
  const sentenceOf = (block: string) => (block.match(/^.*?[.?!”](\s|$)/)?.[0] ?? block).trim();

  const teasers = short(500, seed + 1).filter((b) => !isHeadline(b)).slice(0, 12);
  const heads = short(400, seed + 2).filter(isHeadline);
  const teaserHtml = teasers
    .map((t, i) => `<div class="teaser"><div class="thumb"></div><div><h3><a href="/story/t${i}">${escapeHtml(heads[i % Math.max(1, heads.length)] ?? sentenceOf(t))}</a></h3><p>${escapeHtml(sentenceOf(t))}</p></div></div>`)
    .join('\n');
  const mostRead = heads.slice(0, 8).map((h, i) => `<li><a href="/story/m${i}">${escapeHtml(h)}</a></li>`).join('\n');
  const breaking = heads.slice(8, 14).map((h, i) => `<a href="/live/${i}">${escapeHtml(h)}</a>`).join('');

  const commentCount = words >= 50_000 ? 60 : words >= 10_000 ? 30 : 10;
  const commentTexts = short(commentCount * 45, seed + 3).filter((b) => !isHeadline(b));
  const comments = Array.from({ length: commentCount }, (_, i) => {
    const text = commentTexts[i % Math.max(1, commentTexts.length)] ?? '';
    return `<li class="comment"><span class="author">${escapeHtml(COMMENTERS[i % COMMENTERS.length]!)}</span><time datetime="2024-03-14T${String(10 + (i % 12)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}">${1 + (i % 11)} h ago</time><p>${escapeHtml(text)}</p><button type="button">Reply</button> <button type="button">Report</button></li>`;
  }).join('\n');

  const article: string[] = [];
  let sinceHeading = 0;
  body.forEach((block, i) => {
    if (i === 0) return; // the headline
    if (isHeadline(block)) {
      if (sinceHeading > 2) article.push(`<h2>${escapeHtml(block)}</h2>`);
      sinceHeading = 0;
      return;
    }
    sinceHeading++;
    if (i % 17 === 0) article.push(`<blockquote><p>${escapeHtml(sentenceOf(block))}</p></blockquote>`);
    article.push(`<p>${paragraphHtml(block, random)}</p>`);
    if (i % 23 === 0) article.push(`<aside class="related"><h3>Related</h3><a href="/story/r${i}">${escapeHtml(heads[i % Math.max(1, heads.length)] ?? 'More')}</a></aside>`);
    if (i % 31 === 0) article.push(`<figure><div class="photo" role="img" aria-label="A placeholder for a photograph"></div><figcaption>${escapeHtml(sentenceOf(block))}</figcaption></figure>`);
  });
  const standfirst = sentenceOf(teasers[0] ?? headline);

  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(headline)} | The Evening Courier</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeHtml(headline)}">
<meta property="article:published_time" content="2024-03-14T09:30:00+00:00">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":${JSON.stringify(headline)},"datePublished":"2024-03-14T09:30:00+00:00","author":{"@type":"Person","name":"Generated Desk"}}</script>
<style>${STYLE}</style>
</head>
<body>
<!-- Generated by scripts/bench/article-pages.ts for Backstory's benchmarks: made-up text, ${words} words. -->
<header class="masthead">
<a class="logo" href="/">The Evening Courier</a>
<nav>${SECTIONS.map((s) => `<a href="/${s.toLowerCase()}">${s}</a>`).join('')}</nav>
<form class="search" role="search" onsubmit="return false"><input type="search" name="q" aria-label="Search"></form>
</header>
<div class="breaking">Live: ${breaking}</div>
<div class="layout">
<main>
<article>
<p class="kicker">${escapeHtml(cast[0]?.name ?? 'World')}</p>
<h1>${escapeHtml(headline)}</h1>
<p class="standfirst">${escapeHtml(standfirst)}</p>
<p class="byline">By the Generated Desk · <time datetime="2024-03-14">March 14, 2024</time></p>
<figure><div class="photo" role="img" aria-label="A placeholder for a photograph"></div><figcaption>A placeholder photograph.</figcaption></figure>
${article.join('\n')}
</article>
<section class="comments">
<h2>Comments (${commentCount})</h2>
<ol>
${comments}
</ol>
</section>
</main>
<aside class="rail">
<h2>Most read</h2>
<ol class="most-read">
${mostRead}
</ol>
<h2>More on this story</h2>
${teaserHtml}
</aside>
</div>
<footer><div class="columns">${SECTIONS.map((s) => `<div><strong>${s}</strong><br><a href="/${s.toLowerCase()}/latest">Latest</a><br><a href="/${s.toLowerCase()}/analysis">Analysis</a></div>`).join('')}</div>
<p>© The Evening Courier, a made-up newspaper. Generated text for benchmarks.</p></footer>
</body>
</html>
`;
  const pageWords = wordCount(html.replace(/<style>[\s\S]*?<\/style>|<script[\s\S]*?<\/script>|<[^>]+>/g, ' '));
  return { words, pageWords, html, cast };
}
