/**
 * What the sync end-to-end tests need around the browser: publish packs into a directory the local pack
 * server serves (signed with the development key the test build trusts), read the knowledge base from an
 * extension page, and stop the extension's service worker as the browser would.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { publishCatalogue } from '../lib/sync/publish';
import { signBytes } from '../lib/sync/signature';
import type { Pack } from '../lib/pack/types';

export const DEV_KEY = JSON.parse(readFileSync(resolve('keys/dev/dev-current.private.jwk.json'), 'utf8')) as JsonWebKey;

export function shippedPack(id: string): Pack {
  return JSON.parse(readFileSync(resolve(`public/packs/${id}.json`), 'utf8')) as Pack;
}

export interface PublishToDirOptions {
  key?: JsonWebKey;
  issuedAt?: Date;
  expiresInDays?: number;
  gzip?: boolean;
}

/** Write `<root>/stable/index.json`, its signature and the pack files; returns the catalogue's file paths. */
export async function publishToDir(root: string, packs: Pack[], options: PublishToDirOptions = {}): Promise<string[]> {
  const publication = await publishCatalogue({
    packs: packs.map((pack) => ({ json: JSON.stringify(pack) })),
    channel: 'stable',
    issuedAt: options.issuedAt ?? new Date(),
    expiresInDays: options.expiresInDays ?? 30,
    minExtensionVersion: '0.1.0',
    gzip: options.gzip ?? true,
  });
  const dir = join(root, 'stable');
  mkdirSync(dir, { recursive: true });
  for (const file of publication.files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.bytes);
  }
  writeFileSync(join(dir, 'index.json'), publication.catalogueBytes);
  const signature = await signBytes(publication.catalogueBytes, options.key ?? DEV_KEY);
  writeFileSync(join(dir, 'index.json.sig'), JSON.stringify(signature));
  return publication.files.map((file) => `stable/${file.path}`);
}

/** A pack one version up, with a later knowledge date and, optionally, more entities. */
export function nextVersion(pack: Pack, extra: Pack['entities'] = [], knowledgeDate = '2026-11'): Pack {
  const next = structuredClone(pack);
  next.manifest.version += 1;
  next.manifest.knowledgeDate = knowledgeDate;
  next.entities.push(...extra);
  next.manifest.entityCount = next.entities.length;
  return next;
}

export interface KnowledgeSnapshot {
  versions: Record<string, number>;
  entities: number;
  digest: string;
}

/**
 * What the knowledge base holds, read straight from IndexedDB in an extension page (same origin as the
 * background): each pack's version, the entity count and a SHA-256 over every stored entity and the matcher index.
 */
export async function readKnowledge(page: Page): Promise<KnowledgeSnapshot> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('backstory');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store, 'readonly').objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const index = await new Promise<unknown>((resolve, reject) => {
      const request = db.transaction('meta', 'readonly').objectStore('meta').get('matcherIndex');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const [packs, chunks, directories] = await Promise.all([
      all<{ manifest: { id: string; version: number } }>('packs'),
      all<{ pack: string; entities: unknown[] }>('chunks'),
      all<unknown>('directory'),
    ]);
    db.close();
    // Entities live in chunks (lib/kb/layout.ts); typed arrays serialise as objects, which is enough for a digest.
    const entities = chunks.flatMap((chunk) => chunk.entities.map((entity) => ({ pack: chunk.pack, entity })));
    const text = JSON.stringify(entities) + JSON.stringify(directories) + JSON.stringify(index ?? null);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return {
      versions: Object.fromEntries(packs.map((p) => [p.manifest.id, p.manifest.version])),
      entities: entities.length,
      digest: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''),
    };
  });
}

/** The DevTools target id of the extension's service worker, when it is running. */
export async function serviceWorkerTarget(cdp: CDPSession, extensionId: string): Promise<string | undefined> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
  return targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`))?.targetId;
}

/**
 * Stop the extension's service worker the way Chromium does when it idles it out: the DevTools protocol
 * closes its target, killing whatever it was doing (a fetch, an IndexedDB transaction in flight).
 */
export async function stopServiceWorker(context: BrowserContext, page: Page, extensionId: string): Promise<boolean> {
  const cdp = await context.newCDPSession(page);
  try {
    const targetId = await serviceWorkerTarget(cdp, extensionId);
    if (!targetId) return false;
    await cdp.send('Target.closeTarget', { targetId });
    return true;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The extension API inside extension pages, as page.evaluate uses it there. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/** Send a background request from an extension page, as the options page does; rejects with the background's error. */
export function askBackground<T>(page: Page, type: string, payload: object = {}): Promise<T> {
  return page.evaluate(
    async ([type, payload]) => {
      const reply = (await chrome.runtime.sendMessage({ backstory: 1, type, payload })) as { ok: boolean; value?: unknown; error?: string };
      if (!reply?.ok) throw new Error(reply?.error ?? 'no answer');
      return reply.value;
    },
    [type, payload] as const,
  ) as Promise<T>;
}

/** Start a sync from an extension page without waiting for its answer (the worker may die first). */
export async function startSync(page: Page): Promise<void> {
  await page.evaluate(() => {
    void chrome.runtime.sendMessage({ backstory: 1, type: 'syncNow', payload: {} }).catch(() => undefined);
  });
}
