/**
 * The pack catalogue: the one signed document a pack server publishes (`<channel>/index.json`, with
 * its detached signature `index.json.sig`). It lists each pack's id, channel, version, knowledge date,
 * expiry, the oldest extension that can read it, and every file with its size and SHA-256, so each
 * download can be capped and checked before a byte of it is trusted. docs/pack-format.md describes it.
 */
import * as v from 'valibot';
import { isValidPartialDate } from '../pack/dates';
import type { PartialDate } from '../pack/types';

export const CATALOGUE_LIMITS = {
  /** The catalogue itself: bigger is refused before it is parsed. */
  catalogueBytes: 1024 * 1024,
  packs: 1000,
  filesPerPack: 16,
  /** One file on the wire. */
  fileBytes: 64 * 1024 * 1024,
  /** One file once decompressed. */
  decodedBytes: 256 * 1024 * 1024,
} as const;

export interface CatalogueFile {
  /** Relative to the catalogue's URL; no "..", no scheme, no host: packs come from the same server. */
  path: string;
  /** Bytes on the wire. */
  size: number;
  /** SHA-256 (hex) of the bytes on the wire. */
  sha256: string;
  /** "gzip" files are decompressed after their hash is checked. */
  encoding: 'identity' | 'gzip';
  /** Bytes once decompressed (required for gzip): decompression stops past it. */
  decodedSize?: number;
}

export interface CataloguePack {
  id: string;
  channel: string;
  version: number;
  knowledgeDate: PartialDate;
  /** After this instant the entry is stale: it is not applied, and the installed pack is marked stale. */
  expiresAt: string;
  /** The oldest extension version that understands this pack ("0.2.0"). */
  minExtensionVersion: string;
  title?: string;
  entityCount?: number;
  /** The pack is the concatenation of these files once decoded, in order. */
  files: CatalogueFile[];
}

export interface Catalogue {
  format: 'backstory-catalogue';
  formatVersion: 1;
  channel: string;
  issuedAt: string;
  expiresAt: string;
  packs: CataloguePack[];
}

const PACK_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const CHANNEL = /^[a-z0-9][a-z0-9-]{0,31}$/;
const SEMVER = /^\d{1,5}(?:\.\d{1,5}){0,3}$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** Plain relative paths only: no scheme, no leading slash, no "." or ".." segment, no query. */
const FILE_PATH = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9_][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

const instant = (field: string) =>
  v.pipe(
    v.string(),
    v.maxLength(40),
    v.check((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)), `${field} must be an ISO date-time`),
  );

const whole = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));

const FileSchema = v.pipe(
  v.object({
    path: v.pipe(v.string(), v.maxLength(300), v.regex(FILE_PATH, 'must be a plain relative path')),
    size: whole(CATALOGUE_LIMITS.fileBytes),
    sha256: v.pipe(v.string(), v.regex(SHA256, 'must be 64 lowercase hex digits')),
    encoding: v.optional(v.picklist(['identity', 'gzip']), 'identity'),
    decodedSize: v.optional(whole(CATALOGUE_LIMITS.decodedBytes)),
  }),
  v.check((file) => file.encoding !== 'gzip' || file.decodedSize !== undefined, 'a gzip file must declare its decodedSize'),
);

const PackSchema = v.object({
  id: v.pipe(v.string(), v.maxLength(100), v.regex(PACK_ID, 'must be a pack id')),
  channel: v.pipe(v.string(), v.regex(CHANNEL, 'must be a channel name')),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  knowledgeDate: v.pipe(v.string(), v.check((value: string) => isValidPartialDate(value), 'must be a date (YYYY, YYYY-MM or YYYY-MM-DD)')),
  expiresAt: instant('expiresAt'),
  minExtensionVersion: v.pipe(v.string(), v.regex(SEMVER, 'must be a version like 0.2.0')),
  title: v.optional(v.pipe(v.string(), v.maxLength(200))),
  entityCount: v.optional(whole(200_000)),
  files: v.pipe(v.array(FileSchema), v.minLength(1), v.maxLength(CATALOGUE_LIMITS.filesPerPack)),
});

const CatalogueSchema = v.object({
  format: v.literal('backstory-catalogue'),
  formatVersion: v.literal(1),
  channel: v.pipe(v.string(), v.regex(CHANNEL, 'must be a channel name')),
  issuedAt: instant('issuedAt'),
  expiresAt: instant('expiresAt'),
  packs: v.pipe(v.array(PackSchema), v.maxLength(CATALOGUE_LIMITS.packs)),
});

export type ParseCatalogueResult = { ok: true; catalogue: Catalogue } | { ok: false; error: string };

/** Parse the (already verified) bytes of a catalogue. Never throws. */
export function parseCatalogue(bytes: Uint8Array): ParseCatalogueResult {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, error: 'the catalogue is not valid JSON' };
  }
  const parsed = v.safeParse(CatalogueSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    return { ok: false, error: `the catalogue is malformed: ${path ? `${path}: ` : ''}${issue.message}` };
  }
  const catalogue = parsed.output as Catalogue;
  const seen = new Set<string>();
  for (const pack of catalogue.packs) {
    if (seen.has(pack.id)) return { ok: false, error: `the catalogue lists pack "${pack.id}" twice` };
    seen.add(pack.id);
  }
  return { ok: true, catalogue };
}

/** -1, 0 or 1 comparing dotted version numbers ("0.10.0" > "0.9.3"; missing parts count as 0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The URL of a catalogue file, resolved against the catalogue's own URL. */
export function fileUrl(catalogueUrl: string, file: Pick<CatalogueFile, 'path'>): string {
  return new URL(file.path, catalogueUrl).href;
}

/** Where a channel's catalogue lives on a server: `<server>/<channel>/index.json`. */
export function catalogueUrl(server: string, channel: string): string {
  const base = server.endsWith('/') ? server : `${server}/`;
  return new URL(`${channel}/index.json`, base).href;
}
