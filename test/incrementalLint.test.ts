import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { allRules } from '../rules';
import { loadPythonParser, type PythonParser } from '../rules/engine/parser';
import { computeLineStarts } from '../rules/engine/sourceDocument';
import { ConfigResolver } from '../server/configuration/configResolver';
import { DocumentLinter } from '../server/documentLinter';
import { DocumentStore, type NotebookCellInput } from '../server/documentStore';
import { SettingsStore } from '../server/settings';

/**
 * The server lints each version from trees and analyses kept from the versions before (cells
 * the edit did not reach are not parsed again, their syntax index is reused): after every one
 * of a seeded series of random edits, its findings must be those of a fresh lint of the same
 * text. A focused regression test; scripts/fuzz.ts runs the broad version.
 */

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** What typing brings: code, brackets and quotes left open, new lines, cell separators, magic lines. */
const INSERTS = [
  'x',
  ' ',
  '\n',
  '(',
  ')',
  '"',
  ':',
  '\n    ',
  'mlflow.',
  'model = pipeline.fit(train)\n',
  '\n\n# COMMAND ----------\n\n',
  '\n# MAGIC %md\n# MAGIC notes\n',
  'from pyspark.ml.feature import VectorAssembler\n',
  'lr = LogisticRegression(featuresCol="features")\n',
  'with mlflow.start_run():\n    mlflow.log_metric("auc", 0.9)\n',
  '# noqa: MLT101\n',
  'é😀',
  // A lone CR ends a line as a line feed does (engine/parser), a comment's too.
  '\r',
  '# note\r',
];

interface Server {
  store: DocumentStore;
  linter: DocumentLinter;
}

function server(parser: PythonParser): Server {
  const store = new DocumentStore(parser);
  const settings = new SettingsStore({} as Connection, false);
  const linter = new DocumentLinter(store, settings, new ConfigResolver({ kind: 'isolated' }, () => {}), allRules, () => {});
  return { store, linter };
}

/** The same file name in another folder. */
function freshUri(uri: string): string {
  return uri.replace('/incremental/', '/fresh-copy/');
}

async function findingsOf({ linter }: Server, uri: string): Promise<string> {
  const linted = await linter.lint(uri);
  return JSON.stringify(linted?.findings ?? null, null, 1);
}

/** A random edit of `text`: a deletion of up to 12 characters and/or an insertion, at a random place. */
function randomEdit(random: () => number, text: string): { start: number; end: number; insert: string } {
  const start = Math.floor(random() * (text.length + 1));
  const end = random() < 0.4 ? Math.min(text.length, start + Math.floor(random() * 12)) : start;
  const insert = end > start && random() < 0.5 ? '' : INSERTS[Math.floor(random() * INSERTS.length)];
  return { start, end, insert };
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const starts = computeLineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line, character: offset - starts[line] };
}

function fixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '..', 'examples', name), 'utf8');
}

