/**
 * A generated news-like corpus for the matcher benchmarks: paragraphs of simple news sentences ("On
 * Monday, senior officials in Brakivka rejected the new sanctions against the Stelun Council.") built
 * from a small grammar over common words, most of which name nothing, with names of the pack under test
 * in subject, object and place slots: one mention every ~115 characters, a little denser than the real
 * articles of docs/matcher.md (~150). Also headlines (Title Case or capitals), quotes, possessives,
 * "-based" compounds, numbers, lists with commas, names written without their diacritics and the odd
 * name in lower case (which the case rules must reject). Deterministic for a seed; made up here,
 * nothing is copied from real articles.
 */
import { seededRandom, type Random } from './random';

const words = (s: string) => s.trim().split(/\s+/);

const NOUNS = words(`
  officials government troops forces police residents workers analysts experts reporters lawmakers voters
  farmers soldiers volunteers investigators diplomats ministers leaders protesters prosecutors engineers
  talks agreement sanctions ceasefire budget deal plan crisis conflict report election vote court law
  economy prices energy oil gas market border water power health schools children families homes streets
  weapons drones missiles shelling offensive defence negotiations delegation parliament ministry council
  bridge railway airport port factory hospital station village town district province capital summit
  statement investigation aid funding shipments exports imports contract reforms strike attack convoy`);
const ADJECTIVES = words(`
  new senior former local national foreign military economic political heavy major key recent further
  several many central northern southern eastern western early late final previous next strong small
  large public private joint temporary emergency regional international`);
const VERBS = words(`
  announced confirmed denied rejected signed visited criticised approved blocked delayed welcomed
  condemned discussed reviewed expanded suspended extended resumed launched opened closed raised cut
  backed questioned demanded promised reported`);
const PREPOSITIONS = words('in near from with against after before during over across outside around toward for without');
const ADVERBS = words('again still already only even just nearly almost roughly quickly later recently');
const TIMES = [
  ...words('Monday Tuesday Wednesday Thursday Friday Saturday Sunday').map((d) => `on ${d}`),
  'last week', 'this week', 'on Monday morning', 'late on Friday', 'earlier this month', 'last year',
  'in the spring', 'overnight', 'in March', 'in October', 'by the end of the year', 'for the first time',
];
const SAID = ['said', 'told reporters', 'wrote', 'added', 'insisted', 'warned', 'said in a statement'];
const TITLES = ['President', 'Minister', 'General', 'Senator', 'Mayor', 'Governor', 'spokesman', 'adviser', 'Deputy Minister'];
const DETERMINERS = ['the', 'the', 'the', 'a', 'its', 'their', 'two', 'three', 'some', 'most'];

/** What a corpus needs of an entity: the forms a text may write it in. */
export interface Nameable {
  name: string;
  aliases: readonly string[];
  prominence?: number;
}

export interface CorpusOptions {
  /** Size to reach, in UTF-16 code units (about the UTF-8 bytes of this mostly-ASCII text). */
  chars: number;
  seed?: number;
  /** Chance that a noun slot of a sentence holds a name; 0.15 by default (about one mention per 115 characters). */
  mentionRate?: number;
}

const stripMarks = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
const titleCase = (s: string) => s.replace(/(^|[\s“(])(\p{Ll})/gu, (_, before: string, ch: string) => before + ch.toUpperCase());
const capitalise = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export function generateCorpus(entities: readonly Nameable[], options: CorpusOptions): string {
  const random = seededRandom(options.seed ?? 7);
  const rate = options.mentionRate ?? 0.15;
  // Prominent entities are named most often; within equal prominence the order is shuffled.
  const order = entities
    .map((e) => ({ e, p: e.prominence ?? 0, r: random.next() }))
    .sort((a, b) => b.p - a.p || a.r - b.r)
    .map((x) => x.e);

  const pick = <T>(list: readonly T[]) => list[random.skewed(list.length, 1.6)]!;

  const name = (): string => {
    const e = order[random.skewed(order.length, 2.5)]!;
    let form = e.aliases.length === 0 || random.chance(0.45) ? e.name : random.pick(e.aliases);
    if (random.chance(0.3)) form = stripMarks(form);
    if (random.chance(0.02)) form = form.toLowerCase();
    return form;
  };
  const possessive = () => `${name()}${random.chance(0.8) ? '’s' : "'s"}`;

  const nounPhrase = (): string => {
    const r = random.next();
    if (r < 0.1) return `${number(random)} ${pick(NOUNS)}`;
    const adjective = random.chance(0.35) ? `${pick(ADJECTIVES)} ` : '';
    if (r < 0.16 && rate > 0) return `${possessive()} ${adjective}${pick(NOUNS)}`;
    if (r < 0.19 && rate > 0) return `the ${name()}-based ${pick(NOUNS)}`;
    return `${pick(DETERMINERS)} ${adjective}${pick(NOUNS)}`;
  };
  /** A noun slot: a name or a noun phrase. */
  const slot = (): string => (random.chance(rate) ? (random.chance(0.05) ? `${name()}, ${name()} and ${name()}` : name()) : nounPhrase());
  const place = () => `${random.pick(PREPOSITIONS)} ${slot()}`;

  const clause = (): string => {
    const parts = [slot(), ...(random.chance(0.3) ? [random.pick(ADVERBS)] : []), pick(VERBS), nounPhrase()];
    if (random.chance(0.7)) parts.push(place());
    if (random.chance(0.3)) parts.push(place());
    return parts.join(' ');
  };

  const sentence = (): string => {
    const r = random.next();
    if (r < 0.15) return `“${capitalise(clause())},” ${random.chance(0.5) ? `${random.pick(TITLES)} ` : ''}${name()} ${random.pick(SAID)}.`;
    if (r < 0.3) return `${capitalise(random.pick(TIMES))}, ${clause()}.`;
    if (r < 0.42) return `${capitalise(clause())} ${random.pick(TIMES)}, ${random.pick(['according to', 'said', 'citing'])} ${slot()}.`;
    if (r < 0.5) return `${capitalise(clause())} (${number(random)} ${pick(NOUNS)}).`;
    if (r < 0.58) return `${capitalise(clause())} — and ${clause()}.`;
    if (r < 0.62) return `It is unclear whether ${clause()}.`;
    return `${capitalise(clause())} ${random.pick(TIMES)}.`;
  };

  const headline = (): string => {
    const line = titleCase(`${slot()} ${pick(VERBS)} ${nounPhrase()} ${place()}`);
    return random.chance(0.3) ? line.toUpperCase() : line;
  };

  const parts: string[] = [];
  let size = 0;
  while (size < options.chars) {
    const block = random.chance(0.1) ? headline() : Array.from({ length: 2 + random.int(5) }, sentence).join(random.chance(0.1) ? '\n' : ' ');
    parts.push(block);
    size += block.length + 2;
  }
  return parts.join('\n\n').slice(0, options.chars);
}

function number(random: Random): string {
  const kind = random.next();
  if (kind < 0.3) return String(1990 + random.int(36));
  if (kind < 0.6) return String(2 + random.int(98));
  if (kind < 0.8) return `${1 + random.int(99)},${String(random.int(1000)).padStart(3, '0')}`;
  return `${1 + random.int(9)}.${random.int(10)} million`;
}
