/**
 * `npm run annotate -- <file.txt|file.html> [--packs <dir>] [--date YYYY-MM-DD] [--utf16]`
 *
 * Runs the extension's matcher over a file with the compiled packs (default `public/packs`, written
 * by `npm run packs`) and prints `{ "mentions": [{ start, end, text, id, kind, name }] }`.
 * Offsets are Unicode code points into the file's text (Python `str` indexes, as in the evaluation gold
 * files; `--utf16` gives JavaScript string offsets instead); for .html/.htm files, into the visible text
 * extracted by `lib/text/visible-text.ts` (see docs/matcher.md).
 * Exit codes: 0 ok, 1 bad usage or unreadable input, 2 compiled packs missing.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Window } from 'happy-dom';
import type { Entity } from '../lib/pack/types';
import { DEFAULT_PACKS_DIR, loadCompiledEntities } from './compiled-packs';
import { annotateFile, createAnnotator } from './annotator';
import { visibleText } from '../lib/text/visible-text';

const USAGE = 'Usage: npm run annotate -- <file.txt|file.html> [--packs <dir>] [--date YYYY-MM-DD] [--utf16]';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]): { file: string; packsDir: string; utf16: boolean; articleDate?: string } {
  let file: string | undefined;
  let packsDir = DEFAULT_PACKS_DIR;
  let utf16 = false;
  let articleDate: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--packs') {
      const dir = argv[++i];
      if (!dir) fail(`--packs needs a directory\n${USAGE}`, 1);
      packsDir = dir;
    } else if (arg === '--date') {
      articleDate = argv[++i];
      if (!articleDate || !/^\d{4}-\d{2}-\d{2}$/.test(articleDate)) fail(`--date needs YYYY-MM-DD (the article's date, for figures)\n${USAGE}`, 1);
    } else if (arg === '--utf16') {
      utf16 = true;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg.startsWith('-')) {
      fail(`Unknown option ${arg}\n${USAGE}`, 1);
    } else if (file === undefined) {
      file = arg;
    } else {
      fail(`Only one file, please\n${USAGE}`, 1);
    }
  }
  if (file === undefined) fail(USAGE, 1);
  return { file, packsDir, utf16, articleDate };
}

function loadEntities(packsDir: string): Entity[] {
  const entities = loadCompiledEntities(packsDir);
  if (entities instanceof Error) fail(entities.message, 2);
  return entities;
}

async function readText(file: string): Promise<string> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`Cannot read ${file}: ${(error as Error).message}`, 1);
  }
  const ext = extname(file).toLowerCase();
  if (ext !== '.html' && ext !== '.htm') return source;
  // happy-dom parses like a browser (entities, implied tags) and does not run the page's scripts.
  const window = new Window();
  try {
    const doc = new window.DOMParser().parseFromString(source, 'text/html');
    return visibleText(doc.body ?? doc.documentElement);
  } finally {
    await window.happyDOM.close();
  }
}

async function main(): Promise<void> {
  const { file, packsDir, utf16, articleDate } = parseArgs(process.argv.slice(2));
  const annotator = createAnnotator(loadEntities(packsDir));
  const text = await readText(file);
  process.stdout.write(`${JSON.stringify(annotateFile(annotator, text, { utf16, articleDate }), null, 2)}\n`);
}

await main();
