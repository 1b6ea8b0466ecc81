import { describe, expect, it } from 'vitest';
import { buildMatcherIndex, Matcher, type MatchableEntity } from '../../lib/matcher';
import { CASE_ANY, CASE_CAPITAL, caseRuleOf, FLAG_EXACT, FLAG_IS_NAME, MATCHER_INDEX_FORMAT, MAX_ALIAS_TOKENS } from '../../lib/matcher/index-data';

const ENTITIES: MatchableEntity[] = [
  { id: 'person:vladimir-putin', kind: 'person', name: 'Vladimir Putin', aliases: ['Putin'], prominence: 100 },
  { id: 'place:donetsk', kind: 'place', name: 'Donetsk', aliases: [], prominence: 60 },
  {
    id: 'place:donetsk-oblast',
    kind: 'place',
    name: 'Donetsk Oblast',
    aliases: ['Donetsk region', 'Donetsk oblast'],
    prominence: 55,
  },
  { id: 'place:avdiivka', kind: 'place', name: 'Avdiivka', aliases: ['Avdiyivka'], prominence: 40 },
  { id: 'place:moscow', kind: 'place', name: 'Moscow', aliases: [], prominence: 90 },
  { id: 'organization:kremlin', kind: 'organization', name: 'Kremlin', aliases: ['the Kremlin'], prominence: 80 },
  { id: 'place:united-states', kind: 'place', name: 'United States', aliases: ['US', 'U.S.', 'USA'], prominence: 100 },
  { id: 'organization:nato', kind: 'organization', name: 'NATO', aliases: ['North Atlantic Treaty Organization'] },
  { id: 'place:nice', kind: 'place', name: 'Nice', aliases: [], ambiguous: ['Nice'], prominence: 30 },
  { id: 'place:saint-petersburg', kind: 'place', name: 'Saint Petersburg', aliases: ['St. Petersburg', 'St Petersburg'] },
  { id: 'person:jd-vance', kind: 'person', name: 'JD Vance', aliases: ['J. D. Vance', 'Vance'] },
  { id: 'place:ivano-frankivsk', kind: 'place', name: 'Ivano-Frankivsk', aliases: [] },
  { id: 'organization:dpr', kind: 'organization', name: "Donetsk People's Republic", aliases: ['DPR'] },
  // Three entities share "Georgia": ranked by name, prominence, kind, id.
  { id: 'place:georgia-country', kind: 'place', name: 'Georgia', aliases: [], prominence: 70 },
  { id: 'place:georgia-us-state', kind: 'place', name: 'Georgia', aliases: [], prominence: 60 },
  { id: 'person:georgia-meloni', kind: 'person', name: 'Giorgia Meloni', aliases: ['Georgia'], prominence: 95 },
];

const matcher = Matcher.load(buildMatcherIndex(ENTITIES));
const found = (text: string, m = matcher) => m.find(text).map((r) => [r.text, r.id]);

