/**
 * The typed transport for `lib/messages.ts`. This file is the only caller of `sendMessage` and
 * the only place that registers `onMessage` listeners for the contract.
 */
import { browser } from 'wxt/browser';
import {
  IMPORT_PORT,
  type BackgroundRequests,
  type Envelope,
  type ImportPhase,
  type ImportPortMessage,
  type ImportRequest,
  type ImportResult,
  type Reply,
  type RequestOf,
  type ResponseOf,
  type TabRequests,
} from '@/lib/messages';

type Handlers<M> = {
  [K in keyof M]?: (payload: RequestOf<M, K>, sender: { tabId?: number; url?: string }) => Promise<ResponseOf<M, K>> | ResponseOf<M, K>;
};

function isEnvelope(message: unknown): message is Envelope<unknown, never> {
  return typeof message === 'object' && message !== null && (message as { backstory?: unknown }).backstory === 1;
}

function unwrap<T>(reply: Reply<T> | undefined, type: string): T {
  if (!reply) throw new Error(`No answer to "${type}"`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/**
 * True while this context's extension is loaded. A content script left in an open page after the extension
 * was reloaded, updated or removed keeps running, but its `runtime.id` is gone and every call throws
 * "Extension context invalidated".
 */
export function extensionAlive(): boolean {
  try {
    return browser.runtime?.id != null;
  } catch {
    return false;
  }
}

/**
 * What a request answers once the extension is gone: nothing, ever. The page is being torn down
 * (entrypoints/content/lifecycle.ts), so no caller should show an error or log one; a rejection would.
 */
function gone<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

/** Requests that only read (or report a count): sent again once when the service worker died before answering. */
const RESENDABLE: ReadonlySet<keyof BackgroundRequests> = new Set<keyof BackgroundRequests>([
  'annotate',
  'entityCard',
  'figureCard',
  'timeline',
  'knowledgeStatus',
  'listPacks',
  'syncStatus',
  'pageStats',
]);

/**
 * Chromium's words when the service worker went away with the request (stopped or crashed mid-answer).
 * webextension-polyfill turns the first into an `undefined` answer, the others into rejections.
 */
const LOST = /message port closed before a response|message channel closed before a response|Receiving end does not exist/i;

/**
 * Ask the background. Rejects with the background's error message when the handler failed. A stopped service
 * worker is started by the request itself; one that stops while answering a read is asked once more. Once the
 * extension is gone (reloaded, updated), never settles.
 */
export async function sendToBackground<K extends keyof BackgroundRequests>(
  type: K,
  payload: RequestOf<BackgroundRequests, K>,
): Promise<ResponseOf<BackgroundRequests, K>> {
  const envelope: Envelope<BackgroundRequests, K> = { backstory: 1, type, payload };
  for (let attempt = 1; ; attempt++) {
    if (!extensionAlive()) return gone();
    const retry = attempt === 1 && RESENDABLE.has(type);
    let reply: Reply<ResponseOf<BackgroundRequests, K>> | undefined;
    try {
      reply = (await browser.runtime.sendMessage(envelope)) as Reply<ResponseOf<BackgroundRequests, K>> | undefined;
    } catch (error) {
      if (!extensionAlive()) return gone();
      if (retry && LOST.test(error instanceof Error ? error.message : String(error))) continue;
      throw error;
    }
    // No answer: the worker stopped, or the extension was reloaded, while the request was under way.
    if (reply === undefined && !extensionAlive()) return gone();
    if (reply === undefined && retry) continue;
    return unwrap(reply, String(type));
  }
}

/** Ask the content script of one tab (its top frame). */
export async function sendToTab<K extends keyof TabRequests>(
  tabId: number,
  type: K,
  payload: RequestOf<TabRequests, K>,
): Promise<ResponseOf<TabRequests, K>> {
  const envelope: Envelope<TabRequests, K> = { backstory: 1, type, payload };
  const reply = (await browser.tabs.sendMessage(tabId, envelope, { frameId: 0 })) as
    | Reply<ResponseOf<TabRequests, K>>
    | undefined;
  return unwrap(reply, String(type));
}

function listen<M>(handlers: Handlers<M>): () => void {
  const listener = (message: unknown, sender: { tab?: { id?: number }; url?: string }, sendResponse: (reply: Reply<unknown>) => void) => {
    if (!isEnvelope(message)) return undefined;
    const handler = handlers[message.type as keyof M];
    if (!handler) return undefined;
    const context = { tabId: sender.tab?.id, url: sender.url };
    void Promise.resolve()
      .then(() => handler(message.payload as never, context))
      .then(
        (value): Reply<unknown> => ({ ok: true, value }),
        (error: unknown): Reply<unknown> => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      )
      .then(sendResponse);
    // sendResponse and `true` (the channel stays open): the browsers' own API and webextension-polyfill both
    // understand it, and the content script runs without the polyfill (wxt.config.ts).
    return true;
  };
  browser.runtime.onMessage.addListener(listener as never);
  return () => {
    try {
      browser.runtime.onMessage.removeListener(listener as never);
    } catch {
      // The extension is gone (reloaded, updated): the listener went with it, and a throw here would reach the page.
    }
  };
}

/** Register the background's handlers. */
export function handleBackgroundRequests(handlers: Handlers<BackgroundRequests>): () => void {
  return listen(handlers);
}

/** Register a content script's handlers. */
export function handleTabRequests(handlers: Handlers<TabRequests>): () => void {
  return listen(handlers);
}

/**
 * Import a pack file over a port, so the background can report each phase while it checks and writes.
 * Resolves with the one result; rejects when the background goes away before answering.
 */
export function importPackWithProgress(request: ImportRequest, onPhase: (phase: ImportPhase) => void): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const port = browser.runtime.connect({ name: IMPORT_PORT });
    let settled = false;
    port.onMessage.addListener((message: unknown) => {
      const answer = message as ImportPortMessage;
      if (answer.type === 'progress') onPhase(answer.phase);
      else if (answer.type === 'result') {
        settled = true;
        resolve(answer.result);
        port.disconnect();
      }
    });
    port.onDisconnect.addListener(() => {
      if (!settled) reject(new Error('The background stopped before the import finished; nothing was changed.'));
    });
    port.postMessage(request);
  });
}

/** Serve imports on the IMPORT_PORT (background only): `run` reports phases and returns the result. */
export function handleImportPort(run: (request: ImportRequest, onPhase: (phase: ImportPhase) => void) => Promise<ImportResult>): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== IMPORT_PORT) return;
    let open = true;
    port.onDisconnect.addListener(() => {
      open = false;
    });
    const post = (message: ImportPortMessage) => {
      if (open) port.postMessage(message);
    };
    port.onMessage.addListener((message: unknown) => {
      run(message as ImportRequest, (phase) => post({ type: 'progress', phase })).then(
        (result) => post({ type: 'result', result }),
        (error: unknown) => post({ type: 'result', result: { ok: false, errors: [error instanceof Error ? error.message : String(error)] } }),
      );
    });
  });
}
