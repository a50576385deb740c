import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { Linter, lintDocument } from '../rules/engine/linter';
import { loadPythonParser, type PythonParser } from '../rules/engine/parser';
import { fileSource } from '../rules/engine/programParser';
import { createInclusionReader } from '../server/inclusions';
import { resolveLintSettings } from '../server/configuration/lintSettings';
import { defaultThreads, lintFiles, type LintFilesOptions, type LintFilesResult } from '../server/cli/lintFiles';
import { CACHE_FOLDER, ResultCache } from '../server/cli/resultCache';
import type { SourceFile } from '../server/cli/fileDiscovery';
import { CLI, mltraps, ROOT, ScratchFolders } from './support/cli';

/**
 * Issue 12, throughput: files no enabled rule can fire on are not parsed; --jobs N gives the
 * same bytes as --jobs 1; the results cache hits, misses and invalidates as it must.
 * No timing here: `npm run bench` prints the figures.
 */

const scratch = new ScratchFolders();

/** A parser that counts its parses. */
function countingParser(parser: PythonParser): PythonParser & { parses: number } {
  const counting = {
    language: parser.language,
    parses: 0,
    parse(...args: Parameters<PythonParser['parse']>) {
      counting.parses++;
      return parser.parse(...args);
    },
  };
  return counting;
}

const TRAP = 'from pyspark.ml import Pipeline\nfrom pyspark.ml.feature import OneHotEncoder, StringIndexer\nindexer = StringIndexer(inputCol="plan", outputCol="plan_index")\nencoder = OneHotEncoder(inputCol="plan_index", outputCol="plan_vec")\npipeline = Pipeline(stages=[encoder, indexer])\n';
const PLAIN = 'import os\n\n\ndef total(values):\n    return sum(values)\n';
const UC_SETUP = '# Databricks notebook source\nimport mlflow\nmlflow.set_registry_uri("databricks-uc")\n';
const WORKSPACE_SETUP = '# Databricks notebook source\nimport mlflow\n';
const REGISTERS = '# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\nmlflow.register_model("runs:/abc/model", "churn")\n';

function ipynb(cells: string[]): string {
  return `${JSON.stringify(
    {
      cells: cells.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: source.split(/(?<=\n)/) })),
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )}\n`;
}

