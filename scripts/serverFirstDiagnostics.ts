import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SERVER_NODE_FLAGS } from '../server/nodeFlags';

/** One fresh server: when it answered `initialize` (from its start) and published (from didOpen). */
export interface FreshServerTimes {
  initializeAnsweredMs: number;
  firstDiagnosticsMs: number;
}

/**
 * First diagnostics as VS Code sees them: a fresh language server, started as the extension
 * starts it (dist/startServer.js, which loads dist/server.js through V8's code cache, with VS
 * Code's node flags; over stdio here), is initialized, then sent didOpen of `text`; the time is
 * from writing didOpen to reading its publishDiagnostics. Unlike the in-process figure, it holds
 * what the server does around the lint (the wait before linting, reading the message, sending
 * the diagnostics). `openAfterMs`: how long after `initialized` didOpen is sent — 0 as an editor
 * that restores an open notebook, longer for a notebook opened in a server already running
 * (which warms up while idle: server/warmUp.ts). The code cache lives in a temporary folder: a
 * first server, not counted, writes it when it exits, as after the first start of an installed
 * extension; it is reported apart. Each server is shut down as an editor does it (shutdown,
 * exit). Figures per fresh server, or a reason when they could not be measured.
 */
export async function serverFirstDiagnostics(
  root: string,
  text: string,
  servers: number,
  openAfterMs = 0,
): Promise<{ uncached: FreshServerTimes; cached: FreshServerTimes[] } | { error: string }> {
  const script = path.join(root, 'dist', 'startServer.js');
  if (!fs.existsSync(script)) return { error: 'dist/startServer.js missing: npm run build' };
  const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-bench-cache-'));
  const env = { ...process.env, XDG_CACHE_HOME: cacheHome };
  try {
    const uncached = await oneServer(script, env, text, openAfterMs);
    const cached: FreshServerTimes[] = [];
    for (let i = 0; i < servers; i++) cached.push(await oneServer(script, env, text, openAfterMs));
    return { uncached, cached };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    fs.rmSync(cacheHome, { recursive: true, force: true });
  }
}

const URI = 'file:///bench/first_diagnostics.py';
const TIMEOUT_MS = 30_000;

function oneServer(script: string, env: NodeJS.ProcessEnv, text: string, openAfterMs: number): Promise<FreshServerTimes> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, script, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env });
    const timer = setTimeout(() => finish(new Error(`no diagnostics within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    let opened = 0;
    let initializeAnsweredMs = 0;
    let buffer = Buffer.alloc(0);
    let finished = false;
    function finish(result: FreshServerTimes | Error): void {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (result instanceof Error) {
        child.kill();
        reject(result);
        return;
      }
      // As an editor stops it, so that the first server writes the code cache when it exits.
      child.removeAllListeners('exit');
      const killer = setTimeout(() => child.kill(), 5_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve(result);
      });
      send({ id: 2, method: 'shutdown' });
      send({ method: 'exit' });
    }
    const send = (message: object) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    child.on('error', finish);
    child.on('exit', (code) => finish(new Error(`the server exited (${code}) before publishing`)));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as { id?: number; method?: string; result?: unknown; params?: { uri?: string; items?: unknown[] } };
        buffer = buffer.subarray(headerEnd + 4 + length);
        if (message.id === 1 && !message.method) {
          initializeAnsweredMs = performance.now() - started;
          send({ method: 'initialized', params: {} });
          const open = () => {
            opened = performance.now();
            send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'python', version: 1, text } } });
          };
          if (openAfterMs > 0) setTimeout(open, openAfterMs);
          else open();
        } else if (message.method === 'textDocument/publishDiagnostics' && message.params?.uri === URI) {
          finish({ initializeAnsweredMs, firstDiagnosticsMs: performance.now() - opened });
        } else if (message.id !== undefined && message.method) {
          // A request of the server's (configuration, registrations): answered with defaults.
          send({ id: message.id, result: message.method === 'workspace/configuration' ? (message.params?.items ?? []).map(() => null) : null });
        }
      }
    });
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  });
}
