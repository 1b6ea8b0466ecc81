// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { restoreTextNodes, usableMentions, wrapMentions, type MentionRange } from '@/entrypoints/content/marks';
import { collectTextBlocks, type TextBlock } from '@/entrypoints/content/text-blocks';

function blockContaining(blocks: TextBlock[], needle: string): TextBlock {
  const block = blocks.find((b) => b.text.includes(needle));
  if (!block) throw new Error(`no block with ${needle}: ${JSON.stringify(blocks.map((b) => b.text))}`);
  return block;
}

function mentionOf(block: TextBlock, words: string, id: string, kind: MentionRange['kind'] = 'person'): MentionRange {
  const start = block.text.indexOf(words);
  return { start, end: start + words.length, id, kind };
}

const textNodes = (root: Node): Text[] => {
  const walker = document.createTreeWalker(root, 4 /* SHOW_TEXT */);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  return nodes;
};

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('collectTextBlocks', () => {
  it('joins the inline text of a block and splits at block boundaries', () => {
    document.body.innerHTML = `
      <article>
        <h1>Kremlin <em>responds</em></h1>
        <p>Spokesman for Vladimir <b>Putin</b>, said <a href="/x">more <span>here</span></a>.</p>
        <div>Before<p>Inside</p>After<br>Next line</div>
      </article>`;
    const texts = collectTextBlocks(document.body).map((b) => b.text.replace(/\s+/g, ' ').trim());
    expect(texts).toContain('Kremlin responds');
    expect(texts).toContain('Spokesman for Vladimir Putin, said more here.');
    expect(texts).toEqual(expect.arrayContaining(['Before', 'Inside', 'After', 'Next line']));
    expect(texts).not.toContain('BeforeInsideAfter');
  });

  it('records where each node starts in the block text', () => {
    document.body.innerHTML = '<p>Vladimir <b>Putin</b> spoke</p>';
    const [block] = collectTextBlocks(document.body);
    expect(block?.parts.map((p) => [p.node.data, p.start])).toEqual([
      ['Vladimir ', 0],
      ['Putin', 9],
      [' spoke', 14],
    ]);
  });

  it('skips fields, code, scripts, editable, hidden, navigation and its own UI', () => {
    document.body.innerHTML = `
      <p>Visible Kyiv</p>
      <input value="Input Kyiv"><textarea>Textarea Kyiv</textarea>
      <select><option>Option Kyiv</option></select>
      <pre>Pre Kyiv</pre><p>Inline <code>Code Kyiv</code> text</p>
      <script>var s = "Script Kyiv";</script><style>.kyiv{}</style><noscript>Noscript Kyiv</noscript>
      <template><p>Template Kyiv</p></template>
      <div contenteditable="true">Editable <b>Kyiv</b></div>
      <div contenteditable="false">Readonly Kyiv</div>
      <div hidden>Hidden Kyiv</div><div style="display:none">Undisplayed Kyiv</div>
      <span style="visibility:hidden">Invisible Kyiv</span>
      <div style="visibility:hidden">Invisible parent Kyiv <span style="visibility:visible">Shown child Kyiv</span></div>
      <nav>Nav Kyiv</nav>
      <svg><text>Svg Kyiv</text></svg>
      <backstory-popover>Popover Kyiv</backstory-popover>
      <div data-backstory-ui>Own UI Kyiv</div>
      <p>Already <backstory-mention data-backstory-id="place:kyiv">Marked Kyiv</backstory-mention></p>`;
    const all = collectTextBlocks(document.body).map((b) => b.text).join('|');
    expect(all).toContain('Visible Kyiv');
    expect(all).toContain('Readonly Kyiv');
    expect(all).toContain('Inline ');
    // A child made visible again inside a hidden parent is read (its parent's own text is not).
    expect(all).toContain('Shown child Kyiv');
    expect(all).not.toContain('Invisible parent');
    for (const skipped of [
      'Input', 'Textarea', 'Option', 'Pre', 'Code', 'Script', 'Noscript', 'Template', 'Editable', 'Hidden',
      'Undisplayed', 'Invisible', 'Nav', 'Svg', 'Popover', 'Own UI', 'Marked',
    ]) {
      expect(all, skipped).not.toContain(`${skipped} Kyiv`);
    }
    // A skipped inline element separates the words around it.
    expect(all).not.toContain('Inline  text');
  });

  it('returns nothing for a root inside its own UI', () => {
    document.body.innerHTML = '<div data-backstory-ui><p>Kyiv and Moscow</p></div>';
    expect(collectTextBlocks(document.querySelector('p')!)).toEqual([]);
  });
});

