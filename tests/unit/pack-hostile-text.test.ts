/**
 * The hostile-text policy below the interface (docs/pack-format.md, "Hostile text"): which links may be
 * made, what validation refuses and how it quotes what it refuses, what the display bound does, and how
 * the matcher reads bidi marks hidden in names.
 */
import { describe, expect, it } from 'vitest';
import { ALLOWED_LINK_HOSTS, safeLinkHref, wikipediaTitleProblem, wikipediaUrl } from '../../lib/pack/safe-url';
import { displayText, MAX_DISPLAY_LENGTH } from '../../lib/pack/display-text';
import { describeValue } from '../../lib/pack/schema';
import { foldForComparison, validatePack } from '../../lib/pack/validate';
import type { Pack, Person } from '../../lib/pack/types';
import { buildMatcherIndex, Matcher } from '../../lib/matcher';
import { compileAlias } from '../../lib/matcher/index-data';
import { tokenize } from '../../lib/text/normalize';

const RLO = '\u202E';
const RLM = '\u200F';
const LRM = '\u200E';

function person(overrides: Partial<Person> = {}): Person {
  return {
    id: 'person:vexa-quorran',
    kind: 'person',
    name: 'Vexa Quorran',
    aliases: ['Quorran'],
    description: 'An official invented for the tests.',
    source: 'Backstory tests',
    roles: [{ title: 'Warden of the test marches', from: '2020', source: 'Backstory tests' }],
    ...overrides,
  };
}

function pack(entities: Pack['entities'], manifest: Partial<Pack['manifest']> = {}): Pack {
  return {
    format: 'backstory-pack',
    formatVersion: 1,
    manifest: { id: 'test.hostile', title: 'Hostile', version: 1, knowledgeDate: '2025-01', licence: 'CC BY 4.0', attribution: 'tests', entityCount: entities.length, ...manifest },
    entities,
  };
}

const errorsOf = (input: unknown) => {
  const result = validatePack(input);
  return result.ok ? [] : result.errors;
};

describe('safeLinkHref: links only over https to an allowed host', () => {
  it('lets the Wikipedia links through, as written', () => {
    expect([...ALLOWED_LINK_HOSTS]).toEqual(['en.wikipedia.org']);
    expect(safeLinkHref('https://en.wikipedia.org/wiki/Kyiv')).toBe('https://en.wikipedia.org/wiki/Kyiv');
    expect(safeLinkHref(wikipediaUrl('javascript:alert(1)'))).toBe('https://en.wikipedia.org/wiki/javascript%3Aalert(1)');
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    [' javascript:alert(1)'],
    ['java\tscript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox(1)'],
    ['http://en.wikipedia.org/wiki/Kyiv'],
    ['//en.wikipedia.org/wiki/Kyiv'],
    ['/wiki/Kyiv'],
    ['wiki/Kyiv'],
    ['https://tracker.example/'],
    ['https://en.wikipedia.org.tracker.example/wiki/Kyiv'],
    ['https://tracker.example/@en.wikipedia.org'],
    ['https://en.wikipedia.org@tracker.example/'],
    ['https://user:pass@en.wikipedia.org/wiki/Kyiv'],
    ['https://en.wikipedia.org:8443/wiki/Kyiv'],
    ['https://fr.wikipedia.org/wiki/Kyiv'],
    ['https://en.wikipedia.org\u2024tracker.example/'],
    ['chrome-extension://abcdef/options.html'],
    [''],
  ])('refuses %j', (url) => {
    expect(safeLinkHref(url)).toBeUndefined();
  });

  it('refuses nothing at all', () => {
    expect(safeLinkHref(undefined)).toBeUndefined();
  });
});

