import { defineConfig } from 'wxt';
import { resolve } from 'node:path';

/** The public keys a build trusts for pack signatures: the development keys unless a release names its own. */
const trustedKeys = resolve(process.env.BACKSTORY_TRUSTED_KEYS ?? 'keys/trusted-keys.json');

// WXT builds the Chrome MV3 package by default and the Firefox one with `-b firefox`.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Backstory',
    description: 'The context behind the news: who, where and what an article names, as it stood on the article date.',
    // storage: the reader's settings (WXT storage items); alarms: the scheduled pack sync; unlimitedStorage:
    // the knowledge base (about 10 MB, more with synced packs) must not hit the origin quota or be evicted.
    // The popup finds the active tab and messages its content script without any permission. Pack downloads
    // need no host permission: the pack server answers with CORS (docs/permissions.md).
    permissions: ['storage', 'alarms', 'unlimitedStorage'],
    action: { default_title: 'Backstory' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'backstory@backstory.invalid', strict_min_version: '128.0' } } }
      : {}),
  }),
  alias: { '#trusted-keys': trustedKeys },
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    define: { 'import.meta.env.BACKSTORY_PACK_SERVER': JSON.stringify(process.env.BACKSTORY_PACK_SERVER ?? '') },
  }),
});
