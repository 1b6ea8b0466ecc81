import { describe, expect, it } from 'vitest';
import { buildMatcherIndex, Matcher, type MatchableEntity } from '../../lib/matcher';
import { resolveDocument } from '../../lib/resolve';
import { surnameOf } from '../../lib/resolve/follow-ups';
import { closesRegionList } from '../../lib/resolve/region-lists';
import { TextContext } from '../../lib/resolve/text-context';

const pop = (value: number) => [{ value, year: 2020, source: 'test' }];

const ENTITIES: MatchableEntity[] = [
  { id: 'place:united-states', kind: 'place', name: 'United States', aliases: ['US', 'U.S.', 'America'], ambiguous: ['US', 'U.S.', 'America'], placeType: 'country', prominence: 95 },
  { id: 'place:united-kingdom', kind: 'place', name: 'United Kingdom', aliases: ['UK', 'Britain'], ambiguous: ['UK'], placeType: 'country', prominence: 85 },
  { id: 'place:ukraine', kind: 'place', name: 'Ukraine', aliases: [], placeType: 'country', prominence: 85 },
  { id: 'place:georgia', kind: 'place', name: 'Georgia', aliases: [], ambiguous: ['Georgia'], placeType: 'country', population: pop(3_700_000), prominence: 60 },
  { id: 'place:georgia-us', kind: 'place', name: 'Georgia', aliases: [], ambiguous: ['Georgia'], placeType: 'region', country: 'place:united-states', prominence: 40 },
  { id: 'place:tbilisi', kind: 'place', name: 'Tbilisi', aliases: [], placeType: 'city', country: 'place:georgia', population: pop(1_100_000), prominence: 55 },
  { id: 'place:atlanta', kind: 'place', name: 'Atlanta', aliases: [], placeType: 'city', country: 'place:united-states', region: 'place:georgia-us', population: pop(460_000), prominence: 40 },
  { id: 'place:savannah', kind: 'place', name: 'Savannah', aliases: [], placeType: 'city', country: 'place:united-states', region: 'place:georgia-us', population: pop(150_000), prominence: 35 },
  { id: 'place:jordan', kind: 'place', name: 'Jordan', aliases: [], ambiguous: ['Jordan'], placeType: 'country', prominence: 65 },
  { id: 'place:london', kind: 'place', name: 'London', aliases: [], placeType: 'city', country: 'place:united-kingdom', population: pop(8_000_000), prominence: 80 },
  { id: 'place:reading', kind: 'place', name: 'Reading', aliases: [], ambiguous: ['Reading'], placeType: 'city', country: 'place:united-kingdom', population: pop(230_000), prominence: 36 },
  { id: 'place:mobile', kind: 'place', name: 'Mobile', aliases: [], ambiguous: ['Mobile'], placeType: 'city', country: 'place:united-states', population: pop(190_000), prominence: 33 },
  { id: 'place:kharkiv', kind: 'place', name: 'Kharkiv', aliases: [], placeType: 'city', country: 'place:ukraine', region: 'place:kharkiv-oblast', population: pop(1_400_000), prominence: 65 },
  { id: 'place:kharkiv-oblast', kind: 'place', name: 'Kharkiv Oblast', aliases: ['Kharkiv region'], placeType: 'region', country: 'place:ukraine', prominence: 50 },
  { id: 'place:sumy', kind: 'place', name: 'Sumy', aliases: [], placeType: 'city', country: 'place:ukraine', region: 'place:sumy-oblast', population: pop(260_000), prominence: 40 },
  { id: 'place:sumy-oblast', kind: 'place', name: 'Sumy Oblast', aliases: ['Sumy region'], placeType: 'region', country: 'place:ukraine', prominence: 45 },
  { id: 'place:white-house', kind: 'place', name: 'White House', aliases: [], ambiguous: ['White House'], placeType: 'site', country: 'place:united-states', prominence: 50 },
  { id: 'organization:white-house', kind: 'organization', name: 'White House', aliases: [], ambiguous: ['White House'], country: 'place:united-states', prominence: 75 },
  { id: 'person:joe-biden', kind: 'person', name: 'Joe Biden', aliases: ['Biden'], countries: ['place:united-states'], prominence: 90 },
  { id: 'person:vladimir-putin', kind: 'person', name: 'Vladimir Putin', aliases: ['Putin'], prominence: 95 },
  { id: 'person:dmytro-kuleba', kind: 'person', name: 'Dmytro Kuleba', aliases: ['Kuleba'], ambiguous: ['Kuleba'], countries: ['place:ukraine'], prominence: 45 },
  { id: 'person:oleksiy-kuleba', kind: 'person', name: 'Oleksiy Kuleba', aliases: ['Kuleba'], ambiguous: ['Kuleba'], countries: ['place:ukraine'], prominence: 15 },
  { id: 'person:abdullah-ii', kind: 'person', name: 'Abdullah II', aliases: ['King Abdullah II', 'King Abdullah'], countries: ['place:jordan'], prominence: 70 },
  { id: 'person:pope-francis', kind: 'person', name: 'Pope Francis', aliases: ['Francis'], ambiguous: ['Francis'], prominence: 85 },
  { id: 'person:lee-jae-myung', kind: 'person', name: 'Lee Jae-myung', aliases: ['Lee'], ambiguous: ['Lee'], prominence: 75 },
  { id: 'person:lee-hsien-loong', kind: 'person', name: 'Lee Hsien Loong', aliases: ['Lee'], ambiguous: ['Lee'], prominence: 60 },
  { id: 'person:ilir-meta', kind: 'person', name: 'Ilir Meta', aliases: ['Meta'], ambiguous: ['Meta'], prominence: 40 },
  { id: 'person:salome-zourabichvili', kind: 'person', name: 'Salome Zourabichvili', aliases: [], countries: ['place:georgia'], prominence: 50 },
];

