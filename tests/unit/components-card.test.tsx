// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Card, roleSummary, wikipediaUrl } from '@/components/Card';
import { initials } from '@/components/Portrait';
import { EntityList } from '@/components/EntityList';
import { Timeline } from '@/components/Timeline';
import type { EntityCard, EntitySummary, TimelineEvent } from '@/lib/messages';

const russia: EntitySummary = { id: 'place:russia', kind: 'place', name: 'Russia', description: 'Country.' };
const defence: EntitySummary = { id: 'organization:ministry-of-defence-russia', kind: 'organization', name: 'Ministry of Defence', description: '' };
const pack = { id: 'test.pack', title: 'Test pack', knowledgeDate: '2025-06' };

function event(id: string, start: string, name = id): TimelineEvent {
  return { id, name, description: '', start, places: [], participants: [], linkedTo: [] };
}

const shoigu: EntityCard = {
  entity: {
    id: 'person:sergei-shoigu',
    kind: 'person',
    name: 'Sergei Shoigu',
    aliases: ['Shoigu'],
    description: 'Russian official, long in charge of the armed forces.',
    source: 'editorial, as of 2025-06',
    countries: ['place:russia'],
    roles: [
      { title: 'Minister of Emergency Situations', from: '1994', to: '2012-05', source: 'editorial' },
      { title: 'Minister of Defence', of: defence.id, from: '2012-11-06', to: '2024-05-12', source: 'Kremlin decree' },
      { title: 'Secretary of the Security Council', from: '2024-05-12', source: 'Kremlin decree' },
    ],
  },
  pack,
  refs: { [russia.id]: russia, [defence.id]: defence },
  events: [event('event:russian-invasion-of-ukraine', '2022-02-24', 'Russian invasion of Ukraine')],
};

const belgorod: EntityCard = {
  entity: {
    id: 'place:belgorod',
    kind: 'place',
    name: 'Belgorod',
    aliases: [],
    description: 'City near the border with Ukraine.',
    source: 'editorial',
    placeType: 'city',
    country: 'place:russia',
    coordinates: { lat: 50.5977, lon: 36.5858, source: 'GeoNames' },
    population: [
      { value: 356402, year: 2010, source: '2010 census' },
      { value: 339978, year: 2021, source: '2021 Russian census' },
    ],
  },
  pack,
  refs: { [russia.id]: russia },
  events: [],
};

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const part = (name: string) => container.querySelector(`[data-part="${name}"]`)?.textContent ?? '';

