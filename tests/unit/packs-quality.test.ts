/**
 * Quality gates over the packs that ship: the compiled `public/packs` (the test command runs `npm run packs`
 * first). Schema, references, date order and value ranges are the validator's; the gates here add what
 * the validator only warns about, the coverage the product promises, and what the seed article needs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase } from '../../lib/kb/db';
import { installPack } from '../../lib/kb/install';
import { buildMatcherIndex, Matcher } from '../../lib/matcher';
import { annotateText } from '../../lib/resolve/index';
import { validatePack } from '../../lib/pack/validate';
import type { Entity, Pack } from '../../lib/pack/types';

const PACKS_DIR = 'public/packs';
const SEED_ARTICLE = '../shared/seed/news-article.txt';
const EVAL_DIR = '../shared/eval/dev';

/** Every run of `size` consecutive words, lower-cased, letters and digits only. */
function shingles(text: string, size: number): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const runs = new Set<string>();
  for (let i = 0; i + size <= words.length; i++) runs.add(words.slice(i, i + size).join(' '));
  return runs;
}

let packs: Pack[] = [];
const all = (): Entity[] => packs.flatMap((pack) => pack.entities);

beforeAll(() => {
  const index = join(PACKS_DIR, 'index.json');
  if (!existsSync(index)) throw new Error(`No compiled packs in ${PACKS_DIR}: run "npm run packs" first`);
  const files = (JSON.parse(readFileSync(index, 'utf8')) as { packs: string[] }).packs;
  packs = files.map((file) => JSON.parse(readFileSync(join(PACKS_DIR, file), 'utf8')) as Pack);
});

describe('every shipped pack', () => {
  it('passes the schema and its references resolve within itself and the packs installed before it', () => {
    const known = new Set<string>();
    for (const pack of packs) {
      const result = validatePack(pack, { knownIds: known });
      expect(result.ok ? [] : result.errors, pack.manifest.id).toEqual([]);
      for (const entity of pack.entities) known.add(entity.id);
    }
  });

  it('shares no name or alias between two of its entities unless one marks it ambiguous', () => {
    for (const pack of packs) {
      const result = validatePack(pack, { knownIds: new Set(packs.flatMap((p) => (p === pack ? [] : p.entities.map((e) => e.id)))) });
      const shared = result.ok ? result.warnings.filter((w) => w.includes('is also a name or alias of')) : ['invalid'];
      expect(shared, pack.manifest.id).toEqual([]);
    }
  });

  it('gives every entity a description and a source, with no encyclopedia artefacts', () => {
    const artefacts = /\[\d+\]|\[citation needed\]|wikipedia|\(listen\)|\bi\.e\.,? the\b|<\/?[a-z]+>/i;
    for (const entity of all()) {
      expect(entity.description.trim().length, entity.id).toBeGreaterThanOrEqual(12);
      expect(entity.description, entity.id).not.toMatch(artefacts);
      expect(entity.source.trim(), entity.id).not.toBe('');
    }
  });

  it('takes no description from the news articles on this machine (no run of 7 words in common)', () => {
    const articles = [SEED_ARTICLE, ...readdirSync(EVAL_DIR).filter((f) => f.endsWith('.txt')).map((f) => join(EVAL_DIR, f))];
    const news = new Set(articles.flatMap((file) => [...shingles(readFileSync(file, 'utf8'), 7)]));
    const copied = all().filter((entity) => [...shingles(entity.description, 7)].some((run) => news.has(run)));
    expect(copied.map((entity) => entity.id)).toEqual([]);
  });

  it('does not repeat a hand-written description word for word', () => {
    const seen = new Map<string, string>();
    for (const pack of packs.filter((p) => p.manifest.id !== 'world.gazetteer')) {
      for (const entity of pack.entities) {
        const other = seen.get(entity.description);
        expect(other, `${entity.id} repeats the description of ${other}`).toBeUndefined();
        seen.set(entity.description, entity.id);
      }
    }
  });
});

describe('coverage', () => {
  const places = () => all().filter((e): e is Extract<Entity, { kind: 'place' }> => e.kind === 'place');

  it('knows at least 250 countries and territories, 4,000 cities and towns, 600 people and 150 war events', () => {
    expect(places().filter((p) => p.placeType === 'country' || p.placeType === 'territory').length).toBeGreaterThanOrEqual(250);
    expect(places().filter((p) => p.placeType === 'city' || p.placeType === 'town').length).toBeGreaterThanOrEqual(4000);
    expect(all().filter((e) => e.kind === 'person').length).toBeGreaterThanOrEqual(600);
    const war = packs.find((p) => p.manifest.id === 'war.russia-ukraine');
    expect(war?.entities.filter((e) => e.kind === 'event').length ?? 0).toBeGreaterThanOrEqual(150);
  });

  it('dates the roles of every person', () => {
    for (const entity of all()) {
      if (entity.kind !== 'person') continue;
      for (const role of entity.roles) expect(role.from ?? role.to, `${entity.id}: ${role.title}`).toBeDefined();
    }
  });

  it('gives every populated place its year', () => {
    for (const place of places()) {
      for (const population of place.population ?? []) expect(population.year, place.id).toBeGreaterThan(1800);
    }
  });
});

describe('the seed article', () => {
  it('has every person, place and organization it names found, and linked to the right entity', () => {
    const text = readFileSync(SEED_ARTICLE, 'utf8');
    const matcher = Matcher.load(buildMatcherIndex(all()));
    const found = new Set(annotateText(matcher, text).map((m) => m.id));
    const named = [
      'person:vladimir-putin',
      'person:dmitry-peskov',
      'person:sergei-shoigu',
      'place:belgorod-ru',
      'place:kyiv-ua',
      'place:moscow-ru',
      'place:avdiivka-ua',
      'place:donetsk-oblast-ua',
      'place:ukraine',
      'place:russia',
      'place:united-states',
      'organization:kremlin',
      'organization:european-union',
    ];
    expect(named.filter((id) => !found.has(id))).toEqual([]);
  });
});

describe('installing the shipped packs', () => {
  it('installs every pack, in the shipped order, into an empty knowledge base', async () => {
    const kb = await openKnowledgeBase(new IDBFactory());
    const statuses: string[] = [];
    for (const pack of packs) {
      const result = await installPack(kb, pack, 'bundled');
      statuses.push(result.status === 'rejected' ? `${pack.manifest.id}: ${result.errors.slice(0, 3).join('; ')}` : result.status);
    }
    expect(statuses).toEqual(packs.map(() => 'installed'));
    kb.close();
  }, 60_000);
});
