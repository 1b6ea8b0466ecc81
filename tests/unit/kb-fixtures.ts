/** Small hand-made packs for the knowledge-base tests (invented descriptions, valid per lib/pack/types.ts). */
import 'fake-indexeddb/auto'; // the IDB* globals idb checks values against
import { IDBFactory } from 'fake-indexeddb';
import { openKnowledgeBase, type KnowledgeBase } from '../../lib/kb/db';
import type { Entity, EventEntity, Organization, Pack, Person, Place } from '../../lib/pack/types';

/** A fresh, empty database per call: each factory instance has its own set of databases. */
export function freshKnowledgeBase(): Promise<KnowledgeBase> {
  return openKnowledgeBase(new IDBFactory(), 'backstory-test');
}

const SOURCE = 'test fixture';

export function place(id: string, name: string, extra: Partial<Place> = {}): Place {
  return { id, kind: 'place', name, aliases: [], description: `${name}, a place in the tests.`, source: SOURCE, placeType: 'city', ...extra };
}

export function organization(id: string, name: string, extra: Partial<Organization> = {}): Organization {
  return { id, kind: 'organization', name, aliases: [], description: `${name}, an organization in the tests.`, source: SOURCE, ...extra };
}

export function person(id: string, name: string, extra: Partial<Person> = {}): Person {
  return { id, kind: 'person', name, aliases: [], description: `${name}, a person in the tests.`, source: SOURCE, roles: [], ...extra };
}

export function event(id: string, name: string, start: string, extra: Partial<EventEntity> = {}): EventEntity {
  return {
    id,
    kind: 'event',
    name,
    aliases: [],
    description: `${name}, an event in the tests.`,
    source: SOURCE,
    start,
    places: [],
    participants: [],
    ...extra,
  };
}

export function makePack(id: string, version: number, entities: Entity[]): Pack {
  return {
    format: 'backstory-pack',
    formatVersion: 1,
    manifest: {
      id,
      title: `Pack ${id}`,
      version,
      knowledgeDate: '2025-06',
      licence: 'CC0-1.0',
      attribution: 'Backstory tests',
      entityCount: entities.length,
    },
    entities,
  };
}

/** The base pack: a country, two cities, a ministry, a minister and four events in shuffled order. */
export function basePack(version = 1): Pack {
  return makePack('test.base', version, [
    place('place:velloria', 'Velloria', { placeType: 'country', aliases: ['Republic of Velloria'] }),
    place('place:port-amsel', 'Port Amsel', { country: 'place:velloria' }),
    place('place:kestrin', 'Kestrin', { country: 'place:velloria' }),
    organization('organization:velloria-defence-ministry', 'Velloria Defence Ministry', { country: 'place:velloria' }),
    person('person:ilse-marren', 'Ilse Marren', {
      aliases: ['Marren'],
      countries: ['place:velloria'],
      roles: [{ title: 'Minister of Defence', of: 'organization:velloria-defence-ministry', from: '2021-03', source: SOURCE }],
    }),
    event('event:harbour-accord', 'Harbour Accord', '2023-07-14', {
      places: ['place:port-amsel'],
      participants: ['person:ilse-marren', 'place:velloria'],
    }),
    event('event:kestrin-floods', 'Kestrin floods', '2019-04', { end: '2019-06', places: ['place:kestrin'] }),
    event('event:border-talks', 'Border Talks', '2023-07-14', {
      end: '2023-07-20',
      places: ['place:kestrin'],
      participants: ['person:ilse-marren'],
    }),
    event('event:coastal-exercise', 'Coastal Exercise', '2023-06', {
      end: '2023-09',
      places: ['place:port-amsel', 'place:kestrin'],
      participants: ['organization:velloria-defence-ministry'],
    }),
  ]);
}

/** How many entities the knowledge base stores (every pack, enabled or not). */
export async function storedEntityCount(kb: KnowledgeBase): Promise<number> {
  return (await kb.getAll('chunks')).reduce((sum, chunk) => sum + chunk.entities.length, 0);
}
