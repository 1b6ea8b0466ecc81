// @vitest-environment happy-dom
/**
 * The content script after its extension is reloaded or updated (runtime.id gone): the lifecycle watch tears
 * the page down promptly and before Backstory's own listeners see the reader's input, and requests to the
 * background neither throw nor reject into the page; a worker stopped mid-request is asked once more.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The extension runtime as the content script sees it; `id` goes when the extension is reloaded. */
const runtime = vi.hoisted(() => {
  const runtime = {
    id: 'backstory' as string | undefined,
    sendMessage: vi.fn<(message: unknown) => Promise<unknown>>(),
    onMessage: { addListener: vi.fn(), removeListener: vi.fn() },
  };
  return runtime;
});
vi.mock('wxt/browser', () => ({ browser: { runtime } }));

const { INPUT_EVENTS, WATCH_MS, watchExtensionLifecycle } = await import('@/entrypoints/content/lifecycle');
const { extensionAlive, handleTabRequests, sendToBackground } = await import('@/utils/messaging');

/**
 * WXT's ContentScriptContext as the watch uses it (the real one needs WXT's build-time env): reading `isValid`
 * aborts it once the runtime id is gone, and its abort runs the `onInvalidated` callbacks.
 */
class ContentScriptContext {
  private readonly controller = new AbortController();
  constructor(readonly name: string) {}
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  get isValid(): boolean {
    if (runtime.id == null) this.controller.abort();
    return !this.signal.aborted;
  }
  onInvalidated(callback: () => void): () => void {
    this.signal.addEventListener('abort', callback);
    return () => this.signal.removeEventListener('abort', callback);
  }
  /** As WXT's: the handler runs while the context is valid, and the timer is cleared when it is not. */
  setInterval(handler: () => void, timeout: number): number {
    const id = window.setInterval(() => {
      if (this.isValid) handler();
    }, timeout);
    this.onInvalidated(() => window.clearInterval(id));
    return id;
  }
}

/** Settles with "pending" when `promise` has not settled after the queued tasks ran. */
async function state(promise: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  const settled = promise.then(
    () => 'resolved' as const,
    () => 'rejected' as const,
  );
  return Promise.race([settled, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 20))]);
}

beforeEach(() => {
  runtime.id = 'backstory';
  runtime.sendMessage.mockReset();
  runtime.onMessage.removeListener.mockReset();
});

