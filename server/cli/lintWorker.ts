import { parentPort, Worker, workerData } from 'node:worker_threads';
import { allRules } from '../../rules';
import { Linter } from '../../rules/engine/linter';
import { loadPythonParser } from '../../rules/engine/parser';
import { createInclusionReader } from '../inclusions';
import { lintFileRecording, type LintDependencies } from './lintDependencies';
import type { FileLintJob, FileOutcome } from './lintFile';

/**
 * `--jobs N`: the CLI bundle started again as a worker thread (dist/cli.js is its own worker
 * entry, so the packages ship no other file). Each worker loads the grammar once and lints
 * the files it is sent, one at a time; the main thread reads, hashes and caches, and prints
 * the results in the files' order, so the output is the same whatever N.
 */

const WORKER_ROLE = 'mltraps-lint-worker';

export interface WorkerJob extends FileLintJob {
  /** Record what the result depends on (the main thread caches it). */
  record: boolean;
}

export interface WorkerResult {
  outcome: FileOutcome;
  dependencies?: LintDependencies;
}

type ToWorker = { id: number; job: WorkerJob };
type FromWorker = { id: number; result: WorkerResult } | { id: number; error: string };

/** Whether this thread is a lint worker (the bundle's entry then runs `runLintWorker`, not the CLI). */
export function isLintWorker(): boolean {
  return parentPort !== null && (workerData as { role?: string } | null)?.role === WORKER_ROLE;
}

export async function runLintWorker(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const linter = new Linter(await loadPythonParser(), allRules);
  // One reader for the worker's life: a setup notebook that many notebooks run is read once per worker.
  const readInclusion = createInclusionReader();
  port.on('message', ({ id, job }: ToWorker) => {
    let reply: FromWorker;
    try {
      reply = { id, result: lintFileRecording(linter, job, readInclusion, job.record) };
    } catch (error) {
      reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(reply);
  });
}

/** Worker threads running `script` (the CLI bundle), each sent the next file when it is done with one. */
export class LintWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ id: number; job: WorkerJob }> = [];
  private readonly waiting = new Map<number, { resolve(result: WorkerResult): void; reject(error: Error): void }>();
  private readonly busy = new Map<Worker, number>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(script: string, size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, { workerData: { role: WORKER_ROLE }, stdout: false, stderr: false });
      worker.on('message', (message: FromWorker) => this.settle(worker, message));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (this.busy.has(worker)) this.fail(new Error(`a lint worker stopped (exit code ${code})`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  lint(job: WorkerJob): Promise<WorkerResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const promise = new Promise<WorkerResult>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.queue.push({ id, job });
    this.dispatch();
    return promise;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const next = this.queue.shift()!;
      this.busy.set(worker, next.id);
      // The bytes are moved, not copied: the main thread is done with them once hashed.
      const transfer = next.job.contents.byteOffset === 0 && next.job.contents.byteLength === next.job.contents.buffer.byteLength && next.job.contents.buffer instanceof ArrayBuffer ? [next.job.contents.buffer] : [];
      worker.postMessage(next satisfies ToWorker, transfer);
    }
  }

  private settle(worker: Worker, message: FromWorker): void {
    this.busy.delete(worker);
    this.idle.push(worker);
    const waiting = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    if ('error' in message) waiting?.reject(new Error(message.error));
    else waiting?.resolve(message.result);
    this.dispatch();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.waiting.values()) reject(this.failure);
    this.waiting.clear();
    this.queue.length = 0;
  }
}
