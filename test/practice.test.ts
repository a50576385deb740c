import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { applyEdits } from '../rules/engine/edits';
import type { ProgramSource } from '../rules/engine/program';
import { fileSource } from '../rules/engine/programParser';
import { EXAM_DOMAIN_WEIGHTS, type ExamDomain } from '../rules/engine/types';
import { checkPractice, findPracticeNotebook, formatPracticeResult, type PracticeNotebook, practiceNotebookForFile, practiceNotebooks } from '../rules/practice';
import { readNotebookFile } from '../server/notebookFiles';
import { testLinter } from './support/linter';

// The practice loop's engine part: examples/practice.json against the notebooks it declares,
// and the check that scores a learner's copy against the pristine notebook.

const EXAMPLES = path.join(__dirname, '..', 'examples');
const CELL = '\n# COMMAND ----------\n';

function source(file: string, text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8')): ProgramSource {
  const uri = `file:///practice/${file}`;
  if (!file.endsWith('.ipynb')) return fileSource(uri, text);
  const read = readNotebookFile(uri, text);
  if ('skipped' in read) assert.fail(`${file}: ${read.skipped}`);
  return read.source;
}

function notebook(name: string): PracticeNotebook {
  const found = findPracticeNotebook(name);
  assert.ok(found, name);
  return found;
}

describe('practice notebooks (examples/practice.json)', () => {
  it('declares each notebook once, with a file in examples/, a title and an exam domain', () => {
    assert.ok(practiceNotebooks.length > 0);
    assert.equal(new Set(practiceNotebooks.map((entry) => entry.name)).size, practiceNotebooks.length, 'names are unique');
    for (const entry of practiceNotebooks) {
      assert.match(entry.name, /^[a-z][a-z-]*$/, entry.name);
      for (const file of [entry.file, entry.ipynb].filter((name): name is string => name !== undefined)) assert.ok(fs.existsSync(path.join(EXAMPLES, file)), `examples/${file}`);
      assert.ok(entry.title.length > 0);
      assert.ok(Object.keys(EXAM_DOMAIN_WEIGHTS).includes(entry.domain), `${entry.name}: domain ${entry.domain}`);
    }
  });

  it('every area notebook of examples/ is a practice notebook', () => {
    const areaExports = fs.readdirSync(EXAMPLES).filter((file) => /^\d\d_.*\.py$/.test(file)).sort();
    assert.deepEqual(practiceNotebooks.map((entry) => entry.file).sort(), areaExports);
  });

  for (const entry of practiceNotebooks) {
    it(`${entry.name}: declares as many traps as mltraps finds in the pristine notebook, of its exam domain`, async () => {
      const linter = await testLinter();
      for (const file of [entry.file, entry.ipynb].filter((name): name is string => name !== undefined)) {
        const { findings } = linter.lintSource(source(file));
        assert.equal(
          findings.length,
          entry.traps,
          `examples/practice.json says ${entry.name} hides ${entry.traps} traps; mltraps finds ${findings.length} in examples/${file} (${findings.map((finding) => finding.ruleId).join(', ')}): update "traps"`,
        );
        const domains = new Set(findings.map((finding) => allRules.find((rule) => rule.meta.id === finding.ruleId)!.meta.domain as ExamDomain));
        assert.ok(domains.has(entry.domain), `${entry.name}: none of its traps is of ${entry.domain} (${[...domains].join(', ')})`);
      }
    });
  }

  it('finds a notebook by name, file, number, or the name a copy was saved under', () => {
    const sparkMl = notebook('spark-ml');
    assert.equal(findPracticeNotebook('01_spark_ml_pipelines.py'), sparkMl);
    assert.equal(findPracticeNotebook('01_spark_ml_pipelines'), sparkMl);
    assert.equal(findPracticeNotebook('01'), sparkMl);
    assert.equal(findPracticeNotebook('1'), sparkMl);
    assert.equal(findPracticeNotebook('06_model_serving.ipynb'), notebook('serving'));
    assert.equal(findPracticeNotebook('nothing'), undefined);
    assert.equal(practiceNotebookForFile('/tmp/answers/01_spark_ml_pipelines.py'), sparkMl);
    assert.equal(practiceNotebookForFile('C:\\answers\\06_model_serving (1).ipynb'), notebook('serving'));
    assert.equal(practiceNotebookForFile('spark-ml-attempt2.py'), sparkMl);
    assert.equal(practiceNotebookForFile('my_notebook.py'), undefined);
    assert.equal(practiceNotebookForFile('01.py'), sparkMl);
  });
});

