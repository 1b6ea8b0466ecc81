/**
 * Converting UTF-16 offsets (what JavaScript strings and the matcher use) into Unicode code point
 * offsets (what Python's str indexes and the evaluation gold files use). They differ only after a
 * character outside the Basic Multilingual Plane, such as an emoji.
 */

/** Returns a function mapping a UTF-16 offset of `text` to its code point offset; offsets must not decrease between calls. */
export function codePointOffsets(text: string): (utf16Offset: number) => number {
  let unit = 0;
  let point = 0;
  return (offset) => {
    if (offset < unit) throw new RangeError('offsets must be asked for in increasing order');
    while (unit < offset) {
      const code = text.charCodeAt(unit);
      // A high surrogate followed by a low one is one code point spanning two units.
      unit += code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length ? 2 : 1;
      point += 1;
    }
    return point;
  };
}
