import { defineConfig, type WxtViteConfig } from 'wxt';
import { resolve } from 'node:path';

/** The public keys a build trusts for pack signatures: the development keys unless a release names its own. */
const trustedKeys = resolve(process.env.BACKSTORY_TRUSTED_KEYS ?? 'keys/trusted-keys.json');

type VitePlugin = NonNullable<WxtViteConfig['plugins']>[number];

/**
 * Firefox build only: removes the one `innerHTML` sink in Preact's DOM diff, which renders a vnode's
 * `dangerouslySetInnerHTML` prop. Backstory never uses that prop (nothing renders pack or page text as HTML;
 * `npm run lint:firefox` also checks the sources for it), so the branch is dead code, but addons-linter flags
 * it as UNSAFE_VAR_ASSIGNMENT and AMO reviewers ask about it. The assignment becomes a throw: a future use of
 * the prop fails loudly instead of writing HTML. The build fails if Preact's code no longer has exactly one
 * such assignment (a Preact upgrade changed it: look again). docs/firefox.md explains.
 */
function preactWithoutInnerHtml(): VitePlugin {
  const sink = /\(\w+\.innerHTML=\w+\.__html\)/g;
  return {
    name: 'backstory:preact-without-innerhtml',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.(module\.js|mjs)$/.test(id.split('?')[0]!)) return null;
      const found = code.match(sink)?.length ?? 0;
      if (found !== 1) this.error(`expected one dangerouslySetInnerHTML assignment in ${id}, found ${found}`);
      const thrower = '(()=>{throw new Error("Backstory: dangerouslySetInnerHTML is not supported")})()';
      return { code: code.replace(sink, thrower), map: null };
    },
  };
}

// WXT builds the Chrome MV3 package by default and the Firefox MV2 one with `-b firefox` (docs/firefox.md).
export default defineConfig({
  // Parallel builds (several checkouts' tests on one machine) each take their own output directory.
  outDir: process.env.BACKSTORY_OUT_DIR ?? '.output',
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
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'backstory@backstory.invalid',
              strict_min_version: '128.0',
              // Firefox's built-in data consent (required for new add-ons on AMO): Backstory collects nothing.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  hooks: {
    'vite:build:extendConfig': (entrypoints, config) => {
      // The content script goes into every page and has a 40 KB budget: it talks to the browser's own API
      // (promise-based in Chrome MV3 and in Firefox) instead of webextension-polyfill, 3 KB gzipped. Its
      // message listener answers with sendResponse, which both browsers and the polyfill understand
      // (utils/messaging.ts). The background, popup and options keep the polyfill.
      const alias = config.resolve?.alias;
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      if (alias && !Array.isArray(alias)) delete (alias as Record<string, string>)['wxt/browser'];
      // Terser's second pass packs it a little tighter than esbuild's minifier.
      config.build = { ...config.build, minify: 'terser', terserOptions: { compress: { passes: 2 }, format: { comments: false } } };
    },
    'build:manifestGenerated': (wxt, manifest) => {
      // Firefox MV2: an event page (`persistent: false`), stopped when idle and woken by its listeners, as
      // Chrome's service worker is: one lifecycle to reason about, and the matcher's memory is given back
      // between pages. The background is written for that (listeners registered synchronously, one write
      // transaction per install or update). docs/firefox.md.
      if (wxt.config.browser === 'firefox' && manifest.manifest_version === 2 && manifest.background) {
        manifest.background = { ...manifest.background, persistent: false };
      }
    },
  },
  alias: { '#trusted-keys': trustedKeys },
  vite: ({ browser }) => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    define: { 'import.meta.env.BACKSTORY_PACK_SERVER': JSON.stringify(process.env.BACKSTORY_PACK_SERVER ?? '') },
    plugins: browser === 'firefox' ? [preactWithoutInnerHtml()] : [],
  }),
  zip: {
    // The store packages: `npm run zip` (Chrome) and `npm run zip:firefox` (Firefox and its sources zip, which
    // AMO reviewers rebuild with `npm ci && npm run build:firefox`). The sources are an allow-list: what the
    // build reads, and nothing else (no node_modules, build output, tests, screenshots or private keys).
    includeSources: [
      'package.json',
      'package-lock.json',
      'wxt.config.ts',
      'tsconfig.json',
      'env.d.ts',
      'README.md',
      'docs/firefox.md',
      'assets/**',
      'components/**',
      'entrypoints/**',
      'lib/**',
      'locales/**',
      'packs/**',
      'public/**',
      // `npm run packs` (scripts/pack.ts build) and the gazetteer generator it runs.
      'scripts/pack.ts',
      'scripts/pack-server.ts',
      'scripts/gazetteer/**',
      'utils/**',
      'keys/trusted-keys.json',
      'keys/README.md',
    ],
    excludeSources: ['public/packs/**', '**/*private*', '**/*.pem', '**/*.key', '**/.env*'],
  },
});
