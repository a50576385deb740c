import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CodeAction, type Hover, NotebookCellKind, type PublishDiagnosticsParams, type TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EXAMPLES, ipynbOfExport } from '../scripts/examples-ipynb';
import type { NotebookCellInput, StoredCell } from '../server/documentStore';
import { readNotebookFile } from '../server/notebookFiles';
import { changedNotebookCells, NotebookChangeError } from '../server/notebookSync';
import { testLinter } from './support/linter';
import { LspTestClient, SERVER_BUNDLE } from './support/lspClient';

// LSP 3.17 notebook synchronisation against the bundled server: a Jupyter notebook's cells
// are linted together, in order, and each cell's diagnostics go to the cell's own document.

const INITIALIZE = {
  processId: process.pid,
  rootUri: null,
  capabilities: {
    workspace: { configuration: true },
    textDocument: {
      publishDiagnostics: {},
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
      hover: { contentFormat: ['markdown'] },
    },
    notebookDocument: { synchronization: {} },
  },
};

const IMPORTS = 'from pyspark.ml import Pipeline\nfrom pyspark.ml.feature import OneHotEncoder, StringIndexer\n';
const ENCODING = [
  'encoder = OneHotEncoder(inputCol="plan_index", outputCol="plan_vec")',
  'indexer = StringIndexer(inputCol="plan", outputCol="plan_index")',
  'encoding = Pipeline(stages=[encoder, indexer])',
  '',
].join('\n');
const BROKEN = 'weights = dict(a=1,\n';
const TRAFFIC = [
  'from databricks.sdk.service.serving import Route, TrafficConfig',
  'config = TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), Route(served_model_name="b", traffic_percentage=15)])',
  '',
].join('\n');

interface Cell {
  uri: string;
  kind: 1 | 2;
  text: string;
}

