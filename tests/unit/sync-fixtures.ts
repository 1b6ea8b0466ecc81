/**
 * An in-memory pack server for the sync tests: publishes packs with the real publishing code, signs the
 * catalogue with a real key, and answers `fetch` from memory, where a test can swap any answer for a
 * broken one (a flipped byte, an HTML page, an endless body, silence).
 */
import { createHash } from 'node:crypto';
import type { KnowledgeBase } from '../../lib/kb/db';
import type { Catalogue } from '../../lib/sync/catalogue';
import { publishCatalogue } from '../../lib/sync/publish';
import { generateKeyPair, signBytes, type KeyPair, type TrustedKey } from '../../lib/sync/signature';
import type { Pack } from '../../lib/pack/types';

export const SERVER = 'https://packs.test/v1/';
export const CATALOGUE_URL = `${SERVER}stable/index.json`;

export type Answer = (init: RequestInit | undefined) => Promise<Response>;

export interface FakePackServer {
  /** Bytes served per URL; tests may overwrite them. */
  files: Map<string, Uint8Array>;
  /** Answers that replace the stored bytes for a URL. */
  answers: Map<string, Answer>;
  requests: Array<{ url: string; init: RequestInit | undefined }>;
  fetch: typeof fetch;
  /** Publish packs as the channel's catalogue, signed by `key` (the trusted one by default). */
  publish(packs: Pack[], options?: PublishTweaks): Promise<Catalogue>;
  /** Re-serialize and re-sign a catalogue the test edited. */
  serveCatalogue(catalogue: Catalogue, key?: KeyPair): Promise<void>;
}

export interface PublishTweaks {
  key?: KeyPair;
  issuedAt?: Date;
  expiresInDays?: number;
  minExtensionVersion?: string;
  gzip?: boolean;
}

export interface Keys {
  trusted: KeyPair;
  next: KeyPair;
  stranger: KeyPair;
  pinned: TrustedKey[];
}

export async function makeKeys(): Promise<Keys> {
  const [trusted, next, stranger] = await Promise.all([generateKeyPair(), generateKeyPair(), generateKeyPair()]);
  return {
    trusted,
    next,
    stranger,
    pinned: [
      { keyId: trusted.keyId, role: 'current', publicKey: trusted.publicKey },
      { keyId: next.keyId, role: 'next', publicKey: next.publicKey },
    ],
  };
}

let clock = Date.parse('2026-12-01T00:00:00Z');
/** A later issue date for each publication, as a real server's would be. */
function nextIssue(): Date {
  clock += 60_000;
  return new Date(clock);
}

export function makeServer(keys: Keys): FakePackServer {
  const files = new Map<string, Uint8Array>();
  const answers = new Map<string, Answer>();
  const requests: FakePackServer['requests'] = [];
  const encoder = new TextEncoder();

  const serveCatalogue = async (catalogue: Catalogue, key = keys.trusted) => {
    const bytes = encoder.encode(`${JSON.stringify(catalogue, null, 2)}\n`);
    files.set(CATALOGUE_URL, bytes);
    files.set(`${CATALOGUE_URL}.sig`, encoder.encode(JSON.stringify(await signBytes(bytes, key.privateKey))));
  };

  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    requests.push({ url, init });
    const answer = answers.get(url);
    if (answer) return answer(init);
    const body = files.get(url);
    if (!body) return new Response('<html><body>Not found</body></html>', { status: 404, statusText: 'Not Found' });
    return new Response(body.slice(), { status: 200 });
  }) as typeof fetch;

  return {
    files,
    answers,
    requests,
    fetch: fetchFn,
    serveCatalogue,
    async publish(packs, tweaks = {}) {
      const publication = await publishCatalogue({
        packs: packs.map((pack) => ({ json: JSON.stringify(pack) })),
        channel: 'stable',
        issuedAt: tweaks.issuedAt ?? nextIssue(),
        expiresInDays: tweaks.expiresInDays ?? 30,
        minExtensionVersion: tweaks.minExtensionVersion ?? '0.1.0',
        gzip: tweaks.gzip ?? true,
      });
      for (const file of publication.files) files.set(new URL(file.path, CATALOGUE_URL).href, file.bytes);
      await serveCatalogue(publication.catalogue, tweaks.key);
      return publication.catalogue;
    },
  };
}

/** A body that never ends: chunks of 64 KiB for as long as someone reads. */
export function endlessBody(): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x7b);
  return new ReadableStream({ pull: (controller) => controller.enqueue(chunk) });
}

/** A server that accepts the request and never answers (until the request is aborted). */
export const silence: Answer = (init) =>
  new Promise((_, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
  });

/** What the reader has: each pack's version, the entity count, and a digest of every stored entity. */
export async function knowledgeSnapshot(kb: KnowledgeBase): Promise<{ versions: Record<string, number>; entities: number; digest: string }> {
  const [packs, chunks, directories, index] = await Promise.all([kb.getAll('packs'), kb.getAll('chunks'), kb.getAll('directory'), kb.get('meta', 'matcherIndex')]);
  const entities = chunks.flatMap((chunk) => chunk.entities.map((entity) => ({ pack: chunk.pack, entity })));
  const hash = createHash('sha256');
  for (const record of entities) hash.update(JSON.stringify(record));
  for (const directory of directories) hash.update(JSON.stringify({ ...directory, linkStarts: [...directory.linkStarts], linkEvents: [...directory.linkEvents] }));
  hash.update(JSON.stringify(index ?? null));
  return {
    versions: Object.fromEntries(packs.map((p) => [p.manifest.id, p.manifest.version])),
    entities: entities.length,
    digest: hash.digest('hex'),
  };
}
