/** Generated packs of invented entities, for measurements at sizes the shipped packs do not reach. */
import type { Entity, Pack } from '../lib/pack/types';

const SYLLABLES = ['ba', 'ke', 'mo', 'ru', 'ti', 'sa', 'lo', 'vi', 'dan', 'gor', 'pel', 'zu', 'ni', 'hat', 'yor', 'fe', 'wi', 'cho', 'ex', 'qua'];
/** A made-up name for n, distinct for each n: its base-20 digits spelled as syllables ("Bakemo"). */
export function word(n: number): string {
  let s = '';
  do {
    s += SYLLABLES[n % 20];
    n = Math.floor(n / 20);
  } while (n > 0);
  return s[0]!.toUpperCase() + s.slice(1);
}

/** A pack of `count` invented people and places, referring to the gazetteer's Ukraine; `version` changes every description. */
export function generatedPack(count: number, version: number): Pack {
  const entities: Entity[] = [];
  for (let i = 0; i < count; i++) {
    const source = 'generated for measurements';
    const description = `Invented entity number ${i}, revision ${version}.`;
    if (i % 2 === 0) {
      entities.push({ id: `place:gen-${i}`, kind: 'place', name: `${word(i + 40_000)}ivka`, aliases: [`${word(i + 40_000)}ivske`], description, source, placeType: 'village', country: 'place:ukraine' });
    } else {
      const surname = word(i + 90_000);
      entities.push({ id: `person:gen-${i}`, kind: 'person', name: `${word(i)} ${surname}`, aliases: [surname], description, source, roles: [{ title: 'Village head', from: '2020', source }], countries: ['place:ukraine'] });
    }
  }
  return {
    format: 'backstory-pack',
    formatVersion: 1,
    manifest: { id: 'bench.generated', title: 'Generated pack', version, knowledgeDate: '2026-11', licence: 'CC0-1.0', attribution: 'Backstory measurements', entityCount: count, requires: ['world.gazetteer'] },
    entities,
  };
}
