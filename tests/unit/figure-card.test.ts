import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../lib/kb/db';
import { buildFigureCard, MAX_CARD_EVENTS } from '../../lib/kb/figure-card';
import { installPack } from '../../lib/kb/install';
import { detectFigures } from '../../lib/figures/detect';
import type { Figure } from '../../lib/messages';
import { event, freshKnowledgeBase, makePack, organization, person, place } from './kb-fixtures';

const ARTICLE_DATE = '2024-01-09';
let kb: KnowledgeBase;

beforeAll(async () => {
  kb = await freshKnowledgeBase();
  const pack = makePack('test.figures', 1, [
    place('place:velloria', 'Velloria', {
      placeType: 'country',
      population: [{ value: 41_000_000, year: 2021, source: '2021 Velloria census' }],
    }),
    place('place:velgrad', 'Velgrad', {
      country: 'place:velloria',
      population: [
        { value: 320_112, year: 2010, source: '2010 Velloria census' },
        { value: 339_978, year: 2021, source: '2021 Velloria census' },
        { value: 351_000, year: 2025, source: '2025 Velloria estimate' },
      ],
    }),
    place('place:kestrin', 'Kestrin', { country: 'place:velloria' }),
    organization('organization:velloria-army', 'Velloria Army', { country: 'place:velloria' }),
    person('person:ilse-marren', 'Ilse Marren', { countries: ['place:velloria'] }),
    event('event:port-strikes', 'Port strikes', '2023-12-29', { places: ['place:kestrin'], participants: ['organization:velloria-army'] }),
    event('event:velgrad-strike', 'Velgrad strike', '2023-12-29', { places: ['place:velgrad'], prominence: 10 }),
    event('event:winter-siege', 'Winter siege', '2023-10-10', { end: '2024-02-17', places: ['place:kestrin'], prominence: 45 }),
    event('event:long-arrest', 'Long arrest', '2023-03-29', { end: '2024-08-01', participants: ['place:velloria'], prominence: 15 }),
    event('event:old-floods', 'Old floods', '2019-04', { end: '2019-06', places: ['place:kestrin'] }),
    event('event:new-year-strikes', 'New Year strikes', '2024-01-02', { places: ['place:velgrad'] }),
    event('event:december-talks', 'December talks', '2023-12', { participants: ['person:ilse-marren'] }),
    event('event:harvest', 'Harvest', '2023-09-05', { places: ['place:kestrin'] }),
    event('event:autumn-offensive', 'Autumn offensive', '2023-09-20', { end: '2023-11-30', places: ['place:velgrad'] }),
  ]);
  const result = await installPack(kb, pack, 'bundled');
  if (result.status !== 'installed') throw new Error(`fixture pack not installed: ${JSON.stringify(result)}`);
});

/** The one figure `text` holds, as detection gives it against the article date. */
function figureOf(text: string, articleDate = ARTICLE_DATE): Figure {
  const figures = detectFigures(text, articleDate);
  if (figures.length !== 1) throw new Error(`expected one figure in ${JSON.stringify(text)}, got ${figures.length}`);
  return figures[0]!;
}

