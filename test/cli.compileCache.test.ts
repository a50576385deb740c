import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, ROOT } from './support/cli';
import { SPARK_ML_TRAP } from './support/trapSources';

// bin/mltraps.js loads dist/cli.js through V8's code cache (bin/compileCache.js): the cache
// must never change what the CLI prints, whatever state the cache folder is in.

const BIN = path.join(ROOT, 'bin', 'mltraps.js');

describe('mltraps compile cache (bin/mltraps.js)', function () {
  this.timeout(60_000);

  let tmp: string;
  let cacheHome: string;
  let folder: string;

  beforeEach(() => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-compile-cache-'));
    cacheHome = path.join(tmp, 'cache');
    folder = path.join(cacheHome, 'mltraps', 'compile-cache');
    fs.writeFileSync(path.join(tmp, 'pipeline.py'), SPARK_ML_TRAP);
  });

  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function run(env: Record<string, string> = {}, args = ['pipeline.py']): { status: number | null; stdout: string; stderr: string } {
    const { MLTRAPS_NO_COMPILE_CACHE: _ignored, ...inherited } = process.env;
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', timeout: 30_000, env: { ...inherited, XDG_CACHE_HOME: cacheHome, ...env } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  const caches = () => (fs.existsSync(folder) ? fs.readdirSync(folder).sort() : []);
  const mtime = (name: string) => fs.statSync(path.join(folder, name)).mtimeMs;

  /** What dist/cli.js prints without the cache (stderr too: the cache adds no warning). */
  function direct(args = ['pipeline.py']): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: tmp, encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('writes the cache after the first run and reads it, unchanged, on the next', () => {
    const expected = direct();
    assert.match(expected.stdout, /MLT101/);
    const first = run();
    assert.deepEqual(first, expected);
    const written = caches();
    assert.equal(written.length, 1, `cache files: ${written.join(', ')}`);
    assert.match(written[0], /^cli\.js-[0-9a-f]{32}\.cache$/);
    const before = mtime(written[0]);
    const second = run();
    assert.deepEqual(second, expected);
    // A cache V8 rejects is written again: this one was taken.
    assert.deepEqual(caches(), written);
    assert.equal(mtime(written[0]), before);
  });

  it('lint workers (--jobs 2) load the bundle through the cache the main thread wrote, and print the same', () => {
    fs.writeFileSync(path.join(tmp, 'second.py'), SPARK_ML_TRAP.replace(/assembler/g, 'vectors'));
    const args = ['--no-cache', '--jobs', '2', 'pipeline.py', 'second.py'];
    const expected = direct(args);
    assert.equal((expected.stdout.match(/MLT101/g) ?? []).length, 2, expected.stdout);
    assert.deepEqual(run({}, args), expected);
    const [written] = caches();
    const before = mtime(written);
    // Read by the main thread and the worker, written by neither.
    assert.deepEqual(run({}, args), expected);
    assert.deepEqual(caches(), [written]);
    assert.equal(mtime(written), before);
  });

  it('replaces a damaged cache and prints the same findings', () => {
    run();
    const [name] = caches();
    fs.writeFileSync(path.join(folder, name), Buffer.alloc(4096, 7));
    const damaged = run();
    assert.deepEqual(damaged, direct());
    assert.notDeepEqual(fs.readFileSync(path.join(folder, name)), Buffer.alloc(4096, 7));
  });

  it('keeps the newest cache of another build and removes older ones and stale partial files', () => {
    fs.mkdirSync(folder, { recursive: true });
    const old = ['cli.js-00000000000000000000000000000001.cache', 'cli.js-00000000000000000000000000000002.cache', 'cli.js-00000000000000000000000000000003.cache.1234.partial'];
    const server = 'server.js-00000000000000000000000000000001.cache';
    for (const [index, name] of [...old, server].entries()) {
      fs.writeFileSync(path.join(folder, name), 'old');
      const time = new Date(Date.now() - (index + 2) * 3_600_000);
      fs.utimesSync(path.join(folder, name), time, time);
    }
    run();
    const left = caches();
    assert.equal(left.length, 3, `cache files: ${left.join(', ')}`);
    assert.ok(left.includes(old[0]), 'the newest cache of another build stays');
    assert.ok(left.includes(server), "the server bundle's cache is not the CLI's to remove");
    assert.equal(left.filter((name) => /^cli\.js-[0-9a-f]{32}\.cache$/.test(name) && !old.includes(name)).length, 1);
  });

  it('writes nothing with MLTRAPS_NO_COMPILE_CACHE=1', () => {
    const result = run({ MLTRAPS_NO_COMPILE_CACHE: '1' });
    assert.deepEqual(result, direct());
    assert.equal(fs.existsSync(cacheHome), false);
  });

  it('runs as usual when the cache folder cannot be made', () => {
    fs.writeFileSync(cacheHome, 'a file where the cache folder would go');
    const result = run();
    assert.deepEqual(result, direct());
  });
});

// The server sets V8 flags on itself (bin/v8Flags.js). V8 takes a code cache only under the
// flags it was written with: when the bundle set them once loaded, the cache written at exit
// was rejected by the next start, and written again at every start.
describe('mltraps-server compile cache (bin/mltraps-server.js)', function () {
  this.timeout(60_000);

  let tmp: string;
  let folder: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-server-compile-cache-'));
    folder = path.join(tmp, 'mltraps', 'compile-cache');
  });

  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const message = (body: object) => {
    const text = JSON.stringify({ jsonrpc: '2.0', ...body });
    return `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
  };

  /** Starts the server on stdio and stops it as a client does (shutdown, then exit). */
  function start(nodeFlags: readonly string[]): void {
    const { MLTRAPS_NO_COMPILE_CACHE: _ignored, ...inherited } = process.env;
    const input = message({ id: 1, method: 'shutdown' }) + message({ method: 'exit' });
    const result = spawnSync(process.execPath, [...nodeFlags, path.join(ROOT, 'bin', 'mltraps-server.js'), '--stdio'], { input, encoding: 'utf8', timeout: 30_000, env: { ...inherited, XDG_CACHE_HOME: tmp } });
    assert.equal(result.status, 0, result.stderr);
  }

  for (const nodeFlags of [[], ['--max-semi-space-size=1', '--v8-pool-size=1']]) {
    it(`keeps the cache its first start wrote (node ${nodeFlags.join(' ') || 'without flags'})`, () => {
      start(nodeFlags);
      const written = fs.readdirSync(folder);
      assert.equal(written.length, 1, `cache files: ${written.join(', ')}`);
      const before = fs.statSync(path.join(folder, written[0])).mtimeMs;
      start(nodeFlags);
      assert.deepEqual(fs.readdirSync(folder), written);
      assert.equal(fs.statSync(path.join(folder, written[0])).mtimeMs, before, 'the second start rejected the cache and wrote it again');
    });
  }
});