const matcher = Matcher.load(buildMatcherIndex(ENTITIES));

/** [text, id] per mention of all the texts, with "?" appended to uncertain ids. */
const resolved = (...texts: string[]) =>
  resolveDocument(matcher, texts)
    .flat()
    .map((m) => [m.text, m.uncertain ? `${m.id}?` : m.id]);

describe('resolveDocument: choosing among candidates', () => {
  it('reads an ambiguous place by the places around it', () => {
    expect(resolved('Crowds filled Tbilisi again. Georgia has been divided for months.')).toEqual([
      ['Tbilisi', 'place:tbilisi'],
      ['Georgia', 'place:georgia'],
    ]);
    expect(resolved('Polls closed in Atlanta. Georgia will count all night.')).toEqual([
      ['Atlanta', 'place:atlanta'],
      ['Georgia', 'place:georgia-us'],
    ]);
  });

  it('lets a person vote for their country', () => {
    expect(resolved('Salome Zourabichvili spoke in Georgia on Monday.')).toEqual([
      ['Salome Zourabichvili', 'person:salome-zourabichvili'],
      ['Georgia', 'place:georgia'],
    ]);
  });

  it('falls back on prominence, and marks a choice uncertain below the margin', () => {
    expect(resolved('The team flew to Georgia on Monday.')).toEqual([['Georgia', 'place:georgia']]);
    const text = 'In Tbilisi and Atlanta, Georgia was the topic.';
    expect(resolved(text)).toEqual([
      ['Tbilisi', 'place:tbilisi'],
      ['Atlanta', 'place:atlanta'],
      ['Georgia', 'place:georgia'],
    ]);
    const georgia = resolveDocument(matcher, [text], { uncertainMargin: 2 })[0]![2];
    expect(georgia).toMatchObject({ id: 'place:georgia', alternatives: ['place:georgia-us'], uncertain: true });
  });

  it('weighs the paragraph of the mention more than the rest of the page', () => {
    expect(resolved('Protests continued in Tbilisi.', 'In Atlanta and Savannah, officials said Georgia would recount.', 'Georgia has a new law, Tbilisi says.')).toEqual([
      ['Tbilisi', 'place:tbilisi'],
      ['Atlanta', 'place:atlanta'],
      ['Savannah', 'place:savannah'],
      ['Georgia', 'place:georgia-us'],
      ['Georgia', 'place:georgia'],
      ['Tbilisi', 'place:tbilisi'],
    ]);
  });

  it('tells a building from the institution in it by the words around', () => {
    expect(resolved('A White House spokesman said talks at the White House went well.')).toEqual([
      ['White House', 'organization:white-house'],
      ['White House', 'place:white-house'],
    ]);
  });

  it('reads bare names in a list closed by "regions" as the regions', () => {
    expect(resolved('Strikes hit Kharkiv and Sumy. Power was cut in the Kharkiv and Sumy regions.')).toEqual([
      ['Kharkiv', 'place:kharkiv'],
      ['Sumy', 'place:sumy'],
      ['Kharkiv', 'place:kharkiv-oblast'],
      ['Sumy', 'place:sumy-oblast'],
    ]);
    expect(resolved('The governor of Kharkiv said the Sumy regional council met.')).toEqual([
      ['Kharkiv', 'place:kharkiv-oblast'],
      ['Sumy', 'place:sumy-oblast'],
    ]);
  });
});

