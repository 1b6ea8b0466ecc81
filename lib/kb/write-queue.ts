/**
 * Every write to one knowledge base (install, enable, remove, a matcher index rebuild) runs after the
 * previous one has finished, so each checks against what the previous wrote, and each is one readwrite
 * transaction. Reads never wait: each sees one committed state.
 */
import type { KnowledgeBase } from './db';
import { bumpGeneration } from './entity-store';

const queues = new WeakMap<KnowledgeBase, Promise<unknown>>();

export function queueWrite<T>(kb: KnowledgeBase, write: () => Promise<T>): Promise<T> {
  const previous = queues.get(kb) ?? Promise.resolve();
  const run = previous.then(write);
  queues.set(kb, run.catch(() => undefined));
  return run;
}

export type WriteTransaction = ReturnType<typeof openWrite>;
function openWrite(kb: KnowledgeBase) {
  return kb.transaction(['packs', 'chunks', 'directory', 'compiled', 'meta'], 'readwrite');
}

/**
 * One readwrite transaction over every store: `body` queues its requests through `track` and may await
 * IndexedDB requests only. It commits whole or not at all: any error aborts it explicitly, because a
 * synchronous throw (DataCloneError, QuotaExceededError from `put`) would otherwise let the requests
 * already queued commit when the transaction goes idle. Rejects with that error.
 */
export async function writeAtomically(
  kb: KnowledgeBase,
  body: (tx: WriteTransaction, track: (request: Promise<unknown>) => void) => Promise<void> | void,
): Promise<void> {
  // Readers started before the write and finishing after it read again (entity-store.ts).
  bumpGeneration(kb);
  const tx = openWrite(kb);
  const done = tx.done;
  done.catch(() => undefined); // awaited below; this only stops an early abort from counting as unhandled
  const pending: Promise<unknown>[] = [];
  const track = (request: Promise<unknown>) => {
    request.catch(() => undefined);
    pending.push(request);
  };
  try {
    await body(tx, track);
    await Promise.all(pending);
    await done;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failing request, or already finished.
    }
    await done.catch(() => undefined);
    throw error;
  } finally {
    bumpGeneration(kb);
  }
}

/** "QuotaExceededError: The quota has been exceeded." for a DOMException, the message otherwise. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