function codesOf(params: PublishDiagnosticsParams): string[] {
  return params.diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

/** A server started and initialized before the describe's tests and stopped after them. */
function startedClient(): () => LspTestClient {
  let client: LspTestClient | undefined;
  before(async () => {
    client = new LspTestClient('stdio');
    await client.request('initialize', INITIALIZE);
    await client.notify('initialized', {});
  });
  after(async () => {
    await client?.stop();
  });
  return () => client!;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.py', 'python', 1, text), [...edits]);
}

describe('language server: notebook documents (notebookDocument/*)', function () {
  this.timeout(30000);
  const notebookUri = 'file:///work/churn.ipynb';
  const cellUri = (id: string) => `vscode-notebook-cell:/work/churn.ipynb#${id}`;
  let client: LspTestClient;
  let version = 1;
  let cells: Cell[];

  before(async function () {
    assert.ok(fs.existsSync(SERVER_BUNDLE), 'dist/server.js is built (npm run build)');
    client = new LspTestClient('stdio');
    const result = await client.request<{ capabilities: Record<string, unknown> }>('initialize', INITIALIZE);
    // No cell language: the client syncs markdown cells too, and "cell 4" in a message is the user's cell 4.
    assert.deepEqual(result.capabilities.notebookDocumentSync, { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' } }] });
    await client.notify('initialized', {});
  });

  after(async () => {
    await client.stop();
  });

  function notebookCell(cell: Cell) {
    return { kind: cell.kind, document: cell.uri };
  }

  function textItem(cell: Cell) {
    return { uri: cell.uri, languageId: cell.kind === 1 ? 'markdown' : 'python', version: 1, text: cell.text };
  }

  it('lints the cells together on open and publishes each cell its own findings', async () => {
    cells = [
      { uri: cellUri('W0'), kind: 1, text: '# Churn model\n' },
      { uri: cellUri('W1'), kind: 2, text: IMPORTS },
      { uri: cellUri('W2'), kind: 2, text: ENCODING },
      { uri: cellUri('W3'), kind: 2, text: BROKEN },
      { uri: cellUri('W4'), kind: 2, text: TRAFFIC },
    ];
    const encoding = client.nextDiagnostics(cells[2].uri);
    const traffic = client.nextDiagnostics(cells[4].uri);
    await client.notify('notebookDocument/didOpen', {
      notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version, cells: cells.map(notebookCell) },
      cellTextDocuments: cells.map(textItem),
    });
    // MLT102 needs the imports of the cell before: the cells are one program.
    assert.deepEqual(codesOf(await encoding), ['MLT102']);
    // The unclosed bracket in the cell before hides nothing of this one.
    const trafficDiagnostics = await traffic;
    assert.deepEqual(codesOf(trafficDiagnostics), ['MLT601']);
    assert.equal(trafficDiagnostics.diagnostics[0].range.start.line, 1, 'lines count within the cell');
    assert.equal(client.publishedCount(cells[0].uri) + client.publishedCount(cells[1].uri) + client.publishedCount(cells[3].uri), 0);
    assert.equal(client.publishedCount(notebookUri), 0, 'nothing is published for the notebook itself');
  });

  it('hovers and fixes inside a cell', async () => {
    const diagnostic = (await client.waitForDiagnostics(cells[4].uri, 1)).diagnostics[0];
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: cells[4].uri }, position: diagnostic.range.start });
    assert.ok(hover);
    assert.match(JSON.stringify(hover.contents), /MLT601/);
    assert.deepEqual(hover.range, diagnostic.range);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: cells[4].uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    assert.ok(actions.length > 0);
    const changes = actions[0].edit!.changes!;
    assert.deepEqual(Object.keys(changes), [cells[4].uri], 'the fix edits the cell it is in');
    assert.match(applyEdits(cells[4].text, changes[cells[4].uri]), /traffic_percentage=10\)/);
    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: cells[2].uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const allChanges = fixAll[0].edit!.changes!;
    assert.ok(allChanges[cells[4].uri], 'fix-all reaches the other cells');
    assert.equal(allChanges[cells[0].uri], undefined, 'and leaves unchanged cells alone');
  });

  it('follows cell edits, and cells added, moved and removed', async () => {
    // Edit: delete the encoder import line of the first code cell -> MLT102 no longer resolves the classes.
    let next = client.nextDiagnostics(cells[2].uri);
    cells[1] = { ...cells[1], text: 'from pyspark.ml import Pipeline\n' };
    await client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: ++version },
      change: {
        cells: {
          textContent: [
            {
              document: { uri: cells[1].uri, version: 2 },
              changes: [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }],
            },
          ],
        },
      },
    });
    assert.deepEqual(codesOf(await next), []);
    // Undo, then move the import cell below the encoding cell: names are bound in cell order.
    cells[1] = { ...cells[1], text: IMPORTS };
    next = client.nextDiagnostics(cells[2].uri);
    await client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: ++version },
      change: { cells: { textContent: [{ document: { uri: cells[1].uri, version: 3 }, changes: [{ text: IMPORTS }] }] } },
    });
    assert.deepEqual(codesOf(await next), ['MLT102']);
    next = client.nextDiagnostics(cells[2].uri);
    const moved = cells[1];
    await client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: ++version },
      change: { cells: { structure: { array: { start: 1, deleteCount: 1, cells: [] } } } },
    });
    await client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: ++version },
      change: { cells: { structure: { array: { start: 2, deleteCount: 0, cells: [notebookCell(moved)] } } } },
    });
    cells = [cells[0], cells[2], moved, cells[3], cells[4]];
    // The first change already left MLT102 without its imports; the second keeps it so.
    assert.deepEqual(codesOf(await next), []);
    // A new cell with its own trap, added at the end and opened with its text.
    const added: Cell = { uri: cellUri('W5'), kind: 2, text: ENCODING.replace('encoding =', 'again =') };
    const addedDiagnostics = client.nextDiagnostics(added.uri);
    await client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: ++version },
      change: { cells: { structure: { array: { start: cells.length, deleteCount: 0, cells: [notebookCell(added)] }, didOpen: [textItem(added)] } } },
    });
    cells.push(added);
    assert.deepEqual(codesOf(await addedDiagnostics), ['MLT102'], 'the imports now come before it');
    // Remove the trap cell: its diagnostics are cleared.
    const cleared = client.nextDiagnostics(cells[4].uri);
    await client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: ++version },
      change: { cells: { structure: { array: { start: 4, deleteCount: 1 }, didClose: [{ uri: cells[4].uri }] } } },
    });
    assert.deepEqual((await cleared).diagnostics, []);
    cells.splice(4, 1);
  });

  it('rejects a change that does not fit the notebook whole, and goes on with the state it had', async () => {
    const logged = client.log.length;
    await client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: ++version },
      change: {
        cells: {
          textContent: [
            { document: { uri: cells[2].uri, version: 9 }, changes: [{ text: 'x = 1\n' }] },
            { document: { uri: cellUri('nope'), version: 1 }, changes: [{ text: 'y = 2\n' }] },
          ],
        },
      },
    });
    // The next valid change is applied to the state before the rejected one.
    const next = client.nextDiagnostics(cells[4].uri);
    await client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: ++version },
      change: { cells: { textContent: [{ document: { uri: cells[4].uri, version: 2 }, changes: [{ text: `${cells[4].text}\n` }] }] } },
    });
    assert.deepEqual(codesOf(await next), ['MLT102'], 'the imports cell was not changed by the rejected notification');
    assert.ok(client.log.slice(logged).some((line) => /notebookDocument\/didChange/.test(line)), 'the rejected change is logged');
  });

  it('clears every cell on close', async () => {
    const cleared = client.nextDiagnostics(cells[4].uri);
    await client.notify('notebookDocument/didClose', { notebookDocument: { uri: notebookUri }, cellTextDocuments: cells.map((cell) => ({ uri: cell.uri })) });
    assert.deepEqual((await cleared).diagnostics, []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: cells[4].uri }, position: { line: 0, character: 0 } }), null);
  });
});

