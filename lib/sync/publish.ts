/**
 * Publishing: turn compiled packs into a channel's catalogue and the pack files it lists, ready to be
 * signed and copied to a pack server (`<channel>/index.json` with the files beside it). Pure: it takes
 * pack texts and answers bytes; `scripts/pack.ts publish` reads and writes the files. docs/pack-format.md,
 * "Pack server, catalogue and signatures", describes the result.
 */
import * as v from 'valibot';
import { PackEnvelopeSchema } from '../pack/schema';
import type { PackManifest } from '../pack/types';
import { concatBytes, sha256Hex } from './bytes';
import { parseCatalogue, type Catalogue, type CatalogueFile, type CataloguePack } from './catalogue';

export interface PublishOptions {
  /** Compiled packs (the text `pack build` writes), in install order. */
  packs: ReadonlyArray<{ json: string }>;
  channel: string;
  issuedAt: Date;
  /** The catalogue and every entry expire this many days after `issuedAt`. */
  expiresInDays: number;
  /** The oldest extension version that can read these packs ("0.1.0"). */
  minExtensionVersion: string;
  /** Serve `<id>-v<version>.json.gz` (gzip) or `<id>-v<version>.json` (identity). */
  gzip: boolean;
}

export interface PublishedFile {
  /** Relative to the catalogue's directory (`<channel>/`). */
  path: string;
  bytes: Uint8Array;
}

export interface Publication {
  catalogue: Catalogue;
  /** The catalogue serialized: JSON, 2-space indent, final newline. These are the bytes to sign. */
  catalogueBytes: Uint8Array;
  files: PublishedFile[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Gzip `bytes` with CompressionStream (browsers and Node 18+). */
export async function gzipBytes(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'));
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return concatBytes(chunks);
}

/** The manifest of a compiled pack's text; throws an Error naming the pack and the problem. */
function manifestOf(json: string, index: number): PackManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`pack #${index}: not valid JSON`);
  }
  const envelope = v.safeParse(PackEnvelopeSchema, parsed);
  if (!envelope.success) {
    const issue = envelope.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    throw new Error(`pack #${index}: not a compiled pack (${path ? `${path}: ` : ''}${issue.message})`);
  }
  const manifest = envelope.output.manifest as PackManifest;
  const entities = envelope.output.entities;
  if (manifest.entityCount !== entities.length) {
    throw new Error(`pack "${manifest.id}": manifest.entityCount is ${manifest.entityCount} but it holds ${entities.length} entities`);
  }
  return manifest;
}

/**
 * Build the catalogue of `channel` and its pack files. Each pack becomes one file, named by its id and
 * version, with its size and SHA-256 on the wire; every entry expires with the catalogue. Throws when a
 * pack is not a compiled pack, two packs share an id, or the result would not pass `parseCatalogue`.
 */
export async function publishCatalogue(options: PublishOptions): Promise<Publication> {
  const { channel, issuedAt, expiresInDays, minExtensionVersion, gzip } = options;
  if (Number.isNaN(issuedAt.getTime())) throw new Error('issuedAt is not a valid date');
  if (!Number.isFinite(expiresInDays) || expiresInDays <= 0) throw new Error(`expiresInDays must be a positive number (got ${expiresInDays})`);
  const expiresAt = new Date(issuedAt.getTime() + expiresInDays * DAY_MS).toISOString();

  const entries: CataloguePack[] = [];
  const files: PublishedFile[] = [];
  const seen = new Set<string>();
  for (const [index, pack] of options.packs.entries()) {
    const manifest = manifestOf(pack.json, index);
    if (seen.has(manifest.id)) throw new Error(`pack "${manifest.id}" is listed twice`);
    seen.add(manifest.id);

    const decoded = new TextEncoder().encode(pack.json);
    const wire = gzip ? await gzipBytes(decoded) : decoded;
    const path = `${manifest.id}-v${manifest.version}.json${gzip ? '.gz' : ''}`;
    const file: CatalogueFile = gzip
      ? { path, size: wire.length, sha256: await sha256Hex(wire), encoding: 'gzip', decodedSize: decoded.length }
      : { path, size: wire.length, sha256: await sha256Hex(wire), encoding: 'identity' };
    files.push({ path, bytes: wire });
    entries.push({
      id: manifest.id,
      channel,
      version: manifest.version,
      knowledgeDate: manifest.knowledgeDate,
      expiresAt,
      minExtensionVersion,
      title: manifest.title,
      entityCount: manifest.entityCount,
      files: [file],
    });
  }

  const catalogue: Catalogue = {
    format: 'backstory-catalogue',
    formatVersion: 1,
    channel,
    issuedAt: issuedAt.toISOString(),
    expiresAt,
    packs: entries,
  };
  const catalogueBytes = new TextEncoder().encode(`${JSON.stringify(catalogue, null, 2)}\n`);
  // What the extension would refuse must not be published.
  const check = parseCatalogue(catalogueBytes);
  if (!check.ok) throw new Error(check.error);
  return { catalogue, catalogueBytes, files };
}
