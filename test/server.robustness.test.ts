import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from './support/lspClient';

// Failures fuzzing found in the server: a client that never answers workspace/configuration,
// a didChange whose second change is malformed, and broken message framing.

const TRAP = 'config = {"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 90}, {"served_model_name": "b", "traffic_percentage": 15}]}}\n';
const keys = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}`).sort();

async function started(capabilities: object = {}): Promise<LspTestClient> {
  const client = new LspTestClient('stdio');
  await client.request('initialize', { processId: process.pid, rootUri: null, capabilities });
  await client.notify('initialized', {});
  return client;
}

function waitForExit(client: LspTestClient, timeoutMs: number): Promise<number | null> {
  if (!client.isRunning) return Promise.resolve(client.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not exit within ${timeoutMs} ms`)), timeoutMs);
    client.process.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('language server robustness', function () {
  this.timeout(60_000);
  let client: LspTestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client?.kill();
    client = undefined;
  });

  it('a client that never answers workspace/configuration still gets diagnostics, with the default settings', async () => {
    client = await started({ workspace: { configuration: true } });
    client.connection.onRequest('workspace/configuration', () => new Promise(() => {}));
    const uri = 'file:///never-answers.py';
    const published = client.nextDiagnostics(uri, 20_000);
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: TRAP } });
    assert.deepEqual(keys((await published).diagnostics), ['MLT601 0:39']);
  });

  it('a didChange whose second change is malformed is rejected whole: later diagnostics match a fresh open of the same text', async () => {
    client = await started();
    const uri = 'file:///edited.py';
    const opened = client.nextDiagnostics(uri, 20_000);
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: `x = 1\n${TRAP}` } });
    await opened;
    const insertLine = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# one more line\n' };
    for (const malformed of [{ range: { start: { line: 'two' }, end: { line: 0, character: 0 } }, text: 'y' }, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, null]) {
      await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [insertLine, malformed] });
    }
    // A well-formed change after them: the server's text must be the one before the rejected notifications, plus this.
    const next = client.nextDiagnostics(uri, 20_000);
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [insertLine] });
    const afterEdits = keys((await next).diagnostics);
    const fresh = 'file:///fresh.py';
    const freshPublished = client.nextDiagnostics(fresh, 20_000);
    await client.notify('textDocument/didOpen', { textDocument: { uri: fresh, languageId: 'python', version: 1, text: `# one more line\nx = 1\n${TRAP}` } });
    assert.deepEqual(afterEdits, keys((await freshPublished).diagnostics));
    assert.deepEqual(afterEdits, ['MLT601 2:39']);
    assert.ok(client.log.some((line) => /content change 2 of 2 is malformed/.test(line)), client.log.join('\n'));
  });

  it('a document the engine declines says why once, in the editor and in the log, worded as a sentence', async () => {
    client = await started();
    const uri = 'file:///work/with%20nul.py';
    const published = client.nextDiagnostics(uri, 20_000);
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: `x = 1\0\n${TRAP}` } });
    assert.deepEqual((await published).diagnostics, []);
    const next = client.nextDiagnostics(uri, 20_000);
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `y = 2\0\n${TRAP}` }] });
    await next;
    const reason = 'contains a null byte (CPython refuses source code with null bytes): not linted';
    assert.deepEqual(client.shownMessages, [{ type: 3, message: `mltraps: with nul.py: ${reason}` }]);
    assert.deepEqual(client.log.filter((line) => line.includes('null byte')), [`mltraps: ${uri}: ${reason}`]);
  });

  it('an .ipynb opened as a text document (its JSON) says how to lint it instead of reading JSON as Python', async () => {
    client = await started();
    const uri = 'file:///work/churn.ipynb';
    const published = client.nextDiagnostics(uri, 20_000);
    const notebook = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: [TRAP], outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: notebook } });
    assert.deepEqual((await published).diagnostics, []);
    assert.equal(client.shownMessages.length, 1);
    assert.match(client.shownMessages[0].message, /^mltraps: churn\.ipynb: a Jupyter notebook open as text \(its JSON\): open it as a notebook .*, or run `mltraps` on the file: not linted$/);
  });

  it('hovers in plain text for a client that renders no markdown, in markdown for the others', async () => {
    const hoverWith = async (capabilities: object) => {
      client = await started(capabilities);
      const uri = 'file:///hover.py';
      const published = client.nextDiagnostics(uri, 20_000);
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: TRAP } });
      const diagnostic = (await published).diagnostics[0];
      const hover = await client.request<{ contents: { kind: string; value: string } }>('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start });
      await client.stop();
      client.kill();
      client = undefined;
      return hover.contents;
    };
    const plain = await hoverWith({ textDocument: { hover: { contentFormat: ['plaintext'] } } });
    const markdown = await hoverWith({ textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } });
    assert.equal(markdown.kind, 'markdown');
    assert.match(markdown.value, /\*\*MLT601 traffic-split-not-100\*\*/);
    assert.equal(plain.kind, 'plaintext');
    assert.match(plain.value, /^MLT601 traffic-split-not-100 \(error\)/);
    assert.doesNotMatch(plain.value, /\*\*|```|\]\(/);
  });

  it('broken message framing on stdio: the server says why on stderr and exits, so that the editor restarts it', async () => {
    client = await started();
    client.process.stdin?.write('Content-Type: application/vscode-jsonrpc\r\n\r\n{"jsonrpc":"2.0","method":"exit"}');
    assert.equal(await waitForExit(client, 10_000), 1);
    assert.ok(client.log.some((line) => /unreadable message from the client \(Header must provide a Content-Length property\.\): exiting so that the editor can restart the server/.test(line)), client.log.join('\n'));
  });

  it('the client closing stdin ends the server', async () => {
    client = await started();
    client.process.stdin?.end();
    assert.equal(await waitForExit(client, 10_000), 1);
  });
});
