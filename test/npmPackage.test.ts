import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allRules } from '../rules';
import { rulePageFileName } from '../rules/engine/ruleDocs';
import { practiceNotebooks } from '../rules/practice';
import { copyCheckout, REPO_ROOT, runGrouped, withoutNpmScriptEnv } from './support/checkoutCopy';
import { LspTestClient } from './support/lspClient';
import { SERVING_TRAP_NOTEBOOK, SPARK_ML_CLEAN, SPARK_ML_TRAP } from './support/trapSources';

// Packs the checkout with `npm pack` (in a copy: packing runs `prepare`, which builds the
// production bundles, and this checkout's dist/ keeps the development build the other tests
// run), installs the tarball with `npm install -g` into a temporary prefix, offline and with an
// empty npm cache (so the install can only work if the package needs nothing from a registry),
// then runs the installed `mltraps` and `mltraps-server` from an unrelated folder.

const MAX_TARBALL_BYTES = 1024 * 1024;
const npmEnv = { ...withoutNpmScriptEnv(), CI: 'true' };

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin: Record<string, string>;
}

function tarEntries(tarball: string): string[] {
  const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
  assert.equal(listing.status, 0, `tar -tzf ${tarball}: ${listing.stderr}`);
  return listing.stdout.split('\n').filter((line) => line !== '');
}

/** What the tarball must hold, no more: the two commands and what they load at run time. */
function expectedEntries(): string[] {
  return [
    'package.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    'bin/compileCache.js',
    'bin/mltraps.js',
    'bin/mltraps-server.js',
    'bin/v8Flags.js',
    'dist/cli.js',
    'dist/server.js',
    'dist/tree-sitter.wasm',
    'dist/tree-sitter-python.wasm',
    // The server links each diagnostic to its rule page.
    ...allRules.map((rule) => `docs/rules/${rulePageFileName(rule)}`),
    // `mltraps practice` copies and scores the practice notebooks.
    'examples/practice.json',
    ...practiceNotebooks.flatMap((notebook) => [notebook.file, ...(notebook.ipynb ? [notebook.ipynb] : [])]).map((file) => `examples/${file}`),
  ]
    .map((file) => `package/${file}`)
    .sort();
}

