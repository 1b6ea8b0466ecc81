import { describe, expect, it } from 'vitest';
import { foldToken, isJoinable, stripDiacritics, TokenReader, tokenize } from '../../lib/text/normalize';

describe('foldToken', () => {
  it('lower-cases ASCII', () => {
    expect(foldToken('NATO')).toBe('nato');
    expect(foldToken('Putin')).toBe('putin');
  });

  it('drops diacritics, composed or decomposed', () => {
    expect(foldToken('Avdiïvka')).toBe('avdiivka');
    expect(foldToken('Avdii\u0308vka')).toBe('avdiivka');
    expect(foldToken('Zelenskýy')).toBe('zelenskyy');
    expect(foldToken('İstanbul')).toBe('istanbul');
  });

  it('spells out letters that do not decompose', () => {
    expect(foldToken('Łódź')).toBe('lodz');
    expect(foldToken('Straße')).toBe('strasse');
    expect(foldToken('STRAẞE')).toBe('strasse');
    expect(foldToken('Øresund')).toBe('oresund');
    expect(foldToken('Đoković')).toBe('dokovic');
    expect(foldToken('Ærø')).toBe('aero');
    expect(foldToken('Diyarbakır')).toBe('diyarbakir');
    expect(foldToken('Əliyev')).toBe('aliyev');
  });

  it('keeps non-Latin scripts, folded the same way on both sides', () => {
    expect(foldToken('Київ')).toBe('киів'); // ї is і with a diaeresis
    expect(foldToken('Ёлка')).toBe(foldToken('елка'));
  });
});

describe('stripDiacritics', () => {
  it('keeps the case', () => {
    expect(stripDiacritics('Nice')).toBe('Nice');
    expect(stripDiacritics('Łódź')).toBe('Lodz');
    expect(stripDiacritics('Pu\u00ADtin')).toBe('Putin');
  });
});

describe('tokenize', () => {
  const words = (text: string) => tokenize(text).map((t) => text.slice(t.start, t.end));

  it('yields runs of letters and digits with their offsets', () => {
    const tokens = tokenize('  Avdiïvka, 2024!');
    expect(tokens.map((t) => [t.start, t.end, t.folded])).toEqual([
      [2, 10, 'avdiivka'],
      [12, 16, '2024'],
    ]);
  });

  it('splits at apostrophes, including typographic and modifier ones', () => {
    expect(words("Putin's")).toEqual(['Putin', 's']);
    expect(words('Putin’s')).toEqual(['Putin', 's']);
    expect(words('Podilʼsk')).toEqual(['Podil', 'sk']);
    expect(tokenize('Putin’s')[1]!.gap).toBe('apostrophe');
  });

  it('keeps a soft hyphen inside the word', () => {
    const [token] = tokenize('Pu\u00ADtin said');
    expect(token).toMatchObject({ start: 0, end: 6, folded: 'putin' });
  });

  it('tells the case shape', () => {
    expect(tokenize('Putin NATO region J McCain 2024 ÉLYSÉE').map((t) => t.shape)).toEqual([
      'capital', 'upper', 'lower', 'upper', 'capital', 'lower', 'upper',
    ]);
  });

  it('classifies the gaps before tokens', () => {
    const gaps = (text: string) => tokenize(text).map((t) => t.gap);
    expect(gaps('Donetsk region')).toEqual(['start', 'space']);
    expect(gaps('Donetsk\u00A0region')).toEqual(['start', 'space']);
    expect(gaps('Donetsk\nregion')).toEqual(['start', 'space']);
    expect(gaps('Donetsk\r\n\r\nregion')).toEqual(['start', 'break']);
    expect(gaps('Ivano-Frankivsk')).toEqual(['start', 'hyphen']);
    expect(gaps('Ivano–Frankivsk')).toEqual(['start', 'hyphen']);
    expect(gaps('Donetsk - region')).toEqual(['start', 'break']);
    expect(gaps('Donetsk, region')).toEqual(['start', 'break']);
    expect(gaps('Donetsk. Region')).toEqual(['start', 'break']);
    expect(gaps('St. Petersburg')).toEqual(['start', 'abbreviation']);
    expect(gaps('J. D. Vance')).toEqual(['start', 'abbreviation', 'abbreviation']);
    expect(gaps('U.S. Army')).toEqual(['start', 'abbreviation', 'abbreviation']);
    expect(gaps('to go. Then')).toEqual(['start', 'space', 'break']);
    expect(gaps('St.\nPetersburg')).toEqual(['start', 'break']);
    expect(gaps('page 5. Russia')).toEqual(['start', 'space', 'break']);
  });

  it('marks which gaps a name may span', () => {
    expect(isJoinable('space')).toBe(true);
    expect(isJoinable('hyphen')).toBe(true);
    expect(isJoinable('apostrophe')).toBe(true);
    expect(isJoinable('abbreviation')).toBe(true);
    expect(isJoinable('break')).toBe(false);
    expect(isJoinable('start')).toBe(false);
  });

  it('uses UTF-16 offsets past astral characters', () => {
    const text = '🇺🇦 Kyiv';
    const [token] = tokenize(text);
    expect(text.slice(token!.start, token!.end)).toBe('Kyiv');
  });
});

describe('TokenReader', () => {
  it('reads tokens one by one and stays at the end', () => {
    const reader = new TokenReader('Kyiv, Lviv');
    expect(reader.next()?.folded).toBe('kyiv');
    expect(reader.next()).toMatchObject({ folded: 'lviv', gap: 'break' });
    expect(reader.next()).toBeUndefined();
    expect(reader.next()).toBeUndefined();
  });
});
