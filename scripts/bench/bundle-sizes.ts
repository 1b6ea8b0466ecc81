/**
 * Bundle sizes of the built extension (.output/chrome-mv3): content script, background, popup, options
 * (each entry's own JS, CSS and the chunks it loads), and the bundled packs; raw and gzipped (level 9).
 * Budget (issue 8): content script <= 40 KB gzipped.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchRow, BenchSection } from './types';

const DIR = '.output/chrome-mv3';
const KB = 1000;

function sizes(files: readonly string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** What an HTML page loads: its module scripts and stylesheets, and the chunks those import (one level is enough for WXT's output). */
function pageFiles(html: string): string[] {
  const text = readFileSync(join(DIR, html), 'utf8');
  const direct = [...text.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => join(DIR, m[1]!));
  const chunks = direct
    .filter((file) => file.endsWith('.js'))
    .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/["'](?:\.\.?\/|\/)(chunks\/[^"']+\.js)["']/g)].map((m) => join(DIR, m[1]!)));
  return [...new Set([...direct, ...chunks])].filter((file) => existsSync(file));
}

export const bundleSizes: BenchSection = {
  id: 'bundle',
  title: 'Bundle sizes (.output/chrome-mv3)',
  async run() {
    if (!existsSync(join(DIR, 'manifest.json'))) throw new Error(`No build in ${DIR}: run "npm run build" first`);
    const parts: Array<{ id: string; name: string; files: string[]; budgetKb?: number }> = [
      // Everything injected into every page: the content script, its CSS and the document_start key guard.
      { id: 'content', name: 'content scripts (JS + CSS)', files: filesUnder(join(DIR, 'content-scripts')), budgetKb: 40 },
      { id: 'background', name: 'background (service worker)', files: [join(DIR, 'background.js')] },
      { id: 'popup', name: 'popup (HTML, JS, CSS, chunks)', files: [join(DIR, 'popup.html'), ...pageFiles('popup.html')] },
      { id: 'options', name: 'options (HTML, JS, CSS, chunks)', files: [join(DIR, 'options.html'), ...pageFiles('options.html')] },
      { id: 'packs', name: 'bundled packs (public/packs)', files: filesUnder(join(DIR, 'packs')) },
      { id: 'locales', name: 'interface messages (_locales)', files: filesUnder(join(DIR, '_locales')) },
      { id: 'total', name: 'whole extension', files: filesUnder(DIR) },
    ];
    const rows: BenchRow[] = parts.flatMap(({ id, name, files, budgetKb }) => {
      const { raw, gzip } = sizes(files);
      return [
        { id: `bundle.${id}.raw`, name: `${name}, raw`, unit: 'KB', samples: [raw / KB], note: files.map((f) => relative(DIR, f)).join(', ') },
        {
          id: `bundle.${id}.gzip`,
          name: `${name}, gzipped`,
          unit: 'KB',
          samples: [gzip / KB],
          ...(budgetKb ? { budget: { text: `≤ ${budgetKb} KB`, met: gzip / KB <= budgetKb } } : {}),
        },
      ];
    });
    return { rows, notes: ['Sizes are of one build (no spread); KB = 1000 bytes; gzip level 9 per file, summed.'] };
  },
};
