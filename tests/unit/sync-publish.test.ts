import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePack, parsePackSource, serializePack } from '../../lib/pack/compile';
import type { Pack } from '../../lib/pack/types';
import { concatBytes, looksGzipped, sha256Hex } from '../../lib/sync/bytes';
import { parseCatalogue } from '../../lib/sync/catalogue';
import { gzipBytes, publishCatalogue } from '../../lib/sync/publish';

const STARTER_DIR = fileURLToPath(new URL('../fixtures/starter-pack', import.meta.url));

function compileStarter(): Pack {
  const texts = Object.fromEntries(
    readdirSync(STARTER_DIR)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => [name, readFileSync(join(STARTER_DIR, name), 'utf8')]),
  );
  const parsed = parsePackSource(texts);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const result = compilePack(parsed.source);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.pack;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return concatBytes(chunks);
}

const starter = compileStarter();
const starterJson = serializePack(starter);
const ISSUED = new Date('2025-06-01T12:00:00.000Z');
const options = { channel: 'stable', issuedAt: ISSUED, expiresInDays: 30, minExtensionVersion: '0.1.0' };

describe('gzipBytes', () => {
  it('gzips, and DecompressionStream gives the bytes back', async () => {
    const text = new TextEncoder().encode('Backstory '.repeat(1000));
    const gz = await gzipBytes(text);
    expect(looksGzipped(gz)).toBe(true);
    expect(gz.length).toBeLessThan(text.length);
    expect(await gunzip(gz)).toEqual(text);
    expect(await gunzip(await gzipBytes(new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });
});

describe('publishCatalogue', () => {
  it('publishes the starter pack gzipped: sizes and hashes match, it gunzips to the original text, parseCatalogue accepts it', async () => {
    const published = await publishCatalogue({ ...options, packs: [{ json: starterJson }], gzip: true });
    const { manifest } = starter;
    const path = `${manifest.id}-v${manifest.version}.json.gz`;
    expect(published.files.map((f) => f.path)).toEqual([path]);
    const wire = published.files[0]!.bytes;

    expect(published.catalogue).toEqual({
      format: 'backstory-catalogue',
      formatVersion: 1,
      channel: 'stable',
      issuedAt: '2025-06-01T12:00:00.000Z',
      expiresAt: '2025-07-01T12:00:00.000Z',
      packs: [
        {
          id: manifest.id,
          channel: 'stable',
          version: manifest.version,
          knowledgeDate: manifest.knowledgeDate,
          expiresAt: '2025-07-01T12:00:00.000Z',
          minExtensionVersion: '0.1.0',
          title: manifest.title,
          entityCount: starter.entities.length,
          files: [
            {
              path,
              size: wire.length,
              sha256: await sha256Hex(wire),
              encoding: 'gzip',
              decodedSize: new TextEncoder().encode(starterJson).length,
            },
          ],
        },
      ],
    });
    expect(new TextDecoder().decode(await gunzip(wire))).toBe(starterJson);

    const text = new TextDecoder().decode(published.catalogueBytes);
    expect(text).toBe(`${JSON.stringify(published.catalogue, null, 2)}\n`);
    expect(parseCatalogue(published.catalogueBytes)).toEqual({ ok: true, catalogue: published.catalogue });
  });

  it('publishes identity files when gzip is off', async () => {
    const published = await publishCatalogue({ ...options, packs: [{ json: starterJson }], gzip: false });
    const file = published.catalogue.packs[0]!.files[0]!;
    expect(file).toEqual({
      path: `${starter.manifest.id}-v${starter.manifest.version}.json`,
      size: new TextEncoder().encode(starterJson).length,
      sha256: await sha256Hex(starterJson),
      encoding: 'identity',
    });
    expect(new TextDecoder().decode(published.files[0]!.bytes)).toBe(starterJson);
    expect(parseCatalogue(published.catalogueBytes).ok).toBe(true);
  });

  it('keeps the given order, one file per pack, and names files by id and version', async () => {
    const other: Pack = { ...starter, manifest: { ...starter.manifest, id: 'test.other', version: 7 } };
    const published = await publishCatalogue({ ...options, packs: [{ json: starterJson }, { json: serializePack(other) }], gzip: true });
    expect(published.catalogue.packs.map((p) => `${p.id} v${p.version}`)).toEqual([`${starter.manifest.id} v1`, 'test.other v7']);
    expect(published.files.map((f) => f.path)).toEqual([`${starter.manifest.id}-v1.json.gz`, 'test.other-v7.json.gz']);
  });

  it('refuses what is not a compiled pack, duplicate ids and bad options', async () => {
    const publish = (packs: Array<{ json: string }>, extra: Partial<typeof options> = {}) =>
      publishCatalogue({ ...options, ...extra, packs, gzip: true });
    await expect(publish([{ json: 'not json' }])).rejects.toThrow(/not valid JSON/);
    await expect(publish([{ json: '{"format":"backstory-pack"}' }])).rejects.toThrow(/not a compiled pack/);
    const wrongCount = { ...starter, manifest: { ...starter.manifest, entityCount: 1 } };
    await expect(publish([{ json: JSON.stringify(wrongCount) }])).rejects.toThrow(/entityCount/);
    await expect(publish([{ json: starterJson }, { json: starterJson }])).rejects.toThrow(/twice/);
    await expect(publish([{ json: starterJson }], { channel: 'Not A Channel' })).rejects.toThrow(/channel/);
    await expect(publish([{ json: starterJson }], { minExtensionVersion: 'latest' })).rejects.toThrow(/minExtensionVersion/);
    await expect(publish([{ json: starterJson }], { expiresInDays: 0 })).rejects.toThrow(/expiresInDays/);
    await expect(publish([{ json: starterJson }], { issuedAt: new Date(Number.NaN) })).rejects.toThrow(/issuedAt/);
  });
});
