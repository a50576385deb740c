import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { mltraps, ScratchFolders } from './support/cli';
import { LspTestClient } from './support/lspClient';

// The language server reads the same configuration files as the CLI: the same findings for the
// same file; the editor's explicit settings win; editing the file re-lints open documents; a
// problem in it is shown to the user.

const PIPELINE = [
  'from pyspark.ml import Pipeline',
  'from pyspark.ml.classification import LogisticRegression',
  'from pyspark.ml.feature import OneHotEncoder, StringIndexer',
  'encoder = OneHotEncoder(inputCols=["plan_index"], outputCols=["plan_vec"])',
  'indexer = StringIndexer(inputCol="plan", outputCol="plan_index")',
  'lr = LogisticRegression(featuresCol="features", labelCol="label")',
  'pipeline = Pipeline(stages=[encoder, indexer, lr])',
  'config = {"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 90}, {"served_model_name": "b", "traffic_percentage": 20}]},',
  '          "served_entities": [{"name": "a", "entity_name": "m", "entity_version": "1"}, {"name": "b", "entity_name": "m", "entity_version": "2"}]}',
  '',
].join('\n');

const SEVERITY_NAME: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const keysOf = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${String(d.code)} ${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY_NAME[d.severity ?? 1]}`).sort();

describe('language server configuration files', function () {
  this.timeout(60_000);
  const scratch = new ScratchFolders();
  let client: LspTestClient;

  beforeEach(async () => {
    client = new LspTestClient('stdio');
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    await client.notify('initialized', {});
  });
  afterEach(async () => {
    await client.stop();
    client.kill();
  });
  after(() => scratch.remove());

  async function open(file: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(file).href;
    const published = client.nextDiagnostics(uri, 20_000);
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: fs.readFileSync(file, 'utf8') } });
    return (await published).diagnostics;
  }

  function cliKeys(dir: string, file: string): string[] {
    const run = mltraps(['--format', 'json', file], dir);
    return (JSON.parse(run.stdout) as Array<{ code: string; line: number; column: number; severity: string }>).map((f) => `${f.code} ${f.line}:${f.column} ${f.severity}`).sort();
  }

  it('gives the CLI\'s findings for the same file under the same pyproject.toml', async () => {
    const dir = scratch.create({
      'pyproject.toml': '[tool.mltraps]\nignore = ["MLT101"]\n[tool.mltraps.severity]\nMLT601 = "hint"\n',
      'jobs/train.py': PIPELINE,
    });
    const diagnostics = await open(path.join(dir, 'jobs', 'train.py'));
    assert.deepEqual(keysOf(diagnostics), ['MLT102 7:29 error', 'MLT601 8:40 hint']);
    assert.deepEqual(keysOf(diagnostics), cliKeys(dir, path.join('jobs', 'train.py')));
  });

  it("the editor's explicit mltraps.rules entries win over the file; the rules it does not list follow the file", async () => {
    const dir = scratch.create({ 'mltraps.toml': 'select = ["MLT6"]\n', 'a.py': PIPELINE });
    client.settings = { rules: { MLT101: 'warning' }, crossValidatorModelLimit: null };
    assert.deepEqual(keysOf(await open(path.join(dir, 'a.py'))), ['MLT101 7:47 warning', 'MLT601 8:40 error']);
  });

  it('editing the configuration file re-lints the open documents', async () => {
    const dir = scratch.create({ 'mltraps.toml': 'ignore = ["MLT6"]\n', 'a.py': PIPELINE });
    const file = path.join(dir, 'a.py');
    assert.deepEqual(keysOf(await open(file)), ['MLT101 7:47 error', 'MLT102 7:29 error']);
    const config = path.join(dir, 'mltraps.toml');
    fs.writeFileSync(config, 'ignore = ["MLT1"]\n');
    const republished = client.nextDiagnostics(pathToFileURL(file).href, 20_000);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
    assert.deepEqual(keysOf((await republished).diagnostics), ['MLT601 8:40 error']);
  });

  it('a problem in the file is shown once as a warning message naming file, line and key, and logged; the rest applies', async () => {
    const dir = scratch.create({ 'mltraps.toml': 'ignore = ["MLT6"]\nselct = ["MLT1"]\n', 'a.py': PIPELINE, 'b.py': PIPELINE });
    const config = path.join(dir, 'mltraps.toml');
    assert.deepEqual(keysOf(await open(path.join(dir, 'a.py'))), ['MLT101 7:47 error', 'MLT102 7:29 error']);
    await open(path.join(dir, 'b.py'));
    const expected = `mltraps: configuration: ${config}:2: unknown key "selct" in mltraps.toml (did you mean "select"?); it is ignored`;
    assert.deepEqual(client.shownMessages, [{ type: 2, message: expected }]);
    assert.ok(client.log.some((line) => line.includes(expected)), client.log.join('\n'));
  });
});
