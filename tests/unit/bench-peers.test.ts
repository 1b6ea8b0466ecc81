/**
 * The benchmark's peers (scripts/bench/peers.ts) must find exactly the mentions the matcher finds, or
 * the throughput ratios of `npm run bench` compare different work. Checked on generated corpora (smaller
 * than the benchmark's) with the packs that ship (`public/packs`, compiled by `npm run packs` before the
 * unit tests) and with a generated pack; and on a short text of the hard cases. Correctness only: no timing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMatcherIndex, Matcher, type MatchableEntity, type MatchResult } from '../../lib/matcher';
import { DEFAULT_PACKS_DIR, loadCompiledEntities } from '../../scripts/compiled-packs';
import { generateCorpus } from '../../scripts/bench/corpus';
import { generatedEntitiesPack } from '../../scripts/bench/generated-entities';
import { aliasTable, perTermPeer, regexPeer, type Peer } from '../../scripts/bench/peers';

interface Subject {
  matcher: Matcher;
  peers: Peer[];
}

function subject(entities: readonly MatchableEntity[]): Subject {
  const table = aliasTable(entities);
  return { matcher: Matcher.load(buildMatcherIndex(entities)), peers: [regexPeer(table), perTermPeer(table)] };
}

/** The matcher's mentions, after checking that every peer finds the same. */
function agreed(s: Subject, text: string): MatchResult[] {
  const expected = s.matcher.find(text);
  for (const peer of s.peers) expect(peer.find(text), peer.name).toEqual(expected);
  return expected;
}

describe('the benchmark peers find what the matcher finds', () => {
  let bundledEntities: MatchableEntity[];
  let bundled: Subject;

  beforeAll(() => {
    const entities = loadCompiledEntities(DEFAULT_PACKS_DIR);
    if (entities instanceof Error) throw entities;
    bundledEntities = entities;
    bundled = subject(entities);
  });

  it('with the bundled packs, on a generated corpus', () => {
    const text = generateCorpus(bundledEntities, { chars: 100_000, seed: 3 });
    const mentions = agreed(bundled, text);
    expect(mentions.length).toBeGreaterThan(600);
    // The corpus exercises what the peers must get right: several words, shared names, periods.
    expect(mentions.some((m) => m.text.includes(' '))).toBe(true);
    expect(mentions.some((m) => m.alternatives.length > 0)).toBe(true);
    expect(mentions.some((m) => m.text.endsWith('.'))).toBe(true);
  });

  it('with a generated pack of 2,000 entities, on a generated corpus', () => {
    const { entities } = generatedEntitiesPack({ entities: 2_000, seed: 5 });
    const text = generateCorpus(entities, { chars: 200_000, seed: 4 });
    const mentions = agreed(subject(entities), text);
    expect(mentions.length).toBeGreaterThan(1_200);
    expect(mentions.some((m) => m.alternatives.length > 0)).toBe(true);
    expect(mentions.some((m) => m.text.split(' ').length >= 3)).toBe(true);
  });

  it('with the bundled packs, on the hard cases', () => {
    const text = [
      'WASHINGTON — The U.S. and the EU met in St. Petersburg; Putin’s envoy and J. D. Vance spoke.',
      'Officials in the Donetsk region (not Donetsk. Region officials) and in Ivano-Frankivsk, Avdiïvka and Łódź.',
      'NATO, nato and Nato; Nice and NICE; Georgia, georgia; Kyiv\u00a0Oblast and Kyiv\n\nOblast; 🚨 Kharkiv 🚨.',
      'The Kremlin said the Hague and The Hague; Moscow-based, Moscowitz, Kremlinology; O’Brien’s Kyiv’s.',
    ].join('\n');
    const mentions = agreed(bundled, text);
    expect(mentions.map((m) => m.text)).toEqual(expect.arrayContaining(['U.S.', 'St. Petersburg', 'Putin', 'Donetsk region', 'Avdiïvka', 'NATO', 'Kharkiv']));
  });

  it('with no alias in the text, or no text', () => {
    expect(agreed(bundled, '')).toEqual([]);
    expect(agreed(bundled, 'nothing here names anyone, 2024.')).toEqual([]);
  });
});
