/**
 * The store packages: `wxt zip` (Chrome Web Store) and `wxt zip -b firefox` (addons.mozilla.org, with the
 * sources zip its reviewers rebuild from), as `npm run zip` / `npm run zip:firefox` make them. Runs in the
 * e2e project because it builds: the packs compiled by `npm test` are reused, and the Chrome rebuild that
 * `wxt zip` does is identical to the one the other e2e tests use (same config, same environment).
 *
 * Budget: each zip under 2 MB. The stores allow far more (Chrome Web Store 2 GB, AMO 200 MB), but every
 * install and every update downloads the whole package: knowledge beyond the bundled packs (today about
 * 0.6 MB zipped, 3.4 MB unzipped) belongs on a pack server, not in the package. docs/firefox.md.
 *
 * BACKSTORY_REBUILD_SOURCES=1 also unpacks the sources zip, rebuilds the Firefox package from it (with this
 * checkout's node_modules) and checks it is byte-identical to the one in the zip (about 15 s more).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { productionBuildEnv } from './firefox-driver';

const ROOT = resolve('.');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const ZIPS = {
  chrome: join(ROOT, '.output', `${pkg.name}-${pkg.version}-chrome.zip`),
  firefox: join(ROOT, '.output', `${pkg.name}-${pkg.version}-firefox.zip`),
  sources: join(ROOT, '.output', `${pkg.name}-${pkg.version}-sources.zip`),
};
const BUDGET_BYTES = 2 * 1024 * 1024;
const PERMISSIONS = ['storage', 'alarms', 'unlimitedStorage'];

/** A zip's entries by name, read from its central directory (stored or deflated; no zip64: small archives). */
function readZip(path: string): Map<string, () => Buffer> {
  const zip = readFileSync(path);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${path}: not a zip`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${path}: ${name}: compression method ${method}`);
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The `d` (private) values of the repository's development keys: they must be in no package. */
function privateKeyValues(): string[] {
  const dir = join(ROOT, 'keys', 'dev');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.includes('private'))
    .map((name) => (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { d?: string }).d)
    .filter((d): d is string => typeof d === 'string' && d.length > 0);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 180_000, env: productionBuildEnv() });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

const secrets = privateKeyValues();
let zips: Record<keyof typeof ZIPS, Map<string, () => Buffer>>;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'public', 'packs', 'index.json'))) run('npx', ['tsx', 'scripts/pack.ts', 'build']);
  for (const path of Object.values(ZIPS)) rmSync(path, { force: true });
  run('npx', ['wxt', 'zip']);
  run('npx', ['wxt', 'zip', '-b', 'firefox']);
  zips = { chrome: readZip(ZIPS.chrome), firefox: readZip(ZIPS.firefox), sources: readZip(ZIPS.sources) };
});

function textOf(zip: Map<string, () => Buffer>, name: string): string {
  const entry = zip.get(name);
  if (!entry) throw new Error(`${name} is not in the zip`);
  return entry().toString('utf8');
}

describe.each(['chrome', 'firefox'] as const)('the %s package', (browser) => {
  it('exists within the size budget', () => {
    const size = statSync(ZIPS[browser]).size;
    expect(size).toBeGreaterThan(100_000);
    expect(size).toBeLessThan(BUDGET_BYTES);
  });

  it('has the manifest: name, version, permissions, manifest version, Firefox settings', () => {
    const zip = zips[browser];
    const manifest = JSON.parse(textOf(zip, 'manifest.json'));
    const messages = JSON.parse(textOf(zip, '_locales/en/messages.json'));
    expect(manifest.name).toBe('__MSG_extName__');
    expect(messages.extName.message).toBe('Backstory');
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.default_locale).toBe('en');
    expect([...manifest.permissions].sort()).toEqual([...PERMISSIONS].sort());
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.optional_permissions).toBeUndefined();
    expect(manifest.content_scripts?.[0]?.matches).toEqual(['<all_urls>']);
    if (browser === 'chrome') {
      expect(manifest.manifest_version).toBe(3);
      expect(manifest.background.service_worker).toBe('background.js');
      expect(manifest.browser_specific_settings).toBeUndefined();
    } else {
      expect(manifest.manifest_version).toBe(2);
      expect(manifest.background.scripts).toEqual(['background.js']);
      expect(manifest.browser_specific_settings.gecko).toEqual({
        id: 'backstory@backstory.invalid',
        strict_min_version: '128.0',
        data_collection_permissions: { required: ['none'] },
      });
    }
  });

  it('holds the packs and both locales', () => {
    const zip = zips[browser];
    const index = JSON.parse(textOf(zip, 'packs/index.json')) as { packs: string[] };
    expect(index.packs.length).toBeGreaterThanOrEqual(3);
    for (const file of index.packs) {
      const pack = JSON.parse(textOf(zip, `packs/${file}`));
      expect(pack.manifest.id, file).toBeTruthy();
    }
    for (const locale of ['en', 'fr']) expect(zip.has(`_locales/${locale}/messages.json`), locale).toBe(true);
  });

  it('is a production build: no source maps, no TypeScript, no build paths, no keys but public ones, no secret', () => {
    const names = [...zips[browser].keys()];
    expect(names.filter((name) => /\.(map|ts|tsx)$/.test(name) || /private|\.pem$|\.key$|(^|\/)\.env/.test(name))).toEqual([]);
    for (const name of names.filter((n) => /\.(js|json|html|css)$/.test(n))) {
      const text = textOf(zips[browser], name);
      for (const secret of secrets) expect(text.includes(secret), `${name} holds a private key`).toBe(false);
      expect(/sourceMappingURL/.test(text), `${name} points at a source map`).toBe(false);
      // A development build (Preact's jsxDEV) names the build machine's source files.
      expect(text.includes(`${ROOT}/`), `${name} names paths of the build machine`).toBe(false);
    }
  });
});

