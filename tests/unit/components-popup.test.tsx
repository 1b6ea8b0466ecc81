// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FilterChips } from '@/components/FilterChips';
import { offState, pageSite } from '@/components/SiteSwitch';
import { Timeline } from '@/components/Timeline';
import { PopupApp } from '@/entrypoints/popup/PopupApp';
import type { EntitySummary, PageSummary, TimelineEvent } from '@/lib/messages';
import { eventCounts, filterEvents, groupByKind, groupByYear, shortText, yearOf } from '@/lib/page/timeline';

const messaging = vi.hoisted(() => ({ sendToBackground: vi.fn(), sendToTab: vi.fn() }));
vi.mock('@/utils/messaging', () => messaging);

/** In-memory stand-ins for the two settings the popup reads and writes. */
const settings = vi.hoisted(() => {
  function memory<T>(initial: T) {
    let value = initial;
    const watchers = new Set<(value: T) => void>();
    const setting = {
      getValue: vi.fn(async () => value),
      setValue: vi.fn(async (next: T) => {
        value = next;
        for (const watcher of watchers) watcher(next);
      }),
      watch: (callback: (value: T) => void) => {
        watchers.add(callback);
        return () => watchers.delete(callback);
      },
      /** Set without notifying (the state at the popup's opening). */
      reset(next: T) {
        value = next;
        watchers.clear();
        setting.getValue.mockClear();
        setting.setValue.mockClear();
      },
    };
    return setting;
  }
  return { backstoryEnabled: memory(true), disabledSites: memory<string[]>([]) };
});
// The two settings are stand-ins; the module's helpers (followSetting) stay real.
vi.mock('@/utils/settings', async (importOriginal) => ({ ...(await importOriginal<object>()), ...settings }));

const place = (id: string, name: string): EntitySummary => ({ id, kind: 'place', name, description: '' });
const person = (id: string, name: string): EntitySummary => ({ id, kind: 'person', name, description: '' });
const russia = place('place:russia', 'Russia');
const belgorod = place('place:belgorod-ru', 'Belgorod');
const avdiivka = place('place:avdiivka-ua', 'Avdiivka');
const putin = person('person:vladimir-putin', 'Vladimir Putin');
const zelensky = person('person:volodymyr-zelensky', 'Volodymyr Zelensky');

function event(id: string, start: string, extra: Partial<TimelineEvent> = {}): TimelineEvent {
  return { id, name: id.replace('event:', ''), description: '', start, places: [], participants: [], linkedTo: [], ...extra };
}

const invasion = event('event:invasion', '2022-02-24', {
  name: 'Russian invasion of Ukraine',
  description: 'Russia launches a full-scale invasion of Ukraine from the north, east and south.',
  participants: [russia, zelensky],
  linkedTo: [russia.id, zelensky.id],
});
const battle = event('event:battle-of-avdiivka', '2023-10-10', { end: '2024-02-17', places: [avdiivka], linkedTo: [avdiivka.id] });
const strike = event('event:belgorod-strike', '2023-12-30', { places: [belgorod], participants: [russia], linkedTo: [belgorod.id, russia.id] });
const election = event('event:election', '2024-03-15', { places: [russia], participants: [putin], linkedTo: [russia.id, putin.id] });
const events = [election, strike, invasion, battle];

const counted = (entity: EntitySummary, count: number) => ({ ...entity, count });
const pageEntities = [counted(belgorod, 5), counted(russia, 4), counted(putin, 2), counted(avdiivka, 1)];

function summary(extra: Partial<PageSummary> = {}): PageSummary {
  return { url: 'https://www.lapresse.ca/international/article.html', scanned: true, articleDate: '2024-01-09', entities: pageEntities, ...extra };
}

