import * as assert from 'node:assert/strict';
import { ReadSet } from '../../rules/engine/reads';
import { testLinter } from '../support/linter';
import { garbageCollector } from '../support/garbageCollector';

/**
 * What the engine remembers from one text to the next (the trigger words of each cell, the
 * reading of each export cell) must not keep the texts themselves alive. V8 makes a piece of 13
 * or more characters cut from a string a view into it: a remembered trigger word or `%run`
 * target cut from a document kept every version of that document, about 19 KB a keystroke while
 * typing in a 2,000-line notebook, until the memo's character bound was reached (4 M characters
 * of cells: thousands of versions).
 */

const FILLER_CELLS = 500;

/** A Databricks export of about 200 KB whose first two cells (a `%run` with a long target, a long trigger word) change with `version`. */
function exportVersion(version: number): string {
  // Markdown cells: read by the layout and the trigger scan, never parsed (the test stays quick).
  const filler = Array.from({ length: FILLER_CELLS }, (_, cell) => `# MAGIC %md\n${`# MAGIC Notes on the rows of batch ${cell}, kept for the report.\n`.repeat(8)}`);
  return [
    '# Databricks notebook source\n',
    `# MAGIC %run ./includes/shared_setup_notebook $run=${version}\n`,
    `mlflow.sklearn.log_model(model, "model", registered_model_name="churn_${version}")\n`,
    ...filler,
  ].join('# COMMAND ----------\n');
}

describe('texts the engine remembers from', () => {
  it('does not keep earlier versions of a document alive', async () => {
    const gc = garbageCollector();
    const linter = await testLinter();
    const size = exportVersion(0).length;
    // Warm up: the rules' code, the parser's memory and the memos' first entries.
    for (let version = 0; version < 5; version++) linter.lintText('file:///nb.py', exportVersion(version));
    gc();
    const before = process.memoryUsage().heapUsed;
    const versions = 30;
    for (let version = 5; version < 5 + versions; version++) linter.lintText('file:///nb.py', exportVersion(version));
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Kept versions would be 30 x ~200 KB; the memos' own entries (the changed cells' texts) are a few KB each.
    assert.ok(grown < (versions * size) / 4, `heap grew ${(grown / 1e6).toFixed(1)} MB over ${versions} versions of a ${(size / 1e3).toFixed(0)} KB text`);
  });

  it('keeps no text alive behind the names a rule read, which the server keeps across keystrokes', () => {
    const gc = garbageCollector();
    const size = exportVersion(0).length;
    gc();
    const before = process.memoryUsage().heapUsed;
    const versions = 30;
    const kept: ReadSet[] = [];
    for (let version = 0; version < versions; version++) {
      const text = exportVersion(version);
      // Each name is 13 characters or more, cut from the text as a node's text is.
      const name = (word: string) => text.slice(text.indexOf(word), text.indexOf(word) + word.length);
      const reads = new ReadSet();
      reads.addWord(name('registered_model_name'));
      reads.addBoundName(name('registered_model_name'));
      reads.addModuleBoundName(name('registered_model_name'));
      reads.addText(name('shared_setup_notebook'));
      reads.addImportedName(name('shared_setup_notebook'));
      reads.addCalleeName(name(`churn_${version}")`));
      kept.push(reads);
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    assert.equal(kept.length, versions);
    assert.ok(grown < (versions * size) / 4, `heap grew ${(grown / 1e6).toFixed(1)} MB over ${versions} versions of a ${(size / 1e3).toFixed(0)} KB text`);
  });
});
