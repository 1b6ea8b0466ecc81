/**
 * The reader's settings, in the browser's synced extension storage (WXT storage items). Code that
 * only reads or watches a setting takes a `BooleanSetting`, so tests can pass a stand-in.
 */
import { storage } from 'wxt/utils/storage';

/** A yes/no setting as the UI uses it (a WXT storage item with a fallback fits). */
export interface BooleanSetting {
  getValue(): Promise<boolean>;
  setValue(value: boolean): Promise<void>;
  /** Called with the new value whenever it changes (in any extension page or tab); returns the unwatch. */
  watch(callback: (value: boolean) => void): () => void;
}

/**
 * An item defined on first use: `defineItem` starts reading storage at once, which importing this
 * module (in a test, or a page that never asks) should not do.
 */
function lazyBooleanItem(define: () => BooleanSetting): BooleanSetting {
  let item: BooleanSetting | undefined;
  const get = () => (item ??= define());
  return {
    getValue: () => get().getValue(),
    setValue: (value) => get().setValue(value),
    watch: (callback) => get().watch(callback),
  };
}

/** "Show figures (numbers and dates)": mark the numbers and dates an article quotes. On unless the reader turns it off. */
export const showFigures: BooleanSetting = lazyBooleanItem(() => storage.defineItem<boolean>('sync:showFigures', { fallback: true }));
