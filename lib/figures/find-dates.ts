/**
 * Date phrases: "December 29", "29 December 2023", "January 2 and 8", "in May", "on Tuesday",
 * "last week", "since fall 2022", "in 2014", "2024-01-09". Each becomes one `date` figure with the
 * date it names, read against the article date by `dates.ts`. A list of days ("January 2 and 8")
 * gives one figure per day, so each has its own date and its own card.
 */
import type { Figure } from '../messages';
import {
  MONTH_NAMES,
  SEASON_WORDS,
  WEEKDAY_NAMES,
  describeDate,
  describeSeason,
  isoDate,
  monthShift,
  resolveMonth,
  resolveMonthDay,
  resolveSeason,
  resolveWeekday,
  weekStart,
  addDays,
  type Direction,
  type Season,
} from './dates';

const MONTH = `(?:${MONTH_NAMES.join('|')}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.)`;
const YEAR = '(?:1[89]\\d\\d|20\\d\\d|21\\d\\d)';
const ORDINAL = '(?:st|nd|rd|th)?';
const DAY_END = '(?![\\p{L}\\p{N}]|[.:]\\p{N})';
const LIST_SEPARATOR = '(?:,\\s*|\\s+(?:and|or|&)\\s+|,\\s+(?:and|or)\\s+)';
const END = '(?![\\p{L}\\p{N}])';

/** "December 29", "Dec. 29, 2023", "January 2 and 8", "January 2, 5 and 8, 2024". */
const MONTH_DAY = new RegExp(
  `\\b(?<month>${MONTH})\\s+(?<days>\\d{1,2}${ORDINAL}(?:(?:,\\s*\\d{1,2}${ORDINAL})*${LIST_SEPARATOR}\\d{1,2}${ORDINAL})?)${DAY_END}(?:,?\\s+(?<year>${YEAR})${END})?`,
  'gu',
);
/** "29 December", "29th of December 2023", "2 and 8 January". */
const DAY_MONTH = new RegExp(
  `(?<![\\p{L}\\p{N}.,:/$€£\\-])(?<days>(?:\\d{1,2}${ORDINAL}${LIST_SEPARATOR})*\\d{1,2}${ORDINAL})\\s+(?:of\\s+)?(?<month>${MONTH})(?!\\p{L})(?:,?\\s+(?<year>${YEAR})${END})?`,
  'gu',
);
/** "January 2023", "May of 2024". */
const MONTH_YEAR = new RegExp(`\\b(?<month>${MONTH})\\s+(?:of\\s+)?(?<year>${YEAR})${END}`, 'gu');
/** A month named alone needs a word that makes it a date: "in May", "since October", "mid-January". */
const MONTH_ALONE = new RegExp(
  `(?<lead>\\b(?:[Ii]n|[Ss]ince|[Ff]rom|[Uu]ntil|[Tt]ill|[Bb]y|[Bb]efore|[Aa]fter|[Tt]hrough|[Dd]uring|of|[Ee]arly|[Ll]ate|[Ll]ast|[Nn]ext|[Tt]his|[Bb]etween|to)\\s+|\\bmid-)(?<month>${MONTH_NAMES.join('|')})(?!\\p{L}|\\s+(?:of\\s+)?\\d)`,
  'gu',
);
/** Leads strong enough for "May", which is also a verb and a name. */
const MAY_LEADS = /^(?:in|since|from|until|till|by|during|early|late|last|next|this|mid-)$/;
const WEEKDAY = new RegExp(`\\b(?:(?<relative>[Ll]ast|[Nn]ext|[Tt]his)\\s+)?(?<weekday>${WEEKDAY_NAMES.join('|')})(?!\\p{L})`, 'gu');
/** Named days that are not a date of this week: "Good Friday", "Black Friday", "Bloody Sunday". */
const NAMED_DAY_BEFORE = /\b(?:Black|Good|Bloody|Holy|Easter|Palm|Ash|Super|Cyber|Maundy|Shrove|Orthodox)\s+$/u;
/** A weekday followed by its full date ("Tuesday, January 9"): the date figure says it all. */
const FULL_DATE_AFTER = new RegExp(`^,?\\s+(?:${MONTH}\\s+\\d|\\d{1,2}${ORDINAL}\\s+(?:of\\s+)?${MONTH})`, 'u');
const RELATIVE_PERIOD = /\b(?<relative>last|next|this)\s+(?<period>week|month|year)(?!\p{L})/giu;
const SEASON = new RegExp(
  `\\b(?:(?<relative>last|next|this)\\s+)?(?<season>spring|summer|fall|autumn|winter)(?:\\s+(?:of\\s+)?(?<year>${YEAR})${END})?(?!\\p{L})`,
  'giu',
);
/** A capitalized word right before a season word makes a name of it ("Arab Spring"), unless it is a plain lead ("The summer of 2023"). */
const NAME_BEFORE = /(?<!\p{L})(?!(?:The|In|Since|By|From|Until|Till|During|Through|Over|After|Before|Early|Late|Throughout)\s)\p{Lu}\p{L}*\s+$/u;
/** Words that make a season word without a year a date: "in the summer", "since the spring". */
const SEASON_LEAD_BEFORE = /\b(?:in|since|from|until|till|by|before|after|through|during|over|throughout)\s+(?:the\s+)?(?:(?:early|late)\s+)?$/iu;
/** A year needs a word that makes it a date ("in 2014", "since 2014", "until at least 2030"); a bare 2022 is not a figure. */
const YEAR_WITH_LEAD = new RegExp(
  `(?:\\b(?:in|since|from|until|till|by|before|after|through|during|of|between|around|circa|early|late|as\\s+of)\\s+(?:at\\s+least\\s+)?|\\bmid-)(?<year>${YEAR})(?![\\p{L}\\p{N}]|\\/\\p{N})`,
  'giu',
);
const MORE_YEARS = new RegExp(`(?:,\\s*|\\s+(?:and|or|to|through|until)\\s+|\\s*[-–]\\s*)(?<year>${YEAR})${END}`, 'uy');
const ISO_DATE = /(?<![\p{N}-])(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})(?![\p{N}-])/gu;

