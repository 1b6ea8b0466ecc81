/**
 * The popup's and the options page's colours follow the reader's theme setting (utils/settings.ts `theme`):
 * light or dark fixes the document's `data-theme` and `color-scheme`; system and page leave both unset, so
 * the page follows the system's preference (`color-scheme: light dark` in components/ui.css; these pages
 * have no article background to follow). The colours are the design tokens' (assets/tokens.css), which
 * pick their light or dark value by the color-scheme.
 */
import { followSetting, theme as themeSetting, type Setting, type Theme } from '@/utils/settings';

/** Apply one theme setting value to `root` (<html>). */
export function applyDocumentTheme(value: Theme | undefined, root: HTMLElement): void {
  if (value === 'light' || value === 'dark') {
    root.dataset.theme = value;
    root.style.colorScheme = value;
  } else {
    delete root.dataset.theme;
    root.style.removeProperty('color-scheme');
  }
}

/**
 * Read the theme setting and follow its changes (made on the options page, in another window, or synced
 * from another browser) for as long as the page is open. Returns the unwatch.
 */
export function followDocumentTheme(setting: Setting<Theme> = themeSetting, root: HTMLElement = document.documentElement): () => void {
  try {
    return followSetting(setting, (value) => applyDocumentTheme(value, root)).unwatch;
  } catch {
    // No storage to watch here: the system's colours will do.
    return () => undefined;
  }
}
