/**
 * The shape every benchmark section shares. A section (`matcher.ts`, `matcher-build.ts`; later the page
 * annotation in Chromium, hover latency, install/apply, bundle sizes) is a module exporting a
 * `BenchSection`; `index.ts` runs the sections it is given, prints their rows as one table and writes
 * them to `out/bench/bench.json`. A section measures; it does not print tables or write files.
 */

/** One figure of the table: a value measured several times. */
export interface BenchRow {
  /** Stable id, the key to compare runs by ("matcher.throughput.generated"). */
  id: string;
  /** What was measured, as the table says it. */
  name: string;
  /** Unit of the samples ("MB/s", "ms", "MB", "×"). */
  unit: string;
  /** One value per run; the table shows their median and spread (min–max). */
  samples: number[];
  /**
   * A peer measured side by side in the same run, computing the same thing: `ratio` is how many times
   * better this row's subject did than the peer (above 1: better; the median of the per-run ratios in
   * `samples`), `values` the peer's own figures in the row's unit.
   */
  peer?: { name: string; ratio: number; samples: number[]; values: number[] };
  /** The budget, as text ("≥ 20× the regex peer"), and whether the median meets it. */
  budget?: { text: string; met: boolean };
  /** A short remark printed under the table (what was run on, whether outputs matched). */
  note?: string;
}

export interface BenchContext {
  /** Progress output (stderr), so stdout holds only the table. */
  log(message: string): void;
  /** Smaller inputs and fewer runs, to try a section out; the figures are not the ones to publish. */
  quick: boolean;
}

export interface BenchSectionResult {
  rows: BenchRow[];
  /** Remarks on the section as a whole (inputs, methods), printed and kept in the JSON. */
  notes: string[];
  /** Failed correctness checks (a peer's output differs): printed, and the command exits with 1. */
  problems?: string[];
}

export interface BenchSection {
  /** Short id, used by `--only` and in the JSON ("matcher"). */
  id: string;
  /** Heading of the section's rows. */
  title: string;
  run(context: BenchContext): Promise<BenchSectionResult>;
}
