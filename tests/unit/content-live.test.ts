// @vitest-environment happy-dom
/**
 * Following a page that changes (live-updates.ts): what the page adds is read on its own, Backstory's own
 * writes never wake it, and text a framework changes under the marks is shown exactly as the page set it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveUpdates } from '@/entrypoints/content/live-updates';
import { PageMarks } from '@/entrypoints/content/page-marks';
import { fakeBackground } from './content-fixtures';

let live: LiveUpdates | undefined;

beforeEach(() => {
  document.body.innerHTML = '';
});

afterEach(() => {
  live?.stop();
  live = undefined;
});

/** A scanned page with its live updates running, and every batch of texts the background was asked about. */
async function followedPage(html: string) {
  document.body.innerHTML = html;
  const { annotate, calls } = fakeBackground();
  const marks = new PageMarks();
  const scanMore = vi.fn((roots: Element[]) => marks.scanMore(roots, annotate));
  const onChanged = vi.fn();
  live = new LiveUpdates(document, {
    marks,
    scanMore,
    onChanged,
    setTimeout: (handler, ms) => window.setTimeout(handler, ms) as unknown as number,
    clearTimeout: (id) => window.clearTimeout(id),
  });
  marks.ownChange = live.own;
  live.watch();
  await marks.scan(document.body, annotate);
  live.release();
  return { marks, calls, scanMore, onChanged };
}

const idsIn = (selector: string) =>
  [...document.querySelectorAll(`${selector} backstory-mention[data-backstory-id]`)].map((mark) => mark.getAttribute('data-backstory-id'));

/** Wait until the live updates are idle: nothing scheduled for a while. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

describe('live updates', () => {
  it('reads only what the page adds, and never reacts to its own marks', async () => {
    const { calls, scanMore } = await followedPage('<main id="feed"><p id="a">The Kremlin spoke.</p><p id="b">Belgorod was quiet.</p></main>');
    expect(calls).toHaveLength(1);
    const before = [...document.querySelectorAll('backstory-mention')];
    await settle();
    // Marking the page (Backstory's own writes) asked for nothing more.
    expect(calls).toHaveLength(1);
    expect(scanMore).not.toHaveBeenCalled();

    const post = document.createElement('p');
    post.id = 'c';
    post.textContent = 'Vladimir Putin arrived in Kyiv.';
    document.getElementById('feed')!.appendChild(post);
    await vi.waitFor(() => expect(idsIn('#c')).toEqual(['person:vladimir-putin', 'place:kyiv']));
    // One more request, with the new paragraph's text only; the marks that were there are the same elements.
    expect(calls.slice(1)).toEqual([['Vladimir Putin arrived in Kyiv.']]);
    expect(scanMore).toHaveBeenCalledTimes(1);
    expect(scanMore.mock.calls[0]![0]).toEqual([post]);
    expect(before.every((mark) => mark.isConnected)).toBe(true);
    await settle();
    expect(calls).toHaveLength(2);
  });

  it('gathers a burst of additions into one request', async () => {
    const { calls } = await followedPage('<main id="feed"><p>Belgorod.</p></main>');
    const feed = document.getElementById('feed')!;
    for (let i = 0; i < 5; i++) feed.insertAdjacentHTML('beforeend', `<p class="new">Kyiv, update ${i}.</p>`);
    await vi.waitFor(() => expect(document.querySelectorAll('.new backstory-mention')).toHaveLength(5));
    expect(calls).toHaveLength(2);
    expect(calls[1]).toHaveLength(5);
  });

  it('takes the pieces out at once when the page sets the text of a node it split, then marks the new text', async () => {
    const { marks } = await followedPage('<p id="p">Kremlin sources in Belgorod said so.</p>');
    const paragraph = document.getElementById('p')!;
    // The page's own text node: still a child of the paragraph, however it was split.
    const original = paragraph.firstChild as Text;
    expect(idsIn('#p')).toEqual(['organization:kremlin', 'place:belgorod']);
    expect(original.parentNode).toBe(paragraph);

    original.data = 'Sources in Kyiv said so.';
    // The observer's callback runs before the page could paint: the paragraph reads as the page set it.
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(paragraph.textContent).toBe('Sources in Kyiv said so.');
    await vi.waitFor(() => expect(idsIn('#p')).toEqual(['place:kyiv']));
    expect(paragraph.textContent).toBe('Sources in Kyiv said so.');
    expect(marks.foundEntities().map((e) => e.id)).toEqual(['place:kyiv']);
  });

  it('takes the pieces out when the page removes a node it split, and forgets a removed post', async () => {
    const { marks } = await followedPage('<main id="feed"><p id="p">Belgorod and the Kremlin.</p><article id="old"><p>Putin spoke.</p></article></main>');
    const paragraph = document.getElementById('p')!;
    paragraph.removeChild(paragraph.firstChild!);
    await vi.waitFor(() => expect(paragraph.textContent).toBe(''));
    expect(paragraph.querySelectorAll('backstory-mention')).toHaveLength(0);

    document.getElementById('old')!.remove();
    await vi.waitFor(() => expect(marks.foundEntities()).toEqual([]));
  });

  it('stops following when stopped', async () => {
    const { calls } = await followedPage('<main id="feed"><p>Belgorod.</p></main>');
    live!.stop();
    document.getElementById('feed')!.insertAdjacentHTML('beforeend', '<p>Kyiv.</p>');
    await settle();
    expect(calls).toHaveLength(1);
  });
});

describe('text the page shows later by a class or style', () => {
  it('reads a collapsed "read more" once the page shows it, and nothing else', async () => {
    const { calls } = await followedPage(
      '<style>.collapsed { display: none }</style><main><p>Belgorod.</p><div id="more" class="collapsed"><p>Vladimir Putin in Kyiv.</p></div></main>',
    );
    expect(idsIn('#more')).toEqual([]);
    document.getElementById('more')!.classList.remove('collapsed');
    await vi.waitFor(() => expect(idsIn('#more')).toEqual(['person:vladimir-putin', 'place:kyiv']), { timeout: 3_000 });
    expect(calls.slice(1)).toEqual([['Vladimir Putin in Kyiv.']]);
    // Another class change shows nothing new: no further request.
    document.querySelector('main')!.classList.add('scrolled');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(calls).toHaveLength(2);
  });
});
