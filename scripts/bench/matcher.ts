/**
 * Section "matcher": how fast `Matcher.find` goes through a large generated news corpus (MB of UTF-8
 * text per second), with (a) the bundled packs and (b) a generated pack of 100,000 entities and 300,000
 * aliases; against two peers computing the same mentions (scripts/bench/peers.ts), each measured side by
 * side with the matcher on the same text; and whether the cost is linear in text size and flat in alias count.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Matcher } from '../../lib/matcher';
import * as fixtures from './fixtures';
import { CORPUS_CHARS, LABEL, PACK_SETS, QUICK_CORPUS_CHARS, type PackSet } from './fixtures';
import type { Peer } from './peers';
import { collect, formatNumber, kb, mb, mbPerSecond, median, row, timeOnce, utf8Bytes } from './stats';
import type { BenchContext, BenchRow, BenchSection } from './types';

/** The budget of the issue: the matcher at least this many times the regex alternation's throughput on (b). */
const REGEX_BUDGET = 20;
/** "Linear" and "flat": throughput may drop by at most this factor. */
const FLATNESS_BUDGET = 0.8;

/** Times a matcher over a text once (short texts are repeated for at least `minMs`); a full collection first. */
function timeFind(find: (text: string) => unknown, text: string, minMs = 0): number {
  collect();
  return timeOnce(() => find(text), minMs);
}

/**
 * The longest prefix of `text` (at a paragraph break) that `peer` searches in about `targetMs`, or the whole
 * text when that would take less than twice as long: probed on growing prefixes.
 */
function prefixFor(peer: Peer, text: string, targetMs: number): string {
  let size = Math.min(text.length, 4_000);
  let ms = timeOnce(() => peer.find(text.slice(0, size)));
  while (ms < targetMs / 10 && size < text.length) {
    size = Math.min(text.length, size * 4);
    ms = timeOnce(() => peer.find(text.slice(0, size)));
  }
  const wanted = Math.floor((size * targetMs) / Math.max(ms, 1e-3));
  if (wanted >= text.length / 2) return text;
  const cut = text.lastIndexOf('\n\n', wanted);
  return text.slice(0, cut > wanted / 2 ? cut : Math.max(wanted, 2_000));
}

interface PeerComparison {
  row: BenchRow;
  identical: boolean;
}

function comparePeer(set: PackSet, matcher: Matcher, peer: Peer, text: string, runs: number, targetMs: number, context: BenchContext): PeerComparison {
  const prefix = prefixFor(peer, text, targetMs);
  const whole = prefix.length === text.length;
  const bytes = utf8Bytes(prefix);
  context.log(`  ${LABEL[set]}, ${peer.name}: on ${whole ? 'the whole corpus' : `the first ${kb(prefix.length)}`}`);
  // The first run checks the output and warms both up.
  const expected = matcher.find(prefix);
  const identical = isDeepStrictEqual(peer.find(prefix), expected);
  const matcherRates: number[] = [];
  const peerRates: number[] = [];
  for (let r = 0; r < runs; r++) {
    matcherRates.push(mbPerSecond(bytes, timeFind((t) => matcher.find(t), prefix, 300)));
    peerRates.push(mbPerSecond(bytes, timeFind((t) => peer.find(t), prefix)));
  }
  const on = whole ? `the whole ${mb(bytes)}` : `the first ${kb(bytes)} of the corpus`;
  return {
    identical,
    row: row({
      id: `matcher.vs-${peer.name.replace(/\W+/g, '-')}.${set}`,
      name: `${LABEL[set]}: matcher vs ${peer.name}, side by side on ${on}`,
      unit: 'MB/s',
      samples: matcherRates,
      peer: { name: peer.name, samples: matcherRates.map((m, i) => m / peerRates[i]!), values: peerRates },
      ...(set === 'generated' && peer.name === 'regex alternation'
        ? { budget: { text: `≥ ${REGEX_BUDGET}× the regex alternation`, met: median(matcherRates.map((m, i) => m / peerRates[i]!)) >= REGEX_BUDGET } }
        : {}),
      note: `${identical ? 'same mentions as the matcher' : 'MENTIONS DIFFER from the matcher'} (${expected.length.toLocaleString('en')} mentions)${whole ? '' : `; a prefix because a run over the whole corpus would take ${formatNumber((median(peerRates.map((p) => utf8Bytes(text) / 1e6 / p))))} s`}`,
    }),
  };
}