describe('npm package (npm pack, npm install -g <tarball>)', function () {
  this.timeout(240_000);

  let tmp: string;
  let tarball: string;
  let prefix: string;
  let installed: string;
  let workDir: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-npm-'));
    const copy = copyCheckout('mltraps-npm-pack-');
    try {
      const packed = await runGrouped('npm', ['pack', '--pack-destination', tmp], copy, 180_000, npmEnv);
      assert.equal(packed.code, 0, `npm pack failed:\n${packed.output}`);
      // npm pack prints the tarball's name last on stdout (prepare's output goes to stderr).
      const name = packed.stdout.trim().split('\n').pop()!;
      tarball = path.join(tmp, name);
      assert.ok(fs.existsSync(tarball), `npm pack did not write ${tarball}:\n${packed.output}`);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }

    prefix = path.join(tmp, 'prefix');
    const emptyCache = path.join(tmp, 'npm-cache');
    const install = await runGrouped(
      'npm',
      ['install', '-g', '--prefix', prefix, '--offline', '--cache', emptyCache, '--no-audit', '--no-fund', tarball],
      tmp,
      120_000,
      npmEnv,
    );
    assert.equal(install.code, 0, `npm install -g failed:\n${install.output}`);
    installed = path.join(prefix, 'lib', 'node_modules', 'mltraps');

    workDir = path.join(tmp, 'elsewhere');
    fs.mkdirSync(workDir);
    fs.writeFileSync(path.join(workDir, 'serving.ipynb'), SERVING_TRAP_NOTEBOOK);
    fs.writeFileSync(path.join(workDir, 'pipeline.py'), SPARK_ML_TRAP);
    fs.writeFileSync(path.join(workDir, 'clean.py'), SPARK_ML_CLEAN);
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The commands' environment: their compile cache (bin/compileCache.js) in the temporary folder, not the user's. */
  const commandEnv = () => ({ ...process.env, XDG_CACHE_HOME: path.join(tmp, 'cache') });
  const compileCaches = () => {
    const folder = path.join(tmp, 'cache', 'mltraps', 'compile-cache');
    return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
  };

  /** An installed command, started through its own shebang as a shell would. */
  function run(command: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(path.join(prefix, 'bin', command), args, { cwd: workDir, encoding: 'utf8', timeout: 60_000, env: commandEnv() });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('holds exactly the files the two commands run', () => {
    assert.deepEqual(tarEntries(tarball).sort(), expectedEntries());
  });

  it('is at most 1 MB', () => {
    const size = fs.statSync(tarball).size;
    assert.ok(size <= MAX_TARBALL_BYTES, `the tarball is ${size} bytes, over ${MAX_TARBALL_BYTES}`);
  });

  it('ships production bundles, built by npm pack itself', () => {
    for (const bundle of ['dist/cli.js', 'dist/server.js']) {
      const text = fs.readFileSync(path.join(installed, bundle), 'utf8');
      assert.doesNotMatch(text, /sourceMappingURL/, `${bundle} points to a source map`);
      const lines = text.split('\n').length;
      assert.ok(lines < text.length / 1000, `${bundle} has ${lines} lines for ${text.length} characters: not minified`);
    }
  });

  it('has no dependencies: nothing is installed beside it', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as Manifest;
    assert.deepEqual(
      { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies },
      {},
      'the packed package.json declares runtime dependencies',
    );
    assert.equal(fs.existsSync(path.join(installed, 'node_modules')), false, 'the installed package has a node_modules folder');
    assert.deepEqual(fs.readdirSync(path.join(prefix, 'lib', 'node_modules')), ['mltraps']);
    assert.deepEqual(fs.readdirSync(path.join(prefix, 'bin')).sort(), ['mltraps', 'mltraps-server']);
  });

  it('mltraps lints a notebook and a Python file from any folder, exiting 1 on findings', () => {
    const notebook = run('mltraps', ['serving.ipynb']);
    assert.equal(notebook.status, 1, notebook.stderr);
    assert.match(notebook.stdout, /^serving\.ipynb:cell 3:1:\d+: MLT601 traffic percentages add up to 105/m);

    const python = run('mltraps', ['pipeline.py']);
    assert.equal(python.status, 1, python.stderr);
    assert.match(python.stdout, /^pipeline\.py:7:\d+: MLT101 RandomForestClassifier reads the vector column "features"/m);

    const clean = run('mltraps', ['clean.py']);
    assert.equal(clean.status, 0, `${clean.stdout}${clean.stderr}`);
  });

  it('mltraps practice writes a copy of a practice notebook and scores it', () => {
    const [notebook] = practiceNotebooks;
    const copied = run('mltraps', ['practice', notebook.name, '--out', 'practice']);
    assert.equal(copied.status, 0, copied.stderr);
    const check = run('mltraps', ['practice', 'check', path.join('practice', notebook.file)]);
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, new RegExp(`^${notebook.name}: 0 of ${notebook.traps} traps fixed, ${notebook.traps} still there\\.`));
  });

  it('mltraps keeps the compiled CLI in the user\'s cache folder and reads it back on the next run', () => {
    run('mltraps', ['--version']);
    const [cache, ...others] = compileCaches().filter((name) => name.startsWith('cli.js-'));
    assert.ok(cache?.endsWith('.cache') && others.length === 0, `compile cache files: ${compileCaches().join(', ')}`);
    const written = fs.statSync(path.join(tmp, 'cache', 'mltraps', 'compile-cache', cache)).mtimeMs;
    const python = run('mltraps', ['pipeline.py']);
    assert.equal(python.status, 1, python.stderr);
    assert.match(python.stdout, /^pipeline\.py:7:\d+: MLT101 /m);
    // V8 took it: a cache it rejects is written again.
    assert.equal(fs.statSync(path.join(tmp, 'cache', 'mltraps', 'compile-cache', cache)).mtimeMs, written);
  });

  it('mltraps --version prints the package version', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
    const version = run('mltraps', ['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), manifest.version);
  });

  for (const args of [['--stdio'], []]) {
    it(`mltraps-server ${args.length ? args.join(' ') : '(no transport: stdio)'} answers initialize and lints an opened file`, async () => {
      const client = new LspTestClient('stdio', undefined, [path.join(prefix, 'bin', 'mltraps-server'), ...args], commandEnv());
      try {
        const result = await client.request<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }>('initialize', {
          processId: process.pid,
          rootUri: null,
          capabilities: {},
        });
        assert.ok(result.capabilities.textDocumentSync, `initialize answered without textDocumentSync: ${JSON.stringify(result)}`);
        assert.ok(result.capabilities.notebookDocumentSync, 'the server declares notebook sync');
        await client.notify('initialized', {});
        const uri = pathToFileURL(path.join(workDir, 'pipeline.py')).href;
        const published = client.nextDiagnostics(uri, 20_000);
        await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: SPARK_ML_TRAP } });
        const { diagnostics } = await published;
        assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), ['MLT101']);
        const href = diagnostics[0].codeDescription?.href;
        assert.ok(href && fs.existsSync(new URL(href)), `the rule page ${href} is installed`);
      } finally {
        await client.stop();
      }
    });
  }
});