describe('Matcher.find', () => {
  it('reports offsets, text, kind and alternatives', () => {
    expect(matcher.find('Then Putin spoke.')).toEqual([
      { start: 5, end: 10, text: 'Putin', id: 'person:vladimir-putin', kind: 'person', alternatives: [] },
    ]);
  });

  it('folds diacritics in the text', () => {
    expect(found('Fighting near Avdiïvka and AVDIÏVKA continued.')).toEqual([
      ['Avdiïvka', 'place:avdiivka'],
      ['AVDIÏVKA', 'place:avdiivka'],
    ]);
  });

  it('ends a mention before a possessive', () => {
    for (const text of ["Putin's army", 'Putin’s army', 'PUTIN’S ARMY']) {
      const [m] = matcher.find(text);
      expect(m).toMatchObject({ start: 0, end: 5, id: 'person:vladimir-putin' });
    }
  });

  it('prefers the longest alias', () => {
    expect(found('Shelling in the Donetsk region and in Donetsk itself.')).toEqual([
      ['Donetsk region', 'place:donetsk-oblast'],
      ['Donetsk', 'place:donetsk'],
    ]);
    expect(found('across the Donetsk oblast')).toEqual([['Donetsk oblast', 'place:donetsk-oblast']]);
    expect(found('Vladimir Putin said')).toEqual([['Vladimir Putin', 'person:vladimir-putin']]);
    expect(found("the Donetsk People's Republic")).toEqual([["Donetsk People's Republic", 'organization:dpr']]);
  });

  it('falls back to a shorter alias when the longer one does not complete', () => {
    expect(found('Donetsk People said')).toEqual([['Donetsk', 'place:donetsk']]);
  });

  it('never matches inside a word', () => {
    expect(found('Moscowitz wrote on Kremlinology and USAID.')).toEqual([]);
    expect(found('Moscow-based analysts')).toEqual([['Moscow', 'place:moscow']]);
  });

  it('respects the case of the alias', () => {
    expect(found('let us go, or US troops')).toEqual([['US', 'place:united-states']]);
    expect(found('Us and the us')).toEqual([]);
    expect(found('a putin moment in moscow')).toEqual([]);
  });

  it('accepts all-caps headlines but not lower case for capitalised words', () => {
    expect(found('PUTIN MEETS NATO CHIEF IN MOSCOW')).toEqual([
      ['PUTIN', 'person:vladimir-putin'],
      ['NATO', 'organization:nato'],
      ['MOSCOW', 'place:moscow'],
    ]);
    expect(found('the Nato summit')).toEqual([]);
  });

  it('lets lower-case alias words match any case', () => {
    expect(found('the Donetsk Region governor')).toEqual([['Donetsk Region', 'place:donetsk-oblast']]);
  });

  it('leaves a leading lower-case "the" of an alias out of the mention, but keeps a capital "The" of a name', () => {
    expect(found('the Kremlin said')).toEqual([['Kremlin', 'organization:kremlin']]);
    expect(found('The Kremlin said')).toEqual([['Kremlin', 'organization:kremlin']]);
    const hague = Matcher.load(
      buildMatcherIndex([{ id: 'place:the-hague', kind: 'place', name: 'The Hague', aliases: [] }]),
    );
    expect(hague.find('talks in The Hague').map((m) => m.text)).toEqual(['The Hague']);
    expect(hague.find('a Hague ruling')).toEqual([]);
  });

  it('demands exact capitalisation for ambiguous aliases', () => {
    expect(found('a nice day in Nice')).toEqual([['Nice', 'place:nice']]);
    expect(found('NICE GUIDANCE')).toEqual([]);
  });

  it('joins words across hyphens, apostrophes and abbreviation periods', () => {
    expect(found('in Ivano-Frankivsk and Ivano Frankivsk')).toEqual([
      ['Ivano-Frankivsk', 'place:ivano-frankivsk'],
      ['Ivano Frankivsk', 'place:ivano-frankivsk'],
    ]);
    expect(found('St. Petersburg and St Petersburg')).toEqual([
      ['St. Petersburg', 'place:saint-petersburg'],
      ['St Petersburg', 'place:saint-petersburg'],
    ]);
    expect(found('said J. D. Vance and J.D. Vance')).toEqual([
      ['J. D. Vance', 'person:jd-vance'],
      ['J.D. Vance', 'person:jd-vance'],
    ]);
    expect(found('U.S. officials said')).toEqual([['U.S.', 'place:united-states']]);
    expect(found('Troops left the U.S.')).toEqual([['U.S.', 'place:united-states']]);
    expect(found('St. Petersburg.')).toEqual([['St. Petersburg', 'place:saint-petersburg']]);
  });

  it('does not join words across sentence breaks, commas or blank lines', () => {
    expect(found('Fighting in Donetsk. Region officials')).toEqual([['Donetsk', 'place:donetsk']]);
    expect(found('Donetsk, region')).toEqual([['Donetsk', 'place:donetsk']]);
    expect(found('Vladimir,\nPutin')).toEqual([['Putin', 'person:vladimir-putin']]);
    expect(found('Donetsk\n\nregion')).toEqual([['Donetsk', 'place:donetsk']]);
    expect(found('Donetsk\nregion')).toEqual([['Donetsk\nregion', 'place:donetsk-oblast']]);
  });

  it('orders the entities sharing an alias: own name, prominence, kind, id', () => {
    const [m] = matcher.find('Georgia voted');
    expect(m?.id).toBe('place:georgia-country');
    expect(m?.alternatives).toEqual(['place:georgia-us-state', 'person:georgia-meloni']);
  });

  it('breaks remaining ties by kind, then id', () => {
    const tied = Matcher.load(
      buildMatcherIndex([
        { id: 'event:b', kind: 'event', name: 'Avalon', aliases: [] },
        { id: 'person:z', kind: 'person', name: 'Avalon', aliases: [] },
        { id: 'place:y', kind: 'place', name: 'Avalon', aliases: [] },
        { id: 'place:x', kind: 'place', name: 'Avalon', aliases: [] },
      ]),
    );
    const [m] = tied.find('Avalon');
    expect([m?.id, ...(m?.alternatives ?? [])]).toEqual(['place:x', 'place:y', 'person:z', 'event:b']);
  });

  it('lists an entity once even when several of its aliases fold to the same words', () => {
    const m = Matcher.load(
      buildMatcherIndex([
        { id: 'place:a', kind: 'place', name: 'Avdiïvka', aliases: ['Avdiivka', 'AVDIIVKA'] },
        { id: 'place:b', kind: 'place', name: 'Other', aliases: ['Avdiivka'] },
      ]),
    );
    expect(m.find('Avdiivka')[0]).toMatchObject({ id: 'place:a', alternatives: ['place:b'] });
  });

  it('finds nothing in text without names', () => {
    expect(matcher.find('')).toEqual([]);
    expect(matcher.find('…, 2024 — !')).toEqual([]);
  });
});

