/**
 * Notices promptly that the extension was reloaded, updated or removed while this page stays open.
 *
 * Chrome does not re-inject content scripts into open tabs then, and it does not tell the old one either:
 * its `runtime.id` just becomes undefined and every extension call throws "Extension context invalidated".
 * WXT's `ctx` only finds out when something reads `ctx.isValid` (its timers do), so without this the old marks
 * and a pinned card would stay on the page until the next hover, and a focus on a mark or Alt+Shift+B before
 * that would throw on the page.
 *
 * Two cheap checks read `ctx.isValid` (a property read: no message, so a stopped service worker is never
 * woken; a port to it would wake it, keep it alive, and disconnect on every idle stop as well as on a reload):
 * - a timer every `WATCH_MS`, which removes the marks within about a second of the reload;
 * - the reader's input, in the capture phase on the window: registered before Backstory's own listeners, it
 *   tears the page down before they run, and `ctx`'s abort signal then removes them from that very dispatch,
 *   so a hover, focus or shortcut in the second after a reload reaches no dead extension API.
 * Once invalid, `ctx` aborts: `BackstoryPage.teardown()` and everything tied to `ctx.signal` run, and the
 * checks remove themselves.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** How often an idle page checks (a hidden tab's timers are throttled: input and `visibilitychange` cover it). */
export const WATCH_MS = 1000;

/** The input that starts something which would call the extension: a card (hover, focus, tap) or the shortcut. */
export const INPUT_EVENTS: readonly string[] = ['pointerover', 'pointerdown', 'focusin', 'keydown'];

/** The part of `ctx` this needs (tests pass a stand-in). */
type Context = Pick<ContentScriptContext, 'isValid' | 'signal' | 'setInterval'>;

/** Watch for the end of this content script's extension context; call before BackstoryPage adds its listeners. */
export function watchExtensionLifecycle(ctx: Context, view: Window, intervalMs = WATCH_MS): void {
  // Reading the getter is the check: WXT aborts `ctx` when it finds no runtime id.
  const check = () => void ctx.isValid;
  if (!ctx.isValid) return;
  // ctx's own timer reads `isValid` at each tick, and stops with the context.
  ctx.setInterval(check, intervalMs);
  const options = { capture: true, passive: true, signal: ctx.signal };
  for (const type of INPUT_EVENTS) view.addEventListener(type, check, options);
  // The tab coming back to the front after a long throttled stay in the background.
  view.document.addEventListener('visibilitychange', check, options);
}
