/**
 * One trap a practice notebook holds on purpose. Each notebook in examples/ has a file
 * test/examples/<notebook>.expected.ts listing its traps, written from reading the notebook.
 */
export interface ExpectedTrap {
  rule: string;
  /** 1-based line of the finding's start. */
  line: number;
  /** What the learner did wrong, for the reader of the test. */
  why: string;
}
