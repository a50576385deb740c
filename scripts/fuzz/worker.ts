import { parentPort } from 'node:worker_threads';
import { checkInput, DEFAULT_CHECK_OPTIONS, loadEngine, type CheckOptions, type Engine } from './engineCheck';
import type { FuzzInput } from './inputs';
import { runSequence } from './incremental';

/** The engine in a worker thread, so that the harness can stop an input that hangs. */
export type WorkerTask = { type: 'input'; input: FuzzInput; options: CheckOptions } | { type: 'sequence'; seed: number; steps: number };
export type WorkerRequest = WorkerTask & { id: number };

let engine: Promise<Engine> | undefined;
parentPort?.on('message', async (request: WorkerRequest) => {
  engine ??= loadEngine();
  const loaded = await engine;
  const result = request.type === 'input' ? checkInput(loaded, request.input, request.options ?? DEFAULT_CHECK_OPTIONS) : runSequence(loaded, request.seed, request.steps);
  parentPort?.postMessage({ id: request.id, result });
});
