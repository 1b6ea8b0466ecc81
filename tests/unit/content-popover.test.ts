// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Theme } from '@/utils/settings';
import { PageMarks } from '@/entrypoints/content/page-marks';
import { CLOSE_GRACE_MS, HOVER_INTENT_MS, MAX_STACK, Popover, resolveTheme, type SiteChoices } from '@/entrypoints/content/popover';
import type { EntityCard, EntitySummary, Figure, FigureCard, Mention } from '@/lib/messages';
import { memorySetting } from './settings-fixtures';

const card: EntityCard = {
  entity: {
    id: 'place:belgorod',
    kind: 'place',
    name: 'Belgorod',
    aliases: [],
    description: 'City near the border.',
    source: 'editorial',
    placeType: 'city',
    country: 'place:russia',
  },
  pack: { id: 'test.pack', title: 'Test pack', knowledgeDate: '2025-06' },
  refs: { 'place:russia': { id: 'place:russia', kind: 'place', name: 'Russia', description: 'Country.' } },
  events: [],
};
const russia: EntityCard = {
  entity: { id: 'place:russia', kind: 'place', name: 'Russia', aliases: [], description: 'Country.', source: 'editorial', placeType: 'country' },
  pack: card.pack,
  refs: {},
  events: [{ id: 'event:x', name: 'An event', description: '', start: '2022', places: [], participants: [], linkedTo: [] }],
};

/** Two places called Georgia, and the figure "40 km" of the test page. */
const georgia: EntitySummary = { id: 'place:georgia', kind: 'place', name: 'Georgia', description: 'Country in the South Caucasus.' };
const georgiaUs: EntitySummary = { id: 'place:georgia-us', kind: 'place', name: 'Georgia', description: 'State in the southeastern United States.' };
const cardOf = (summary: EntitySummary): EntityCard => ({
  entity: {
    id: summary.id,
    kind: 'place',
    name: summary.name,
    aliases: [],
    description: summary.description,
    source: 'editorial',
    placeType: summary.id === georgia.id ? 'country' : 'region',
  },
  pack: card.pack,
  refs: {},
  events: [],
});
const eventCard: EntityCard = {
  entity: { id: 'event:x', kind: 'event', name: 'An event', aliases: [], description: '', source: 'editorial', start: '2022', places: [], participants: [] },
  pack: card.pack,
  refs: {},
  events: [],
};
const CARDS: Record<string, EntityCard> = {
  [card.entity.id]: card,
  [russia.entity.id]: russia,
  [eventCard.entity.id]: eventCard,
  [georgia.id]: cardOf(georgia),
  [georgiaUs.id]: cardOf(georgiaUs),
};
const distance: Figure = { start: 0, end: 0, text: '40 km', type: 'quantity', value: 40, unit: 'km' };
const distanceCard: FigureCard = { figure: distance, conversions: ['40 km ≈ 25 mi'], comparisons: [], events: [] };

/** Timers we advance by hand, so hover intent and grace periods are tested without waiting. */
function manualClock() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => now,
    setTimeout: (run: () => void, ms: number) => {
      pending.set(nextId, { at: now + ms, run });
      return nextId++;
    },
    clearTimeout: (id: number) => void pending.delete(id),
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at <= now && pending.delete(id)) timer.run();
      }
    },
  };
}


const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const pointer = (type: string, target: EventTarget, relatedTarget: EventTarget | null = null) =>
  target.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, pointerType: 'mouse', relatedTarget }));
const shownCard = () => document.querySelector('backstory-popover')?.shadowRoot?.querySelector('.card') ?? null;

let clock: ReturnType<typeof manualClock>;
let abort: AbortController;
let loads: string[];
let mention: HTMLElement;
let link: HTMLAnchorElement;
let settings: {
  hoverDelayMs: ReturnType<typeof memorySetting<number>>;
  theme: ReturnType<typeof memorySetting<Theme>>;
  siteChoices: ReturnType<typeof memorySetting<SiteChoices>>;
  inspectableCards: ReturnType<typeof memorySetting<boolean>>;
};
let marks: PageMarks;
const SITE = 'news.example';

