// @vitest-environment happy-dom
/**
 * The content script's long work in slices: the page is read a slice at a time, what is in view is marked
 * first (in slices that follow each other), the rest when the page is idle, and no slice runs past its
 * budget. A hand-driven scheduler and clock stand in for the browser's; element boxes come from `data-top`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PageMarks } from '@/entrypoints/content/page-marks';
import { fakeBackground } from './content-fixtures';
import { SLICE_MS, type WorkScheduler } from '@/entrypoints/content/schedule';
import { collectTextBlocks, TextBlockWalker } from '@/entrypoints/content/text-blocks';

/** A scheduler driven by hand: every clock read costs 1 ms, tasks wait until `run` takes them. */
function manualScheduler() {
  let clock = 0;
  const tasks: Array<{ kind: 'soon' | 'idle'; run: () => void }> = [];
  const log: Array<'soon' | 'idle'> = [];
  const scheduler: WorkScheduler = {
    now: () => ++clock,
    soon: (run) => tasks.push({ kind: 'soon', run }),
    idle: (run) => tasks.push({ kind: 'idle', run: () => run(SLICE_MS) }),
  };
  /** Run tasks (soon ones before idle ones, as a browser would with a busy page) until `done` settles. */
  async function drive(done: Promise<unknown>, each: (kind: 'soon' | 'idle') => void = () => undefined): Promise<void> {
    let settled = false;
    void done.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let guard = 0; guard < 10_000; guard++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (settled && tasks.length === 0) return;
      const at = tasks.findIndex((t) => t.kind === 'soon');
      const [task] = tasks.splice(at === -1 ? 0 : at, 1);
      if (!task) continue;
      const before = clock;
      task.run();
      log.push(task.kind);
      // A slice stops once its budget is used (plus the one block or element group it was on).
      expect(clock - before).toBeLessThanOrEqual(SLICE_MS + 3);
      each(task.kind);
    }
    throw new Error('the scan did not finish');
  }
  return { scheduler, drive, log };
}

const originalBox = HTMLElement.prototype.getBoundingClientRect;

beforeEach(() => {
  document.body.innerHTML = '';
  // Boxes from data-top (px from the top of the viewport); happy-dom lays nothing out.
  HTMLElement.prototype.getBoundingClientRect = function (this: HTMLElement) {
    const top = Number(this.closest('[data-top]')?.getAttribute('data-top') ?? 0);
    return { top, bottom: top + 20, left: 0, right: 100, width: 100, height: 20, x: 0, y: top, toJSON: () => ({}) } as DOMRect;
  };
});

afterEach(() => {
  HTMLElement.prototype.getBoundingClientRect = originalBox;
});

const marked = (selector: string) => document.querySelectorAll(`${selector} backstory-mention`).length > 0;

