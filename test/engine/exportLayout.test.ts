import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { layoutByLines, layoutOf, type TextLayout } from '../../rules/engine/kernelCells';
import { notebook, seededRandom } from '../../scripts/benchNotebooks';
import { testLinter } from '../support/linter';

const ROOT = path.join(__dirname, '..', '..');

/** A cell's magic is absent or undefined alike for every reader of a layout. */
function normalized(layout: TextLayout): TextLayout {
  return { ...layout, cells: layout.cells.map(({ magic, ...rest }) => (magic === undefined ? rest : { ...rest, magic })) };
}

function assertSameLayout(text: string, label: string): void {
  assert.deepEqual(normalized(layoutOf(text, 'module')), normalized(layoutByLines(text, 'module')), label);
}

/** Edits that move separators, line breaks and magic lines around: where a cut-and-cache reading could drift from the line-by-line one. */
const PIECES = [
  '# COMMAND ----------\n',
  '  # COMMAND ----------  \n',
  '# COMMAND ----------',
  '# COMMAND -----------\n',
  'x = "# COMMAND ----------"\n',
  '\r\n',
  '\r',
  '\n',
  '# MAGIC %run ./setup\n',
  '# MAGIC %sql\n',
  '# MAGIC %md\n',
  '# DBTITLE 1,Load\n',
  'from helpers import *\n',
  'df = spark.table("t")\n',
  // Lines that send a cell to the line-by-line reading (readPlainExportCell declines it).
  '%pip install mlflow\n',
  '  !ls /dbfs\n',
  '?spark\n',
  '%time model = fit(df)\n',
  '%%time\n',
  'x = (1 %\n  2)\n',
  '# MAGIC %%time\n',
  '# MAGIC %python\n',
  '# MAGIC %pip install mlflow\n',
  '\n\n\n\n\n\n\n\n\n',
  '',
];

