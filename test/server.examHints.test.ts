import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Hover, Position, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { findRule } from '../rules';
import { hoverCard } from '../rules/engine/ruleDocs';
import { DEFAULT_SETTINGS, readSettings } from '../server/settings';
import { dedent } from './support/linter';
import { LspTestClient, SERVER_BUNDLE } from './support/lspClient';

// API cards on hover, through the bundled server (dist/server.js, built by `npm test`).

const NOTEBOOK = dedent(`
  # Databricks notebook source
  import mlflow
  import pandas as pd
  from sklearn.linear_model import LinearRegression

  def predict(batches):
      model = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")
      for pdf in batches:
          yield pd.DataFrame({"id": pdf["id"], "prediction": model.predict(pdf[["x"]])})

  customers = spark.read.table("ml.churn.customers")
  scored = customers.mapInPandas(predict, schema="id long, prediction double")
  udf = mlflow.pyfunc.spark_udf(spark, "models:/ml.churn.model@champion")

  def fmin(values):
      return min(values)

  lowest = fmin([3, 1, 2])

  # COMMAND ----------

  def train_per_store(batches):
      for pdf in batches:
          for store_id, group in pdf.groupby("store_id"):
              model = LinearRegression().fit(group[["x"]], group["y"])
              yield pd.DataFrame({"store_id": [store_id], "coef": [float(model.coef_[0])]})

  sales = spark.read.table("ml.retail.sales")
  coefs = sales.mapInPandas(train_per_store, schema="store_id string, coef double")
`);

/** The position of the `occurrence`-th `name` in the notebook, `offset` characters into it. */
function positionOf(name: string, occurrence = 1, offset = 1): Position {
  let index = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    index = NOTEBOOK.indexOf(name, index + 1);
    assert.ok(index >= 0, `"${name}" #${occurrence} in the notebook`);
  }
  const before = NOTEBOOK.slice(0, index + offset).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  const contents = hover.contents as { kind: string; value: string };
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

const INITIALIZE = {
  processId: process.pid,
  rootUri: null,
  capabilities: {
    workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown', 'plaintext'] } },
  },
};

describe('mltraps.examHints setting', () => {
  it('is on by default, off when false, and on for anything that is not a boolean', () => {
    assert.equal(DEFAULT_SETTINGS.examHints, true);
    assert.equal(readSettings({}).examHints, true);
    assert.equal(readSettings({ examHints: false }).examHints, false);
    assert.equal(readSettings({ examHints: 'no' }).examHints, true);
  });
});

describe('language server: API cards on hover (mltraps.examHints)', function () {
  this.timeout(30000);
  const uri = 'file:///work/exam-hints.py';
  let client: LspTestClient;
  let opened: PublishDiagnosticsParams;

  before(async () => {
    assert.ok(fs.existsSync(SERVER_BUNDLE), 'dist/server.js is built (npm run build)');
    client = new LspTestClient('stdio');
    await client.request('initialize', INITIALIZE);
    await client.notify('initialized', {});
    const next = client.nextDiagnostics(uri);
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: NOTEBOOK } });
    opened = await next;
  });

  after(async () => {
    await client.stop();
    client.kill();
  });

  const hoverAt = (position: Position) => client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });

  it('shows the mapInPandas card over the name, with its range, exam fact and a link to the rule page', async () => {
    const position = positionOf('mapInPandas', 1, 4);
    const hover = await hoverAt(position);
    const markdown = markdownOf(hover);
    assert.match(markdown, /^\*\*`DataFrame\.mapInPandas\(func, schema\)`\*\*/);
    assert.match(markdown, /\*\*Exam fact:\*\* It works per partition/);
    assert.match(markdown, /\*\*Confused with:\*\*/);
    const start = positionOf('mapInPandas', 1, 0);
    assert.deepEqual(hover!.range, { start, end: { line: start.line, character: start.character + 'mapInPandas'.length } });
    const rule = findRule('MLT201')!;
    const link = /\[MLT201 mapinpandas-per-group-training\]\((file:[^)]+)\)/.exec(markdown);
    assert.ok(link, 'a link to the MLT201 page');
    assert.ok(link[1].endsWith(`/docs/rules/${rule.meta.id}-${rule.meta.name}.md`), link[1]);
    assert.ok(fs.existsSync(fileURLToPath(link[1])), `${link[1]} exists next to dist/`);
  });

  it('resolves spark_udf through the mlflow import, from any name in its chain', async () => {
    for (const position of [positionOf('spark_udf'), positionOf('pyfunc.spark_udf', 1, 2)]) {
      assert.match(markdownOf(await hoverAt(position)), /^\*\*`mlflow\.pyfunc\.spark_udf\(/);
    }
  });

  it('shows nothing for a local def named like an API, or for plain code', async () => {
    assert.equal(await hoverAt(positionOf('fmin([3')), null);
    assert.equal(await hoverAt(positionOf('def fmin', 1, 5)), null);
    assert.equal(await hoverAt(positionOf('lowest')), null);
  });

  it('on a finding, shows the rule card first and the API card after it', async () => {
    const finding = opened.diagnostics.find((diagnostic) => diagnostic.code === 'MLT201');
    assert.ok(finding, 'the MLT201 finding');
    const position = positionOf('mapInPandas', 2, 4);
    assert.ok(finding.range.start.line <= position.line && position.line <= finding.range.end.line, 'the name is inside the finding');
    const hover = await hoverAt(position);
    const markdown = markdownOf(hover);
    const ruleCard = markdown.indexOf(hoverCard(findRule('MLT201')!));
    const apiCard = markdown.indexOf('**`DataFrame.mapInPandas(func, schema)`**');
    assert.ok(ruleCard === 0 && apiCard > ruleCard, 'rule card, then API card');
    assert.deepEqual(hover!.range, finding.range);
  });

  it('mltraps.examHints: false turns the API cards off, and keeps the rule cards', async () => {
    client.settings = { examHints: false };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    try {
      assert.equal(await hoverAt(positionOf('mapInPandas', 1, 4)), null);
      assert.equal(await hoverAt(positionOf('spark_udf')), null);
      const markdown = markdownOf(await hoverAt(positionOf('mapInPandas', 2, 4)));
      assert.ok(markdown.startsWith(hoverCard(findRule('MLT201')!)));
      assert.ok(!markdown.includes('DataFrame.mapInPandas(func, schema)'), 'no API card');
    } finally {
      client.settings = null;
      await client.notify('workspace/didChangeConfiguration', { settings: null });
    }
    assert.match(markdownOf(await hoverAt(positionOf('mapInPandas', 1, 4))), /DataFrame\.mapInPandas/);
  });
});
