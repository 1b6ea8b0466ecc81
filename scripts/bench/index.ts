/**
 * `npm run bench [-- --only matcher,matcher-build] [--quick] [--out out/bench/bench.json]`: runs the
 * benchmark sections, prints one table (Markdown) on stdout and writes it, with every sample, the date
 * and the machine, as JSON. Progress goes to stderr. Not part of `npm test`: the figures depend on the
 * machine; the correctness of the peers is a unit test (tests/unit/bench-peers.test.ts).
 * See docs/benchmarks.md for what each figure means.
 *
 * A new section is a module exporting a `BenchSection` (scripts/bench/types.ts), added to SECTIONS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { bundleSizes } from './bundle-sizes';
import { hoverLatency } from './hover';
import { installApply } from './install-apply';
import { matcherThroughput } from './matcher';
import { matcherBuild } from './matcher-build';
import { pageAnnotation } from './page-annotation';
import { formatNumber, gc, spread } from './stats';
import type { BenchRow, BenchSection, BenchSectionResult } from './types';

// Node sections first, then the ones driving Chromium with the built extension (the command builds it).
const SECTIONS: readonly BenchSection[] = [matcherThroughput, matcherBuild, pageAnnotation, hoverLatency, installApply, bundleSizes];

const option = (name: string): string | undefined => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const only = option('only')?.split(',');
const quick = process.argv.includes('--quick');
const out = option('out') ?? 'out/bench/bench.json';
const unknown = only?.filter((id) => !SECTIONS.some((s) => s.id === id)) ?? [];
if (unknown.length > 0) {
  console.error(`Unknown section ${unknown.join(', ')}; the sections are ${SECTIONS.map((s) => s.id).join(', ')}.`);
  process.exit(2);
}
if (!gc) console.error('Note: without node --expose-gc there are no heap figures and no collections between runs.');

const log = (message: string) => console.error(`[bench] ${message}`);
const started = new Date();
const startLoad = loadavg();
const results: Array<{ section: BenchSection; result: BenchSectionResult; seconds: number }> = [];
for (const section of SECTIONS.filter((s) => !only || only.includes(s.id))) {
  log(`${section.title}`);
  const t0 = performance.now();
  const result = await section.run({ log: (m) => log(`  ${m}`), quick });
  results.push({ section, result, seconds: (performance.now() - t0) / 1000 });
}
const seconds = (Date.now() - started.getTime()) / 1000;

const cells = (r: BenchRow): string[] => {
  const s = spread(r.samples);
  const peer = r.peer ? `${formatNumber(r.peer.ratio)}× ${r.peer.name} (${formatNumber(spread(r.peer.values).median)} ${r.unit})` : '';
  return [r.name, formatNumber(s.median), r.samples.length > 1 ? `${formatNumber(s.min)}–${formatNumber(s.max)}` : '(1 run)', r.unit, peer, r.budget?.text ?? '', r.budget ? (r.budget.met ? 'yes' : 'NO') : ''];
};
const header = ['figure', 'median', 'spread (min–max)', 'unit', 'vs peer: ratio, peer (median)', 'budget', 'met?'];
const lines: string[][] = [header];
const rowNotes: string[] = [];
for (const { section, result } of results) {
  lines.push([`**${section.title}**`, '', '', '', '', '', '']);
  for (const r of result.rows) {
    lines.push(cells(r));
    if (r.note) rowNotes.push(`${r.name}: ${r.note}`);
  }
}
const widths = header.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
const format = (l: string[]) => `| ${l.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 1e9),
  node: process.version,
  os: `${platform()} ${release()}`,
  loadAverage: { start: startLoad.map((l) => Number(l.toFixed(2))), end: loadavg().map((l) => Number(l.toFixed(2))) },
};
const problems = results.flatMap(({ result }) => result.problems ?? []);

console.log(format(lines[0]!));
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const l of lines.slice(1)) console.log(format(l));
console.log('');
console.log(`${started.toISOString().slice(0, 10)}, ${machine.cpu} (${machine.cores} cores, ${machine.memoryGB} GB), Node ${machine.node}, load average ${machine.loadAverage.start.join(' ')} at the start; ${Math.round(seconds)} s${quick ? '; QUICK MODE: small inputs, not figures to publish' : ''}.`);
for (const note of [...results.flatMap(({ result }) => result.notes), ...rowNotes]) console.log(`- ${note}`);
for (const problem of problems) console.log(`- PROBLEM: ${problem}`);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      date: started.toISOString(),
      seconds: Math.round(seconds),
      quick,
      machine,
      sections: results.map(({ section, result, seconds: s }) => ({
        id: section.id,
        title: section.title,
        seconds: Math.round(s),
        rows: result.rows.map((r) => ({ ...r, ...spread(r.samples) })),
        notes: result.notes,
        problems: result.problems ?? [],
      })),
    },
    null,
    2,
  )}\n`,
);
log(`wrote ${out}`);
if (problems.length > 0) process.exitCode = 1;
