import * as assert from 'node:assert/strict';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { allRules } from '../../rules';
import { lintDocument } from '../../rules/engine/linter';
import { loadPythonParser, type PythonParser } from '../../rules/engine/parser';
import { FactCache, ReadSet, readWord, recordReads } from '../../rules/engine/reads';
import { CarriedFacts } from '../../rules/engine/carriedFacts';
import { type LintedVersion, reuseBetween } from '../../rules/engine/ruleReuse';
import type { SourceDocument } from '../../rules/engine/sourceDocument';
import type { Finding, Rule } from '../../rules/engine/types';
import { DocumentStore } from '../../server/documentStore';
import { notebook, seededRandom } from '../../scripts/benchNotebooks';

/**
 * Between two versions of a document the server keeps the findings of every rule whose
 * recorded reads (engine/reads) the edit did not touch. Kept findings must be exactly what
 * running the rule gives, moved with the text; and an edit must keep something, or the
 * machinery only costs.
 */

const PIPELINE_CELL = [
  'from pyspark.ml import Pipeline',
  'from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler',
  'from pyspark.ml.classification import LogisticRegression',
  'indexer = StringIndexer(inputCol="plan", outputCol="plan_index")',
  'encoder = OneHotEncoder(inputCols=["plan_index"], outputCols=["plan_vec"])',
  'assembler = VectorAssembler(inputCols=["plan_vec"], outputCol="features")',
  'pipeline = Pipeline(stages=[encoder, indexer, assembler, LogisticRegression()])',
].join('\n');

const EXPORT = ['# Databricks notebook source', 'total = 1 + 2', 'print(total)', '', '# COMMAND ----------', '', PIPELINE_CELL, ''].join('\n');

interface Lint {
  findings: Finding[];
  kept: string[];
  ran: string[];
}

/** Lints each version the way the server does, keeping the previous version's reads and reports. */
class Linting {
  private last?: LintedVersion;
  private readonly store: DocumentStore;
  private version = 1;
  readonly uri = 'file:///reuse/notebook.py';

  constructor(parser: PythonParser, text: string) {
    this.store = new DocumentStore(parser);
    this.store.open(this.uri, this.version, text);
  }

  get document(): SourceDocument {
    return this.store.get(this.uri)!.source!;
  }

  change(change: TextDocumentContentChangeEvent): void {
    this.store.change(this.uri, ++this.version, [change]);
  }

  lint(): Lint {
    const document = this.document;
    const next: LintedVersion = { document, key: 'test', rules: new Map() };
    const reuse = reuseBetween(this.last, document, 'test', next);
    const kept: string[] = [];
    const ran: string[] = [];
    const counted = {
      kept(rule: Rule) {
        const reports = reuse.kept(rule);
        (reports ? kept : ran).push(rule.meta.id);
        return reports;
      },
      ran: reuse.ran,
    };
    const findings = lintDocument(document, allRules, { reuse: counted });
    this.last = next;
    return { findings, kept, ran };
  }

  dispose(): void {
    this.store.dispose();
  }
}

function keys(findings: readonly Finding[]): string[] {
  return findings.map((finding) => JSON.stringify([finding.ruleId, finding.cell, finding.range, finding.start, finding.end, finding.message, finding.severity, finding.fixes]));
}

function countOf(findings: readonly Finding[], ruleId: string): number {
  return findings.filter((finding) => finding.ruleId === ruleId).length;
}

/**
 * Two keystrokes on `line`, each equal to a full lint: the first reads what the edited cell
 * binds and calls (a cell is read when it is new), the second must keep `ruleId`.
 */
function typeTwiceKeeping(linting: Linting, line: number, characters: readonly [number, number], text: string, ruleId: string): void {
  for (const character of characters) {
    linting.change({ range: { start: { line, character }, end: { line, character } }, text });
    const typed = linting.lint();
    assert.deepEqual(keys(typed.findings), keys(lintDocument(linting.document, allRules)));
    if (character === characters[1]) assert.ok(typed.kept.includes(ruleId), `${ruleId} kept (ran: ${typed.ran.join(', ')})`);
  }
}

