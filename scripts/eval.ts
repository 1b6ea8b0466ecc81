/**
 * `npm run eval [-- <dir>] [--quiet] [--json out.json] [--packs <dir>]`
 *
 * Measures detection and linking against hand-made gold mentions in the format of ../shared/eval/dev
 * (NN-slug.txt plus NN-slug.gold.json: code point offsets, a type, the canonical English name and a
 * Wikidata id where certain). Runs the same annotate pipeline as the extension and the `annotate` command
 * over each text and prints:
 * - precision / recall / F1, strict (exact span and kind) and overlap, overall and by kind;
 * - for people and places: precision, recall over the gold entities the knowledge base holds, and
 *   coverage (recall over all gold entities, held or not);
 * - wrong links (a right span linked to another entity than the gold one);
 * - the list of errors (missed, spurious, wrong link), unless --quiet.
 * Gold mentions marked `uncertain` are left out of both sides. Texts are read where they are; nothing is copied.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addCounts, scoreDocument, scores, type Counts, type Span } from '../lib/eval/score';
import { EntityNames, type GoldEntityRef } from '../lib/eval/linking';
import type { EntityKind } from '../lib/pack/types';
import { DEFAULT_PACKS_DIR, loadCompiledEntities } from './compiled-packs';
import { annotateFile, createAnnotator } from './annotator';

interface GoldMention {
  text: string;
  start: number;
  end: number;
  type: EntityKind;
  canonical: string;
  wikidata: string | null;
  uncertain?: boolean;
}

interface GoldFile {
  text_file: string;
  mentions: GoldMention[];
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const valued = new Set(['--json', '--packs']);
const positional = args.filter((arg, i) => !arg.startsWith('--') && !valued.has(args[i - 1] ?? ''));
const dir = positional[0] ?? option('--dir') ?? '../shared/eval/dev';
const quiet = args.includes('--quiet');

const entities = loadCompiledEntities(option('--packs') ?? DEFAULT_PACKS_DIR);
if (entities instanceof Error) {
  console.error(entities.message);
  process.exit(2);
}
const annotator = createAnnotator(entities);
const names = new EntityNames(entities);

const zero: Counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
let strict = zero;
let overlap = zero;
const byKind: Record<string, Counts> = {};
/** Per kind, for people and places: gold the knowledge base holds, and hits among them. */
const held: Record<string, { gold: number; hits: number; all: number; allHits: number }> = {};
const errors: string[] = [];
const wrongLinks: string[] = [];
const rows: string[] = [];
const perDocument: unknown[] = [];

