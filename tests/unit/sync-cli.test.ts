/** `npm run pack -- keygen / publish / sign / verify` end to end in a temporary directory. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeIndex, serializePack } from '../../lib/pack/compile';
import type { Pack } from '../../lib/pack/types';
import { validatePack } from '../../lib/pack/validate';
import { parseCatalogue } from '../../lib/sync/catalogue';
import { parseTrustedKeys } from '../../lib/sync/signature';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'backstory-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npx tsx scripts/pack.ts …`, run as `node --import tsx` (the same loader, half the start-up time). */
function pack(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/pack.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const small: Pack = {
  format: 'backstory-pack',
  formatVersion: 1,
  manifest: {
    id: 'test.small',
    title: 'A small test pack',
    version: 3,
    knowledgeDate: '2025-06',
    licence: 'CC0-1.0',
    attribution: 'Backstory tests',
    entityCount: 1,
  },
  entities: [
    {
      id: 'place:testville',
      kind: 'place',
      name: 'Testville',
      aliases: [],
      description: 'Testville, a place invented for the tests.',
      source: 'test fixture',
      placeType: 'city',
    },
  ],
};

describe('the pack command: keygen, publish, sign, verify', { timeout: 120_000 }, () => {
  const keys = join(dir, 'keys');
  const packs = join(dir, 'packs');
  const site = join(dir, 'site');
  const catalogue = join(site, 'beta', 'index.json');

  it('keygen writes a private key (0600) and a public key file and prints the trusted-keys entry', async () => {
    for (const name of ['one', 'two']) {
      const run = pack('keygen', '--out', keys, '--name', name);
      expect(run.code, run.stderr).toBe(0);
      const pub = JSON.parse(readFileSync(join(keys, `${name}.public.json`), 'utf8')) as { keyId: string; publicKey: JsonWebKey };
      expect(run.stdout).toContain(pub.keyId);
      expect(run.stdout).toContain('"publicKey"');
      const priv = JSON.parse(readFileSync(join(keys, `${name}.private.jwk.json`), 'utf8')) as JsonWebKey;
      expect(priv.d).toBeTypeOf('string');
      expect(pub.publicKey).not.toHaveProperty('d');
      if (process.platform !== 'win32') expect(statSync(join(keys, `${name}.private.jwk.json`)).mode & 0o777).toBe(0o600);
    }
    // Never overwrites a key.
    expect(pack('keygen', '--out', keys, '--name', 'one').code).toBe(2);
    const entry = (name: string, role: string) => {
      const { keyId, publicKey } = JSON.parse(readFileSync(join(keys, `${name}.public.json`), 'utf8'));
      return { keyId, role, publicKey };
    };
    const trusted = { keys: [entry('one', 'current')] };
    await parseTrustedKeys(trusted);
    writeFileSync(join(keys, 'trusted.json'), JSON.stringify(trusted));
  });

  it('publish writes the catalogue and the pack files of <packs>/index.json', () => {
    expect(validatePack(small).ok).toBe(true);
    mkdirSync(packs, { recursive: true });
    writeFileSync(join(packs, 'test.small.json'), serializePack(small));
    writeFileSync(join(packs, 'index.json'), serializeIndex(['test.small.json']));
    const run = pack('publish', site, '--packs', packs, '--channel', 'beta', '--expires-days', '7', '--min-extension', '0.2.0');
    expect(run.code, run.stderr).toBe(0);
    const parsed = parseCatalogue(new Uint8Array(readFileSync(catalogue)));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.catalogue.channel).toBe('beta');
    expect(parsed.catalogue.packs).toMatchObject([
      { id: 'test.small', version: 3, channel: 'beta', minExtensionVersion: '0.2.0', files: [{ path: 'test.small-v3.json.gz', encoding: 'gzip' }] },
    ]);
    const days = (Date.parse(parsed.catalogue.expiresAt) - Date.parse(parsed.catalogue.issuedAt)) / 86_400_000;
    expect(days).toBe(7);
    expect(existsSync(join(site, 'beta', 'test.small-v3.json.gz'))).toBe(true);
  });

  it('verify refuses an unsigned catalogue; sign then verify succeeds', () => {
    const unsigned = pack('verify', catalogue, '--keys', join(keys, 'trusted.json'));
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toMatch(/no signature/);

    const signed = pack('sign', catalogue, '--key', join(keys, 'one.private.jwk.json'));
    expect(signed.code, signed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(`${catalogue}.sig`, 'utf8'))).toMatchObject({ format: 'backstory-signature' });

    const verified = pack('verify', catalogue, '--keys', join(keys, 'trusted.json'));
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^OK: .*1 file match/m);
  });

  it('verify refuses a key it does not trust, and a pack file with one byte flipped', () => {
    const file = join(site, 'beta', 'test.small-v3.json.gz');
    // Signed by "two", which the trusted list does not hold.
    expect(pack('sign', catalogue, '--key', join(keys, 'two.private.jwk.json')).code).toBe(0);
    const untrusted = pack('verify', catalogue, '--keys', join(keys, 'trusted.json'));
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/does not trust/);
    expect(pack('sign', catalogue, '--key', join(keys, 'one.private.jwk.json')).code).toBe(0);

    const original = readFileSync(file);
    const tampered = Buffer.from(original);
    tampered[tampered.length >> 1] = (tampered[tampered.length >> 1] ?? 0) ^ 0xff;
    writeFileSync(file, tampered);
    const bad = pack('verify', catalogue, '--keys', join(keys, 'trusted.json'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/SHA-256/);
    writeFileSync(file, original);
    expect(pack('verify', catalogue, '--keys', join(keys, 'trusted.json')).code).toBe(0);
  });

  it('verify refuses a catalogue changed after signing; sign and verify work on any file', () => {
    const text = readFileSync(catalogue, 'utf8');
    writeFileSync(catalogue, text.replace('"version": 3', '"version": 4'));
    const changed = pack('verify', catalogue, '--keys', join(keys, 'trusted.json'));
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/does not match/);
    writeFileSync(catalogue, text);

    const other = join(dir, 'notes.txt');
    writeFileSync(other, 'any file\n');
    expect(pack('sign', other, '--key', join(keys, 'one.private.jwk.json')).code).toBe(0);
    const ok = pack('verify', other, '--keys', join(keys, 'trusted.json'));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^OK: /);
  });
});
