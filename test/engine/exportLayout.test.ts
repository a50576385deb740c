import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { layoutByLines, layoutOf, type TextLayout } from '../../rules/engine/kernelCells';
import { notebook, seededRandom } from '../../scripts/bench';

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