describe('incremental lint equals a fresh lint after every edit', function () {
  this.timeout(120_000);
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  const textDocuments: Array<{ name: string; text: () => string; edits: number }> = [
    { name: 'a Databricks export (cells in one text document)', text: () => fixture('01_spark_ml_pipelines.py') + fixture('03_mlflow_packaging.py').replace(/^# Databricks notebook source\n/, '\n# COMMAND ----------\n\n'), edits: 150 },
    { name: 'a plain module', text: () => fixture('02_distributed_training.py').replace(/^# Databricks notebook source\n/, '').replace(/^# (COMMAND|MAGIC).*$/gm, ''), edits: 120 },
    { name: 'another export', text: () => fixture('04_registry_lifecycle.py'), edits: 80 },
  ];

  for (const { name, text: initial, edits } of textDocuments) {
    it(`${name}: ${edits} seeded random edits`, async () => {
      const incremental = server(parser);
      const fresh = server(parser);
      const uri = 'file:///incremental/document.py';
      const random = seededRandom(name.length * 7919);
      let text = initial();
      let version = 1;
      incremental.store.open(uri, version, text);
      assert.ok(JSON.parse(await findingsOf(incremental, uri)).length > 0, 'the text starts with findings to keep');
      try {
        for (let i = 0; i < edits; i++) {
          const { start, end, insert } = randomEdit(random, text);
          const change: TextDocumentContentChangeEvent = { range: { start: positionOf(text, start), end: positionOf(text, end) }, text: insert };
          text = text.slice(0, start) + insert + text.slice(end);
          incremental.store.change(uri, ++version, [change]);
          // Not every version is linted (the server's debounce skips some): the kept state must not depend on it.
          if (random() < 0.25) continue;
          // Under another uri: the server keeps analyses per uri, and the fresh copy must not replace the tested one's.
          fresh.store.open(freshUri(uri), version, text);
          const expected = await findingsOf(fresh, freshUri(uri));
          fresh.store.close(freshUri(uri));
          assert.equal(incremental.store.get(uri)?.text, text);
          assert.equal(await findingsOf(incremental, uri), expected, `findings differ after edit ${i + 1} (${JSON.stringify({ start, end, insert })})`);
        }
      } finally {
        incremental.store.dispose();
        fresh.store.dispose();
      }
    });
  }

  it('an instance attribute read in one method and assigned in another: editing the assignment re-lints the reader', async () => {
    const incremental = server(parser);
    const fresh = server(parser);
    const uri = 'file:///incremental/trainer.py';
    const lines = [
      'import mlflow',
      'from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup',
      'from sklearn.linear_model import LinearRegression',
      'class Trainer:',
      '    def __init__(self, df):',
      '        self.fe = FeatureEngineeringClient()',
      '    def build(self):',
      '        self.training_set = self.fe.create_training_set(df=self.df, label="y", feature_lookups=[FeatureLookup(table_name="c.s.f", lookup_key="id")])',
      '        self.pdf = self.training_set.load_df().toPandas()',
      '    def train(self):',
      '        self.model = LinearRegression().fit(self.pdf[["x"]], self.pdf["y"])',
      '        mlflow.sklearn.log_model(self.model, "model")',
      '',
    ];
    let text = lines.join('\n');
    let version = 1;
    incremental.store.open(uri, version, text);
    try {
      const codes = async () => (JSON.parse(await findingsOf(incremental, uri)) as Array<{ ruleId: string }>).map((finding) => finding.ruleId);
      assert.deepEqual(await codes(), ['MLT504']);
      for (const [from, to] of [
        ['self.fe = FeatureEngineeringClient()', 'self.fe = make_client()'],
        ['self.fe = make_client()', 'self.fe = FeatureEngineeringClient()'],
        ['self.training_set = self.fe', 'self.other_set = self.fe'],
      ]) {
        const start = text.indexOf(from);
        const change: TextDocumentContentChangeEvent = { range: { start: positionOf(text, start), end: positionOf(text, start + from.length) }, text: to };
        text = text.slice(0, start) + to + text.slice(start + from.length);
        incremental.store.change(uri, ++version, [change]);
        fresh.store.open(freshUri(uri), version, text);
        const expected = await findingsOf(fresh, freshUri(uri));
        fresh.store.close(freshUri(uri));
        assert.equal(await findingsOf(incremental, uri), expected, `findings differ after ${from} -> ${to}`);
      }
      assert.deepEqual(await codes(), [], 'the training set is no longer the one loaded');
    } finally {
      incremental.store.dispose();
      fresh.store.dispose();
    }
  });

  it('a notebook document: 150 seeded random edits of its cells, cells added and removed', async () => {
    const incremental = server(parser);
    const fresh = server(parser);
    const uri = 'vscode-notebook:/incremental/notebook.ipynb';
    const random = seededRandom(4242);
    const source = fixture('01_spark_ml_pipelines.py') + fixture('05_feature_store.py');
    let next = 0;
    const cellUri = () => `vscode-notebook-cell:/incremental/notebook.ipynb#cell${next++}`;
    let cells: NotebookCellInput[] = source
      .split(/\n# COMMAND -+\n/)
      .map((text) => text.replace(/^# Databricks notebook source\n/, ''))
      .map((text) => (text.trimStart().startsWith('# MAGIC %md') ? { uri: cellUri(), kind: 'markdown' as const, text } : { uri: cellUri(), kind: 'code' as const, text }));
    let version = 1;
    incremental.store.openNotebook(uri, version, cells);
    assert.ok(JSON.parse(await findingsOf(incremental, uri)).length > 0, 'the notebook starts with findings to keep');
    try {
      for (let i = 0; i < 150; i++) {
        const roll = random();
        cells = cells.map((cell) => ({ ...cell }));
        if (roll < 0.05 && cells.length > 2) {
          cells.splice(Math.floor(random() * cells.length), 1);
        } else if (roll < 0.1) {
          cells.splice(Math.floor(random() * (cells.length + 1)), 0, { uri: cellUri(), kind: 'code', text: INSERTS[Math.floor(random() * INSERTS.length)] });
        } else {
          const cell = cells[Math.floor(random() * cells.length)];
          const { start, end, insert } = randomEdit(random, cell.text);
          cell.text = cell.text.slice(0, start) + insert + cell.text.slice(end);
        }
        incremental.store.changeNotebook(uri, ++version, cells);
        if (random() < 0.25) continue;
        fresh.store.openNotebook(freshUri(uri), version, cells);
        const expected = await findingsOf(fresh, freshUri(uri));
        fresh.store.close(freshUri(uri));
        assert.equal(await findingsOf(incremental, uri), expected, `findings differ after edit ${i + 1}`);
      }
    } finally {
      incremental.store.dispose();
      fresh.store.dispose();
    }
  });
});
