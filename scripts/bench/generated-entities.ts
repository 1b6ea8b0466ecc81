/**
 * A generated pack of invented entities for the benchmarks: by default 100,000 entities with three name
 * forms each (300,000 aliases, the name counted), written the way news names things. Deterministic
 * (seeded), and every word is made up from syllables, so nothing is taken from real data.
 *
 * - people (45%): "Given Surname" (some "Given M. Surname" or a hyphenated double surname), "G. Surname",
 *   "Surname"; surnames are shared between some people, as in life, so some aliases name several entities;
 * - places (35%): "Brakivka", "Nova Brakivka", "St. Brakivka", "Brakivka-on-Sela", with "… region" /
 *   "… district" / "… Oblast" and a second transliteration ("Brakiwka"); a few are listed as ambiguous
 *   (exact case); some carry diacritics ("Brakívka"), which the matcher folds;
 * - organizations (15%): "Stelun Kromir Council" or "Ministry of Stelun Affairs", a short form, an acronym;
 * - events (5%): "Battle of Brakivka", "Brakivka offensive", "Brakivka fighting".
 *
 * `scripts/generated-pack.ts` (used by `npm run measure:apply`) makes a simpler pack of two forms per
 * entity with one-word names; this one is for matcher throughput, where name shapes matter.
 */
import type { Entity, Pack } from '../../lib/pack/types';
import { seededRandom, type Random } from './random';

const ONSETS = ['b', 'br', 'ch', 'd', 'dr', 'g', 'h', 'k', 'kr', 'l', 'm', 'n', 'p', 'pr', 'r', 's', 'sh', 'st', 't', 'tr', 'v', 'z', 'zh', 'y'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'o', 'ia'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'k', 'm'];
/** Accented forms of some vowels and consonants, for names written with diacritics. */
const ACCENTS: Readonly<Record<string, string>> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ü', s: 'š', z: 'ž', l: 'ł', c: 'č' };

const SURNAME_SUFFIXES = ['enko', 'ov', 'ova', 'ski', 'ska', 'son', 'sen', 'ez', 'ich', 'escu', 'ian', 'ashvili', 'uk', 'yan', 'berg', 'er'];
const GIVEN_SUFFIXES = ['a', 'o', 'ir', 'an', 'ia', 'el', 'in', 'ei', 'us', 'ana'];
const PLACE_SUFFIXES = ['ivka', 'grad', 'burg', 'ville', 'ton', 'abad', 'pur', 'sk', 'ovo', 'polis', 'dorf', 'heim', 'ivske', 'ino', 'ka', 'field'];
const PLACE_PREFIXES = ['Nova', 'Velyka', 'Upper', 'Lower', 'Port', 'New', 'Old', 'Mala'];
const PLACE_AFFIXES = ['Lake', 'Mount', 'Cape'];
const ORG_KINDS = ['Council', 'Union', 'Bank', 'Party', 'Front', 'Institute', 'Agency', 'Brigade', 'Movement', 'Authority', 'Company', 'Group', 'Alliance', 'Fund'];
const EVENT_SUFFIXES = ['offensive', 'fighting', 'talks', 'accords', 'crisis'];

const capitalise = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** A pronounceable made-up stem of 2 or 3 syllables ("strakomir"). */
function stem(random: Random): string {
  const syllables = random.chance(0.7) ? 2 : 3;
  let s = '';
  for (let i = 0; i < syllables; i++) s += random.pick(ONSETS) + random.pick(VOWELS) + (i === syllables - 1 ? '' : random.pick(CODAS));
  return s;
}

/** `count` distinct made-up words of the form stem + suffix, capitalised. */
function distinctWords(random: Random, count: number, suffixes: readonly string[], taken: Set<string>): string[] {
  const words: string[] = [];
  while (words.length < count) {
    const w = capitalise(stem(random) + random.pick(suffixes));
    if (taken.has(w)) continue;
    taken.add(w);
    words.push(w);
  }
  return words;
}

