/** Stand-ins for the extension's settings and content script context, shared by the unit tests. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Setting } from '../../utils/settings';

/** A setting in memory: its current value, every value stored, and who watches it. */
export function memorySetting<T>(initial: T): Setting<T> & { watchers: Set<(value: T) => void>; stored: T[]; current: () => T } {
  let value = initial;
  const watchers = new Set<(value: T) => void>();
  const stored: T[] = [];
  return {
    getValue: async () => value,
    setValue: async (next) => {
      value = next;
      stored.push(next);
      for (const watcher of [...watchers]) watcher(next);
    },
    watch: (callback) => {
      watchers.add(callback);
      return () => void watchers.delete(callback);
    },
    watchers,
    stored,
    current: () => value,
  };
}

/** A content script context that never fires, with an abort we trigger. */
export function fakeContext(): { ctx: ContentScriptContext; invalidate: () => void } {
  const abort = new AbortController();
  const invalidated: Array<() => void> = [];
  const ctx = {
    signal: abort.signal,
    setTimeout: (handler: () => void, ms: number) => window.setTimeout(handler, ms),
    onInvalidated: (callback: () => void) => void invalidated.push(callback),
  } as unknown as ContentScriptContext;
  const invalidate = () => {
    abort.abort();
    for (const callback of invalidated) callback();
  };
  return { ctx, invalidate };
}
