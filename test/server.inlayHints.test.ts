import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { InlayHint, Position, Range } from 'vscode-languageserver-protocol';
import { dedent } from './support/linter';
import { LspTestClient, SERVER_BUNDLE } from './support/lspClient';

// textDocument/inlayHint against the bundled server (dist/server.js, built by `npm test` before mocha).

const TUNING = dedent(`
  # Databricks notebook source
  from pyspark.ml.classification import LogisticRegression
  from pyspark.ml.evaluation import BinaryClassificationEvaluator
  from pyspark.ml.tuning import CrossValidator, ParamGridBuilder

  lr = LogisticRegression(labelCol="churned")
  evaluator = BinaryClassificationEvaluator(labelCol="churned")
  grid = (
      ParamGridBuilder()
      .addGrid(lr.regParam, [0.001, 0.01, 0.1])
      .addGrid(lr.elasticNetParam, [0.0, 0.5, 1.0, 0.25])
      .build()
  )

  # COMMAND ----------

  cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=3)
  unknown = CrossValidator(estimator=lr, estimatorParamMaps=make_grid(), evaluator=evaluator)
`);

const CV_LINE = 'cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=3)';

function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((candidate) => candidate.includes(needle));
  assert.ok(line >= 0, `"${needle}" is in the text`);
  return line;
}

const WHOLE: Range = { start: { line: 0, character: 0 }, end: { line: TUNING.split('\n').length, character: 0 } };
const AFTER_CV: Position = { line: lineOf(TUNING, CV_LINE), character: CV_LINE.length };

describe('language server inlay hints (dist/server.js)', function () {
  this.timeout(30000);

  before(function () {
    assert.ok(fs.existsSync(SERVER_BUNDLE), 'dist/server.js is built (npm run build)');
  });

  describe('a client with inlay hints and their refresh', () => {
    const uri = 'file:///work/tuning.py';
    let client: LspTestClient;
    let refreshes = 0;

    before(async () => {
      client = new LspTestClient('stdio');
      client.connection.onRequest('workspace/inlayHint/refresh', () => {
        refreshes++;
        return null;
      });
      const result = await client.request<{ capabilities: Record<string, unknown> }>('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {
          workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, inlayHint: { refreshSupport: true } },
          textDocument: { inlayHint: { dynamicRegistration: false } },
        },
      });
      assert.equal(result.capabilities.inlayHintProvider, true);
      await client.notify('initialized', {});
      const published = client.nextDiagnostics(uri);
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: TUNING } });
      await published;
    });

    after(async () => {
      await client.stop();
      client.kill();
    });

    function hints(range: Range = WHOLE): Promise<InlayHint[] | null> {
      return client.request<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri }, range });
    }

    it('writes the model count after the CrossValidator call whose grid is known, and only there', async () => {
      const result = await hints();
      assert.ok(result);
      assert.deepEqual(
        result.map((hint) => [hint.label, hint.position, hint.paddingLeft]),
        [['3 folds x 12 = 36 models', AFTER_CV, true]],
      );
      assert.match(String(result[0].tooltip), /TrainValidationSplit trains each combination once/);
    });

    it('answers for the requested range only', async () => {
      const cvLine = AFTER_CV.line;
      assert.deepEqual(await hints({ start: { line: 0, character: 0 }, end: { line: cvLine - 1, character: 0 } }), []);
      const onTheLine = await hints({ start: { line: cvLine, character: 0 }, end: { line: cvLine + 1, character: 0 } });
      assert.deepEqual(onTheLine?.map((hint) => hint.label), ['3 folds x 12 = 36 models']);
    });

    it('follows an edit of numFolds', async () => {
      const character = CV_LINE.indexOf('numFolds=3') + 'numFolds='.length;
      const published = client.nextDiagnostics(uri);
      await client.notify('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: AFTER_CV.line, character }, end: { line: AFTER_CV.line, character: character + 1 } }, text: '5' }],
      });
      await published;
      assert.deepEqual((await hints())?.map((hint) => [hint.label, hint.position]), [['5 folds x 12 = 60 models', AFTER_CV]]);
    });

    it('stops with mltraps.inlayHints false, asks the editor to refresh, and comes back with the default', async () => {
      const before = refreshes;
      client.settings = { inlayHints: false };
      let published = client.nextDiagnostics(uri);
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await published;
      assert.equal(refreshes, before + 1, 'workspace/inlayHint/refresh sent on a settings change');
      assert.deepEqual(await hints(), []);

      client.settings = null;
      published = client.nextDiagnostics(uri);
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await published;
      assert.equal(refreshes, before + 2);
      assert.deepEqual((await hints())?.map((hint) => hint.label), ['5 folds x 12 = 60 models']);
    });

    it('gives no hints with mltraps.enable false', async () => {
      client.settings = { enable: false };
      const published = client.nextDiagnostics(uri);
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await published;
      assert.deepEqual(await hints(), []);
      client.settings = null;
    });

    it('gives no hints for a document it does not have', async () => {
      assert.deepEqual(
        await client.request('textDocument/inlayHint', { textDocument: { uri: 'file:///work/never-opened.py' }, range: WHOLE }),
        [],
      );
    });
  });

  describe('a client without refresh support that pushes its settings', () => {
    const uri = 'untitled:Untitled-1';
    let client: LspTestClient;
    let refreshes = 0;

    before(async () => {
      client = new LspTestClient('ipc');
      client.connection.onRequest('workspace/inlayHint/refresh', () => {
        refreshes++;
        return null;
      });
      await client.initialize();
      const published = client.nextDiagnostics(uri);
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: TUNING } });
      await published;
    });

    after(async () => {
      await client.stop();
      client.kill();
    });

    it('hints by default and honours a pushed mltraps.inlayHints false, without sending refresh', async () => {
      const request = () => client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE });
      assert.deepEqual((await request()).map((hint) => hint.label), ['3 folds x 12 = 36 models']);
      const published = client.nextDiagnostics(uri);
      await client.notify('workspace/didChangeConfiguration', { settings: { mltraps: { inlayHints: false } } });
      await published;
      assert.deepEqual(await request(), []);
      assert.equal(refreshes, 0);
    });
  });
});
