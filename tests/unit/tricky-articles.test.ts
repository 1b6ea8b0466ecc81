/**
 * The resolver over the packs that ship (`public/packs`, compiled by `npm run packs` before the unit
 * tests), on short articles written for the hard cases: ambiguous places, common words at sentence
 * starts, Title Case headlines, lists of regions, follow-up surnames and titles. Each
 * `tests/fixtures/articles/<name>.txt` has its exact expected mentions in `<name>.expected.json`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMatcherIndex, Matcher } from '../../lib/matcher';
import { resolveDocument, type ResolvedMention } from '../../lib/resolve';
import { DEFAULT_PACKS_DIR, loadCompiledEntities } from '../../scripts/compiled-packs';

const ARTICLES = 'tests/fixtures/articles';

interface Expected {
  text: string;
  id: string;
  uncertain?: true;
}

let matcher: Matcher;

beforeAll(() => {
  const entities = loadCompiledEntities(DEFAULT_PACKS_DIR);
  if (entities instanceof Error) throw entities;
  matcher = Matcher.load(buildMatcherIndex(entities));
});

const brief = (m: ResolvedMention): Expected => (m.uncertain ? { text: m.text, id: m.id, uncertain: true } : { text: m.text, id: m.id });

const names = readdirSync(ARTICLES)
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -'.txt'.length))
  .sort();

describe('tricky articles', () => {
  it('are all there', () => {
    expect(names).toEqual([
      'common-words',
      'donetsk',
      'georgia-country',
      'georgia-state',
      'jordan',
      'paris-washington',
      'people',
      'places-list',
      'title-case',
    ]);
  });

  for (const name of names) {
    const text = readFileSync(join(ARTICLES, `${name}.txt`), 'utf8');
    const expected = JSON.parse(readFileSync(join(ARTICLES, `${name}.expected.json`), 'utf8')) as Expected[];

    it(`${name}: the mentions of the article as one text`, () => {
      const [mentions] = resolveDocument(matcher, [text]);
      expect(mentions!.map(brief)).toEqual(expected);
      for (const m of mentions!) expect(text.slice(m.start, m.end)).toBe(m.text);
    });

    it(`${name}: the same mentions when its paragraphs are sent as the blocks of a page`, () => {
      const blocks = text.split(/\n\n+/);
      expect(resolveDocument(matcher, blocks).flat().map(brief)).toEqual(expected);
    });
  }
});
