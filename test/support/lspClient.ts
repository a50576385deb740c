import { type ChildProcess, fork, spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER_NODE_FLAGS } from '../../server/nodeFlags';

export const SERVER_BUNDLE = path.join(__dirname, '..', '..', 'dist', 'server.js');

/**
 * A minimal LSP client for protocol tests: starts `node dist/server.js --stdio` (framed
 * JSON-RPC over the pipes) or `--node-ipc` (Node's IPC channel) and speaks to it. Publish-diagnostics notifications are recorded per document so a
 * test can wait for the next one.
 */
export class LspTestClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  /** What the server logged (window/logMessage) and wrote to stderr. */
  readonly log: string[] = [];
  /** What the server showed the user (window/showMessage), in order. */
  readonly shownMessages: Array<{ type: number; message: string }> = [];
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: Array<{ uri: string; count: number; resolve: (params: PublishDiagnosticsParams) => void }> = [];
  private exited = false;
  exitCode: number | null = null;

  /**
   * `command`, when given, replaces `node <serverPath> --stdio` (an installed `mltraps-server`
   * started as an editor would, through its own shebang); stdio only. `env`: the server's
   * environment, when not this process's.
   */
  constructor(transport: 'stdio' | 'ipc' = 'stdio', serverPath = SERVER_BUNDLE, command?: readonly [string, ...string[]], env?: NodeJS.ProcessEnv) {
    if (transport === 'stdio') {
      const [executable, ...args] = command ?? [process.execPath, serverPath, '--stdio'];
      const child = spawn(executable, args, { stdio: 'pipe', ...(env ? { env } : {}) });
      this.process = child;
      this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    } else {
      // As VS Code's client forks it: its node flags (server/nodeFlags.ts), not this process's.
      const child = fork(serverPath, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [...SERVER_NODE_FLAGS], ...(env ? { env } : {}) });
      this.process = child;
      this.connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    }
    this.process.on('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
    });
    this.process.stderr?.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.log.push(params.message));
    this.connection.onNotification('window/showMessage', (params: { type: number; message: string }) => this.shownMessages.push(params));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push(params);
      this.diagnostics.set(params.uri, list);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && list.length >= waiter.count) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(list[waiter.count - 1]);
        }
      }
    });
    // The server may ask for settings; answer like an editor with no mltraps settings.
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  /** Returned for every `workspace/configuration` item. */
  settings: unknown = null;

  get isRunning(): boolean {
    return !this.exited;
  }

  /** How many publishDiagnostics notifications `uri` received so far. */
  publishedCount(uri: string): number {
    return this.diagnostics.get(uri)?.length ?? 0;
  }

  /** Every uri the server published diagnostics for so far. */
  publishedUris(): string[] {
    return [...this.diagnostics.keys()];
  }

  /** The `count`-th publishDiagnostics for `uri` (1-based), waiting for it up to `timeoutMs`. */
  waitForDiagnostics(uri: string, count: number, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const list = this.diagnostics.get(uri) ?? [];
    if (list.length >= count) return Promise.resolve(list[count - 1]);
    return new Promise((resolve, reject) => {
      const waiter = { uri, count, resolve: (params: PublishDiagnosticsParams) => (clearTimeout(timer), resolve(params)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no publishDiagnostics #${count} for ${uri} within ${timeoutMs} ms (server log: ${this.log.join('\n')})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The next publishDiagnostics for `uri` after the ones received so far. */
  nextDiagnostics(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics(uri, this.publishedCount(uri) + 1, timeoutMs);
  }

  /** The LSP handshake of a client that declares no capabilities (initialize, then initialized). */
  async initialize(): Promise<void> {
    await this.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await this.notify('initialized', {});
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params?: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** shutdown + exit; kills the process if it does not exit on its own. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await Promise.race([this.request('shutdown', null), delay(2000)]);
      await this.notify('exit');
    } catch {
      // The server may already be gone; killing it below is enough.
    }
    await Promise.race([exited, delay(2000)]);
    this.kill();
  }

  kill(): void {
    this.connection.dispose();
    if (!this.exited) this.process.kill();
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