describe('Databricks export layout, read cell by cell and remembered by cell text', () => {
  it('is the line-by-line layout for the examples and generated notebooks', () => {
    const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((name) => name.endsWith('.py'));
    for (const name of examples) assertSameLayout(fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8'), name);
    for (const seed of [1, 2, 3]) assertSameLayout(notebook(seededRandom(seed), 400, 0, 0.75), `generated ${seed}`);
  });

  it('is the line-by-line layout after random edits of separators, line breaks and magic lines (read twice: cached and fresh)', () => {
    const random = seededRandom(4242);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    for (let round = 0; round < 400; round++) {
      let text = pick(['# Databricks notebook source\n', '\uFEFF# Databricks notebook source\r\n', '# Databricks notebook source\r', '# Databricks notebook source']);
      const count = Math.floor(random() * 12);
      for (let i = 0; i < count; i++) text += pick(PIECES);
      assertSameLayout(text, JSON.stringify(text));
      assertSameLayout(text, `again: ${JSON.stringify(text)}`);
    }
  });

  it('places a remembered cell where it now is', () => {
    const cell = '# MAGIC %run ./setup\n';
    const first = layoutOf(`# Databricks notebook source\n${cell}`, 'module');
    const moved = layoutOf(`# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n${cell}`, 'module');
    assert.deepEqual(first.inclusions.map((inclusion) => inclusion.at), [29 + cell.length]);
    assert.deepEqual(moved.inclusions.map((inclusion) => inclusion.at), [29 + 7 + 21 + cell.length]);
  });
});

describe('a plain module\'s layout, read from its `import *` lines only', () => {
  /** Lines around star imports: where reading only the lines that hold `import *` could drift from reading every line. */
  const MODULE_PIECES = [
    'from helpers import *\n',
    'from .helpers import *  # everything\n',
    'from helpers import *',
    '  from helpers import *\n',
    'from helpers import * as x\n',
    'from helpers import\t*\r\n',
    'from helpers import\f*\r',
    'import *\n',
    '"from a import *"; from b import *\n',
    'x = 1  # from c import *\n',
    'from d import (\n    *\n)\n',
    '"""\nfrom e import *\n"""\n',
    '%run ./setup\n',
    '\r\n',
    '\r',
    '\n',
    'df = spark.table("t")\n',
    '',
  ];

  it('is the line-by-line layout for the examples and random texts of star imports and line breaks', () => {
    const same = (text: string) => assert.deepEqual(normalized(layoutOf(text, 'module')), normalized(layoutByLines(text, 'module')), JSON.stringify(text));
    for (const name of fs.readdirSync(path.join(ROOT, 'examples')).filter((file) => file.endsWith('.py'))) {
      same(fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8').replace(/^# Databricks notebook source/, '# a module'));
    }
    const random = seededRandom(4343);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    for (let round = 0; round < 600; round++) {
      let text = '';
      const count = Math.floor(random() * 10);
      for (let i = 0; i < count; i++) text += pick(MODULE_PIECES);
      same(text);
    }
  });

  it('finds each star import once, after its line break', () => {
    const text = 'import os\nfrom helpers import *  # import *\r\nfrom .more import *';
    assert.deepEqual(layoutOf(text, 'module').inclusions, [
      { kind: 'star-import', target: 'helpers', at: 45 },
      { kind: 'star-import', target: '.more', at: text.length },
    ]);
  });
});

describe('an export\'s # MAGIC %python cell', () => {
  const CELL = [
    '# Databricks notebook source',
    '# MAGIC %sql',
    '# MAGIC SELECT 1',
    '',
    '# COMMAND ----------',
    '',
    '# MAGIC %python',
    '# MAGIC %pip install mlflow',
    '# MAGIC from sklearn.model_selection import train_test_split',
    '# MAGIC import mlflow; mlflow.autolog()',
    '# MAGIC if ready:',
    '# MAGIC     X_train, X_test, y_train, y_test = train_test_split(X, y)',
    '# MAGIC model = LogisticRegression().fit(X_train, y_train)',
    '# MAGIC (events.writeStream',
    '# MAGIC     .format("delta")',
    '# MAGIC     .toTable("ml.churn.scores"))',
    '# MAGIC events.writeStream.format("delta").toTable("ml.churn.more")',
    '',
  ].join('\n');

  it('is Python from just after each line\'s prefix, without its magic line and its line magics', () => {
    const layout = layoutOf(CELL, 'module');
    const cell = layout.cells[1];
    assert.equal(cell.magic, undefined);
    assert.equal(cell.prefixedPython, true);
    const pythonLines = cell.python.map((range) => CELL.slice(range.start, range.end));
    assert.ok(pythonLines.every((line) => !line.includes('# MAGIC')), JSON.stringify(pythonLines));
    assert.equal(pythonLines[0], 'from sklearn.model_selection import train_test_split\n');
    assert.ok(!pythonLines.some((line) => line.startsWith('%')), 'the %pip line is not Python');
    assert.deepEqual(normalized(layoutOf(CELL, 'module')), normalized(layoutByLines(CELL, 'module')));
  });

  it('is linted where the code is; a fix within a line is offered, one that adds lines is not (the new line would lack its prefix)', async () => {
    const linter = await testLinter();
    const { findings } = linter.lintText('file:///proj/nb.py', CELL, { select: ['MLT107', 'MLT605'] });
    const places = findings.map((finding) => `${finding.ruleId} ${finding.start.line + 1}:${finding.start.character + 1} fixes=${finding.fixes.length}`);
    assert.deepEqual(places, ['MLT107 12:48 fixes=1', 'MLT605 16:14 fixes=0', 'MLT605 17:44 fixes=1']);
    const fixed = linter.fixAll('file:///proj/nb.py', CELL, { select: ['MLT107', 'MLT605'], includeUnsafe: true }).text;
    assert.ok(fixed.split('\n').slice(6, 17).every((line) => line.startsWith('# MAGIC')), fixed);
  });
});

describe('%time in a Jupyter cell', () => {
  it('times a statement that IPython runs as Python: the statement is Python, a bare %time or an indented one is not', () => {
    const cell = 'import mlflow\n%time model = load("models:/churn/Production")\n%time\nfor x in xs:\n    %time f(x)\ny = 2\n';
    const python = layoutOf(cell, 'ipython').cells[0].python.map((range) => cell.slice(range.start, range.end));
    assert.deepEqual(python, ['import mlflow\n', 'model = load("models:/churn/Production")\n', 'for x in xs:\n', 'y = 2\n']);
  });
});
