// @vitest-environment happy-dom
/**
 * Hostile pack text in every component that shows it (docs/pack-format.md, "Hostile text"). The strings
 * here skip validation, as text in a knowledge base written by a laxer build would: the render must still
 * make no element from markup, no link but the allowed ones, isolate every pack string in a <bdi>, drop
 * bidi overrides and bound the length. Every pack string carries "§" so the test can find where it lands.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { render, type VNode } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '#i18n';
import { useLocale } from '../support/i18n';
import { Card } from '@/components/Card';
import { EntityList } from '@/components/EntityList';
import { FigureCard } from '@/components/FigureCard';
import { FilterChips } from '@/components/FilterChips';
import { PackTable } from '@/components/PackTable';
import { PackText, packMessage } from '@/components/PackText';
import { Timeline } from '@/components/Timeline';
import type { EntityCard, EntitySummary, FigureCard as FigureCardData, PackInfo, TimelineEvent } from '@/lib/messages';
import { safeLinkHref } from '@/lib/pack/safe-url';
import { MAX_DISPLAY_LENGTH } from '@/lib/pack/display-text';

const RLO = '\u202E';
const MARKUP = `<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a>`;
/** Hostile pack text: marked, markup, an override that would flip what follows, right-to-left letters. */
const hostile = (what: string) => `§${what} ${MARKUP} ${RLO}flipped מקור`;
const HUGE = `§${MARKUP}${'Q'.repeat(100_000)}`;

const summary = (id: string, kind: EntitySummary['kind']): EntitySummary => ({ id, kind, name: hostile(`name of ${id}`), description: hostile(`about ${id}`) });
const country = summary('place:testland', 'place');
const ministry = summary('organization:test-ministry', 'organization');
const town = summary('place:test-town', 'place');

function event(id: string): TimelineEvent {
  return { id, name: hostile(`event ${id}`), description: HUGE, start: '2024-03', places: [town], participants: [ministry], linkedTo: [] };
}

const pack = { id: 'test.hostile', title: hostile('pack title'), knowledgeDate: '2025-01' };

const personCard: EntityCard = {
  entity: {
    id: 'person:vexa-quorran',
    kind: 'person',
    name: hostile('person'),
    aliases: [],
    description: HUGE,
    source: hostile('entity source'),
    wikipedia: 'javascript:alert(document.domain)',
    countries: [country.id, 'place:unknown-land'],
    roles: [
      { title: hostile('old role'), of: ministry.id, from: '2019', to: '2024-06', source: hostile('role source') },
      { title: hostile('new role'), from: '2024-07', source: hostile('role source 2') },
    ],
    facts: [{ label: hostile('fact label'), value: hostile('fact value'), from: '2020', source: HUGE }],
  },
  pack,
  refs: { [country.id]: country, [ministry.id]: ministry },
  events: [event('event:test-summit')],
};

const placeCard: EntityCard = {
  entity: {
    id: 'place:test-town',
    kind: 'place',
    name: hostile('place'),
    aliases: [],
    description: hostile('place description'),
    source: hostile('place source'),
    placeType: 'town',
    country: country.id,
    region: 'place:unknown-region',
    coordinates: { lat: 50, lon: 30, source: hostile('coordinates source') },
    population: [{ value: 1234, year: 2021, source: hostile('census') }],
  },
  pack,
  refs: { [country.id]: country },
  events: [],
};

const organizationCard: EntityCard = {
  entity: { id: ministry.id, kind: 'organization', name: hostile('organization'), aliases: [], description: hostile('org'), source: hostile('org source'), orgType: hostile('org type'), country: country.id },
  pack,
  refs: { [country.id]: country },
  events: [],
};

const eventCard: EntityCard = {
  entity: { id: 'event:test-summit', kind: 'event', name: hostile('event'), aliases: [], description: hostile('event'), source: hostile('event source'), start: '2024-03', places: [town.id], participants: [ministry.id, country.id] },
  pack,
  refs: { [town.id]: town, [ministry.id]: ministry, [country.id]: country },
  events: [],
};

const figureCard: FigureCardData = {
  figure: { start: 0, end: 5, text: '1,234', type: 'quantity', value: 1234, unit: 'inhabitants' },
  conversions: [],
  comparisons: [{ entity: town, measure: 'population', value: 1234, year: 2021, source: hostile('figure source') }],
  events: [event('event:figure-day')],
};

const packInfo: PackInfo = {
  manifest: { id: 'test.hostile', title: hostile('manifest title'), version: 1, knowledgeDate: '2025-01', licence: 'CC BY 4.0', attribution: hostile('attribution'), entityCount: 2, description: HUGE },
  installedAt: '2025-01-01T10:00:00Z',
  origin: 'imported',
  enabled: true,
  sizeBytes: 1000,
  requiredBy: ['test.other'],
};
const otherPack: PackInfo = { ...packInfo, manifest: { ...packInfo.manifest, id: 'test.other', title: hostile('other title'), description: undefined }, requiredBy: [] };

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
  useLocale('en');
});

const noop = () => undefined;

