import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, runGrouped, withoutNpmScriptEnv } from './support/checkoutCopy';
import { SERVING_TRAP_NOTEBOOK, SPARK_ML_CLEAN, SPARK_ML_TRAP } from './support/trapSources';

// Runs the real pre-commit (Debian's, installed by scripts/e2e/setup-pre-commit.sh) in a
// temporary git repository whose .pre-commit-config.yaml takes the hooks from this checkout.
// pre-commit clones a hook repository at a commit, so this tests what is COMMITTED here
// (`rev` is this checkout's HEAD): the .pre-commit-hooks.yaml and the package pre-commit builds
// from it. Uncommitted changes are not seen.
//
// Installing the hook is the slow part: pre-commit runs `npm install` of the devDependencies in
// its clone (the build needs esbuild and the bundled libraries; npm's cache serves them, the
// registry only for what the cache lacks), `npm pack` and `npm install -g` of the tarball into
// its environment. PRE_COMMIT_HOME is a temporary folder, so every run installs afresh.

const INSTALL_TIMEOUT_MS = 480_000;
const COMMIT_TIMEOUT_MS = 60_000;

function preCommitVersion(): string | undefined {
  const run = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

describe('pre-commit hooks (.pre-commit-hooks.yaml run by pre-commit)', function () {
  this.timeout(INSTALL_TIMEOUT_MS + 60_000);

  let tmp: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;

  async function run(command: string, args: string[], timeoutMs = COMMIT_TIMEOUT_MS): Promise<{ code: number | null; output: string }> {
    const { code, output } = await runGrouped(command, args, repo, timeoutMs, env);
    return { code, output };
  }

  async function git(...args: string[]): Promise<string> {
    const result = await run('git', args);
    assert.equal(result.code, 0, `git ${args.join(' ')}:\n${result.output}`);
    return result.output.trim();
  }

  /** Writes and stages `files`, then `git commit` (which runs the installed hook). */
  async function commit(files: Record<string, string>, message: string): Promise<{ code: number | null; output: string }> {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(repo, name), content);
    await git('add', ...Object.keys(files));
    return run('git', ['commit', '-m', message]);
  }

  before(async function () {
    const version = preCommitVersion();
    if (!version) {
      if (process.env.MLTRAPS_SKIP_E2E === '1') {
        console.log('    skipped: pre-commit is not installed and MLTRAPS_SKIP_E2E=1 (scripts/e2e/setup-pre-commit.sh installs it)');
        this.skip();
      }
      assert.fail('pre-commit is not on PATH: run scripts/e2e/setup-pre-commit.sh (npm test does), or set MLTRAPS_SKIP_E2E=1 to skip');
    }
    console.log(`    with ${version}`);

    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(head.status, 0, `git rev-parse HEAD in ${REPO_ROOT}: ${head.stderr}`);
    const rev = head.stdout.trim();

    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-pre-commit-'));
    repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    env = {
      ...withoutNpmScriptEnv(),
      PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-home'),
      // mltraps' compile cache (bin/compileCache.js) goes there too, not into the user's.
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      GIT_AUTHOR_NAME: 'mltraps test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'mltraps test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      // pre-commit's npm install in its clone: take what the cache has, quietly.
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    await git('init', '-q', '-b', 'main');
    await git('config', 'commit.gpgsign', 'false');
    // mltraps-fix runs only when asked (`--hook-stage manual`), so commits run the plain hook.
    fs.writeFileSync(
      path.join(repo, '.pre-commit-config.yaml'),
      [
        'repos:',
        `  - repo: ${JSON.stringify(REPO_ROOT)}`,
        `    rev: ${rev}`,
        '    hooks:',
        '      - id: mltraps',
        '      - id: mltraps-fix',
        '        stages: [manual]',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(repo, 'README.md'), '# a team repository\n');
    await git('add', '.');
    await git('commit', '-q', '-m', 'start');

    const started = Date.now();
    const install = await run('pre-commit', ['install', '--install-hooks'], INSTALL_TIMEOUT_MS);
    assert.equal(install.code, 0, `pre-commit install --install-hooks:\n${install.output}`);
    console.log(`    pre-commit installed the hook environment in ${Math.round((Date.now() - started) / 1000)} s`);
  });

  beforeEach(async () => {
    // A refused commit leaves its files staged: start each case from the last commit.
    await git('reset', '-q', '--hard', 'HEAD');
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a commit of a Python file with a trap and shows the finding', async () => {
    const before = await git('rev-parse', 'HEAD');
    const result = await commit({ 'pipeline.py': SPARK_ML_TRAP }, 'a pipeline with a trap');
    assert.notEqual(result.code, 0, `the commit went through:\n${result.output}`);
    assert.match(result.output, /^mltraps\.+Failed$/m);
    assert.match(result.output, /^pipeline\.py:7:\d+: MLT101 RandomForestClassifier reads the vector column "features"/m);
    assert.equal(await git('rev-parse', 'HEAD'), before);
  });

  it('refuses a commit of a Jupyter notebook with a trap and shows the finding', async () => {
    const result = await commit({ 'serving.ipynb': SERVING_TRAP_NOTEBOOK }, 'a notebook with a trap');
    assert.notEqual(result.code, 0, `the commit went through:\n${result.output}`);
    assert.match(result.output, /^serving\.ipynb:cell 3:1:\d+: MLT601 traffic percentages add up to 105/m);
  });

  it('accepts a commit of a clean Python file', async () => {
    const result = await commit({ 'clean.py': SPARK_ML_CLEAN }, 'a clean pipeline');
    assert.equal(result.code, 0, `the commit was refused:\n${result.output}`);
    assert.match(result.output, /^mltraps\.+Passed$/m);
    assert.equal(await git('log', '-1', '--format=%s'), 'a clean pipeline');
  });

  it('skips a commit without Python files or notebooks', async () => {
    const result = await commit({ 'notes.md': '# notes\n', 'data.json': '{"cells": []}\n' }, 'notes');
    assert.equal(result.code, 0, `the commit was refused:\n${result.output}`);
    assert.match(result.output, /^mltraps\.+\(no files to check\)Skipped$/m);
  });

  it('accepts a commit that touches only a notebook in another language (a Databricks SQL notebook)', async () => {
    const sqlNotebook = JSON.stringify({
      cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: 'SELECT * FROM ml.churn.scores' }],
      metadata: { 'application/vnd.databricks.v1+notebook': { language: 'sql', notebookName: 'report' } },
      nbformat: 4,
      nbformat_minor: 5,
    });
    const result = await commit({ 'report.ipynb': sqlNotebook }, 'a SQL report');
    assert.equal(result.code, 0, `the commit was refused:\n${result.output}`);
    assert.match(result.output, /^mltraps\.+Passed$/m);
    assert.equal(await git('log', '-1', '--format=%s'), 'a SQL report');
  });

  it('mltraps-fix applies the safe fix in place, and pre-commit fails the run because the file changed', async () => {
    fs.writeFileSync(path.join(repo, 'pipeline.py'), SPARK_ML_TRAP);
    await git('add', 'pipeline.py');
    const fixing = await run('pre-commit', ['run', 'mltraps-fix', '--hook-stage', 'manual', '--files', 'pipeline.py']);
    assert.notEqual(fixing.code, 0, fixing.output);
    assert.match(fixing.output, /files were modified by this hook/);
    const fixed = fs.readFileSync(path.join(repo, 'pipeline.py'), 'utf8');
    assert.match(fixed, /Pipeline\(stages=\[indexer, VectorAssembler\(inputCols=\["plan_index"\], outputCol="features"\), rf\]\)/);

    await git('add', 'pipeline.py');
    const result = await run('git', ['commit', '-m', 'the fixed pipeline']);
    assert.equal(result.code, 0, `the fixed file was refused:\n${result.output}`);
  });
});
