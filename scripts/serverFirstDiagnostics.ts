import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SERVER_NODE_FLAGS } from '../server/nodeFlags';

/**
 * First diagnostics as an editor sees them: a fresh language server (dist/server.js, started
 * with VS Code's flags, over stdio) is initialized, then sent didOpen of `text`; the time is from
 * writing didOpen to reading its publishDiagnostics. Unlike the in-process figure, it holds what
 * the server does around the lint (the wait before linting, reading the message, sending the
 * diagnostics). `openAfterMs`: how long after `initialized` didOpen is sent — 0 as an editor
 * that restores an open notebook, longer for a notebook opened in a server already running
 * (which warms up while idle: server/warmUp.ts). Milliseconds per fresh server, or a reason when
 * it could not be measured.
 */
export async function serverFirstDiagnostics(root: string, text: string, servers: number, openAfterMs = 0): Promise<number[] | { error: string }> {
  const script = path.join(root, 'dist', 'server.js');
  if (!fs.existsSync(script)) return { error: 'dist/server.js missing: npm run build' };
  const times: number[] = [];
  for (let i = 0; i < servers; i++) {
    try {
      times.push(await oneServer(script, text, openAfterMs));
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }
  return times;
}

const URI = 'file:///bench/first_diagnostics.py';
const TIMEOUT_MS = 30_000;

function oneServer(script: string, text: string, openAfterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, script, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const timer = setTimeout(() => finish(new Error(`no diagnostics within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    let opened = 0;
    let buffer = Buffer.alloc(0);
    function finish(result: number | Error): void {
      clearTimeout(timer);
      child.kill();
      if (typeof result === 'number') resolve(result);
      else reject(result);
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
          send({ method: 'initialized', params: {} });
          const open = () => {
            opened = performance.now();
            send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'python', version: 1, text } } });
          };
          if (openAfterMs > 0) setTimeout(open, openAfterMs);
          else open();
        } else if (message.method === 'textDocument/publishDiagnostics' && message.params?.uri === URI) {
          finish(performance.now() - opened);
        } else if (message.id !== undefined && message.method) {
          // A request of the server's (configuration, registrations): answered with defaults.
          send({ id: message.id, result: message.method === 'workspace/configuration' ? (message.params?.items ?? []).map(() => null) : null });
        }
      }
    });
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  });
}
