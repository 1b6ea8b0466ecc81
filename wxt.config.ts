import { defineConfig } from 'wxt';

// WXT builds the Chrome MV3 package by default and the Firefox one with `-b firefox`.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Backstory',
    description: 'The context behind the news: who, where and what an article names, as it stood on the article date.',
    // storage: the reader's settings (WXT storage items). The popup finds the active tab and messages its
    // content script without any permission.
    permissions: ['storage'],
    action: { default_title: 'Backstory' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'backstory@backstory.invalid', strict_min_version: '128.0' } } }
      : {}),
  }),
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
});
