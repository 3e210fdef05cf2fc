/**
 * What the generator reports while it works (phases and counted items), and the silent
 * default. Drawing it on a terminal is the CLI's job: cli/progress.ts.
 */

export interface Progress {
  /** A new phase, with a total when it is counted (`checking tools 0/1000`). */
  phase(label: string, total?: number): void;
  /** One more item of the current phase done. */
  tick(): void;
  /** Clear the line; the run is over. */
  done(): void;
}

export const silentProgress: Progress = { phase() {}, tick() {}, done() {} };
