import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compilePack,
  impliedKindOf,
  orderPacks,
  packStats,
  parsePackSource,
  requiredClosure,
  serializeIndex,
  serializePack,
} from '../../lib/pack/compile';
import { heldOn } from '../../lib/pack/dates';
import { validatePack } from '../../lib/pack/validate';
import type { Entity, Pack, Person, Place } from '../../lib/pack/types';

const STARTER_DIR = fileURLToPath(new URL('../fixtures/starter-pack', import.meta.url));

function readSources(dir: string): Record<string, string> {
  const names = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
  return Object.fromEntries(names.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

function compileTexts(texts: Record<string, string>) {
  const parsed = parsePackSource(texts);
  if (!parsed.ok) return parsed;
  return compilePack(parsed.source);
}

function compileStarter(): Pack {
  const result = compileTexts(readSources(STARTER_DIR));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.pack;
}

const byId = (pack: Pack, id: string): Entity => {
  const entity = pack.entities.find((e) => e.id === id);
  if (!entity) throw new Error(`no ${id}`);
  return entity;
};

const MANIFEST = 'id: test.pack\ntitle: Test\nversion: 1\nknowledgeDate: 2025-06\nlicence: CC0\nattribution: Tests\n';

describe('the starter pack', () => {
  const pack = compileStarter();

  it('compiles without warnings and passes validation as shipped', () => {
    const result = compileTexts(readSources(STARTER_DIR));
    expect(result.ok && result.warnings).toEqual([]);
    const shipped = JSON.parse(serializePack(pack));
    const again = validatePack(shipped);
    expect(again.ok).toBe(true);
    expect(pack.manifest).toMatchObject({ id: 'backstory.starter', version: 1, knowledgeDate: '2025-06', entityCount: pack.entities.length });
  });

  it('covers the people, places, organizations and events the seed article names or implies', () => {
    const required = [
      'person:vladimir-putin',
      'person:dmitry-peskov',
      'person:sergei-shoigu',
      'person:volodymyr-zelensky',
      'person:vyacheslav-gladkov',
      'person:joe-biden',
      'person:donald-trump',
      'person:valery-gerasimov',
      'person:oleksandr-syrskyi',
      'person:valerii-zaluzhnyi',
      'person:andrei-belousov',
      'place:russia',
      'place:ukraine',
      'place:united-states',
      'place:belgorod',
      'place:belgorod-oblast',
      'place:moscow',
      'place:kyiv',
      'place:avdiivka',
      'place:donetsk-oblast',
      'place:donetsk',
      'place:kharkiv',
      'place:crimea',
      'place:bakhmut',
      'place:kursk-oblast',
      'organization:european-union',
      'organization:kremlin',
      'organization:russian-armed-forces',
      'organization:armed-forces-of-ukraine',
      'organization:nato',
      'organization:united-nations',
      'organization:wagner-group',
      'organization:ministry-of-defence-of-russia',
      'organization:security-council-of-russia',
      'organization:verkhovna-rada',
      'organization:g7',
      'event:annexation-of-crimea',
      'event:russian-invasion-of-ukraine',
      'event:battle-of-avdiivka',
      'event:2023-12-30-belgorod-strike',
      'event:2023-ukrainian-counteroffensive',
      'event:2024-russian-presidential-election',
    ];
    const ids = new Set(pack.entities.map((e) => e.id));
    expect(required.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('knows the aliases news uses', () => {
    const zelensky = byId(pack, 'person:volodymyr-zelensky');
    expect(zelensky.aliases).toEqual(expect.arrayContaining(['Zelensky', 'Zelenskyy', 'Zelenskiy', 'Volodymyr Zelenskyy']));
    expect(byId(pack, 'place:avdiivka').aliases).toContain('Avdiïvka');
    expect(byId(pack, 'place:kyiv').aliases).toContain('Kiev');
    expect(byId(pack, 'place:belgorod-oblast').aliases).toEqual(expect.arrayContaining(['Belgorod region', 'the Belgorod region']));
  });

  it('dates roles so that the article date picks the right holder', () => {
    const role = (id: string, title: string) => (byId(pack, id) as Person).roles.find((r) => r.title === title);
    const shoigu = role('person:sergei-shoigu', 'Minister of Defence of Russia');
    const belousov = role('person:andrei-belousov', 'Minister of Defence of Russia');
    expect(shoigu && heldOn(shoigu, '2024-01-09')).toBe(true);
    expect(belousov && heldOn(belousov, '2024-01-09')).toBe(false);
    expect(shoigu && heldOn(shoigu, '2024-06-01')).toBe(false);
    expect(belousov && heldOn(belousov, '2024-06-01')).toBe(true);
  });

  it('gives Belgorod its census population and coordinates', () => {
    const belgorod = byId(pack, 'place:belgorod') as Place;
    expect(belgorod.population).toEqual([{ value: 339978, year: 2021, source: '2021 Russian census' }]);
    expect(belgorod.coordinates?.lat).toBeCloseTo(50.596, 2);
    expect(belgorod.coordinates?.lon).toBeCloseTo(36.587, 2);
  });

  it('reports its counts', () => {
    const stats = packStats(pack);
    expect(stats.entities).toBe(pack.entities.length);
    expect(stats.byKind.person + stats.byKind.place + stats.byKind.organization + stats.byKind.event).toBe(stats.entities);
    expect(stats.events).toBe(pack.entities.filter((e) => e.kind === 'event').length);
    expect(stats.aliases).toBe(pack.entities.reduce((n, e) => n + e.aliases.length, 0));
  });
});

describe('compilePack', () => {
  it('is deterministic: same sources, byte-identical output, entities sorted by id', () => {
    const first = serializePack(compileStarter());
    const second = serializePack(compileStarter());
    expect(second).toBe(first);
    const ids = (JSON.parse(first) as Pack).entities.map((e) => e.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('does not depend on the order the files are given in', () => {
    const texts = readSources(STARTER_DIR);
    const reversed = Object.fromEntries(Object.entries(texts).reverse());
    const a = compileTexts(texts);
    const b = compileTexts(reversed);
    expect(a.ok && b.ok && serializePack(b.pack)).toBe(a.ok && serializePack(a.pack));
  });

  it('implies the kind from the file name, reads bare years as dates and fills entityCount', () => {
    const result = compileTexts({
      'manifest.yaml': MANIFEST,
      'organizations.yaml': '- id: organization:wagner-group\n  name: Wagner Group\n  aliases: [Wagner]\n  description: A company.\n  founded: 2014\n  source: editorial\n',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.pack.manifest.entityCount).toBe(1);
    expect(result.pack.entities[0]).toMatchObject({ kind: 'organization', founded: '2014' });
  });

  it('names the file and line of a bad entity', () => {
    const result = compileTexts({
      'manifest.yaml': MANIFEST,
      'places.yaml': [
        '- id: place:russia',
        '  name: Russia',
        '  aliases: []',
        '  description: A country.',
        '  placeType: country',
        '  source: editorial',
        '- id: place:belgorod',
        '  name: Belgorod',
        '  aliases: []',
        '  description: A city.',
        '  placeType: city',
        '  coordinates: { lat: 95, lon: 36.6, source: editorial }',
        '  source: editorial',
        '',
      ].join('\n'),
    });
    expect(result.ok ? [] : result.errors).toEqual([
      'entity "place:belgorod" (places.yaml:7): coordinates.lat: must be between -90 and 90 (got 95)',
    ]);
  });

  it('refuses a kind that contradicts the file, an explicit entityCount and YAML errors', () => {
    const wrongKind = compileTexts({
      'manifest.yaml': `${MANIFEST}entityCount: 1\n`,
      'people.yaml': '- id: place:x\n  kind: place\n  name: X\n  aliases: []\n  description: d\n  placeType: city\n  source: s\n',
    });
    expect(wrongKind.ok ? [] : wrongKind.errors).toEqual([
      'manifest.yaml: entityCount: leave it out, the build counts the entities',
      'people.yaml:1: kind: people.yaml holds person entities (got "place")',
    ]);
    const broken = compileTexts({ 'manifest.yaml': MANIFEST, 'events.yaml': '- id: event:x\n  name: [unclosed\n' });
    expect(broken.ok).toBe(false);
    expect(broken.ok ? '' : broken.errors[0]).toMatch(/^events\.yaml:\d+: /);
    expect(compileTexts({ 'people.yaml': '[]' })).toEqual({ ok: false, errors: ['manifest.yaml: missing'] });
  });

  it('writes the index of packs in the order given (the install order)', () => {
    expect(JSON.parse(serializeIndex(['b.json', 'a.json']))).toEqual({ packs: ['b.json', 'a.json'] });
  });
});

describe('generated packs and pack dependencies', () => {
  const placeYaml = (id: string, name: string, placeType = 'city') =>
    `- id: ${id}\n  name: ${name}\n  aliases: []\n  description: Written.\n  placeType: ${placeType}\n  source: editorial\n`;

  it('implies the kind from places.yaml and from places-<part>.yaml', () => {
    expect(impliedKindOf('places.yaml')).toBe('place');
    expect(impliedKindOf('places-regions-ua.yaml')).toBe('place');
    expect(impliedKindOf('people-europe.yaml')).toBe('person');
    expect(impliedKindOf('europe.yaml')).toBeUndefined();
    expect(impliedKindOf('placesx.yaml')).toBeUndefined();
  });

  it('merges generated entities with the written ones, a written entity replacing a generated one of its id', () => {
    const parsed = parsePackSource({ 'manifest.yaml': MANIFEST, 'places-extra.yaml': placeYaml('place:kyiv-ua', 'Kyiv') });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const generated = [
      { id: 'place:kyiv-ua', kind: 'place', name: 'Kiev', aliases: [], description: 'Generated.', placeType: 'city', source: 'GeoNames' },
      { id: 'place:lviv-ua', kind: 'place', name: 'Lviv', aliases: [], description: 'Generated.', placeType: 'city', source: 'GeoNames' },
    ];
    const result = compilePack({ ...parsed.source, files: [...parsed.source.files, { name: 'generate.ts', entities: generated, generated: true }] });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.pack.entities.map((e) => [e.id, e.name, e.description])).toEqual([
      ['place:kyiv-ua', 'Kyiv', 'Written.'],
      ['place:lviv-ua', 'Lviv', 'Generated.'],
    ]);
    expect(result.pack.manifest.entityCount).toBe(2);
  });

  it('orders packs after the packs they require, and refuses missing requirements and cycles', () => {
    const packs = [
      { id: 'war.russia-ukraine', requires: ['world.leaders', 'world.gazetteer'] },
      { id: 'backstory.starter' },
      { id: 'world.leaders', requires: ['world.gazetteer'] },
      { id: 'world.gazetteer' },
    ];
    expect(orderPacks(packs)).toEqual({ ok: true, order: ['backstory.starter', 'world.gazetteer', 'world.leaders', 'war.russia-ukraine'] });
    expect(requiredClosure(packs, 'war.russia-ukraine')).toEqual(['world.gazetteer', 'world.leaders']);
    expect(requiredClosure([{ id: 'a', requires: ['b'] }, { id: 'b', requires: ['c'] }, { id: 'c' }], 'a')).toEqual(['c', 'b']);
    expect(requiredClosure(packs, 'world.gazetteer')).toEqual([]);
    expect(orderPacks([{ id: 'a', requires: ['x'] }])).toEqual({ ok: false, errors: ['pack "a" requires "x", which is not among the packs built'] });
    expect(orderPacks([{ id: 'a', requires: ['b'] }, { id: 'b', requires: ['a'] }, { id: 'c' }])).toEqual({
      ok: false,
      errors: ['packs "a", "b" require one another in a cycle'],
    });
  });

  it('counts places by type and ambiguous forms', () => {
    const result = compileTexts({
      'manifest.yaml': MANIFEST,
      'places.yaml': placeYaml('place:russia', 'Russia', 'country') + placeYaml('place:nice-fr', 'Nice') + placeYaml('place:sumy-ua', 'Sumy', 'town'),
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const stats = packStats(result.pack);
    expect(stats.placesByType).toEqual({ country: 1, city: 1, town: 1 });
    expect(stats.ambiguous).toBe(0);
  });
});
