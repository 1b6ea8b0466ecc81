// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackstoryPage, type PageServices } from '@/entrypoints/content/backstory-page';
import { figuresClearOf, wrapFigures, wrapMentions } from '@/entrypoints/content/marks';
import { nearbyEntityIds } from '@/entrypoints/content/nearby';
import { PageMarks, type Annotate } from '@/entrypoints/content/page-marks';
import { collectTextBlocks } from '@/entrypoints/content/text-blocks';
import type { BackgroundRequests, Figure, FigureType, Mention } from '@/lib/messages';
import type { EntityKind } from '@/lib/pack/types';
import { fakeContext, memorySetting } from './settings-fixtures';

const NAMES: Array<[string, string, EntityKind]> = [
  ['Belgorod', 'place:belgorod', 'place'],
  ['Kyiv', 'place:kyiv', 'place'],
  ['Ukraine', 'place:ukraine', 'place'],
  // A name with a number in it: the entity must win over the figure inside it.
  ['Minsk 2', 'event:minsk-2', 'event'],
];

const FIGURES: Array<[string, FigureType, Partial<Figure>]> = [
  ['335,000 inhabitants', 'quantity', { value: 335000, unit: 'inhabitants' }],
  ['40 km', 'quantity', { value: 40, unit: 'km' }],
  ['December 29', 'date', { value: null, date: '2023-12-29' }],
  ['2 years', 'quantity', { value: 2, unit: 'years' }],
];

function occurrences(text: string, words: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(words); at !== -1; at = text.indexOf(words, at + 1)) found.push(at);
  return found;
}

/** A stand-in for the background's annotate: the names and figures above, wherever they occur. */
const annotate: Annotate = async (texts) => ({
  results: texts.map((text) =>
    NAMES.flatMap(([words, id, kind]) => occurrences(text, words).map((start): Mention => ({ start, end: start + words.length, id, kind }))).sort(
      (a, b) => a.start - b.start,
    ),
  ),
  figures: texts.map((text) =>
    FIGURES.flatMap(([words, type, rest]) =>
      occurrences(text, words).map((start): Figure => ({ start, end: start + words.length, text: words, type, value: null, ...rest })),
    ),
  ),
  entities: Object.fromEntries(NAMES.map(([name, id, kind]) => [id, { id, kind, name, description: '' }])),
});

const PAGE = `<article>
  <p id="a">Belgorod, a city of <b>335,000</b> inhabitants, lies 40 km from Ukraine.</p>
  <p id="b">On December 29, Kyiv was struck. Minsk 2 was signed 2 years ago.</p>
</article>`;

const figureMarks = () =>
  [...document.querySelectorAll('[data-backstory-kind="figure"]')].map((e) => [e.textContent, e.getAttribute('data-backstory-figure')]);

const textNodes = (root: Node): Text[] => {
  const walker = document.createTreeWalker(root, 4 /* SHOW_TEXT */);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  return nodes;
};

beforeEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = PAGE;
});

