// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Candidates, shortDescription, type CandidateChoice } from '@/components/Candidates';
import { FigureCard } from '@/components/FigureCard';
import { SettingToggle } from '@/components/SettingToggle';
import type { EntitySummary, FigureCard as FigureCardData, TimelineEvent } from '@/lib/messages';
import { memorySetting as memorySettingOf } from './settings-fixtures';

const belgorod: EntitySummary = { id: 'place:belgorod', kind: 'place', name: 'Belgorod', description: 'City near the border.' };

function event(id: string, start: string, name: string, end?: string): TimelineEvent {
  return { id, name, description: '', start, end, places: [], participants: [], linkedTo: [] };
}

const dateCard: FigureCardData = {
  figure: { start: 3, end: 14, text: 'December 29', type: 'date', value: null, date: '2023-12-29', context: 'a date without a year' },
  resolved: { date: '2023-12-29', basis: { kind: 'article-date', articleDate: '2024-01-09' } },
  conversions: [],
  comparisons: [],
  events: [event('event:strikes', '2023-12-29', 'Strikes across the country'), event('event:offensive', '2023-10', 'Winter offensive', '2024-02')],
};

const populationCard: FigureCardData = {
  figure: { start: 0, end: 19, text: '335,000 inhabitants', type: 'quantity', value: 335000, unit: 'inhabitants' },
  conversions: [],
  comparisons: [
    { entity: belgorod, measure: 'population', value: 339978, year: 2021, source: '2021 Russian census' },
    { entity: { ...belgorod, id: 'place:shebekino', name: 'Shebekino' }, measure: 'population', value: 40000, year: 2019, source: 'GeoNames' },
  ],
  events: [],
};