for (const goldName of readdirSync(dir).filter((name) => name.endsWith('.gold.json')).sort()) {
  const gold = JSON.parse(readFileSync(join(dir, goldName), 'utf8')) as GoldFile;
  const text = readFileSync(join(dir, gold.text_file), 'utf8');
  const uncertain = gold.mentions.filter((m) => m.uncertain);
  const overlapsUncertain = (span: { start: number; end: number }) => uncertain.some((u) => u.start < span.end && span.start < u.end);
  const goldMentions = gold.mentions.filter((m) => !m.uncertain);
  const goldSpans: Span[] = goldMentions.map((m) => ({ start: m.start, end: m.end, kind: m.type, text: m.text }));
  const annotated = annotateFile(annotator, text).mentions.filter((m) => !overlapsUncertain(m));
  const found: Span[] = annotated.map((m) => ({ start: m.start, end: m.end, kind: m.kind, text: m.text }));

  const result = scoreDocument(goldSpans, found);
  strict = addCounts(strict, result.strict);
  overlap = addCounts(overlap, result.overlap);
  for (const [kind, counts] of Object.entries(result.byKind)) byKind[kind] = addCounts(byKind[kind] ?? zero, counts);

  const hitGold = new Set(result.matched.map((pair) => pair.gold));
  goldMentions.forEach((mention, index) => {
    const ref: GoldEntityRef = { canonical: mention.canonical, wikidata: mention.wikidata, kind: mention.type };
    const tally = (held[mention.type] ??= { gold: 0, hits: 0, all: 0, allHits: 0 });
    tally.all += 1;
    if (hitGold.has(index)) tally.allHits += 1;
    if (names.holds(ref)) {
      tally.gold += 1;
      if (hitGold.has(index)) tally.hits += 1;
    }
  });
  for (const pair of result.matched) {
    const mention = goldMentions[pair.gold]!;
    const detected = annotated[pair.found]!;
    const ref = { canonical: mention.canonical, wikidata: mention.wikidata, kind: mention.type };
    if (names.linksTo(ref, detected.id) === false) {
      wrongLinks.push(`${gold.text_file}: "${mention.text}" linked to ${detected.id}, gold ${mention.canonical}`);
    }
  }

  const s = scores(result.strict);
  rows.push(`${gold.text_file.padEnd(52)} ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)}   gold ${goldSpans.length}, found ${found.length}`);
  for (const m of result.missed) {
    const goldMention = goldMentions.find((g) => g.start === m.start && g.end === m.end);
    const isHeld = goldMention ? names.holds({ canonical: goldMention.canonical, wikidata: goldMention.wikidata, kind: m.kind }) : false;
    errors.push(`${gold.text_file}  missed    ${m.kind.padEnd(12)} "${m.text}"${isHeld ? ' (held)' : ' (not in the packs)'}`);
  }
  for (const m of result.spurious) errors.push(`${gold.text_file}  spurious  ${m.kind.padEnd(12)} "${m.text}"`);
  perDocument.push({ file: gold.text_file, strict: s, missed: result.missed, spurious: result.spurious });
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1).padStart(5)}%`;
}

const summary = {
  strict: scores(strict),
  overlap: scores(overlap),
  byKind: Object.fromEntries(Object.entries(byKind).map(([k, c]) => [k, scores(c)])),
  held: Object.fromEntries(
    Object.entries(held).map(([kind, t]) => [
      kind,
      { recallHeld: t.gold === 0 ? 1 : t.hits / t.gold, coverage: t.all === 0 ? 1 : t.allHits / t.all, heldGold: t.gold, allGold: t.all },
    ]),
  ),
  wrongLinks,
};

console.log(`${'document'.padEnd(52)} ${'prec.'.padStart(6)} ${'recall'.padStart(6)} ${'F1'.padStart(6)}`);
console.log(rows.join('\n'));
console.log(`\n${'all, strict (exact span and kind)'.padEnd(52)} ${pct(summary.strict.precision)} ${pct(summary.strict.recall)} ${pct(summary.strict.f1)}`);
console.log(`${'all, overlap (overlapping span, same kind)'.padEnd(52)} ${pct(summary.overlap.precision)} ${pct(summary.overlap.recall)} ${pct(summary.overlap.f1)}`);
for (const [kind, s] of Object.entries(summary.byKind)) {
  console.log(`${`  ${kind}, strict`.padEnd(52)} ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)}   tp ${s.truePositives}, fp ${s.falsePositives}, fn ${s.falseNegatives}`);
}
console.log('\npeople and places            precision  recall (held by the packs)  coverage (all gold)');
for (const kind of ['person', 'place'] as const) {
  const h = summary.held[kind];
  const p = summary.byKind[kind];
  if (!h || !p) continue;
  console.log(`  ${kind.padEnd(27)} ${pct(p.precision)}     ${pct(h.recallHeld)} of ${String(h.heldGold).padStart(3)}              ${pct(h.coverage)} of ${h.allGold}`);
}
console.log(`\nwrong links: ${wrongLinks.length}`);
for (const line of wrongLinks) console.log(`  ${line}`);
if (!quiet) {
  console.log(`\nerrors (${errors.length}):`);
  for (const line of errors) console.log(`  ${line}`);
}
const out = option('--json');
if (out) writeFileSync(out, `${JSON.stringify({ dir, summary, perDocument }, null, 2)}\n`);