describe('watchExtensionLifecycle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('invalidates the context within one period of the extension going, not before', () => {
    vi.useFakeTimers();
    const ctx = new ContentScriptContext('test');
    const teardown = vi.fn();
    ctx.onInvalidated(teardown);
    watchExtensionLifecycle(ctx, window);

    vi.advanceTimersByTime(WATCH_MS * 3);
    expect(teardown).not.toHaveBeenCalled();
    runtime.id = undefined;
    vi.advanceTimersByTime(WATCH_MS);
    expect(teardown).toHaveBeenCalledOnce();
    expect(ctx.signal.aborted).toBe(true);
    // The timer went with the context.
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each(INPUT_EVENTS)('tears down on %s before the listeners added after it see it', (type) => {
    const ctx = new ContentScriptContext('test');
    const teardown = vi.fn();
    ctx.onInvalidated(teardown);
    watchExtensionLifecycle(ctx, window, 60_000);
    // As the popover listens: on the document, dying with the context. (BackstoryPage's shortcut listens on the
    // window, after the watch: the DOM skips a listener removed during the dispatch, which happy-dom does not
    // model; the end-to-end test presses the shortcut.)
    const onDocument = vi.fn();
    const capture = vi.fn();
    document.addEventListener(type, onDocument, { signal: ctx.signal });
    document.addEventListener(type, capture, { capture: true, signal: ctx.signal });

    document.body.dispatchEvent(new Event(type, { bubbles: true }));
    expect([onDocument.mock.calls.length, capture.mock.calls.length]).toEqual([1, 1]);
    expect(teardown).not.toHaveBeenCalled();

    runtime.id = undefined;
    document.body.dispatchEvent(new Event(type, { bubbles: true }));
    expect(teardown).toHaveBeenCalledOnce();
    expect([onDocument.mock.calls.length, capture.mock.calls.length]).toEqual([1, 1]);
  });

  it('checks when a hidden tab comes back (its timers were throttled)', () => {
    const ctx = new ContentScriptContext('test');
    watchExtensionLifecycle(ctx, window, 60_000);
    runtime.id = undefined;
    document.dispatchEvent(new Event('visibilitychange'));
    expect(ctx.signal.aborted).toBe(true);
  });

  it('starts nothing in a context that is already gone', () => {
    vi.useFakeTimers();
    runtime.id = undefined;
    const ctx = new ContentScriptContext('test');
    watchExtensionLifecycle(ctx, window);
    expect(ctx.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('sendToBackground', () => {
  const answer = (value: unknown) => ({ ok: true, value });

  it("answers with the value, or rejects with the background's error", async () => {
    runtime.sendMessage.mockResolvedValueOnce(answer({ name: 'Kyiv' })).mockResolvedValueOnce({ ok: false, error: 'no such entity' });
    await expect(sendToBackground('entityCard', { id: 'place:kyiv-ua' })).resolves.toEqual({ name: 'Kyiv' });
    await expect(sendToBackground('entityCard', { id: 'place:nowhere' })).rejects.toThrow('no such entity');
    expect(runtime.sendMessage).toHaveBeenCalledTimes(2);
  });

  it('never settles once the extension is gone, and sends nothing', async () => {
    runtime.id = undefined;
    expect(extensionAlive()).toBe(false);
    expect(await state(sendToBackground('entityCard', { id: 'place:kyiv-ua' }))).toBe('pending');
    expect(await state(sendToBackground('pageStats', { entities: 3 }))).toBe('pending');
    expect(runtime.sendMessage).not.toHaveBeenCalled();
  });

  it('never settles when the extension goes while the request is under way (rejected, or no answer)', async () => {
    runtime.sendMessage.mockImplementationOnce(async () => {
      runtime.id = undefined;
      throw new Error('Extension context invalidated.');
    });
    expect(await state(sendToBackground('annotate', { texts: ['Kyiv'] }))).toBe('pending');
    runtime.id = 'backstory';
    runtime.sendMessage.mockImplementationOnce(async () => {
      runtime.id = undefined;
      return undefined;
    });
    expect(await state(sendToBackground('entityCard', { id: 'place:kyiv-ua' }))).toBe('pending');
    expect(runtime.sendMessage).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['no answer (the polyfill’s reading of a closed port)', undefined],
    ['a closed channel', new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received')],
    ['no receiver yet', new Error('Could not establish connection. Receiving end does not exist.')],
  ])('asks a read once more when the worker stopped before answering: %s', async (_, lost) => {
    runtime.sendMessage.mockImplementationOnce(async () => {
      if (lost) throw lost;
      return undefined;
    });
    runtime.sendMessage.mockResolvedValueOnce(answer({ name: 'Kyiv' }));
    await expect(sendToBackground('entityCard', { id: 'place:kyiv-ua' })).resolves.toEqual({ name: 'Kyiv' });
    expect(runtime.sendMessage).toHaveBeenCalledTimes(2);
  });

  it('asks only once more, and never again for a request that writes', async () => {
    runtime.sendMessage.mockResolvedValue(undefined);
    await expect(sendToBackground('entityCard', { id: 'place:kyiv-ua' })).rejects.toThrow('No answer to "entityCard"');
    expect(runtime.sendMessage).toHaveBeenCalledTimes(2);
    runtime.sendMessage.mockClear();
    await expect(sendToBackground('removePack', { id: 'world.leaders' })).rejects.toThrow('No answer to "removePack"');
    expect(runtime.sendMessage).toHaveBeenCalledTimes(1);
  });

  it('passes other errors on without asking again', async () => {
    runtime.sendMessage.mockRejectedValueOnce(new Error('Message length exceeded maximum allowed length.'));
    await expect(sendToBackground('annotate', { texts: ['Kyiv'] })).rejects.toThrow('Message length exceeded');
    expect(runtime.sendMessage).toHaveBeenCalledTimes(1);
  });
});

describe('handleTabRequests', () => {
  it('stops listening without throwing once the extension is gone', () => {
    const stop = handleTabRequests({ pageSummary: () => ({ url: '', scanned: false, entities: [] }) });
    runtime.onMessage.removeListener.mockImplementation(() => {
      throw new Error('Extension context invalidated.');
    });
    expect(stop).not.toThrow();
    expect(runtime.onMessage.removeListener).toHaveBeenCalledOnce();
  });
});