/** Answers of the tab and the background, by request type. */
function answer(tab: Partial<Record<string, (payload: never) => unknown>>, background: Partial<Record<string, (payload: never) => unknown>> = {}) {
  messaging.sendToTab.mockImplementation(async (_tab: number, type: string, payload: never) => {
    const handler = tab[type];
    if (!handler) throw new Error(`unexpected tab request ${type}`);
    return handler(payload);
  });
  const backgroundAnswers: Partial<Record<string, (payload: never) => unknown>> = {
    knowledgeStatus: () => ({ stale: false }),
    timeline: () => events,
    ...background,
  };
  messaging.sendToBackground.mockImplementation(async (type: string, payload: never) => {
    const handler = backgroundAnswers[type];
    if (!handler) throw new Error(`unexpected request ${type}`);
    return handler(payload);
  });
}
const tabCalls = (type: string) => messaging.sendToTab.mock.calls.filter(([, t]) => t === type).map(([, , payload]) => payload);

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  messaging.sendToBackground.mockReset();
  messaging.sendToTab.mockReset();
  settings.backstoryEnabled.reset(true);
  settings.disabledSites.reset([]);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const $ = <E extends Element = HTMLElement>(selector: string, root: ParentNode = container) => root.querySelector<E>(selector);
const $$ = (selector: string, root: ParentNode = container) => [...root.querySelectorAll<HTMLElement>(selector)];
const part = (name: string) => $(`[data-part="${name}"]`);
const until = (check: () => unknown) => vi.waitFor(() => expect(check()).toBeTruthy(), { timeout: 2000, interval: 5 });
/** The timeline as e2e reads it: event ids and the article marker in document order. */
const timelineOrder = () => $$('[data-event-id], [data-part="article-date"]').map((li) => li.getAttribute('data-event-id') ?? 'ARTICLE');
/** Year headings with the rows under each. */
const years = () =>
  $$('.timeline-year').map((section) => [
    section.querySelector('[data-part="year"]')?.textContent,
    $$('[data-event-id], [data-part="article-date"]', section).map((li) => li.getAttribute('data-event-id') ?? 'ARTICLE'),
  ]);

function openPopup(tab: Promise<number | undefined> = Promise.resolve(7)) {
  render(<PopupApp tabId={tab} />, container);
}

describe('timeline helpers', () => {
  it('groups by year with the article date among the events of its year', () => {
    const grouped = groupByYear(events, '2024-01-09').map(({ year, rows }) => [
      year,
      rows.map((row) => (row.type === 'event' ? row.event.id : 'ARTICLE')),
    ]);
    expect(grouped).toEqual([
      ['2022', ['event:invasion']],
      ['2023', ['event:battle-of-avdiivka', 'event:belgorod-strike']],
      ['2024', ['ARTICLE', 'event:election']],
    ]);
  });

  it('gives the article its own year when no event shares it, in date order', () => {
    const grouped = groupByYear([invasion, election], '2023-06-01').map(({ year, rows }) => [year, rows.length]);
    expect(grouped).toEqual([
      ['2022', 1],
      ['2023', 1],
      ['2024', 1],
    ]);
    expect(groupByYear([], '2024-01-09')).toEqual([{ year: '2024', rows: [{ type: 'article', date: '2024-01-09' }] }]);
    // Before and after every event.
    expect(groupByYear([invasion], '2020-01-01').map((y) => y.year)).toEqual(['2020', '2022']);
    expect(groupByYear([invasion], '2025-01-01').map((y) => y.year)).toEqual(['2022', '2025']);
  });

  it('puts an event known only by its year before an article dated in that year, and undated events last', () => {
    const yearOnly = event('event:year', '2024');
    const undated = event('event:undated', 'sometime');
    const grouped = groupByYear([undated, election, yearOnly], '2024-01-09').map(({ year, rows }) => [
      year,
      rows.map((row) => (row.type === 'event' ? row.event.id : 'ARTICLE')),
    ]);
    expect(grouped).toEqual([
      ['2024', ['event:year', 'ARTICLE', 'event:election']],
      [undefined, ['event:undated']],
    ]);
    expect(yearOf('2024-05')).toBe('2024');
    expect(yearOf('-44')).toBe('-44');
    expect(yearOf('sometime')).toBeUndefined();
  });

  it('filters events by the selected ids (any of them), all when none is selected', () => {
    expect(filterEvents(events, new Set())).toEqual(events);
    expect(filterEvents(events, new Set([putin.id])).map((e) => e.id)).toEqual(['event:election']);
    expect(filterEvents(events, new Set([belgorod.id, avdiivka.id])).map((e) => e.id)).toEqual(['event:belgorod-strike', 'event:battle-of-avdiivka']);
    expect(filterEvents(events, new Set(['place:nowhere']))).toEqual([]);
    expect(eventCounts(events).get(russia.id)).toBe(3);
    expect(groupByKind([russia, putin, belgorod], ['person', 'place', 'organization', 'event'] as const).map((g) => [g.kind, g.items.length])).toEqual([
      ['person', 1],
      ['place', 2],
    ]);
  });

  it('shortens long descriptions at a word', () => {
    expect(shortText('Short one.')).toBe('Short one.');
    const long = 'word '.repeat(60);
    const cut = shortText(long, 40);
    expect(cut.length).toBeLessThanOrEqual(41);
    expect(cut.endsWith('word…')).toBe(true);
  });
});

