/**
 * Read-only lookups over the knowledge base, shaped as the message contract answers them.
 * Each query runs in one readonly transaction, so it sees one consistent state even while a pack installs.
 */
import type { EntityCard, EntitySummary, PackInfo, TimelineEvent } from '../messages';
import type { Entity, EventEntity } from '../pack/types';
import { comparePartialDates } from '../pack/dates';
import { isEnabled, readMeta, referencedIds, type KnowledgeBase, type StoredEntity } from './db';
import { bundledPacks } from './bundled';
import { dependentsOf } from './manage';
import { placeMap } from '../geo/world';

/** Queries share one transaction shape so helpers can take it whatever the query. */
function readTx(kb: KnowledgeBase) {
  return kb.transaction(['entities', 'packs'], 'readonly');
}
type ReadTx = ReturnType<typeof readTx>;

export async function getEntity(kb: KnowledgeBase, id: string): Promise<Entity | undefined> {
  return (await kb.get('entities', id))?.entity;
}

export function summarize(entity: Entity): EntitySummary {
  return { id: entity.id, kind: entity.kind, name: entity.name, description: entity.description };
}

/** Summaries of the ids that exist; unknown ids are left out. */
export async function getSummaries(kb: KnowledgeBase, ids: Iterable<string>): Promise<Record<string, EntitySummary>> {
  return summariesIn(readTx(kb), ids);
}

async function summariesIn(tx: ReadTx, ids: Iterable<string>): Promise<Record<string, EntitySummary>> {
  const unique = [...new Set(ids)];
  const store = tx.objectStore('entities');
  const records = await Promise.all(unique.map((id) => store.get(id)));
  const summaries: Record<string, EntitySummary> = {};
  for (const record of records) if (record) summaries[record.id] = summarize(record.entity);
  return summaries;
}

/** Everything the popover shows for one entity, or null when no installed pack defines it. */
export async function entityCard(kb: KnowledgeBase, id: string): Promise<EntityCard | null> {
  const tx = readTx(kb);
  const [record, disabled] = await Promise.all([tx.objectStore('entities').get(id), disabledPacks(tx)]);
  if (!record || disabled.has(record.pack)) return null;
  const [pack, linked] = await Promise.all([
    tx.objectStore('packs').get(record.pack),
    tx.objectStore('entities').index('eventLinks').getAll(id),
  ]);
  const events = fromEnabled(linked, disabled).map((stored) => stored.entity).filter(isEvent);
  const [refs, timelineEvents] = await Promise.all([
    summariesIn(tx, referencedIds(record.entity)),
    toTimeline(tx, events, [id]),
  ]);
  const manifest = pack?.manifest;
  const card: EntityCard = {
    entity: record.entity,
    pack: { id: record.pack, title: manifest?.title ?? record.pack, knowledgeDate: manifest?.knowledgeDate ?? '' },
    refs,
    events: timelineEvents,
  };
  // Places get a small offline locator map (drawn here, in the background, from the bundled world atlas).
  const map = record.entity.kind === 'place' ? placeMap(record.entity) : undefined;
  if (map) card.map = map;
  return card;
}

/**
 * Events linked to any of the ids: the ids that are events themselves, and events having one of the ids
 * as a place or participant. Deduplicated, oldest first; `linkedTo` keeps the order of `ids`.
 */
export async function timeline(kb: KnowledgeBase, ids: readonly string[]): Promise<TimelineEvent[]> {
  const tx = readTx(kb);
  const store = tx.objectStore('entities');
  const requested = [...new Set(ids)];
  const [direct, linked, disabled] = await Promise.all([
    Promise.all(requested.map((id) => store.get(id))),
    Promise.all(requested.map((id) => store.index('eventLinks').getAll(id))),
    disabledPacks(tx),
  ]);
  const events = new Map<string, EventEntity>();
  for (const record of fromEnabled([...direct, ...linked.flat()], disabled)) {
    if (isEvent(record.entity)) events.set(record.id, record.entity);
  }
  return toTimeline(tx, [...events.values()], requested);
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

/** Ids of the packs that are installed but disabled: their entities are left out of cards and timelines. */
async function disabledPacks(tx: ReadTx): Promise<Set<string>> {
  const packs = await tx.objectStore('packs').getAll();
  return new Set(packs.filter((record) => !isEnabled(record)).map((record) => record.manifest.id));
}

function fromEnabled(records: ReadonlyArray<StoredEntity | undefined>, disabled: ReadonlySet<string>): StoredEntity[] {
  return records.filter((record): record is StoredEntity => record !== undefined && !disabled.has(record.pack));
}

/** Oldest first: by start, then by end (an event without an end ends at its start), then by id. */
export function compareEvents(a: Pick<EventEntity, 'id' | 'start' | 'end'>, b: Pick<EventEntity, 'id' | 'start' | 'end'>): number {
  return (
    comparePartialDates(a.start, b.start) ||
    comparePartialDates(a.end ?? a.start, b.end ?? b.start) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

async function toTimeline(tx: ReadTx, events: EventEntity[], requested: readonly string[]): Promise<TimelineEvent[]> {
  const summaries = await summariesIn(
    tx,
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

function isEvent(entity: Entity): entity is EventEntity {
  return entity.kind === 'event';
}
