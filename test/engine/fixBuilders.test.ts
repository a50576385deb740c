import * as assert from 'node:assert/strict';
import { applyEdits } from '../../rules/engine/edits';
import { ensureImported } from '../../rules/engine/fixBuilders';
import { loadPythonParser, type PythonParser } from '../../rules/engine/parser';
import type { ProgramSource } from '../../rules/engine/program';
import { fileSource, parseSource } from '../../rules/engine/programParser';
import { SemanticModel } from '../../rules/semantic/semanticModel';

describe('ensureImported: where a new import line goes in a file without imports', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  /** The user's texts after the import edit (mapped to the user's cells), for a use at `use()`. */
  function imported(source: ProgramSource): string[] {
    const document = parseSource(parser, source);
    try {
      const model = new SemanticModel(document);
      const use = model.syntax.nodes('call').find((call) => call.text === 'use()')!;
      const edits = document.host.edits(ensureImported(model, 'pyspark.ml.feature', 'VectorAssembler', use).edits)!;
      return source.cells.map((cell, index) => applyEdits(cell.text, edits.filter((edit) => (edit.cell ?? 0) === index)));
    } finally {
      document.delete();
    }
  }

  it('below a leading comment block and blank lines', () => {
    assert.deepEqual(imported(fileSource('file:///m.py', '# Licence\n\nx = use()\n')), ['# Licence\n\nfrom pyspark.ml.feature import VectorAssembler\nx = use()\n']);
  });

  it('not above the magic line of a %pip cell that follows a comment-only cell (the cell would turn into Python)', () => {
    const text = '# Databricks notebook source\n# Title\n\n# COMMAND ----------\n\n# MAGIC %pip install xgboost\n\n# COMMAND ----------\n\nx = use()\n';
    assert.deepEqual(imported(fileSource('file:///n.py', text)), [text.replace('x = use()', 'from pyspark.ml.feature import VectorAssembler\nx = use()')]);
  });

  it('in a Jupyter notebook, not into a %sql cell after a comment-only cell', () => {
    const source: ProgramSource = { uri: 'file:///n.ipynb', notebook: true, cells: [{ kind: 'code', text: '# Setup' }, { kind: 'code', text: '%sql\nSELECT 1' }, { kind: 'code', text: 'x = use()' }] };
    assert.deepEqual(imported(source), ['# Setup', '%sql\nSELECT 1', 'from pyspark.ml.feature import VectorAssembler\nx = use()']);
  });
});
