/**
 * `npm run eval [-- --dir ../shared/eval/dev] [--verbose] [--json out.json]`
 *
 * Measures detection against hand-made gold mentions (the format of ../shared/eval/dev: NN-slug.txt plus
 * NN-slug.gold.json with code point offsets and a type per mention). Runs the same matcher as the
 * extension over each text with the compiled packs and prints precision / recall / F1, strict (exact span
 * and kind) and overlap (overlapping span, same kind), overall and by kind. Gold mentions marked
 * `uncertain` are left out of both sides. The texts are read where they are; nothing is copied.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { annotateText, buildMatcherIndex, Matcher, withCodePointOffsets } from '../lib/matcher';
import { addCounts, scoreDocument, scores, type Counts, type Span } from '../lib/eval/score';
import type { EntityKind } from '../lib/pack/types';
import { DEFAULT_PACKS_DIR, loadCompiledEntities } from './compiled-packs';

interface GoldFile {
  text_file: string;
  mentions: Array<{ text: string; start: number; end: number; type: EntityKind; uncertain?: boolean }>;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const dir = option('--dir', '../shared/eval/dev');
const verbose = args.includes('--verbose');

const entities = loadCompiledEntities(option('--packs', DEFAULT_PACKS_DIR));
if (entities instanceof Error) {
  console.error(entities.message);
  process.exit(2);
}
const matcher = Matcher.load(buildMatcherIndex(entities));
const zero: Counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
let strict = zero;
let overlap = zero;
const byKind: Record<string, Counts> = {};
const rows: string[] = [];
const perDocument: unknown[] = [];

for (const goldName of readdirSync(dir).filter((name) => name.endsWith('.gold.json')).sort()) {
  const gold = JSON.parse(readFileSync(join(dir, goldName), 'utf8')) as GoldFile;
  const text = readFileSync(join(dir, gold.text_file), 'utf8');
  const uncertain = gold.mentions.filter((m) => m.uncertain);
  const isUncertain = (span: { start: number; end: number }) => uncertain.some((u) => u.start < span.end && span.start < u.end);
  const goldSpans: Span[] = gold.mentions.filter((m) => !m.uncertain).map((m) => ({ start: m.start, end: m.end, kind: m.type, text: m.text }));
  const found: Span[] = withCodePointOffsets(text, annotateText(matcher, text))
    .filter((m) => !isUncertain(m))
    .map((m) => ({ start: m.start, end: m.end, kind: m.kind, text: m.text }));
  const result = scoreDocument(goldSpans, found);
  strict = addCounts(strict, result.strict);
  overlap = addCounts(overlap, result.overlap);
  for (const [kind, counts] of Object.entries(result.byKind)) byKind[kind] = addCounts(byKind[kind] ?? zero, counts);
  const s = scores(result.strict);
  rows.push(`${gold.text_file.padEnd(52)} ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)}   gold ${goldSpans.length}, found ${found.length}`);
  if (verbose) {
    rows.push(`    missed:   ${result.missed.map((m) => `${m.text} (${m.kind})`).join(', ') || '-'}`);
    rows.push(`    spurious: ${result.spurious.map((m) => `${m.text} (${m.kind})`).join(', ') || '-'}`);
  }
  perDocument.push({ file: gold.text_file, strict: s, missed: result.missed, spurious: result.spurious });
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1).padStart(5)}%`;
}

const summary = { strict: scores(strict), overlap: scores(overlap), byKind: Object.fromEntries(Object.entries(byKind).map(([k, c]) => [k, scores(c)])) };
console.log(`${'document'.padEnd(52)} ${'prec.'.padStart(6)} ${'recall'.padStart(6)} ${'F1'.padStart(6)}`);
console.log(rows.join('\n'));
console.log(`\n${'all, strict (exact span and kind)'.padEnd(52)} ${pct(summary.strict.precision)} ${pct(summary.strict.recall)} ${pct(summary.strict.f1)}`);
console.log(`${'all, overlap (overlapping span, same kind)'.padEnd(52)} ${pct(summary.overlap.precision)} ${pct(summary.overlap.recall)} ${pct(summary.overlap.f1)}`);
for (const [kind, s] of Object.entries(summary.byKind)) {
  console.log(`${`  ${kind}, strict`.padEnd(52)} ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)}   tp ${s.truePositives}, fp ${s.falsePositives}, fn ${s.falseNegatives}`);
}
const out = args.includes('--json') ? option('--json', '') : '';
if (out) writeFileSync(out, `${JSON.stringify({ dir, summary, perDocument }, null, 2)}\n`);
