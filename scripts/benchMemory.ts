import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_NODE_FLAGS } from '../server/nodeFlags';
import { WARM_UP_DELAY_MS } from '../server/warmUp';
import { delay, LspTestClient } from '../test/support/lspClient';

/**
 * Server memory (resident set) with 20 documents open and edited, as an editor holds them:
 * printed, never asserted. Documents: the .py files of `folder` (the largest 20), or the
 * practice notebooks opened under several names.
 */
const DOCUMENTS = 20;
const EDIT_ROUNDS = 30;
/** V8's memory reducer starts after ~8 s without allocation: what the server holds while the user reads. */
const REST_SECONDS = 12;

function residentMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function documentsFrom(folder: string | undefined): Array<{ uri: string; text: string }> {
  const root = folder ?? path.join(__dirname, '..', 'examples');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.py')) files.push(full);
    }
  };
  walk(root);
  files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  const chosen = files.slice(0, DOCUMENTS);
  return Array.from({ length: Math.min(DOCUMENTS, chosen.length * DOCUMENTS) }, (_, index) => {
    const file = chosen[index % chosen.length];
    return { uri: `${pathToFileURL(file).href}${index >= chosen.length ? `?copy=${index}` : ''}`, text: fs.readFileSync(file, 'utf8') };
  }).slice(0, DOCUMENTS);
}

export async function benchMemory(folder?: string): Promise<void> {
  if (!fs.existsSync('/proc/self/status')) {
    console.log('server memory: skipped (needs /proc to read the resident set)');
    return;
  }
  // The server as it ships: the extension and the npm package carry the production build
  // (minified), whose source V8 keeps in the heap (1.0 MB instead of the development build's 1.8).
  const production = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-bench-production-'));
  try {
    const build = spawnSync(process.execPath, [path.join(__dirname, 'build.mjs'), '--production', '--outdir', production], { cwd: path.join(__dirname, '..'), encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`the production build failed: ${build.stderr.slice(0, 500)}`);
    const bundle = path.join(production, 'server.js');
    // As VS Code starts the server (with SERVER_NODE_FLAGS), then as `mltraps-server` starts (plain node).
    await measureServer(bundle, folder, SERVER_NODE_FLAGS, `node ${SERVER_NODE_FLAGS.join(' ')}, as the VS Code extension starts it`);
    await measureServer(bundle, folder, [], 'plain node, as mltraps-server starts');
  } finally {
    fs.rmSync(production, { recursive: true, force: true });
  }
}

async function measureServer(bundle: string, folder: string | undefined, flags: readonly string[], how: string): Promise<void> {
  const documents = documentsFrom(folder);
  const client = new LspTestClient('stdio', bundle, [process.execPath, ...flags, bundle, '--stdio']);
  try {
    await client.initialize();
    // A server is started before its documents come (the workspace opens): it warms up while
    // idle (server/warmUp.ts), and what that leaves in memory counts.
    await delay(WARM_UP_DELAY_MS + 3_000);
    const pid = client.process.pid!;
    const atStart = residentMegabytes(pid);
    for (const { uri, text } of documents) {
      const published = client.nextDiagnostics(uri, 60_000);
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      await published;
    }
    const opened = residentMegabytes(pid);
    let version = 2;
    for (let round = 0; round < EDIT_ROUNDS; round++) {
      for (const { uri } of documents) {
        const published = client.nextDiagnostics(uri, 60_000);
        const change = { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `edited_${round} = ${round}\n` };
        await client.notify('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [change] });
        await published;
      }
    }
    const edited = residentMegabytes(pid);
    await new Promise((resolve) => setTimeout(resolve, REST_SECONDS * 1000));
    const lines = documents.reduce((sum, { text }) => sum + text.split('\n').length, 0);
    console.log(
      `server memory (RSS; production build; ${how}), ${documents.length} documents (${lines} lines) from ${folder ?? 'examples/'}: ` +
        `${atStart.toFixed(0)} MB at start (warmed up), ${opened.toFixed(0)} MB with them open, ${edited.toFixed(0)} MB after ${EDIT_ROUNDS * documents.length} edits, ` +
        `${residentMegabytes(pid).toFixed(0)} MB ${REST_SECONDS} s later (target < 100 MB)`,
    );
  } finally {
    await client.stop();
    client.kill();
  }
}

if (require.main === module) void benchMemory(process.argv[2]);