describe('the Firefox package', () => {
  it('carries no innerHTML assignment (Preact\'s dangerouslySetInnerHTML sink is removed; docs/firefox.md)', () => {
    const scripts = [...zips.firefox.keys()].filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const name of scripts) expect(textOf(zips.firefox, name), name).not.toMatch(/\.innerHTML\s*=\s*(?!"")[^=]/);
  });
});

describe('the sources zip (for AMO review)', () => {
  it('exists within the size budget', () => {
    expect(statSync(ZIPS.sources).size).toBeLessThan(BUDGET_BYTES);
  });

  it('holds what `npm ci && npm run build:firefox` reads', () => {
    const names = new Set(zips.sources.keys());
    for (const file of ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'env.d.ts', 'README.md', 'docs/firefox.md', 'keys/trusted-keys.json', 'scripts/pack.ts', 'locales/en.yml', 'locales/fr.yml', 'entrypoints/content/index.ts', 'public/icon/128.png']) {
      expect(names.has(file), file).toBe(true);
    }
    for (const dir of ['lib/', 'entrypoints/', 'components/', 'utils/', 'assets/', 'packs/', 'scripts/gazetteer/']) {
      expect([...names].some((name) => name.startsWith(dir)), dir).toBe(true);
    }
    // Every pack source directory, with its manifest.
    for (const dir of readdirSync(join(ROOT, 'packs')).filter((name) => existsSync(join(ROOT, 'packs', name, 'manifest.yaml')))) {
      expect(names.has(`packs/${dir}/manifest.yaml`), dir).toBe(true);
    }
  });

  it('holds no dependencies, build output, tests, screenshots or private keys', () => {
    const names = [...zips.sources.keys()];
    const unwanted = /(^|\/)node_modules\/|^\.output\/|^\.wxt\/|^out\/|^e2e\/|^tests\/|^docs\/screenshots\/|^public\/packs\/|private|\.pem$|\.key$|(^|\/)\.env|\.test\.tsx?$/;
    expect(names.filter((name) => unwanted.test(name))).toEqual([]);
    for (const name of names.filter((n) => /\.(json|ts|md|yaml|yml)$/.test(n))) {
      const text = textOf(zips.sources, name);
      for (const secret of secrets) expect(text.includes(secret), `${name} holds a private key`).toBe(false);
    }
  });

  it.skipIf(!process.env.BACKSTORY_REBUILD_SOURCES)('rebuilds the Firefox package byte for byte (BACKSTORY_REBUILD_SOURCES=1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstory-sources-'));
    try {
      for (const [name, read] of zips.sources) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), read());
      }
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const build = spawnSync('npm', ['run', 'build:firefox'], { cwd: dir, encoding: 'utf8', timeout: 180_000, env: productionBuildEnv() });
      expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
      const rebuilt = join(dir, '.output', 'firefox-mv2');
      const files = (d: string): string[] =>
        readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));
      const rebuiltNames = files(rebuilt).map((f) => f.slice(rebuilt.length + 1)).sort();
      expect(rebuiltNames).toEqual([...zips.firefox.keys()].sort());
      for (const name of rebuiltNames) expect(readFileSync(join(rebuilt, name)).equals(zips.firefox.get(name)!()), name).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