export const matcherThroughput: BenchSection = {
  id: 'matcher',
  title: 'Matcher throughput in Node',
  async run(context) {
    const chars = context.quick ? QUICK_CORPUS_CHARS : CORPUS_CHARS;
    const runs = context.quick ? 3 : 5;
    const peerRuns = 3;
    // How long one peer run may take: the regex usually gets the whole corpus, the per-term scan a prefix.
    const regexTargetMs = context.quick ? 1_000 : 3_000;
    const perTermTargetMs = context.quick ? 400 : 1_000;

    context.log('generating packs, corpora and indexes');
    const corpora = { bundled: fixtures.corpus('bundled', chars), generated: fixtures.corpus('generated', chars) };
    const matchers = { bundled: fixtures.matcher('bundled'), generated: fixtures.matcher('generated') };
    const combined = fixtures.combinedMatcher();
    const small = corpora.generated.slice(0, Math.round(chars / 5));
    const bytes = { bundled: utf8Bytes(corpora.bundled), generated: utf8Bytes(corpora.generated), small: utf8Bytes(small) };
    for (const m of [matchers.bundled, matchers.generated, combined]) m.find(corpora.bundled.slice(0, 300_000));

    context.log(`matcher over the corpora, ${runs} rounds`);
    const rate = { bundled: [] as number[], generated: [] as number[], combined: [] as number[], small: [] as number[] };
    for (let r = 0; r < runs; r++) {
      rate.bundled.push(mbPerSecond(bytes.bundled, timeFind((t) => matchers.bundled.find(t), corpora.bundled)));
      rate.combined.push(mbPerSecond(bytes.bundled, timeFind((t) => combined.find(t), corpora.bundled)));
      rate.generated.push(mbPerSecond(bytes.generated, timeFind((t) => matchers.generated.find(t), corpora.generated)));
      rate.small.push(mbPerSecond(bytes.small, timeFind((t) => matchers.generated.find(t), small, 300)));
    }
    const found = { bundled: matchers.bundled.find(corpora.bundled).length, generated: matchers.generated.find(corpora.generated).length };
    const combinedFound = combined.find(corpora.bundled).length;

    const rows: BenchRow[] = [];
    for (const set of PACK_SETS) {
      const size = matchers[set].size;
      rows.push(
        row({
          id: `matcher.throughput.${set}`,
          name: `${LABEL[set]} (${size.entities.toLocaleString('en')} entities, ${size.aliases.toLocaleString('en')} aliases): matcher over ${mb(bytes[set])}`,
          unit: 'MB/s',
          samples: rate[set],
          note: `${found[set].toLocaleString('en')} mentions, one per ${Math.round(corpora[set].length / found[set])} characters`,
        }),
      );
    }
    const linear = rate.generated.map((g, i) => g / rate.small[i]!);
    rows.push(
      row({
        id: 'matcher.linear',
        name: `linear in text size: (b) throughput on ${mb(bytes.generated)} ÷ on its first ${mb(bytes.small)}`,
        unit: '×',
        samples: linear,
        budget: { text: `≥ ${FLATNESS_BUDGET}`, met: median(linear) >= FLATNESS_BUDGET },
      }),
    );
    const flat = rate.combined.map((c, i) => c / rate.bundled[i]!);
    const combinedSize = combined.size;
    rows.push(
      row({
        id: 'matcher.flat',
        name: `flat in alias count: throughput on the (a) corpus with ${combinedSize.aliases.toLocaleString('en')} aliases ((a) + (b)) ÷ with (a)'s ${matchers.bundled.size.aliases.toLocaleString('en')}`,
        unit: '×',
        samples: flat,
        budget: { text: `≥ ${FLATNESS_BUDGET}`, met: median(flat) >= FLATNESS_BUDGET },
        note: `${combinedFound.toLocaleString('en')} mentions with (a) + (b), ${found.bundled.toLocaleString('en')} with (a)`,
      }),
    );

    const notes: string[] = [
      `Corpora: generated news-like text (scripts/bench/corpus.ts, seeded), ${mb(bytes.bundled)} naming (a)'s entities and ${mb(bytes.generated)} naming (b)'s; MB = 10^6 bytes of UTF-8; ${runs} rounds, each a full collection then one run of each figure, side by side.`,
      'Peers (scripts/bench/peers.ts) compute the same mentions (offsets, entity, alternatives) from the same folded text the matcher tokenizes: "regex alternation" is one JavaScript RegExp of every alias key, longest first; "per-term scan" is the mark.js algorithm (one indexOf scan of the text per alias, word-boundary checks, then leftmost-longest), implemented here, not the mark.js package. Their times include tokenizing and folding the text.',
    ];
    const mismatches: string[] = [];
    for (const set of PACK_SETS) {
      const regex = fixtures.sharedRegexPeer(set);
      context.log(`  ${LABEL[set]}: regex alternation ready in ${formatNumber((regex.parseMs + regex.tableMs + regex.compileMs) / 1000)} s`);
      notes.push(
        `${LABEL[set]}: the regex alternation of ${regex.table.byKey.size.toLocaleString('en')} keys took ${formatNumber(regex.compileMs / 1000)} s to compile (V8 compiles it on first use), outside the throughput figures.`,
      );
      const peers: Array<[Peer, number]> = [[regex.peer, regexTargetMs], [fixtures.sharedPerTermPeer(set), perTermTargetMs]];
      for (const [peer, targetMs] of peers) {
        const comparison = comparePeer(set, matchers[set], peer, corpora[set], peerRuns, targetMs, context);
        rows.push(comparison.row);
        if (!comparison.identical) mismatches.push(`${LABEL[set]} ${peer.name}`);
      }
    }
    return { rows, notes, problems: mismatches.map((m) => `${m}: the mentions differ from the matcher's`) };
  },
};