describe('Card', () => {
  it('marks the role held on the article date and notes what changed after it', () => {
    render(<Card card={shoigu} articleDate="2024-01-09" />, container);
    const card = container.querySelector('.card');
    expect(card?.getAttribute('data-entity-id')).toBe('person:sergei-shoigu');
    expect(card?.getAttribute('role')).toBe('dialog');
    expect(card?.getAttribute('aria-label')).toContain('Sergei Shoigu');
    expect(container.querySelector('h2')?.textContent).toBe('Sergei Shoigu');
    expect(part('kind')).toBe('Person');

    const roles = [...container.querySelectorAll('ul.roles li')];
    const row = (title: string) => roles.find((li) => li.textContent?.includes(title));
    expect(row('Minister of Defence')?.getAttribute('data-status')).toBe('held');
    expect(row('Minister of Defence')?.textContent).toContain('at the time of the article');
    expect(row('Minister of Defence')?.textContent).toContain('ended 12 May 2024, after the article');
    expect(row('Minister of Defence')?.textContent).toContain('(Ministry of Defence)');
    expect(row('Security Council')?.getAttribute('data-status')).toBe('later');
    expect(row('Security Council')?.textContent).toContain('began after the article');
    expect(row('Security Council')?.textContent).not.toContain('at the time of the article');
    expect(row('Emergency Situations')?.getAttribute('data-status')).toBe('ended');
    expect(container.querySelectorAll('.badge')).toHaveLength(1);
    expect(part('facts')).toContain('Russia');

    expect(container.querySelector('[data-event-id="event:russian-invasion-of-ukraine"]')?.textContent).toContain('24 February 2022');
    expect(part('source')).toContain('editorial, as of 2025-06');
    expect(part('source')).toContain('Kremlin decree');
    expect(part('source')).toContain('Test pack');
    expect(part('source')).toContain('June 2025');
  });

  it('sums up what changed after the article: the office then, and the office since', () => {
    render(<Card card={shoigu} articleDate="2024-01-09" />, container);
    expect(part('facts')).toContain('Minister of Defence at the time; since 12 May 2024: Secretary of the Security Council');
    expect(roleSummary(shoigu.entity.kind === 'person' ? shoigu.entity.roles : [], '2024-09-01')).toBeUndefined();
  });

  it('reads the same person differently on a later date', () => {
    render(<Card card={shoigu} articleDate="2024-09-01" />, container);
    const held = [...container.querySelectorAll('ul.roles li[data-status="held"]')].map((li) => li.textContent ?? '');
    expect(held).toHaveLength(1);
    expect(held[0]).toContain('Secretary of the Security Council');
    expect(part('facts')).not.toContain('after the article');
  });

  it('shows a place with type, country, latest population with year and source, and coordinates', () => {
    render(<Card card={belgorod} articleDate="2024-01-09" articleDateStated={false} />, container);
    expect(part('kind')).toBe('Place · City');
    const facts = part('facts');
    expect(facts).toContain('City');
    expect(facts).toContain('Russia');
    expect(facts).toContain('339,978');
    // The source names the year already, so it is not repeated.
    expect(facts).toContain('339,978 (2021 Russian census)');
    expect(facts).not.toContain('356,402');
    expect(facts).toContain('50.60° N, 36.59° E');
    expect(container.textContent).toContain('No article date found');
    expect(container.querySelector('[data-part="events"]')).toBeNull();
    // An article from 2015 gets the figure of its time.
    render(<Card card={belgorod} articleDate="2015-06-01" />, container);
    expect(part('facts')).toContain('356,402 (2010 census)');
  });

  it('renders pack text as text, never as markup', () => {
    const hostile: EntityCard = {
      ...belgorod,
      entity: { ...belgorod.entity, name: '<img src=x onerror=alert(1)>', description: '<b>bold</b>' },
    };
    render(<Card card={hostile} articleDate="2024-01-09" />, container);
    expect(container.querySelector('img, b')).toBeNull();
    expect(container.querySelector('h2')?.textContent).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('Timeline', () => {
  it('orders events oldest first and places the article date among them', () => {
    const events = [
      event('event:election', '2024-03-15'),
      event('event:invasion', '2022-02-24'),
      event('event:strike', '2023-12-30'),
    ];
    const selected: string[] = [];
    render(<Timeline events={events} articleDate="2024-01-09" onSelect={(id) => selected.push(id)} />, container);
    const order = [...container.querySelectorAll('[data-event-id], [data-part="article-date"]')].map(
      (li) => li.getAttribute('data-event-id') ?? 'ARTICLE',
    );
    expect(order).toEqual(['event:invasion', 'event:strike', 'ARTICLE', 'event:election']);
    expect(container.querySelector('[data-event-id="event:strike"]')?.getAttribute('data-start')).toBe('2023-12-30');
    (container.querySelector('[data-event-id="event:election"] button') as HTMLButtonElement).click();
    expect(selected).toEqual(['event:election']);
  });
});

describe('EntityList', () => {
  it('groups entities by kind with their counts, and selects on click', () => {
    const selected: string[] = [];
    const entities = [
      { id: 'place:belgorod', kind: 'place' as const, name: 'Belgorod', description: '', count: 5 },
      { id: 'person:vladimir-putin', kind: 'person' as const, name: 'Vladimir Putin', description: '', count: 3 },
      { id: 'place:kyiv', kind: 'place' as const, name: 'Kyiv', description: '', count: 1 },
    ];
    render(<EntityList entities={entities} onSelect={(id) => selected.push(id)} />, container);
    const groups = [...container.querySelectorAll('section')].map((s) => [
      s.querySelector('h2')?.textContent,
      [...s.querySelectorAll('li')].map((li) => `${li.getAttribute('data-entity-id')}=${li.querySelector('.count')?.textContent}`),
    ]);
    expect(groups).toEqual([
      ['People', ['person:vladimir-putin=3']],
      ['Places', ['place:belgorod=5', 'place:kyiv=1']],
    ]);
    (container.querySelector('[data-entity-id="place:kyiv"] button') as HTMLButtonElement).click();
    expect(selected).toEqual(['place:kyiv']);
  });
});

describe('Card: map, portrait, links and related entities', () => {
  const kyiv: EntityCard = {
    entity: {
      id: 'place:kyiv-ua',
      kind: 'place',
      name: 'Kyiv',
      aliases: [],
      description: 'Capital of Ukraine.',
      source: 'GeoNames',
      placeType: 'city',
      country: 'place:ukraine',
      region: 'place:kyiv-city-ua',
      wikipedia: 'Kyiv (city)',
      coordinates: { lat: 50.45, lon: 30.52, source: 'GeoNames' },
    },
    map: { width: 240, height: 140, land: 'M0,0L240,0L240,140Z', country: 'M10,10L20,20Z', dot: [120, 70] },
    pack,
    refs: {
      'place:ukraine': { id: 'place:ukraine', kind: 'place', name: 'Ukraine', description: 'Country.' },
    },
    events: [event('event:battle-of-kyiv', '2022-02-24', 'Battle of Kyiv')],
  };

  it('draws the locator map as a labelled image, and links Wikipedia by title over https', () => {
    render(<Card card={kyiv} articleDate="2024-01-09" onRelated={() => undefined} />, container);
    const map = container.querySelector('[data-part="map"]')!;
    expect(map.tagName.toLowerCase()).toBe('svg');
    expect(map.getAttribute('role')).toBe('img');
    expect(map.getAttribute('aria-label')).toBe('Map: Kyiv in Ukraine');
    expect(map.querySelector('path.country')?.getAttribute('d')).toBe('M10,10L20,20Z');
    const link = container.querySelector<HTMLAnchorElement>('a[data-part="wikipedia"]')!;
    expect(link.getAttribute('href')).toBe('https://en.wikipedia.org/wiki/Kyiv_(city)');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(wikipediaUrl('Côte d’Ivoire / x')).toBe('https://en.wikipedia.org/wiki/C%C3%B4te_d%E2%80%99Ivoire_%2F_x');
  });

  it('renders known related entities as buttons that open their card; unknown ones as text', () => {
    const opened: string[] = [];
    render(<Card card={kyiv} articleDate="2024-01-09" onRelated={(id) => opened.push(id)} />, container);
    const related = [...container.querySelectorAll<HTMLButtonElement>('button[data-part="related"]')];
    expect(related.map((b) => b.getAttribute('data-entity-id'))).toEqual(['place:ukraine', 'event:battle-of-kyiv']);
    related[0]!.click();
    related[1]!.click();
    expect(opened).toEqual(['place:ukraine', 'event:battle-of-kyiv']);
    // The region is not in refs: its name as text, not a button.
    expect(part('facts')).toContain('Kyiv city');
    // Without a handler, no buttons.
    render(<Card card={kyiv} articleDate="2024-01-09" />, container);
    expect(container.querySelector('[data-part="related"]')).toBeNull();
  });

  it('gives a person an initials portrait (no image), the office then, and a role organization as a button', () => {
    render(<Card card={shoigu} articleDate="2024-01-09" onRelated={() => undefined} onPin={() => undefined} onClose={() => undefined} />, container);
    const portrait = container.querySelector('[data-part="portrait"]')!;
    expect(portrait.textContent).toBe('SS');
    expect(portrait.getAttribute('aria-hidden')).toBe('true');
    expect(container.querySelector('img')).toBeNull();
    expect(part('role-then')).toBe('Minister of Defence');
    expect(container.querySelector('[data-part="related"]')?.getAttribute('data-entity-id')).toBe(defence.id);
    expect(container.querySelector('[data-part="pin"]')?.getAttribute('aria-pressed')).toBe('false');
    expect(container.querySelector('[data-part="close"]')?.getAttribute('aria-label')).toContain('Close');
    expect(container.querySelector('[data-part="map"]')).toBeNull();
    expect(container.querySelector('.card')?.getAttribute('aria-modal')).toBe('false');
    expect(initials('Volodymyr Zelenskyy')).toBe('VZ');
    expect(initials('Charles de Gaulle')).toBe('CG');
  });

  it('explains an ambiguous match and lists the alternatives as buttons', () => {
    const picked: string[] = [];
    const georgia = { id: 'place:georgia', kind: 'place' as const, name: 'Georgia', description: 'Country in the South Caucasus.' };
    const georgiaUs = { id: 'place:georgia-us', kind: 'place' as const, name: 'Georgia', description: 'State in the United States.' };
    const choice = { candidates: [georgia, georgiaUs], selected: georgia.id, uncertain: false, mentionText: 'Georgia', onSelect: (id: string) => picked.push(id) };
    render(<Card card={belgorod} articleDate="2024-01-09" choice={choice} />, container);
    const why = container.querySelector('[data-part="why"]')!;
    expect(why.textContent).toContain('“Georgia” may name 2 entries');
    const buttons = [...why.querySelectorAll<HTMLButtonElement>('button[data-candidate-id]')];
    expect(buttons.map((b) => b.getAttribute('aria-pressed'))).toEqual(['true', 'false']);
    buttons[1]!.click();
    expect(picked).toEqual(['place:georgia-us']);
    render(<Card card={belgorod} articleDate="2024-01-09" choice={{ ...choice, uncertain: true }} />, container);
    expect(container.querySelector('[data-part="uncertain"] [data-part="why"] [data-part="candidates"]')).not.toBeNull();
  });
});
