import { describe, expect, it } from 'vitest';
import { detectFigures } from '../../lib/figures/detect';
import type { Figure } from '../../lib/messages';

/** A Tuesday. */
const ARTICLE_DATE = '2024-01-09';

/** The figures as [text, type, value, unit, date] rows, for compact exact expectations. */
function rows(text: string, articleDate: string | undefined = ARTICLE_DATE) {
  return detectFigures(text, articleDate).map((f) => [f.text, f.type, f.value, f.unit, f.date]);
}

describe('detectFigures: quantities', () => {
  it('reads a population and a distance in one sentence, with offsets into the text', () => {
    const text = 'Velgrad, a town of 335,000 inhabitants located less than 40 km from the border, was hit again.';
    expect(detectFigures(text, ARTICLE_DATE)).toEqual<Figure[]>([
      { start: 19, end: 38, text: '335,000 inhabitants', type: 'quantity', value: 335000, unit: 'inhabitants', context: 'population: 335,000' },
      { start: 47, end: 62, text: 'less than 40 km', type: 'quantity', value: 40, unit: 'km', context: 'less than 40 km' },
    ]);
  });

  it('takes the counted noun and keeps a casualty phrase after it in the context', () => {
    expect(detectFigures('The ministry put the losses at 315,000 soldiers wounded or killed.')).toEqual<Figure[]>([
      {
        start: 31,
        end: 47,
        text: '315,000 soldiers',
        type: 'quantity',
        value: 315000,
        unit: 'soldiers',
        context: '315,000 soldiers wounded or killed',
      },
    ]);
    expect(rows('Officials counted 315,000 killed or wounded.')).toEqual([
      ['315,000 killed or wounded', 'quantity', 315000, 'killed or wounded', undefined],
    ]);
  });

  it('reads counted people, spelled numbers and vague orders as a floor', () => {
    expect(rows('Officials said 25 people died, five civilians were hurt and dozens dead were reported.')).toEqual([
      ['25 people', 'quantity', 25, 'people', undefined],
      ['five civilians', 'quantity', 5, 'civilians', undefined],
      ['dozens dead', 'quantity', 12, 'dead', undefined],
    ]);
    const [men, fled] = detectFigures('The army wants hundreds of thousands of men, and about 300 people fled.');
    expect(men).toMatchObject({ text: 'hundreds of thousands of men', value: 100000, unit: 'men', context: '100,000 or more men' });
    expect(fled).toMatchObject({ text: 'about 300 people', value: 300, unit: 'people', context: 'about 300 people' });
  });

  it('reads durations in words, one modifier before the noun, and "one" only with a singular person', () => {
    expect(rows('It lasted ten days, then two months; 300 Russian troops left and one person was hurt.')).toEqual([
      ['ten days', 'quantity', 10, 'days', undefined],
      ['two months', 'quantity', 2, 'months', undefined],
      ['300 Russian troops', 'quantity', 300, 'troops', undefined],
      ['one person', 'quantity', 1, 'person', undefined],
    ]);
    expect(rows('The two leaders met three times; one of them left.')).toEqual([]);
  });

  it('normalizes units of length, speed, mass, area, temperature and shares', () => {
    expect(rows('Trains run at 300 km/h over 12 miles; the silo holds 2 million tonnes, 40% of it, or 40 percent.')).toEqual([
      ['300 km/h', 'quantity', 300, 'km/h', undefined],
      ['over 12 miles', 'quantity', 12, 'mi', undefined],
      ['2 million tonnes', 'quantity', 2000000, 't', undefined],
      ['40%', 'quantity', 40, '%', undefined],
      ['40 percent', 'quantity', 40, '%', undefined],
    ]);
    expect(rows('It reached 40 °C on 500 hectares, 20 kg each, 40km away, along a 10-kilometre front.')).toEqual([
      ['40 °C', 'quantity', 40, '°C', undefined],
      ['500 hectares', 'quantity', 500, 'ha', undefined],
      ['20 kg', 'quantity', 20, 'kg', undefined],
      ['40km', 'quantity', 40, 'km', undefined],
      ['10-kilometre', 'quantity', 10, 'km', undefined],
    ]);
  });

  it('reads money with a sign, a scale word or abbreviation, or a currency name', () => {
    const figures = detectFigures('Lawmakers approved $61 billion, then €50 billion, $2.5m, 2.3 billion dollars and 1.5 million hryvnias.');
    expect(figures.map((f) => [f.text, f.value, f.unit, f.context])).toEqual([
      ['$61 billion', 61e9, 'USD', '61 billion US dollars'],
      ['€50 billion', 50e9, 'EUR', '50 billion euros'],
      ['$2.5m', 2.5e6, 'USD', '2.5 million US dollars'],
      ['2.3 billion dollars', 2.3e9, 'USD', '2.3 billion US dollars'],
      ['1.5 million hryvnias', 1.5e6, 'UAH', '1.5 million hryvnias'],
    ]);
  });

  it('reads digits grouped by spaces as one number', () => {
    expect(rows('A town of 335 000 inhabitants; 1\u00A0500 people left.')).toEqual([
      ['335 000 inhabitants', 'quantity', 335000, 'inhabitants', undefined],
      ['1\u00A0500 people', 'quantity', 1500, 'people', undefined],
    ]);
  });

  it('counts "home to", "a city of" and "people living" as inhabitants', () => {
    expect(rows('Velgrad is home to roughly 335,000 people. A city of 335,000 under fire. Some 500 people living there.')).toEqual([
      ['roughly 335,000 people', 'quantity', 335000, 'inhabitants', undefined],
      ['335,000', 'quantity', 335000, 'inhabitants', undefined],
      ['Some 500 people', 'quantity', 500, 'inhabitants', undefined],
    ]);
  });
});

