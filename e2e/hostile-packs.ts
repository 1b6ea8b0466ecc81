/**
 * The hostile packs of e2e/hostile-pack.test.ts: pack text written to attack the interface. Version 1 is
 * valid (markup, script, `javascript:` text, right-to-left text with bidi marks, every field at its
 * maximum length) and must render as inert text; version 2 breaks the text rules (a bidi override, 100,000
 * characters, a `javascript:` Wikipedia title) and must be refused whole.
 */
import type { EventEntity, Pack, Person, Place } from '../lib/pack/types';

export const PACK_ID = 'test.hostile';
export const PERSON_ID = 'person:vexa-quorran';
export const EVENT_ID = 'event:2024-03-quorran-summit';
/** Version 2 adds it: it must not exist after the refused update. */
export const NEW_PLACE_ID = 'place:quorran-ridge';

/** A word with no break opportunity, `length` characters long. */
const unbroken = (length: number) => 'Q'.repeat(length);
/** `text` padded with one unbroken word up to exactly `length` characters (the field's maximum). */
const padded = (text: string, length: number) => `${text} ${unbroken(length - text.length - 1)}`;

export const MARKUP = {
  name: `Vexa Quorran <img src=x onerror="alert('name')">`,
  description:
    `<script>alert('description')</script><iframe src="javascript:alert('iframe')"></iframe>` +
    `<a href="javascript:alert('link')" onclick="alert('click')">open me</a> javascript:alert('text') ` +
    `<svg onload="alert('svg')"></svg><style>*{display:none!important}</style> https://tracker.example/`,
  roleTitle: `<b onmouseover="alert('role')">Warden</b> of the test marches`,
  factLabel: `<u onclick="alert('label')">status</u>`,
  factValue: `<marquee>moving</marquee> <a href="https://tracker.example/">a link that is text</a>`,
  eventName: `<script>alert('event')</script> Quorran summit`,
  packTitle: `<b>Hostile</b> test pack <img src=x onerror="alert('title')">`,
  packDescription: `<iframe srcdoc="<script>alert('pack')</script>"></iframe> A pack that attacks the interface.`,
};

/** Right-to-left text, then a source that starts with digits: without isolation "2021" would jump left of it. */
export const RTL_SOURCE = 'מקור בדיקה\u200F';
export const DIGIT_SOURCE = '2021 test census';

export const ALLOWED_HREF = /^https:\/\/en\.wikipedia\.org\/wiki\//;

function person(): Person {
  return {
    id: PERSON_ID,
    kind: 'person',
    // The maximum length, 200, ending in a 150-letter word.
    name: padded(MARKUP.name, 200),
    aliases: ['Vexa Quorran', 'Quorran'],
    // At the maximum length, 1000, with a 600-character word no line can hold.
    description: padded(MARKUP.description, 1000),
    // A title that looks like a link to an attacker; the card only ever links to en.wikipedia.org.
    wikipedia: `Vexa Quorran (test) ?x=1&y=javascript:alert(1)`,
    source: RTL_SOURCE,
    roles: [
      { title: padded(MARKUP.roleTitle, 200), from: '2020', source: 'Hostile role source' },
    ],
    facts: [
      { label: padded(MARKUP.factLabel, 100), value: padded(MARKUP.factValue, 500), from: '2019', source: DIGIT_SOURCE },
    ],
  };
}

function event(): EventEntity {
  return {
    id: EVENT_ID,
    kind: 'event',
    name: padded(MARKUP.eventName, 200),
    aliases: [],
    description: `<img src=x onerror="alert('event description')"> A meeting invented for the hostile-pack test.`,
    source: 'Hostile event source',
    start: '2024-03',
    places: [],
    participants: [PERSON_ID],
  };
}

function pack(version: number, entities: Pack['entities']): Pack {
  return {
    format: 'backstory-pack',
    formatVersion: 1,
    manifest: {
      id: PACK_ID,
      title: MARKUP.packTitle,
      version,
      knowledgeDate: '2025-01',
      licence: 'CC BY 4.0',
      attribution: `<script>alert('attribution')</script> Backstory tests`,
      entityCount: entities.length,
      description: MARKUP.packDescription,
    },
    entities,
  };
}

export function hostilePackV1(): Pack {
  return pack(1, [person(), event()]);
}

/** The refusals version 2 must be reported with (validation's messages). */
export const V2_REFUSALS = [
  /entity "person:vexa-quorran" \(#0\): name: must not contain control characters \(U\+202E\)/,
  /entity "person:vexa-quorran" \(#0\): description: must be at most 1000 characters \(got 100000\)/,
  /entity "person:vexa-quorran" \(#0\): wikipedia: must be an article title, not a link/,
  /entity "person:vexa-quorran" \(#0\): source: must be at most 200 characters \(got 100000\)/,
];

export function hostilePackV2(): Pack {
  const broken: Person = {
    ...person(),
    // A right-to-left override: "Quorran" and everything after it would display reversed.
    name: 'Vexa \u202EQuorran the second',
    description: `${MARKUP.description} ${'long '.repeat(20_000)}`.slice(0, 100_000),
    wikipedia: 'javascript:alert(document.domain)',
    source: unbroken(100_000),
  };
  const ridge: Place = {
    id: NEW_PLACE_ID,
    kind: 'place',
    name: 'Quorran Ridge',
    aliases: [],
    description: 'A ridge invented for the hostile-pack test.',
    source: 'Backstory tests',
    placeType: 'site',
  };
  return pack(2, [broken, event(), ridge]);
}