describe('language server: a notebook document as the user sees it', function () {
  this.timeout(30000);
  const connected = startedClient();

  const open = async (name: string, cells: Array<{ kind: 1 | 2; text: string; metadata?: object }>, metadata?: object) => {
    const uri = `file:///work/${name}.ipynb`;
    const cellUri = (index: number) => `vscode-notebook-cell:/work/${name}.ipynb#c${index}`;
    const published = cells.map((_, index) => connected().nextDiagnostics(cellUri(index)));
    await connected().notify('notebookDocument/didOpen', {
      notebookDocument: { uri, notebookType: 'jupyter-notebook', version: 1, ...(metadata ? { metadata } : {}), cells: cells.map((cell, index) => ({ kind: cell.kind, document: cellUri(index), ...(cell.metadata ? { metadata: cell.metadata } : {}) })) },
      cellTextDocuments: cells.map((cell, index) => ({ uri: cellUri(index), languageId: cell.kind === 1 ? 'markdown' : 'python', version: 1, text: cell.text })),
    });
    return published;
  };

  it('counts markdown cells in the cell numbers its messages give', async () => {
    const published = await open('runs', [
      { kind: 1, text: '# Tuning' },
      { kind: 2, text: 'import mlflow' },
      { kind: 1, text: 'One run per alpha:' },
      { kind: 2, text: 'with mlflow.start_run():\n    for alpha in [0.1, 1.0]:\n        with mlflow.start_run():\n            mlflow.log_param("alpha", alpha)' },
    ]);
    const params = await published[3];
    const diagnostics = params.diagnostics;
    assert.deepEqual(codesOf(params), ['MLT301']);
    assert.match(diagnostics[0].message, /runs inside the run started on line 1 of cell 4 /);
  });

  it('reads a notebook that Databricks wrote as a Databricks notebook, from its metadata', async () => {
    const cells: Array<{ kind: 1 | 2; text: string }> = [{ kind: 2, text: 'token = "dapi0123456789abcdef0123456789abcdef"' }];
    const plainParams = await (await open('plain', cells))[0];
    const databricksParams = await (await open('databricks', cells, { metadata: { 'application/vnd.databricks.v1+notebook': { notebookName: 'x' } } }))[0];
    const plain = plainParams.diagnostics;
    const databricks = databricksParams.diagnostics;
    assert.deepEqual(codesOf(plainParams), ['MLT704']);
    assert.deepEqual(codesOf(databricksParams), ['MLT704']);
    assert.doesNotMatch(plain[0].message, /dbutils\.secrets\.get/);
    assert.match(databricks[0].message, /read it from a secret scope with dbutils\.secrets\.get/);
  });
});

