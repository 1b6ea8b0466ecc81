/**
 * Read-only lookups over the knowledge base, shaped as the message contract answers them. Each query reads
 * through `readKnowledge` (entity-store.ts), so it sees one consistent state even while a pack installs.
 * Disabled packs are not in the directory: their entities are left out of cards and timelines.
 */
import type { EntityCard, EntitySummary, PackInfo, TimelineEvent } from '../messages';
import type { Entity, EventEntity } from '../pack/types';
import { comparePartialDates } from '../pack/dates';
import { isEnabled, readMeta, referencedIds, type KnowledgeBase } from './db';
import { bundledPacks } from './bundled';
import { dependentsOf } from './manage';
import { isEvent, readKnowledge, type KnowledgeReader } from './entity-store';
import { placeMap } from '../geo/world';

export async function getEntity(kb: KnowledgeBase, id: string): Promise<Entity | undefined> {
  return readKnowledge(kb, async (reader) => (await reader.entities([id])).get(id)?.entity);
}

export function summarize(entity: Entity): EntitySummary {
  return { id: entity.id, kind: entity.kind, name: entity.name, description: entity.description };
}

/** Summaries of the ids that exist; unknown ids are left out. */
export async function getSummaries(kb: KnowledgeBase, ids: Iterable<string>): Promise<Record<string, EntitySummary>> {
  return readKnowledge(kb, (reader) => summariesIn(reader, ids));
}

async function summariesIn(reader: KnowledgeReader, ids: Iterable<string>): Promise<Record<string, EntitySummary>> {
  const summaries: Record<string, EntitySummary> = {};
  for (const [id, { entity }] of await reader.entities(new Set(ids))) summaries[id] = summarize(entity);
  return summaries;
}

/** Everything the popover shows for one entity, or null when no enabled pack defines it. */
export async function entityCard(kb: KnowledgeBase, id: string): Promise<EntityCard | null> {
  return readKnowledge(kb, async (reader) => {
    const found = (await reader.entities([id])).get(id);
    if (!found) return null;
    const { entity, pack } = found;
    const linked = await reader.entities(reader.directory.eventsNaming(id));
    const events = [...linked.values()].map((located) => located.entity).filter(isEvent);
    const [refs, timelineEvents] = await Promise.all([summariesIn(reader, referencedIds(entity)), toTimeline(reader, events, [id])]);
    const manifest = reader.directory.packs.get(pack)?.manifest;
    const card: EntityCard = {
      entity,
      pack: { id: pack, title: manifest?.title ?? pack, knowledgeDate: manifest?.knowledgeDate ?? '' },
      refs,
      events: timelineEvents,
    };
    // Places get a small offline locator map (drawn here, in the background, from the bundled world atlas).
    const map = entity.kind === 'place' ? placeMap(entity) : undefined;
    if (map) card.map = map;
    return card;
  });
}

/**
 * Events linked to any of the ids: the ids that are events themselves, and events having one of the ids
 * as a place or participant. Deduplicated, oldest first; `linkedTo` keeps the order of `ids`.
 */
export async function timeline(kb: KnowledgeBase, ids: readonly string[]): Promise<TimelineEvent[]> {
  const requested = [...new Set(ids)];
  return readKnowledge(kb, async (reader) => {
    const wanted = new Set(requested);
    for (const id of requested) for (const event of reader.directory.eventsNaming(id)) wanted.add(event);
    const events = [...(await reader.entities(wanted)).values()].map((located) => located.entity).filter(isEvent);
    return toTimeline(reader, events, requested);
  });
}

/** The installed packs with what the options page shows about each: origin, size, bundled version, last check. */
export async function listPacks(kb: KnowledgeBase): Promise<PackInfo[]> {
  const [stored, bundled, sync] = await Promise.all([kb.getAll('packs'), bundledPacks(kb), readMeta(kb, 'syncState')]);
  const last = sync?.last;
  return stored.map((record) => {
    const id = record.manifest.id;
    const info: PackInfo = {
      manifest: record.manifest,
      installedAt: record.installedAt,
      origin: record.origin,
      enabled: isEnabled(record),
      sizeBytes: record.sizeBytes ?? 0,
      requiredBy: dependentsOf(stored, id, true),
    };
    if (record.sourceLabel !== undefined) info.sourceLabel = record.sourceLabel;
    if (record.signedBy !== undefined) info.signedBy = record.signedBy;
    const bundledVersion = bundled.get(id)?.version;
    if (bundledVersion !== undefined) info.bundledVersion = bundledVersion;
    if (last) {
      const result = last.packs.find((p) => p.id === id);
      if (result) info.lastCheck = { ...result, at: last.finishedAt };
      else if (last.error && (last.outcome === 'failed' || last.outcome === 'stale')) {
        info.lastCheck = { id, status: last.outcome, message: last.error, at: last.finishedAt };
      }
    }
    return info;
  });
}

/** Oldest first: by start, then by end (an event without an end ends at its start), then by id. */
export function compareEvents(a: Pick<EventEntity, 'id' | 'start' | 'end'>, b: Pick<EventEntity, 'id' | 'start' | 'end'>): number {
  return (
    comparePartialDates(a.start, b.start) ||
    comparePartialDates(a.end ?? a.start, b.end ?? b.start) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

async function toTimeline(reader: KnowledgeReader, events: EventEntity[], requested: readonly string[]): Promise<TimelineEvent[]> {
  const summaries = await summariesIn(
    reader,
    events.flatMap((event) => [...event.places, ...event.participants]),
  );
  return [...events].sort(compareEvents).map((event) => timelineItem(event, summaries, requested));
}

/**
 * One event as a timeline item, with the summaries of its places and participants; `linkedTo` names
 * which of the `requested` ids it involves. A reference to an entity no installed pack defines any
 * more is left out rather than shown blank.
 */
export function timelineItem(
  event: EventEntity,
  summaries: Record<string, EntitySummary>,
  requested: readonly string[],
): TimelineEvent {
  const known = (ids: string[]) => ids.flatMap((id) => (summaries[id] ? [summaries[id]] : []));
  const item: TimelineEvent = {
    id: event.id,
    name: event.name,
    description: event.description,
    start: event.start,
    places: known(event.places),
    participants: known(event.participants),
    linkedTo: requested.filter((id) => id === event.id || event.places.includes(id) || event.participants.includes(id)),
  };
  if (event.end !== undefined) item.end = event.end;
  return item;
}
