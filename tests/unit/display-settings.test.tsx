// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DisplaySettings, type DisplaySettingItems } from '@/components/DisplaySettings';
import type { HighlightKind, HighlightStyle, Theme } from '@/utils/settings';
import { memorySetting } from './settings-fixtures';


function memorySettings() {
  return {
    enabled: memorySetting(true),
    disabledSites: memorySetting(['lapresse.ca', 'news.example.org']),
    highlightKinds: memorySetting<HighlightKind[]>(['person', 'place', 'organization', 'event']),
    highlightStyle: memorySetting<HighlightStyle>('underline'),
    firstMentionOnly: memorySetting(false),
    hoverDelayMs: memorySetting(150),
    theme: memorySetting<Theme>('system'),
    showFigures: memorySetting(true),
  } satisfies DisplaySettingItems;
}

let container: HTMLElement;
let settings: ReturnType<typeof memorySettings>;

const part = <E extends Element = HTMLInputElement>(name: string) => container.querySelector<E>(`[data-part="${name}"]`)!;
const labelOf = (element: Element) => element.closest('label')?.textContent?.trim();

beforeEach(async () => {
  container = document.createElement('div');
  document.body.replaceChildren(container);
  settings = memorySettings();
  render(<DisplaySettings settings={settings} />, container);
  await vi.waitFor(() => expect(part('setting-hover-delay').hasAttribute('disabled')).toBe(false));
  await vi.waitFor(() => expect(container.querySelectorAll('input:disabled, select:disabled')).toHaveLength(0));
});

afterEach(() => {
  render(null, container);
});

describe('DisplaySettings', () => {
  it('shows the stored values with a label for every control, groups in fieldsets', () => {
    expect(part('setting-enabled').checked).toBe(true);
    expect(part('setting-first-mention').checked).toBe(false);
    expect(part('show-figures').checked).toBe(true);
    expect(part('show-figures').type).toBe('checkbox');
    for (const kind of ['person', 'place', 'organization', 'event']) expect(part(`setting-kind-${kind}`).checked).toBe(true);
    expect(part('setting-style-underline').checked).toBe(true);
    expect(part('setting-style-hover').checked).toBe(false);
    expect(part<HTMLSelectElement>('setting-hover-delay').value).toBe('150');
    expect([...part<HTMLSelectElement>('setting-hover-delay').options].map((o) => o.value)).toEqual(['0', '150', '300', '500', '800']);
    expect(part<HTMLSelectElement>('setting-theme').value).toBe('system');
    expect([...part<HTMLSelectElement>('setting-theme').options].map((o) => o.textContent)).toEqual([
      'Follow the system',
      'Light',
      'Dark',
      'Follow the page (cards)',
    ]);

    for (const control of container.querySelectorAll('input, select')) expect(labelOf(control), control.outerHTML).toBeTruthy();
    expect(labelOf(part('setting-style-hover'))).toBe('None until hover');
    expect(labelOf(part('setting-kind-organization'))).toBe('Organizations');
    const legends = [...container.querySelectorAll('fieldset > legend')].map((l) => l.textContent);
    expect(legends).toEqual(['Highlight', 'Highlight style']);
    expect(part('setting-kind-person').closest('fieldset')?.querySelector('legend')?.textContent).toBe('Highlight');
    expect(part('setting-style-background').closest('fieldset')?.querySelector('legend')?.textContent).toBe('Highlight style');
  });

  it('stores each change', async () => {
    part('setting-enabled').click();
    await vi.waitFor(() => expect(settings.enabled.current()).toBe(false));

    part('setting-kind-organization').click();
    await vi.waitFor(() => expect(settings.highlightKinds.current()).toEqual(['person', 'place', 'event']));
    part('setting-kind-organization').click();
    await vi.waitFor(() => expect(settings.highlightKinds.current()).toEqual(['person', 'place', 'organization', 'event']));

    part('setting-style-hover').click();
    await vi.waitFor(() => expect(settings.highlightStyle.current()).toBe('hover'));
    expect(part('setting-style-underline').checked).toBe(false);

    part('setting-first-mention').click();
    await vi.waitFor(() => expect(settings.firstMentionOnly.current()).toBe(true));

    part('show-figures').click();
    await vi.waitFor(() => expect(settings.showFigures.current()).toBe(false));

    const delay = part<HTMLSelectElement>('setting-hover-delay');
    delay.value = '500';
    delay.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => expect(settings.hoverDelayMs.current()).toBe(500));

    const theme = part<HTMLSelectElement>('setting-theme');
    theme.value = 'page';
    theme.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => expect(settings.theme.current()).toBe('page'));
  });

  it('follows changes made elsewhere', async () => {
    await settings.highlightStyle.setValue('background');
    await settings.highlightKinds.setValue(['place']);
    await settings.hoverDelayMs.setValue(800);
    await vi.waitFor(() => expect(part('setting-style-background').checked).toBe(true));
    expect(part('setting-kind-person').checked).toBe(false);
    expect(part('setting-kind-place').checked).toBe(true);
    expect(part<HTMLSelectElement>('setting-hover-delay').value).toBe('800');
  });

  it('lists the sites where Backstory is off, each with a button that turns it back on', async () => {
    const sites = () => [...part('disabled-sites').querySelectorAll('li')].map((li) => li.getAttribute('data-site'));
    expect(sites()).toEqual(['lapresse.ca', 'news.example.org']);
    const buttons = part('disabled-sites').querySelectorAll<HTMLButtonElement>('button[data-part="site-enable"]');
    expect(buttons[0]?.textContent).toBe('Turn back on');
    expect(buttons[0]?.getAttribute('aria-label')).toBe('Turn back on for lapresse.ca');

    buttons[0]!.click();
    await vi.waitFor(() => expect(settings.disabledSites.current()).toEqual(['news.example.org']));
    expect(sites()).toEqual(['news.example.org']);

    part('disabled-sites').querySelector<HTMLButtonElement>('[data-part="site-enable"]')!.click();
    await vi.waitFor(() => expect(settings.disabledSites.current()).toEqual([]));
    expect(part('disabled-sites').querySelector('li')).toBeNull();
    expect(part('disabled-sites').textContent).toContain('None');
  });

  it('puts a value back and says so when it cannot be stored', async () => {
    settings.highlightStyle.setValue = async () => {
      throw new Error('quota');
    };
    part('setting-style-background').click();
    await vi.waitFor(() => expect(container.querySelector('[role="alert"]')).not.toBeNull());
    expect(part('setting-style-underline').checked).toBe(true);
  });

  it('stops watching when unmounted', () => {
    render(null, container);
    for (const setting of Object.values(settings)) expect(setting.watchers.size).toBe(0);
  });
});