describe('throughput (issue 12)', function () {
  this.timeout(120_000);
  after(() => scratch.remove());

  describe('files no enabled rule can fire on', () => {
    let parser: PythonParser;
    before(async () => {
      parser = await loadPythonParser();
    });

    it('are not parsed, and report nothing', () => {
      const counting = countingParser(parser);
      const linter = new Linter(counting, allRules);
      assert.deepEqual(linter.lintText('file:///plain.py', PLAIN).findings, []);
      assert.equal(counting.parses, 0);
      // Turning off the rules a trigger word belongs to makes the file one no rule can fire on.
      assert.deepEqual(linter.lintText('file:///trap.py', TRAP, { select: ['MLT6'] }).findings, []);
      assert.equal(counting.parses, 0);
      const trap = linter.lintText('file:///trap.py', TRAP);
      assert.equal(counting.parses, 1);
      assert.ok(trap.findings.length > 0);
    });

    it('include test files where only rules silent in test code (or MLT704 without a personal access token) are triggered', () => {
      const counting = countingParser(parser);
      const linter = new Linter(counting, allRules);
      /** The rules reporting on `text` linted as `uri`, and whether it was parsed. */
      const lint = (uri: string, text: string) => {
        const before = counting.parses;
        const ruleIds = linter.lintText(uri, text).findings.map((finding) => finding.ruleId);
        return { ruleIds, parsed: counting.parses > before };
      };
      const fakeCredential = 'import psycopg2\n\n\ndef connect():\n    return psycopg2.connect(host="db.internal.example.com", password="hunter2-postgres")\n';
      assert.deepEqual(lint('file:///repo/tests/test_store.py', fakeCredential), { ruleIds: [], parsed: false });
      assert.deepEqual(lint('file:///repo/store/test_store.py', fakeCredential), { ruleIds: [], parsed: false });
      // Outside tests the literal is reported.
      assert.deepEqual(lint('file:///repo/store/connection.py', fakeCredential), { ruleIds: ['MLT704'], parsed: true });
      // A real personal access token is reported in test code too.
      const token = `${fakeCredential}HOST_TOKEN = "dapi${'0123456789abcdef'.repeat(2)}"\n`;
      assert.deepEqual(lint('file:///repo/tests/test_store.py', token), { ruleIds: ['MLT704'], parsed: true });
      // A rule that reports in test files (MLT701) has them parsed; one silent there (MLT605) does not.
      const metricAssert = 'from sklearn.metrics import accuracy_score\n\ndef test_model():\n    model = train(data)\n    assert accuracy_score(y, model.predict(x)) > 0.9\n';
      assert.deepEqual(lint('file:///repo/tests/test_model.py', metricAssert), { ruleIds: ['MLT701'], parsed: true });
      const stream = 'def test_sink(events):\n    events.writeStream.format("delta").toTable("out")\n';
      assert.deepEqual(lint('file:///repo/tests/test_stream.py', stream), { ruleIds: [], parsed: false });
      assert.deepEqual(lint('file:///repo/jobs/stream.py', stream).parsed, true);
    });

    it('are parsed when what a %run brings in mentions a trigger word and their own code one of those rules\' words, and give the findings of a full lint', () => {
      const counting = countingParser(parser);
      const linter = new Linter(counting, allRules);
      const setup = fileSource('file:///nb/setup.py', `${UC_SETUP}mlflow.register_model("runs:/x/model", "a.b.c")\n`);
      const read = () => setup;
      const quiet = fileSource('file:///nb/main.py', '# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\ndisplay(spark.table("a.b.sales"))\n');
      assert.deepEqual(linter.lintSource(quiet, { readInclusion: read }).findings, []);
      assert.equal(counting.parses, 0, 'nothing is reported inside the setup, and the own code mentions none of its rules\' words');
      const naming = fileSource('file:///nb/main.py', '# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\nname = "churn"  # for register_model below\n');
      assert.deepEqual(linter.lintSource(naming, { readInclusion: read }).findings, []);
      assert.equal(counting.parses, 2, 'the setup\'s words count once the own code mentions one of them (a comment too): its cell and the notebook\'s are parsed');
      const main = fileSource('file:///nb/main.py', REGISTERS);
      const { findings } = linter.lintSource(main, { readInclusion: read });
      const document = linter.parseSource(main, { readInclusion: read });
      try {
        assert.deepEqual(findings, lintDocument(document, allRules));
      } finally {
        document.delete();
      }
      assert.deepEqual(findings.map((finding) => finding.ruleId), ['MLT406']);
      assert.deepEqual(linter.lintSource(main).findings, [], 'without the setup, the registry is not known to be Unity Catalog');
    });
  });

  describe('the results cache (lintFiles in this thread)', () => {
    let parser: PythonParser;
    before(async () => {
      parser = await loadPythonParser();
    });

    /** One run over `dir`'s files, as the CLI does it; counts the parses. */
    async function run(dir: string, names: string[], { engine = 'test-1', select = [] as string[], cache = true } = {}): Promise<LintFilesResult & { parses: number; text: string }> {
      const counting = countingParser(parser);
      const sources: SourceFile[] = names.map((name) => ({ displayPath: name, absolutePath: path.join(dir, name) }));
      const warnings: string[] = [];
      const options: LintFilesOptions = {
        settingsFor: (file) => resolveLintSettings(undefined, file, { select }),
        fix: false,
        unsafeFixes: false,
        write: false,
        warn: (line) => warnings.push(line),
        jobs: 1,
        cache: cache ? new ResultCache(dir, engine, createInclusionReader()) : undefined,
      };
      const result = await lintFiles(async () => new Linter(counting, allRules), sources, options);
      const text = JSON.stringify({ files: result.files, warnings, linted: result.linted, skipped: result.skipped });
      return { ...result, parses: counting.parses, text };
    }

    function entries(dir: string): string[] {
      const root = path.join(dir, CACHE_FOLDER);
      return fs.readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).flatMap((entry) => fs.readdirSync(path.join(root, entry.name)).map((name) => path.join(root, entry.name, name)));
    }

    it('answers an unchanged file from the cache, with the same result, and writes a .gitignore of "*"', async () => {
      const dir = scratch.create({ 'trap.py': TRAP, 'plain.py': PLAIN, 'nb.ipynb': ipynb(['import mlflow', TRAP]), 'binary.py': Buffer.from([0x66, 0x00, 0xff]) });
      const names = ['binary.py', 'nb.ipynb', 'plain.py', 'trap.py'];
      const first = await run(dir, names);
      assert.equal(first.cacheHits, 0);
      assert.equal(first.parses, 3, "trap.py, and the notebook's two cells; not plain.py");
      assert.equal(fs.readFileSync(path.join(dir, CACHE_FOLDER, '.gitignore'), 'utf8').split('\n').filter((line) => !line.startsWith('#'))[0], '*');
      const second = await run(dir, names);
      assert.equal(second.cacheHits, 4);
      assert.equal(second.parses, 0);
      assert.equal(second.text, first.text);
      assert.equal(second.text, (await run(dir, names, { cache: false })).text);
    });

    it('misses when the content, the settings, the engine or a %run target changes', async () => {
      const dir = scratch.create({ 'main.py': REGISTERS, 'setup.py': UC_SETUP, 'trap.py': TRAP });
      const names = ['main.py', 'trap.py'];
      const codes = (result: LintFilesResult) => result.files.flatMap((file) => file.findings.map((finding) => finding.ruleId));
      const first = await run(dir, names);
      assert.deepEqual(codes(first), ['MLT406', 'MLT102']);
      assert.equal((await run(dir, names)).cacheHits, 2);
      // The %run target changes: the notebook is linted again, and its finding goes.
      fs.writeFileSync(path.join(dir, 'setup.py'), WORKSPACE_SETUP);
      const afterSetup = await run(dir, names);
      assert.equal(afterSetup.cacheHits, 1);
      assert.deepEqual(codes(afterSetup), ['MLT102']);
      // The file changes.
      fs.writeFileSync(path.join(dir, 'trap.py'), PLAIN);
      const afterEdit = await run(dir, names);
      assert.equal(afterEdit.cacheHits, 1);
      assert.deepEqual(codes(afterEdit), []);
      // Other settings, another engine (version or build): other entries.
      assert.equal((await run(dir, names, { select: ['MLT4'] })).cacheHits, 0);
      assert.equal((await run(dir, names, { select: ['MLT4'] })).cacheHits, 2);
      assert.equal((await run(dir, names, { engine: 'test-2' })).cacheHits, 0);
      assert.equal((await run(dir, names)).cacheHits, 2);
    });

    it('misses when a %run target appears that was missing', async () => {
      const dir = scratch.create({ 'main.py': REGISTERS });
      assert.equal((await run(dir, ['main.py'])).files[0].findings.length, 0);
      fs.writeFileSync(path.join(dir, 'setup.py'), UC_SETUP);
      const after = await run(dir, ['main.py']);
      assert.equal(after.cacheHits, 0);
      assert.equal(after.files[0].findings.length, 1);
    });

    it('ignores corrupt entries (truncated, edited, not JSON), and lints on when the folder cannot be written', async () => {
      const dir = scratch.create({ 'a.py': TRAP, 'b.py': TRAP.replace('plan', 'region'), 'c.py': TRAP.replace('plan', 'tier') });
      const names = ['a.py', 'b.py', 'c.py'];
      const first = await run(dir, names);
      const [a, b, c] = entries(dir);
      fs.writeFileSync(a, fs.readFileSync(a, 'utf8').slice(0, 50));
      fs.writeFileSync(b, fs.readFileSync(b, 'utf8').replace('MLT102', 'MLT999'));
      fs.writeFileSync(c, '\u0000{not json');
      const second = await run(dir, names);
      assert.equal(second.cacheHits, 0);
      assert.equal(second.text, first.text);
      assert.equal((await run(dir, names)).cacheHits, 3, 'the entries were rewritten');

      // A cache folder that is a file (or any folder that cannot be written): no cache, no error.
      const blocked = scratch.create({ 'a.py': TRAP, [CACHE_FOLDER]: 'not a folder' });
      const once = await run(blocked, ['a.py']);
      const twice = await run(blocked, ['a.py']);
      assert.equal(twice.cacheHits, 0);
      assert.equal(twice.text, once.text);
      assert.equal(fs.readFileSync(path.join(blocked, CACHE_FOLDER), 'utf8'), 'not a folder');
    });
  });

  describe('mltraps --jobs and the cache (dist/cli.js)', () => {
    before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build'));

    it('uses one thread per core by default, never less than one, at most eight', () => {
      assert.deepEqual([0, 1, 2, 4, 8, 32].map(defaultThreads), [1, 1, 2, 4, 8, 8]);
    });

    /** A folder of many files: traps, clean modules no rule can fire on, notebooks, and files that are skipped. */
    function manyFiles(): Record<string, string | Buffer> {
      const files: Record<string, string | Buffer> = {};
      for (let i = 0; i < 12; i++) {
        files[`pkg${i % 3}/trap_${i}.py`] = TRAP.replace(/plan/g, `plan_${i}`);
        files[`pkg${i % 3}/plain_${i}.py`] = PLAIN.replace('total', `total_${i}`);
        files[`notebooks/nb_${i}.ipynb`] = ipynb(['import mlflow\n', TRAP.replace(/indexer/g, `indexer_${i}`), 'x = 1\n']);
      }
      files['notebooks/setup.py'] = UC_SETUP;
      files['notebooks/main.py'] = REGISTERS;
      files['skipped/binary.py'] = Buffer.from([0x00, 0x01, 0x02]);
      files['skipped/r.ipynb'] = JSON.stringify({ cells: [], metadata: { kernelspec: { language: 'R', name: 'ir' } }, nbformat: 4, nbformat_minor: 5 });
      files['skipped/broken.ipynb'] = '{"cells": [';
      return files;
    }

    /** lintFiles over `names` in `dir` with `jobs` threads: the workers run the CLI bundle, loaded by `workerLoader` when given. */
    function lintWithWorkers(linter: Linter, dir: string, names: readonly string[], jobs: number, workerLoader?: string) {
      return lintFiles(async () => linter, names.map((name) => ({ displayPath: name, absolutePath: path.join(dir, name) })), {
        settingsFor: (file) => resolveLintSettings(undefined, file, {}),
        fix: false,
        unsafeFixes: false,
        write: false,
        warn: () => undefined,
        jobs,
        workerScript: CLI,
        workerLoader,
      });
    }

    it('hands the workers the large files, then the path order from its start, and lints its end in this thread', async () => {
      // Neighbouring files often run the same setup, whose trees each thread keeps for itself:
      // the threads take the two ends of the path order, not the files by size.
      const files: Record<string, string> = {};
      const small = Array.from({ length: 10 }, (_, i) => `a_${String(i).padStart(2, '0')}.py`);
      small.forEach((name, i) => (files[name] = TRAP.replace(/plan/g, `plan_${i}`)));
      // Last in path order, first handed out: at least 256 KB.
      files['z_large.py'] = TRAP.replace(/plan/g, 'plan_large') + PLAIN.repeat(6_000);
      const dir = scratch.create(files);
      const names = Object.keys(files).sort();
      const parsed: string[] = [];
      const parser = await loadPythonParser();
      const recording: PythonParser = {
        language: parser.language,
        parse(...args: Parameters<PythonParser['parse']>) {
          parsed.push(args[0]);
          return parser.parse(...args);
        },
      };
      const lint = (jobs: number) => lintWithWorkers(new Linter(jobs === 1 ? parser : recording, allRules), dir, names, jobs);
      const two = await lint(2);
      // In the order this thread parsed them.
      const here = [...new Set(parsed)].map((text) => names.find((name) => files[name] === text) ?? '?');
      assert.equal(here[0], 'a_09.py', `this thread lints the end of the path order first: ${here.join(', ')}`);
      assert.ok(!here.includes('a_00.py') && !here.includes('z_large.py'), `a worker lints the large file and the start: ${here.join(', ')}`);
      assert.deepEqual(two.files, (await lint(1)).files);
      assert.deepEqual(two.files.map((file) => file.displayPath), names);
    });

    it('starts the workers through the loader it is given (bin/compileCache.js: the code cache), which they only read', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 6; i++) files[`trap_${i}.py`] = TRAP.replace(/plan/g, `plan_${i}`);
      const dir = scratch.create(files);
      const calls = path.join(dir, 'loader-calls.jsonl');
      // A loader that records how it is called, then loads the bundle as bin/compileCache.js falls back to.
      const loader = path.join(dir, 'loader.js');
      fs.writeFileSync(loader, `exports.requireWithCompileCache = (file, options) => { require('node:fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ file, options }) + '\\n'); return require(file); };`);
      const names = Object.keys(files).sort();
      const parser = await loadPythonParser();
      const lint = (jobs: number, workerLoader?: string) => lintWithWorkers(new Linter(parser, allRules), dir, names, jobs, workerLoader);
      const two = await lint(2, loader);
      const recorded = fs.readFileSync(calls, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
      assert.deepEqual(recorded, [{ file: CLI, options: { writeOnExit: false } }]);
      assert.deepEqual(two.files, (await lint(1)).files);
    });

    it('prints the same bytes with --jobs 1 and --jobs 2 (text, json, sarif, statistics)', () => {
      const dir = scratch.create(manyFiles());
      for (const format of [['--format', 'text'], ['--format', 'json'], ['--format', 'sarif'], ['--statistics'], ['--show-fixes']]) {
        const one = mltraps(['--no-cache', '--jobs', '1', ...format, '.'], dir);
        const two = mltraps(['--no-cache', '--jobs', '2', ...format, '.'], dir);
        assert.equal(one.status, 1, one.stderr);
        assert.ok(one.stdout.length > 0);
        assert.match(one.stderr, /skipped/);
        assert.deepEqual(two, one, format.join(' '));
      }
      assert.ok(!fs.existsSync(path.join(dir, CACHE_FOLDER)), '--no-cache writes no cache');
    });

    it('fixes the same way with --jobs 1 and --jobs 2 (--fix stays in the main thread), and --diff is the same on worker threads', () => {
      const dir = scratch.create(manyFiles());
      const diffOne = mltraps(['--jobs', '1', '--diff', '--unsafe-fixes', '.'], dir);
      assert.equal(diffOne.status, 1, diffOne.stderr);
      assert.match(diffOne.stdout, /^--- /m);
      assert.deepEqual(mltraps(['--jobs', '2', '--diff', '--unsafe-fixes', '.'], dir), diffOne);

      const one = scratch.create(manyFiles());
      const two = scratch.create(manyFiles());
      const runOne = mltraps(['--jobs', '1', '--fix', '--unsafe-fixes', '--show-fixes', '.'], one);
      const runTwo = mltraps(['--jobs', '2', '--fix', '--unsafe-fixes', '--show-fixes', '.'], two);
      assert.deepEqual(runTwo, runOne);
      assert.match(runOne.stderr, /Fixed [1-9]/);
      for (const name of Object.keys(manyFiles())) assert.deepEqual(fs.readFileSync(path.join(two, name)), fs.readFileSync(path.join(one, name)), name);
      assert.ok(!fs.readFileSync(path.join(one, 'pkg0/trap_0.py'), 'utf8').includes(TRAP.replace(/plan/g, 'plan_0')), 'the file was fixed');
    });

    it('caches results in .mltraps_cache/ at the configuration folder: a re-run prints the same bytes, corrupt entries are ignored', () => {
      const files = { ...manyFiles(), 'pyproject.toml': '[tool.mltraps]\nignore = ["MLT102"]\n' };
      const dir = scratch.create(files);
      const sub = path.join(dir, 'notebooks');
      const fresh = mltraps(['--no-cache', '--format', 'json', '.'], sub);
      const first = mltraps(['--jobs', '2', '--format', 'json', '.'], sub);
      assert.deepEqual(first, fresh);
      assert.ok(!fs.existsSync(path.join(sub, CACHE_FOLDER)), 'not in the cwd');
      const cache = path.join(dir, CACHE_FOLDER);
      assert.ok(fs.existsSync(path.join(cache, '.gitignore')), 'in the folder of the configuration file');
      assert.deepEqual(mltraps(['--format', 'json', '.'], sub), fresh);
      assert.deepEqual(mltraps(['--jobs', '2', '--format', 'sarif', '.'], sub), mltraps(['--no-cache', '--format', 'sarif', '.'], sub));
      // Damage every entry: same output, no crash.
      for (const folder of fs.readdirSync(cache, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
        for (const name of fs.readdirSync(path.join(cache, folder.name))) fs.writeFileSync(path.join(cache, folder.name, name), '{"format":1');
      }
      assert.deepEqual(mltraps(['--format', 'json', '.'], sub), fresh);
      // The configuration changes: the MLT102 findings come back.
      fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.mltraps]\n');
      const reconfigured = mltraps(['--format', 'json', '.'], sub);
      assert.deepEqual(reconfigured, mltraps(['--no-cache', '--format', 'json', '.'], sub));
      assert.notDeepEqual(reconfigured.stdout, fresh.stdout);
    });

    it('--fix after a cached run lints the fixed text, and stdin neither reads nor writes the cache', () => {
      const dir = scratch.create({ 'trap.py': TRAP });
      const before = mltraps(['trap.py'], dir);
      assert.equal(before.status, 1);
      mltraps(['--fix', '--unsafe-fixes', 'trap.py'], dir);
      const after = mltraps(['trap.py'], dir);
      assert.deepEqual(after, mltraps(['--no-cache', 'trap.py'], dir));
      const stdinDir = scratch.create({});
      const piped = mltraps(['--stdin-filename', 'x.py', '-'], stdinDir, TRAP);
      assert.equal(piped.status, 1);
      assert.ok(!fs.existsSync(path.join(stdinDir, CACHE_FOLDER)));
    });

    it('keeps no cache when run from source (server/cli.ts under tsx): its bytes do not hold the rules, so an edited rule would meet old results', () => {
      const dir = scratch.create({ 'trap.py': TRAP });
      const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'server', 'cli.ts'), 'trap.py'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /MLT102/);
      assert.ok(!fs.existsSync(path.join(dir, CACHE_FOLDER)), 'a run from source wrote .mltraps_cache/');
      // The bundle, which identifies its build by its bytes, keeps one.
      assert.equal(mltraps(['trap.py'], dir).status, 1);
      assert.ok(fs.existsSync(path.join(dir, CACHE_FOLDER)));
    });

    it('rejects a --jobs that is not a whole number from 1', () => {
      for (const bad of ['0', '-1', 'x', '1.5']) {
        const run = mltraps(['--jobs', bad, '.'], scratch.create({}));
        assert.equal(run.status, 2, bad);
      }
    });
  });
});
