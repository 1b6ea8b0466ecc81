import { describe, expect, it } from 'vitest';
import { catalogueUrl, compareVersions, fileUrl, parseCatalogue, type Catalogue } from '../../lib/sync/catalogue';

const SHA = 'a'.repeat(64);

function catalogue(): Catalogue {
  return {
    format: 'backstory-catalogue',
    formatVersion: 1,
    channel: 'stable',
    issuedAt: '2025-06-01T00:00:00.000Z',
    expiresAt: '2025-07-01T00:00:00.000Z',
    packs: [
      {
        id: 'world.leaders',
        channel: 'stable',
        version: 2,
        knowledgeDate: '2025-06',
        expiresAt: '2025-07-01T00:00:00.000Z',
        minExtensionVersion: '0.1.0',
        title: 'World leaders',
        entityCount: 10,
        files: [{ path: 'world.leaders-v2.json.gz', size: 100, sha256: SHA, encoding: 'gzip', decodedSize: 400 }],
      },
      {
        id: 'war.russia-ukraine',
        channel: 'stable',
        version: 1,
        knowledgeDate: '2025-06-30',
        expiresAt: '2025-07-01T00:00:00.000Z',
        minExtensionVersion: '0.1.0',
        files: [{ path: 'packs/war.russia-ukraine-v1.json', size: 100, sha256: SHA, encoding: 'identity' }],
      },
    ],
  };
}

const bytesOf = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** A copy of the valid catalogue changed by `edit`. */
function edited(edit: (c: Catalogue) => void): Uint8Array {
  const copy = structuredClone(catalogue());
  edit(copy);
  return bytesOf(copy);
}

const firstFile = (c: Catalogue) => c.packs[0]!.files[0]!;

describe('parseCatalogue', () => {
  it('accepts a valid catalogue', () => {
    const result = parseCatalogue(bytesOf(catalogue()));
    expect(result).toEqual({ ok: true, catalogue: catalogue() });
  });

  it('defaults a missing encoding to identity', () => {
    const result = parseCatalogue(edited((c) => delete (c.packs[1]!.files[0] as { encoding?: string }).encoding));
    expect(result.ok && result.catalogue.packs[1]?.files[0]?.encoding).toBe('identity');
  });

  const bad: Array<[string, Uint8Array, RegExp]> = [
    ['a short sha256', edited((c) => (firstFile(c).sha256 = 'abc')), /sha256/],
    ['an uppercase sha256', edited((c) => (firstFile(c).sha256 = 'A'.repeat(64))), /sha256/],
    ['an absolute URL as path', edited((c) => (firstFile(c).path = 'https://evil.example/x.json')), /path/],
    ['a protocol-relative path', edited((c) => (firstFile(c).path = '//evil.example/x.json')), /path/],
    ['a path starting with /', edited((c) => (firstFile(c).path = '/x.json')), /path/],
    ['a ../ path', edited((c) => (firstFile(c).path = '../x')), /path/],
    ['a .. segment inside a path', edited((c) => (firstFile(c).path = 'a/../../x.json')), /path/],
    ['a path with a query', edited((c) => (firstFile(c).path = 'x.json?y=1')), /path/],
    ['gzip without decodedSize', edited((c) => delete firstFile(c).decodedSize), /decodedSize/],
    ['a negative size', edited((c) => (firstFile(c).size = -1)), /size/],
    ['a fractional size', edited((c) => (firstFile(c).size = 1.5)), /size/],
    ['an unknown encoding', edited((c) => ((firstFile(c) as { encoding: string }).encoding = 'br')), /encoding/],
    ['no files', edited((c) => (c.packs[0]!.files = [])), /files/],
    ['a duplicate pack id', edited((c) => (c.packs[1]!.id = 'world.leaders')), /twice/],
    ['a bad pack id', edited((c) => (c.packs[0]!.id = 'World Leaders')), /id/],
    ['version 0', edited((c) => (c.packs[0]!.version = 0)), /version/],
    ['a bad knowledge date', edited((c) => (c.packs[0]!.knowledgeDate = '2025-13')), /knowledgeDate/],
    ['a bad expiry', edited((c) => (c.packs[0]!.expiresAt = 'tomorrow')), /expiresAt/],
    ['a bad catalogue expiry', edited((c) => (c.expiresAt = '2025-06-01T25:00:00Z')), /expiresAt/],
    ['a bad minExtensionVersion', edited((c) => (c.packs[0]!.minExtensionVersion = 'latest')), /minExtensionVersion/],
    ['a bad channel', edited((c) => (c.channel = 'Stable!')), /channel/],
    ['another format', edited((c) => ((c as { format: string }).format = 'backstory-pack')), /format/],
    ['format version 2', edited((c) => ((c as { formatVersion: number }).formatVersion = 2)), /formatVersion/],
    ['not JSON', new TextEncoder().encode('{"format":'), /not valid JSON/],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), /not valid JSON/],
    ['JSON null', bytesOf(null), /malformed/],
  ];
  for (const [what, bytes, message] of bad) {
    it(`refuses ${what}`, () => {
      const result = parseCatalogue(bytes);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    });
  }
});

describe('catalogue helpers', () => {
  it('compareVersions compares dotted numbers numerically, missing parts as 0', () => {
    expect(compareVersions('0.10.0', '0.9.3')).toBe(1);
    expect(compareVersions('0.9.3', '0.10.0')).toBe(-1);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0.1', '1')).toBe(1);
    expect(compareVersions('0.1.0', '0.1.0')).toBe(0);
  });

  it('catalogueUrl and fileUrl', () => {
    expect(catalogueUrl('https://packs.example', 'stable')).toBe('https://packs.example/stable/index.json');
    expect(catalogueUrl('https://packs.example/backstory/', 'beta')).toBe('https://packs.example/backstory/beta/index.json');
    const url = catalogueUrl('http://127.0.0.1:8787', 'stable');
    expect(fileUrl(url, { path: 'world.leaders-v2.json.gz' })).toBe('http://127.0.0.1:8787/stable/world.leaders-v2.json.gz');
  });
});
