// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { badgeText, BADGE_BACKGROUND, setPageBadge, type BadgeApi } from '@/entrypoints/background/badge';
import { BackstoryPage, isToggleShortcut, STATUS_TAG, STYLE_ATTRIBUTE, type PageServices } from '@/entrypoints/content/backstory-page';
import { PageMarks, type Annotate } from '@/entrypoints/content/page-marks';
import type { BackgroundRequests, Figure, Mention } from '@/lib/messages';
import type { EntityKind } from '@/lib/pack/types';
import type { HighlightKind, HighlightStyle } from '@/utils/settings';
import { fakeContext, memorySetting } from './settings-fixtures';

const NAMES: Array<[string, string, EntityKind]> = [
  ['Vladimir Putin', 'person:vladimir-putin', 'person'],
  ['Putin', 'person:vladimir-putin', 'person'],
  ['Belgorod', 'place:belgorod', 'place'],
  ['Kremlin', 'organization:kremlin', 'organization'],
];

function occurrences(text: string, words: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(words); at !== -1; at = text.indexOf(words, at + 1)) found.push(at);
  return found;
}

/** A stand-in for the background's annotate: the names above (longest first) and the figure "40 km". */
const annotate: Annotate = async (texts) => ({
  results: texts.map((text) => {
    const found: Mention[] = [];
    for (const [words, id, kind] of NAMES) {
      for (const start of occurrences(text, words)) {
        if (found.some((m) => start < m.end && m.start < start + words.length)) continue;
        found.push({ start, end: start + words.length, id, kind });
      }
    }
    return found.sort((a, b) => a.start - b.start);
  }),
  figures: texts.map((text) =>
    occurrences(text, '40 km').map((start): Figure => ({ start, end: start + 5, text: '40 km', type: 'quantity', value: 40, unit: 'km' })),
  ),
  entities: Object.fromEntries(NAMES.map(([name, id, kind]) => [id, { id, kind, name, description: '' }])),
});

const PAGE = `<article>
  <p id="a">Vladimir <b>Putin</b> flew to Belgorod, 40 km from the border. The Kremlin said nothing.</p>
  <p id="b">Putin left Belgorod at night; the Kremlin confirmed it.</p>
  <p id="c">Reporters in Belgorod asked Putin again.</p>
</article>`;

const marksOf = (selector = '[data-backstory-id]') => [...document.querySelectorAll(selector)].map((e) => e.textContent);
const textNodes = (root: Node): Text[] => {
  const walker = document.createTreeWalker(root, 4 /* SHOW_TEXT */);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  return nodes;
};
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));



interface Initial {
  enabled?: boolean;
  sites?: string[];
  kinds?: HighlightKind[];
  style?: HighlightStyle;
  firstOnly?: boolean;
  figures?: boolean;
}

let invalidate: (() => void) | undefined;

beforeEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = PAGE;
  document.documentElement.removeAttribute(STYLE_ATTRIBUTE);
});

afterEach(() => {
  invalidate?.();
  invalidate = undefined;
});

/** A page on news.example.org with every setting in memory and a background that records what it is asked. */
function page(initial: Initial = {}, options: { annotate?: Annotate } = {}) {
  const requests: Array<[string, unknown]> = [];
  const send = (async (type: keyof BackgroundRequests, payload: never) => {
    requests.push([type, payload]);
    if (type === 'annotate') return (options.annotate ?? annotate)((payload as { texts: string[] }).texts);
    if (type === 'entityCard') return null;
    if (type === 'figureCard') return { figure: (payload as { figure: Figure }).figure, conversions: [], comparisons: [], events: [] };
    return null;
  }) as PageServices['send'];
  const settings = {
    showFigures: memorySetting(initial.figures ?? true),
    enabled: memorySetting(initial.enabled ?? true),
    disabledSites: memorySetting(initial.sites ?? []),
    highlightKinds: memorySetting<HighlightKind[]>(initial.kinds ?? ['person', 'place', 'organization', 'event']),
    highlightStyle: memorySetting<HighlightStyle>(initial.style ?? 'underline'),
    firstMentionOnly: memorySetting(initial.firstOnly ?? false),
  };
  const context = fakeContext();
  invalidate = context.invalidate;
  const backstory = new BackstoryPage(context.ctx, document, { send, ...settings, hostname: 'news.example.org' });
  const sent = (type: string) => requests.filter(([t]) => t === type).map(([, payload]) => payload);
  return { backstory, settings, requests, sent };
}

const key = (target: EventTarget, init: KeyboardEventInit = { key: 'B', code: 'KeyB', altKey: true, shiftKey: true }) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, ...init }));

