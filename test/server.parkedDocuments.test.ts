import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPythonParser, type PythonParser } from '../rules/engine/parser';
import { DOCUMENTS_KEEPING_ANALYSIS } from '../server/semanticModels';
import { serverLinter } from './support/serverLinter';

/**
 * The server keeps parse trees only for the documents linted last: the others are parked (their
 * trees deleted, their text kept) and parsed again in full when they are linted, hovered or
 * edited next. Whatever happens to a parked document, its findings are those of a fresh lint.
 */
describe('server: documents not used lately are parked', () => {
  const examples = path.join(__dirname, '..', 'examples');
  const texts = fs.readdirSync(examples).filter((name) => name.endsWith('.py')).sort().map((name) => fs.readFileSync(path.join(examples, name), 'utf8'));
  const count = DOCUMENTS_KEEPING_ANALYSIS + 3;
  const uriOf = (index: number) => `file:///parked/${index}.py`;
  let parser: PythonParser;

  before(async () => {
    parser = await loadPythonParser();
  });

  async function freshFindings(uri: string, text: string) {
    const fresh = serverLinter(parser);
    const freshUri = uri.replace('/parked/', '/fresh/');
    fresh.store.open(freshUri, 1, text);
    const linted = await fresh.linter.lint(freshUri);
    fresh.store.dispose();
    return linted?.findings;
  }

  it('keeps the trees of the documents linted last only, and lints a parked one as a fresh one', async () => {
    const { store, linter } = serverLinter(parser);
    const findings = [];
    for (let index = 0; index < count; index++) {
      store.open(uriOf(index), 1, texts[index % texts.length]);
      findings.push((await linter.lint(uriOf(index)))?.findings);
    }
    assert.ok(findings.some((found) => (found?.length ?? 0) > 0), 'the examples have findings');
    for (let index = 0; index < count; index++) {
      const stored = store.get(uriOf(index))!;
      const parked = index < count - DOCUMENTS_KEEPING_ANALYSIS;
      assert.equal(stored.parked, parked ? true : undefined, `document ${index}`);
      assert.equal(stored.source === undefined, parked, `document ${index}`);
    }

    // Linted again (a hover, a code action): parsed again, same findings; the least recent kept one is parked instead.
    const again = await linter.lint(uriOf(0));
    assert.deepEqual(again?.findings, findings[0]);
    assert.ok(again?.source, 'the linted result has its source');
    assert.equal(store.get(uriOf(0))!.parked, undefined);
    assert.equal(store.get(uriOf(count - DOCUMENTS_KEEPING_ANALYSIS))!.parked, true);
    // Asked again with nothing changed: the same result, not another parse.
    assert.equal(await linter.lint(uriOf(0)), again);

    // Edited while parked: the edit applies to the kept text, and the findings are a fresh lint's.
    store.change(uriOf(1), 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'edited = 1\n' }]);
    const edited = await linter.lint(uriOf(1));
    assert.equal(store.get(uriOf(1))!.text, `edited = 1\n${texts[1 % texts.length]}`);
    assert.deepEqual(edited?.findings, await freshFindings(uriOf(1), store.get(uriOf(1))!.text));

    // A `%run` target changed (refresh) or the document closed while parked.
    assert.equal(store.get(uriOf(2))!.parked, true);
    assert.equal(store.refresh(uriOf(2))!.parked, true, 'refreshed when next activated');
    assert.deepEqual((await linter.lint(uriOf(2)))?.findings, findings[2]);
    const parkedNow = [...Array(count).keys()].find((index) => store.get(uriOf(index))!.parked)!;
    store.close(uriOf(parkedNow));
    assert.equal(store.get(uriOf(parkedNow)), undefined);
    store.dispose();
  });

  it('parks a notebook document and lints it again cell by cell as before', async () => {
    const { store, linter } = serverLinter(parser);
    const notebookUri = 'file:///parked/notebook.ipynb';
    const cells = [
      { uri: `${notebookUri}#cell0`, kind: 'code' as const, text: 'import mlflow; mlflow.autolog()\nfrom pyspark.ml.classification import LogisticRegression\ndf = spark.table("main.ml.churn")' },
      { uri: `${notebookUri}#cell1`, kind: 'markdown' as const, text: '# Train' },
      { uri: `${notebookUri}#cell2`, kind: 'code' as const, text: 'train_df, test_df = df.randomSplit([0.8, 0.2])\nmodel = LogisticRegression().fit(train_df)' },
    ];
    store.openNotebook(notebookUri, 1, cells);
    const before = (await linter.lint(notebookUri))?.findings;
    assert.ok((before?.length ?? 0) > 0, 'the notebook has findings');
    for (let index = 0; index < DOCUMENTS_KEEPING_ANALYSIS; index++) {
      store.open(uriOf(index), 1, texts[index % texts.length]);
      await linter.lint(uriOf(index));
    }
    assert.equal(store.get(notebookUri)!.parked, true);
    assert.deepEqual(store.locate(cells[2].uri), { document: store.get(notebookUri), cell: 2 });
    assert.deepEqual((await linter.lint(notebookUri))?.findings, before);
    store.changeNotebook(notebookUri, 2, [cells[0], cells[1], { ...cells[2], text: 'train_df, test_df = df.randomSplit([0.8, 0.2], seed=42)\nmodel = LogisticRegression().fit(train_df)' }]);
    assert.deepEqual((await linter.lint(notebookUri))?.findings, []);
    store.dispose();
  });

  it('reads the `%run` target as it is now when a parked notebook that runs it is used again', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-parked-'));
    try {
      const target = pathToFileURL(path.join(folder, 'setup.py')).href;
      const notebook = pathToFileURL(path.join(folder, 'train.py')).href;
      const { store, linter } = serverLinter(parser, { readsTargets: true });
      store.open(target, 1, '# Databricks notebook source\nfirst_setup = 1\n');
      store.open(notebook, 1, '# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\ny = 2\n');
      await linter.lint(notebook);
      for (let index = 0; index < DOCUMENTS_KEEPING_ANALYSIS; index++) {
        store.open(uriOf(index), 1, texts[index % texts.length]);
        await linter.lint(uriOf(index));
      }
      assert.equal(store.get(notebook)!.parked, true);
      store.change(target, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, text: 'second' }]);
      assert.deepEqual(store.dependentsOf(target).map((document) => document.uri), [notebook]);
      assert.equal(store.refresh(notebook)!.parked, true);
      const linted = await linter.lint(notebook);
      assert.match(linted!.source!.program.text, /second_setup = 1/);
      assert.doesNotMatch(linted!.source!.program.text, /first_setup/);
      store.dispose();
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