describe('resolveDocument: common words and headlines', () => {
  it('drops a common-word place opening a sentence, keeps it with a cue or its region named', () => {
    expect(resolved('Reading the report, she frowned. Mobile networks were down.')).toEqual([]);
    expect(resolved('She grew up in Reading and moved to London.')).toEqual([
      ['Reading', 'place:reading'],
      ['London', 'place:london'],
    ]);
    // Inside a sentence, a capital plus a page about the same country will do.
    expect(resolved('Trains between London and Reading were cancelled.')).toEqual([
      ['London', 'place:london'],
      ['Reading', 'place:reading'],
    ]);
  });

  it('keeps a country opening a sentence: its name means the country', () => {
    expect(resolved('Jordan reopened the crossing. "Georgia is ready," he said.')).toEqual([
      ['Jordan', 'place:jordan'],
      ['Georgia', 'place:georgia'],
    ]);
  });

  it('drops common words in Title Case lines unless the page supports them', () => {
    expect(resolved('Mobile Readers Find Reading Nice Again', 'A survey found people read more on phones.')).toEqual([]);
    expect(resolved('Rail Strike Hits Reading', 'Commuters in Reading waited for hours.')).toEqual([
      ['Reading', 'place:reading'],
      ['Reading', 'place:reading'],
    ]);
  });

  it('reads ambiguous names in capitals only where datelines and headlines put them', () => {
    expect(resolved('TBILISI, GEORGIA — Protests went on.')).toEqual([
      ['TBILISI', 'place:tbilisi'],
      ['GEORGIA', 'place:georgia'],
    ]);
    expect(resolved('JORDAN — The king spoke.', 'TELL US WHAT YOU THINK')).toEqual([['JORDAN', 'place:jordan']]);
  });

  it('ignores names inside web addresses', () => {
    expect(resolved('source: https://news.example.com/en-US/a/georgia-vote.html')).toEqual([]);
  });
});