describe('reading the page in slices', () => {
  it('stops when told and goes on where it stopped, finding the same blocks', () => {
    document.body.innerHTML = Array.from({ length: 200 }, (_, i) => `<p>Paragraph ${i} on <b>Belgorod</b> and <i>the Kremlin</i>.</p>`).join('');
    const whole = collectTextBlocks(document.body).map((b) => b.text);
    const walker = new TextBlockWalker(document.body);
    let steps = 0;
    while (!walker.step(() => true)) steps++;
    expect(steps).toBeGreaterThan(5);
    expect(walker.blocks.map((b) => b.text)).toEqual(whole);
  });

  it('never walks marks inserted beside text it has already read', () => {
    document.body.innerHTML = Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i} on <b>Belgorod</b> and <i>the Kremlin</i>.</p>`).join('');
    const whole = collectTextBlocks(document.body).map((b) => b.text);
    const walker = new TextBlockWalker(document.body);
    let checks = 0;
    expect(walker.step(() => ++checks > 3)).toBe(false);
    const read = walker.blocks.length;
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(whole.length);
    // Meanwhile text goes into the first paragraph, already read (as marking a first batch splits its nodes).
    document.querySelector('p')!.appendChild(document.createElement('span')).textContent = ' Putin';
    expect(walker.step()).toBe(true);
    expect(walker.blocks.map((b) => b.text)).toEqual(whole);
  });
});

describe('marking in slices', () => {
  it('reads in slices, marks what is in view first in back-to-back slices, and the rest when idle', async () => {
    const inView = Array.from({ length: 30 }, (_, i) => `<p data-top="${i * 20}" class="view">Belgorod and Putin, ${i}.</p>`).join('');
    const below = Array.from({ length: 60 }, (_, i) => `<p data-top="${3000 + i * 20}" class="below">The Kremlin on Belgorod, ${i}.</p>`).join('');
    document.body.innerHTML = inView + below;
    const { annotate } = fakeBackground();
    const { scheduler, drive, log } = manualScheduler();
    const marks = new PageMarks({ scheduler });
    const seen: Array<{ kind: string; view: number; below: number }> = [];
    await drive(marks.scan(document.body, annotate), (kind) =>
      seen.push({ kind, view: document.querySelectorAll('.view backstory-mention').length, below: document.querySelectorAll('.below backstory-mention').length }),
    );

    // Everything is marked in the end.
    expect(document.querySelectorAll('.view backstory-mention')).toHaveLength(60);
    expect(document.querySelectorAll('.below backstory-mention')).toHaveLength(120);
    // Several slices of each kind.
    expect(log.filter((k) => k === 'soon').length).toBeGreaterThan(3);
    expect(log.filter((k) => k === 'idle').length).toBeGreaterThan(3);
    // Nothing below the viewport was marked before everything in view was, and only idle slices marked it.
    const firstBelow = seen.findIndex((s) => s.below > 0);
    expect(seen[firstBelow]?.kind).toBe('idle');
    expect(seen[firstBelow - 1]?.view).toBe(60);
    // Every slice that marked something in view came before the first idle slice.
    const lastViewGain = seen.findIndex((s) => s.view === 60);
    expect(log.indexOf('idle')).toBeGreaterThan(lastViewGain);
  });

  it('sends the batches with something in view first, but keeps what was found in document order', async () => {
    document.body.innerHTML = `
      <p data-top="0" id="top">The Kremlin said so.</p>
      ${Array.from({ length: 6 }, (_, i) => `<p data-top="${2000 + i * 40}">Belgorod, day ${i}.</p>`).join('')}
      <aside data-top="10" id="rail"><p>Putin in the rail.</p></aside>`;
    const { annotate, calls } = fakeBackground();
    const { scheduler, drive } = manualScheduler();
    const marks = new PageMarks({ scheduler });
    await drive(marks.scan(document.body, annotate, { maxTexts: 3, maxChars: 100_000 }));

    // Batches of three texts: [top, B0, B1], [B2, B3, B4], [B5, rail]; the third has the rail, in view.
    expect(calls.map((c) => c[0])).toEqual(['The Kremlin said so.', 'Belgorod, day 5.', 'Belgorod, day 2.']);
    expect(marks.foundEntities().map((e) => e.id)).toEqual(['organization:kremlin', 'place:belgorod', 'person:vladimir-putin']);
    expect(marks.markedMentions().map((m) => m.text)).toEqual(['Kremlin', ...Array.from({ length: 6 }, () => 'Belgorod'), 'Putin']);
    expect(marked('#rail')).toBe(true);
  });

  it('marks the first mention in document order even when a later batch is answered first', async () => {
    document.body.innerHTML = `
      <p data-top="0">The Kremlin said so.</p>
      <p data-top="2000" id="early">Belgorod was hit.</p>
      <p data-top="2040">Nothing here.</p>
      <aside data-top="10" id="rail"><p>Belgorod in the rail.</p></aside>`;
    const { annotate } = fakeBackground();
    const { scheduler, drive } = manualScheduler();
    const marks = new PageMarks({ scheduler, firstMentionOnly: true });
    await drive(marks.scan(document.body, annotate, { maxTexts: 2, maxChars: 100_000 }));
    expect(marked('#early')).toBe(true);
    expect(marked('#rail')).toBe(false);
  });

  it('resolves the scan only once everything is marked, and drops the queue when torn down', async () => {
    document.body.innerHTML = Array.from({ length: 40 }, (_, i) => `<p data-top="${i * 200}">Belgorod, ${i}.</p>`).join('');
    const { annotate } = fakeBackground();
    const { scheduler, drive } = manualScheduler();
    const marks = new PageMarks({ scheduler });
    let done = false;
    const scanning = marks.scan(document.body, annotate).then(() => (done = true));
    await drive(scanning, () => {
      if (!done) expect(document.querySelectorAll('backstory-mention').length).toBeLessThanOrEqual(40);
    });
    expect(document.querySelectorAll('backstory-mention')).toHaveLength(40);

    // Torn down half-way through marking: the scan resolves, nothing stays marked.
    document.body.innerHTML = Array.from({ length: 40 }, (_, i) => `<p data-top="${i * 200}">Belgorod, ${i}.</p>`).join('');
    const html = document.body.innerHTML;
    const second = manualScheduler();
    const again = new PageMarks({ scheduler: second.scheduler });
    let slices = 0;
    await second.drive(again.scan(document.body, annotate), (kind) => {
      if (kind === 'idle' && ++slices === 1) again.teardown();
    });
    expect(document.body.innerHTML).toBe(html);
  });
});
