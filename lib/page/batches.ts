/**
 * Splits a page's texts into a few `annotate` requests: one message per text would flood the
 * background, one message for a huge page would stall it and may exceed message size limits.
 */
export interface BatchLimits {
  maxTexts: number;
  maxChars: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxTexts: 500, maxChars: 100_000 };

/** Consecutive index ranges [start, end) covering every text; a text longer than maxChars gets a batch of its own. */
export function batchRanges(lengths: readonly number[], limits: BatchLimits = DEFAULT_BATCH_LIMITS): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let chars = 0;
  lengths.forEach((length, index) => {
    const count = index - start;
    if (count > 0 && (count >= limits.maxTexts || chars + length > limits.maxChars)) {
      ranges.push([start, index]);
      start = index;
      chars = 0;
    }
    chars += length;
  });
  if (start < lengths.length) ranges.push([start, lengths.length]);
  return ranges;
}