/** One edit that must run `ruleId` again, after which the findings are a full lint's (with `count` of the rule's, when given). */
function editRerunning(linting: Linting, change: TextDocumentContentChangeEvent, ruleId: string, count?: number): void {
  linting.change(change);
  const after = linting.lint();
  assert.ok(after.ran.includes(ruleId), `${ruleId} ran (kept: ${after.kept.join(', ')})`);
  assert.deepEqual(keys(after.findings), keys(lintDocument(linting.document, allRules)));
  if (count !== undefined) assert.equal(countOf(after.findings, ruleId), count);
}

/** A notebook that trains after an unseeded random split of a Spark table (MLT107), ending with `lastCell` (line 12). */
function splitNotebook(lastCell: string): string {
  return [
    '# Databricks notebook source',
    'import mlflow',
    'from sklearn.linear_model import LogisticRegression',
    '',
    '# COMMAND ----------',
    '',
    'df = spark.read.table("ml.churn.customers")',
    'train, test = df.randomSplit([0.8, 0.2])',
    'model = LogisticRegression().fit(X, y)',
    '',
    '# COMMAND ----------',
    '',
    lastCell,
    '',
  ].join('\n');
}

/** A notebook whose first cell is `firstCell` (lines 1-2) and whose last enables autolog after a fit (MLT305 when mlflow is imported). */
function autologAfterFitNotebook(firstCell: readonly [string, string]): string {
  return ['# Databricks notebook source', ...firstCell, '', '# COMMAND ----------', '', 'from sklearn.svm import SVC', 'SVC().fit(X, y)', 'mlflow.sklearn.autolog()', ''].join('\n');
}

