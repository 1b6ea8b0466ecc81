import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../lib/kb/db';
import { installPack } from '../../lib/kb/install';
import { compareEvents, entityCard, getSummaries, timeline } from '../../lib/kb/queries';
import { basePack, freshKnowledgeBase } from './kb-fixtures';

let kb: KnowledgeBase;

beforeAll(async () => {
  kb = await freshKnowledgeBase();
  const result = await installPack(kb, basePack(), 'bundled');
  if (result.status !== 'installed') throw new Error(`fixture pack not installed: ${JSON.stringify(result)}`);
});

describe('entityCard', () => {
  it('gives the entity, its pack and a summary of every id it refers to', async () => {
    const card = await entityCard(kb, 'person:ilse-marren');
    expect(card?.entity.name).toBe('Ilse Marren');
    expect(card?.pack).toEqual({ id: 'test.base', title: 'Pack test.base', knowledgeDate: '2025-06' });
    expect(Object.keys(card?.refs ?? {}).sort()).toEqual(['organization:velloria-defence-ministry', 'place:velloria']);
    expect(card?.refs['organization:velloria-defence-ministry']).toEqual({
      id: 'organization:velloria-defence-ministry',
      kind: 'organization',
      name: 'Velloria Defence Ministry',
      description: 'Velloria Defence Ministry, an organization in the tests.',
    });
  });

  it('lists the events naming the entity as place or participant, oldest first', async () => {
    const card = await entityCard(kb, 'place:kestrin');
    expect(card?.refs).toEqual({ 'place:velloria': expect.objectContaining({ name: 'Velloria' }) });
    expect(card?.events.map((e) => e.id)).toEqual(['event:kestrin-floods', 'event:coastal-exercise', 'event:border-talks']);
    expect(card?.events.every((e) => e.linkedTo.length === 1 && e.linkedTo[0] === 'place:kestrin')).toBe(true);
    const floods = card?.events[0];
    expect(floods).toMatchObject({ start: '2019-04', end: '2019-06', places: [expect.objectContaining({ id: 'place:kestrin' })] });
  });

  it('does not count entities that merely refer to a place (a minister of the country) as its events', async () => {
    const card = await entityCard(kb, 'place:velloria');
    expect(card?.events.map((e) => e.id)).toEqual(['event:harbour-accord']);
  });

  it('answers null for an id no pack defines', async () => {
    expect(await entityCard(kb, 'person:nobody')).toBeNull();
  });
});

describe('timeline', () => {
  it('gathers events that are among the ids or name one of them, deduplicated and oldest first', async () => {
    const events = await timeline(kb, ['person:ilse-marren', 'place:port-amsel', 'event:kestrin-floods']);
    expect(events.map((e) => e.id)).toEqual([
      'event:kestrin-floods',
      'event:coastal-exercise',
      'event:harbour-accord',
      'event:border-talks',
    ]);
    const linked = Object.fromEntries(events.map((e) => [e.id, e.linkedTo]));
    expect(linked).toEqual({
      'event:kestrin-floods': ['event:kestrin-floods'],
      'event:coastal-exercise': ['place:port-amsel'],
      'event:harbour-accord': ['person:ilse-marren', 'place:port-amsel'],
      'event:border-talks': ['person:ilse-marren'],
    });
  });

  it('fills places and participants with summaries and keeps an absent end absent', async () => {
    const [accord] = await timeline(kb, ['event:harbour-accord']);
    expect(accord?.places.map((p) => p.name)).toEqual(['Port Amsel']);
    expect(accord?.participants.map((p) => p.id)).toEqual(['person:ilse-marren', 'place:velloria']);
    expect(accord && 'end' in accord).toBe(false);
  });

  it('is empty for ids without events', async () => {
    expect(await timeline(kb, ['organization:nowhere'])).toEqual([]);
  });
});

describe('compareEvents', () => {
  it('orders by start, then end (a missing end counts as the start), then id', () => {
    const sorted = [
      { id: 'c', start: '2023-07-14', end: '2023-07-20' },
      { id: 'b', start: '2023-07-14' },
      { id: 'a', start: '2023-07-14' },
      { id: 'd', start: '2020' },
    ].sort(compareEvents);
    expect(sorted.map((e) => e.id)).toEqual(['d', 'a', 'b', 'c']);
  });
});

describe('getSummaries', () => {
  it('summarises the known ids and leaves unknown ones out', async () => {
    const summaries = await getSummaries(kb, ['place:kestrin', 'place:atlantis', 'place:kestrin']);
    expect(Object.keys(summaries)).toEqual(['place:kestrin']);
    expect(summaries['place:kestrin']).toEqual({
      id: 'place:kestrin',
      kind: 'place',
      name: 'Kestrin',
      description: 'Kestrin, a place in the tests.',
    });
  });
});
