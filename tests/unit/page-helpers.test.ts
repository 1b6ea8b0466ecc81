import { describe, expect, it } from 'vitest';
import { periodStatus, populationOn, standingOn, thenAndNow } from '@/lib/page/at-article-date';
import { batchRanges } from '@/lib/page/batches';
import { formatBytes, formatCoordinates, formatCount, formatEventDates, formatPartialDate, humanize } from '@/lib/page/format';
import { formatPeriod } from '@/utils/format';
import { articleDateSlot, chronological } from '@/lib/page/timeline';

describe('format', () => {
  it('writes partial dates as precisely as they are known', () => {
    expect(formatPartialDate('2024')).toBe('2024');
    expect(formatPartialDate('2024-05')).toBe('May 2024');
    expect(formatPartialDate('2024-05-09')).toBe('9 May 2024');
    expect(formatPartialDate('someday')).toBe('someday');
  });

  it('writes periods and event spans', () => {
    expect(formatPeriod('2012-11', '2024-05-12')).toBe('November 2012 – 12 May 2024');
    expect(formatPeriod('2024-05')).toBe('since May 2024');
    expect(formatPeriod(undefined, '2020')).toBe('until 2020');
    expect(formatPeriod()).toBe('');
    expect(formatEventDates('2023-06-04', '2023-11')).toBe('4 June 2023 – November 2023');
    expect(formatEventDates('2023-12-30')).toBe('30 December 2023');
  });

  it('writes numbers, coordinates and codes for people', () => {
    expect(formatCount(339978)).toBe('339,978');
    expect(formatCoordinates(50.5977, 36.5858)).toBe('50.60° N, 36.59° E');
    expect(formatCoordinates(-33.8688, -70.1)).toBe('33.87° S, 70.10° W');
    expect(humanize('capital-district')).toBe('Capital district');
  });

  it('writes dates, numbers, coordinates and sizes the French way for the French interface', () => {
    expect(formatPartialDate('2024-05', 'fr-FR')).toBe('mai 2024');
    expect(formatPartialDate('2024-05-09', 'fr-FR')).toBe('9 mai 2024');
    expect(formatEventDates('2023-06-04', '2023-11', 'fr-FR')).toBe('4 juin 2023 – novembre 2023');
    expect(formatCount(339978, 'fr-FR')).toBe('339\u202f978');
    expect(formatCoordinates(-33.8688, -70.1, 'fr-FR', { north: 'N', south: 'S', east: 'E', west: 'O' })).toBe('33,87° S, 70,10° O');
    expect(formatBytes(48_213, 'fr-FR')).toBe('48,2\u202fko');
    expect(formatBytes(532, 'fr-FR')).toBe('532\u00a0octets');
  });
});

describe('standing on the article date', () => {
  const minister = { from: '2012-11', to: '2024-05-12' };
  const secretary = { from: '2024-05-12' };
  const governor = { from: '1991', to: '1994' };

  it('classifies periods as held, ended or later', () => {
    expect(periodStatus(minister, '2024-01-09')).toBe('held');
    expect(periodStatus(secretary, '2024-01-09')).toBe('later');
    expect(periodStatus(governor, '2024-01-09')).toBe('ended');
    // Hand-over day: both count.
    expect(periodStatus(minister, '2024-05-12')).toBe('held');
    expect(periodStatus(secretary, '2024-05-12')).toBe('held');
  });

  it('sorts newest first and flags roles that ended after the article', () => {
    const standing = standingOn([governor, minister, secretary, { to: '1990' }], '2024-01-09');
    expect(standing.map((s) => s.item)).toEqual([secretary, minister, governor, { to: '1990' }]);
    expect(standing.map((s) => s.endedAfterArticle)).toEqual([false, true, false, false]);
  });
});

describe('timeline order', () => {
  const events = [
    { id: 'election', start: '2024-03-15' },
    { id: 'invasion', start: '2022-02-24' },
    { id: 'strike', start: '2023-12-30' },
    { id: 'year', start: '2024' },
  ];

  it('sorts oldest first and slots the article date after what started on or before it', () => {
    const ordered = chronological(events);
    expect(ordered.map((e) => e.id)).toEqual(['invasion', 'strike', 'year', 'election']);
    expect(articleDateSlot(ordered, '2024-01-09')).toBe(3);
    expect(articleDateSlot(ordered, '2021-01-01')).toBe(0);
    expect(articleDateSlot(ordered, '2025-01-01')).toBe(4);
    expect(articleDateSlot([], '2024-01-09')).toBe(0);
    // An event on the article's own day comes before the marker.
    expect(articleDateSlot([{ start: '2024-01-09' }, { start: '2024-01-10' }], '2024-01-09')).toBe(1);
  });
});

describe('batchRanges', () => {
  it('covers every text in order within the limits', () => {
    expect(batchRanges([10, 10, 10, 10, 10], { maxTexts: 2, maxChars: 1000 })).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
    expect(batchRanges([40, 40, 40], { maxTexts: 100, maxChars: 100 })).toEqual([
      [0, 2],
      [2, 3],
    ]);
  });

  it('gives an oversized text a batch of its own and nothing for nothing', () => {
    expect(batchRanges([5, 500, 5], { maxTexts: 100, maxChars: 100 })).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(batchRanges([])).toEqual([]);
  });
});

describe('thenAndNow and populationOn', () => {
  const roles = [
    { title: 'Minister', from: '2012-11-06', to: '2024-05-12' },
    { title: 'Secretary', from: '2024-05-12' },
    { title: 'Governor', from: '2012-05', to: '2012-11' },
  ];

  it('splits roles into those held on the article date, those begun since and those ended since', () => {
    const result = thenAndNow(roles, '2024-01-09');
    expect(result.then.map((r) => r.title)).toEqual(['Minister']);
    expect(result.since.map((r) => r.title)).toEqual(['Secretary']);
    expect(result.endedSince.map((r) => r.title)).toEqual(['Minister']);
    expect(thenAndNow(roles, '2025-01-01')).toEqual({ then: [roles[1]], since: [], endedSince: [] });
  });

  it('picks the latest population counted by the article year, else the earliest', () => {
    const figures = [{ value: 3, year: 2021 }, { value: 1, year: 2002 }, { value: 2, year: 2010 }];
    expect(populationOn(figures, '2024-01-09')?.value).toBe(3);
    expect(populationOn(figures, '2015-06-01')?.value).toBe(2);
    expect(populationOn(figures, '1990-01-01')?.value).toBe(1);
    expect(populationOn(undefined, '2024-01-09')).toBeUndefined();
  });
});