describe('Timeline', () => {
  it('groups events under year headings with the article date in place', () => {
    render(<Timeline events={events} articleDate="2024-01-09" />, container);
    expect(years()).toEqual([
      ['2022', ['event:invasion']],
      ['2023', ['event:battle-of-avdiivka', 'event:belgorod-strike']],
      ['2024', ['ARTICLE', 'event:election']],
    ]);
    expect(timelineOrder()).toEqual(['event:invasion', 'event:battle-of-avdiivka', 'event:belgorod-strike', 'ARTICLE', 'event:election']);
    expect(part('article-date')?.getAttribute('data-start')).toBe('2024-01-09');
    expect(part('article-date')?.textContent).toContain('This article');
  });

  it('marks the article date in a year of its own when no event shares it', () => {
    render(<Timeline events={[invasion, election]} articleDate="2023-06-01" articleDateStated={false} />, container);
    expect(years()).toEqual([
      ['2022', ['event:invasion']],
      ['2023', ['ARTICLE']],
      ['2024', ['event:election']],
    ]);
    expect(part('article-date')?.textContent).toContain('Today (the page states no date)');
  });

  it('shows dates, name, description, places and participants; jumps to the event or one of its entities', () => {
    const selected: string[] = [];
    const entities: string[] = [];
    render(
      <Timeline
        events={events}
        articleDate="2024-01-09"
        onSelect={(id) => selected.push(id)}
        onSelectEntity={(id) => entities.push(id)}
        onPage={new Set([russia.id, avdiivka.id])}
      />,
      container,
    );
    const item = $('[data-event-id="event:invasion"]')!;
    expect(item.getAttribute('data-start')).toBe('2022-02-24');
    expect(item.querySelector('.date')?.textContent).toBe('24 February 2022');
    expect(item.querySelector('.name')?.textContent).toBe('Russian invasion of Ukraine');
    expect(item.querySelector('.description')?.textContent).toContain('full-scale invasion');
    expect($('[data-event-id="event:battle-of-avdiivka"] .date')?.textContent).toBe('10 October 2023 – 17 February 2024');

    const buttons = $$('[data-part="event-entity"]', item);
    expect(buttons.map((b) => [b.getAttribute('data-entity-id'), (b as HTMLButtonElement).disabled])).toEqual([
      [russia.id, false],
      [zelensky.id, true], // not named on the page: nothing to jump to
    ]);
    (buttons[0] as HTMLButtonElement).click();
    expect(entities).toEqual([russia.id]);
    expect(selected).toEqual([]);
    (item.querySelector('button.row') as HTMLButtonElement).click();
    expect(selected).toEqual(['event:invasion']);
  });
});

