import { parseArgs } from 'node:util';
import { checkInput, loadEngine, slowestOperation } from './fuzz/engineCheck';
import { DEFAULT_FUZZ_OPTIONS, formatSummary, runFuzz, type FuzzOptions } from './fuzz/harness';
import { runSequence } from './fuzz/incremental';
import { generateInput } from './fuzz/inputs';

/**
 * `npm run fuzz [-- options]`: the fuzz and incremental-equivalence harnesses (scripts/fuzz/).
 * Prints what it found; exits 1 on a failure or an input slower than --slow-ms.
 */
const USAGE = `Usage: npm run fuzz -- [options]
  --seed N             run seed (default: random, printed)
  --count N            engine inputs at most (default ${DEFAULT_FUZZ_OPTIONS.count})
  --sequences N        edit sequences at most (default ${DEFAULT_FUZZ_OPTIONS.sequences})
  --steps N            edits per sequence (default ${DEFAULT_FUZZ_OPTIONS.steps})
  --time S             seconds in all (default ${DEFAULT_FUZZ_OPTIONS.timeMs / 1000}; the engine inputs get 60 % with --mode both)
  --mode M             engine | incremental | both (default both)
  --slow-ms N          an operation slower than this is reported (default ${DEFAULT_FUZZ_OPTIONS.slowMs})
  --timeout S          stop an input after S seconds, in a worker thread (default ${DEFAULT_FUZZ_OPTIONS.hardTimeoutMs / 1000}; 0: in this thread)
  --shrink S           seconds spent shrinking each reproduction (default ${DEFAULT_FUZZ_OPTIONS.shrinkMs / 1000})
  --out DIR            where reproductions are written (default: the system's temp folder, mltraps-fuzz)
  --replay SEED        run the engine input of SEED alone and print it
  --replay-sequence S  run the edit sequence of seed S alone and print its edits`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      count: { type: 'string' },
      sequences: { type: 'string' },
      steps: { type: 'string' },
      time: { type: 'string' },
      mode: { type: 'string' },
      'slow-ms': { type: 'string' },
      timeout: { type: 'string' },
      shrink: { type: 'string' },
      out: { type: 'string' },
      replay: { type: 'string' },
      'replay-sequence': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const number = (value: string | undefined, name: string): number | undefined => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} wants a number, not ${JSON.stringify(value)}`);
    return parsed;
  };
  if (values.replay !== undefined) {
    const input = generateInput(number(values.replay, 'replay')! >>> 0);
    const result = checkInput(await loadEngine(), input);
    console.log(`seed ${input.seed}: ${input.generator}, ${input.kind}, ${input.text.length} chars: ${JSON.stringify(input.text.slice(0, 500))}${input.text.length > 500 ? '...' : ''}`);
    const slowest = slowestOperation(result);
    console.log(`${result.findings} findings${result.skipped ? `, declined: ${result.skipped}` : ''}; slowest operation ${slowest.operation} ${Math.round(slowest.ms)} ms`);
    for (const failure of result.failures) console.log(`${failure.kind}: ${failure.detail}`);
    return result.failures.length > 0 ? 1 : 0;
  }
  if (values['replay-sequence'] !== undefined) {
    const steps = number(values.steps, 'steps') ?? DEFAULT_FUZZ_OPTIONS.steps;
    const result = runSequence(await loadEngine(), number(values['replay-sequence'], 'replay-sequence')! >>> 0, steps);
    for (const line of result.log) console.log(line.length > 400 ? `${line.slice(0, 400)}...` : line);
    for (const failure of result.failures) console.log(`${failure.kind}: ${failure.detail}`);
    return result.failures.length > 0 ? 1 : 0;
  }
  const mode = values.mode ?? 'both';
  if (mode !== 'engine' && mode !== 'incremental' && mode !== 'both') throw new Error(`--mode is engine, incremental or both, not ${JSON.stringify(mode)}`);
  const seconds = (value: string | undefined, name: string) => {
    const parsed = number(value, name);
    return parsed === undefined ? undefined : parsed * 1000;
  };
  const options: Partial<FuzzOptions> = {
    seed: number(values.seed, 'seed') ?? Math.floor(Math.random() * 2 ** 32),
    count: number(values.count, 'count'),
    sequences: number(values.sequences, 'sequences'),
    steps: number(values.steps, 'steps'),
    timeMs: seconds(values.time, 'time'),
    mode,
    slowMs: number(values['slow-ms'], 'slow-ms'),
    hardTimeoutMs: seconds(values.timeout, 'timeout'),
    shrinkMs: seconds(values.shrink, 'shrink'),
    outDir: values.out,
    log: (line) => console.log(line),
  };
  for (const key of Object.keys(options) as Array<keyof FuzzOptions>) if (options[key] === undefined) delete options[key];
  console.log(`mltraps fuzz: seed ${options.seed} (rerun with --seed ${options.seed})`);
  const summary = await runFuzz(options);
  console.log(formatSummary(summary, { slowMs: options.slowMs ?? DEFAULT_FUZZ_OPTIONS.slowMs }));
  return summary.failures.length + summary.slow.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`mltraps fuzz: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
