/**
 * One trap a practice notebook holds on purpose. Each notebook in examples/ has a file
 * test/examples/<notebook>.expected.ts (<notebook>.ipynb.expected.ts for a `.ipynb`) listing
 * its traps, written from reading the notebook.
 */
export interface ExpectedTrap {
  rule: string;
  /** In a `.ipynb`: the cell, 1-based and counting every cell (markdown too), as the CLI prints it. */
  cell?: number;
  /** 1-based line of the finding's start: in the file, or in the cell of a `.ipynb`. */
  line: number;
  /** What the learner did wrong, for the reader of the test. */
  why: string;
}
