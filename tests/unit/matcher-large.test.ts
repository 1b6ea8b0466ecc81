import { describe, expect, it } from 'vitest';
import { buildMatcherIndex, Matcher, type MatchableEntity } from '../../lib/matcher';
import { word } from '../../scripts/generated-pack';

/** A seeded generator so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

const PEOPLE = 8000;
const PLACES = 8000;
const ORGS = 4000;

function generate(): MatchableEntity[] {
  const entities: MatchableEntity[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const surname = word(i + 100_000);
    entities.push({ id: `person:p${i}`, kind: 'person', name: `${word(i)} ${surname}`, aliases: [surname], prominence: i % 100 });
  }
  for (let i = 0; i < PLACES; i++) {
    const name = word(i + 200_000);
    entities.push({ id: `place:l${i}`, kind: 'place', name, aliases: [`${name} region`], prominence: i % 100 });
  }
  for (let i = 0; i < ORGS; i++) {
    entities.push({ id: `organization:o${i}`, kind: 'organization', name: `${word(i + 300_000)} Council`, aliases: [] });
  }
  return entities;
}

describe('a 20,000-entity index', () => {
  const entities = generate();
  const matcher = Matcher.load(structuredClone(buildMatcherIndex(entities)));

  it('has every entity and alias form', () => {
    expect(matcher.size).toEqual({ entities: PEOPLE + PLACES + ORGS, aliases: 2 * PEOPLE + 2 * PLACES + ORGS });
  });

  it('finds exactly the names written into a long text', () => {
    const next = random(42);
    const pick = (n: number) => Math.floor(next() * n);
    const expected: Array<[string, string]> = [];
    let text = '';
    for (let s = 0; s < 2000; s++) {
      const p = pick(PEOPLE);
      const person = next() < 0.5 ? entities[p]!.name : word(p + 100_000);
      const l = pick(PLACES);
      const place = next() < 0.5 ? `${word(l + 200_000)} region` : word(l + 200_000);
      const o = pick(ORGS);
      const org = `${word(o + 300_000)} Council`;
      text += `Yesterday ${person}’s aides met the ${org} in ${place}, then left. `;
      expected.push([person, `person:p${p}`], [org, `organization:o${o}`], [place, `place:l${l}`]);
    }
    const results = matcher.find(text);
    expect(results.map((r) => [r.text, r.id])).toEqual(expected);
    for (const r of results) expect(text.slice(r.start, r.end)).toBe(r.text);
  });
});
