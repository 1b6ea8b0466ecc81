import { describe, expect, it } from 'vitest';
import {
  comparePartialDates,
  heldOn,
  isFullDate,
  isValidPartialDate,
  mayBeOnOrBefore,
  partialDateToRange,
} from '../../lib/pack/dates';

describe('isValidPartialDate', () => {
  it('accepts years, months and real days', () => {
    for (const date of ['2024', '2024-05', '2024-05-12', '2024-02-29', '2000-02-29', '0001', '9999-12-31']) {
      expect(isValidPartialDate(date), date).toBe(true);
    }
  });

  it('refuses impossible days, bad shapes and non-strings', () => {
    for (const date of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-13', '2024-00', '2024-05-00', '0000', '24', '2024-5', '2024-05-1', '2024/05/12', ' 2024', '2024-05-12T00:00', '']) {
      expect(isValidPartialDate(date), date).toBe(false);
    }
    for (const value of [2024, null, undefined, {}, ['2024']]) expect(isValidPartialDate(value)).toBe(false);
  });

  it('tells full dates from partial ones', () => {
    expect(isFullDate('2024-05-12')).toBe(true);
    expect(isFullDate('2024-05')).toBe(false);
    expect(isFullDate('2024-02-30')).toBe(false);
  });
});

describe('partialDateToRange', () => {
  it('covers the whole year, month or the single day', () => {
    expect(partialDateToRange('2024')).toEqual({ first: '2024-01-01', last: '2024-12-31' });
    expect(partialDateToRange('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(partialDateToRange('2023-02')).toEqual({ first: '2023-02-01', last: '2023-02-28' });
    expect(partialDateToRange('2024-11')).toEqual({ first: '2024-11-01', last: '2024-11-30' });
    expect(partialDateToRange('2024-05-12')).toEqual({ first: '2024-05-12', last: '2024-05-12' });
  });

  it('throws a RangeError on invalid input', () => {
    expect(() => partialDateToRange('2024-13')).toThrow(RangeError);
  });
});

describe('comparePartialDates', () => {
  it('orders chronologically, the narrower first when they start together', () => {
    const shuffled = ['2024', '2023-12-31', '2024-05', '2024-01', '2024-01-01', '2022', '2024-05-12'];
    expect([...shuffled].sort(comparePartialDates)).toEqual([
      '2022',
      '2023-12-31',
      '2024-01-01',
      '2024-01',
      '2024',
      '2024-05',
      '2024-05-12',
    ]);
  });

  it('is zero only for equal dates and antisymmetric', () => {
    expect(comparePartialDates('2024-05', '2024-05')).toBe(0);
    expect(Math.sign(comparePartialDates('2024', '2024-05'))).toBe(-Math.sign(comparePartialDates('2024-05', '2024')));
    expect(comparePartialDates('2024', '2024-01')).not.toBe(0);
  });

  it('never throws: invalid dates sort last', () => {
    expect(['bad', '2024', '1999'].sort(comparePartialDates)).toEqual(['1999', '2024', 'bad']);
  });
});

describe('mayBeOnOrBefore', () => {
  it('allows order that the precision leaves possible', () => {
    expect(mayBeOnOrBefore('2024-05-12', '2024')).toBe(true);
    expect(mayBeOnOrBefore('2024', '2024-01-01')).toBe(true);
    expect(mayBeOnOrBefore('2024-05-12', '2024-05-12')).toBe(true);
  });

  it('refuses order that is certainly wrong, and invalid dates', () => {
    expect(mayBeOnOrBefore('2024-06', '2024-05')).toBe(false);
    expect(mayBeOnOrBefore('2025', '2024-12-31')).toBe(false);
    expect(mayBeOnOrBefore('2024-02-30', '2025')).toBe(false);
  });
});

describe('heldOn', () => {
  const shoiguAtDefence = { from: '2012-11-06', to: '2024-05-12' };
  const belousovAtDefence = { from: '2024-05-14' };

  it('includes both bounds and treats an open end as still holding', () => {
    expect(heldOn(shoiguAtDefence, '2024-01-09')).toBe(true);
    expect(heldOn(shoiguAtDefence, '2012-11-06')).toBe(true);
    expect(heldOn(shoiguAtDefence, '2024-05-12')).toBe(true);
    expect(heldOn(shoiguAtDefence, '2024-05-13')).toBe(false);
    expect(heldOn(shoiguAtDefence, '2012-11-05')).toBe(false);
    expect(heldOn(belousovAtDefence, '2024-01-09')).toBe(false);
    expect(heldOn(belousovAtDefence, '2030-01-01')).toBe(true);
    expect(heldOn({}, '1900-01-01')).toBe(true);
  });

  it('counts days in doubt as possibly held, but not as certainly held', () => {
    const fromYear = { from: '2020' };
    expect(heldOn(fromYear, '2020-03-01')).toBe(true);
    expect(heldOn(fromYear, '2020-03-01', 'certainly')).toBe(false);
    expect(heldOn(fromYear, '2021-01-01', 'certainly')).toBe(true);
    const toMonth = { from: '2020-11-18', to: '2021-09' };
    expect(heldOn(toMonth, '2021-09-30')).toBe(true);
    expect(heldOn(toMonth, '2021-09-15', 'certainly')).toBe(false);
    expect(heldOn(toMonth, '2021-08-31', 'certainly')).toBe(true);
    expect(heldOn(toMonth, '2021-10-01')).toBe(false);
  });

  it('reads a partial query date as the days it covers', () => {
    expect(heldOn(belousovAtDefence, '2024')).toBe(true);
    expect(heldOn(belousovAtDefence, '2024', 'certainly')).toBe(false);
    expect(heldOn(shoiguAtDefence, '2024-05')).toBe(true);
  });

  it('answers false instead of throwing on invalid dates', () => {
    expect(heldOn(shoiguAtDefence, 'yesterday')).toBe(false);
    expect(heldOn({ from: '2020-02-30' }, '2021-01-01')).toBe(false);
  });
});