/** Words before a date that change what it means, kept in the context: "since", "until at least", "early". */
const RELATION_BEFORE = /\b(?<relation>(?:since|until|till|by|before|after|from|through)(?:\s+(?:at\s+least|as\s+early\s+as))?)?\s*(?:the\s+)?(?<part>early|late|mid-)?\s*$/iu;

const monthIndex = (name: string) => MONTH_NAMES.findIndex((month) => month.startsWith(name.slice(0, 3))) + 1;

export function findDates(text: string, articleDate?: string): Figure[] {
  return [
    ...findMonthDays(text, articleDate),
    ...findDayMonths(text, articleDate),
    ...findMonthYears(text),
    ...findMonthsAlone(text, articleDate),
    ...findWeekdays(text, articleDate),
    ...findRelativePeriods(text, articleDate),
    ...findSeasons(text, articleDate),
    ...findYears(text),
    ...findIsoDates(text),
  ];
}

function findMonthDays(text: string, articleDate: string | undefined): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(MONTH_DAY)) {
    const { month, days, year } = match.groups as { month: string; days: string; year?: string };
    const daysStart = match.index + match[0].indexOf(days, month.length);
    let first = true;
    for (const day of daysIn(days, daysStart)) {
      const start = first ? match.index : day.start;
      const end = day.last && year ? match.index + match[0].length : day.end;
      const figure = monthDayFigure(text, start, end, monthIndex(month), day.value, year, articleDate);
      if (figure) figures.push(figure);
      first = false;
    }
  }
  return figures;
}

function findDayMonths(text: string, articleDate: string | undefined): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(DAY_MONTH)) {
    const { month, days, year } = match.groups as { month: string; days: string; year?: string };
    for (const day of daysIn(days, match.index)) {
      const end = day.last ? match.index + match[0].length : day.end;
      const figure = monthDayFigure(text, day.start, end, monthIndex(month), day.value, year, articleDate);
      if (figure) figures.push(figure);
    }
  }
  return figures;
}

/** The day numbers of "2, 5 and 8" with their offsets (from `offset`, where the list starts). */
function daysIn(list: string, offset: number): Array<{ value: number; start: number; end: number; last: boolean }> {
  const days = [...list.matchAll(/\d{1,2}(?:st|nd|rd|th)?/g)];
  return days.map((day, i) => ({
    value: Number.parseInt(day[0], 10),
    start: offset + day.index,
    end: offset + day.index + day[0].length,
    last: i === days.length - 1,
  }));
}

