/**
 * `npx tsx scripts/bench/run-chromium.ts [page-annotation,hover] [--quick]`: runs only the Chromium sections
 * (needs a build: `npx wxt build`; BACKSTORY_EXTENSION_DIR picks another one) and prints their results as
 * JSON on stdout, each row with its median and spread. `npm run bench` runs them with the others.
 */
import { hoverLatency } from './hover';
import { pageAnnotation } from './page-annotation';
import { spread } from './stats';
import type { BenchSection } from './types';

const SECTIONS: readonly BenchSection[] = [pageAnnotation, hoverLatency];
const wanted = process.argv.slice(2).find((a) => !a.startsWith('--'))?.split(',');
const quick = process.argv.includes('--quick');
const results = [];
for (const section of SECTIONS.filter((s) => !wanted || wanted.includes(s.id))) {
  console.error(`[bench] ${section.title}`);
  const result = await section.run({ log: (m) => console.error(`[bench]   ${m}`), quick });
  results.push({ id: section.id, ...result, rows: result.rows.map((r) => ({ ...r, ...spread(r.samples) })) });
}
console.log(JSON.stringify(results, null, 2));
if (results.some((r) => (r.problems ?? []).length > 0)) process.exitCode = 1;
