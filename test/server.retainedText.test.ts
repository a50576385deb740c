import * as assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { allRules } from '../rules';
import { loadPythonParser } from '../rules/engine/parser';
import { ConfigResolver } from '../server/configuration/configResolver';
import { DocumentLinter } from '../server/documentLinter';
import { DocumentStore } from '../server/documentStore';
import { SettingsStore } from '../server/settings';
import { garbageCollector } from './support/garbageCollector';

/**
 * While the user types, the server keeps each unchanged cell's tree and what was read from it
 * from one version to the next. What it keeps must not hold the text of the version the tree
 * was parsed in (V8 keeps a whole string alive behind any piece of 13 or more characters cut
 * from it): a tree's import signature did, so every cell with imports kept the version of its
 * last edit.
 */

const IMPORTING_CELLS = 20;

/**
 * Collects after letting the event loop run what earlier tests of the process may have left
 * queued (timers, finalizers), and more than once. Measured right after one collection, a full
 * `npm test` run once read 5.5 MB here, while other full runs, and this test alone, stayed under
 * the bound. Versions kept alive stay alive through any number of collections: the check is as
 * strict as before.
 */
async function settled(gc: () => void): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
}
const FILLER_CELLS = 500;

describe('server: texts kept between versions', () => {
  it('keeps no earlier version of a notebook alive through the cells it did not reparse', async () => {
    const gc = garbageCollector();
    const store = new DocumentStore(await loadPythonParser());
    const linter = new DocumentLinter(store, new SettingsStore({} as Connection, false), new ConfigResolver({ kind: 'isolated' }, () => {}), allRules, () => {});
    const uri = 'file:///kept/notebook.py';
    const importing = Array.from({ length: IMPORTING_CELLS }, (_, cell) => `from mlflow.models.signature import infer_signature as infer_${cell}\nregistered_model_name = "churn"\n`);
    // Markdown cells make the text large without making the lint slow (they are not parsed).
    const filler = Array.from({ length: FILLER_CELLS }, (_, cell) => `# MAGIC %md\n${`# MAGIC Notes on the rows of batch ${cell}, kept for the report.\n`.repeat(8)}`);
    const text = ['# Databricks notebook source\n', ...importing, ...filler].join('# COMMAND ----------\n');
    let version = 1;
    store.open(uri, version, text);
    await linter.lint(uri);
    await settled(gc);
    const before = process.memoryUsage().heapUsed;
    // One edit in each importing cell, top to bottom: each such cell's tree is then from another version.
    let current = text;
    for (let cell = 0; cell < IMPORTING_CELLS; cell++) {
      const line = current.split('\n').findIndex((candidate) => candidate.endsWith(`infer_${cell}`));
      const character = current.split('\n')[line].length;
      store.change(uri, ++version, [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }]);
      current = store.get(uri)!.text;
      await linter.lint(uri);
    }
    await settled(gc);
    const grown = process.memoryUsage().heapUsed - before;
    // Kept versions would be 20 x ~260 KB. The server's caches of the last few texts (line
    // starts, point finders) keep two or three versions by design: about 1.3 MB here.
    assert.ok(grown < (IMPORTING_CELLS * text.length) / 2, `heap grew ${(grown / 1e6).toFixed(1)} MB over ${IMPORTING_CELLS} versions of a ${(text.length / 1e3).toFixed(0)} KB text`);
  });
});