function popover(site = SITE): Popover {
  return new Popover(document, {
    loadCard: async (id) => {
      loads.push(id);
      return CARDS[id] ?? null;
    },
    loadFigureCard: async (figure) => {
      loads.push(`figure ${figure.text}`);
      return distanceCard;
    },
    summaryOf: (id) => marks.summaryOf(id),
    articleDate: () => ({ date: '2024-01-09', stated: true }),
    mentionAt: (target) => marks.mentionAt(target),
    signal: abort.signal,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    now: clock.now,
    settings,
    site,
  });
}

/** The background's answer for one text: every occurrence of the words, with what to say about them. */
function find(text: string, words: string, rest: Omit<Mention, 'start' | 'end'>): Mention[] {
  const at = text.indexOf(words);
  return at === -1 ? [] : [{ start: at, end: at + words.length, ...rest }];
}

beforeEach(async () => {
  document.body.innerHTML = `<p>Strikes on <a href="#gallery">Belgorod</a> continue. <span id="away">Elsewhere</span></p>
    <p id="georgia">Talks in Georgia, 40 km away.</p><p id="tbilisi">Georgia, said Tbilisi.</p>`;
  marks = new PageMarks();
  await marks.scan(document.body, async (texts) => ({
    results: texts.map((t) => [
      ...find(t, 'Belgorod', { id: 'place:belgorod', kind: 'place' }),
      ...(t.startsWith('Talks') ? find(t, 'Georgia', { id: georgia.id, kind: 'place', alternatives: [georgiaUs.id], uncertain: true }) : []),
      ...(t.startsWith('Georgia,') ? find(t, 'Georgia', { id: georgia.id, kind: 'place', alternatives: [georgiaUs.id] }) : []),
    ]),
    figures: texts.map((t) => (t.includes('40 km') ? [{ ...distance, start: t.indexOf('40 km'), end: t.indexOf('40 km') + 5 }] : [])),
    entities: { [georgia.id]: georgia, [georgiaUs.id]: georgiaUs },
  }));
  mention = document.querySelector('backstory-mention') as HTMLElement;
  link = document.querySelector('a') as HTMLAnchorElement;
  clock = manualClock();
  abort = new AbortController();
  loads = [];
  settings = {
    hoverDelayMs: memorySetting(HOVER_INTENT_MS),
    theme: memorySetting<Theme>('system'),
    siteChoices: memorySetting<SiteChoices>({}),
    // Open, so these tests can read the cards (as the e2e tests do); readers get closed roots.
    inspectableCards: memorySetting(true),
  };
  popover();
  await flush();
});

afterEach(() => {
  abort.abort();
});

