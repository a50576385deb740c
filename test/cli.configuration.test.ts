import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codesOf, lines, mltraps, ScratchFolders } from './support/cli';

// The CLI with configuration files and folder walks: every key end to end, the closest file,
// --config / --isolated, warnings on stderr, .gitignore, links and special files.

const PIPELINE = [
  'from pyspark.ml import Pipeline',
  'from pyspark.ml.classification import LogisticRegression',
  'from pyspark.ml.feature import OneHotEncoder, StringIndexer',
  'encoder = OneHotEncoder(inputCols=["plan_index"], outputCols=["plan_vec"])',
  'indexer = StringIndexer(inputCol="plan", outputCol="plan_index")',
  'lr = LogisticRegression(featuresCol="features", labelCol="label")',
  'pipeline = Pipeline(stages=[encoder, indexer, lr])',
  '',
].join('\n');
const SERVING = [
  'config = {"served_entities": [{"name": "a", "entity_name": "m", "entity_version": "1"}, {"name": "b", "entity_name": "m", "entity_version": "2"}],',
  '          "traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 90}, {"served_model_name": "b", "traffic_percentage": 20}]}}',
  '',
].join('\n');
const REGISTRY = ['import mlflow', 'mlflow.register_model("runs:/abc/model", "churn.model")', ''].join('\n');

interface JsonFinding {
  file: string;
  code: string;
  severity: string;
}

function json(args: string[], cwd: string): JsonFinding[] {
  const run = mltraps(['--format', 'json', ...args], cwd);
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return JSON.parse(run.stdout) as JsonFinding[];
}

function byFile(findings: JsonFinding[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const finding of findings) (result[finding.file.split(path.sep).join('/')] ??= []).push(finding.code);
  for (const codes of Object.values(result)) codes.sort();
  return result;
}