describe('the wikipedia field: a title, never a link', () => {
  it('accepts titles, colons followed by a space included', () => {
    for (const title of ['Kyiv', 'Kyiv (city)', 'Mission: Impossible', 'Côte d’Ivoire', 'AC/DC', '2024 Kharkiv offensive']) {
      expect(wikipediaTitleProblem(title), title).toBeUndefined();
    }
  });

  it('refuses schemes and URLs, and the characters MediaWiki forbids in titles', () => {
    for (const title of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'https://en.wikipedia.org/wiki/Kyiv', 'http:x', 'Category:Kyiv']) {
      expect(wikipediaTitleProblem(title), title).toMatch(/not a link/);
    }
    for (const title of ['Kyiv#History', '<script>', 'a[b]', 'a{b}', 'a|b']) {
      expect(wikipediaTitleProblem(title), title).toMatch(/are not allowed/);
    }
  });

  it('is checked by validation, with the value quoted', () => {
    expect(errorsOf(pack([person({ wikipedia: 'javascript:alert(document.domain)' })]))).toEqual([
      'entity "person:vexa-quorran" (#0): wikipedia: must be an article title, not a link or anything starting with a scheme such as "javascript:" or "https:" (got "javascript:alert(document.domain)")',
    ]);
    expect(errorsOf(pack([person({ wikipedia: 'Vexa <b>Quorran</b>' })]))[0]).toMatch(/wikipedia: must be an article title: # < > \[ \] \{ \} \| are not allowed/);
    expect(validatePack(pack([person({ wikipedia: 'Mission: Impossible' })])).ok).toBe(true);
  });
});

