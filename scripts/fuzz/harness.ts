import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { checkInput, type CheckOptions, DEFAULT_CHECK_OPTIONS, type Engine, type FailureKind, type InputResult, loadEngine, slowestOperation } from './engineCheck';
import { type FuzzInput, generateInput } from './inputs';
import { runSequence, type SequenceResult } from './incremental';
import { derivedSeed } from './random';
import { shrinkText } from './shrink';
import type { WorkerTask } from './worker';

/**
 * `npm run fuzz`: generated inputs through the engine (engineCheck.ts), then random edit
 * sequences through the server's document store (incremental.ts), bounded by count and by
 * time, every input and sequence made from a seed derived from the run's seed. A failure or
 * an input slower than `slowMs` is reported with its seed and a shrunk reproduction.
 */

export interface FuzzOptions {
  seed: number;
  /** At most this many engine inputs... */
  count: number;
  /** ...and this many edit sequences of `steps` edits... */
  sequences: number;
  steps: number;
  /** ...within this time (the engine inputs get 60 % of it when both modes run). */
  timeMs: number;
  mode: 'engine' | 'incremental' | 'both';
  /** An operation slower than this is a finding (the issue's bar: 2 s). */
  slowMs: number;
  /** Run the engine in a worker thread and stop an input after this long (a hang). 0: in this thread, no limit. */
  hardTimeoutMs: number;
  /** Time spent shrinking each reproduction. */
  shrinkMs: number;
  check: CheckOptions;
  /** Where reproductions are written. */
  outDir?: string;
  log?: (line: string) => void;
}

export const DEFAULT_FUZZ_OPTIONS: FuzzOptions = {
  seed: 1,
  count: 3000,
  sequences: 400,
  steps: 25,
  timeMs: 60_000,
  mode: 'both',
  slowMs: 2000,
  hardTimeoutMs: 30_000,
  shrinkMs: 20_000,
  check: DEFAULT_CHECK_OPTIONS,
};

export interface FuzzProblem {
  kind: FailureKind | 'slow';
  seed: number;
  /** The generator of the input, or `edits` for an edit sequence. */
  generator: string;
  detail: string;
  /** The shrunk input (engine) or the last edits (sequence). */
  reproduction?: string;
  /** Where the reproduction was written. */
  file?: string;
}

export interface SlowInput {
  seed: number;
  generator: string;
  length: number;
  operation: string;
  ms: number;
}

export interface FuzzSummary {
  seed: number;
  inputs: number;
  skipped: number;
  findings: number;
  generators: Map<string, number>;
  operations: Map<string, { count: number; ms: number; maxMs: number }>;
  sequences: number;
  edits: number;
  brokenCodeDivergences: number;
  slowest: SlowInput[];
  failures: FuzzProblem[];
  slow: FuzzProblem[];
  elapsedMs: number;
}

interface Runner {
  input(input: FuzzInput, check: CheckOptions): Promise<InputResult | 'timeout'>;
  sequence(seed: number, steps: number): Promise<SequenceResult | 'timeout'>;
  close(): Promise<void>;
}

function inProcessRunner(engine: Engine): Runner {
  return {
    input: async (input, check) => checkInput(engine, input, check),
    sequence: async (seed, steps) => runSequence(engine, seed, steps),
    close: async () => {},
  };
}