describe('language server: %run targets', function () {
  this.timeout(30000);
  let client: LspTestClient;
  let folder: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-run-'));
    fs.mkdirSync(path.join(folder, 'includes'));
    fs.writeFileSync(
      path.join(folder, 'includes', 'setup.py'),
      '# Databricks notebook source\nfrom pyspark.ml import Pipeline\nfrom pyspark.ml.feature import OneHotEncoder, StringIndexer\n',
    );
    client = new LspTestClient('stdio');
    await client.request('initialize', INITIALIZE);
    await client.notify('initialized', {});
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('reads the target from disk, then from its open buffer, and re-lints the notebook when the target changes', async () => {
    const notebook = pathToFileURL(path.join(folder, 'train.py')).href;
    const text = `# Databricks notebook source\n# MAGIC %run ./includes/setup\n\n# COMMAND ----------\n\n${ENCODING}`;
    let next = client.nextDiagnostics(notebook);
    await client.notify('textDocument/didOpen', { textDocument: { uri: notebook, languageId: 'python', version: 1, text } });
    const opened = await next;
    assert.deepEqual(codesOf(opened), ['MLT102'], 'the classes come from the %run target on disk');
    const pipelineLine = text.split('\n').findIndex((line) => line.startsWith('encoding = Pipeline'));
    assert.equal(opened.diagnostics[0].range.start.line, pipelineLine, 'positions are in the notebook, not in the program with the target spliced in');
    const target = pathToFileURL(path.join(folder, 'includes', 'setup.py')).href;
    next = client.nextDiagnostics(notebook);
    await client.notify('textDocument/didOpen', { textDocument: { uri: target, languageId: 'python', version: 1, text: '# Databricks notebook source\nfrom pyspark.ml import Pipeline\n' } });
    assert.deepEqual(codesOf(await next), [], 'the open buffer wins over the disk: the feature classes are gone');
    next = client.nextDiagnostics(notebook);
    await client.notify('textDocument/didClose', { textDocument: { uri: target } });
    assert.deepEqual(codesOf(await next), ['MLT102'], 'closed again: read from disk');
    // Changed on disk (a git checkout): the watched-files notification re-lints the notebook.
    fs.writeFileSync(path.join(folder, 'includes', 'setup.py'), '# Databricks notebook source\nimport os\n');
    next = client.nextDiagnostics(notebook);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: target, type: 2 }] });
    assert.deepEqual(codesOf(await next), [], 'the target on disk no longer imports the feature classes');
    // Deleted, then created again (a stash and its pop): the notebook could not read it, so it
    // named no file to depend on; the creation re-lints it all the same.
    const setup = fs.readFileSync(path.join(folder, 'includes', 'setup.py'), 'utf8').replace('import os', 'from pyspark.ml.feature import OneHotEncoder, StringIndexer\nfrom pyspark.ml import Pipeline');
    fs.rmSync(path.join(folder, 'includes', 'setup.py'));
    next = client.nextDiagnostics(notebook);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: target, type: 3 }] });
    assert.deepEqual(codesOf(await next), [], 'no target: no classes');
    fs.writeFileSync(path.join(folder, 'includes', 'setup.py'), setup);
    next = client.nextDiagnostics(notebook);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: target, type: 1 }] });
    assert.deepEqual(codesOf(await next), ['MLT102'], 'created again: read from disk');
  });
});