describe('detectFigures: no false figures', () => {
  it('ignores bare years, ordinals, times, phone numbers and version numbers', () => {
    const text =
      'The 2022 plan for the 21st century, released at 14:05, lists +1 202 555 0123 and version 3.1.2 of the app; 1990s politics.';
    expect(detectFigures(text, ARTICLE_DATE)).toEqual([]);
  });

  it('ignores numbers that name things, a year before a plural noun, and words glued to digits', () => {
    expect(rows('Article 5 commitments, Flight 17 victims, page 12 notes, the 2022 elections, 5G networks, F-16s, COVID-19 cases.')).toEqual([]);
  });

  it('ignores a number without a unit or counted noun', () => {
    expect(rows('The vote was 25 to 3, and 1.5 is more than 1.')).toEqual([]);
  });
});

describe('detectFigures: dates', () => {
  it('resolves a date without a year to the latest one on or before the article date', () => {
    expect(detectFigures('Missiles hit the port on December 29.', ARTICLE_DATE)).toEqual<Figure[]>([
      { start: 25, end: 36, text: 'December 29', type: 'date', value: null, date: '2023-12-29', context: 'Friday 29 December 2023' },
    ]);
  });

  it('gives one figure per day of "January 2 and 8", each with its date', () => {
    expect(rows('Strikes followed on January 2 and 8.')).toEqual([
      ['January 2', 'date', null, undefined, '2024-01-02'],
      ['8', 'date', null, undefined, '2024-01-08'],
    ]);
    expect(rows('Talks were held on 2, 5 and 8 January 2023.')).toEqual([
      ['2', 'date', null, undefined, '2023-01-02'],
      ['5', 'date', null, undefined, '2023-01-05'],
      ['8 January 2023', 'date', null, undefined, '2023-01-08'],
    ]);
  });

  it('takes a stated year as written, in either order', () => {
    expect(rows('It began on February 24, 2022 and paused on 29 December 2023, then on 2024-01-05.')).toEqual([
      ['February 24, 2022', 'date', null, undefined, '2022-02-24'],
      ['29 December 2023', 'date', null, undefined, '2023-12-29'],
      ['2024-01-05', 'date', null, undefined, '2024-01-05'],
    ]);
  });

  it('reads a weekday in the week of the article, on or before its date', () => {
    expect(rows('The mayor spoke on Tuesday.')).toEqual([['Tuesday', 'date', null, undefined, '2024-01-09']]);
    expect(rows('The mayor spoke on Wednesday.')).toEqual([['Wednesday', 'date', null, undefined, '2024-01-03']]);
    expect(rows('The mayor spoke last Tuesday.')).toEqual([['last Tuesday', 'date', null, undefined, '2024-01-02']]);
  });

  it('looks ahead only when the text says "next" or "will"', () => {
    expect(rows('The talks will resume on January 19; ministers meet next Tuesday.')).toEqual([
      ['January 19', 'date', null, undefined, '2024-01-19'],
      ['next Tuesday', 'date', null, undefined, '2024-01-16'],
    ]);
    expect(rows('On Friday, the ministers will meet again.')).toEqual([['Friday', 'date', null, undefined, '2024-01-12']]);
    expect(rows('The talks resumed on January 19.')).toEqual([['January 19', 'date', null, undefined, '2023-01-19']]);
  });

  it('reads weeks, months and years relative to the article', () => {
    const figures = detectFigures('Last week the council met; last month it voted; next year it votes again.', ARTICLE_DATE);
    expect(figures.map((f) => [f.text, f.date, f.context])).toEqual([
      ['Last week', '2024-01-01', 'the week of Monday 1 January 2024 to Sunday 7 January 2024'],
      ['last month', '2023-12', 'December 2023'],
      ['next year', '2025', '2025'],
    ]);
  });

  it('reads seasons as the month they start in, with the months in the context', () => {
    const figures = detectFigures('Since fall 2022 the line held; the summer of 2023 and last winter were hard.', ARTICLE_DATE);
    expect(figures.map((f) => [f.text, f.date, f.context])).toEqual([
      ['fall 2022', '2022-09', 'since autumn 2022 (September–November 2022)'],
      ['summer of 2023', '2023-06', 'summer 2023 (June–August 2023)'],
      ['last winter', '2022-12', 'winter 2022 (December 2022 – February 2023)'],
    ]);
    expect(rows('Since the Arab Spring, the fall of the city and prices that fall.')).toEqual([]);
  });

  it('reads a year or a month only after a word that makes it a date', () => {
    const figures = detectFigures('Crimea was seized in 2014; he stays until at least 2030; fighting grew since October.', ARTICLE_DATE);
    expect(figures.map((f) => [f.text, f.date, f.context])).toEqual([
      ['2014', '2014', '2014'],
      ['2030', '2030', 'until at least 2030'],
      ['October', '2023-10', 'since October 2023'],
    ]);
    expect(rows('They may meet in May.')).toEqual([['May', 'date', null, undefined, '2023-05']]);
  });

  it('leaves a weekday out when its full date follows, and named days alone', () => {
    expect(rows('He spoke on Tuesday, January 9, before Good Friday.')).toEqual([['January 9', 'date', null, undefined, '2024-01-09']]);
  });

  it('ignores an article date that names no real day', () => {
    expect(rows('It happened on December 29.', '2024-13-45')).toEqual([['December 29', 'date', null, undefined, undefined]]);
  });

  it('still finds relative dates without an article date, but without a date', () => {
    expect(detectFigures('It happened on December 29 and on Tuesday.')).toEqual<Figure[]>([
      { start: 15, end: 26, text: 'December 29', type: 'date', value: null, context: '29 December (year not stated)' },
      { start: 34, end: 41, text: 'Tuesday', type: 'date', value: null, context: 'Tuesday (no article date)' },
    ]);
  });
});