describe('validation of hostile text', () => {
  it('accepts markup and javascript: as text: it is shown as text', () => {
    const result = validatePack(
      pack([person({ name: 'Vexa <img src=x onerror=alert(1)>', description: '<script>alert(1)</script> javascript:alert(2)' })], { title: '<b>Hostile</b>' }),
    );
    expect(result.ok).toBe(true);
  });

  it('refuses bidi embeddings, overrides and isolates in every text field, naming the character', () => {
    const controls = ['\u202A', '\u202B', '\u202C', '\u202D', RLO, '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const control of controls) {
      const code = `U+${control.charCodeAt(0).toString(16).toUpperCase()}`;
      const errors = errorsOf(
        pack(
          [
            person({
              name: `Vexa ${control}Quorran`,
              description: `An official${control}.`,
              source: `tests${control}`,
              roles: [{ title: `Warden${control}`, from: '2020', source: 'tests' }],
              facts: [{ label: `status${control}`, value: 'active', source: 'tests' }],
            }),
          ],
          { title: `Hostile${control}` },
        ),
      );
      expect(errors, code).toEqual([
        `manifest.title: must not contain control characters (${code})`,
        `entity "person:vexa-quorran" (#0): name: must not contain control characters (${code})`,
        `entity "person:vexa-quorran" (#0): description: must not contain control characters (${code})`,
        `entity "person:vexa-quorran" (#0): roles[0].title: must not contain control characters (${code})`,
        `entity "person:vexa-quorran" (#0): facts[0].label: must not contain control characters (${code})`,
        `entity "person:vexa-quorran" (#0): source: must not contain control characters (${code})`,
      ]);
    }
  });

  it('accepts the bidi marks LRM, RLM and ALM, which right-to-left text needs', () => {
    expect(validatePack(pack([person({ source: `מקור בדיקה${RLM}`, aliases: [`Quorran${LRM}`, 'وكسا\u061C'] })])).ok).toBe(true);
  });

  it('refuses 100,000 characters in a name, a description or a source label, without echoing them', () => {
    const huge = 'Q'.repeat(100_000);
    const errors = errorsOf(pack([person({ name: huge, description: huge, source: huge })], { description: huge }));
    expect(errors).toEqual([
      'manifest.description: must be at most 1000 characters (got 100000)',
      'entity "person:vexa-quorran" (#0): name: must be at most 200 characters (got 100000)',
      'entity "person:vexa-quorran" (#0): description: must be at most 1000 characters (got 100000)',
      'entity "person:vexa-quorran" (#0): source: must be at most 200 characters (got 100000)',
    ]);
    expect(errors.join('\n').length).toBeLessThan(500);
  });

  it('quotes a refused value with its invisible and bidi characters escaped', () => {
    expect(describeValue(` Vexa${RLO}Quorran${RLM} `)).toBe('" Vexa\\u202EQuorran\\u200F "');
    // Untrimmed and holding an override: the first failing rule echoes the value, escaped.
    expect(errorsOf(pack([person({ name: ` Vexa ${RLO}Quorran` })]))).toEqual([
      'entity "person:vexa-quorran" (#0): name: must not start or end with spaces (got " Vexa \\u202EQuorran")',
    ]);
    expect(errorsOf(pack([person({ aliases: [`Quorran${RLM}`, `Quorran${RLM}`] })]))).toEqual([
      'entity "person:vexa-quorran" (#0): aliases[1]: duplicate of aliases[0] ("Quorran\\u200F")',
    ]);
    // An unknown field named with an override, and an entity id holding one (not an id, quoted escaped).
    const input = pack([person()]) as unknown as { entities: Array<Record<string, unknown>> };
    input.entities[0]![`x${RLO}y`] = 1;
    const result = validatePack(input);
    expect(result.ok && result.warnings).toEqual(['entity "person:vexa-quorran" (#0): unknown field "x\\u202Ey" (ignored)']);
    input.entities[0]!.id = `person:${RLO}x`;
    expect(errorsOf(input)[0]).toMatch(/^entity "person:\\u202Ex" \(#0\): id: must be/);
  });

  it('compares forms without bidi marks, so a hidden mark does not hide a shared name', () => {
    expect(foldForComparison(`Quorran${RLM}`)).toBe(foldForComparison('Quorran'));
    const twin = person({ id: 'person:vexa-quorran-twin', name: `Vexa Quorran${LRM}`, aliases: [] });
    const result = validatePack(pack([person(), twin]));
    expect(result.ok && result.warnings).toEqual([
      'entity "person:vexa-quorran" (#0): "Vexa Quorran" is also a name or alias of "person:vexa-quorran-twin"; list it in `ambiguous`',
    ]);
  });
});

describe('displayText: the bound at render', () => {
  it('leaves validated text alone', () => {
    const text = `Vexa <img src=x onerror=alert(1)> מקור${RLM} javascript:alert(1)`;
    expect(displayText(text)).toBe(text);
  });

  it('drops bidi embeddings, overrides and isolates that got past validation', () => {
    expect(displayText(`Vexa ${RLO}Quorran\u2066x\u2069 \u202Ay\u202C`)).toBe('Vexa Quorranx y');
  });

  it('cuts 100,000 characters to the maximum, with an ellipsis', () => {
    const shown = displayText('Q'.repeat(100_000));
    expect(shown.length).toBe(MAX_DISPLAY_LENGTH);
    expect(shown.endsWith('Q…')).toBe(true);
    expect(displayText('abcdef', 4)).toBe('abc…');
  });

  it('never cuts a surrogate pair in half', () => {
    const shown = displayText('ab😀😀😀', 4);
    expect(shown).toBe('ab…');
    expect(shown.isWellFormed()).toBe(true);
    expect(displayText('a😀😀😀', 4)).toBe('a😀…');
  });
});

describe('bidi marks in the matcher: a word reads as it looks', () => {
  it('keeps a mark inside a word, and drops it from the folded form', () => {
    expect(tokenize(`Pu${LRM}tin`).map((t) => t.folded)).toEqual(['putin']);
    expect(tokenize(`Quorran${RLM} spoke`).map((t) => [t.folded, t.gap])).toEqual([
      ['quorran', 'start'],
      ['spoke', 'space'],
    ]);
    expect(compileAlias(`Vexa${LRM}Quorran`, false)?.key).toBe('vexaquorran');
  });

  it('does not let a name with a hidden mark match other words than it shows', () => {
    const matcher = Matcher.load(
      buildMatcherIndex([
        { id: 'person:hidden-join', kind: 'person', name: `Vexa${RLM}Quorran`, aliases: [] },
        { id: 'person:trailing-mark', kind: 'person', name: `Ilsa${LRM}`, aliases: [`Ilsa Dorne${RLM}`] },
      ]),
    );
    const found = (text: string) => matcher.find(text).map((m) => [m.text, m.id]);
    // Shown as "VexaQuorran": not the two words "Vexa Quorran".
    expect(found('Vexa Quorran arrived.')).toEqual([]);
    expect(found('VexaQuorran arrived.')).toEqual([['VexaQuorran', 'person:hidden-join']]);
    // A trailing mark changes nothing, on either side.
    expect(found('Ilsa Dorne spoke, then Ilsa left.')).toEqual([
      ['Ilsa Dorne', 'person:trailing-mark'],
      ['Ilsa', 'person:trailing-mark'],
    ]);
    expect(found(`Ilsa${RLM} Dorne spoke.`)).toEqual([[`Ilsa${RLM} Dorne`, 'person:trailing-mark']]);
  });
});
