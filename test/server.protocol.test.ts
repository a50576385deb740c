import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CodeAction, Diagnostic, Hover, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findRule } from '../rules';
import { hoverCard } from '../rules/engine/ruleDocs';
import { dedent } from './support/linter';
import { LspTestClient, SERVER_BUNDLE } from './support/lspClient';

// Speaks LSP to the bundled server (dist/server.js, built by `npm test` before mocha).

const FIVE_TRAPS = dedent(`
  # Databricks notebook source
  # MAGIC %pip install xgboost==2.0.3

  # COMMAND ----------

  import mlflow
  import pandas as pd
  import xgboost as xgb
  from pyspark.ml import Pipeline
  from pyspark.ml.classification import LogisticRegression
  from pyspark.ml.feature import OneHotEncoder, StringIndexer
  from sklearn.linear_model import LinearRegression

  customers = spark.read.table("ml.churn.customers")

  # COMMAND ----------

  lr = LogisticRegression(featuresCol="features", labelCol="churned")
  raw_pipeline = Pipeline(stages=[lr]).fit(customers.select("tenure", "churned"))

  # COMMAND ----------

  encoder = OneHotEncoder(inputCol="plan_index", outputCol="plan_vec")
  indexer = StringIndexer(inputCol="plan", outputCol="plan_index")
  encoding = Pipeline(stages=[encoder, indexer])

  # COMMAND ----------

  def train_per_store(batches):
      for pdf in batches:
          for store_id, group in pdf.groupby("store_id"):
              model = LinearRegression().fit(group[["x"]], group["y"])
              yield pd.DataFrame({"store_id": [store_id], "coef": [float(model.coef_[0])]})


  sales = spark.read.table("ml.retail.sales")
  coefs = sales.mapInPandas(train_per_store, schema="store_id string, coef double")

  # COMMAND ----------

  class ChurnModel(mlflow.pyfunc.PythonModel):
      def load_context(self, context):
          self.booster = xgb.Booster()
          self.booster.load_model(context.artifacts["booster"])

      def predict(self, context, model_input):
          return self.booster.predict(xgb.DMatrix(model_input))


  with mlflow.start_run():
      mlflow.pyfunc.log_model("model", python_model=ChurnModel(), artifacts={"booster": "booster.json"}, pip_requirements=["pandas"])

  # COMMAND ----------

  from databricks.sdk.service.serving import Route, TrafficConfig

  traffic = TrafficConfig(routes=[
      Route(served_model_name="champion", traffic_percentage=90),
      Route(served_model_name="challenger", traffic_percentage=15),
  ])
`);

const CODES = ['MLT101', 'MLT102', 'MLT201', 'MLT302', 'MLT601'];

/** The lines each trap's diagnostic must stay within: from the line holding the first text to the one holding the last. */
const TRAP_LINES: Record<string, [string, string]> = {
  MLT101: ['lr = LogisticRegression', 'raw_pipeline = Pipeline'],
  MLT102: ['encoder = OneHotEncoder', 'encoding = Pipeline'],
  MLT201: ['coefs = sales.mapInPandas', 'coefs = sales.mapInPandas'],
  MLT302: ['mlflow.pyfunc.log_model(', 'mlflow.pyfunc.log_model('],
  MLT601: ['traffic = TrafficConfig', '])'],
};
const SEVERITY: Record<string, number> = { MLT101: 1, MLT102: 1, MLT201: 2, MLT302: 2, MLT601: 1 };

function lineOf(text: string, needle: string, from = 0): number {
  const index = text.indexOf(needle, from);
  assert.ok(index >= 0, `"${needle}" in the text`);
  return text.slice(0, index).split('\n').length - 1;
}

function codesOf(params: PublishDiagnosticsParams): string[] {
  return params.diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///scratch.py', 'python', 1, text), [...edits]);
}

function editOf(action: CodeAction, uri: string): TextEdit[] {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, `"${action.title}" carries edits for ${uri}`);
  return edits;
}