describe('Backstory turned off, everywhere or for the site', () => {
  it('does not scan a disabled site, says why, and scans when the site is turned back on', async () => {
    const html = document.body.innerHTML;
    const { backstory, settings, sent } = page({ sites: ['example.org'] });
    await backstory.scan();
    expect(sent('annotate')).toEqual([]);
    expect(document.body.innerHTML).toBe(html);
    expect(document.documentElement.hasAttribute(STYLE_ATTRIBUTE)).toBe(false);
    await expect(backstory.summary()).resolves.toMatchObject({ scanned: false, disabled: 'site', entities: [] });
    // "Scan this page" on a disabled site answers the same without scanning.
    await backstory.scan();
    expect(sent('annotate')).toEqual([]);

    await settings.disabledSites.setValue(['other.org']);
    await backstory.summary();
    expect(sent('annotate')).toHaveLength(1);
    expect(marksOf()).toContain('Belgorod');
    const summary = await backstory.summary();
    expect(summary.scanned).toBe(true);
    expect(summary.disabled).toBeUndefined();
    expect(sent('pageStats')).toEqual([{ entities: 3 }]);
  });

  it('takes every mark out when turned off live, restoring the text nodes exactly, and closes the card', async () => {
    const originals = textNodes(document.body);
    const html = document.body.innerHTML;
    const { backstory, settings, sent } = page();
    await backstory.scan();
    expect(document.querySelectorAll('backstory-mention').length).toBeGreaterThan(0);
    document.querySelector<HTMLElement>('[data-backstory-id="place:belgorod"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const host = document.querySelector('backstory-popover') as HTMLElement;
    expect(host.hidden).toBe(false);

    await settings.disabledSites.setValue(['news.example.org']);
    expect(document.querySelector('backstory-mention')).toBeNull();
    expect(document.body.innerHTML).toBe(html);
    expect(textNodes(document.body)).toEqual(originals);
    expect(host.hidden).toBe(true);
    expect(document.documentElement.hasAttribute(STYLE_ATTRIBUTE)).toBe(false);
    expect(sent('pageStats')).toEqual([{ entities: 3 }, { entities: 0 }]);
    await expect(backstory.summary()).resolves.toMatchObject({ scanned: false, disabled: 'site', entities: [] });

    await settings.enabled.setValue(false);
    await expect(backstory.summary()).resolves.toMatchObject({ scanned: false, disabled: 'everywhere' });

    // Back on (the site is still off until it is removed from the list).
    await settings.enabled.setValue(true);
    await settings.disabledSites.setValue([]);
    await backstory.summary();
    expect(marksOf('[data-backstory-id="place:belgorod"]')).toHaveLength(3);
    expect(sent('annotate')).toHaveLength(2);
  });

  it('does not scan a page nobody asked to scan when Backstory is turned back on', async () => {
    const { backstory, settings, sent } = page({ enabled: false });
    await backstory.summary();
    await settings.enabled.setValue(true);
    await backstory.summary();
    expect(sent('annotate')).toEqual([]);
    const summary = await backstory.summary();
    expect(summary.scanned).toBe(false);
    expect(summary.disabled).toBeUndefined();
  });

  it('marks nothing when turned off while the background is answering', async () => {
    let answer!: () => void;
    const slow: Annotate = (texts) => new Promise((resolve) => (answer = () => resolve(annotate(texts))));
    const html = document.body.innerHTML;
    const { backstory, settings } = page({}, { annotate: slow });
    const scanning = backstory.scan();
    // The scan reads the page after its next frame, then asks the background.
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    await settings.enabled.setValue(false);
    answer();
    await scanning;
    await flush();
    expect(document.body.innerHTML).toBe(html);
    await expect(backstory.summary()).resolves.toMatchObject({ scanned: false, disabled: 'everywhere', entities: [] });
  });
});

describe('which mentions are marked', () => {
  it('marks only the kinds the reader chose, and follows the choice live without asking the background again', async () => {
    const { backstory, settings, sent } = page({ kinds: ['place'] });
    await backstory.scan();
    expect(marksOf()).toEqual(['Belgorod', 'Belgorod', 'Belgorod']);
    // Figures follow their own setting.
    expect(marksOf('[data-backstory-kind="figure"]')).toEqual(['40 km']);
    expect((await backstory.summary()).entities.map((e) => e.id)).toEqual(['place:belgorod']);
    expect(sent('pageStats')).toEqual([{ entities: 1 }]);

    await settings.highlightKinds.setValue(['person', 'place']);
    expect(marksOf()).toEqual(['Vladimir ', 'Putin', 'Belgorod', 'Putin', 'Belgorod', 'Belgorod', 'Putin']);
    expect(marksOf('[data-backstory-kind="figure"]')).toEqual(['40 km']);
    expect(sent('annotate')).toHaveLength(1);
    expect(sent('pageStats')).toEqual([{ entities: 1 }, { entities: 2 }]);

    await settings.highlightKinds.setValue([]);
    expect(marksOf()).toEqual([]);
    expect(marksOf('[data-backstory-kind="figure"]')).toEqual(['40 km']);
  });

  it('marks only the first mention of each entity when asked, and counts every mention', async () => {
    const html = document.body.innerHTML;
    const { backstory, settings } = page({ firstOnly: true });
    await backstory.scan();
    expect(marksOf()).toEqual(['Vladimir ', 'Putin', 'Belgorod', 'Kremlin']);
    expect(document.querySelectorAll('#b [data-backstory-id], #c [data-backstory-id]')).toHaveLength(0);
    expect((await backstory.summary()).entities.map((e) => [e.id, e.count])).toEqual([
      ['person:vladimir-putin', 3],
      ['place:belgorod', 3],
      ['organization:kremlin', 2],
    ]);

    await settings.firstMentionOnly.setValue(false);
    expect(marksOf()).toHaveLength(9);
    await settings.highlightKinds.setValue(['organization']);
    await settings.firstMentionOnly.setValue(true);
    expect(marksOf()).toEqual(['Kremlin']);

    invalidate?.();
    invalidate = undefined;
    expect(document.body.innerHTML).toBe(html);
  });

  it('puts the same marks back after a filter round trip (PageMarks)', async () => {
    const marks = new PageMarks();
    await marks.scan(document.body, annotate);
    const full = document.body.innerHTML;
    marks.setFilter({ kinds: new Set<EntityKind>(['event']), firstMentionOnly: true });
    expect(marksOf()).toEqual([]);
    marks.setFilter({ kinds: new Set<EntityKind>(['person', 'place', 'organization', 'event']), firstMentionOnly: false });
    expect(document.body.innerHTML).toBe(full);
  });
});

describe('the highlight style', () => {
  it('sets the style on <html> once the settings are read, follows it live, and removes it on teardown', async () => {
    const { backstory, settings } = page({ style: 'background' });
    await backstory.summary();
    expect(document.documentElement.getAttribute(STYLE_ATTRIBUTE)).toBe('background');
    await settings.highlightStyle.setValue('hover');
    expect(document.documentElement.getAttribute(STYLE_ATTRIBUTE)).toBe('hover');
    await settings.highlightStyle.setValue('bogus' as HighlightStyle);
    expect(document.documentElement.getAttribute(STYLE_ATTRIBUTE)).toBe('underline');
    invalidate?.();
    invalidate = undefined;
    expect(document.documentElement.hasAttribute(STYLE_ATTRIBUTE)).toBe(false);
  });

  it('only paints: no rule for the marks changes their box', () => {
    const css = readFileSync(resolve(process.cwd(), 'entrypoints/content/style.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const rules = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].filter(([, selector]) => selector!.includes('backstory-mention'));
    expect(rules.length).toBeGreaterThan(5);
    for (const [, selector, body] of rules) {
      const properties = body!.split(';').map((d) => d.split(':')[0]!.trim()).filter(Boolean);
      for (const property of properties) {
        expect(property, selector).not.toMatch(/^(padding|margin|border(?!-radius)|font|line-height|letter-spacing|word-spacing|width|height|display|position)/);
      }
    }
    for (const style of ['background', 'hover']) expect(css).toContain(`html[data-backstory-style='${style}'] backstory-mention`);
  });
});

describe('Alt+Shift+B', () => {
  it('recognises the shortcut by its physical key', () => {
    const event = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);
    expect(isToggleShortcut(event({ key: 'B', code: 'KeyB', altKey: true, shiftKey: true }))).toBe(true);
    expect(isToggleShortcut(event({ key: 'ı', code: 'KeyB', altKey: true, shiftKey: true }))).toBe(true);
    expect(isToggleShortcut(event({ key: 'B', code: 'KeyB', shiftKey: true }))).toBe(false);
    expect(isToggleShortcut(event({ key: 'B', code: 'KeyB', altKey: true, shiftKey: true, ctrlKey: true }))).toBe(false);
  });

  it('hides and shows the highlights without scanning again, and announces it', async () => {
    const originals = textNodes(document.body);
    const html = document.body.innerHTML;
    const { backstory, sent } = page();
    await backstory.scan();
    const marked = document.body.innerHTML;

    key(document.body);
    expect(document.querySelector('backstory-mention')).toBeNull();
    expect(document.body.innerHTML).toBe(html);
    expect(textNodes(document.body)).toEqual(originals);
    expect(backstory.highlightsShown).toBe(false);
    const status = document.querySelector(STATUS_TAG)!;
    expect(status.getAttribute('role')).toBe('status');
    expect(status.textContent).toBe('Backstory highlights hidden');
    // The popup still lists what the page names.
    expect((await backstory.summary()).entities).toHaveLength(3);

    key(document.body);
    expect(document.body.innerHTML).toBe(marked);
    expect(status.textContent).toBe('Backstory highlights shown');
    expect(sent('annotate')).toHaveLength(1);

    invalidate?.();
    invalidate = undefined;
    expect(document.querySelector(STATUS_TAG)).toBeNull();
  });

  it('marks the page again when Backstory is turned off and on while the highlights are hidden', async () => {
    const { backstory, settings } = page();
    await backstory.scan();
    key(document.body);
    expect(backstory.highlightsShown).toBe(false);
    await settings.enabled.setValue(false);
    await settings.enabled.setValue(true);
    await backstory.summary();
    expect(backstory.highlightsShown).toBe(true);
    expect(marksOf('[data-backstory-id="place:belgorod"]')).toHaveLength(3);
  });

  it('brings the highlights back when the popup asks to show a mention', async () => {
    const { backstory } = page();
    await backstory.scan();
    key(document.body);
    Element.prototype.scrollIntoView ??= () => undefined;
    await expect(backstory.scrollTo('organization:kremlin')).resolves.toEqual({ found: true });
    expect(backstory.highlightsShown).toBe(true);
    expect(document.activeElement?.getAttribute('data-backstory-id')).toBe('organization:kremlin');
  });

  it('is left to the page while the reader types, and does nothing on a page that was not marked', async () => {
    document.body.insertAdjacentHTML('beforeend', '<input id="field"><textarea id="area"></textarea><div contenteditable="true"><p id="edit">x</p></div>');
    const { backstory } = page();
    key(document.body);
    expect(document.querySelector(STATUS_TAG)).toBeNull();

    await backstory.scan();
    for (const id of ['field', 'area', 'edit']) key(document.getElementById(id)!);
    expect(backstory.highlightsShown).toBe(true);
    key(document.body, { key: 'b', code: 'KeyB', altKey: true });
    expect(backstory.highlightsShown).toBe(true);
  });

  it('leaves one tab stop per mention', async () => {
    const { backstory } = page({ style: 'hover' });
    await backstory.scan();
    const stops = [...document.querySelectorAll<HTMLElement>('backstory-mention[tabindex="0"]')];
    expect(stops.map((e) => e.getAttribute('aria-label'))).toEqual([
      'Vladimir Putin (person): show backstory',
      'Belgorod (place): show backstory',
      '40 km (figure): show details',
      'Kremlin (organization): show backstory',
      'Putin (person): show backstory',
      'Belgorod (place): show backstory',
      'Kremlin (organization): show backstory',
      'Belgorod (place): show backstory',
      'Putin (person): show backstory',
    ]);
    expect(stops.every((e) => e.tabIndex === 0)).toBe(true);
    expect(document.querySelector('b backstory-mention')?.getAttribute('tabindex')).toBe('-1');
  });
});

describe('the toolbar badge', () => {
  function fakeAction() {
    const calls: Array<[string, unknown]> = [];
    const api: BadgeApi = {
      setBadgeText: async (details) => void calls.push(['text', details]),
      setBadgeBackgroundColor: async (details) => void calls.push(['colour', details]),
    };
    return { api, calls };
  }

  it('shows the count for the reporting tab in a neutral colour, and clears it for 0', async () => {
    const { api, calls } = fakeAction();
    await expect(setPageBadge(7, 12, api)).resolves.toBeNull();
    await setPageBadge(7, 0, api);
    await setPageBadge(undefined, 5, api);
    expect(calls).toEqual([
      ['colour', { tabId: 7, color: BADGE_BACKGROUND }],
      ['text', { tabId: 7, text: '12' }],
      ['text', { tabId: 7, text: '' }],
    ]);
    expect([badgeText(0), badgeText(-1), badgeText(Number.NaN), badgeText(1), badgeText(999), badgeText(1500)]).toEqual(['', '', '', '1', '999', '999+']);
  });

  it('does not fail when the tab went away', async () => {
    const api: BadgeApi = {
      setBadgeText: async () => {
        throw new Error('No tab with id: 7.');
      },
      setBadgeBackgroundColor: async () => undefined,
    };
    await expect(setPageBadge(7, 3, api)).resolves.toBeNull();
  });
});