describe('CLI configuration', function () {
  this.timeout(60_000);
  const scratch = new ScratchFolders();
  after(() => scratch.remove());

  it('without a configuration file: every rule (the baseline the other cases narrow)', () => {
    const dir = scratch.create({ 'a.py': PIPELINE, 'b.py': SERVING });
    assert.deepEqual(byFile(json([], dir)), { 'a.py': ['MLT101', 'MLT102'], 'b.py': ['MLT601'] });
  });

  it('[tool.mltraps] in pyproject.toml: select, ignore, extend-select', () => {
    const dir = scratch.create({
      'pyproject.toml': '[project]\nname = "churn"\n\n[tool.mltraps]\nselect = ["MLT10"]\nignore = ["MLT101"]\nextend-select = ["traffic-split-not-100"]\n',
      'a.py': PIPELINE,
      'b.py': SERVING,
    });
    assert.deepEqual(byFile(json([], dir)), { 'a.py': ['MLT102'], 'b.py': ['MLT601'] });
  });

  it('the closest file applies to each file; a pyproject.toml without [tool.mltraps] does not stop the search', () => {
    const dir = scratch.create({
      'mltraps.toml': 'ignore = ["MLT102"]\n',
      'jobs/pyproject.toml': '[project]\nname = "jobs"\n',
      'jobs/a.py': PIPELINE,
      'legacy/.mltraps.toml': 'ignore = ["MLT101"]\n',
      'legacy/a.py': PIPELINE,
      'a.py': PIPELINE,
    });
    assert.deepEqual(byFile(json([], dir)), { 'a.py': ['MLT101'], 'jobs/a.py': ['MLT101'], 'legacy/a.py': ['MLT102'] });
  });

  it('per-file-ignores and severity', () => {
    const dir = scratch.create({
      'mltraps.toml': '[per-file-ignores]\n"tests/**" = ["MLT1"]\n"*_serving.py" = ["traffic-split-not-100"]\n\n[severity]\nMLT102 = "hint"\nMLT101 = "off"\n',
      'tests/unit/a.py': PIPELINE,
      'a.py': PIPELINE,
      'b_serving.py': SERVING,
      'c.py': SERVING,
    });
    const findings = json([], dir);
    assert.deepEqual(byFile(findings), { 'a.py': ['MLT102'], 'c.py': ['MLT601'] });
    assert.equal(findings.find((finding) => finding.code === 'MLT102')?.severity, 'hint');
  });

  it('registry = "unity-catalog" speaks for Unity Catalog where the code shows no registry; the code still wins where it shows one', () => {
    const dir = scratch.create({ 'a.py': REGISTRY, 'ws/a.py': `import mlflow\nmlflow.set_registry_uri("databricks")\n${REGISTRY}` });
    assert.deepEqual(byFile(json([], dir)), {}, 'unknown registry: a two-part name may be a workspace-registry name');
    fs.writeFileSync(path.join(dir, 'mltraps.toml'), 'registry = "unity-catalog"\n');
    assert.deepEqual(byFile(json([], dir)), { 'a.py': ['MLT406'] });
  });

  it('cross-validator-model-limit', () => {
    const code = [
      'from pyspark.ml.tuning import CrossValidator, ParamGridBuilder',
      'from pyspark.ml.classification import LogisticRegression',
      'from pyspark.ml.evaluation import BinaryClassificationEvaluator',
      'lr = LogisticRegression()',
      'grid = ParamGridBuilder().addGrid(lr.regParam, [0.1, 0.01, 0.001]).addGrid(lr.maxIter, [10, 20]).build()',
      'cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=BinaryClassificationEvaluator(), numFolds=5)',
      '',
    ].join('\n');
    const dir = scratch.create({ 'a.py': code });
    const severity = () => json(['--select', 'MLT105'], dir).map((finding) => finding.severity);
    assert.deepEqual(severity(), ['information']);
    fs.writeFileSync(path.join(dir, 'mltraps.toml'), 'cross-validator-model-limit = 20\n');
    assert.deepEqual(severity(), ['warning']);
  });

  it('exclude replaces the default list, extend-exclude adds to it; a file named on the command line is always linted', () => {
    const dir = scratch.create({
      'a.py': PIPELINE,
      'archive/old.py': PIPELINE,
      'nb/draft_1.py': SERVING,
      'node_modules/pkg/x.py': SERVING,
      // A package's build copy of its own modules, skipped by default as Ruff skips it.
      'src/pkg/build/lib/pkg/a.py': PIPELINE,
    });
    assert.deepEqual(Object.keys(byFile(json([], dir))), ['a.py', 'archive/old.py', 'nb/draft_1.py']);
    fs.writeFileSync(path.join(dir, 'mltraps.toml'), 'extend-exclude = ["archive", "nb/draft_*.py"]\n');
    assert.deepEqual(Object.keys(byFile(json([], dir))), ['a.py']);
    assert.deepEqual(Object.keys(byFile(json(['archive/old.py', '.'], dir))), ['a.py', 'archive/old.py']);
    fs.writeFileSync(path.join(dir, 'mltraps.toml'), 'exclude = ["archive"]\n');
    assert.deepEqual(Object.keys(byFile(json([], dir))), ['a.py', 'nb/draft_1.py', 'node_modules/pkg/x.py', 'src/pkg/build/lib/pkg/a.py']);
  });

  it('--force-exclude applies exclude to files named explicitly (as pre-commit names them); nothing left is not an error', () => {
    const dir = scratch.create({ 'mltraps.toml': 'extend-exclude = ["archive/", "*_draft.py"]\n', 'archive/old.py': PIPELINE, 'x_draft.py': PIPELINE, 'a.py': SERVING });
    assert.deepEqual(Object.keys(byFile(json(['--force-exclude', 'archive/old.py', 'x_draft.py', 'a.py'], dir))), ['a.py']);
    const none = mltraps(['--force-exclude', 'archive/old.py'], dir);
    assert.equal(none.status, 0, none.stderr);
    assert.equal(none.stdout, '');
  });

  it('--force-exclude without a configuration file: the default excludes cover files named inside node_modules/ or .venv/ below the cwd', () => {
    const dir = scratch.create({ 'node_modules/pkg/x.py': PIPELINE, '.venv/lib/site.py': PIPELINE, 'src/a.py': SERVING });
    assert.deepEqual(Object.keys(byFile(json(['--force-exclude', 'src/a.py', 'node_modules/pkg/x.py', '.venv/lib/site.py'], dir))), ['src/a.py']);
    assert.deepEqual(Object.keys(byFile(json(['--force-exclude', 'node_modules/pkg/x.py', 'src/a.py'], dir))), ['src/a.py'], 'whichever file is named first');
  });

  it('configuration problems are warnings on stderr naming file and line; the rest of the file applies and linting goes on', () => {
    const dir = scratch.create({
      'pyproject.toml': '[tool.mltraps]\nselct = ["MLT1"]\nignore = ["MLT101", "MLT999"]\nregistry = "uc"\n',
      'a.py': PIPELINE,
    });
    const run = mltraps([], dir);
    assert.equal(run.status, 1);
    assert.deepEqual(codesOf(run.stdout), ['MLT102']);
    assert.deepEqual(lines(run.stderr).slice(0, 3), [
      'mltraps: warning: pyproject.toml:2: unknown key "selct" in [tool.mltraps] (did you mean "select"?); it is ignored',
      'mltraps: warning: pyproject.toml:3: "ignore": unknown rule "MLT999" (see mltraps rules); it is ignored',
      'mltraps: warning: pyproject.toml:4: "registry": expected "unity-catalog" or "workspace"; it is ignored',
    ]);
  });

  it('a malformed file: a warning with its line, and the defaults apply (never silently)', () => {
    const dir = scratch.create({ 'mltraps.toml': 'ignore = ["MLT101"\n', 'a.py': PIPELINE });
    const run = mltraps([], dir);
    assert.equal(run.status, 1);
    assert.deepEqual(codesOf(run.stdout).sort(), ['MLT101', 'MLT102']);
    assert.match(lines(run.stderr)[0], /^mltraps: warning: mltraps\.toml:2: invalid TOML \(.+\); this file's mltraps settings are not used, the defaults apply$/);
  });

  it('--config uses one file for everything; --isolated none; together they are a usage error', () => {
    const dir = scratch.create({ 'mltraps.toml': 'ignore = ["MLT101"]\n', 'ci/strict.toml': 'select = ["MLT101"]\n', 'a.py': PIPELINE });
    assert.deepEqual(codesOf(mltraps([], dir).stdout), ['MLT102']);
    assert.deepEqual(codesOf(mltraps(['--config', 'ci/strict.toml'], dir).stdout), ['MLT101']);
    assert.deepEqual(codesOf(mltraps(['--isolated'], dir).stdout).sort(), ['MLT101', 'MLT102']);
    const both = mltraps(['--isolated', '--config', 'ci/strict.toml'], dir);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--config and --isolated cannot be used together/);
    const missing = mltraps(['--config', 'nope.toml'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.toml: no such configuration file/);
  });

  it('--select on the command line replaces the file\'s selection; --ignore adds to it', () => {
    const dir = scratch.create({ 'mltraps.toml': 'select = ["MLT6"]\nignore = ["MLT101"]\n', 'a.py': PIPELINE, 'b.py': SERVING });
    assert.deepEqual(byFile(json(['--select', 'MLT1'], dir)), { 'a.py': ['MLT101', 'MLT102'] });
    assert.deepEqual(byFile(json(['--ignore', 'MLT601'], dir)), {});
    assert.deepEqual(byFile(json(['--extend-select', 'MLT102'], dir)), { 'a.py': ['MLT102'], 'b.py': ['MLT601'] });
  });

  describe('.gitignore', () => {
    function repository(files: Record<string, string>): string {
      const dir = scratch.create(files);
      fs.mkdirSync(path.join(dir, '.git', 'info'), { recursive: true });
      return dir;
    }

    it('folder walks skip what .gitignore files and .git/info/exclude ignore, nested files and negations included', () => {
      const dir = repository({
        '.gitignore': 'generated/\n*_scratch.py\n',
        'a.py': PIPELINE,
        'a_scratch.py': PIPELINE,
        'generated/gen.py': PIPELINE,
        'nb/.gitignore': 'tmp_*.py\n!tmp_keep.py\n',
        'nb/tmp_1.py': SERVING,
        'nb/tmp_keep.py': SERVING,
        'local/x.py': SERVING,
      });
      fs.writeFileSync(path.join(dir, '.git', 'info', 'exclude'), 'local/\n');
      assert.deepEqual(Object.keys(byFile(json([], dir))), ['a.py', 'nb/tmp_keep.py']);
      assert.deepEqual(Object.keys(byFile(json(['nb'], dir))), ['nb/tmp_keep.py'], 'also when the walk starts below the .gitignore');
      assert.deepEqual(Object.keys(byFile(json(['a_scratch.py', 'generated/gen.py'], dir))), ['a_scratch.py', 'generated/gen.py'], 'named files are linted');
      assert.deepEqual(Object.keys(byFile(json(['--no-respect-gitignore'], dir))), ['a.py', 'a_scratch.py', 'generated/gen.py', 'local/x.py', 'nb/tmp_1.py', 'nb/tmp_keep.py']);
      fs.writeFileSync(path.join(dir, 'mltraps.toml'), 'respect-gitignore = false\n');
      assert.equal(Object.keys(byFile(json([], dir))).length, 6);
    });

    it('a repository nested in another (a submodule) follows its own .gitignore files, not the outer ones, three levels deep', () => {
      const dir = repository({
        '.gitignore': '*_gen.py\n',
        'top_gen.py': PIPELINE,
        'lib/.git': 'gitdir: ../.git/modules/lib\n',
        'lib/.gitignore': 'out/\n',
        'lib/a_gen.py': PIPELINE,
        'lib/out/b.py': PIPELINE,
        'lib/pkg/deep/.gitignore': '*.py\n!keep.py\n',
        'lib/pkg/deep/drop.py': SERVING,
        'lib/pkg/deep/keep.py': SERVING,
      });
      assert.deepEqual(Object.keys(byFile(json([], dir))), ['lib/a_gen.py', 'lib/pkg/deep/keep.py']);
      assert.deepEqual(Object.keys(byFile(json(['lib/pkg'], dir))), ['lib/pkg/deep/keep.py'], 'also when the walk starts inside the nested repository');
    });

    it('outside a git repository a .gitignore means nothing, as for git', () => {
      const dir = scratch.create({ '.gitignore': '*.py\n', 'a.py': PIPELINE });
      assert.deepEqual(Object.keys(byFile(json([], dir))), ['a.py']);
    });
  });

  describe('links and special files', () => {
    it('a link to a file outside the linted folder is skipped with a message (--fix would write there); one inside is linted once', () => {
      const outside = scratch.create({ 'shared.py': PIPELINE });
      const dir = scratch.create({ 'a.py': SERVING });
      fs.symlinkSync(path.join(outside, 'shared.py'), path.join(dir, 'linked.py'));
      fs.symlinkSync(path.join(dir, 'a.py'), path.join(dir, 'z_alias.py'));
      assert.deepEqual(byFile(json(['.'], dir)), { 'a.py': ['MLT601'] }, 'the link inside is the same file: linted once');
      const run = mltraps(['--fix', '--unsafe-fixes', '.'], dir);
      assert.deepEqual(lines(run.stderr).filter((line) => line.includes('skipped')), [
        `linked.py: skipped: a link to ${fs.realpathSync(path.join(outside, 'shared.py'))}, outside the linted folder (name the file itself to lint it)`,
      ]);
      assert.equal(fs.readFileSync(path.join(outside, 'shared.py'), 'utf8'), PIPELINE, 'the file outside is untouched');
      assert.deepEqual(Object.keys(byFile(json(['linked.py'], dir))), ['linked.py'], 'named explicitly, it is linted');
    });

    it('a file reached through overlapping paths or a linked folder named on the command line is linted once', () => {
      const dir = scratch.create({ 'sub/a.py': SERVING, 'sub/deeper/b.py': SERVING });
      fs.symlinkSync(path.join(dir, 'sub'), path.join(dir, 'sub_link'));
      assert.deepEqual(Object.keys(byFile(json(['sub', 'sub/a.py', 'sub_link', 'sub_link/deeper/b.py'], dir))), ['sub/a.py', 'sub/deeper/b.py']);
      assert.deepEqual(Object.keys(byFile(json(['.'], dir))), ['sub/a.py', 'sub/deeper/b.py'], 'a linked folder inside the tree is not followed');
    });

    it('a FIFO is skipped with a message, never read (a read would block)', function () {
      const dir = scratch.create({ 'a.py': SERVING });
      const made = spawnSync('mkfifo', [path.join(dir, 'pipe.py')]);
      if (made.status !== 0) {
        console.log(`      (skipped: mkfifo is not available here: ${made.stderr?.toString().trim()})`);
        this.skip();
      }
      const walked = mltraps([], dir);
      assert.equal(walked.status, 1);
      assert.match(walked.stderr, /^pipe\.py: skipped: a named pipe \(FIFO\), not a file$/m);
      const named = mltraps(['pipe.py'], dir);
      assert.equal(named.status, 2, 'nothing linted');
      assert.match(named.stderr, /^pipe\.py: skipped: a named pipe \(FIFO\), not a file$/m);
    });
  });
});