describe('Matcher lookups', () => {
  it('describes an entity by id', () => {
    expect(matcher.entity('place:moscow')).toEqual({ id: 'place:moscow', kind: 'place', name: 'Moscow', prominence: 90, population: 0, countries: [] });
    expect(matcher.entity('place:atlantis')).toBeUndefined();
  });

  it('keeps the facts the resolver weighs: place type, latest population, region, countries', () => {
    const m = Matcher.load(
      buildMatcherIndex([
        { id: 'place:ukraine', kind: 'place', name: 'Ukraine', aliases: [], placeType: 'country' },
        { id: 'place:kharkiv-oblast', kind: 'place', name: 'Kharkiv Oblast', aliases: [], placeType: 'region', country: 'place:ukraine' },
        {
          id: 'place:kharkiv',
          kind: 'place',
          name: 'Kharkiv',
          aliases: [],
          placeType: 'city',
          country: 'place:ukraine',
          region: 'place:kharkiv-oblast',
          population: [
            { value: 1_433_886, year: 2021, source: 'census' },
            { value: 1_421_125, year: 2022, source: 'estimate' },
            { value: 1_400_000, year: 2001, source: 'old census' },
          ],
        },
        { id: 'person:a', kind: 'person', name: 'Anna Example', aliases: [], countries: ['place:ukraine', 'place:atlantis', 'place:ukraine'] },
        { id: 'organization:b', kind: 'organization', name: 'Beta Group', aliases: [], country: 'place:atlantis' },
      ]),
    );
    expect(m.entity('place:kharkiv')).toEqual({
      id: 'place:kharkiv',
      kind: 'place',
      name: 'Kharkiv',
      prominence: 0,
      placeType: 'city',
      population: 1_421_125,
      countries: ['place:ukraine'],
      region: 'place:kharkiv-oblast',
    });
    expect(m.entity('place:ukraine')).toMatchObject({ placeType: 'country', countries: [] });
    // Unknown references are left out, repeated ones kept once.
    expect(m.entity('person:a')).toMatchObject({ countries: ['place:ukraine'], population: 0 });
    expect(m.entity('person:a')?.placeType).toBeUndefined();
    expect(m.entity('organization:b')?.countries).toEqual([]);
  });

  it('lists every candidate of a match with how the words named it', () => {
    const [georgia] = matcher.findCandidates('Georgia');
    expect(georgia).toMatchObject({ start: 0, end: 7, text: 'Georgia', tokenCount: 1 });
    expect(georgia!.candidates.map((c) => [c.id, c.isName, c.exact])).toEqual([
      ['place:georgia-country', true, false],
      ['place:georgia-us-state', true, false],
      ['person:georgia-meloni', false, false],
    ]);
    expect(matcher.findCandidates('in Nice')[0]!.candidates.map((c) => [c.exact, c.capitals])).toEqual([[true, false]]);
    expect(matcher.findCandidates('the Donetsk region')[0]!.tokenCount).toBe(2);
  });

  it('offers ambiguous aliases written in capitals to the resolver only', () => {
    expect(matcher.find('NICE — The city said.')).toEqual([]);
    expect(matcher.findCandidates('NICE — The city said.')).toEqual([
      {
        start: 0,
        end: 4,
        text: 'NICE',
        tokenCount: 1,
        candidates: [{ id: 'place:nice', kind: 'place', prominence: 30, entity: 8, isName: true, exact: true, capitals: true }],
      },
    ]);
    expect(matcher.findCandidates('NiCE or nice')).toEqual([]);
  });

  it('counts entities and alias forms', () => {
    const m = Matcher.load(
      buildMatcherIndex([
        { id: 'place:a', kind: 'place', name: 'Alpha', aliases: ['Alfa', 'Alpha'] },
        { id: 'place:b', kind: 'place', name: 'Beta', aliases: [] },
      ]),
    );
    expect(m.size).toEqual({ entities: 2, aliases: 3 });
  });
});

