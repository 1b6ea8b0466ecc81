/**
 * Keys typed in a Backstory card must not reach the page's own listeners. Stopping them at the card's shadow
 * root is too late for the page's capture-phase listeners (on window and document, they run first), so the
 * content script (entrypoints/content/index.ts) runs at document_start and registers the very first capture
 * listeners on the window, before any page script runs. It asks the popover (through the function it sets
 * here, in the content script's own world: the page cannot see it) whether the event comes from a card,
 * and if so stops it there: no page listener runs, while the browser's default actions (Tab, Enter on a
 * button, copying) still happen. The card's own key handling (Escape) is done by that function.
 */

/** The events typed or pasted into a card that the page must not hear. */
export const CARD_ONLY_EVENTS = ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'copy', 'cut', 'paste'] as const;

/** Decides for the guard: true when the event comes from a card (and was handled). */
export type CardEventGuard = (event: Event) => boolean;

/** Set by the popover once it exists (the guard is installed before the page is parsed, the popover after). */
let guard: CardEventGuard | undefined;

/** At document_start: the first capture listeners on the window, asking the popover's guard. */
export function installCardKeyGuard(view: Window): void {
  for (const type of CARD_ONLY_EVENTS) {
    view.addEventListener(
      type,
      (event) => {
        if (guard?.(event)) event.stopImmediatePropagation();
      },
      { capture: true },
    );
  }
}

/** The popover: decide (and handle) for the guard; returns a function that removes it. */
export function setCardEventGuard(decide: CardEventGuard): () => void {
  guard = decide;
  return () => {
    if (guard === decide) guard = undefined;
  };
}