describe('wrapMentions', () => {
  it('wraps a mention spanning several inline nodes, each part with the same data attributes', () => {
    document.body.innerHTML = '<p id="p">Spokesman for Vladimir <b>Putin</b>, in Moscow.</p>';
    const before = document.body.textContent;
    const block = blockContaining(collectTextBlocks(document.body), 'Putin');
    const { mentions } = wrapMentions(block, [
      mentionOf(block, 'Vladimir Putin', 'person:vladimir-putin'),
      mentionOf(block, 'Moscow', 'place:moscow', 'place'),
    ]);

    expect(document.body.textContent).toBe(before);
    const marks = [...document.querySelectorAll('backstory-mention')];
    expect(marks.map((m) => [m.textContent, m.getAttribute('data-backstory-id'), m.getAttribute('data-backstory-kind')])).toEqual([
      ['Vladimir ', 'person:vladimir-putin', 'person'],
      ['Putin', 'person:vladimir-putin', 'person'],
      ['Moscow', 'place:moscow', 'place'],
    ]);
    // The second part stays inside the <b>: elements are never moved.
    expect(marks[1]?.parentElement?.tagName).toBe('B');
    expect(document.querySelector('b')?.parentElement?.id).toBe('p');
    // One tab stop per mention, announced with the whole name.
    expect(marks.map((m) => m.getAttribute('tabindex'))).toEqual(['0', '-1', '0']);
    expect(marks[0]?.getAttribute('role')).toBe('button');
    expect(marks[0]?.getAttribute('aria-label')).toContain('Vladimir Putin');
    expect(mentions.map((m) => [m.text, m.elements.length])).toEqual([
      ['Vladimir Putin', 2],
      ['Moscow', 1],
    ]);
  });

  it('wraps mentions inside links without touching the link', () => {
    document.body.innerHTML = '<p>See <a href="/photos/belgorod">the gallery on Belgorod</a>.</p>';
    const block = blockContaining(collectTextBlocks(document.body), 'Belgorod');
    wrapMentions(block, [mentionOf(block, 'Belgorod', 'place:belgorod', 'place')]);
    const mark = document.querySelector('a backstory-mention');
    expect(mark?.textContent).toBe('Belgorod');
    expect(mark?.closest('a')?.getAttribute('href')).toBe('/photos/belgorod');
  });

  it('restores the original text nodes on teardown', () => {
    document.body.innerHTML = '<p>Putin met <i>Shoigu</i> and Peskov in the Kremlin</p>';
    const originals = textNodes(document.body);
    const originalData = originals.map((n) => n.data);
    const html = document.body.innerHTML;
    const block = blockContaining(collectTextBlocks(document.body), 'Kremlin');
    const { records } = wrapMentions(block, [
      mentionOf(block, 'Putin', 'person:vladimir-putin'),
      mentionOf(block, 'Shoigu', 'person:sergei-shoigu'),
      mentionOf(block, 'Peskov', 'person:dmitry-peskov'),
      mentionOf(block, 'Kremlin', 'organization:kremlin', 'organization'),
    ]);
    expect(document.querySelectorAll('backstory-mention')).toHaveLength(4);
    expect(document.body.innerHTML).not.toBe(html);

    restoreTextNodes(records);
    expect(document.querySelectorAll('backstory-mention')).toHaveLength(0);
    expect(document.body.innerHTML).toBe(html);
    const after = textNodes(document.body);
    expect(after).toHaveLength(originals.length);
    after.forEach((node, i) => {
      expect(node).toBe(originals[i]);
      expect(node.data).toBe(originalData[i]);
    });
  });

  it('leaves a block alone when the page changed it after collection', () => {
    document.body.innerHTML = '<p>Putin spoke</p>';
    const [block] = collectTextBlocks(document.body);
    block!.parts[0]!.node.data = 'Someone else spoke';
    const result = wrapMentions(block!, [{ start: 0, end: 5, id: 'person:vladimir-putin', kind: 'person' }]);
    expect(result.mentions).toEqual([]);
    expect(document.querySelector('backstory-mention')).toBeNull();
  });

  it('drops out-of-range and overlapping mentions, keeping the first', () => {
    const m = (start: number, end: number, id: string): MentionRange => ({ start, end, id, kind: 'place' });
    expect(usableMentions([m(5, 9, 'b'), m(0, 6, 'a'), m(8, 12, 'c'), m(-1, 2, 'x'), m(3, 3, 'y'), m(10, 99, 'z')], 20).map((x) => x.id)).toEqual([
      'a',
      'c',
    ]);
  });
});
