// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyDocumentTheme, followDocumentTheme } from '@/utils/document-theme';
import type { Theme } from '@/utils/settings';
import { memorySetting } from './settings-fixtures';

const root = () => document.documentElement;
let unwatch: (() => void) | undefined;

afterEach(() => {
  unwatch?.();
  unwatch = undefined;
  applyDocumentTheme('system', root());
});

describe('the document theme (popup and options)', () => {
  it('takes the stored setting at start: light or dark fixes data-theme and color-scheme', async () => {
    const setting = memorySetting<Theme>('dark');
    unwatch = followDocumentTheme(setting, root());
    await vi.waitFor(() => expect(root().dataset.theme).toBe('dark'));
    expect(root().style.colorScheme).toBe('dark');
  });

  it('follows a change made after start, and leaves system and page to the system preference', async () => {
    const setting = memorySetting<Theme>('system');
    unwatch = followDocumentTheme(setting, root());
    await Promise.resolve();
    expect(root().hasAttribute('data-theme')).toBe(false);
    expect(root().style.colorScheme).toBe('');

    await setting.setValue('light');
    expect(root().dataset.theme).toBe('light');
    expect(root().style.colorScheme).toBe('light');

    await setting.setValue('dark');
    expect(root().dataset.theme).toBe('dark');
    expect(root().style.colorScheme).toBe('dark');

    await setting.setValue('page');
    expect(root().hasAttribute('data-theme')).toBe(false);
    expect(root().style.colorScheme).toBe('');

    await setting.setValue('dark');
    await setting.setValue('system');
    expect(root().hasAttribute('data-theme')).toBe(false);
    expect(root().style.colorScheme).toBe('');
  });

  it('a change seen before the first read answers wins over the older answer', async () => {
    let answer: (value: Theme) => void = () => undefined;
    const setting = memorySetting<Theme>('light');
    setting.getValue = () => new Promise<Theme>((resolve) => (answer = resolve));
    unwatch = followDocumentTheme(setting, root());
    await setting.setValue('dark');
    answer('light');
    await Promise.resolve();
    await Promise.resolve();
    expect(root().dataset.theme).toBe('dark');
  });

  it('stops following once unwatched', async () => {
    const setting = memorySetting<Theme>('light');
    unwatch = followDocumentTheme(setting, root());
    await vi.waitFor(() => expect(root().dataset.theme).toBe('light'));
    unwatch();
    await setting.setValue('dark');
    expect(root().dataset.theme).toBe('light');
    expect(setting.watchers.size).toBe(0);
  });

  it('treats an unknown stored value as the system preference', async () => {
    const setting = memorySetting('sepia' as Theme);
    root().dataset.theme = 'dark';
    unwatch = followDocumentTheme(setting, root());
    await vi.waitFor(() => expect(root().hasAttribute('data-theme')).toBe(false));
  });
});
