import { spawnSync } from 'node:child_process';
import { build, type BuildOptions } from 'esbuild';
import bundleOptions from './bundleOptions.json';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SERVER_NODE_FLAGS, serverRuntimeFlags } from '../server/nodeFlags';
import { allRules } from '../rules';
import { Linter } from '../rules/engine/linter';
import { loadPythonParser } from '../rules/engine/parser';
import { keystrokeFigures } from './keystrokeBench';
import { webTreeSitterPlugin } from './webTreeSitterNodes';
import { notebook, seededRandom } from './benchNotebooks';
import { benchMemory } from './benchMemory';

/**
 * `npm run bench`: speed figures, no assertions.
 * - lines/second for parsing only and for the full lint (parse + SemanticModel + every rule)
 *   over a generated corpus of notebook-like files, and their ratio (every file parsed; issue 12's one-core target is in benchThroughput);
 * - one keystroke's re-lint of a 2,000-line notebook the way the server does it (didChange,
 *   reparse with the old tree, lint), median and p95 over 50 edits (target: p95 under 10 ms);
 * - scripts/keystrokeBench.ts (first, alone with `--keystroke`): keystroke p50 / p95 at 2,000 and
 *   10,000 lines and in a plain module, first diagnostics, a document near the size limit, in a
 *   child process (scripts/keystrokeChild.ts, bundled as the server is) with the language
 *   server's V8 flags; the notebooks come from scripts/benchNotebooks.ts;
 * - scripts/benchThroughput.ts (in a child process, scripts/throughputChild.ts, bundled as the CLI is): one-core lint/parse ratio, lines per CPU-second beside Ruff's
 *   WebAssembly build on the same files (scripts/benchRuff.ts), --jobs speed-up, cached re-run; scripts/benchMemory.ts: server memory with 20 documents open and edited.
 * Two corpora: "dense", where nearly every cell calls the APIs the rules look at (the worst
 * case), and "typical", where one cell in four does and the rest is markdown, SQL, pandas
 * and Spark data preparation, as in the public Databricks notebooks we tried.
 */

const FILES = 200;
const LINES_PER_FILE = 500;
const BIG_NOTEBOOK_LINES = 2_000;
const KEYSTROKES = 50;

function countLines(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + text.split('\n').length, 0);
}