describe('rule reuse between versions (engine/ruleReuse)', function () {
  this.timeout(60_000);
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  it('keeps the findings of a rule whose reads a keystroke did not touch, moved with the text', () => {
    const linting = new Linting(parser, EXPORT);
    try {
      const first = linting.lint();
      const before = first.findings.find((finding) => finding.ruleId === 'MLT102');
      assert.ok(before, 'the pipeline cell has its MLT102 finding');
      // A character typed into the first cell, which holds none of the words MLT102 looked up.
      linting.change({ range: { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } }, text: 'z' });
      const second = linting.lint();
      assert.ok(second.kept.includes('MLT102'), `MLT102 kept (ran: ${second.ran.join(', ')})`);
      const after = second.findings.find((finding) => finding.ruleId === 'MLT102')!;
      assert.equal(after.range.start, before.range.start + 1);
      assert.deepEqual(after.start, before.start);
      assert.deepEqual(keys(second.findings), keys(lintDocument(linting.document, allRules)));
    } finally {
      linting.dispose();
    }
  });

  it('runs a rule again when the edited cell holds a word it looked up', () => {
    const linting = new Linting(parser, EXPORT);
    try {
      linting.lint();
      // `indexer` is a name the pipeline's stages are read through; the commented-out import
      // leaves the pipeline unresolved: no finding.
      editRerunning(linting, { range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: '# ' }, 'MLT102', 0);
    } finally {
      linting.dispose();
    }
  });

  it('keeps nothing when the cells change shape, or when the settings differ', () => {
    const linting = new Linting(parser, EXPORT);
    try {
      linting.lint();
      linting.change({ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '# COMMAND ----------\n\nx = 2\n\n' });
      const split = linting.lint();
      assert.deepEqual(split.kept, []);
      const document = linting.document;
      const next: LintedVersion = { document, key: 'other settings', rules: new Map() };
      const previous: LintedVersion = { document, key: 'test', rules: new Map(allRules.map((rule) => [rule, { reads: new ReadSet(), reports: [] }])) };
      assert.equal(reuseBetween(previous, document, 'other settings', next).kept(allRules[0]), undefined);
    } finally {
      linting.dispose();
    }
  });

  it('moves kept line numbers only while no line is added or removed before them', () => {
    const linting = new Linting(parser, EXPORT);
    try {
      const first = linting.lint();
      linting.change({ range: { start: { line: 2, character: 12 }, end: { line: 2, character: 12 } }, text: '\nprint(total)' });
      const second = linting.lint();
      const before = first.findings.find((finding) => finding.ruleId === 'MLT102')!;
      const after = second.findings.find((finding) => finding.ruleId === 'MLT102')!;
      assert.equal(after.start.line, before.start.line + 1);
      assert.deepEqual(keys(second.findings), keys(lintDocument(linting.document, allRules)));
    } finally {
      linting.dispose();
    }
  });

  it('a line break made of a \\r next to the edit moves line numbers too (CRLF text, a lone \\r)', () => {
    const text = 'a\r\n\r\ndef f(): pass\r\nimport mlflow\r\nfrom sklearn.svm import SVC\r\nSVC().fit(X, y)\r\nmlflow.sklearn.autolog()\r\n';
    const linting = new Linting(parser, text);
    try {
      const first = linting.lint();
      assert.match(first.findings.find((finding) => finding.ruleId === 'MLT305')?.message ?? '', /on line 6/);
      // "a\r\n" becomes "a\rb\n": no \n is added, yet the lone \r is a line break of its own.
      linting.change({ range: { start: { line: 0, character: 1 }, end: { line: 1, character: 0 } }, text: '\rb\n' });
      const second = linting.lint();
      assert.match(second.findings.find((finding) => finding.ruleId === 'MLT305')?.message ?? '', /on line 7/);
      assert.deepEqual(keys(second.findings), keys(lintDocument(linting.document, allRules)));
    } finally {
      linting.dispose();
    }
  });

  it('an edit in a cell with imports keeps the rules that read the imports while its import statements stay the same', () => {
    // Rules that resolve names read the file's imports as a whole (MLT102 resolves the stages).
    const text = ['# Databricks notebook source', 'import pandas as pd', 'total = 1 + 2', '', '# COMMAND ----------', '', PIPELINE_CELL, ''].join('\n');
    const linting = new Linting(parser, text);
    try {
      linting.lint();
      // Typed into the first cell, which holds an import but none of the names MLT102 looked up.
      linting.change({ range: { start: { line: 2, character: 5 }, end: { line: 2, character: 5 } }, text: 'x' });
      const typed = linting.lint();
      assert.ok(typed.kept.includes('MLT102'), `MLT102 kept (ran: ${typed.ran.join(', ')})`);
      assert.deepEqual(keys(typed.findings), keys(lintDocument(linting.document, allRules)));
      // An import statement edited: the rules that read imports run again.
      editRerunning(linting, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'import os\n' }, 'MLT102');
    } finally {
      linting.dispose();
    }
  });

  it('the same import statement in another scope, or turned into a string, counts as changed imports', () => {
    // The stages' classes are imported under aliases inside a function: the pipeline cell cannot resolve them.
    const text = [
      '# Databricks notebook source',
      'def setup():',
      '    from pyspark.ml.feature import OneHotEncoder as Encoder, StringIndexer as Indexer',
      '',
      '# COMMAND ----------',
      '',
      'from pyspark.ml import Pipeline',
      'pipeline = Pipeline(stages=[Encoder(inputCols=["plan_index"], outputCols=["plan_vec"]), Indexer(inputCol="plan", outputCol="plan_index")])',
      '',
    ].join('\n');
    const linting = new Linting(parser, text);
    const mlt102 = (findings: readonly Finding[]) => countOf(findings, 'MLT102');
    try {
      assert.equal(mlt102(linting.lint().findings), 0);
      // `def setup():` becomes `if True:`: the same import statement, at module level now.
      linting.change({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 12 } }, text: 'if True:' });
      const rescoped = linting.lint();
      assert.deepEqual(keys(rescoped.findings), keys(lintDocument(linting.document, allRules)));
      assert.equal(mlt102(rescoped.findings), 1);
      // Quotes around the two lines turn the import into a string's text.
      linting.change({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'notes = """' });
      linting.lint();
      linting.change({ range: { start: { line: 2, character: 85 }, end: { line: 2, character: 85 } }, text: '"""' });
      const quoted = linting.lint();
      assert.deepEqual(keys(quoted.findings), keys(lintDocument(linting.document, allRules)));
      assert.equal(mlt102(quoted.findings), 0);
    } finally {
      linting.dispose();
    }
  });

  it('typing in one import statement keeps the rules that read the cell\'s other imports; editing those, or a star import, runs them again', () => {
    // MLT102 finds the pipeline's class through its import (or an alias of it, or a star import).
    const text = [
      '# Databricks notebook source',
      'from pyspark.ml import Pipeline',
      'from pyspark.ml.feature import OneHotEncoder, StringIndexer',
      'from pyspark.ml.evaluation import BinaryClassificationEvaluator',
      '',
      '# COMMAND ----------',
      '',
      'encoder = OneHotEncoder(inputCols=["plan_index"], outputCols=["plan_vec"])',
      'pipeline = Pipeline(stages=[encoder, StringIndexer(inputCol="plan", outputCol="plan_index")])',
      '',
    ].join('\n');
    const linting = new Linting(parser, text);
    try {
      assert.equal(countOf(linting.lint().findings, 'MLT102'), 1);
      // Inside the evaluator's name: that import binds nothing MLT102 looked up.
      typeTwiceKeeping(linting, 3, [40, 41], 'x', 'MLT102');
      // The pipeline's own import gets an alias: `Pipeline` is no longer bound.
      editRerunning(linting, { range: { start: { line: 1, character: 31 }, end: { line: 1, character: 31 } }, text: ' as P' }, 'MLT102', 0);
      // A star import of the module brings the name back.
      editRerunning(linting, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 36 } }, text: 'from pyspark.ml import *' }, 'MLT102', 1);
      // Two statements binding one alias swap places: the later one wins.
      linting.change({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 24 } }, text: 'from pyspark.ml import Pipeline as Maker\nfrom pyspark.ml.feature import VectorAssembler as Maker' });
      linting.change({ range: { start: { line: 9, character: 11 }, end: { line: 9, character: 19 } }, text: 'Maker' });
      assert.equal(countOf(linting.lint().findings, 'MLT102'), 0);
      editRerunning(
        linting,
        { range: { start: { line: 1, character: 0 }, end: { line: 2, character: 55 } }, text: 'from pyspark.ml.feature import VectorAssembler as Maker\nfrom pyspark.ml import Pipeline as Maker' },
        'MLT102',
        1,
      );
    } finally {
      linting.dispose();
    }
  });

  it('a rule that found a module not imported runs again when an import statement that names it is typed', () => {
    // MLT305 says nothing where the file does not import mlflow (`mlflow` is then no module of it).
    const linting = new Linting(parser, autologAfterFitNotebook(['import os', 'import json']));
    try {
      assert.equal(countOf(linting.lint().findings, 'MLT305'), 0);
      typeTwiceKeeping(linting, 2, [11, 12], 'x', 'MLT305');
      editRerunning(linting, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } }, text: 'import mlflow' }, 'MLT305', 1);
    } finally {
      linting.dispose();
    }
  });

  it('a keystroke in one PythonModel class reads that class again, not another class of the same name', () => {
    const cell = (artifact: string) =>
      [
        'class Wrapper(mlflow.pyfunc.PythonModel):',
        '    def predict(self, context, model_input):',
        '        import xgboost',
        '        return model_input',
        '',
        `mlflow.pyfunc.log_model("${artifact}", python_model=Wrapper(), pip_requirements=["pandas"])`,
      ].join('\n');
    const text = ['# Databricks notebook source', 'import mlflow', '', '# COMMAND ----------', '', cell('first'), '', '# COMMAND ----------', '', cell('second'), ''].join('\n');
    // Counts the readings of a class's imports (engine/carriedFacts keeps them between versions).
    let read = 0;
    const get = CarriedFacts.prototype.get;
    CarriedFacts.prototype.get = function (this: CarriedFacts, ...[tree, key, compute, move]: Parameters<typeof get<unknown>>): unknown {
      return get.call(this, tree, key, key.startsWith('pythonModelImports') ? () => (read++, compute()) : compute, move);
    } as typeof get;
    const linting = new Linting(parser, text);
    try {
      assert.equal(countOf(linting.lint().findings, 'MLT302'), 2);
      // Typed into the second log_model's artifact path: the first keystroke reads the cell's names.
      for (const character of [26, 27]) {
        read = 0;
        linting.change({ range: { start: { line: 19, character }, end: { line: 19, character } }, text: 'x' });
        const typed = linting.lint();
        assert.deepEqual(keys(typed.findings), keys(lintDocument(linting.document, allRules)));
      }
      assert.equal(read, 1);
    } finally {
      CarriedFacts.prototype.get = get;
      linting.dispose();
    }
  });

  it('a cell that only uses a name keeps the rules that resolved it; a cell that binds it runs them again', () => {
    // MLT107 resolves `spark` (no binding: the notebook's session) to know the split is Spark's.
    const linting = new Linting(parser, splitNotebook('display(spark.sql("SELECT 1"))'));
    try {
      assert.equal(countOf(linting.lint().findings, 'MLT107'), 1);
      // The last cell uses `spark` and binds nothing.
      typeTwiceKeeping(linting, 12, [23, 24], 'x', 'MLT107');
      // The first cell now binds `spark` (another library's): the split is no longer Spark's.
      editRerunning(linting, { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'from fakespark import spark\n' }, 'MLT107', 0);
      // A binding in a cell that holds the use: `spark = fakespark.spark` typed before the read.
      linting.change({ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: '' });
      assert.equal(countOf(linting.lint().findings, 'MLT107'), 1);
      editRerunning(linting, { range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: 'import fakespark\nspark = fakespark.spark\n' }, 'MLT107', 0);
    } finally {
      linting.dispose();
    }
  });

  it('an edit beside an import keeps the rules that looked the imported name up elsewhere; editing the import runs them again', () => {
    // MLT305 resolves `mlflow` in the last cell: autolog enabled after the model was fitted.
    const linting = new Linting(parser, autologAfterFitNotebook(['import mlflow', 'total = 1 + 2']));
    try {
      assert.equal(countOf(linting.lint().findings, 'MLT305'), 1);
      // The first cell imports `mlflow`; the keystrokes go into the line after the import.
      typeTwiceKeeping(linting, 2, [5, 6], 'x', 'MLT305');
      // The same cell now binds `mlflow` by assignment too: the rule runs again.
      editRerunning(linting, { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'mlflow = None\n' }, 'MLT305', 0);
      linting.change({ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: '' });
      assert.equal(countOf(linting.lint().findings, 'MLT305'), 1);
      // The import statement itself now binds another module to the name.
      editRerunning(linting, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 13 } }, text: 'import os as mlflow' }, 'MLT305', 0);
    } finally {
      linting.dispose();
    }
  });

  it('a name bound inside a function in another cell keeps a rule that asked for module-level bindings; one bound at module level reruns it', () => {
    // MLT302 asks which names of the class are bound at module level (`xgb`, not `self`).
    const text = [
      '# Databricks notebook source',
      'import mlflow',
      'import xgboost as xgb',
      '',
      '# COMMAND ----------',
      '',
      'class ChurnModel(mlflow.pyfunc.PythonModel):',
      '    def predict(self, context, model_input):',
      '        return self.booster.predict(xgb.DMatrix(model_input))',
      '',
      'mlflow.pyfunc.log_model("model", python_model=ChurnModel(), pip_requirements=["pandas==2.1.4"])',
      '',
      '# COMMAND ----------',
      '',
      'def summary(self, context):',
      '    total = 1',
      '    return total',
      '',
    ].join('\n');
    const linting = new Linting(parser, text);
    try {
      assert.equal(countOf(linting.lint().findings, 'MLT302'), 1);
      // The last cell binds `self`, `context` and `total` inside its function only.
      typeTwiceKeeping(linting, 15, [9, 10], '2', 'MLT302');
      // `xgb` bound at module level in that cell: MLT302 runs again.
      editRerunning(linting, { range: { start: { line: 14, character: 0 }, end: { line: 14, character: 0 } }, text: 'xgb = None\n' }, 'MLT302');
    } finally {
      linting.dispose();
    }
  });

  it('a lookup of calls by name reruns a rule only where a changed cell calls that name', () => {
    // MLT107 looks for calls named `seed` (random.seed(...) seeds every split).
    const linting = new Linting(parser, splitNotebook('params = dict(seed=7)'));
    try {
      assert.equal(countOf(linting.lint().findings, 'MLT107'), 1);
      // `seed` is written in the last cell, as a keyword, not as a call.
      typeTwiceKeeping(linting, 12, [19, 20], '1', 'MLT107');
      // A call of random.seed in that cell seeds every split: MLT107 runs again, and is silent.
      editRerunning(linting, { range: { start: { line: 12, character: 0 }, end: { line: 12, character: 23 } }, text: 'import random\nrandom.seed(7)' }, 'MLT107', 0);
    } finally {
      linting.dispose();
    }
  });

  it('column kinds are read only for a column about to be reported: typing in a cast keeps MLT103 while no assembler takes a raw column', () => {
    const assembled = (column: string) =>
      [
        '# Databricks notebook source',
        'from pyspark.sql.functions import col',
        'df = df.withColumn("tenure", col("tenure").cast("double"))',
        '',
        '# COMMAND ----------',
        '',
        'from pyspark.ml import Pipeline',
        'from pyspark.ml.feature import StringIndexer, VectorAssembler',
        'from pyspark.ml.classification import LogisticRegression',
        'indexer = StringIndexer(inputCol="plan", outputCol="plan_index")',
        `assembler = VectorAssembler(inputCols=["${column}", "tenure"], outputCol="features")`,
        'pipeline = Pipeline(stages=[indexer, assembler, LogisticRegression()])',
        '',
      ].join('\n');
    const clean = new Linting(parser, assembled('plan_index'));
    try {
      assert.equal(countOf(clean.lint().findings, 'MLT103'), 0);
      // Line 2 holds withColumn and cast, which the kinds read.
      typeTwiceKeeping(clean, 2, [0, 1], ' ', 'MLT103');
    } finally {
      clean.dispose();
    }
    // The raw `plan` assembled: whether a cast makes it a number is asked, so editing the cast runs MLT103 again.
    const raw = new Linting(parser, assembled('plan').replace('"tenure", col("tenure")', '"plan", col("plan")'));
    try {
      assert.equal(countOf(raw.lint().findings, 'MLT103'), 0, 'plan is cast to a number');
      editRerunning(raw, { range: { start: { line: 2, character: 47 }, end: { line: 2, character: 53 } }, text: 'string' }, 'MLT103', 1);
    } finally {
      raw.dispose();
    }
  });

  it('a pattern searched in the text reruns a rule only when a match touches the changed cells', () => {
    // MLT402 searches for `model_uri =` / `model =`; the next cell is within the text tried
    // around a changed cell, but no match reaches into it.
    const text = ['# Databricks notebook source', 'import mlflow', 'model_uri = "models:/churn/Production"', 'model = mlflow.pyfunc.load_model(model_uri)', '', '# COMMAND ----------', '', 'print("done")', ''].join('\n');
    const linting = new Linting(parser, text);
    try {
      assert.equal(countOf(linting.lint().findings, 'MLT402'), 1);
      typeTwiceKeeping(linting, 7, [7, 8], 'x', 'MLT402');
      // `model = ...` written in that cell: a match there, MLT402 runs again.
      editRerunning(linting, { range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: 'model = None\n' }, 'MLT402');
    } finally {
      linting.dispose();
    }
  });

  it('a token in a shell line of a Python cell: kept while another cell is typed in, read again when the line changes', () => {
    const text = [
      '# Databricks notebook source',
      '!pip install --index-url https://token:dapi0123456789abcdef0123456789abcdef@pkgs.example.com/simple churnlib',
      'import churnlib',
      '',
      '# COMMAND ----------',
      '',
      'print("done")',
      '',
    ].join('\n');
    const linting = new Linting(parser, text);
    try {
      assert.equal(countOf(linting.lint().findings, 'MLT704'), 1);
      linting.change({ range: { start: { line: 6, character: 7 }, end: { line: 6, character: 7 } }, text: 'x' });
      const typed = linting.lint();
      assert.ok(typed.kept.includes('MLT704'), `kept: ${typed.kept.join(', ')}; ran: ${typed.ran.join(', ')}`);
      assert.deepEqual(keys(typed.findings), keys(lintDocument(linting.document, allRules)));
      // Another token in the shell line: MLT704 reads it again.
      editRerunning(linting, { range: { start: { line: 1, character: 43 }, end: { line: 1, character: 47 } }, text: 'fedc' }, 'MLT704', 1);
    } finally {
      linting.dispose();
    }
  });

  it('magic cells and module-level guards are read as such, not as the whole text', () => {
    const text = [
      '# Databricks notebook source',
      'import mlflow',
      'from mlflow import MlflowClient',
      'client = MlflowClient()',
      '',
      '# COMMAND ----------',
      '',
      'client.transition_model_version_stage("churn", 1, "Production")',
      '',
      '# COMMAND ----------',
      '',
      'print("done")',
      '',
      '# COMMAND ----------',
      '',
      '# MAGIC %sh',
      '# MAGIC curl -H "Authorization: Bearer dapi0123456789abcdef0123456789abcdef" https://example',
      '',
    ].join('\n');
    const linting = new Linting(parser, text);
    const ids = (findings: readonly Finding[]) => findings.map((finding) => finding.ruleId).sort();
    try {
      assert.deepEqual(ids(linting.lint().findings), ['MLT401', 'MLT704']);
      // MLT704 reads the %sh cell's lines, MLT401 the module-level statements that could be a
      // Unity Catalog guard: a keystroke in the print cell keeps both.
      linting.change({ range: { start: { line: 11, character: 7 }, end: { line: 11, character: 7 } }, text: 'x' });
      const typed = linting.lint();
      assert.ok(typed.kept.includes('MLT704') && typed.kept.includes('MLT401'), `kept: ${typed.kept.join(', ')}; ran: ${typed.ran.join(', ')}`);
      assert.deepEqual(keys(typed.findings), keys(lintDocument(linting.document, allRules)));
      // An edit in the %sh cell: MLT704 reads it again (the token is gone).
      editRerunning(linting, { range: { start: { line: 16, character: 30 }, end: { line: 16, character: 34 } }, text: 'DAPI' }, 'MLT704');
      // A guard written in the first cell: code after it knows it is not in Unity Catalog.
      editRerunning(linting, { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: 'if mlflow.get_registry_uri() == "databricks-uc":\n    raise ValueError("this notebook uses the workspace registry")\n' }, 'MLT401', 0);
    } finally {
      linting.dispose();
    }
  });

  it('names in any script count whole: a Devanagari alias, an accent typed as a combining mark', () => {
    for (const alias of ['ट्रैक', 'mode\u0300le']) {
      const notebookWith = (middle: string) =>
        ['# Databricks notebook source', `import mlflow as ${alias}`, 'import mlflow', '', '# COMMAND ----------', '', middle, '', '# COMMAND ----------', '', 'from sklearn.svm import SVC', 'SVC().fit(X, y)', `${alias}.sklearn.autolog()`, ''].join('\n');
      // The middle cell binds the alias to another module: MLT305's finding goes (found by a
      // helper: the name was split at its combining marks and never seen as bound).
      const rebound = new Linting(parser, notebookWith('x = 1'));
      try {
        assert.equal(countOf(rebound.lint().findings, 'MLT305'), 1);
        rebound.change({ range: { start: { line: 6, character: 5 }, end: { line: 6, character: 5 } }, text: '2' });
        rebound.lint();
        rebound.change({ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 6 } }, text: `import os as ${alias}` });
        const after = rebound.lint();
        assert.deepEqual(keys(after.findings), keys(lintDocument(rebound.document, allRules)), alias);
        assert.equal(countOf(after.findings, 'MLT305'), 0);
      } finally {
        rebound.dispose();
      }
      // The first edit after opening: the middle cell's binding of the alias goes, the finding comes.
      const unbound = new Linting(parser, notebookWith(`${alias} = None`));
      try {
        assert.equal(countOf(unbound.lint().findings, 'MLT305'), 0);
        unbound.change({ range: { start: { line: 6, character: 0 }, end: { line: 6, character: alias.length } }, text: 'zz' });
        const after = unbound.lint();
        assert.deepEqual(keys(after.findings), keys(lintDocument(unbound.document, allRules)), alias);
        assert.equal(countOf(after.findings, 'MLT305'), 1);
      } finally {
        unbound.dispose();
      }
    }
  });

  it('a fact cached by one rule gives the next rule its reads too; one computed unrecorded reads everything', () => {
    const cache = new FactCache<object, number>();
    const owner = {};
    const first = new ReadSet();
    recordReads(first, () => cache.get(owner, () => (readWord('pipeline'), 1)));
    const second = new ReadSet();
    assert.equal(recordReads(second, () => cache.get(owner, () => 2)), 1);
    assert.deepEqual([...second.words], ['pipeline']);
    const unrecordedCache = new FactCache<object, number>();
    unrecordedCache.get(owner, () => 3);
    const third = new ReadSet();
    recordReads(third, () => unrecordedCache.get(owner, () => 4));
    assert.equal(third.all, true);
  });

  it('typing in a real-shaped notebook: kept findings always equal a full lint, and most keystrokes keep some rules', () => {
    const text = notebook(seededRandom(11), 600, 0, 0.75);
    const linting = new Linting(parser, text);
    const random = seededRandom(5);
    let kept = 0;
    let ran = 0;
    try {
      linting.lint();
      const lines = text.split('\n');
      const code = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.trim() !== '' && !line.startsWith('#'));
      for (let burst = 0; burst < 12; burst++) {
        const { index: line } = code[Math.floor(random() * code.length)];
        const character = Math.floor(random() * (lines[line].length + 1));
        // A word typed and erased again, a keystroke at a time.
        const steps = [
          ...[...'val'].map((ch, i) => ({ range: { start: { line, character: character + i }, end: { line, character: character + i } }, text: ch })),
          ...[0, 1, 2].map((i) => ({ range: { start: { line, character: character + 2 - i }, end: { line, character: character + 3 - i } }, text: '' })),
        ];
        for (const step of steps) {
          linting.change(step);
          const result = linting.lint();
          kept += result.kept.length;
          ran += result.ran.length;
          assert.deepEqual(keys(result.findings), keys(lintDocument(linting.document, allRules)), `after ${JSON.stringify(step)}`);
        }
      }
    } finally {
      linting.dispose();
    }
    assert.ok(kept > ran / 4, `rules kept ${kept} times, run ${ran} times`);
  });
});
