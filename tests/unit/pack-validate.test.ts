import { describe, expect, it } from 'vitest';
import { findSharedAliases, sharedAliasWarnings, validatePack, type ValidationResult } from '../../lib/pack/validate';

/** A small valid pack; each test breaks one thing in a fresh copy. */
function makePack(): any {
  return {
    format: 'backstory-pack',
    formatVersion: 1,
    manifest: {
      id: 'test.pack',
      title: 'Test pack',
      version: 3,
      knowledgeDate: '2025-06',
      licence: 'CC BY 4.0',
      attribution: 'Tests',
      entityCount: 5,
    },
    entities: [
      {
        id: 'place:russia',
        kind: 'place',
        name: 'Russia',
        aliases: ['Russie'],
        description: 'A country.',
        placeType: 'country',
        source: 'editorial',
      },
      {
        id: 'place:belgorod-oblast',
        kind: 'place',
        name: 'Belgorod Oblast',
        aliases: ['Belgorod region'],
        description: 'A region.',
        placeType: 'region',
        country: 'place:russia',
        source: 'editorial',
      },
      {
        id: 'place:belgorod',
        kind: 'place',
        name: 'Belgorod',
        aliases: [],
        description: 'A city.',
        placeType: 'city',
        country: 'place:russia',
        region: 'place:belgorod-oblast',
        coordinates: { lat: 50.596, lon: 36.587, source: 'editorial' },
        population: [{ value: 339978, year: 2021, source: '2021 Russian census' }],
        source: 'editorial',
      },
      {
        id: 'person:vyacheslav-gladkov',
        kind: 'person',
        name: 'Vyacheslav Gladkov',
        aliases: ['Gladkov'],
        description: 'A governor.',
        countries: ['place:russia'],
        roles: [
          { title: 'Governor', of: 'place:belgorod-oblast', from: '2020-11-18', to: '2021-09', source: 'editorial' },
          { title: 'Governor', of: 'place:belgorod-oblast', from: '2021-09', source: 'editorial' },
        ],
        source: 'editorial',
      },
      {
        id: 'event:belgorod-strike',
        kind: 'event',
        name: 'Belgorod strike',
        aliases: [],
        description: 'An attack.',
        start: '2023-12-30',
        places: ['place:belgorod'],
        participants: ['place:russia'],
        source: 'editorial',
      },
    ],
  };
}

function errorsOf(result: ValidationResult): string[] {
  if (result.ok) throw new Error(`expected errors, got a valid pack (warnings: ${result.warnings.join('; ')})`);
  return result.errors;
}