/** Best of `runs` timings (ms): the least disturbed by GC and other processes. */
function bestOf(runs: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

interface CorpusFigures {
  name: string;
  lines: number;
  megabytes: number;
  files: number;
  parseMs: number;
  lintMs: number;
  findings: number;
  keystrokeMedian: number;
  keystrokeP95: number;
  bigLines: number;
}

async function measure(name: string, plainShare: number): Promise<CorpusFigures> {
  const parser = await loadPythonParser();
  const linter = new Linter(parser, allRules);
  const random = seededRandom(42);
  const corpus = Array.from({ length: FILES }, (_, index) => notebook(random, LINES_PER_FILE, index, plainShare));
  const big = notebook(random, BIG_NOTEBOOK_LINES, FILES, plainShare);
  corpus.push(big);

  const parseOnly = () => {
    for (const text of corpus) parser.parse(text).delete();
  };
  let findings = 0;
  const fullLint = () => {
    findings = 0;
    corpus.forEach((text, index) => {
      findings += linter.lintText(`file:///bench/notebook_${index}.py`, text).findings.length;
    });
  };
  // Warm up the JIT and the wasm heap before timing.
  parseOnly();
  fullLint();
  const parseMs = bestOf(3, parseOnly);
  const lintMs = bestOf(3, fullLint);

  const { median: keystrokeMedian, p95: keystrokeP95 } = await keystrokeFigures(big, 'notebook', KEYSTROKES);
  return {
    name,
    files: corpus.length,
    lines: countLines(corpus),
    megabytes: corpus.reduce((sum, text) => sum + text.length, 0) / 1e6,
    parseMs,
    lintMs,
    findings,
    keystrokeMedian,
    keystrokeP95,
    bigLines: countLines([big]),
  };
}

function report(figures: CorpusFigures): void {
  const perSecond = (ms: number) => Math.round(figures.lines / (ms / 1000)).toLocaleString('en-US');
  console.log(`${figures.name} corpus: ${figures.files} files, ${figures.lines.toLocaleString('en-US')} lines, ${figures.megabytes.toFixed(1)} MB (${FILES} x ~${LINES_PER_FILE} lines + one ${figures.bigLines}-line notebook)`);
  console.log(`  parse only: ${figures.parseMs.toFixed(0)} ms, ${perSecond(figures.parseMs)} lines/s`);
  console.log(`  full lint:  ${figures.lintMs.toFixed(0)} ms, ${perSecond(figures.lintMs)} lines/s (${figures.findings} findings)`);
  console.log(`  ratio full lint / parse only: ${(figures.lintMs / figures.parseMs).toFixed(2)}x (notebook-shaped files, every one parsed; the one-core target is in the throughput figures below)`);
  console.log(
    `  keystroke re-lint of the ${figures.bigLines}-line notebook (tree.edit + incremental reparse + lint, this process's default V8 flags), ${KEYSTROKES} edits: ` +
      `median ${figures.keystrokeMedian.toFixed(1)} ms, p95 ${figures.keystrokeP95.toFixed(1)} ms`,
  );
}

async function main(): Promise<void> {
  await keystrokesAsTheServerRuns();
  // `npm run bench -- --keystroke`: the keystroke figures only.
  if (process.argv.includes('--keystroke')) return;
  report(await measure('typical', 0.75));
  report(await measure('dense', 0));
  await throughputAsTheCliRuns();
  // Server memory with 20 documents open and edited: the practice notebooks, or the first folder given.
  await benchMemory(process.argv.slice(2).find((arg) => !arg.startsWith('-')));
}

/**
 * The keystroke figures as the language server would get them: the code bundled as the server
 * is (esbuild, scripts/bundleOptions.json; run from source under tsx, every closure also had
 * its name set, 2 % of a keystroke), in a child process with the V8 flags VS Code starts the
 * server with and the ones it sets on itself. Those flags trade speed for memory, so figures
 * measured in this process (default V8) would overstate what an editor gets.
 */
async function keystrokesAsTheServerRuns(): Promise<void> {
  const flags = [...SERVER_NODE_FLAGS, ...serverRuntimeFlags(SERVER_NODE_FLAGS)];
  console.log(`keystroke figures in a child process, bundled as the server is, with the language server's V8 flags (${flags.join(' ')}):`);
  await runBundled('keystrokeChild.ts', flags, 'keystroke');
}

/** The throughput figures on the code bundled as the CLI is, in a child process with node's default flags, as the CLI runs. */
async function throughputAsTheCliRuns(): Promise<void> {
  console.log('throughput figures in a child process, bundled as the CLI is:');
  await runBundled('throughputChild.ts', [], 'throughput');
}

/** web-tree-sitter as the shipped bundles take it (scripts/build.mjs): its nodes' handle in a named field. */
const namedNodeHandle = webTreeSitterPlugin('named-node-handle');

/** Bundles `entry` (a script beside this one) and runs it with `flags`, the folders given to the bench as its arguments. */
async function runBundled(entry: string, flags: readonly string[], figures: string): Promise<void> {
  const root = path.join(__dirname, '..');
  // Inside node_modules: the bundle finds the grammar's wasm files there, and git ignores it.
  const bundle = path.join(root, 'node_modules', '.cache', 'mltraps-bench', entry.replace(/\.ts$/, '.js'));
  try {
    // Ruff's WebAssembly build reads its .wasm beside its own module: loaded from node_modules, not bundled.
    await build({ ...(bundleOptions as BuildOptions), entryPoints: [path.join(__dirname, entry)], outfile: bundle, external: ['@astral-sh/ruff-wasm-nodejs'], plugins: [namedNodeHandle] });
  } catch (error) {
    console.log(`  the ${figures} child could not be bundled (${error instanceof Error ? error.message : String(error)}): no ${figures} figures`);
    return;
  }
  const folders = process.argv.slice(2).filter((arg) => !arg.startsWith('-')).map((folder) => path.resolve(folder));
  const child = spawnSync(process.execPath, [...flags, bundle, ...folders], { stdio: 'inherit', cwd: root, env: { ...process.env, MLTRAPS_ROOT: root } });
  if (child.status !== 0) console.log(`  the child failed (${child.error?.message ?? `exit ${child.status}`}): no ${figures} figures`);
}

// Run as a script only (tests import nothing from it).
if (require.main === module) main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
