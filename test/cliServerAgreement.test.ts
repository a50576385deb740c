import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, SERVER_BUNDLE } from './support/lspClient';

/**
 * One engine behind both front ends: the CLI and the language server must report the same
 * findings for the same text. Checked on every practice notebook and the five-traps fixture.
 */
const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FILES = [
  ...fs.readdirSync(path.join(ROOT, 'examples')).filter((name) => name.endsWith('.py')).map((name) => path.join(ROOT, 'examples', name)),
  path.join(ROOT, 'test', 'fixtures', 'five-traps.py'),
];

const LSP_SEVERITY: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };

interface CliFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: string;
  message: string;
}

/** `code line:col-line:col severity message`, zero-based as LSP counts. */
function cliKeys(file: string): string[] {
  let output: string;
  try {
    output = execFileSync(process.execPath, [CLI, '--format', 'json', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // Exit code 1 means findings: the JSON is on stdout all the same.
    output = (error as { stdout: string }).stdout;
  }
  return (JSON.parse(output) as CliFinding[])
    .map((f) => `${f.code} ${f.line - 1}:${f.column - 1}-${f.endLine - 1}:${f.endColumn - 1} ${LSP_SEVERITY[f.severity]} ${f.message}`)
    .sort();
}

describe('the CLI and the language server agree', function () {
  this.timeout(60000);
  let client: LspTestClient;

  before(async () => {
    assert.ok(fs.existsSync(SERVER_BUNDLE) && fs.existsSync(CLI), 'dist/ is built (npm run build)');
    client = new LspTestClient('stdio');
    await client.initialize();
  });

  after(async () => {
    await client.stop();
    client.kill();
  });

  for (const file of FILES) {
    it(path.relative(ROOT, file), async () => {
      const uri = pathToFileURL(file).href;
      const published = client.nextDiagnostics(uri, 20000);
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: fs.readFileSync(file, 'utf8') } });
      const { diagnostics } = await published;
      const serverKeys = diagnostics
        .map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.message}`)
        .sort();
      const expected = cliKeys(file);
      assert.ok(expected.length > 0, 'the file has findings');
      assert.deepEqual(serverKeys, expected);
      await client.notify('textDocument/didClose', { textDocument: { uri } });
    });
  }
});