const distanceCard: FigureCardData = {
  figure: { start: 0, end: 5, text: '40 km', type: 'quantity', value: 40, unit: 'km' },
  conversions: ['40 km ≈ 25 mi'],
  comparisons: [],
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

const part = (name: string) => container.querySelector(`[data-part="${name}"]`)?.textContent ?? null;

describe('FigureCard', () => {
  it('shows a date figure with its reading, the resolved date and its basis, and the events of that date', () => {
    render(<FigureCard card={dateCard} articleDate="2024-01-09" />, container);
    const card = container.querySelector('.card');
    expect(card?.getAttribute('data-figure-type')).toBe('date');
    expect(card?.getAttribute('role')).toBe('dialog');
    expect(container.querySelector('h2')?.textContent).toBe('December 29');
    expect(part('kind')).toBe('Date');
    expect(part('context')).toBe('a date without a year');
    expect(part('resolved')).toBe('29 December 2023 December 29 read against the article date 9 January 2024');
    expect(container.querySelector('[data-part="resolved"] time')?.getAttribute('datetime')).toBe('2023-12-29');
    expect(container.querySelector('.related h3')?.textContent).toBe('On that date');
    expect([...container.querySelectorAll('[data-part="events"] [data-event-id]')].map((e) => [e.getAttribute('data-event-id'), e.textContent])).toEqual([
      ['event:strikes', '29 December 2023Strikes across the country'],
      ['event:offensive', 'October 2023 – February 2024Winter offensive'],
    ]);
    expect(part('conversions')).toBeNull();
    expect(part('comparisons')).toBeNull();
    expect(part('source')).toBe('Read against the article date, 9 January 2024');
  });

  it('shows conversions for a measure', () => {
    render(<FigureCard card={distanceCard} articleDate="2025-03-01" articleDateStated={false} />, container);
    expect(container.querySelector('.card')?.getAttribute('data-figure-type')).toBe('quantity');
    expect(part('kind')).toBe('Figure');
    expect([...container.querySelectorAll('[data-part="conversions"] li')].map((li) => li.textContent)).toEqual(['40 km ≈ 25 mi']);
    expect(part('resolved')).toBeNull();
    expect(part('events')).toBeNull();
    expect(part('source')).toBe('No article date found; read as of today, 1 March 2025');
  });

  it('compares a count with the knowledge base, naming the source and its year', () => {
    render(<FigureCard card={populationCard} articleDate="2024-01-09" />, container);
    expect([...container.querySelectorAll('[data-part="comparisons"] li')].map((li) => [li.getAttribute('data-entity-id'), li.textContent])).toEqual([
      ['place:belgorod', 'Belgorod: 339,978 inhabitants (2021 Russian census)'],
      ['place:shebekino', 'Shebekino: 40,000 inhabitants (2019, GeoNames)'],
    ]);
  });

  it('reads a war day as a day of the war, and a period as a period', () => {
    const warDay: FigureCardData = {
      ...dateCard,
      figure: { start: 0, end: 7, text: 'day 685', type: 'war-day', value: 685, date: '2024-01-09', context: 'day 685 of the full-scale invasion' },
      resolved: { date: '2024-01-09', basis: { kind: 'war-day', day: 685, from: '2022-02-24' } },
    };
    render(<FigureCard card={warDay} articleDate="2024-01-09" />, container);
    expect(part('kind')).toBe('Day of the war');
    expect(part('resolved')).toBe('9 January 2024 day 685 counted from 24 February 2022 (day 1 of the full-scale invasion)');

    const season: FigureCardData = { ...dateCard, resolved: { date: '2022-09', basis: { kind: 'as-written' } } };
    render(<FigureCard card={season} articleDate="2024-01-09" />, container);
    expect(container.querySelector('[data-part="resolved"] time')?.textContent).toBe('September 2022');
    expect(container.querySelector('.related h3')?.textContent).toBe('In that period');
  });
});

const georgia: EntitySummary = { id: 'place:georgia', kind: 'place', name: 'Georgia', description: 'Country in the South Caucasus. Capital Tbilisi.' };
const georgiaUs: EntitySummary = { id: 'place:georgia-us', kind: 'place', name: 'Georgia', description: 'State in the southeastern United States.' };
const jordan: EntitySummary = { id: 'person:michael-jordan', kind: 'person', name: 'Michael Jordan', description: '' };

describe('Candidates', () => {
  function choice(uncertain: boolean, selected: string, onSelect: (id: string) => void = () => {}): CandidateChoice {
    return { candidates: [georgia, georgiaUs, jordan], selected, uncertain, onSelect };
  }

  it('says it is not sure and offers each candidate as a button', () => {
    const picked: string[] = [];
    render(<Candidates choice={choice(true, georgia.id, (id) => picked.push(id))} />, container);
    expect(container.querySelector('[data-part="uncertain"] .uncertain-title')?.textContent).toBe('Not sure which one this is');
    const buttons = [...container.querySelectorAll<HTMLButtonElement>('[data-part="candidates"] button[data-candidate-id]')];
    expect(buttons.map((b) => [b.getAttribute('data-candidate-id'), b.getAttribute('aria-pressed'), b.textContent])).toEqual([
      ['place:georgia', 'true', 'GeorgiaPlace · Country in the South Caucasus'],
      ['place:georgia-us', 'false', 'GeorgiaPlace · State in the southeastern United States'],
      ['person:michael-jordan', 'false', 'Michael JordanPerson'],
    ]);
    buttons[1]!.click();
    expect(picked).toEqual(['place:georgia-us']);
  });

  it('names the others discreetly when the choice was sure, telling same-named ones apart', () => {
    const picked: string[] = [];
    render(<Candidates choice={choice(false, georgia.id, (id) => picked.push(id))} />, container);
    expect(part('uncertain')).toBeNull();
    expect(part('also')).toBe('Also: Georgia (State in the southeastern United States), Michael Jordan');
    container.querySelector<HTMLButtonElement>('[data-candidate-id="person:michael-jordan"]')!.click();
    expect(picked).toEqual(['person:michael-jordan']);

    render(<Candidates choice={{ ...choice(false, georgia.id), candidates: [georgia] }} />, container);
    expect(container.innerHTML).toBe('');
  });

  it('shortens a description to its first sentence, cut at a word', () => {
    expect(shortDescription('Country in the South Caucasus. Capital Tbilisi.')).toBe('Country in the South Caucasus');
    expect(shortDescription('A very long description that goes on and on about the place', 30)).toBe('A very long description that…');
    expect(shortDescription('')).toBe('');
  });
});

function memorySetting(initial: boolean) {
  const setting = memorySettingOf(initial);
  return { setting, watchers: setting.watchers, current: setting.current };
}

describe('SettingToggle', () => {
  it('shows the stored value, stores a change, and follows changes made elsewhere', async () => {
    const { setting, watchers, current } = memorySetting(true);
    render(<SettingToggle setting={setting} part="show-figures" label="Show figures (numbers and dates)" />, container);
    const box = () => container.querySelector<HTMLInputElement>('input[type="checkbox"][data-part="show-figures"]')!;
    expect(box().disabled).toBe(true);
    await vi.waitFor(() => expect(box().disabled).toBe(false));
    expect(box().checked).toBe(true);
    expect(container.querySelector('label')?.textContent).toBe(' Show figures (numbers and dates)');

    box().click();
    await vi.waitFor(() => expect(current()).toBe(false));
    expect(box().checked).toBe(false);

    await setting.setValue(true);
    await vi.waitFor(() => expect(box().checked).toBe(true));

    render(null, container);
    expect(watchers.size).toBe(0);
  });
});
