import { parentPort, Worker, workerData } from 'node:worker_threads';
import { allRules } from '../../rules';
import { IncludedTreeCache } from '../../rules/engine/includedTrees';
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
/**
 * Jobs sent to a worker before it answers: it goes on to the next while the main thread, busy
 * linting a file of its own, has not yet read the worker's answers (and sent it more). With 2 a
 * worker sat idle 1.1 s of a 4.4 s run over 5,000 real files, and --jobs 2 took 4.8-5.0 s; with
 * 8, 4.1-4.2 s (--jobs 1: 5.7 s). Most files of a whole repository mention none of the rules'
 * words and take the worker microseconds: 8 of them did not last while the main thread linted
 * one notebook, and on h65f (3,362 files) the worker still sat idle 0.51 s of 2.7; with 64,
 * 0.15 s, and --jobs 2 took 2.96 s against 3.25 (medians of 10 alternated runs). Toward the end
 * of a run fewer are sent ahead (jobsAhead).
 */
const JOBS_AHEAD = 64;

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
  const linter = new Linter(await loadPythonParser(), allRules, new IncludedTreeCache());
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

/**
 * Worker threads running `script` (the CLI bundle), each sent the next file when it is done with
 * one; the main thread takes its share with takeOne. The workers take the queue from its front,
 * the main thread from its back: given the files in path order, each thread lints a stretch of
 * neighbouring files, so a setup notebook that a folder's notebooks `%run` is parsed by one
 * thread (each thread keeps its own trees of included code), not by every thread. Handing out
 * the largest files first spread every folder over all threads: on 4,724 real files (5 runs
 * each, medians), --jobs 2 took 4.77 s and 8.3 CPU-seconds; in this order, with the workers
 * started while the files are read, 4.58 s and 7.9 (--jobs 1: 6.28 s).
 */
export class LintWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly queue: Array<{ id: number; job: WorkerJob }> = [];
  private readonly waiting = new Map<number, { resolve(result: WorkerResult): void; reject(error: Error): void }>();
  /** The jobs each worker holds (being linted, or sent ahead so that it never waits for this thread). */
  private readonly busy = new Map<Worker, number>();
  private nextId = 0;
  private failure: Error | undefined;

  /** `loader`: a module whose requireWithCompileCache loads `script` (bin/compileCache.js). */
  constructor(
    private readonly script: string,
    private readonly loader?: string,
  ) {}

  /**
   * A worker's code that loads the bundle through V8's code cache, which the main thread wrote
   * with the functions its runs compiled: compiled from source, each worker compiled them again.
   * The cache saves a thread 0.2-0.4 CPU-seconds over 1,657 real files (--jobs 1, 8 alternated
   * runs: 4.10 / 4.62 CPU-seconds min / median with it, 4.48 / 4.79 without); --jobs 2 took
   * 2.47-2.52 s with workers loaded this way, 2.58-2.76 s without (3 alternated runs on a quiet
   * machine). The worker only reads the cache.
   */
  private loadThroughCodeCache(): string {
    return `require(${JSON.stringify(this.loader)}).requireWithCompileCache(${JSON.stringify(this.script)}, { writeOnExit: false })`;
  }

  /** Workers in the pool. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Starts workers until there are `size`. A worker takes 0.1-0.3 s to load the bundle and the
   * grammar: the files are still being read and hashed meanwhile.
   */
  grow(size: number): void {
    while (this.workers.length < size) {
      const worker = new Worker(this.loader ? this.loadThroughCodeCache() : this.script, { eval: this.loader !== undefined, workerData: { role: WORKER_ROLE }, stdout: false, stderr: false });
      worker.on('message', (message: FromWorker) => this.settle(worker, message));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if ((this.busy.get(worker) ?? 0) > 0) this.fail(new Error(`a lint worker stopped (exit code ${code})`));
      });
      this.workers.push(worker);
      this.busy.set(worker, 0);
    }
  }

  /**
   * The next queued job for this thread to lint itself, with the function that settles it:
   * the main thread lints too, instead of waiting idle (one isolate fewer to warm up).
   */
  takeOne(): { job: WorkerJob; settle(result: WorkerResult): void } | undefined {
    const next = this.queue.pop();
    if (!next) return undefined;
    const waiting = this.waiting.get(next.id)!;
    this.waiting.delete(next.id);
    return { job: next.job, settle: waiting.resolve };
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
    for (const worker of this.workers) {
      while ((this.busy.get(worker) ?? 0) < this.jobsAhead() && this.queue.length > 0) {
        const next = this.queue.shift()!;
        this.busy.set(worker, (this.busy.get(worker) ?? 0) + 1);
        // The bytes are moved, not copied, when they have a buffer of their own: the main thread is done with them.
        const { contents } = next.job;
        const transfer = contents.byteOffset === 0 && contents.buffer instanceof ArrayBuffer && contents.byteLength === contents.buffer.byteLength ? [contents.buffer] : [];
        worker.postMessage(next satisfies ToWorker, transfer);
      }
    }
  }

  /**
   * JOBS_AHEAD while much is left; fewer toward the end (never fewer than 2), so that no worker
   * holds files another thread could take: a job sent to a worker stays there.
   */
  private jobsAhead(): number {
    return Math.max(2, Math.min(JOBS_AHEAD, Math.floor(this.queue.length / (2 * (this.workers.length + 1)))));
  }

  private settle(worker: Worker, message: FromWorker): void {
    this.busy.set(worker, (this.busy.get(worker) ?? 1) - 1);
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
