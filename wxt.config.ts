import { defineConfig } from 'wxt';

// WXT builds the Chrome MV3 package by default and the Firefox one with `-b firefox`.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Backstory',
    description: 'The context behind the news: who, where and what an article names, as it stood on the article date.',
    // No permissions yet: the popup finds the active tab's id and messages its content script without any.
    permissions: [],
    action: { default_title: 'Backstory' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'backstory@backstory.invalid', strict_min_version: '128.0' } } }
      : {}),
  }),
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
});