describe('FilterChips', () => {
  it('shows one chip per entity with its count, grouped by kind with the kind’s count, and toggles', () => {
    const toggled: string[] = [];
    let cleared = 0;
    const props = {
      entities: pageEntities,
      onToggle: (id: string) => toggled.push(id),
      onClear: () => cleared++,
      eventCounts: new Map([[russia.id, 3]]),
    };
    render(<FilterChips {...props} selected={new Set()} />, container);
    const groups = $$('.chip-group').map((group) => [
      group.querySelector('.chip-kind')?.textContent,
      $$('[data-part="filter-chip"]', group).map((chip) => `${chip.getAttribute('data-filter-id')}=${chip.querySelector('.count')?.textContent}`),
    ]);
    expect(groups).toEqual([
      ['People 1', ['person:vladimir-putin=2']],
      ['Places 3', ['place:belgorod-ru=5', 'place:russia=4', 'place:avdiivka-ua=1']],
    ]);
    // The chips filter; they are not the entity list e2e clicks to jump.
    expect($$('[data-part="filter-chip"][data-entity-id]')).toEqual([]);
    expect($$('[data-part="filter-chip"]').every((chip) => chip.getAttribute('aria-pressed') === 'false')).toBe(true);
    expect(($('[data-part="filter-clear"]') as HTMLButtonElement).disabled).toBe(true);
    expect($('[data-filter-id="place:belgorod-ru"]')?.classList.contains('no-events')).toBe(true);

    ($('[data-filter-id="place:russia"]') as HTMLButtonElement).click();
    expect(toggled).toEqual([russia.id]);
    render(<FilterChips {...props} selected={new Set([russia.id])} />, container);
    expect($('[data-filter-id="place:russia"]')?.getAttribute('aria-pressed')).toBe('true');
    ($('[data-part="filter-clear"]') as HTMLButtonElement).click();
    expect(cleared).toBe(1);
  });
});

