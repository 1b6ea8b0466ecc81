/**
 * `npm run lint:firefox`: lint the Firefox build as addons.mozilla.org does, with Mozilla's addons-linter
 * (what `web-ext lint` runs), and check the sources for HTML sinks.
 *
 *   tsx scripts/lint-firefox.ts [dir]      (default .output/firefox-mv2; `npm run lint:firefox` builds it first)
 *
 * Fails (exit 1) on any linter error, on any warning that flags unsafe code (UNSAFE_VAR_ASSIGNMENT,
 * DANGEROUS_EVAL, ...), on any other warning not accepted below with its reason, and on an HTML sink
 * (innerHTML, dangerouslySetInnerHTML, ...) in our own code: nothing Backstory shows is rendered as HTML.
 * Exit 2 when the linter cannot run. docs/firefox.md explains the results.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface LinterMessage {
  code: string;
  message: string;
  description?: string | string[];
  file?: string;
  line?: number;
  column?: number;
}

interface LinterReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LinterMessage[];
  warnings: LinterMessage[];
  notices: LinterMessage[];
}

/** Warnings that mean unsafe code: never accepted. */
export const UNSAFE_CODES = new Set(['UNSAFE_VAR_ASSIGNMENT', 'UNSAFE_DYNAMIC_VARIABLE_ASSIGNMENT', 'DANGEROUS_EVAL', 'NO_IMPLIED_EVAL']);

/** Warnings accepted, each with why. Anything else fails, so a new warning is looked at. */
export const ACCEPTED_WARNINGS: Record<string, string> = {
  // AMO requires browser_specific_settings.gecko.data_collection_permissions for new add-ons; Firefox 140 (Android
  // 142) reads it, Firefox 128-139 ignore it (only 127 and older refuse it), so it is declared with our 128 minimum.
  KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION: 'data_collection_permissions is ignored by Firefox 128-139',
  KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION: 'data_collection_permissions is ignored by Firefox for Android 128-141',
};

/** Our code's HTML sinks (comments aside). */
const HTML_SINKS = /\b(innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|createContextualFragment|document\.write(ln)?)\b|\beval\s*\(|\bnew\s+Function\s*\(/;
const SOURCE_DIRS = ['lib', 'entrypoints', 'components', 'utils'];

export function lintReport(dir: string): LinterReport {
  const bin = join(ROOT, 'node_modules', '.bin', 'addons-linter');
  const run = spawnSync(bin, ['--output', 'json', '--boring', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  try {
    return JSON.parse(run.stdout) as LinterReport;
  } catch {
    throw new Error(`addons-linter gave no JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** The problems that fail the lint: errors, unsafe-code warnings, warnings not accepted. */
export function failures(report: LinterReport): LinterMessage[] {
  return [...report.errors, ...report.warnings.filter((w) => UNSAFE_CODES.has(w.code) || !(w.code in ACCEPTED_WARNINGS))];
}

function stripComments(code: string): string {
  // Block comments keep their line breaks, so the line numbers stay right.
  return code.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, '')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** `file:line: text` for each HTML sink in our TypeScript sources. */
export function htmlSinks(root = ROOT): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|js|jsx|mjs)$/.test(name)) {
        stripComments(readFileSync(path, 'utf8'))
          .split('\n')
          .forEach((line, i) => {
            if (HTML_SINKS.test(line)) found.push(`${relative(root, path)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(join(root, dir));
  return found;
}

function where(m: LinterMessage): string {
  return m.file ? `${m.file}${m.line ? `:${m.line}${m.column ? `:${m.column}` : ''}` : ''}` : '';
}

function main(): number {
  const dir = resolve(process.argv[2] ?? join(ROOT, '.output', 'firefox-mv2'));
  if (!existsSync(join(dir, 'manifest.json'))) {
    console.error(`No Firefox build in ${dir}: run "npm run build:firefox" first`);
    return 2;
  }
  let report: LinterReport;
  try {
    report = lintReport(dir);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 2;
  }
  const failed = failures(report);
  const { errors, warnings, notices } = report.summary;
  console.log(`addons-linter ${relative(process.cwd(), dir) || dir}: ${errors} errors, ${warnings} warnings, ${notices} notices`);
  for (const [kind, list] of [['error', report.errors], ['warning', report.warnings], ['notice', report.notices]] as const) {
    for (const m of list) {
      const verdict = failed.includes(m) ? 'FAIL' : kind === 'warning' ? `accepted: ${ACCEPTED_WARNINGS[m.code]}` : 'note';
      console.log(`  ${kind} ${m.code} ${where(m)} ${m.message} [${verdict}]`);
    }
  }
  const sinks = htmlSinks();
  for (const sink of sinks) console.log(`  source HTML sink: ${sink} [FAIL]`);
  if (failed.length > 0 || sinks.length > 0) {
    console.error(`lint:firefox failed: ${failed.length} linter problem(s), ${sinks.length} HTML sink(s) in the sources`);
    return 1;
  }
  console.log('lint:firefox ok: no errors, no unsafe-code warnings, no HTML sinks in the sources');
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
