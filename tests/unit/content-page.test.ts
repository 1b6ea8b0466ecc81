// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { pageLooksLikeArticle, readArticleDate } from '@/entrypoints/content/article';
import { PageMarks } from '@/entrypoints/content/page-marks';
import { fakeBackground } from './content-fixtures';

beforeEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('PageMarks', () => {
  it('annotates the page in a few batches and lists entities in order of first mention', async () => {
    document.body.innerHTML = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0 ? `<p>Belgorod was hit again (${i}).</p>` : `<p>The Kremlin said Vladimir <b>Putin</b> would answer (${i}).</p>`,
    ).join('');
    const before = document.body.textContent;
    const { annotate, calls } = fakeBackground();
    const marks = new PageMarks();
    await marks.scan(document.body, annotate, { maxTexts: 12, maxChars: 100_000 });

    expect(calls.map((c) => c.length)).toEqual([12, 12, 6]);
    expect(marks.foundEntities().map((e) => [e.id, e.count])).toEqual([
      ['place:belgorod', 10],
      ['organization:kremlin', 20],
      ['person:vladimir-putin', 20],
    ]);
    expect(document.body.textContent).toBe(before);
    // A mention over two nodes counts once but marks twice.
    expect(document.querySelectorAll('[data-backstory-id="person:vladimir-putin"]')).toHaveLength(40);

    const part = document.querySelectorAll('b backstory-mention')[0];
    expect(marks.mentionAt(part?.firstChild?.parentElement ?? null)?.mention.text).toBe('Vladimir Putin');
    expect(marks.mentionAt(document.body)).toBeUndefined();

    const first = marks.firstMentionOf(new Set(['person:vladimir-putin', 'place:belgorod']));
    expect(first?.id).toBe('place:belgorod');

    marks.teardown();
    expect(document.querySelector('backstory-mention')).toBeNull();
    expect(document.body.textContent).toBe(before);
    expect(marks.foundEntities()).toEqual([]);
  });

  it('keeps the page untouched when the background finds nothing', async () => {
    document.body.innerHTML = '<p>Nothing to see here, only weather.</p>';
    const html = document.body.innerHTML;
    const marks = new PageMarks();
    await marks.scan(document.body, fakeBackground().annotate);
    expect(document.body.innerHTML).toBe(html);
    expect(marks.foundEntities()).toEqual([]);
  });
});

describe('article detection and date', () => {
  const longText = 'The border city came under fire again as officials promised a response. '.repeat(12);

  it('recognises article markup and long running text', () => {
    document.head.innerHTML = '<meta property="og:type" content="article">';
    expect(pageLooksLikeArticle(document)).toBe(true);

    document.head.innerHTML = '<script type="application/ld+json">{"@type":"ReportageNewsArticle"}</script>';
    expect(pageLooksLikeArticle(document)).toBe(true);

    document.head.innerHTML = '';
    document.body.innerHTML = `<article><p>${longText}</p></article>`;
    expect(pageLooksLikeArticle(document)).toBe(true);

    document.body.innerHTML = `<div>${`<p>${longText}</p>`.repeat(2)}</div>`;
    expect(pageLooksLikeArticle(document)).toBe(true);
  });

  it('leaves section fronts and short pages alone', () => {
    document.head.innerHTML = '<meta property="og:type" content="website">';
    document.body.innerHTML = '<ul><li><a href="/a">Markets in Moscow close higher</a></li></ul><article><p>Short teaser.</p></article>';
    expect(pageLooksLikeArticle(document)).toBe(false);
  });

  it('reads the date from meta, then JSON-LD, then a <time> in the article', () => {
    document.head.innerHTML = `
      <meta property="article:published_time" content="2024-01-09T14:05:00+00:00">
      <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-05-05"}</script>`;
    document.body.innerHTML = '<article><time datetime="2022-02-24">then</time></article>';
    expect(readArticleDate(document)).toBe('2024-01-09');

    document.head.querySelector('meta')!.remove();
    expect(readArticleDate(document)).toBe('2023-05-05');

    document.head.innerHTML = '';
    document.body.innerHTML = '<time datetime="2001-01-01">elsewhere</time><article><p>x</p><time datetime="2022-02-24">then</time></article>';
    expect(readArticleDate(document)).toBe('2022-02-24');

    document.body.innerHTML = '<article><p>No date at all</p></article>';
    expect(readArticleDate(document)).toBeUndefined();
  });
});