describe('detectFigures: war days', () => {
  it('counts 2022-02-24 as day 1', () => {
    expect(detectFigures('War in Ukraine, day 685', ARTICLE_DATE)).toEqual<Figure[]>([
      {
        start: 16,
        end: 23,
        text: 'day 685',
        type: 'war-day',
        value: 685,
        date: '2024-01-09',
        context: 'day 685 of the full-scale invasion (began 2022-02-24)',
      },
    ]);
  });

  it('reads "day N of the war" and "the Nth day of the invasion"', () => {
    expect(rows('It was day 685 of the war, the 1,000th day of the full-scale invasion.')).toEqual([
      ['day 685 of the war', 'war-day', 685, undefined, '2024-01-09'],
      ['1,000th day of the full-scale invasion', 'war-day', 1000, undefined, '2024-11-19'],
    ]);
  });

  it('does not count other days', () => {
    expect(rows('On day 3 of the summit; Victory Day 2024; day 4 was calm.')).toEqual([]);
  });
});

describe('detectFigures: the whole', () => {
  it('returns figures in order, without overlaps, each text the slice it names', () => {
    const text =
      'War in Ukraine, day 685. On December 30, one day after strikes killed dozens of people on December 29, ' +
      'a strike on Velgrad killed 25 people. About 300 residents have left since the autumn of 2022.';
    const figures = detectFigures(text, ARTICLE_DATE);
    expect(figures.map((f) => f.text)).toEqual([
      'day 685',
      'December 30',
      'dozens of people',
      'December 29',
      '25 people',
      'About 300 residents',
      'autumn of 2022',
    ]);
    for (const [i, figure] of figures.entries()) {
      expect(text.slice(figure.start, figure.end)).toBe(figure.text);
      if (i > 0) expect(figure.start).toBeGreaterThanOrEqual(figures[i - 1]!.end);
    }
  });
});