describe('language server: practice notebooks open as notebook documents', function () {
  this.timeout(60000);
  const connected = startedClient();

  // The same findings as the CLI's engine for the .ipynb of every practice notebook (every rule family).
  const exports = fs.readdirSync(EXAMPLES).filter((name) => /^\d\d_.*\.py$/.test(name)).sort();
  for (const file of exports) {
    it(`${file} as a notebook in the editor: each cell's diagnostics are the engine's findings for that cell`, async () => {
      const name = file.replace(/\.py$/, '');
      const uri = `file:///examples/${name}.ipynb`;
      const ipynb = ipynbOfExport(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'), name);
      const read = readNotebookFile(uri, ipynb);
      if ('skipped' in read) assert.fail(read.skipped);
      const linter = await testLinter();
      const expected = linter.lintSource(read.source).findings;
      assert.ok(expected.length > 0, `${file} has traps`);
      const cells = read.source.cells.map((cell, index) => ({ uri: `vscode-notebook-cell:/examples/${name}.ipynb#C${index}`, kind: cell.kind, text: cell.text }));
      const withFindings = [...new Set(expected.map((finding) => finding.cell!))];
      const published = withFindings.map((index) => connected().nextDiagnostics(cells[index].uri, 15000));
      await connected().notify('notebookDocument/didOpen', {
        // The notebook's metadata as the editor passes it on: it says Databricks wrote the notebook, as the engine reads from the file.
        notebookDocument: { uri, notebookType: 'jupyter-notebook', version: 1, metadata: (JSON.parse(ipynb) as { metadata: object }).metadata, cells: cells.map((cell) => ({ kind: cell.kind === 'markdown' ? 1 : 2, document: cell.uri })) },
        cellTextDocuments: cells.map((cell) => ({ uri: cell.uri, languageId: cell.kind === 'markdown' ? 'markdown' : 'python', version: 1, text: cell.text })),
      });
      const got = (await Promise.all(published)).flatMap((params, position) =>
        params.diagnostics.map((diagnostic) => `${withFindings[position]}:${diagnostic.range.start.line}:${diagnostic.range.start.character} ${diagnostic.code} ${diagnostic.message}`),
      );
      const want = expected.map((finding) => `${finding.cell}:${finding.start.line}:${finding.start.character} ${finding.ruleId} ${finding.message}`);
      assert.deepEqual(got.sort(), want.sort());
      await connected().notify('notebookDocument/didClose', { notebookDocument: { uri }, cellTextDocuments: cells.map((cell) => ({ uri: cell.uri })) });
    });
  }
});

describe('notebook sync: the cells after a notebookDocument/didChange', () => {
  const uri = (id: string) => `vscode-notebook-cell:/work/sync.ipynb#${id}`;
  const stored = (): StoredCell[] => [
    { uri: uri('A'), kind: 'code', text: 'a = 1\n' },
    { uri: uri('B'), kind: 'code', text: 'b = 2\n' },
    { uri: uri('C'), kind: 'code', text: 'c = 3\n' },
  ];
  const code = (id: string) => ({ kind: NotebookCellKind.Code, document: uri(id) });
  const summary = (cells: readonly NotebookCellInput[]) => cells.map((cell) => `${cell.uri.slice(-1)}=${cell.text.trim()}`);

  it('applies a move, a new cell and text edits of one notification together: structure first, then texts', () => {
    const current = stored();
    // As vscode-languageclient sends a move: the span between the old and new places is replaced, the moved cell keeps its text.
    const { cells } = changedNotebookCells(current, {
      cells: {
        structure: {
          array: { start: 0, deleteCount: 3, cells: [code('B'), code('C'), code('A'), code('D')] },
          didOpen: [{ uri: uri('D'), languageId: 'python', version: 1, text: 'd = 4\n' }],
        },
        textContent: [
          { document: { uri: uri('A'), version: 2 }, changes: [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } }, text: '10' }] },
          { document: { uri: uri('D'), version: 2 }, changes: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'e = 5\n' }] },
        ],
      },
    });
    assert.deepEqual(summary(cells), ['B=b = 2', 'C=c = 3', 'A=a = 10', 'D=d = 4\ne = 5']);
    assert.deepEqual(summary(current), ['A=a = 1', 'B=b = 2', 'C=c = 3'], 'the stored cells are not touched');
  });

  it('throws, and changes nothing, when a change does not fit the cells', () => {
    const current = stored();
    const misfits = [
      { structure: { array: { start: 2, deleteCount: 2 } } },
      { structure: { array: { start: 3, deleteCount: 0, cells: [code('A')] } } },
      { structure: { array: { start: 1, deleteCount: 1, cells: [code('C')] } } },
      {
        structure: { array: { start: 3, deleteCount: 0, cells: [code('D')] }, didOpen: [{ uri: uri('D'), languageId: 'python', version: 1, text: 'd = 4\n' }] },
        textContent: [{ document: { uri: uri('X'), version: 1 }, changes: [{ text: 'x = 0\n' }] }],
      },
    ];
    for (const misfit of misfits) {
      assert.throws(() => changedNotebookCells(current, { cells: misfit }), NotebookChangeError, JSON.stringify(misfit));
    }
    assert.deepEqual(summary(current), ['A=a = 1', 'B=b = 2', 'C=c = 3']);
  });
});
