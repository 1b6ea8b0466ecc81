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

/** Ask the background. Rejects with the background's error message when the handler failed. */
export async function sendToBackground<K extends keyof BackgroundRequests>(
  type: K,
  payload: RequestOf<BackgroundRequests, K>,
): Promise<ResponseOf<BackgroundRequests, K>> {
  const envelope: Envelope<BackgroundRequests, K> = { backstory: 1, type, payload };
  const reply = (await browser.runtime.sendMessage(envelope)) as Reply<ResponseOf<BackgroundRequests, K>> | undefined;
  return unwrap(reply, String(type));
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
  const listener = (message: unknown, sender: { tab?: { id?: number }; url?: string }) => {
    if (!isEnvelope(message)) return undefined;
    const handler = handlers[message.type as keyof M];
    if (!handler) return undefined;
    const context = { tabId: sender.tab?.id, url: sender.url };
    // Returning a promise keeps the channel open (webextension-polyfill semantics).
    return Promise.resolve()
      .then(() => handler(message.payload as never, context))
      .then(
        (value): Reply<unknown> => ({ ok: true, value }),
        (error: unknown): Reply<unknown> => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  };
  browser.runtime.onMessage.addListener(listener as never);
  return () => browser.runtime.onMessage.removeListener(listener as never);
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
