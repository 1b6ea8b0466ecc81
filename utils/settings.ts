/**
 * The reader's settings, as WXT storage items (`sync:` follows the reader's browsers, `local:` stays on
 * this device). Code takes a `Setting<T>`, so tests can pass a stand-in.
 */
import { storage } from 'wxt/utils/storage';

/** A setting holding one value of type T, as the UI and the background use it (a WXT storage item with a fallback fits). */
export interface Setting<T> {
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
  /** Called with the new value whenever it changes (in any extension page or tab); returns the unwatch. */
  watch(callback: (value: T) => void): () => void;
}

/** A yes/no setting. */
export type BooleanSetting = Setting<boolean>;

/**
 * An item defined on first use: `defineItem` starts reading storage at once, which importing this
 * module (in a test, or a page that never asks) should not do.
 */
function lazyItem<T>(define: () => Setting<T>): Setting<T> {
  let item: Setting<T> | undefined;
  const get = () => (item ??= define());
  return {
    getValue: () => get().getValue(),
    setValue: (value) => get().setValue(value),
    watch: (callback) => get().watch(callback),
  };
}

/**
 * Read a setting and follow its changes: `apply` gets the stored value, then every change. A change seen
 * before the first read answers wins over that (older) answer. Returns the unwatch, and the first read
 * (which never rejects: a failed read calls `onReadError` and leaves the caller's default).
 */
export function followSetting<T>(
  setting: Setting<T>,
  apply: (value: T) => void,
  onReadError: (error: unknown) => void = () => undefined,
): { unwatch: () => void; read: Promise<void> } {
  let changed = false;
  // The read starts first, so it is under way even when watching throws (no storage in this context).
  const read = setting.getValue().then((value) => {
    if (!changed) apply(value);
  }, onReadError);
  const stopWatching = setting.watch((value) => {
    changed = true;
    apply(value);
  });
  const unwatch = () => {
    try {
      stopWatching();
    } catch {
      // The extension is gone (reloaded, updated): its listener went with it, and a throw here would reach the page.
    }
  };
  return { unwatch, read };
}

/** "Show figures (numbers and dates)": mark the numbers and dates an article quotes. On unless the reader turns it off. */
export const showFigures: BooleanSetting = lazyItem(() => storage.defineItem<boolean>('sync:showFigures', { fallback: true }));

/**
 * The pack server's base URL ("https://packs.example.org/v1/"). Empty means the one configured at build time
 * (`BACKSTORY_PACK_SERVER`), and with none there, no automatic updates. Kept per device (local), not synced.
 */
export const packServer: Setting<string> = lazyItem(() => storage.defineItem<string>('local:packServer', { fallback: '' }));
/** The catalogue channel to follow ("stable"). */
export const packChannel: Setting<string> = lazyItem(() => storage.defineItem<string>('local:packChannel', { fallback: 'stable' }));
/** Hours between scheduled update checks; 0 turns scheduled checks off (the "Check for updates" buttons still work). */
export const syncIntervalHours: Setting<number> = lazyItem(() => storage.defineItem<number>('local:syncIntervalHours', { fallback: 24 }));

/** The choices the options page offers for `syncIntervalHours`. */
export const SYNC_INTERVAL_CHOICES: readonly number[] = [6, 24, 168, 0];

/** How mentions look on the page. */
export type HighlightStyle = 'underline' | 'background' | 'hover';
/** The card's and the popup's colours: the system's, fixed light or dark, or following the page's background. */
export type Theme = 'system' | 'light' | 'dark' | 'page';
/** What can be highlighted: the entity kinds (figures have their own switch, `showFigures`). */
export type HighlightKind = 'person' | 'place' | 'organization' | 'event';

/** Backstory on or off everywhere (the per-site list applies while it is on). Synced. */
export const backstoryEnabled: Setting<boolean> = lazyItem(() => storage.defineItem<boolean>('sync:enabled', { fallback: true }));
/** Sites (see lib/page/sites.ts `siteOf`) where Backstory does not run. Synced. */
export const disabledSites: Setting<string[]> = lazyItem(() => storage.defineItem<string[]>('sync:disabledSites', { fallback: [] }));
/** The kinds of entity marked on pages. Synced. */
export const highlightKinds: Setting<HighlightKind[]> = lazyItem(() =>
  storage.defineItem<HighlightKind[]>('sync:highlightKinds', { fallback: ['person', 'place', 'organization', 'event'] }),
);
/** underline (default), background tint, or nothing until the pointer is over a mention. Synced. */
export const highlightStyle: Setting<HighlightStyle> = lazyItem(() => storage.defineItem<HighlightStyle>('sync:highlightStyle', { fallback: 'underline' }));
/** Mark only the first mention of each entity. Synced. */
export const firstMentionOnly: Setting<boolean> = lazyItem(() => storage.defineItem<boolean>('sync:firstMentionOnly', { fallback: false }));
/** How long the pointer rests on a mention before its card opens, in ms. Synced. */
export const hoverDelayMs: Setting<number> = lazyItem(() => storage.defineItem<number>('sync:hoverDelayMs', { fallback: 150 }));
/** The card's and popup's theme. Synced. */
export const theme: Setting<Theme> = lazyItem(() => storage.defineItem<Theme>('sync:theme', { fallback: 'system' }));
/**
 * The candidate the reader chose for an ambiguous name, per site: { "lapresse.ca": { "georgia": "place:georgia-us" } },
 * keyed by the mention's folded text. Local: it says which sites the reader reads.
 */
export const siteChoices: Setting<Record<string, Record<string, string>>> = lazyItem(() =>
  storage.defineItem<Record<string, Record<string, string>>>('local:siteChoices', { fallback: {} }),
);

/**
 * Cards in an open shadow root, which page scripts (and test tools) can read. Off: the root is closed, so a
 * page cannot read what the reader looks up. A test and debugging switch with no UI; local to the device,
 * and pages cannot write extension storage (docs/isolation.md).
 */
export const inspectableCards: Setting<boolean> = lazyItem(() => storage.defineItem<boolean>('local:inspectableCards', { fallback: false }));