function monthDayFigure(
  text: string,
  start: number,
  end: number,
  month: number,
  day: number,
  year: string | undefined,
  articleDate: string | undefined,
): Figure | undefined {
  if (day < 1 || day > 31) return undefined;
  let date: string | undefined;
  if (year) {
    date = isoDate(Number(year), month, day);
    if (!date) return undefined;
  } else if (articleDate) {
    date = resolveMonthDay(month, day, articleDate, directionAt(text, start));
    if (!date) return undefined;
  } else if (!isoDate(2024, month, day)) {
    return undefined; // February 30
  }
  const context = date ? describeDate(date) : `${day} ${MONTH_NAMES[month - 1]} (year not stated)`;
  return dateFigure(text, start, end, date, context);
}

function findMonthYears(text: string): Figure[] {
  return [...text.matchAll(MONTH_YEAR)].map((match) => {
    const { month, year } = match.groups as { month: string; year: string };
    const date = `${year}-${String(monthIndex(month)).padStart(2, '0')}`;
    return dateFigure(text, match.index, match.index + match[0].length, date, describeDate(date));
  });
}

function findMonthsAlone(text: string, articleDate: string | undefined): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(MONTH_ALONE)) {
    const { lead, month } = match.groups as { lead: string; month: string };
    const leadWord = lead.trim().toLowerCase();
    if (month === 'May' && !MAY_LEADS.test(leadWord)) continue;
    const relative = /^(?:last|next|this)$/.test(leadWord) ? leadWord : undefined;
    const start = relative ? match.index : match.index + lead.length;
    const end = match.index + match[0].length;
    const index = monthIndex(month);
    let date: string | undefined;
    if (articleDate) {
      date =
        relative === 'this'
          ? `${articleDate.slice(0, 4)}-${String(index).padStart(2, '0')}`
          : resolveMonth(index, articleDate, relative === 'last' ? 'previous' : relative === 'next' ? 'next' : directionAt(text, start));
    }
    figures.push(dateFigure(text, start, end, date, date ? describeDate(date) : `${month} (year not stated)`));
  }
  return figures;
}

function findWeekdays(text: string, articleDate: string | undefined): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(WEEKDAY)) {
    const { relative, weekday } = match.groups as { relative?: string; weekday: string };
    const end = match.index + match[0].length;
    if (NAMED_DAY_BEFORE.test(text.slice(Math.max(0, match.index - 20), match.index))) continue;
    if (FULL_DATE_AFTER.test(text.slice(end, end + 30))) continue;
    const relation = relative?.toLowerCase();
    const direction: Direction = relation === 'last' ? 'previous' : relation === 'next' ? 'next' : directionAt(text, match.index);
    const date = articleDate ? resolveWeekday(WEEKDAY_NAMES.indexOf(weekday), articleDate, direction) : undefined;
    figures.push(dateFigure(text, match.index, end, date, date ? describeDate(date) : `${weekday} (no article date)`));
  }
  return figures;
}

function findRelativePeriods(text: string, articleDate: string | undefined): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(RELATIVE_PERIOD)) {
    const { relative, period } = match.groups as { relative: string; period: string };
    // "over the last year" is a rolling twelve months, not the previous calendar year.
    if (/\bthe\s+$/i.test(text.slice(Math.max(0, match.index - 10), match.index))) continue;
    const shift = { last: -1, this: 0, next: 1 }[relative.toLowerCase() as 'last' | 'this' | 'next'];
    const end = match.index + match[0].length;
    let date: string | undefined;
    let context: string;
    if (!articleDate) {
      context = `${match[0]} (no article date)`;
    } else if (period.toLowerCase() === 'week') {
      date = weekStart(articleDate, shift);
      context = `the week of ${describeDate(date)} to ${describeDate(addDays(date, 6))}`;
    } else if (period.toLowerCase() === 'month') {
      date = monthShift(articleDate, shift);
      context = describeDate(date);
    } else {
      date = String(Number(articleDate.slice(0, 4)) + shift);
      context = date;
    }
    figures.push(dateFigure(text, match.index, end, date, context));
  }
  return figures;
}