const INITIALIZE = {
  processId: process.pid,
  rootUri: null,
  capabilities: {
    workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    textDocument: {
      publishDiagnostics: { versionSupport: true },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
      hover: { contentFormat: ['markdown', 'plaintext'] },
    },
  },
};

describe('language server protocol (dist/server.js)', function () {
  this.timeout(30000);

  before(function () {
    assert.ok(fs.existsSync(SERVER_BUNDLE), 'dist/server.js is built (npm run build)');
  });

  describe('over stdio, a VS Code-like client', () => {
    const uri = 'file:///work/five-traps.py';
    let client: LspTestClient;
    let opened: PublishDiagnosticsParams;
    let version = 1;

    before(async () => {
      client = new LspTestClient('stdio');
      const result = await client.request<{ capabilities: Record<string, unknown> }>('initialize', INITIALIZE);
      assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2 });
      assert.equal(result.capabilities.hoverProvider, true);
      assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.mltraps'], resolveProvider: false });
      await client.notify('initialized', {});
    });

    after(async () => {
      await client.stop();
      client.kill();
    });

    function open(documentUri: string, text: string): Promise<PublishDiagnosticsParams> {
      const next = client.nextDiagnostics(documentUri);
      void client.notify('textDocument/didOpen', { textDocument: { uri: documentUri, languageId: 'python', version: 1, text } });
      return next;
    }

    it('publishes the five traps on open, with codes, ranges, severities and rule pages', async () => {
      opened = await open(uri, FIVE_TRAPS);
      assert.deepEqual(codesOf(opened), CODES);
      assert.equal(opened.version, 1);
      for (const diagnostic of opened.diagnostics) {
        const code = String(diagnostic.code);
        const [first, last] = TRAP_LINES[code];
        const firstLine = lineOf(FIVE_TRAPS, first);
        const lastLine = lineOf(FIVE_TRAPS, last, FIVE_TRAPS.indexOf(first));
        assert.ok(diagnostic.range.start.line >= firstLine && diagnostic.range.end.line <= lastLine, `${code} at ${JSON.stringify(diagnostic.range)}, expected within lines ${firstLine}..${lastLine}`);
        assert.ok(
          diagnostic.range.start.line < diagnostic.range.end.line || diagnostic.range.start.character < diagnostic.range.end.character,
          `${code} has a non-empty range`,
        );
        assert.equal(diagnostic.severity, SEVERITY[code], `${code} severity`);
        assert.equal(diagnostic.source, 'mltraps');
        assert.ok(diagnostic.message.length > 0);
        const href = diagnostic.codeDescription?.href ?? '';
        const rule = findRule(code)!;
        assert.ok(href.endsWith(`/docs/rules/${rule.meta.id}-${rule.meta.name}.md`), href);
        assert.ok(fs.existsSync(fileURLToPath(href)), `${href} exists next to dist/`);
        assert.ok(diagnostic.data, `${code} carries data`);
      }
    });

    it('shows the rule card on hover over a flagged range, and nothing elsewhere', async () => {
      for (const diagnostic of opened.diagnostics) {
        const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start });
        assert.ok(hover, `a hover for ${diagnostic.code}`);
        const contents = hover.contents as { kind: string; value: string };
        assert.equal(contents.kind, 'markdown');
        assert.ok(contents.value.includes(hoverCard(findRule(String(diagnostic.code))!)), `the ${diagnostic.code} card`);
      }
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } }), null);
    });

    const preferredCodes = new Set<string>();

    for (const code of CODES) {
      it(`offers a ${code} quick fix whose edit fixes the finding`, async () => {
        const diagnostic = opened.diagnostics.find((candidate) => candidate.code === code)!;
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic], only: ['quickfix'] },
        });
        assert.ok(actions.length > 0, `quick fixes for ${code}`);
        actions.forEach((action, index) => {
          assert.equal(action.kind, 'quickfix');
          assert.deepEqual(action.diagnostics, [diagnostic]);
          if (index > 0) assert.ok(!action.isPreferred, 'only the first fix may be preferred');
        });
        if (actions[0].isPreferred) preferredCodes.add(code);
        const fixed = applyTextEdits(FIVE_TRAPS, editOf(actions[0], uri));
        const fixedUri = `file:///work/fixed-${code}.py`;
        const after = await open(fixedUri, fixed);
        assert.ok(!codesOf(after).includes(code), `${code} gone after "${actions[0].title}": ${codesOf(after).join(', ')}`);
        assert.ok(codesOf(after).length >= CODES.length - 1, 'the fix does not touch the other traps');
      });
    }

    it('offers a quick fix only for mltraps diagnostics it still finds', async () => {
      const foreign: Diagnostic = { range: opened.diagnostics[0].range, message: 'x', source: 'pylint', code: 'E0001' };
      const stale: Diagnostic = { ...opened.diagnostics[0], range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: foreign.range,
        context: { diagnostics: [foreign, stale], only: ['quickfix'] },
      });
      assert.deepEqual(actions, []);
    });

    it('fixes all safe fixes with the source.fixAll.mltraps action', async () => {
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
      assert.equal(actions.length, 1);
      assert.equal(actions[0].title, 'Fix all mltraps problems');
      assert.equal(actions[0].kind, 'source.fixAll.mltraps');
      const fixed = applyTextEdits(FIVE_TRAPS, editOf(actions[0], uri));
      const after = await open('file:///work/fixed-all.py', fixed);
      const remaining = codesOf(after);
      assert.ok(remaining.length < CODES.length, `fewer findings: ${remaining.join(', ')}`);
      for (const code of preferredCodes) assert.ok(!remaining.includes(code), `${code} (safe fix) fixed`);
      for (const code of remaining) assert.ok(CODES.includes(code), `no new finding: ${code}`);
    });

    it('applies mltraps.rules from workspace/configuration after didChangeConfiguration', async () => {
      client.settings = { rules: { MLT601: 'off', 'onehot-before-stringindexer': 'hint' } };
      let next = client.nextDiagnostics(uri);
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      let published = await next;
      assert.deepEqual(codesOf(published), ['MLT101', 'MLT102', 'MLT201', 'MLT302']);
      assert.equal(published.diagnostics.find((diagnostic) => diagnostic.code === 'MLT102')!.severity, 4);

      client.settings = { enable: false };
      next = client.nextDiagnostics(uri);
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      assert.deepEqual((await next).diagnostics, []);

      client.settings = null;
      next = client.nextDiagnostics(uri);
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      published = await next;
      assert.deepEqual(codesOf(published), CODES);
    });

    it('re-lints after an incremental change that removes one trap', async () => {
      const line = lineOf(FIVE_TRAPS, 'traffic_percentage=15');
      const character = FIVE_TRAPS.split('\n')[line].indexOf('15');
      const next = client.nextDiagnostics(uri);
      version++;
      await client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 2 } }, text: '10' }],
      });
      const published = await next;
      assert.equal(published.version, version);
      assert.deepEqual(codesOf(published), ['MLT101', 'MLT102', 'MLT201', 'MLT302']);
      for (const diagnostic of published.diagnostics) {
        const before = opened.diagnostics.find((candidate) => candidate.code === diagnostic.code)!;
        assert.deepEqual(diagnostic.range, before.range, `${diagnostic.code} keeps its range`);
      }
    });

    it('keeps the ranges in step with incremental edits above them, and survives unbalanced code mid-edit', async () => {
      // Type "x = (" on a new line under the header, one keystroke at a time.
      let published: PublishDiagnosticsParams | undefined;
      const typed = '\nx = (';
      const line = 0;
      let character = '# Databricks notebook source'.length;
      for (const ch of typed) {
        version++;
        const next = client.nextDiagnostics(uri);
        await client.notify('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }],
        });
        character = ch === '\n' ? 0 : character + 1;
        if (ch === '\n') continue;
        published = await next;
      }
      assert.ok(published, 'diagnostics after typing');
      // Closing the bracket again gives back the four traps, one line lower.
      version++;
      const next = client.nextDiagnostics(uri);
      await client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } }, text: ')' }],
      });
      published = await next;
      assert.deepEqual(codesOf(published), ['MLT101', 'MLT102', 'MLT201', 'MLT302']);
      for (const diagnostic of published.diagnostics) {
        const before = opened.diagnostics.find((candidate) => candidate.code === diagnostic.code)!;
        assert.equal(diagnostic.range.start.line, before.range.start.line + 1, `${diagnostic.code} moved one line down`);
      }
    });

    it('clears the diagnostics of a closed document', async () => {
      const next = client.nextDiagnostics(uri);
      await client.notify('textDocument/didClose', { textDocument: { uri } });
      assert.deepEqual((await next).diagnostics, []);
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 20, character: 0 } }), null);
    });

    it('answers 200 KB of random bytes with diagnostics (or none) within seconds', async () => {
      const junk = randomBytes(200_000).toString('latin1');
      const published = await open('file:///work/junk.py', junk);
      assert.ok(Array.isArray(published.diagnostics));
      const utf8Junk = randomBytes(200_000).toString('utf8');
      assert.ok(Array.isArray((await open('file:///work/junk-utf8.py', utf8Junk)).diagnostics));
    });

    it('answers a 5 MB file within seconds', async () => {
      const line = 'df = spark.read.table("t").filter("x > 1")  # generated\n';
      const big = line.repeat(Math.ceil(5_000_000 / line.length));
      const started = Date.now();
      const published = await open('file:///work/big.py', big);
      assert.ok(Array.isArray(published.diagnostics));
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    });

    it('answers deeply nested brackets within seconds', async () => {
      // 10,000 unclosed brackets: one ERROR node with as many children.
      const published = await open('file:///work/deep.py', `x = ${'('.repeat(10_000)}\n`);
      assert.ok(Array.isArray(published.diagnostics));
    });

    it('is still serving after all that, and exits cleanly on shutdown/exit', async () => {
      const published = await open('file:///work/again.py', FIVE_TRAPS);
      assert.deepEqual(codesOf(published), CODES);
      assert.ok(client.isRunning);
      await client.stop();
      assert.equal(client.exitCode, 0);
    });
  });

  describe('over node IPC, a client without workspace/configuration (Neovim-like)', () => {
    const uri = 'untitled:Untitled-1';
    let client: LspTestClient;

    before(async () => {
      client = new LspTestClient('ipc');
      const result = await client.request<{ capabilities: Record<string, unknown> }>('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } },
      });
      assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.mltraps'], resolveProvider: true });
      await client.notify('initialized', {});
    });

    after(async () => {
      await client.stop();
      client.kill();
    });

    it('lints with the default settings', async () => {
      const next = client.nextDiagnostics(uri);
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: FIVE_TRAPS } });
      assert.deepEqual(codesOf(await next), CODES);
    });

    it('resolves the fix-all edit lazily', async () => {
      const [action] = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.mltraps'] },
      });
      assert.equal(action.title, 'Fix all mltraps problems');
      assert.equal(action.edit, undefined);
      const resolved = await client.request<CodeAction>('codeAction/resolve', action);
      const fixed = applyTextEdits(FIVE_TRAPS, editOf(resolved, uri));
      assert.notEqual(fixed, FIVE_TRAPS);
    });

    it('takes settings pushed in didChangeConfiguration', async () => {
      const next = client.nextDiagnostics(uri);
      await client.notify('workspace/didChangeConfiguration', { settings: { mltraps: { rules: { MLT1: 'off', MLT201: 'off', MLT302: 'off' } } } });
      // "MLT1" is not a rule id or name: only exact ids and names count in settings.
      assert.deepEqual(codesOf(await next), ['MLT101', 'MLT102', 'MLT601']);
    });
  });
});