describe('practice loop in the editor (package.json)', () => {
  interface Contributes {
    commands: Array<{ command: string }>;
    views: { explorer: Array<{ id: string; name: string }> };
    walkthroughs: Array<{ steps: Array<{ id: string; media: { markdown: string }; completionEvents: string[] }> }>;
  }
  const contributes = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { contributes: Contributes }).contributes;

  it('contributes the practice commands and the Exam traps view', () => {
    const commands = contributes.commands.map((command) => command.command);
    for (const command of ['mltraps.openPracticeNotebook', 'mltraps.checkMyAnswers', 'mltraps.resetPracticeProgress']) assert.ok(commands.includes(command), command);
    assert.deepEqual(contributes.views.explorer.map((view) => [view.id, view.name]), [['mltraps.examTraps', 'Exam traps']]);
  });

  it('has a walkthrough: open a notebook, read a card, quick fix, snippet, check; each step a markdown page of the repository', () => {
    const [walkthrough] = contributes.walkthroughs;
    assert.deepEqual(walkthrough.steps.map((step) => step.id), ['open', 'card', 'quickfix', 'snippet', 'check']);
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(__dirname, '..', step.media.markdown)), step.media.markdown);
      assert.ok(step.completionEvents.length > 0, step.id);
    }
  });
});

