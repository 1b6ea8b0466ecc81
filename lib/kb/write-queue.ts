/**
 * Every write to one knowledge base (install, enable, remove) runs after the previous one has finished,
 * so each checks against what the previous wrote. Reads never wait: each sees one committed state.
 */
import type { KnowledgeBase } from './db';

const queues = new WeakMap<KnowledgeBase, Promise<unknown>>();

export function queueWrite<T>(kb: KnowledgeBase, write: () => Promise<T>): Promise<T> {
  const previous = queues.get(kb) ?? Promise.resolve();
  const run = previous.then(write);
  queues.set(kb, run.catch(() => undefined));
  return run;
}

/** "QuotaExceededError: The quota has been exceeded." for a DOMException, the message otherwise. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