describe('validatePack: accepting', () => {
  it('accepts a valid pack and returns a clean copy', () => {
    const input = makePack();
    const result = validatePack(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(result.pack).toEqual(input);
    expect(result.pack).not.toBe(input);
  });

  it('drops unknown fields with a warning', () => {
    const input = makePack();
    input.entities[2].colour = 'red';
    const result = validatePack(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual(['entity "place:belgorod" (#2): unknown field "colour" (ignored)']);
    expect(result.pack.entities[2]).not.toHaveProperty('colour');
  });

  it('resolves references through knownIds', () => {
    const input = makePack();
    input.entities[4].participants.push('person:vladimir-putin');
    expect(errorsOf(validatePack(input))).toEqual([
      'entity "event:belgorod-strike" (#4): participants[1]: refers to "person:vladimir-putin", which is not in this pack',
    ]);
    expect(validatePack(input, { knownIds: new Set(['person:vladimir-putin']) }).ok).toBe(true);
  });
});

describe('validatePack: rejecting with precise messages', () => {
  it('refuses non-objects', () => {
    for (const input of [null, undefined, 42, 'pack', [], [makePack()]]) {
      const errors = errorsOf(validatePack(input));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^pack: must be an object \(got /);
    }
  });

  it('names missing fields, at pack, manifest and entity level', () => {
    const input = makePack();
    delete input.format;
    delete input.manifest.licence;
    delete input.entities[3].roles;
    delete input.entities[0].description;
    expect(errorsOf(validatePack(input))).toEqual([
      'format: is required',
      'manifest.licence: is required',
      'entity "place:russia" (#0): description: is required',
      'entity "person:vyacheslav-gladkov" (#3): roles: is required',
    ]);
  });

  it('names the entity by position when it has no id', () => {
    const input = makePack();
    delete input.entities[1].id;
    const errors = errorsOf(validatePack(input));
    expect(errors).toContain('entity #1: id: is required');
  });

  it('refuses an entity without a known kind and entities that are not objects', () => {
    const input = makePack();
    input.entities[0].kind = 'country';
    input.entities[1] = 'Belgorod';
    input.manifest.entityCount = 5;
    const errors = errorsOf(validatePack(input));
    expect(errors).toContain(
      'entity "place:russia" (#0): kind: must be one of "person", "place", "organization", "event" (got "country")',
    );
    expect(errors).toContain('entity #1: must be an object (got "Belgorod")');
  });

  it('refuses an id whose prefix is not the kind, or not an id at all', () => {
    const input = makePack();
    input.entities[1].id = 'person:belgorod-oblast';
    input.entities[2].id = 'org:belgorod';
    const errors = errorsOf(validatePack(input));
    expect(errors).toContain(
      'entity "person:belgorod-oblast" (#1): id: must start with "place:" for a place (got "person:belgorod-oblast")',
    );
    expect(errors.some((e) => e.startsWith('entity "org:belgorod" (#2): id: must be "<kind>:<slug>"'))).toBe(true);
  });

  it('refuses duplicate ids', () => {
    const input = makePack();
    input.entities[2].id = 'place:russia';
    const errors = errorsOf(validatePack(input));
    expect(errors).toContain('entity "place:russia" (#2): id: duplicate: entity #0 has the same id');
  });

  it('refuses dangling references and references to the wrong kind', () => {
    const input = makePack();
    input.entities[2].region = 'place:kursk-oblast';
    input.entities[3].roles[0].of = 'event:belgorod-strike';
    input.entities[4].places = ['place:belgorod', 'person:vyacheslav-gladkov'];
    expect(errorsOf(validatePack(input))).toEqual([
      'entity "place:belgorod" (#2): region: refers to "place:kursk-oblast", which is not in this pack',
      'entity "person:vyacheslav-gladkov" (#3): roles[0].of: must refer to an organization or a place (got "event:belgorod-strike")',
      'entity "event:belgorod-strike" (#4): places[1]: must refer to a place (got "person:vyacheslav-gladkov")',
    ]);
  });

  it('refuses invalid dates and periods that end before they start', () => {
    const input = makePack();
    input.entities[3].roles[0].from = '2021-02-29';
    input.entities[3].roles[1].to = '2021-08';
    input.entities[4].end = '2023-11';
    input.manifest.knowledgeDate = '2025-6';
    expect(errorsOf(validatePack(input))).toEqual([
      'manifest.knowledgeDate: must be a real date written "YYYY", "YYYY-MM" or "YYYY-MM-DD" (got "2025-6")',
      'entity "person:vyacheslav-gladkov" (#3): roles[0].from: must be a real date written "YYYY", "YYYY-MM" or "YYYY-MM-DD" (got "2021-02-29")',
      'entity "event:belgorod-strike" (#4): end: must not be before start (2023-12-30) (got "2023-11")',
    ]);
    // The role with a bad `from` failed the schema, so its neighbour's from > to shows once that is fixed.
    input.entities[3].roles[0].from = '2020-11-18';
    input.manifest.knowledgeDate = '2025-06';
    expect(errorsOf(validatePack(input))).toEqual([
      'entity "person:vyacheslav-gladkov" (#3): roles[1].to: must not be before from (2021-09) (got "2021-08")',
      'entity "event:belgorod-strike" (#4): end: must not be before start (2023-12-30) (got "2023-11")',
    ]);
  });

  it('accepts partial bounds that may be in order', () => {
    const input = makePack();
    input.entities[3].roles[0] = { title: 'Governor', from: '2021-09-10', to: '2021', source: 'editorial' };
    input.entities[4].end = '2023-12'; // covers the start day, 2023-12-30
    expect(validatePack(input).ok).toBe(true);
  });

  it('refuses out-of-range coordinates and implausible populations', () => {
    const input = makePack();
    input.entities[2].coordinates.lat = 95;
    input.entities[2].coordinates.lon = -181;
    input.entities[2].population = [
      { value: 0, year: 2021, source: 'census' },
      { value: 10, year: 1500.5, source: 'census' },
    ];
    expect(errorsOf(validatePack(input))).toEqual([
      'entity "place:belgorod" (#2): coordinates.lat: must be between -90 and 90 (got 95)',
      'entity "place:belgorod" (#2): coordinates.lon: must be between -180 and 180 (got -181)',
      'entity "place:belgorod" (#2): population[0].value: must be between 1 and 10000000000 (got 0)',
      'entity "place:belgorod" (#2): population[1].year: must be a whole number (got 1500.5)',
    ]);
  });

  it('refuses population years after the knowledge date or out of order', () => {
    const input = makePack();
    input.entities[2].population = [
      { value: 10, year: 2021, source: 'census' },
      { value: 10, year: 2010, source: 'census' },
      { value: 10, year: 2026, source: 'census' },
    ];
    expect(errorsOf(validatePack(input))).toEqual([
      'entity "place:belgorod" (#2): population[1].year: must be later than the year before it, oldest first (got 2010 after 2021)',
      "entity \"place:belgorod\" (#2): population[2].year: must not be after the pack's knowledge date (2025-06) (got 2026)",
    ]);
  });

  it('refuses an entityCount that does not match', () => {
    const input = makePack();
    input.manifest.entityCount = 4;
    expect(errorsOf(validatePack(input))).toEqual(['manifest.entityCount: must equal the number of entities, 5 (got 4)']);
  });

  it('refuses the wrong format and format version', () => {
    const input = makePack();
    input.format = 'other';
    input.formatVersion = 2;
    expect(errorsOf(validatePack(input))).toEqual([
      'format: must be "backstory-pack" (got "other")',
      'formatVersion: must be 1, the only format version this build reads (got 2)',
    ]);
  });

  it('refuses __proto__, constructor and prototype keys without being polluted', () => {
    const input = JSON.parse(JSON.stringify(makePack()).replace('"name":"Belgorod",', '"__proto__":{"polluted":true},"name":"Belgorod",'));
    input.manifest = JSON.parse(JSON.stringify(input.manifest).replace('{', '{"constructor":{"prototype":{"polluted":true}},'));
    const result = validatePack(input);
    expect(errorsOf(result)).toEqual([
      'manifest.constructor: forbidden field name',
      'entity "place:belgorod" (#2): __proto__: forbidden field name',
    ]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses empty, untrimmed, oversized and control-character strings without echoing huge values', () => {
    const input = makePack();
    input.entities[0].name = '';
    input.entities[1].name = ' Belgorod Oblast';
    input.entities[2].description = 'x'.repeat(5_000_000);
    input.entities[3].name = 'Vyacheslav\u0000Gladkov';
    input.entities[4].aliases = Array.from({ length: 201 }, (_, i) => `alias ${i}`);
    const errors = errorsOf(validatePack(input));
    expect(errors).toEqual([
      'entity "place:russia" (#0): name: must not be empty',
      'entity "place:belgorod-oblast" (#1): name: must not start or end with spaces (got " Belgorod Oblast")',
      'entity "place:belgorod" (#2): description: must be at most 1000 characters (got 5000000)',
      'entity "person:vyacheslav-gladkov" (#3): name: must not contain control characters (U+0000)',
      'entity "event:belgorod-strike" (#4): aliases: must have at most 200 items (got 201)',
    ]);
    expect(errors.join('').length).toBeLessThan(1000);
  });

  it('refuses duplicate aliases, an alias equal to the name and stray ambiguous forms', () => {
    const input = makePack();
    input.entities[2].aliases = ['Белгород', 'Belgorod', 'Белгород'];
    input.entities[2].ambiguous = ['Bilhorod'];
    expect(errorsOf(validatePack(input))).toEqual([
      'entity "place:belgorod" (#2): aliases[1]: repeats the name ("Belgorod")',
      'entity "place:belgorod" (#2): aliases[2]: duplicate of aliases[0] ("Белгород")',
      'entity "place:belgorod" (#2): ambiguous[0]: must be the name or one of the aliases (got "Bilhorod")',
    ]);
  });

  it('warns when two entities share a form that neither marks ambiguous', () => {
    const input = makePack();
    input.entities[1].aliases.push('belgorod');
    const result = validatePack(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      'entity "place:belgorod-oblast" (#1): "belgorod" is also a name or alias of "place:belgorod"; list it in `ambiguous`',
    ]);
    input.entities[2].ambiguous = ['Belgorod'];
    const marked = validatePack(input);
    expect(marked.ok && marked.warnings).toEqual([]);
  });

  it('caps the number of errors listed', () => {
    const input = makePack();
    input.entities = Array.from({ length: 80 }, (_, i) => ({ id: `place:p${i}`, kind: 'place' }));
    input.manifest.entityCount = 80;
    const errors = errorsOf(validatePack(input));
    expect(errors).toHaveLength(51);
    expect(errors[50]).toMatch(/^\.\.\. and \d+ more errors$/);
  });

  it('never throws, whatever the input', () => {
    const throwing = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    const cyclic: any = makePack();
    cyclic.entities[0].facts = [cyclic];
    const weird = [
      throwing,
      cyclic,
      { format: 'backstory-pack', formatVersion: 1, manifest: null, entities: null },
      { ...makePack(), entities: { length: 3 } },
      { ...makePack(), entities: [null, [], 1n, Symbol('x'), () => 1] },
      JSON.parse('{"__proto__": {"entities": []}}'),
    ];
    for (const input of weird) {
      const result = validatePack(input);
      expect(result.ok).toBe(false);
    }
  });
});

describe('pack requirements and shared forms', () => {
  it('accepts `requires` as a list of pack ids, refusing the pack itself and duplicates', () => {
    const input = makePack();
    input.manifest.requires = ['world.gazetteer', 'world.leaders'];
    const ok = validatePack(input);
    expect(ok.ok && ok.pack.manifest.requires).toEqual(['world.gazetteer', 'world.leaders']);
    expect(ok.ok && ok.warnings).toEqual([]);
    input.manifest.requires = ['test.pack', 'world.gazetteer', 'world.gazetteer', 'Not An Id'];
    expect(errorsOf(validatePack(input))).toEqual([
      'manifest.requires[3]: must be lowercase letters and digits separated by dots or dashes (got "Not An Id")',
    ]);
    input.manifest.requires = ['test.pack', 'world.gazetteer', 'world.gazetteer'];
    expect(errorsOf(validatePack(input))).toEqual([
      'manifest.requires[0]: a pack cannot require itself',
      'manifest.requires[2]: duplicate ("world.gazetteer")',
    ]);
  });

  it('lists every unmarked shared form, complete and structured, for quality gates', () => {
    const input = makePack();
    input.entities[1].aliases.push('belgorod');
    const ok = validatePack(input);
    if (!ok.ok) throw new Error(ok.errors.join('\n'));
    expect(findSharedAliases(ok.pack.entities)).toEqual([
      {
        key: 'belgorod',
        owners: [
          { id: 'place:belgorod-oblast', form: 'belgorod', position: 1 },
          { id: 'place:belgorod', form: 'Belgorod', position: 2 },
        ],
      },
    ]);
    expect(sharedAliasWarnings(ok.pack)).toEqual([
      'entity "place:belgorod-oblast": "belgorod" is also a name or alias of "place:belgorod"; list it in `ambiguous`',
    ]);
    ok.pack.entities[2]!.ambiguous = ['Belgorod'];
    expect(sharedAliasWarnings(ok.pack)).toEqual([]);
  });
});
