import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Connection } from 'vscode-languageserver';
import { allRules } from '../rules';
import { MAX_LINT_LENGTH } from '../rules/engine/linter';
import { loadPythonParser, type PythonParser } from '../rules/engine/parser';
import { discoverSourceFiles } from '../server/cli/fileDiscovery';
import { ConfigResolver } from '../server/configuration/configResolver';
import { DocumentLinter } from '../server/documentLinter';
import { DocumentStore } from '../server/documentStore';
import { SettingsStore } from '../server/settings';
import { seededRandom } from './benchNotebooks';
import { serverFirstDiagnostics } from './serverFirstDiagnostics';

/**
 * The keystroke part of `npm run bench`: the lint work the server does per keystroke (the
 * store applies the didChange and reparses, the DocumentLinter lints the new version), as
 * p50 / p95 over typing bursts at random places, for real-shaped Databricks exports of 2,000
 * and 10,000 lines and a 2,000-line plain module; the time to first diagnostics after opening
 * a 2,000-line notebook; and a keystroke in a document near the size limit.
 * Targets (issue 12): p95 < 10 ms at 2,000 lines, < 50 ms at 10,000; first diagnostics < 150 ms.
 */

/** Builds a notebook of about `lines` lines; a different seed gives a different notebook. */
export type NotebookMaker = (lines: number, seed: number) => string;

/**
 * Keystrokes typed before timing starts: the first ones still run code the JIT has not
 * optimized, which a server that has been typed into for a minute no longer does.
 */
const WARM_UP = 40;
/**
 * Keystrokes timed per case. The p95 of 60 was the third-worst keystroke, and two rounds of the
 * same code differed by up to 8 ms at 2,000 lines and 20 ms at 10,000 on this VM.
 */
const TIMED_KEYSTROKES = 240;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The same code as a plain module: no export header, no cell separators, no magic cells. */
export function plainModule(notebookText: string): string {
  return notebookText
    .split('\n')
    .filter((line) => !line.startsWith('# MAGIC') && !line.startsWith('# COMMAND') && !line.startsWith('# Databricks notebook source'))
    .join('\n');
}

function serverLinter(parser: PythonParser): { store: DocumentStore; linter: DocumentLinter } {
  const store = new DocumentStore(parser);
  // A client without workspace/configuration: the defaults, as for most editors on first open.
  const settings = new SettingsStore({} as Connection, false);
  const linter = new DocumentLinter(store, settings, new ConfigResolver({ kind: 'isolated' }, () => {}), allRules, () => {});
  return { store, linter };
}

export interface KeystrokeFigures {
  median: number;
  p95: number;
  keystrokes: number;
  findings: number;
}

/**
 * Typing as a person does: at a random place in a code line, a word typed a character at a
 * time, then erased with backspace (so the text returns to its shape); each keystroke is one
 * didChange and one lint, timed together.
 */
/** Called once the warm-up keystrokes are done, and again after the last keystroke (the allocation measure brackets the counted keystrokes). */
export interface CountedKeystrokes {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function keystrokeFigures(text: string, label: string, keystrokes = 60, parser?: PythonParser, counted?: CountedKeystrokes): Promise<KeystrokeFigures> {
  parser ??= await loadPythonParser();
  const { store, linter } = serverLinter(parser);
  const uri = `file:///bench/${label}.py`;
  let version = 1;
  store.open(uri, version, text);
  let findings = (await linter.lint(uri))?.findings.length ?? 0;
  const lines = text.split('\n');
  const codeLines = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.trim() !== '' && !line.startsWith('#'));
  const random = seededRandom(7);
  const timings: number[] = [];
  const word = 'value';
  while (timings.length < keystrokes + WARM_UP) {
    const { index: line } = codeLines[Math.floor(random() * codeLines.length)];
    const character = Math.floor(random() * (lines[line].length + 1));
    const edits = [
      ...[...word].map((ch, i) => ({ range: { start: { line, character: character + i }, end: { line, character: character + i } }, text: ch })),
      ...[...word].map((_, i) => ({ range: { start: { line, character: character + word.length - 1 - i }, end: { line, character: character + word.length - i } }, text: '' })),
    ];
    for (const edit of edits) {
      if (timings.length === WARM_UP) await counted?.start();
      const start = performance.now();
      store.change(uri, ++version, [edit]);
      findings = (await linter.lint(uri))?.findings.length ?? 0;
      timings.push(performance.now() - start);
    }
  }
  await counted?.stop();
  store.dispose();
  const sorted = timings.slice(WARM_UP).sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), keystrokes: sorted.length, findings };
}

