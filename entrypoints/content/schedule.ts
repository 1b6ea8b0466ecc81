/**
 * When the content script's long work runs. Reading a long page and marking it are split into slices of at
 * most `SLICE_MS`; between two slices the page gets the main thread back (input, rendering, its own
 * scripts). What the reader can see is done in slices that follow each other as soon as the page lets
 * them (`soon`); the rest runs when the page is idle (`idle`, requestIdleCallback), so a long page is
 * marked without ever holding the main thread for a long task.
 */

/** The longest a slice of reading or marking may take, in ms: well under the 50 ms of a long task. */
export const SLICE_MS = 8;
/**
 * The longest an idle slice may take (ms), when the idle period is that long: fewer, larger idle slices
 * mean fewer frames in which the browser lays out and paints the newly marked paragraphs again.
 */
export const IDLE_SLICE_MS = 16;
/** An idle slice runs after this long even if the page never goes idle (ms). */
export const IDLE_TIMEOUT_MS = 1_000;

export interface WorkScheduler {
  /** A clock in ms. */
  now(): number;
  /** Run in a new task, as soon as the page has had its turn (input and rendering first). */
  soon(run: () => void): void;
  /** Run when the page is idle; `budget` is how long the slice may take (ms). */
  idle(run: (budget: number) => void): void;
  /**
   * Run once the page has been rendered (after its next frame). Reading styles and boxes before then makes
   * the reader's task do the page's first style and layout pass: 100+ ms on a page of 200,000 nodes.
   */
  rendered?(run: () => void): void;
}

/** A frame may be late on a huge page; the scan does not wait longer than this for one (ms). */
export const RENDER_WAIT_MS = 1_000;

interface TaskScheduler {
  postTask(callback: () => void, options?: { priority?: 'user-blocking' | 'user-visible' | 'background' }): Promise<unknown>;
}

type SchedulingWindow = Window &
  typeof globalThis & {
    scheduler?: TaskScheduler;
    requestIdleCallback?: (callback: (deadline: { didTimeout: boolean; timeRemaining(): number }) => void, options?: { timeout: number }) => number;
  };

/** The browser's primitives: scheduler.postTask (or a timer) for `soon`, requestIdleCallback (or a timer) for `idle`. */
export function browserScheduler(): WorkScheduler {
  const scope = globalThis as SchedulingWindow;
  return {
    now: () => performance.now(),
    // A task of its own; without scheduler.postTask (Firefox before 142), a timer.
    soon: (run) => {
      // (A slice that throws rejects the task's promise: the browser reports it as an uncaught rejection.)
      if (scope.scheduler?.postTask) void scope.scheduler.postTask(run, { priority: 'user-visible' });
      else setTimeout(run, 0);
    },
    rendered: (run) => {
      // A tab in the background renders no frame (and nobody waits on it): read at once.
      if (document.visibilityState === 'hidden') {
        setTimeout(run, 0);
        return;
      }
      let done = false;
      const once = () => {
        if (done) return;
        done = true;
        run();
      };
      // After the frame's rendering steps (a task queued from requestAnimationFrame runs after the paint).
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(once, 0)));
      setTimeout(once, RENDER_WAIT_MS);
    },
    idle: (run) => {
      if (!scope.requestIdleCallback) setTimeout(run, 1, SLICE_MS);
      else
        scope.requestIdleCallback(
          // At least a sliver each time; after the timeout (a page never idle) a whole slice, so it is still marked.
          (deadline) => run(deadline.didTimeout ? SLICE_MS : Math.min(IDLE_SLICE_MS, Math.max(1, deadline.timeRemaining()))),
          { timeout: IDLE_TIMEOUT_MS },
        );
    },
  };
}