describe('Popover', () => {
  it('opens after the hover intent delay, in a shadow root styled without a <style> element', async () => {
    pointer('pointerover', mention);
    clock.advance(HOVER_INTENT_MS - 10);
    expect(shownCard()).toBeNull();
    clock.advance(20);
    await flush();
    const host = document.querySelector('backstory-popover') as HTMLElement;
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:belgorod');
    expect(host.shadowRoot?.querySelector('h2')?.textContent).toBe('Belgorod');
    expect(host.shadowRoot?.adoptedStyleSheets.length).toBe(1);
    expect(host.shadowRoot?.querySelector('style')).toBeNull();
    expect(mention.hasAttribute('data-backstory-open')).toBe(true);
    expect(loads).toEqual(['place:belgorod']);
  });

  it('opens nothing when the pointer only sweeps across', async () => {
    pointer('pointerover', mention);
    clock.advance(60);
    pointer('pointerout', mention, document.getElementById('away'));
    clock.advance(500);
    await flush();
    expect(shownCard()).toBeNull();
    expect(loads).toEqual([]);
  });

  it('stays open while the pointer moves into the card, closes after the grace period once it leaves', async () => {
    pointer('pointerover', mention);
    clock.advance(HOVER_INTENT_MS);
    await flush();
    const host = document.querySelector('backstory-popover') as HTMLElement;
    pointer('pointerout', mention, host);
    clock.advance(CLOSE_GRACE_MS / 2);
    host.dispatchEvent(new PointerEvent('pointerenter', { pointerType: 'mouse' }));
    clock.advance(CLOSE_GRACE_MS * 2);
    expect(shownCard()).not.toBeNull();
    host.dispatchEvent(new PointerEvent('pointerleave', { pointerType: 'mouse' }));
    clock.advance(CLOSE_GRACE_MS - 10);
    expect(shownCard()).not.toBeNull();
    clock.advance(20);
    expect(shownCard()).toBeNull();
    expect(mention.hasAttribute('data-backstory-open')).toBe(false);
  });

  it('opens on keyboard focus and closes on Escape', async () => {
    mention.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await flush();
    expect(shownCard()).not.toBeNull();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(shownCard()).toBeNull();
  });

  it('opens on click without cancelling the link, and closes on a click elsewhere', async () => {
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    mention.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(false);
    expect(mention.closest('a')).toBe(link);
    await flush();
    expect(shownCard()).not.toBeNull();
    pointer('pointerdown', document.getElementById('away') as HTMLElement);
    expect(shownCard()).toBeNull();
  });

  it('removes its host when the context is invalidated', async () => {
    mention.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await flush();
    abort.abort();
    expect(document.querySelector('backstory-popover')).toBeNull();
  });

  it('opens a figure card for a figure mark', async () => {
    const figure = document.querySelector('[data-backstory-kind="figure"]') as HTMLElement;
    figure.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    expect(shownCard()?.getAttribute('data-figure-type')).toBe('quantity');
    expect(shownCard()?.querySelector('[data-part="conversions"]')?.textContent).toBe('40 km ≈ 25 mi');
    expect(loads).toEqual(['figure 40 km']);
    expect(figure.hasAttribute('data-backstory-open')).toBe(true);
  });

  it('shows the candidates of an uncertain mention, and each switches the card', async () => {
    const uncertain = document.querySelector('#georgia backstory-mention[data-backstory-id]') as HTMLElement;
    expect(uncertain.hasAttribute('data-backstory-uncertain')).toBe(true);
    expect(uncertain.getAttribute('aria-label')).toBe('Georgia (place, not sure which): show backstory');
    uncertain.focus();
    await flush();
    const root = document.querySelector('backstory-popover')!.shadowRoot!;
    // The card is outside the tab order: ArrowDown on the mark reaches its buttons.
    const arrow = new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true });
    uncertain.dispatchEvent(arrow);
    expect(arrow.defaultPrevented).toBe(true);
    expect(root.activeElement?.getAttribute('data-candidate-id')).toBe('place:georgia');
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:georgia');
    expect(root.querySelector('[data-part="uncertain"] p')?.textContent).toBe('Not sure which one this is');
    const buttons = () => [...root.querySelectorAll<HTMLButtonElement>('[data-part="candidates"] [data-candidate-id]')];
    expect(buttons().map((b) => [b.getAttribute('data-candidate-id'), b.getAttribute('aria-pressed')])).toEqual([
      ['place:georgia', 'true'],
      ['place:georgia-us', 'false'],
    ]);

    buttons()[1]!.click();
    await flush();
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:georgia-us');
    expect(root.querySelector('.description')?.textContent).toBe('State in the southeastern United States.');
    expect(buttons().map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'true']);
    expect(loads).toEqual(['place:georgia', 'place:georgia-us']);

    // Closed and opened again, the card remembers the reader's choice.
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    uncertain.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:georgia-us');
  });

  it('names the other candidates of a sure mention in a discreet line', async () => {
    const sure = document.querySelector('#tbilisi backstory-mention[data-backstory-id]') as HTMLElement;
    expect(sure.hasAttribute('data-backstory-uncertain')).toBe(false);
    sure.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    const root = document.querySelector('backstory-popover')!.shadowRoot!;
    expect(root.querySelector('[data-part="uncertain"]')).toBeNull();
    expect(root.querySelector('[data-part="also"]')?.textContent).toBe('Also: Georgia (State in the southeastern United States)');
    const other = root.querySelector<HTMLButtonElement>('[data-part="also"] [data-candidate-id="place:georgia-us"]')!;
    other.focus();
    other.click();
    await flush();
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:georgia-us');
    // The pressed button is gone from the new line: focus stays on the card, which stays open.
    expect(root.activeElement).toBe(shownCard());
    clock.advance(CLOSE_GRACE_MS * 2);
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:georgia-us');
    expect(root.querySelector('[data-part="also"]')?.textContent).toBe('Also: Georgia (Country in the South Caucasus)');
  });

  it('opens nothing while the pointer moves fast over a mention, and opens once it rests', async () => {
    const move = (x: number) =>
      mention.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true, pointerType: 'mouse', clientX: x, clientY: 10 }));
    pointer('pointerover', mention);
    // 20 px every 10 ms: 2 px/ms, a sweep.
    for (let i = 0; i < 15; i++) {
      clock.advance(10);
      move(i * 20);
    }
    clock.advance(10);
    await flush();
    expect(shownCard()).toBeNull();
    expect(loads).toEqual([]);
    // Resting (no movement for a whole delay) opens it.
    clock.advance(HOVER_INTENT_MS);
    await flush();
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:belgorod');
  });

  it('follows the hover delay setting', async () => {
    await settings.hoverDelayMs.setValue(400);
    pointer('pointerover', mention);
    clock.advance(HOVER_INTENT_MS + 50);
    await flush();
    expect(shownCard()).toBeNull();
    clock.advance(400);
    await flush();
    expect(shownCard()).not.toBeNull();
  });

  it('keeps a pinned card open when the pointer leaves and on outside clicks; Escape closes it and focus returns to the mention', async () => {
    pointer('pointerover', mention);
    clock.advance(HOVER_INTENT_MS);
    await flush();
    const host = document.querySelector('backstory-popover') as HTMLElement;
    const root = host.shadowRoot!;
    const pin = root.querySelector<HTMLButtonElement>('[data-part="pin"]')!;
    pin.click();
    expect(root.querySelector('[data-part="pin"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(root.activeElement).toBe(root.querySelector('[data-part="pin"]'));
    pointer('pointerout', mention, document.getElementById('away'));
    host.dispatchEvent(new PointerEvent('pointerleave', { pointerType: 'mouse' }));
    clock.advance(CLOSE_GRACE_MS * 3);
    pointer('pointerdown', document.getElementById('away') as HTMLElement);
    expect(shownCard()).not.toBeNull();
    // Hovering another mention does not replace it.
    const other = document.querySelector('#tbilisi backstory-mention[data-backstory-id]') as HTMLElement;
    pointer('pointerover', other);
    clock.advance(HOVER_INTENT_MS * 2);
    await flush();
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:belgorod');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(shownCard()).toBeNull();
    expect(document.activeElement).toBe(mention);
  });

  it('opens a related entity stacked next to the card; Escape closes the top card first', async () => {
    mention.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    const root = document.querySelector('backstory-popover')!.shadowRoot!;
    const cards = () => [...root.querySelectorAll('.card')].map((c) => c.getAttribute('data-entity-id'));
    root.querySelector<HTMLButtonElement>('[data-part="related"][data-entity-id="place:russia"]')!.click();
    await flush();
    expect(cards()).toEqual(['place:belgorod', 'place:russia']);
    expect(root.querySelectorAll('.frame')).toHaveLength(2);
    // From the stacked card, one more; the stack holds at most MAX_STACK cards.
    root.querySelector<HTMLButtonElement>('.frame:last-child [data-part="related"][data-entity-id="event:x"]')!.click();
    await flush();
    expect(cards()).toEqual(['place:belgorod', 'place:russia', 'event:x']);
    expect(cards().length).toBeLessThanOrEqual(MAX_STACK);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(cards()).toEqual(['place:belgorod', 'place:russia']);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(cards()).toEqual(['place:belgorod']);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(shownCard()).toBeNull();
  });

  it('remembers the candidate the reader picks, per site, for the same words', async () => {
    const uncertain = document.querySelector('#georgia backstory-mention[data-backstory-id]') as HTMLElement;
    uncertain.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    const root = document.querySelector('backstory-popover')!.shadowRoot!;
    root.querySelector<HTMLButtonElement>('[data-part="candidates"] [data-candidate-id="place:georgia-us"]')!.click();
    await flush();
    expect(settings.siteChoices.current()).toEqual({ [SITE]: { georgia: 'place:georgia-us' } });
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));

    // Another mention of the same words on this site opens on the reader's choice, and says so.
    const sure = document.querySelector('#tbilisi backstory-mention[data-backstory-id]') as HTMLElement;
    sure.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:georgia-us');
    expect(root.querySelector('[data-part="why"]')?.textContent).toContain('You chose this one on this site before');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));

    // On another site the background's pick stands.
    abort.abort();
    abort = new AbortController();
    popover('other.example');
    await flush();
    sure.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:georgia');

    // Picking the background's own candidate again forgets the choice.
    abort.abort();
    abort = new AbortController();
    popover();
    await flush();
    uncertain.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    const again = document.querySelector('backstory-popover')!.shadowRoot!;
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:georgia-us');
    again.querySelector<HTMLButtonElement>('[data-part="candidates"] [data-candidate-id="place:georgia"]')!.click();
    await flush();
    expect(settings.siteChoices.current()).toEqual({});
  });

  it('sets the host theme from the setting', async () => {
    await settings.theme.setValue('dark');
    mention.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    const host = document.querySelector('backstory-popover') as HTMLElement;
    expect(host.getAttribute('data-theme')).toBe('dark');
    await settings.theme.setValue('light');
    expect(host.getAttribute('data-theme')).toBe('light');
    // "page": the first background colour up from the word.
    const paragraph = mention.closest('p') as HTMLElement;
    paragraph.style.backgroundColor = 'rgb(20, 20, 24)';
    expect(resolveTheme('page', document, mention)).toBe('dark');
    paragraph.style.backgroundColor = 'rgba(0, 0, 0, 0)';
    document.body.style.backgroundColor = 'rgb(250, 250, 245)';
    expect(resolveTheme('page', document, mention)).toBe('light');
  });

  it('puts the cards in a closed shadow root unless the inspectableCards setting is on', async () => {
    await settings.inspectableCards.setValue(false);
    mention.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    const closed = document.querySelector('backstory-popover') as HTMLElement;
    expect(closed.hidden).toBe(false);
    expect(closed.shadowRoot).toBeNull();
    expect(() => closed.attachShadow({ mode: 'open' })).toThrow();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(closed.hidden).toBe(true);

    // Turned on: the next card gets a new host, with an open root.
    await settings.inspectableCards.setValue(true);
    mention.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    expect(closed.isConnected).toBe(false);
    expect(document.querySelectorAll('backstory-popover')).toHaveLength(1);
    expect(shownCard()?.getAttribute('data-entity-id')).toBe('place:belgorod');
  });

  it('keeps keys typed in a card from the page\'s bubble listeners, and closes on Escape there', async () => {
    mention.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    const root = document.querySelector('backstory-popover')!.shadowRoot!;
    const pin = root.querySelector<HTMLButtonElement>('[data-part="pin"]')!;
    pin.click();
    const heard: string[] = [];
    for (const type of ['keydown', 'keyup', 'keypress', 'input', 'beforeinput', 'copy']) {
      for (const target of [window, document, document.documentElement, document.body]) target.addEventListener(type, () => heard.push(type), { signal: abort.signal });
    }
    const key = (type: string, k: string) => root.activeElement!.dispatchEvent(new KeyboardEvent(type, { key: k, bubbles: true, composed: true }));
    key('keydown', 'j');
    key('keypress', 'j');
    key('keyup', 'j');
    root.activeElement!.dispatchEvent(new InputEvent('beforeinput', { bubbles: true, composed: true }));
    root.activeElement!.dispatchEvent(new Event('copy', { bubbles: true, composed: true }));
    expect(heard).toEqual([]);
    expect(shownCard()).not.toBeNull();
    key('keydown', 'Escape');
    expect(shownCard()).toBeNull();
    expect(heard).toEqual([]);
    // Keys on the page itself still reach the page.
    mention.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, composed: true }));
    expect(heard).toContain('keydown');
  });
});