describe('buildFigureCard: dates', () => {
  it('resolves a date against the article date and lists the events of that day first, linked ones first', async () => {
    const figure = figureOf('Missiles hit on December 29.');
    const card = await buildFigureCard(kb, { figure, articleDate: ARTICLE_DATE, nearbyIds: ['place:velgrad'] });
    expect(card.figure).toBe(figure);
    expect(card.resolved).toEqual({ date: '2023-12-29', basis: { kind: 'article-date', articleDate: '2024-01-09' } });
    expect(card.conversions).toEqual([]);
    expect(card.comparisons).toEqual([]);
    expect(card.events.map((e) => [e.id, e.linkedTo])).toEqual([
      ['event:velgrad-strike', ['place:velgrad']],
      ['event:port-strikes', []],
      ['event:winter-siege', []],
      ['event:long-arrest', []],
      ['event:december-talks', []],
    ]);
    expect(card.events).toHaveLength(MAX_CARD_EVENTS);
    expect(card.events[1]).toEqual({
      id: 'event:port-strikes',
      name: 'Port strikes',
      description: 'Port strikes, an event in the tests.',
      start: '2023-12-29',
      places: [{ id: 'place:kestrin', kind: 'place', name: 'Kestrin', description: 'Kestrin, a place in the tests.' }],
      participants: [
        { id: 'organization:velloria-army', kind: 'organization', name: 'Velloria Army', description: 'Velloria Army, an organization in the tests.' },
      ],
      linkedTo: [],
    });
    expect(card.events[2]).toMatchObject({ id: 'event:winter-siege', start: '2023-10-10', end: '2024-02-17' });
  });

  it('counts a war day from 2022-02-24', async () => {
    const card = await buildFigureCard(kb, { figure: figureOf('War diary, day 685'), articleDate: ARTICLE_DATE, nearbyIds: [] });
    expect(card.resolved).toEqual({ date: '2024-01-09', basis: { kind: 'war-day', day: 685, from: '2022-02-24' } });
    expect(card.events.map((e) => e.id)).toEqual(['event:winter-siege', 'event:long-arrest']);
  });

  it('covers the whole week of "last week" and the three months of a season', async () => {
    const week = await buildFigureCard(kb, { figure: figureOf('Last week was hard.'), articleDate: ARTICLE_DATE, nearbyIds: ['place:velgrad'] });
    expect(week.resolved?.date).toBe('2024-01-01');
    expect(week.events.map((e) => e.id)).toEqual(['event:new-year-strikes', 'event:winter-siege', 'event:long-arrest']);

    const autumn = await buildFigureCard(kb, { figure: figureOf('It held since fall 2023.'), articleDate: ARTICLE_DATE, nearbyIds: [] });
    expect(autumn.resolved).toEqual({ date: '2023-09', basis: { kind: 'as-written' } });
    expect(autumn.events.map((e) => e.id)).toEqual(['event:harvest', 'event:autumn-offensive', 'event:winter-siege', 'event:long-arrest']);
  });

  it('resolves a date figure found without the article date', async () => {
    const [figure] = detectFigures('It happened on Tuesday.');
    if (!figure) throw new Error('no figure');
    expect(figure.date).toBeUndefined();
    const card = await buildFigureCard(kb, { figure, articleDate: '2023-12-29', nearbyIds: [] });
    expect(card.resolved).toEqual({ date: '2023-12-26', basis: { kind: 'article-date', articleDate: '2023-12-29' } });
    expect(card.events.map((e) => e.id)).toEqual(['event:winter-siege', 'event:long-arrest', 'event:december-talks']);
  });

  it('gives no resolution and no events for a figure without a date', async () => {
    const card = await buildFigureCard(kb, { figure: figureOf('The front is 40 km long.'), articleDate: ARTICLE_DATE, nearbyIds: ['place:velgrad'] });
    expect(card).toEqual({
      figure: expect.objectContaining({ text: '40 km' }),
      conversions: ['40 km ≈ 25 mi'],
      comparisons: [],
      events: [],
    });
  });
});

describe('buildFigureCard: population comparisons', () => {
  it('compares inhabitants with the nearest place of a similar size, as counted by the article year', async () => {
    const figure = figureOf('Velgrad, a town of 335,000 inhabitants, was hit.');
    const card = await buildFigureCard(kb, {
      figure,
      articleDate: ARTICLE_DATE,
      nearbyIds: ['person:ilse-marren', 'place:velloria', 'place:kestrin', 'place:velgrad'],
    });
    expect(card.comparisons).toEqual([
      {
        entity: { id: 'place:velgrad', kind: 'place', name: 'Velgrad', description: 'Velgrad, a place in the tests.' },
        measure: 'population',
        value: 339_978,
        year: 2021,
        source: '2021 Velloria census',
      },
    ]);
    expect(card.resolved).toBeUndefined();
    expect(card.events).toEqual([]);
  });

  it('does not compare a handful of residents with a city, nor counts that are no population', async () => {
    const residents = await buildFigureCard(kb, {
      figure: figureOf('About 300 residents have left.'),
      articleDate: ARTICLE_DATE,
      nearbyIds: ['place:velgrad'],
    });
    expect(residents.comparisons).toEqual([]);
    const soldiers = await buildFigureCard(kb, {
      figure: figureOf('It lost 335,000 soldiers.'),
      articleDate: ARTICLE_DATE,
      nearbyIds: ['place:velgrad'],
    });
    expect(soldiers.comparisons).toEqual([]);
  });

  it('takes the earliest count when every count is later than the article', async () => {
    const card = await buildFigureCard(kb, {
      figure: figureOf('A city of 330,000.', '2005-06-01'),
      articleDate: '2005-06-01',
      nearbyIds: ['place:velgrad'],
    });
    expect(card.comparisons.map((c) => [c.value, c.year])).toEqual([[320_112, 2010]]);
  });
});