describe('figure marks', () => {
  it('wraps each figure in its own mark, one part per text node, beside the entity marks', async () => {
    const before = document.body.textContent;
    const marks = new PageMarks();
    await marks.scan(document.body, annotate);

    expect(document.body.textContent).toBe(before);
    expect(figureMarks()).toEqual([
      ['335,000', 'quantity'],
      [' inhabitants', 'quantity'],
      ['40 km', 'quantity'],
      ['December 29', 'date'],
      ['2 years', 'quantity'],
    ]);
    const parts = [...document.querySelectorAll<HTMLElement>('[data-backstory-kind="figure"]')];
    expect(parts.map((p) => [p.getAttribute('tabindex'), p.hasAttribute('data-backstory-continuation'), p.hasAttribute('data-backstory-id')])).toEqual([
      ['0', false, false],
      ['-1', true, false],
      ['0', false, false],
      ['0', false, false],
      ['0', false, false],
    ]);
    expect(parts[0]?.getAttribute('role')).toBe('button');
    expect(parts[0]?.getAttribute('aria-label')).toBe('335,000 inhabitants (figure): show details');
    expect(parts[3]?.getAttribute('aria-label')).toBe('December 29 (date): show details');
    expect(parts[0]?.parentElement?.tagName).toBe('B');

    expect(marks.markedFigures().map((f) => [f.text, f.figure.value])).toEqual([
      ['335,000 inhabitants', 335000],
      ['40 km', 40],
      ['December 29', null],
      ['2 years', 2],
    ]);
    // Both kinds of mark answer the pointer; entity marks keep their ids.
    expect(marks.mentionAt(parts[1] ?? null)?.mention.kind).toBe('figure');
    expect([...document.querySelectorAll('[data-backstory-id]')].map((e) => e.textContent)).toEqual(['Belgorod', 'Ukraine', 'Kyiv', 'Minsk 2']);
  });

  it('lets the entity win where a figure overlaps a mention', async () => {
    document.body.innerHTML = '<p>Minsk 2 years on.</p>';
    const marks = new PageMarks();
    await marks.scan(document.body, annotate);
    expect(figureMarks()).toEqual([]);
    expect(document.querySelector('[data-backstory-id="event:minsk-2"]')?.textContent).toBe('Minsk 2');
    const range = (start: number, end: number) => ({ start, end });
    expect(figuresClearOf([range(0, 5), range(5, 9), range(12, 20)], [range(4, 6), range(9, 12)])).toEqual([range(12, 20)]);
  });

  it('wraps figures in the block the entity pass returned, and their records undo only the figures', () => {
    document.body.innerHTML = '<p>Belgorod is 40 km away</p>';
    const [block] = collectTextBlocks(document.body);
    const entities = wrapMentions(block!, [{ start: 0, end: 8, id: 'place:belgorod', kind: 'place' }]);
    const afterEntities = document.body.innerHTML;
    const figures = wrapFigures(entities.block, [{ start: 12, end: 17, text: '40 km', type: 'quantity', value: 40, unit: 'km' }]);
    expect(figures.mentions.map((m) => m.elements.map((e) => e.outerHTML))).toEqual([
      ['<backstory-mention data-backstory-kind="figure" data-backstory-figure="quantity" tabindex="0" role="button" aria-haspopup="dialog" aria-label="40 km (figure): show details">40 km</backstory-mention>'],
    ]);
    expect(figures.block.parts.map((p) => [p.node.data, p.start])).toEqual([
      ['Belgorod', 0],
      [' is ', 8],
      ['40 km', 12],
      [' away', 17],
    ]);
  });

  it('gives a figure the entities of its own block, nearest first, then the rest of the page', async () => {
    const marks = new PageMarks();
    await marks.scan(document.body, annotate);
    const [population, distance, date] = marks.markedFigures();
    expect(marks.nearbyIds(population!)).toEqual(['place:belgorod', 'place:ukraine', 'place:kyiv', 'event:minsk-2']);
    expect(marks.nearbyIds(distance!)).toEqual(['place:ukraine', 'place:belgorod', 'place:kyiv', 'event:minsk-2']);
    expect(marks.nearbyIds(date!)).toEqual(['place:kyiv', 'event:minsk-2', 'place:belgorod', 'place:ukraine']);
    // On a tie the earlier name comes first; an overlapping name is nearest of all.
    const at = (start: number, end: number, id: string) => ({ start, end, id });
    expect(nearbyEntityIds({ start: 10, end: 12 }, [at(14, 16, 'after'), at(6, 8, 'before'), at(11, 13, 'over')], ['before', 'other'])).toEqual([
      'over',
      'before',
      'after',
      'other',
    ]);
  });

  it('takes figure marks out and puts them back without touching the entity marks', async () => {
    const originals = textNodes(document.body);
    const html = document.body.innerHTML;
    const marks = new PageMarks();
    await marks.scan(document.body, annotate);
    const entityElements = [...document.querySelectorAll('[data-backstory-id]')];
    const withFigures = document.body.innerHTML;

    marks.showFigures(false);
    expect(figureMarks()).toEqual([]);
    expect(marks.markedFigures()).toEqual([]);
    expect([...document.querySelectorAll('[data-backstory-id]')]).toEqual(entityElements);
    expect(entityElements.every((e) => e.isConnected)).toBe(true);
    expect(marks.mentionAt(document.querySelector('b'))).toBeUndefined();

    marks.showFigures(true);
    expect(document.body.innerHTML).toBe(withFigures);
    expect(figureMarks()).toHaveLength(5);

    marks.teardown();
    expect(document.body.innerHTML).toBe(html);
    expect(textNodes(document.body)).toEqual(originals);
  });

  it('marks no figures while they are hidden, and marks them when shown again', async () => {
    const marks = new PageMarks({ showFigures: false });
    await marks.scan(document.body, annotate);
    expect(figureMarks()).toEqual([]);
    expect(document.querySelectorAll('[data-backstory-id]')).toHaveLength(4);
    marks.showFigures(true);
    expect(figureMarks().map(([text]) => text)).toEqual(['335,000', ' inhabitants', '40 km', 'December 29', '2 years']);
  });
});