/** The word with one letter given a diacritic ("Brakivka" → "Brakívka"); the matcher folds it back. */
function accented(random: Random, word: string): string {
  const positions = [...word].map((ch, i) => (i > 0 && ACCENTS[ch] ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return word;
  const at = random.pick(positions);
  return word.slice(0, at) + ACCENTS[word[at]!]! + word.slice(at + 1);
}

/** Another transliteration of a place word ("Brakivka" → "Brakiwka", "Shostka" → "Szostka"); never the same letters. */
function respelled(word: string): string {
  const rules: Array<[RegExp, string]> = [[/v/, 'w'], [/sh/, 'sz'], [/k(?=a|o|u)/, 'c'], [/i(?=[aeou])/, 'y'], [/zh/, 'z'], [/ch/, 'tsch'], [/o/, 'oh']];
  for (const [from, to] of rules) if (from.test(word)) return word.replace(from, to);
  return `${word}e`;
}

function acronym(words: readonly string[]): string {
  return words.filter((w) => /^[A-Z]/.test(w)).map((w) => w[0]).join('');
}

export interface GeneratedPackOptions {
  /** Number of entities (the pack has three name forms per entity). */
  entities?: number;
  seed?: number;
  id?: string;
}

const SOURCE = 'generated for benchmarks';

/** The generated pack; `entities * 3` alias variants in the matcher index. */
export function generatedEntitiesPack(options: GeneratedPackOptions = {}): Pack {
  const total = options.entities ?? 100_000;
  const random = seededRandom(options.seed ?? 20_260_101);
  const people = Math.round(total * 0.45);
  const places = Math.round(total * 0.35);
  const events = Math.round(total * 0.05);
  const organizations = total - people - places - events;

  const taken = new Set<string>();
  const givenNames = distinctWords(random, Math.max(50, Math.round(people / 18)), GIVEN_SUFFIXES, taken);
  const surnames = distinctWords(random, Math.max(10, Math.round(people * 0.8)), SURNAME_SUFFIXES, taken);
  const placeWords = distinctWords(random, places, PLACE_SUFFIXES, taken);
  const orgWords = distinctWords(random, Math.max(10, organizations), [''], taken);
  const orgWords2 = distinctWords(random, Math.max(10, Math.ceil(organizations / 3)), ['ia', 'an', 'or'], taken);

  const entities: Entity[] = [];
  const prominence = () => random.int(101);

  for (let i = 0; i < people; i++) {
    // Most people have a surname of their own; the rest share one with someone else.
    let surname = i < surnames.length ? surnames[i]! : surnames[random.skewed(surnames.length, 1.5)]!;
    if (random.chance(0.05)) surname = `${surname}-${random.pick(surnames)}`;
    if (random.chance(0.05)) surname = accented(random, surname);
    const given = givenNames[random.skewed(givenNames.length)]!;
    const middle = random.chance(0.08) ? ` ${String.fromCharCode(65 + random.int(26))}.` : '';
    entities.push({
      id: `person:gen-${i}`,
      kind: 'person',
      name: `${given}${middle} ${surname}`,
      aliases: middle ? [`${given} ${surname}`, surname] : [`${given[0]}. ${surname}`, surname],
      description: `Invented person number ${i}.`,
      source: SOURCE,
      prominence: prominence(),
      roles: [{ title: 'Invented official', from: '2020', source: SOURCE }],
    });
  }

  for (let i = 0; i < places; i++) {
    const core = placeWords[i]!;
    const shape = random.next();
    const name =
      shape < 0.6 ? core
      : shape < 0.75 ? `${random.pick(PLACE_PREFIXES)} ${core}`
      : shape < 0.85 ? `St. ${core}`
      : shape < 0.95 ? `${core}-on-${random.pick(placeWords)}`
      : `${random.pick(PLACE_AFFIXES)} ${core}`;
    const written = random.chance(0.05) ? accented(random, name) : name;
    const area = random.pick(['region', 'district', 'Oblast']);
    const ambiguous = name === core && random.chance(0.03);
    entities.push({
      id: `place:gen-${i}`,
      kind: 'place',
      name: written,
      aliases: [`${core} ${area}`, name.replace(core, respelled(core))],
      ...(ambiguous ? { ambiguous: [written] } : {}),
      description: `Invented place number ${i}.`,
      source: SOURCE,
      prominence: prominence(),
      placeType: random.pick(['village', 'town', 'city'] as const),
      population: [{ value: 500 + random.int(500_000), year: 2020, source: SOURCE }],
    });
  }

  for (let i = 0; i < organizations; i++) {
    const a = orgWords[i]!;
    const kind = random.pick(ORG_KINDS);
    let words: string[];
    let short: string;
    if (random.chance(0.2)) {
      words = ['Ministry', 'of', a, 'Affairs'];
      short = `${a} Ministry`;
    } else {
      const b = random.pick(orgWords2);
      words = [a, b, kind];
      short = `${a} ${kind}`;
    }
    entities.push({
      id: `organization:gen-${i}`,
      kind: 'organization',
      name: words.join(' '),
      aliases: [short, acronym(words)],
      description: `Invented organization number ${i}.`,
      source: SOURCE,
      prominence: prominence(),
    });
  }

  for (let i = 0; i < events; i++) {
    const place = placeWords[i]!;
    const [first, second] = [random.int(EVENT_SUFFIXES.length), random.int(EVENT_SUFFIXES.length - 1)];
    const other = second >= first ? second + 1 : second;
    entities.push({
      id: `event:gen-${i}`,
      kind: 'event',
      name: `Battle of ${place}`,
      aliases: [`${place} ${EVENT_SUFFIXES[first]}`, `${place} ${EVENT_SUFFIXES[other]}`],
      description: `Invented event number ${i}.`,
      source: SOURCE,
      prominence: prominence(),
      start: '2021',
      places: [`place:gen-${i}`],
      participants: [],
    });
  }

  return {
    format: 'backstory-pack',
    formatVersion: 1,
    manifest: {
      id: options.id ?? 'bench.generated-entities',
      title: 'Generated entities for benchmarks',
      version: 1,
      knowledgeDate: '2026-01',
      licence: 'CC0-1.0',
      attribution: 'Backstory benchmarks',
      entityCount: entities.length,
    },
    entities,
  };
}