describe('resolveDocument: longer names and people', () => {
  it('drops a name glued to an unknown capitalised word', () => {
    expect(resolved('Coach Jordan Ellery said Jordan would host the match.')).toEqual([['Jordan', 'place:jordan']]);
    expect(resolved('She joined Voice of America in 2010.')).toEqual([]);
    expect(resolved('Officials in neighbouring Georgia Tech labs agreed.')).toEqual([]);
  });

  it('drops a place that opens the name of a park, a council or a newspaper', () => {
    expect(resolved('They met in Kharkiv Central Park near the Kharkiv Regional Council and the Kharkiv Post.')).toEqual([]);
    expect(resolved('Kharkiv Governor Oleh spoke; the Kharkiv Government met.')).toEqual([
      ['Kharkiv', 'place:kharkiv'],
      ['Kharkiv', 'place:kharkiv'],
    ]);
  });

  it('keeps a name next to a title, a weekday or a sentence opener', () => {
    expect(resolved('On Monday Putin met US National Security Adviser staff. Neighbouring Georgia agreed.')).toEqual([
      ['Putin', 'person:vladimir-putin'],
      ['US', 'place:united-states'],
      ['Georgia', 'place:georgia'],
    ]);
  });

  it('knows a surname after an unknown first name belongs to someone else, unless a title says otherwise', () => {
    expect(resolved('Hunter Biden spoke to reporters. Biden left early.')).toEqual([]);
    expect(resolved('Hunter Biden spoke to reporters. President Biden did not comment.')).toEqual([['Biden', 'person:joe-biden']]);
    expect(resolved('Joe Biden arrived. Hunter Biden spoke. Biden left.')).toEqual([
      ['Joe Biden', 'person:joe-biden'],
      ['Biden', 'person:joe-biden'],
    ]);
  });

  it('links a shared surname to the person named in full, on any text of the page', () => {
    expect(resolved('Oleksiy Kuleba visited the plant.', 'Kuleba said repairs would take months.')).toEqual([
      ['Oleksiy Kuleba', 'person:oleksiy-kuleba'],
      ['Kuleba', 'person:oleksiy-kuleba'],
    ]);
    // Without a full name: a title picks the better known; nothing at all drops a lesser-known surname.
    expect(resolved('Foreign Minister Kuleba would travel.')).toEqual([['Kuleba', 'person:dmytro-kuleba']]);
    expect(resolved('Officials said Kuleba would travel.')).toEqual([]);
  });

  it('keeps a well-known shared surname but marks the guess uncertain', () => {
    expect(resolved('Talks with Lee covered trade.')).toEqual([['Lee', 'person:lee-jae-myung?']]);
    expect(resolved('Lee Hsien Loong arrived. Talks with Lee covered trade.')).toEqual([
      ['Lee Hsien Loong', 'person:lee-hsien-loong'],
      ['Lee', 'person:lee-hsien-loong'],
    ]);
  });

  it('needs more than a capital for a lesser-known surname that is also a word', () => {
    expect(resolved('Meta said it would appeal.')).toEqual([]);
    expect(resolved('Ilir Meta met reporters. Meta said he would run.')).toEqual([
      ['Ilir Meta', 'person:ilir-meta'],
      ['Meta', 'person:ilir-meta'],
    ]);
  });

  it('takes a given name spelled otherwise than the aliases as a full name', () => {
    expect(resolved('He met Oleksii Kuleba on Friday. Kuleba said the grid was holding.')).toEqual([
      ['Oleksii Kuleba', 'person:oleksiy-kuleba'],
      ['Kuleba', 'person:oleksiy-kuleba'],
    ]);
  });

  it('reads a title in apposition', () => {
    expect(resolved('The foreign minister, Kuleba, declined.')).toEqual([['Kuleba', 'person:dmytro-kuleba']]);
  });

  it('leaves titles out of person mentions', () => {
    expect(resolved('King Abdullah II met Pope Francis in Jordan.')).toEqual([
      ['Abdullah II', 'person:abdullah-ii'],
      ['Francis', 'person:pope-francis'],
      ['Jordan', 'place:jordan'],
    ]);
  });

  it('finds bare follow-ups of names given in full that no alias covers', () => {
    expect(resolved('Salome Zourabichvili vetoed the bill. Zourabichvili said so. Abdullah II agreed; Abdullah flew home.')).toEqual([
      ['Salome Zourabichvili', 'person:salome-zourabichvili'],
      ['Zourabichvili', 'person:salome-zourabichvili'],
      ['Abdullah II', 'person:abdullah-ii'],
      ['Abdullah', 'person:abdullah-ii'],
    ]);
  });
});

describe('TextContext', () => {
  it('tells sentence openers', () => {
    const ctx = new TextContext('Gov. Gladkov said. Then U.S. President Biden "Nice" work?\nLine');
    const opens = ctx.tokens.map((t, i) => [ctx.raw(i), ctx.isSentenceStart(i)] as const).filter(([, open]) => open);
    expect(opens.map(([word]) => word)).toEqual(['Gov', 'Then', 'Nice', 'Line']);
  });

  it('classifies lines as prose, Title Case or capitals', () => {
    const ctx = new TextContext('Biden Hosts Jordan King for White House Talks\nLATEST DEVELOPMENTS:\nPutin met Xi Jinping in Beijing.\nWorld Europe Business');
    expect([0, 46, 67, 100].map((offset) => ctx.lineStyle(offset))).toEqual(['title', 'caps', 'prose', 'title']);
  });

  it('finds web and mail addresses', () => {
    const ctx = new TextContext('See voanews.com/a/x or write to desk@example.org, not Paris.');
    expect([ctx.inAddress(4, 11), ctx.inAddress(32, 36), ctx.inAddress(54, 59)]).toEqual([true, true, false]);
  });
});

describe('helpers', () => {
  it('takes the surname a follow-up would use', () => {
    expect(['Salome Zourabichvili', 'Abdullah II', 'Kim Jong Un', 'Mohammed bin Salman', 'Putin'].map(surnameOf)).toEqual([
      'zourabichvili',
      'abdullah',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('sees a list of names that "regions" closes', () => {
    const ctx = new TextContext('in the Kharkiv, Sumy and Odesa regions; in Kharkiv and other regions');
    const at = (word: string, from = 0) => ctx.tokens.findIndex((t, i) => i >= from && ctx.raw(i) === word);
    expect(closesRegionList(ctx, at('Kharkiv'))).toBe(true);
    expect(closesRegionList(ctx, at('Odesa'))).toBe(true);
    expect(closesRegionList(ctx, at('Kharkiv', 5))).toBe(false);
  });
});
