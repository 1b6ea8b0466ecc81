/** Which entities a figure is most likely about, for the comparisons on its card. */

interface Span {
  start: number;
  end: number;
}

/** Characters between two spans of one text (0 when they touch or overlap). */
function gap(a: Span, b: Span): number {
  if (a.end <= b.start) return b.start - a.end;
  if (b.end <= a.start) return a.start - b.end;
  return 0;
}

/**
 * The entity ids named in the figure's own block, nearest first (the earlier one on a tie: "Belgorod,
 * a city of 335,000" names its place before the number), then the rest of the page's, each once.
 */
export function nearbyEntityIds(figure: Span, blockMentions: ReadonlyArray<Span & { id: string }>, pageIds: readonly string[]): string[] {
  const near = [...blockMentions].sort((a, b) => gap(figure, a) - gap(figure, b) || a.start - b.start).map((m) => m.id);
  return [...new Set([...near, ...pageIds])];
}
