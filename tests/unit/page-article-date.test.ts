import { describe, expect, it } from 'vitest';
import {
  articleTypesIn,
  chooseArticleDate,
  datePublishedFromJsonLd,
  localIsoDate,
  normalizeDate,
} from '@/lib/page/article-date';
import { looksLikeArticle, type ArticleSignals } from '@/lib/page/article-detect';

describe('normalizeDate', () => {
  it('keeps the calendar date a timestamp was written with, whatever its zone', () => {
    expect(normalizeDate('2024-01-09T14:05:00+00:00')).toBe('2024-01-09');
    expect(normalizeDate('2024-05-12T23:30:00-05:00')).toBe('2024-05-12');
    expect(normalizeDate('2024-05-12 08:00')).toBe('2024-05-12');
    expect(normalizeDate(' 2024-02-29 ')).toBe('2024-02-29');
  });

  it('reads other spellings that carry a four-digit year', () => {
    expect(normalizeDate('Tue, 09 Jan 2024 14:05:00 GMT')).toBe('2024-01-09');
    expect(normalizeDate('January 9, 2024')).toBe('2024-01-09');
  });

  it('rejects impossible or yearless dates', () => {
    expect(normalizeDate('2023-02-29')).toBeUndefined();
    expect(normalizeDate('2024-13-01')).toBeUndefined();
    expect(normalizeDate('12/05')).toBeUndefined();
    expect(normalizeDate('yesterday')).toBeUndefined();
    expect(normalizeDate('')).toBeUndefined();
    expect(normalizeDate(null)).toBeUndefined();
  });
});

describe('JSON-LD', () => {
  const graph = JSON.stringify({
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'WebPage', datePublished: '2020-01-01' },
      { '@type': ['NewsArticle'], headline: 'x', datePublished: '2024-01-09T14:05:00+00:00' },
    ],
  });

  it('prefers the article node over other nodes that have a date', () => {
    expect(datePublishedFromJsonLd([graph])).toBe('2024-01-09');
  });

  it('falls back to any node with a datePublished, and ignores scripts that do not parse', () => {
    expect(datePublishedFromJsonLd(['{ not json', JSON.stringify([{ '@type': 'WebPage', datePublished: '2021-03-04' }])])).toBe(
      '2021-03-04',
    );
    expect(datePublishedFromJsonLd(['{ not json'])).toBeUndefined();
  });

  it('lists types across scripts, arrays and graphs, without URL prefixes', () => {
    expect(articleTypesIn([graph, JSON.stringify({ '@type': 'http://schema.org/ReportageNewsArticle' })])).toEqual([
      'WebPage',
      'NewsArticle',
      'ReportageNewsArticle',
    ]);
  });
});

describe('chooseArticleDate', () => {
  it('trusts the meta tag first, then JSON-LD, then <time>', () => {
    const jsonLd = [JSON.stringify({ '@type': 'Article', datePublished: '2023-06-01' })];
    const times = ['not a date', '2022-02-24'];
    expect(chooseArticleDate({ metaPublished: '2024-01-09T10:00:00Z', jsonLd, timeDatetimes: times })).toBe('2024-01-09');
    expect(chooseArticleDate({ metaPublished: 'garbage', jsonLd, timeDatetimes: times })).toBe('2023-06-01');
    expect(chooseArticleDate({ timeDatetimes: times })).toBe('2022-02-24');
    expect(chooseArticleDate({})).toBeUndefined();
  });

  it('formats the local date for the "today" fallback', () => {
    expect(localIsoDate(new Date(2024, 0, 9, 23, 59))).toBe('2024-01-09');
  });
});

describe('looksLikeArticle', () => {
  const plain: ArticleSignals = { jsonLdTypes: [], articleTextLength: 0, paragraphTextLength: 0 };

  it('accepts any of the article signals', () => {
    expect(looksLikeArticle({ ...plain, ogType: 'article' })).toBe(true);
    expect(looksLikeArticle({ ...plain, ogType: ' Article ' })).toBe(true);
    expect(looksLikeArticle({ ...plain, jsonLdTypes: ['WebPage', 'ReportageNewsArticle'] })).toBe(true);
    expect(looksLikeArticle({ ...plain, articleTextLength: 800 })).toBe(true);
    expect(looksLikeArticle({ ...plain, paragraphTextLength: 2500 })).toBe(true);
  });

  it('rejects section fronts and short pages', () => {
    expect(looksLikeArticle(plain)).toBe(false);
    expect(looksLikeArticle({ ...plain, ogType: 'website', jsonLdTypes: ['WebSite'], articleTextLength: 120, paragraphTextLength: 300 })).toBe(
      false,
    );
  });
});