/** Open + first lint of notebooks never seen before (the parser loaded, as in a running server). */
async function firstDiagnostics(parser: PythonParser, texts: readonly string[]): Promise<number[]> {
  const times: number[] = [];
  for (const [index, text] of texts.entries()) {
    const { store, linter } = serverLinter(parser);
    const uri = `file:///bench/opened_${index}.py`;
    const start = performance.now();
    store.open(uri, 1, text);
    await linter.lint(uri);
    times.push(performance.now() - start);
    store.dispose();
  }
  return times;
}

function lineCount(text: string): number {
  return text.split('\n').length;
}

export async function reportKeystrokes(makeNotebook: NotebookMaker, folders: readonly string[] = []): Promise<void> {
  const parser = await loadPythonParser();
  const small = makeNotebook(2_000, 101);
  const opened = await firstDiagnostics(parser, [small, ...Array.from({ length: 6 }, (_, i) => makeNotebook(2_000, 200 + i))]);
  const warm = opened.slice(1).sort((a, b) => a - b);
  console.log(`keystroke latency (server path: didChange + reparse + lint), p50 / p95 of the lint work per keystroke:`);
  console.log(
    `  first diagnostics after opening a ${lineCount(small)}-line notebook: ${opened[0].toFixed(0)} ms for the first one in this process, ` +
      `median ${percentile(warm, 50).toFixed(0)} ms over ${warm.length} more (target < 150 ms)`,
  );
  // As an editor restoring an open notebook (didOpen right after initialized), and as a notebook
  // opened in a server that has been running for a while (2 s: it warmed up meanwhile).
  for (const [label, openAfterMs] of [['didOpen right after initialized', 0], ['didOpen 2 s after initialized', 2_000]] as const) {
    const throughServer = await serverFirstDiagnostics(process.env.MLTRAPS_ROOT ?? path.join(__dirname, '..'), small, 5, openAfterMs);
    if (!('error' in throughServer)) {
      const sorted = throughServer.cached.map((times) => times.firstDiagnosticsMs).sort((a, b) => a - b);
      const answered = throughServer.cached.map((times) => times.initializeAnsweredMs).sort((a, b) => a - b);
      console.log(
        `    the same through a fresh language server (dist/startServer.js as VS Code starts it, its flags, stdio), ${label}, to publishDiagnostics: ` +
          `median ${percentile(sorted, 50).toFixed(0)} ms, ${sorted[0].toFixed(0)}-${sorted[sorted.length - 1].toFixed(0)} over ${sorted.length} servers ` +
          `(initialize answered ${percentile(answered, 50).toFixed(0)} ms after the start); ` +
          `the first start, before the code cache exists: ${throughServer.uncached.firstDiagnosticsMs.toFixed(0)} ms (initialize answered after ${throughServer.uncached.initializeAnsweredMs.toFixed(0)} ms)`,
      );
    } else console.log(`    through a fresh language server, ${label}: not measured (${throughServer.error})`);
  }
  const cases: Array<{ label: string; text: string; target: number }> = [
    { label: 'notebook_2k', text: small, target: 10 },
    { label: 'notebook_10k', text: makeNotebook(10_000, 102), target: 50 },
    { label: 'module_2k', text: plainModule(makeNotebook(2_400, 103)), target: 10 },
  ];
  for (const { label, text, target } of cases) {
    const figures = await keystrokeFigures(text, label, TIMED_KEYSTROKES, parser);
    console.log(
      `  ${label} (${lineCount(text)} lines, ${figures.findings} findings): p50 ${figures.median.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms over ${figures.keystrokes} keystrokes (target p95 < ${target} ms)`,
    );
  }
  // What a keystroke allocates: the same from run to run where the wall clock of a shared VM
  // is not (it drives the garbage collector's share of p95).
  const allocated: string[] = [];
  for (const { label, text } of cases.slice(0, 2)) {
    const kilobytes = await allocatedPerKeystroke(text, label, parser);
    if (kilobytes !== undefined) allocated.push(`${label} ${kilobytes.toFixed(0)} KB`);
  }
  if (allocated.length > 0) console.log(`  allocated per keystroke (V8 heap sampling, 40 keystrokes): ${allocated.join(', ')}`);
  // Near the engine's size limit (MAX_LINT_LENGTH): a notebook of ~0.95 MB.
  let big = makeNotebook(10_000, 104);
  for (let seed = 105; big.length < 950_000; seed++) big += makeNotebook(10_000, seed).replace(/^# Databricks notebook source\n/, '\n# COMMAND ----------\n\n');
  big = big.slice(0, big.lastIndexOf('\n# COMMAND ----------', 950_000));
  const near = await keystrokeFigures(big, 'notebook_1mb', 20, parser);
  console.log(`  near the size limit (${(big.length / 1e6).toFixed(2)} MB, ${lineCount(big)} lines): p50 ${near.median.toFixed(0)} ms, p95 ${near.p95.toFixed(0)} ms over ${near.keystrokes} keystrokes`);
  for (const folder of folders) await reportLargestFiles(folder, parser);
}

/** How many of a folder's largest `.py` files are typed into. */
const LARGEST_FILES = 8;

/**
 * Real code is not the generated notebooks: long cells, classes of thousands of lines, dozens
 * of small functions. The largest `.py` files of a folder given to `npm run bench` (under the
 * size limit), typed into as above, each file on its own.
 */
async function reportLargestFiles(folder: string, parser: PythonParser): Promise<void> {
  const { files } = discoverSourceFiles([folder], folder);
  const sized = files
    .filter((file) => file.absolutePath.endsWith('.py'))
    .map((file) => ({ path: file.absolutePath, bytes: fs.statSync(file.absolutePath).size }))
    .filter((file) => file.bytes < MAX_LINT_LENGTH)
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path))
    .slice(0, LARGEST_FILES);
  if (sized.length === 0) return;
  console.log(`  the ${sized.length} largest .py files of ${folder} (typed into as above, ${TIMED_KEYSTROKES} keystrokes each):`);
  const medians: number[] = [];
  const p95s: number[] = [];
  for (const [index, file] of sized.entries()) {
    const text = fs.readFileSync(file.path, 'utf8');
    const figures = await keystrokeFigures(text, `real_${index}`, TIMED_KEYSTROKES, parser);
    medians.push(figures.median);
    p95s.push(figures.p95);
    console.log(`    ${path.relative(folder, file.path)} (${lineCount(text)} lines): p50 ${figures.median.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms`);
  }
  const sortedMedians = medians.slice().sort((a, b) => a - b);
  const sortedP95s = p95s.slice().sort((a, b) => a - b);
  console.log(`    median over the files: p50 ${percentile(sortedMedians, 50).toFixed(1)} ms, p95 ${percentile(sortedP95s, 50).toFixed(1)} ms`);
}

/** Kilobytes allocated per counted keystroke, by V8's sampling heap profiler (every 512 bytes); undefined where the inspector is not available. */
async function allocatedPerKeystroke(text: string, label: string, parser: PythonParser): Promise<number | undefined> {
  let session: Session;
  try {
    session = new Session();
    session.connect();
  } catch {
    return undefined;
  }
  const post = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  type SampleNode = { selfSize: number; children: SampleNode[] };
  let bytes = 0;
  const sum = (node: SampleNode): number => node.selfSize + node.children.reduce((total, child) => total + sum(child), 0);
  const keystrokes = 40;
  try {
    await post('HeapProfiler.enable');
    await keystrokeFigures(text, `${label}_allocation`, keystrokes, parser, {
      start: () => post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }),
      stop: async () => {
        const { profile } = await post<{ profile: { head: SampleNode } }>('HeapProfiler.stopSampling');
        bytes = sum(profile.head);
      },
    });
  } finally {
    session.disconnect();
  }
  return bytes / keystrokes / 1024;
}