/** Everything the policy promises about what is on screen, checked on `container`. */
function expectInert(): void {
  // No element made from markup, no handler attribute, and only allowed links.
  expect(container.querySelectorAll('script, img, iframe, style, object, embed, marquee').length).toBe(0);
  const all = [...container.querySelectorAll('*')];
  expect(all.filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).map((e) => e.outerHTML.slice(0, 80))).toEqual([]);
  for (const link of container.querySelectorAll('[href], [src]')) {
    const href = link.getAttribute('href') ?? link.getAttribute('src') ?? '';
    expect(safeLinkHref(href), href).toBe(href);
  }
  // The markup is there, as text.
  expect(container.textContent).toContain(MARKUP);
  // Every piece of pack text is inside a <bdi>, none holds an override, none is longer than the bound.
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  let packTexts = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node as Text).data;
    expect(text).not.toContain(RLO);
    if (!text.includes('§')) continue;
    packTexts++;
    expect((node.parentNode as Element).closest('bdi'), JSON.stringify(text.slice(0, 60))).not.toBeNull();
    expect(text.length).toBeLessThanOrEqual(MAX_DISPLAY_LENGTH);
  }
  expect(packTexts).toBeGreaterThan(0);
}

describe('hostile pack text in the components', () => {
  it.each([
    ['a person', personCard, '2024-01-09'],
    ['a place', placeCard, '2024-01-09'],
    ['an organization', organizationCard, '2024-01-09'],
    ['an event', eventCard, '2024-01-09'],
  ] as const)('the card of %s is inert, isolated and bounded', (_, card, articleDate) => {
    const choice = { candidates: [card.entity, ministry, { ...ministry, id: 'organization:twin' }], selected: card.entity.id, uncertain: false, onSelect: noop, mentionText: 'Quorran' };
    render(<Card card={card} articleDate={articleDate} choice={choice} onRelated={noop} onPin={noop} onClose={noop} />, container);
    expectInert();
    render(<Card card={card} articleDate={articleDate} choice={{ ...choice, uncertain: true }} />, container);
    expectInert();
  });

  it('the card of a person shows every hostile field: isolation and bounds are not bought by dropping text', () => {
    render(<Card card={personCard} articleDate="2024-01-09" onRelated={noop} />, container);
    const text = container.textContent ?? '';
    for (const what of ['person', 'old role', 'new role', 'fact label', 'fact value', 'entity source', 'role source', 'pack title', `name of ${country.id}`, `event event:test-summit`]) {
      expect(text, what).toContain(`§${what} ${MARKUP} flipped מקור`);
    }
    // The 100,000-character description is cut to the bound, with an ellipsis.
    const description = container.querySelector('.description bdi')!.textContent!;
    expect(description.length).toBe(MAX_DISPLAY_LENGTH);
    expect(description.endsWith('…')).toBe(true);
    // The javascript: title is no javascript: link: the card's link goes to en.wikipedia.org, encoded.
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://en.wikipedia.org/wiki/javascript%3Aalert(document.domain)']);
  });

  it('the popup entity list, filter chips and timeline are inert, isolated and bounded', () => {
    const entities = [country, ministry, town].map((e) => ({ ...e, count: 2 }));
    render(
      <>
        <EntityList entities={entities} onSelect={noop} />
        <FilterChips entities={entities} selected={new Set([town.id])} onToggle={noop} onClear={noop} eventCounts={new Map([[town.id, 1]])} />
        <Timeline events={[event('event:a'), event('event:b')]} articleDate="2025-01-15" onSelect={noop} onPage={new Set([town.id])} />
      </>,
      container,
    );
    expectInert();
    // Tooltips are bounded too.
    for (const element of container.querySelectorAll('[title]')) expect(element.getAttribute('title')!.length).toBeLessThanOrEqual(MAX_DISPLAY_LENGTH + 200);
  });

  it('the figure card and the options pack table are inert, isolated and bounded', () => {
    render(<FigureCard card={figureCard} articleDate="2024-01-09" onRelated={noop} />, container);
    expectInert();
    render(<PackTable packs={[packInfo, otherPack]} onChanged={noop} />, container);
    expectInert();
  });
});

describe('packMessage', () => {
  it('reads exactly as the message with the values put in, in every language', () => {
    for (const locale of ['en', 'fr']) {
      useLocale(locale);
      const title = 'Pack ‹one› & $1';
      const message = packMessage((slot) => i18n.t('card.fromPack', [slot(title)]));
      render(<p>{message}</p>, container);
      expect(container.textContent, locale).toBe(i18n.t('card.fromPack', ['Pack ‹one› & $1']));
      expect(container.querySelector('bdi')?.textContent, locale).toBe(title);
    }
  });

  it('keeps plural forms whole when the value holds the plural separator', () => {
    const name = 'A | B';
    render(<p>{packMessage((slot) => i18n.t('timeline.someInvolve', 3, ['2', '3', slot(name)]))}</p>, container);
    expect(container.textContent).toContain(name);
    expect(container.textContent).toBe(i18n.t('timeline.someInvolve', 3, ['2', '3', 'X']).replace('X', name));
  });

  it('puts nodes in as they are, and strings as PackText', () => {
    const node: VNode = <em>node</em>;
    render(<p>{packMessage((slot) => `${slot('text')} and ${slot(node)}`)}</p>, container);
    expect(container.innerHTML).toBe('<p><bdi>text</bdi> and <em>node</em></p>');
    render(<PackText text={`a${RLO}b`} />, container);
    expect(container.innerHTML).toBe('<bdi>ab</bdi>');
  });
});

describe('the sources', () => {
  /** Every .ts/.tsx file under `dir`. */
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return /\.tsx?$/.test(name) ? [path] : [];
    });
  }

  it('never render text as HTML in the interface and its helpers', () => {
    const sinks = /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|createContextualFragment|document\.write|DOMParser/;
    // What ships in the extension; lib/eval is a command-line tool.
    const shipped = ['components', 'entrypoints', 'utils', 'lib'].flatMap(sources).filter((file) => !file.startsWith(join('lib', 'eval')));
    expect(shipped.length).toBeGreaterThan(50);
    const offenders = shipped.filter((file) => sinks.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