describe('practice check', () => {
  const FILE = '01_spark_ml_pipelines.py';
  let pristine: string;

  before(() => {
    pristine = fs.readFileSync(path.join(EXAMPLES, FILE), 'utf8');
  });

  async function check(text: string, file = FILE) {
    return checkPractice(await testLinter(), notebook('spark-ml'), source(file), source(file, text));
  }

  /** The pristine text with the first fix of the findings of these rules applied. */
  async function fixed(text: string, ruleIds: readonly string[]): Promise<string> {
    const { findings } = (await testLinter()).lintText(`file:///practice/${FILE}`, text);
    const edits = findings.filter((finding) => ruleIds.includes(finding.ruleId)).flatMap((finding) => finding.fixes[0].edits);
    assert.equal(new Set(findings.filter((finding) => ruleIds.includes(finding.ruleId)).map((finding) => finding.ruleId)).size, ruleIds.length);
    return applyEdits(text, edits);
  }

  it('an untouched copy: every trap still there, none fixed, none new', async () => {
    const result = await check(pristine);
    assert.equal(result.total, notebook('spark-ml').traps);
    assert.equal(result.fixed.length, 0);
    assert.equal(result.remaining.length, result.total);
    assert.deepEqual(result.introduced, []);
    assert.equal(result.complete, false);
  });

  it('some traps fixed, some left (one of them edited but still a trap), one new, lines shifted: each counted where it belongs', async () => {
    let text = await fixed(pristine, ['MLT102', 'MLT104']);
    // The learner's notes at the top move every line below.
    text = text.replace('# COMMAND ----------\n', '# COMMAND ----------\n\n# my notes: check the stage order\n# and the features columns\n');
    // MLT105 edited, still a trap: 4 folds x 40 = 160 models, still above 100.
    assert.ok(text.includes('numFolds=5, parallelism=4'));
    text = text.replace('numFolds=5, parallelism=4', 'numFolds=4, parallelism=4');
    // A new trap of another area in a new cell.
    text += `${CELL}\nimport mlflow\n\nwith mlflow.start_run():\n    with mlflow.start_run():\n        mlflow.log_metric("auc", 0.8)\n`;

    const result = await check(text);
    assert.deepEqual(result.fixed.map((trap) => trap.ruleId).sort(), ['MLT102', 'MLT104']);
    assert.deepEqual(result.remaining.map((trap) => trap.ruleId).sort(), ['MLT101', 'MLT103', 'MLT105', 'MLT106', 'MLT107']);
    assert.deepEqual(result.introduced.map((trap) => trap.ruleId), ['MLT301']);
    const lines = text.split('\n');
    assert.match(lines[result.introduced[0].line - 1], /mlflow\.start_run\(\)/);
    assert.equal(result.complete, false);

    // Still-there traps get the exam fact as a hint, never their line or message.
    const mlt103 = allRules.find((rule) => rule.meta.id === 'MLT103')!;
    assert.equal(result.remaining.find((trap) => trap.ruleId === 'MLT103')!.hint, mlt103.docs.examFact);
    const report = formatPracticeResult(result);
    assert.match(report, /^spark-ml: 2 of 7 traps fixed, 5 still there, 1 new trap introduced\.\n/);
    assert.ok(report.includes(mlt103.docs.examFact));
    assert.doesNotMatch(report.split('New traps')[0], /line \d+/);
    assert.match(report, /New traps you introduced:\n {2}! line \d+: MLT301 nested-run-without-flag: /);
  });

  it('a suppression comment hides a finding but fixes nothing', async () => {
    const lines = pristine.split('\n');
    const { findings } = (await testLinter()).lintText(`file:///practice/${FILE}`, pristine);
    const mlt104 = findings.find((finding) => finding.ruleId === 'MLT104')!;
    lines[mlt104.start.line] += '  # noqa: MLT104';
    const result = await check(lines.join('\n'));
    assert.equal(result.fixed.length, 0);
    assert.ok(result.remaining.some((trap) => trap.ruleId === 'MLT104'));
    assert.equal(result.suppressionsIgnored, 1);
    assert.match(formatPracticeResult(result), /1 suppression comment \(# noqa, # mltraps: ignore\) ignored/);
  });

  it('every trap fixed (the quick fixes, the unsafe ones too, and the one without a fix by hand) and nothing new: complete', async () => {
    const linter = await testLinter();
    const all = linter.fixAll(`file:///practice/${FILE}`, pristine, { includeUnsafe: true });
    // MLT106 has no quick fix: the learner moves the pipeline inside the tuner.
    const byHand = all.text.replace(
      /plan_tvs = TrainValidationSplit\(estimator=lr, (.*)\)\ntuned_pipeline = Pipeline\(stages=\[plan_indexer, plan_assembler, plan_tvs\]\)/,
      'tuned_pipeline = TrainValidationSplit(estimator=Pipeline(stages=[plan_indexer, plan_assembler, lr]), $1)',
    );
    assert.notEqual(byHand, all.text);
    const result = await check(byHand);
    assert.equal(result.fixed.length, result.total);
    assert.deepEqual(result.remaining, []);
    assert.deepEqual(result.introduced, []);
    assert.equal(result.complete, true);
    assert.match(formatPracticeResult(result), /^spark-ml: 7 of 7 traps fixed\. All traps fixed: well done!/);
  });

  it('a Jupyter copy is checked against the Jupyter twin, cell by cell', async () => {
    const serving = notebook('serving');
    const ipynb = fs.readFileSync(path.join(EXAMPLES, serving.ipynb!), 'utf8');
    const linter = await testLinter();
    const copy = source(serving.ipynb!, ipynb);
    const result = checkPractice(linter, serving, source(serving.ipynb!), copy);
    assert.equal(result.remaining.length, serving.traps);
    // Fix MLT601 (90 + 15) in its cell.
    const { findings } = linter.lintSource(copy);
    const mlt601 = findings.find((finding) => finding.ruleId === 'MLT601')!;
    const cells = copy.cells.map((cell, index) => (index === mlt601.cell ? { ...cell, text: applyEdits(cell.text, mlt601.fixes[0].edits) } : cell));
    const after = checkPractice(linter, serving, source(serving.ipynb!), { ...copy, cells });
    assert.deepEqual(after.fixed.map((trap) => trap.ruleId), ['MLT601']);
    assert.equal(after.remaining.length, serving.traps - 1);
    assert.deepEqual(after.introduced, []);
  });
});
