/**
 * The last guard between pack text and the interface. Validation already refuses bidi controls and caps
 * every length (docs/pack-format.md, "Hostile text"); this bounds what reaches the screen even if text
 * got past it (a knowledge base written by an older, laxer build; a bug), at the cost of one regex test.
 */

/** Every pack text field is at most this long after validation (descriptions, the longest, 1000). */
export const MAX_DISPLAY_LENGTH = 1000;

/** Bidi embeddings, overrides and isolates: they could flip the text after them inside the string. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` without bidi controls, cut to at most `max` UTF-16 units (then ending with "…", never
 * splitting a surrogate pair). Text that passed validation comes back unchanged.
 */
export function displayText(text: string, max = MAX_DISPLAY_LENGTH): string {
  BIDI_CONTROLS.lastIndex = 0;
  const clean = BIDI_CONTROLS.test(text) ? text.replace(BIDI_CONTROLS, '') : text;
  if (clean.length <= max) return clean;
  let end = Math.max(0, max - 1);
  const last = clean.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${clean.slice(0, end)}…`;
}