/** The engine in a worker thread: an input that runs past the limit is stopped with its worker. */
function workerRunner(timeoutMs: number): Runner {
  let worker: Worker | undefined;
  let nextId = 0;
  const start = () => new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(path.join(__dirname, 'worker.ts'))});`, { eval: true });
  const ask = <T>(request: WorkerTask): Promise<T | 'timeout'> => {
    worker ??= start();
    const current = worker;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        worker = undefined;
        void current.terminate();
        resolve('timeout');
      }, timeoutMs);
      const onMessage = (message: { id: number; result: T }) => {
        if (message.id !== id) return;
        cleanup();
        resolve(message.result);
      };
      const onError = (error: Error) => {
        cleanup();
        worker = undefined;
        reject(error);
      };
      const cleanup = () => {
        clearTimeout(timer);
        current.off('message', onMessage);
        current.off('error', onError);
      };
      current.on('message', onMessage);
      current.on('error', onError);
      current.postMessage({ ...request, id });
    });
  };
  return {
    // The first request also loads the engine in the worker: it gets a longer limit.
    input: (input, check) => ask<InputResult>({ type: 'input', input, options: check }),
    sequence: (seed, steps) => ask<SequenceResult>({ type: 'sequence', seed, steps }),
    close: async () => {
      await worker?.terminate();
      worker = undefined;
    },
  };
}

function writeReproduction(options: FuzzOptions, name: string, text: string): string | undefined {
  const dir = options.outDir ?? path.join(os.tmpdir(), 'mltraps-fuzz');
  try {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  } catch {
    return undefined;
  }
}

export async function runFuzz(partial: Partial<FuzzOptions> = {}): Promise<FuzzSummary> {
  const options: FuzzOptions = { ...DEFAULT_FUZZ_OPTIONS, ...partial, check: { ...DEFAULT_FUZZ_OPTIONS.check, ...partial.check } };
  const log = options.log ?? (() => {});
  const started = performance.now();
  const summary: FuzzSummary = {
    seed: options.seed,
    inputs: 0,
    skipped: 0,
    findings: 0,
    generators: new Map(),
    operations: new Map(),
    sequences: 0,
    edits: 0,
    brokenCodeDivergences: 0,
    slowest: [],
    failures: [],
    slow: [],
    elapsedMs: 0,
  };
  const runner = options.hardTimeoutMs > 0 ? workerRunner(options.hardTimeoutMs) : inProcessRunner(await loadEngine());
  try {
    // Warm up (the worker loads the parser and the rules) before the clock matters.
    await runner.input({ seed: 0, generator: 'warm-up', kind: 'py', text: 'import mlflow\n' }, options.check);
    const engineDeadline = started + (options.mode === 'both' ? options.timeMs * 0.6 : options.timeMs);
    if (options.mode !== 'incremental') {
      for (let index = 0; index < options.count && performance.now() < engineDeadline; index++) {
        const input = generateInput(derivedSeed(options.seed, index));
        const family = input.generator.split(/[:+]/)[0];
        summary.generators.set(family, (summary.generators.get(family) ?? 0) + 1);
        summary.inputs++;
        const result = await runner.input(input, options.check);
        if (result === 'timeout') {
          summary.slow.push({ kind: 'hang', seed: input.seed, generator: input.generator, detail: `still running after ${options.hardTimeoutMs} ms (stopped)`, file: writeReproduction(options, `${input.seed}.${input.kind}`, input.text) });
          log(`hang: seed ${input.seed} (${input.generator})`);
          continue;
        }
        await record(options, runner, summary, input, result, log);
      }
    }
    if (options.mode !== 'engine') {
      const deadline = started + options.timeMs;
      for (let index = 0; index < options.sequences && performance.now() < deadline; index++) {
        const seed = derivedSeed(options.seed ^ 0x1ed17, index);
        const result = await runner.sequence(seed, options.steps);
        summary.sequences++;
        if (result === 'timeout') {
          summary.slow.push({ kind: 'hang', seed, generator: 'edits', detail: `edit sequence still running after ${options.hardTimeoutMs} ms (stopped)` });
          continue;
        }
        summary.edits += result.edits;
        summary.brokenCodeDivergences += result.brokenCodeDivergences;
        for (const failure of result.failures) {
          summary.failures.push({ kind: failure.kind, seed, generator: 'edits', detail: failure.detail, reproduction: result.log.slice(-4).join('\n') });
          log(`failure: edit sequence ${seed}: ${failure.detail}`);
        }
      }
    }
  } finally {
    await runner.close();
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

async function record(options: FuzzOptions, runner: Runner, summary: FuzzSummary, input: FuzzInput, result: InputResult, log: (line: string) => void): Promise<void> {
  if (result.skipped) summary.skipped++;
  summary.findings += result.findings;
  for (const timing of result.timings) {
    const name = timing.operation.replace(/:.*/, '');
    const entry = summary.operations.get(name) ?? { count: 0, ms: 0, maxMs: 0 };
    entry.count++;
    entry.ms += timing.ms;
    entry.maxMs = Math.max(entry.maxMs, timing.ms);
    summary.operations.set(name, entry);
  }
  const slowest = slowestOperation(result);
  summary.slowest.push({ seed: input.seed, generator: input.generator, length: input.text.length, operation: slowest.operation, ms: slowest.ms });
  summary.slowest.sort((a, b) => b.ms - a.ms);
  summary.slowest.length = Math.min(summary.slowest.length, 8);

  const shrink = async (stillFails: (result: InputResult) => boolean): Promise<string> =>
    shrinkText(
      input.text,
      async (candidate) => {
        const retried = await runner.input({ ...input, text: candidate }, options.check);
        return retried !== 'timeout' && stillFails(retried);
      },
      options.shrinkMs,
    );
  const seen = new Set<string>();
  for (const failure of result.failures) {
    if (seen.has(failure.key)) continue;
    seen.add(failure.key);
    log(`failure: seed ${input.seed} (${input.generator}): ${failure.detail}`);
    const reproduction = await shrink((retried) => retried.failures.some((other) => other.key === failure.key));
    summary.failures.push({ kind: failure.kind, seed: input.seed, generator: input.generator, detail: failure.detail, reproduction, file: writeReproduction(options, `${input.seed}-${failure.key.replace(/[^\w-]/g, '_')}.${input.kind}`, reproduction) });
  }
  if (slowest.ms > options.slowMs) {
    // The machine may have been busy: slow only if a second run is slow too.
    const again = await runner.input(input, options.check);
    const confirmed = again === 'timeout' ? Infinity : Math.min(slowest.ms, slowestOperation(again).ms);
    if (confirmed > options.slowMs) {
      log(`slow: seed ${input.seed} (${input.generator}): ${slowest.operation} ${Math.round(slowest.ms)} ms`);
      const reproduction = await shrink((retried) => retried.timings.some((timing) => timing.operation === slowest.operation && timing.ms > options.slowMs));
      summary.slow.push({ kind: 'slow', seed: input.seed, generator: input.generator, detail: `${slowest.operation} took ${Math.round(slowest.ms)} ms (${input.text.length} chars)`, reproduction, file: writeReproduction(options, `${input.seed}-slow.${input.kind}`, reproduction) });
    }
  }
}

function excerpt(text: string, limit = 300): string {
  const json = JSON.stringify(text);
  return json.length <= limit ? json : `${json.slice(0, limit)}... (${text.length} chars)`;
}

/** What a run found, for the terminal. */
export function formatSummary(summary: FuzzSummary, options: Pick<FuzzOptions, 'slowMs'> = DEFAULT_FUZZ_OPTIONS): string {
  const lines: string[] = [];
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  lines.push(`mltraps fuzz, seed ${summary.seed}: ${summary.inputs} inputs (${summary.skipped} declined by the engine, ${summary.findings} findings), ${summary.sequences} edit sequences (${summary.edits} edits) in ${seconds(summary.elapsedMs)}`);
  if (summary.generators.size > 0) lines.push(`  inputs by generator: ${[...summary.generators].map(([name, count]) => `${name} ${count}`).join(', ')}`);
  if (summary.operations.size > 0) {
    lines.push(`  operations (count, total, slowest): ${[...summary.operations].map(([name, entry]) => `${name} ${entry.count} ${Math.round(entry.ms)} ms ${Math.round(entry.maxMs)} ms`).join('; ')}`);
  }
  if (summary.brokenCodeDivergences > 0) lines.push(`  edits after which the store's findings differed on code with syntax errors (tree-sitter's recovery, not a failure): ${summary.brokenCodeDivergences}`);
  if (summary.slowest.length > 0) {
    lines.push('  slowest inputs:');
    for (const slow of summary.slowest.slice(0, 5)) lines.push(`    ${Math.round(slow.ms)} ms ${slow.operation}  seed ${slow.seed} (${slow.generator}, ${slow.length} chars)`);
  }
  const problems = [...summary.failures, ...summary.slow];
  if (problems.length === 0) lines.push(`No failures, no input slower than ${options.slowMs} ms.`);
  else {
    lines.push(`${summary.failures.length} failure(s), ${summary.slow.length} input(s) slower than ${options.slowMs} ms:`);
    for (const problem of problems) {
      lines.push(`  ${problem.kind}: seed ${problem.seed} (${problem.generator}): ${problem.detail}`);
      if (problem.reproduction !== undefined) lines.push(`    reproduction: ${problem.generator === 'edits' ? problem.reproduction.replace(/\n/g, '\n      ') : excerpt(problem.reproduction)}`);
      if (problem.file) lines.push(`    written to ${problem.file}`);
      lines.push(`    replay: npm run fuzz -- ${problem.generator === 'edits' ? '--replay-sequence' : '--replay'} ${problem.seed}`);
    }
  }
  return lines.join('\n');
}
