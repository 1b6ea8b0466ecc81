/**
 * The card of a figure the article quotes: the date it resolves to and why, the value in the other
 * system of units, the knowledge base's own value for the same measure (a place's population), and the
 * events on or spanning the date. Answers the `figureCard` background request.
 */
import type { Figure, FigureBasis, FigureCard, TimelineEvent } from '../messages';
import type { EventEntity, Place, Population } from '../pack/types';
import { partialDateToRange, type DayRange } from '../pack/dates';
import { figureDateRange } from '../figures/dates';
import { detectFigures } from '../figures/detect';
import { conversions } from '../figures/units';
import { WAR_START } from '../figures/war-days';
import type { KnowledgeBase } from './db';
import { readKnowledge } from './entity-store';
import { compareEvents, getEntity, getSummaries, summarize, timelineItem } from './queries';

export interface FigureCardRequest {
  figure: Figure;
  /** "YYYY-MM-DD". */
  articleDate: string;
  /** Entities mentioned near the figure, nearest first. */
  nearbyIds: string[];
}

/** At most this many events on a card, best first. */
export const MAX_CARD_EVENTS = 5;
/** Only the nearest entities are worth reading for a comparison. */
const MAX_NEARBY = 12;
/** Units that count the people living in a place (normalized by `lib/figures`). */
const POPULATION_UNITS = new Set(['inhabitants', 'residents']);
/** A population compared must be within this factor of the figure, or it is some other place's. */
const POPULATION_FACTOR = 10;

export async function buildFigureCard(kb: KnowledgeBase, request: FigureCardRequest): Promise<FigureCard> {
  const { figure, articleDate, nearbyIds } = request;
  const date = figure.date ?? dateAgainst(figure, articleDate);
  const range = date ? figureDateRange({ date, text: figure.text }) : undefined;
  const [comparisons, events] = await Promise.all([
    populationComparisons(kb, figure, nearbyIds.slice(0, MAX_NEARBY), articleDate),
    range ? eventsDuring(kb, range, nearbyIds) : Promise.resolve([]),
  ]);
  const card: FigureCard = { figure, conversions: conversions(figure.value, figure.unit), comparisons, events };
  if (date) card.resolved = { date, basis: basisOf(figure, articleDate) };
  return card;
}

/** A date figure found without the article date (or with another one): resolve its words now. */
function dateAgainst(figure: Figure, articleDate: string): string | undefined {
  if (figure.type === 'quantity') return undefined;
  const [again] = detectFigures(figure.text, articleDate).filter(
    (found) => found.start === 0 && found.end === figure.text.length && found.type === figure.type,
  );
  return again?.date;
}

const STATES_ITS_YEAR = /\b\d{4}\b/;

function basisOf(figure: Figure, articleDate: string): FigureBasis {
  if (figure.type === 'war-day') return { kind: 'war-day', day: figure.value ?? 0, from: WAR_START };
  if (STATES_ITS_YEAR.test(figure.text)) return { kind: 'as-written' };
  return { kind: 'article-date', articleDate };
}

/** The population of the nearest place that plausibly is the place the figure counts. */
async function populationComparisons(
  kb: KnowledgeBase,
  figure: Figure,
  nearbyIds: string[],
  articleDate: string,
): Promise<FigureCard['comparisons']> {
  if (figure.value === null || figure.value <= 0 || !figure.unit || !POPULATION_UNITS.has(figure.unit)) return [];
  const value = figure.value;
  const entities = await Promise.all(nearbyIds.map((id) => getEntity(kb, id)));
  const year = Number(articleDate.slice(0, 4));
  for (const entity of entities) {
    if (entity?.kind !== 'place') continue;
    const census = populationAsOf(entity, year);
    if (!census) continue;
    const ratio = census.value / value;
    if (ratio > POPULATION_FACTOR || ratio < 1 / POPULATION_FACTOR) continue;
    return [{ entity: summarize(entity), measure: 'population', value: census.value, year: census.year, source: census.source }];
  }
  return [];
}

/** The latest count not after the article's year, or the earliest one when all are later. */
function populationAsOf(place: Place, year: number): Population | undefined {
  const counts = place.population ?? [];
  return counts.filter((count) => count.year <= year).pop() ?? counts[0];
}

interface Candidate {
  event: EventEntity;
  range: DayRange;
  linked: boolean;
  within: boolean;
}

/**
 * Events on or spanning the days of `range`, best first: those that happened within the range before
 * those that merely span it (a war under way); then, within the range, those naming an entity near the
 * figure before the more prominent, and the other way round for spanning events; then the shorter, the older.
 *
 * There is no date index, so this reads every event: ids start with their kind and chunks hold sorted
 * ids, so the events are a few chunks per pack (about 200 events now).
 */
async function eventsDuring(kb: KnowledgeBase, range: DayRange, nearbyIds: string[]): Promise<TimelineEvent[]> {
  const nearby = new Set(nearbyIds);
  const candidates: Candidate[] = [];
  const events = await readKnowledge(kb, async (reader) => [...(await reader.entities(reader.directory.eventIds())).values()]);
  for (const { entity: event } of events) {
    if (event.kind === 'event') {
      const span = eventRange(event);
      if (span && span.first <= range.last && range.first <= span.last) {
        candidates.push({
          event,
          range: span,
          linked: [event.id, ...event.places, ...event.participants].some((id) => nearby.has(id)),
          within: range.first <= span.first && span.last <= range.last,
        });
      }
    }
  }

  const chosen = candidates.sort(compareCandidates).slice(0, MAX_CARD_EVENTS);
  const summaries = await getSummaries(kb, chosen.flatMap(({ event }) => [...event.places, ...event.participants]));
  return chosen.map(({ event }) => timelineItem(event, summaries, nearbyIds));
}

function eventRange(event: EventEntity): DayRange | undefined {
  try {
    return { first: partialDateToRange(event.start).first, last: partialDateToRange(event.end ?? event.start).last };
  } catch {
    return undefined; // an invalid date the validator let through: leave the event off the card
  }
}

const days = (range: DayRange) => Date.parse(range.last) - Date.parse(range.first);

function compareCandidates(a: Candidate, b: Candidate): number {
  const linked = Number(b.linked) - Number(a.linked);
  const prominence = (b.event.prominence ?? 0) - (a.event.prominence ?? 0);
  return (
    Number(b.within) - Number(a.within) ||
    // Among events of those days, the ones naming an entity of the sentence; among the wars and campaigns
    // under way, the ones that matter most (a country names half the events, so a link says little there).
    (a.within ? linked || prominence : prominence || linked) ||
    days(a.range) - days(b.range) ||
    compareEvents(a.event, b.event)
  );
}
