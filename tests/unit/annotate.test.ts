import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMatcherIndex, Matcher } from '../../lib/matcher';
import { annotateText, withCodePointOffsets } from '../../lib/resolve/index';
import { codePointOffsets } from '../../lib/text/code-points';
import { visibleText, type DomNodeLike } from '../../lib/text/visible-text';

describe('annotateText', () => {
  const matcher = Matcher.load(
    buildMatcherIndex([
      { id: 'person:vladimir-putin', kind: 'person', name: 'Vladimir Putin', aliases: ['Putin'] },
      { id: 'place:donetsk', kind: 'place', name: 'Donetsk', aliases: ['Donetsk city'] },
    ]),
  );

  it('gives each mention its offsets, text, id, kind and the display name', () => {
    const text = 'Putin’s envoy reached Donetsk.';
    const mentions = annotateText(matcher, text);
    expect(mentions).toEqual([
      { start: 0, end: 5, text: 'Putin', id: 'person:vladimir-putin', kind: 'person', name: 'Vladimir Putin' },
      { start: 22, end: 29, text: 'Donetsk', id: 'place:donetsk', kind: 'place', name: 'Donetsk' },
    ]);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });
});

describe('withCodePointOffsets', () => {
  const matcher = Matcher.load(
    buildMatcherIndex([{ id: 'place:kyiv', kind: 'place', name: 'Kyiv', aliases: ['Kiev'] }]),
  );

  it('counts offsets in code points, so an emoji before a mention counts as one character', () => {
    const text = 'Sirens 🚨 over Kyiv, then 🚨🚨 over Kiev.';
    const mentions = withCodePointOffsets(text, annotateText(matcher, text));
    const points = [...text];
    expect(mentions.map((m) => points.slice(m.start, m.end).join(''))).toEqual(['Kyiv', 'Kiev']);
    expect(mentions.map((m) => m.start)).toEqual([14, 33]); // UTF-16 offsets would be 15 and 36
  });

  it('leaves text without astral characters unchanged', () => {
    const text = 'Drones over Kyiv.';
    expect(withCodePointOffsets(text, annotateText(matcher, text))).toEqual(annotateText(matcher, text));
  });

  it('refuses offsets asked for out of order', () => {
    const toCodePoint = codePointOffsets('abc');
    toCodePoint(2);
    expect(() => toCodePoint(1)).toThrow(RangeError);
  });
});

describe('visibleText', () => {
  const window = new Window();
  afterAll(() => window.happyDOM.close());
  const textOf = (html: string) => {
    const doc = new window.DOMParser().parseFromString(html, 'text/html');
    return visibleText(doc.body);
  };

  it('drops scripts, styles, noscript, templates and hidden elements', () => {
    const html =
      '<body><script>var Putin = 1;</script><style>p{}</style><noscript>Enable JS</noscript>' +
      '<template><p>Later</p></template><p hidden>Secret</p><p>Shown</p></body>';
    expect(textOf(html)).toBe('Shown');
  });

  it('decodes entities', () => {
    expect(textOf('<p>Avdi&iuml;vka &amp; Putin&rsquo;s &#x4B;yiv&nbsp;region &lt;b&gt;</p>')).toBe(
      'Avdiïvka & Putin’s Kyiv\u00A0region <b>',
    );
  });

  it('collapses source whitespace and keeps inline elements in the flow', () => {
    expect(textOf('<p>  Vladimir\n      <b>Putin</b>  said <a href="#">this</a>.  </p>')).toBe('Vladimir Putin said this.');
  });

  it('separates blocks with a blank line and <br> with a newline', () => {
    expect(textOf('<h1>Title</h1><div><p>One</p><ul><li>Two</li><li>Three</li></ul></div>line<br>next')).toBe(
      'Title\n\nOne\n\nTwo\n\nThree\n\nline\nnext',
    );
  });

  it('keeps whitespace inside <pre>', () => {
    expect(textOf('<pre>a  b\n c</pre>')).toBe('a  b\n c');
  });

  it('works on a hand-made tree too', () => {
    const text = (value: string): DomNodeLike => ({ nodeType: 3, nodeName: '#text', nodeValue: value, childNodes: [] });
    const el = (name: string, ...childNodes: DomNodeLike[]): DomNodeLike => ({ nodeType: 1, nodeName: name, nodeValue: null, childNodes });
    expect(visibleText(el('DIV', el('P', text('a')), el('SCRIPT', text('x')), el('P', text('b '), el('EM', text('c')))))).toBe('a\n\nb c');
  });
});

describe('annotateFile (the annotate command)', () => {
  it('prints figures beside mentions, in code points, resolved against the article date', async () => {
    const { annotateFile, createAnnotator } = await import('../../scripts/annotator');
    const annotator = createAnnotator([{ id: 'place:kyiv', kind: 'place', name: 'Kyiv', aliases: [], description: 'x', source: 's', placeType: 'city' }]);
    const text = '🚨 Day 685: drones hit Kyiv on December 29, 40 km away.';
    const result = annotateFile(annotator, text, { articleDate: '2024-01-09' });
    const points = [...text];
    expect(result.mentions.map((m) => points.slice(m.start, m.end).join(''))).toEqual(['Kyiv']);
    expect(result.figures.map((f) => [points.slice(f.start, f.end).join(''), f.type, f.date ?? f.value])).toEqual([
      ['Day 685', 'war-day', '2024-01-09'],
      ['December 29', 'date', '2023-12-29'],
      ['40 km', 'quantity', 40],
    ]);
  });
});