describe('PopupApp', () => {
  it('lists the entities, a timeline by year, and narrows it with the filter chips', async () => {
    answer({ pageSummary: () => summary(), scrollTo: () => ({ found: true }) });
    openPopup();
    await until(() => $('[data-event-id]'));
    expect(timelineOrder()).toEqual(['event:invasion', 'event:battle-of-avdiivka', 'event:belgorod-strike', 'ARTICLE', 'event:election']);
    expect(messaging.sendToBackground.mock.calls.find(([type]) => type === 'timeline')?.[1]).toEqual({ ids: pageEntities.map((e) => e.id) });
    // The entity list comes first: `[data-entity-id="place:avdiivka-ua"]` first matches its row.
    expect($('[data-entity-id="place:avdiivka-ua"]')?.closest('.entity-list')).not.toBeNull();

    ($('[data-filter-id="person:vladimir-putin"]') as HTMLButtonElement).click();
    await until(() => timelineOrder().length === 2);
    expect(timelineOrder()).toEqual(['ARTICLE', 'event:election']);
    expect($('[data-filter-id="person:vladimir-putin"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(part('filter-status')?.textContent).toBe('1 of 4 events involve Vladimir Putin.');

    ($('[data-filter-id="place:belgorod-ru"]') as HTMLButtonElement).click();
    await until(() => timelineOrder().length === 3);
    expect(timelineOrder()).toEqual(['event:belgorod-strike', 'ARTICLE', 'event:election']);

    ($('[data-part="filter-clear"]') as HTMLButtonElement).click();
    await until(() => timelineOrder().length === 5);
    expect(part('filter-status')).toBeNull();
  });

  it('says so when no event involves the selected entities', async () => {
    answer({ pageSummary: () => summary({ entities: [...pageEntities, counted(zelensky, 1)] }) }, { timeline: () => [election] });
    openPopup();
    await until(() => $('[data-event-id]'));
    ($('[data-filter-id="place:avdiivka-ua"]') as HTMLButtonElement).click();
    await until(() => part('filter-status'));
    expect(part('filter-status')?.textContent).toBe('No known event involves Avdiivka.');
    expect($('[data-event-id]')).toBeNull();
  });

  it('jumps to an entity, an event’s place, and an event through scrollTo', async () => {
    answer({ pageSummary: () => summary(), scrollTo: () => ({ found: true }) });
    openPopup();
    await until(() => $('[data-event-id]'));
    ($('.entity-list [data-entity-id="place:avdiivka-ua"] button') as HTMLButtonElement).click();
    ($('[data-event-id="event:belgorod-strike"] [data-part="event-entity"][data-entity-id="place:belgorod-ru"]') as HTMLButtonElement).click();
    ($('[data-event-id="event:election"] button.row') as HTMLButtonElement).click();
    await until(() => tabCalls('scrollTo').length === 3);
    expect(tabCalls('scrollTo')).toEqual([{ id: avdiivka.id }, { id: belgorod.id }, { id: election.id }]);
  });

  it('turns Backstory off on the page’s site in one click, and back on', async () => {
    settings.disabledSites.reset(['example.org']);
    answer({
      pageSummary: () =>
        settings.disabledSites.setValue.mock.calls.at(-1)?.[0].includes('lapresse.ca')
          ? summary({ disabled: 'site', scanned: false, entities: [] })
          : summary(),
    });
    openPopup();
    await until(() => part('site-off'));
    expect(part('site-off')?.textContent).toBe('Don’t run on lapresse.ca');
    part('site-off')!.click();
    await until(() => $('[data-part="empty"][data-reason="site-disabled"]'));
    expect(settings.disabledSites.setValue).toHaveBeenCalledWith(['example.org', 'lapresse.ca']);
    const notice = $('[data-reason="site-disabled"]')!;
    expect(notice.textContent).toContain('Backstory is off on lapresse.ca. Reload the page to restore it as published.');
    // Nothing else about the page while it is off.
    expect($('.entity-list')).toBeNull();
    expect($('.timeline')).toBeNull();

    // The content script takes its marks down and reports the site as off: the advice to reload stays.
    await until(() => tabCalls('pageSummary').length === 2);
    expect($('[data-reason="site-disabled"]')?.textContent).toContain('Reload the page to restore it as published.');

    part('site-on')!.click();
    await until(() => $('.entity-list'));
    expect(settings.disabledSites.setValue).toHaveBeenLastCalledWith(['example.org']);
    expect(part('site-off')).not.toBeNull();
  });

  it('turns a parent domain’s switch back on from one of its subdomains', async () => {
    settings.disabledSites.reset(['lapresse.ca']);
    answer({ pageSummary: () => summary({ url: 'https://montreal.lapresse.ca/a', disabled: 'site', entities: [], scanned: false }) });
    openPopup();
    await until(() => $('[data-reason="site-disabled"]'));
    expect($('[data-reason="site-disabled"]')?.textContent).toContain('Backstory is off on lapresse.ca. It leaves the pages of this site as published.');
    part('site-on')!.click();
    await until(() => settings.disabledSites.setValue.mock.calls.length === 1);
    expect(settings.disabledSites.setValue).toHaveBeenCalledWith([]);
    // The page was loaded while off: it needs a reload to be read.
    await until(() => $('[data-reason="reload"]'));
  });

  it('says Backstory is off everywhere, and turns it on', async () => {
    settings.backstoryEnabled.reset(false);
    answer({ pageSummary: () => summary({ disabled: 'everywhere', entities: [], scanned: false }) });
    openPopup();
    await until(() => $('[data-part="empty"][data-reason="disabled"]'));
    expect($('[data-reason="disabled"]')?.textContent).toContain('Backstory is off everywhere.');
    expect(part('site-off')).toBeNull();
    part('enable')!.click();
    await until(() => settings.backstoryEnabled.setValue.mock.calls.length === 1);
    expect(settings.backstoryEnabled.setValue).toHaveBeenCalledWith(true);
    await until(() => $('[data-reason="reload"]'));
    expect(part('site-off')).not.toBeNull();
  });

  it('asks the page again after a switch and shows what it reports', async () => {
    let scanned = false;
    answer({ pageSummary: () => (scanned ? summary() : summary({ disabled: 'site', entities: [], scanned: false })) });
    settings.disabledSites.reset(['lapresse.ca']);
    openPopup();
    await until(() => part('site-on'));
    scanned = true; // the content script reads the page once it is allowed to
    part('site-on')!.click();
    await until(() => $('.entity-list'));
    expect(tabCalls('pageSummary').length).toBe(2);
  });

  describe('empty states', () => {
    const reason = () => $('[data-part="empty"]')?.getAttribute('data-reason');

    it('not an article: offers to scan', async () => {
      answer({ pageSummary: () => summary({ scanned: false, entities: [] }), scanPage: () => summary() });
      openPopup();
      await until(() => reason());
      expect(reason()).toBe('not-scanned');
      expect($('[data-part="empty"]')?.textContent).toContain('doesn’t look like an article');
      ($('[data-reason="not-scanned"] button') as HTMLButtonElement).click();
      await until(() => $('[data-event-id]'));
      expect(tabCalls('scanPage')).toEqual([{}]);
    });

    it('site disabled', async () => {
      settings.disabledSites.reset(['lapresse.ca']);
      answer({ pageSummary: () => summary({ disabled: 'site', scanned: false, entities: [] }) });
      openPopup();
      await until(() => reason());
      expect(reason()).toBe('site-disabled');
      expect(part('site-on')).not.toBeNull();
    });

    it('site disabled, from what the page reports when the setting cannot be read', async () => {
      settings.disabledSites.getValue.mockRejectedValueOnce(new Error('no storage'));
      answer({ pageSummary: () => summary({ disabled: 'site', scanned: false, entities: [] }) });
      openPopup();
      await until(() => reason());
      expect(reason()).toBe('site-disabled');
    });

    it('off everywhere', async () => {
      settings.backstoryEnabled.reset(false);
      answer({ pageSummary: () => summary() });
      openPopup();
      await until(() => reason());
      expect(reason()).toBe('disabled');
      // The page was marked before the switch: a reload restores it.
      expect($('[data-reason="disabled"]')?.textContent).toContain('Reload the page to restore it as published.');
    });

    it('nothing found', async () => {
      answer({ pageSummary: () => summary({ entities: [] }) });
      openPopup();
      await until(() => reason());
      expect(reason()).toBe('nothing-found');
      expect($('[data-part="empty"]')?.textContent).toMatch(/found no person, place, organization or event/);
      expect(part('site-off')).not.toBeNull();
    });

    it('no content script', async () => {
      answer({});
      messaging.sendToTab.mockRejectedValue(new Error('Could not establish connection'));
      openPopup();
      await until(() => reason());
      expect(reason()).toBe('no-content-script');
      expect(part('site-off')).toBeNull();
    });

    it('no tab', async () => {
      answer({});
      openPopup(Promise.resolve(undefined));
      await until(() => reason());
      expect(reason()).toBe('no-content-script');
    });
  });
});

describe('site switch helpers', () => {
  it('names the site of http(s) pages only', () => {
    expect(pageSite('https://www.lapresse.ca/a')).toBe('lapresse.ca');
    expect(pageSite('http://Example.ORG./')).toBe('example.org');
    expect(pageSite('file:///home/a.html')).toBeUndefined();
    expect(pageSite('chrome://extensions')).toBeUndefined();
    expect(pageSite('not a url')).toBeUndefined();
  });

  it('decides from the settings, falling back on what the page reported', () => {
    const url = 'https://montreal.lapresse.ca/a';
    expect(offState(url, true, [])).toBeUndefined();
    expect(offState(url, false, [])).toEqual({ reason: 'disabled' });
    expect(offState(url, true, ['lapresse.ca'])).toEqual({ reason: 'site-disabled', site: 'lapresse.ca' });
    expect(offState(url, undefined, undefined, 'everywhere')).toEqual({ reason: 'disabled' });
    expect(offState(url, undefined, undefined, 'site')).toEqual({ reason: 'site-disabled', site: 'montreal.lapresse.ca' });
    expect(offState(url, true, [], 'site')).toEqual({ reason: 'reload' });
    expect(offState(url, true, undefined, 'everywhere')).toEqual({ reason: 'reload' });
    expect(offState(url, undefined, undefined)).toBeUndefined();
  });
});