/** The "Show figures" setting in memory, with the watchers it has. */
function fakeSetting(initial: boolean) {
  const setting = memorySetting(initial);
  return { watchers: setting.watchers, setting };
}

describe('BackstoryPage and the "Show figures" setting', () => {
  let invalidate: () => void;
  afterEach(() => invalidate?.());

  function page(initial: boolean) {
    const requests: Array<[string, unknown]> = [];
    const send = (async (type: keyof BackgroundRequests, payload: never) => {
      requests.push([type, payload]);
      if (type === 'annotate') return annotate((payload as { texts: string[] }).texts);
      if (type === 'figureCard') return { figure: (payload as { figure: Figure }).figure, conversions: [], comparisons: [], events: [] };
      return null;
    }) as PageServices['send'];
    const { setting, watchers } = fakeSetting(initial);
    const context = fakeContext();
    invalidate = context.invalidate;
    return { backstory: new BackstoryPage(context.ctx, document, { send, showFigures: setting }), setting, watchers, requests };
  }

  it('sends the stated article date with the texts and asks figure cards with the nearby entities', async () => {
    document.head.innerHTML = '<meta property="article:published_time" content="2024-01-09T10:00:00Z">';
    const { backstory, requests } = page(true);
    await backstory.scan();
    // The scan, then the count of entities for the toolbar badge.
    expect(requests.map(([type]) => type)).toEqual(['annotate', 'pageStats']);
    expect((requests[0]?.[1] as { articleDate?: string }).articleDate).toBe('2024-01-09');
    expect(requests[1]).toEqual(['pageStats', { entities: 4 }]);

    const figure = document.querySelector<HTMLElement>('#b [data-backstory-kind="figure"]')!;
    figure.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests[2]).toEqual([
      'figureCard',
      {
        figure: { start: 3, end: 14, text: 'December 29', type: 'date', value: null, date: '2023-12-29' },
        articleDate: '2024-01-09',
        nearbyIds: ['place:kyiv', 'event:minsk-2', 'place:belgorod', 'place:ukraine'],
      },
    ]);
    const card = document.querySelector('backstory-popover')?.shadowRoot?.querySelector('.card');
    expect(card?.getAttribute('data-figure-type')).toBe('date');
  });

  it('does not mark figures when the setting is off, and follows it live both ways', async () => {
    const { backstory, setting, watchers } = page(false);
    await backstory.scan();
    expect(figureMarks()).toEqual([]);
    expect(document.querySelectorAll('[data-backstory-id]')).toHaveLength(4);

    await setting.setValue(true);
    expect(figureMarks()).toHaveLength(5);

    // An open figure card closes with its mark.
    document.querySelector<HTMLElement>('[data-backstory-kind="figure"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const host = document.querySelector('backstory-popover') as HTMLElement;
    expect(host.hidden).toBe(false);
    await setting.setValue(false);
    expect(figureMarks()).toEqual([]);
    expect(host.hidden).toBe(true);
    expect(document.querySelectorAll('[data-backstory-id]')).toHaveLength(4);

    invalidate();
    expect(watchers.size).toBe(0);
    expect(document.querySelector('backstory-mention')).toBeNull();
  });
});
