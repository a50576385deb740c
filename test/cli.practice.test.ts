import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPracticeNotebook, practiceNotebooks } from '../rules/practice';
import { CLI, lines, mltraps, ROOT, ScratchFolders } from './support/cli';

// `mltraps practice`, `mltraps practice <name> --out DIR` and `mltraps practice check FILE`,
// run as users run them (dist/cli.js).

const scratch = new ScratchFolders();
const sparkMl = findPracticeNotebook('spark-ml')!;
const serving = findPracticeNotebook('serving')!;
const pristine = (file: string) => fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');

describe('mltraps practice (dist/cli.js)', function () {
  this.timeout(60_000);

  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build'));
  after(() => scratch.remove());

  it('lists every practice notebook with its exam domain and trap count', () => {
    const run = mltraps(['practice']);
    assert.equal(run.status, 0, run.stderr);
    const rows = lines(run.stdout);
    assert.match(rows[0], /^name\s+exam domain\s+traps\s+notebook$/);
    for (const notebook of practiceNotebooks) {
      const row = rows.find((line) => line.startsWith(`${notebook.name} `));
      assert.ok(row, `${notebook.name} is listed:\n${run.stdout}`);
      assert.match(row, new RegExp(`^${notebook.name}\\s+${notebook.domain}\\s+${notebook.traps}\\s+${notebook.title.replace(/[()]/g, '\\$&')} \\(${notebook.file}`));
    }
    assert.match(run.stdout, /mltraps practice <name> --out DIR/);
  });

  it('writes a copy into --out (creating it), and refuses to overwrite it without --force', () => {
    const dir = scratch.create({});
    const run = mltraps(['practice', 'spark-ml', '--out', 'answers'], dir);
    assert.equal(run.status, 0, run.stderr);
    const copy = path.join(dir, 'answers', sparkMl.file);
    assert.equal(fs.readFileSync(copy, 'utf8'), pristine(sparkMl.file));
    assert.match(run.stdout, new RegExp(`^Wrote answers/${sparkMl.file}: .*${sparkMl.traps} traps hidden`));
    assert.match(run.stdout, new RegExp(`mltraps practice check answers/${sparkMl.file}\\n$`));

    fs.writeFileSync(copy, '# my answers\n');
    const again = mltraps(['practice', '01', '--out', 'answers'], dir);
    assert.equal(again.status, 2);
    assert.equal(again.stdout, '');
    assert.match(again.stderr, /answers\/01_spark_ml_pipelines\.py already exists .*not overwritten; give another --out DIR, or --force/);
    assert.equal(fs.readFileSync(copy, 'utf8'), '# my answers\n');

    const forced = mltraps(['practice', 'spark-ml', '--out', 'answers', '--force'], dir);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(fs.readFileSync(copy, 'utf8'), pristine(sparkMl.file));
  });

  it('writes the Jupyter form with --ipynb where there is one, and says so where there is none', () => {
    const dir = scratch.create({});
    assert.equal(mltraps(['practice', 'serving', '--ipynb'], dir).status, 0);
    assert.equal(fs.readFileSync(path.join(dir, serving.ipynb!), 'utf8'), pristine(serving.ipynb!));
    const none = mltraps(['practice', 'spark-ml', '--ipynb'], dir);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /spark-ml has no Jupyter form \(\.ipynb\); leave out --ipynb/);
  });

  it('names the notebooks it has when asked for another', () => {
    const run = mltraps(['practice', 'spark']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^mltraps: no practice notebook "spark" \(one of: spark-ml, /);
  });

  it('check: an untouched copy has every trap still there, with hints, and exits 1', () => {
    const dir = scratch.create({ [sparkMl.file]: pristine(sparkMl.file) });
    const run = mltraps(['practice', 'check', sparkMl.file], dir);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, new RegExp(`^spark-ml: 0 of ${sparkMl.traps} traps fixed, ${sparkMl.traps} still there\\.\\n`));
    assert.equal(lines(run.stdout).filter((line) => line.startsWith('  ✗ ')).length, sparkMl.traps);
  });

  it('check: some fixed, some left, one new; the notebook from --notebook when the file name does not say', () => {
    let text = pristine(sparkMl.file);
    // MLT104 fixed by hand: the decision tree reads the assembler's column.
    text = text.replace(/DecisionTreeClassifier\(/, 'DecisionTreeClassifier(featuresCol="tree_features", ');
    // A new trap: a nested run without nested=True.
    text += '\n# COMMAND ----------\n\nimport mlflow\n\nwith mlflow.start_run():\n    with mlflow.start_run():\n        mlflow.log_metric("auc", 0.8)\n';
    const dir = scratch.create({ 'mine.py': text });
    const unknown = mltraps(['practice', 'check', 'mine.py'], dir);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /cannot tell which practice notebook mine\.py is a copy of: .*--notebook NAME/);

    const run = mltraps(['practice', 'check', 'mine.py', '--notebook', 'spark-ml'], dir);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, new RegExp(`^spark-ml: 1 of ${sparkMl.traps} traps fixed, ${sparkMl.traps - 1} still there, 1 new trap introduced\\.`));
    assert.match(run.stdout, /Fixed:\n {2}✓ MLT104 features-column-mismatch: /);
    assert.match(run.stdout, /New traps you introduced:\n {2}! line \d+: MLT301 /);

    const json = mltraps(['practice', 'check', 'mine.py', '--notebook', 'spark-ml', '--format', 'json'], dir);
    const result = JSON.parse(json.stdout) as { fixed: Array<{ ruleId: string }>; remaining: unknown[]; introduced: Array<{ ruleId: string }>; complete: boolean };
    assert.deepEqual(result.fixed.map((trap) => trap.ruleId), ['MLT104']);
    assert.equal(result.remaining.length, sparkMl.traps - 1);
    assert.deepEqual(result.introduced.map((trap) => trap.ruleId), ['MLT301']);
    assert.equal(result.complete, false);
  });

  it('check: every trap fixed and none new exits 0', () => {
    // Every trap of this notebook has a quick fix (safe or unsafe): --fix fixes them all.
    const tuning = findPracticeNotebook('distributed-training')!;
    const dir = scratch.create({});
    assert.equal(mltraps(['practice', tuning.name, '--out', '.'], dir).status, 0);
    const fixing = mltraps(['--fix', '--unsafe-fixes', '--isolated', tuning.file], dir);
    assert.equal(fixing.status, 0, fixing.stdout + fixing.stderr);
    const run = mltraps(['practice', 'check', tuning.file], dir);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`^${tuning.name}: ${tuning.traps} of ${tuning.traps} traps fixed\\. All traps fixed: well done!`));
  });

  it('check: a Jupyter copy is scored against the Jupyter twin', () => {
    const dir = scratch.create({ [serving.ipynb!]: pristine(serving.ipynb!) });
    const run = mltraps(['practice', 'check', serving.ipynb!], dir);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, new RegExp(`^serving: 0 of ${serving.traps} traps fixed, ${serving.traps} still there\\.`));
  });

  it('usage errors exit 2 with a clear message', () => {
    for (const [args, message] of [
      [['practice', 'check'], /practice check takes one file/],
      [['practice', 'check', 'a.py', '--out', 'x'], /practice check does not take --out/],
      [['practice', 'spark-ml', '--notebook', 'x'], /practice <name> does not take --notebook/],
      [['practice', 'spark-ml', '--out'], /option --out needs a value/],
      [['practice', '--bogus'], /unknown option --bogus/],
      [['practice', 'check', 'missing.py', '--notebook', 'spark-ml'], /cannot read missing\.py/],
    ] as const) {
      const run = mltraps([...args]);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });
});
