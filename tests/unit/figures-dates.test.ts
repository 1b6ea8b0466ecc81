import { describe, expect, it } from 'vitest';
import {
  describeSeason,
  figureDateRange,
  resolveMonth,
  resolveMonthDay,
  resolveSeason,
  resolveWeekday,
  weekStart,
} from '../../lib/figures/dates';
import { warDayDate } from '../../lib/figures/war-days';

const TUESDAY = '2024-01-09';

describe('war days', () => {
  it('counts 2022-02-24 as day 1', () => {
    expect(warDayDate(1)).toBe('2022-02-24');
    expect(warDayDate(685)).toBe('2024-01-09');
    expect(warDayDate(1000)).toBe('2024-11-19');
  });
});

describe('resolveMonthDay', () => {
  it('takes the latest such day on or before the article date', () => {
    expect(resolveMonthDay(12, 29, TUESDAY)).toBe('2023-12-29');
    expect(resolveMonthDay(1, 9, TUESDAY)).toBe('2024-01-09');
    expect(resolveMonthDay(1, 10, TUESDAY)).toBe('2023-01-10');
  });

  it('takes the next one when the text looks ahead', () => {
    expect(resolveMonthDay(1, 19, TUESDAY, 'future')).toBe('2024-01-19');
    expect(resolveMonthDay(1, 9, TUESDAY, 'future')).toBe('2024-01-09');
    expect(resolveMonthDay(1, 9, TUESDAY, 'next')).toBe('2025-01-09');
  });

  it('finds the nearest leap year for February 29 and refuses days that do not exist', () => {
    expect(resolveMonthDay(2, 29, '2023-06-01')).toBe('2020-02-29');
    expect(resolveMonthDay(2, 30, TUESDAY)).toBeUndefined();
  });
});

describe('resolveWeekday', () => {
  it('reads a weekday within the article week, on or before its date', () => {
    expect(resolveWeekday(2, TUESDAY)).toBe('2024-01-09'); // Tuesday
    expect(resolveWeekday(1, TUESDAY)).toBe('2024-01-08'); // Monday
    expect(resolveWeekday(3, TUESDAY)).toBe('2024-01-03'); // Wednesday
  });

  it('steps a week for "last" and "next"', () => {
    expect(resolveWeekday(2, TUESDAY, 'previous')).toBe('2024-01-02');
    expect(resolveWeekday(2, TUESDAY, 'next')).toBe('2024-01-16');
    expect(resolveWeekday(2, TUESDAY, 'future')).toBe('2024-01-09');
    expect(resolveWeekday(5, TUESDAY, 'future')).toBe('2024-01-12');
  });
});

describe('months, weeks and seasons', () => {
  it('resolves a month alone and the Monday of a week', () => {
    expect(resolveMonth(10, TUESDAY)).toBe('2023-10');
    expect(resolveMonth(1, TUESDAY)).toBe('2024-01');
    expect(resolveMonth(3, TUESDAY, 'future')).toBe('2024-03');
    expect(weekStart(TUESDAY)).toBe('2024-01-08');
    expect(weekStart(TUESDAY, -1)).toBe('2024-01-01');
    expect(weekStart('2024-01-07', 0)).toBe('2024-01-01'); // a Sunday belongs to the week that began on Monday
  });

  it('starts seasons at their first month; winter Y runs December Y to February Y+1', () => {
    expect(resolveSeason('autumn', TUESDAY, 2022)).toBe('2022-09');
    expect(resolveSeason('winter', TUESDAY, 2023)).toBe('2023-12');
    expect(resolveSeason('winter', '2023-02-10', 2023)).toBe('2022-12');
    expect(resolveSeason('summer', TUESDAY)).toBe('2023-06');
    expect(resolveSeason('winter', TUESDAY, undefined, 'previous')).toBe('2022-12');
    expect(resolveSeason('summer', undefined)).toBeUndefined();
    expect(describeSeason('2022-09')).toBe('September–November 2022');
    expect(describeSeason('2023-12')).toBe('December 2023 – February 2024');
  });
});

describe('figureDateRange', () => {
  it('covers the days the figure names', () => {
    expect(figureDateRange({ date: '2023-12-29', text: 'December 29' })).toEqual({ first: '2023-12-29', last: '2023-12-29' });
    expect(figureDateRange({ date: '2024-01-01', text: 'last week' })).toEqual({ first: '2024-01-01', last: '2024-01-07' });
    expect(figureDateRange({ date: '2022-09', text: 'fall 2022' })).toEqual({ first: '2022-09-01', last: '2022-11-30' });
    expect(figureDateRange({ date: '2023-12', text: 'winter of 2023' })).toEqual({ first: '2023-12-01', last: '2024-02-29' });
    expect(figureDateRange({ date: '2023-10', text: 'October' })).toEqual({ first: '2023-10-01', last: '2023-10-31' });
    expect(figureDateRange({ date: '2014', text: '2014' })).toEqual({ first: '2014-01-01', last: '2014-12-31' });
    expect(figureDateRange({ text: 'Tuesday' })).toBeUndefined();
  });
});