describe('buildMatcherIndex', () => {
  it('produces structured-cloneable data that loads after a clone', () => {
    const data = buildMatcherIndex(ENTITIES);
    const copy = structuredClone(data);
    expect(copy).toEqual(data);
    expect(found('Putin in Avdiïvka', Matcher.load(copy))).toEqual([
      ['Putin', 'person:vladimir-putin'],
      ['Avdiïvka', 'place:avdiivka'],
    ]);
  });

  it('indexes every prefix of a multi-word alias, with no variants of its own', () => {
    const data = buildMatcherIndex([{ id: 'place:a', kind: 'place', name: 'Bosnia and Herzegovina', aliases: [] }]);
    expect(data.keys).toBe('bosnia\nbosnia and\nbosnia and herzegovina');
    expect([...data.firstVariant]).toEqual([0, 0, 0, 1]);
    expect(data.maxTokens).toBe(3);
    const flags = data.variantFlags[0]!;
    expect([0, 1, 2].map((t) => caseRuleOf(flags, t))).toEqual([CASE_CAPITAL, CASE_ANY, CASE_CAPITAL]);
    expect(flags & FLAG_IS_NAME).toBe(FLAG_IS_NAME);
  });

  it('keeps the exact form of ambiguous aliases only', () => {
    const data = buildMatcherIndex([{ id: 'place:nice', kind: 'place', name: 'Nice', aliases: ['Côte Nice'], ambiguous: ['NICE'] }]);
    expect(data.exactForms).toEqual(['Nice']);
    expect(data.variantFlags.filter((f) => f & FLAG_EXACT)).toHaveLength(1);
  });

  it('leaves out aliases with no word or too many words', () => {
    const long = Array.from({ length: MAX_ALIAS_TOKENS + 1 }, (_, i) => `W${i}`).join(' ');
    const m = Matcher.load(buildMatcherIndex([{ id: 'place:a', kind: 'place', name: 'Alpha', aliases: ['—', long] }]));
    expect(m.size.aliases).toBe(1);
    expect(m.find(long)).toEqual([]);
  });

  it('loads an empty index', () => {
    const m = Matcher.load(buildMatcherIndex([]));
    expect(m.size).toEqual({ entities: 0, aliases: 0 });
    expect(m.find('Anything at all')).toEqual([]);
  });

  it('merges the aliases of an id seen twice', () => {
    const m = Matcher.load(
      buildMatcherIndex([
        { id: 'place:a', kind: 'place', name: 'Alpha', aliases: [] },
        { id: 'place:a', kind: 'place', name: 'Alpha again', aliases: ['Alfa'] },
      ]),
    );
    expect(m.size.entities).toBe(1);
    expect(m.find('Alfa')[0]?.id).toBe('place:a');
  });

  it('rejects data of another format', () => {
    const data = { ...buildMatcherIndex([]), formatVersion: MATCHER_INDEX_FORMAT + 1 } as unknown as Parameters<typeof Matcher.load>[0];
    expect(() => Matcher.load(data)).toThrow(/format/);
  });
});
