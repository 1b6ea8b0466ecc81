import { defineConfig } from 'wxt';
import { resolve } from 'node:path';

/** The public keys a build trusts for pack signatures: the development keys unless a release names its own. */
const trustedKeys = resolve(process.env.BACKSTORY_TRUSTED_KEYS ?? 'keys/trusted-keys.json');

// WXT builds the Chrome MV3 package by default and the Firefox one with `-b firefox`.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  manifest: ({ browser }) => ({
    // The interface follows the browser's language (locales/*.yml, English and French).
    default_locale: 'en',
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    // storage: the reader's settings (WXT storage items); alarms: the scheduled pack sync; unlimitedStorage:
    // the knowledge base (about 10 MB, more with synced packs) must not hit the origin quota or be evicted.
    // The popup finds the active tab and messages its content script without any permission. Pack downloads
    // need no host permission: the pack server answers with CORS (docs/permissions.md).
    permissions: ['storage', 'alarms', 'unlimitedStorage'],
    action: { default_title: '__MSG_extName__' },
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