function findSeasons(text: string, articleDate: string | undefined): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(SEASON)) {
    const { relative, season: word, year } = match.groups as { relative?: string; season: string; year?: string };
    const before = text.slice(Math.max(0, match.index - 30), match.index);
    const end = match.index + match[0].length;
    // "Arab Spring", "Prague Spring of 1968": a name, not a season.
    if (!relative && NAME_BEFORE.test(before)) continue;
    // "the fall of Bakhmut", "prices fall": a season word without a year needs a lead and no "of".
    if (!year && !relative && (!SEASON_LEAD_BEFORE.test(before) || /^\s+of\b/.test(text.slice(end, end + 5)))) continue;
    const season = SEASON_WORDS[word.toLowerCase()];
    if (!season) continue;
    const relation = relative?.toLowerCase();
    let date: string | undefined;
    if (year) date = resolveSeason(season, articleDate, Number(year));
    else if (articleDate) date = resolveThisSeason(season, articleDate, relation, directionAt(text, match.index));
    const name = season === 'autumn' && word.toLowerCase() === 'fall' ? 'autumn' : season;
    const context = date ? `${name} ${date.slice(0, 4)} (${describeSeason(date)})` : `${name} (no article date)`;
    figures.push(dateFigure(text, match.index, end, date, context));
  }
  return figures;
}

/** "this summer" is the summer under way, or else the one of the article's year; "last"/"next" step from the article date. */
function resolveThisSeason(season: Season, articleDate: string, relation: string | undefined, direction: Direction): string | undefined {
  if (relation === 'last') return resolveSeason(season, articleDate, undefined, 'previous');
  if (relation === 'next') return resolveSeason(season, articleDate, undefined, 'next');
  if (relation === 'this') {
    const current = resolveSeason(season, articleDate, undefined, 'past');
    if (current && monthShift(`${current}-01`, 2) >= articleDate.slice(0, 7)) return current;
    return resolveSeason(season, articleDate, undefined, 'future');
  }
  return resolveSeason(season, articleDate, undefined, direction);
}

function findYears(text: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(YEAR_WITH_LEAD)) {
    const year = match.groups?.year;
    if (!year) continue;
    let start = match.index + match[0].length - year.length;
    let end = start + year.length;
    figures.push(dateFigure(text, start, end, year, year));
    MORE_YEARS.lastIndex = end;
    for (let more = MORE_YEARS.exec(text); more?.groups?.year; more = MORE_YEARS.exec(text)) {
      end = MORE_YEARS.lastIndex;
      start = end - more.groups.year.length;
      figures.push(dateFigure(text, start, end, more.groups.year, more.groups.year));
    }
  }
  return figures;
}

function findIsoDates(text: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(ISO_DATE)) {
    const { year, month, day } = match.groups as { year: string; month: string; day: string };
    const date = isoDate(Number(year), Number(month), Number(day));
    if (date) figures.push(dateFigure(text, match.index, match.index + match[0].length, date, describeDate(date)));
  }
  return figures;
}

function dateFigure(text: string, start: number, end: number, date: string | undefined, reading: string): Figure {
  const relation = RELATION_BEFORE.exec(text.slice(Math.max(0, start - 40), start))?.groups ?? {};
  const prefix = [relation.relation?.toLowerCase().replace(/\s+/g, ' '), relation.part?.toLowerCase()].filter(Boolean).join(' ');
  const context = prefix ? `${prefix}${prefix.endsWith('-') ? '' : ' '}${reading}` : reading;
  const figure: Figure = { start, end, text: text.slice(start, end), type: 'date', value: null, context };
  if (date) figure.date = date;
  return figure;
}

/** Future markers in the clause before a date ("will meet on Tuesday", "pushed back to January 19"), or anywhere in a sentence the date opens ("On Tuesday, ministers will meet"). */
const FUTURE = /(?:\b(?:will|shall|upcoming|scheduled|postponed|delayed|rescheduled|pushed\s+back|put\s+off)\b|['’]ll\b|\b(?:is|are)\s+(?:set|due|scheduled|expected|going)\s+to\b)/i;

function directionAt(text: string, start: number): Direction {
  const sentenceStart = Math.max(0, ...['.', '!', '?', '\n'].map((mark) => text.lastIndexOf(mark, start - 1) + 1));
  const clauseStart = Math.max(sentenceStart, ...[',', ';', ':', '"', '“', '”'].map((mark) => text.lastIndexOf(mark, start - 1) + 1));
  if (FUTURE.test(text.slice(Math.max(clauseStart, start - 100), start))) return 'future';
  const opensSentence = /^\s*(?:\p{L}+\s+)?$/u.test(text.slice(sentenceStart, start));
  if (opensSentence) {
    const rest = text.slice(start, start + 200);
    const sentenceEnd = rest.search(/[.!?\n]/);
    if (FUTURE.test(sentenceEnd < 0 ? rest : rest.slice(0, sentenceEnd))) return 'future';
  }
  return 'past';
}
