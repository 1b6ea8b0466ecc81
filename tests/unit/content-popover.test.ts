// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PageMarks } from '@/entrypoints/content/page-marks';
import { CLOSE_GRACE_MS, HOVER_INTENT_MS, Popover } from '@/entrypoints/content/popover';
import type { EntityCard } from '@/lib/messages';

const card: EntityCard = {
  entity: {
    id: 'place:belgorod',
    kind: 'place',
    name: 'Belgorod',
    aliases: [],
    description: 'City near the border.',
    source: 'editorial',
    placeType: 'city',
  },
  pack: { id: 'test.pack', title: 'Test pack', knowledgeDate: '2025-06' },
  refs: {},
  events: [],
};

/** Timers we advance by hand, so hover intent and grace periods are tested without waiting. */
function manualClock() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; run: () => void }>();
  return {
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

beforeEach(async () => {
  document.body.innerHTML = '<p>Strikes on <a href="#gallery">Belgorod</a> continue. <span id="away">Elsewhere</span></p>';
  const marks = new PageMarks();
  await marks.scan(document.body, async (texts) => ({
    results: texts.map((t) => (t.includes('Belgorod') ? [{ start: t.indexOf('Belgorod'), end: t.indexOf('Belgorod') + 8, id: 'place:belgorod', kind: 'place' as const }] : [])),
    entities: {},
  }));
  mention = document.querySelector('backstory-mention') as HTMLElement;
  link = document.querySelector('a') as HTMLAnchorElement;
  clock = manualClock();
  abort = new AbortController();
  loads = [];
  new Popover(document, {
    loadCard: async (id) => {
      loads.push(id);
      return card;
    },
    articleDate: () => ({ date: '2024-01-09', stated: true }),
    mentionAt: (target) => marks.mentionAt(target),
    signal: abort.signal,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
  });
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
});
