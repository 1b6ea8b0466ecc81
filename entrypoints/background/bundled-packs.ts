/**
 * The packs shipped inside the extension: `scripts/pack.ts build` writes them to public/packs/, which
 * WXT copies into the package, so they are read back with fetch on the extension's own URLs.
 */
import { browser, type PublicPath } from 'wxt/browser';
import type { BundledPackSource } from '@/lib/kb/bundled';

async function fetchJson(path: string): Promise<unknown> {
  // The pack files are generated at build time, so WXT's PublicPath type does not list them.
  const response = await fetch(browser.runtime.getURL(path as PublicPath));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

export function bundledPackSource(): BundledPackSource {
  return {
    // Bundled packs only change with a new extension build; `wxt dev` reloads fire onInstalled anyway.
    stamp: browser.runtime.getManifest().version,
    async list() {
      const index = await fetchJson('/packs/index.json');
      const packs = (index as { packs?: unknown } | null)?.packs;
      if (!Array.isArray(packs) || !packs.every((file) => typeof file === 'string' && /^[\w.-]+\.json$/.test(file))) {
        throw new Error('/packs/index.json: expected { "packs": ["<pack id>.json", ...] }');
      }
      return packs as string[];
    },
    load: (file) => fetchJson(`/packs/${file}`),
  };
}
