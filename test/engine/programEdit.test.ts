import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_LINT_LENGTH, reasonNotToLintCells } from '../../rules/engine/lintability';
import { buildProgram, type Program, type ProgramSource } from '../../rules/engine/program';
import { programAfterEdit } from '../../rules/engine/programEdit';
import { fileSource } from '../../rules/engine/programParser';
import { notebook, seededRandom } from '../../scripts/benchNotebooks';
import { plainModule } from '../../scripts/keystrokeBench';
import { readNotebookFile } from '../../server/notebookFiles';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

function withCellText(source: ProgramSource, index: number, text: string): ProgramSource {
  return { ...source, cells: source.cells.map((cell, at) => (at === index ? { ...cell, text } : cell)) };
}

/** The examples (exports, a plain-module reading of one, Jupyter notebooks) and generated notebooks, as the store holds them. */
function sources(): ProgramSource[] {
  const found: ProgramSource[] = [];
  for (const name of fs.readdirSync(EXAMPLES).sort()) {
    const file = path.join(EXAMPLES, name);
    const uri = `file:///examples/${name}`;
    if (name.endsWith('.py')) found.push(fileSource(uri, fs.readFileSync(file, 'utf8')));
    if (name.endsWith('.ipynb')) {
      const read = readNotebookFile(uri, fs.readFileSync(file, 'utf8'));
      if ('source' in read) found.push(read.source);
    }
  }
  for (const seed of [5, 6]) found.push(fileSource(`file:///generated/${seed}.py`, notebook(seededRandom(seed), 300, 0, 0.75)));
  found.push(fileSource('file:///generated/module.py', plainModule(notebook(seededRandom(7), 300, 0, 0.75))));
  // No line break at the end, a lone CR, a %python cell of an export, blank lines, a BOM.
  found.push(fileSource('file:///edge/a.py', '\uFEFF# Databricks notebook source\r\nx = 1\r\n# COMMAND ----------\r\n# MAGIC %python\r\n# MAGIC y = 2\r\n\r\n# COMMAND ----------\r\nz = f(3)'));
  found.push(fileSource('file:///edge/b.py', 'a = 1\rb = "x"\r\n\nc = """doc\n%pip install\n"""\nd = [1,\n%time e\n]'));
  return found;
}

/** What a person types or deletes: letters, a name, a space, and the characters the layout reads. */
const INSERTS = ['a', 'value', '_x1', ' ', '.', '=', '', '#', '%', '!', '?', '*', '"', "'", '\\', '(', ')', '\n', '\r', 'é', '\u00a0', '\t', '\0'];

describe('a program moved for an edit inside one line of code (programAfterEdit)', () => {
  it('is the program a fresh build gives, over chains of random edits of the examples and generated notebooks', () => {
    const random = seededRandom(20261205);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    let moved = 0;
    let edits = 0;
    for (const start of sources()) {
      let source = start;
      let program: Program = buildProgram(source);
      for (let step = 0; step < 150; step++) {
        const codeCells = source.cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.kind === 'code');
        const { cell, index } = pick(codeCells);
        // Half of the edits inside a line of code, next to a name: the keystrokes the path is for.
        const lines = [...cell.text.matchAll(/[A-Za-z_]\w*/g)];
        const at = lines.length > 0 && random() < 0.5 ? pick(lines).index : Math.floor(random() * (cell.text.length + 1));
        const removed = random() < 0.3 ? Math.floor(random() * 3) : 0;
        const text = cell.text.slice(0, at) + pick(INSERTS) + cell.text.slice(Math.min(cell.text.length, at + removed));
        const next = withCellText(source, index, text);
        const fresh = buildProgram(next);
        const fast = programAfterEdit(program, next);
        edits++;
        if (fast) {
          moved++;
          assert.deepEqual(fast, fresh, `${start.uri}, step ${step}: ${JSON.stringify(cell.text.slice(Math.max(0, at - 20), at))} | ${JSON.stringify(text.slice(at, at + 20))}`);
          // The limits answer as for the version before, which was linted.
          assert.equal(reasonNotToLintCells(next.cells.filter((each) => each.kind === 'code').map((each) => each.text)), undefined);
        }
        source = next;
        program = fast ?? fresh;
        // A text the limits decline is not edited further (the store would not lint it).
        if (reasonNotToLintCells(source.cells.filter((each) => each.kind === 'code').map((each) => each.text))) {
          source = start;
          program = buildProgram(source);
        }
      }
    }
    // The path is taken for typing in code, not for everything: a version that always declines fails here.
    assert.ok(moved > edits / 10 && moved < edits, `moved ${moved} of ${edits}`);
  });

  it('declines edits that can change the layout, the limits or what other files bring in', () => {
    const export_ = (cells: string[]) => fileSource('file:///n.py', `# Databricks notebook source\n${cells.join('\n# COMMAND ----------\n')}\n`);
    const cases: Array<{ name: string; before: ProgramSource; after: ProgramSource }> = [];
    const edit = (name: string, before: string, after: string) => cases.push({ name, before: fileSource('file:///n.py', before), after: fileSource('file:///n.py', after) });
    const base = export_(['x = 1', '# MAGIC %sq', 'y = "a""b"', '', 'z = 2\n\nw = 3', 'import helpers']).cells[0].text;
    edit('a magic line', base, base.replace('%sq', '%sql'));
    edit('a line break', base, base.replace('x = 1', 'x = \n1'));
    edit('an empty cell becoming code', base, base.replace('----------\n\n#', '----------\nv\n#'));
    edit('a blank line becoming code', base, base.replace('z = 2\n\n', 'z = 2\nv\n'));
    edit('next to a quote', base, base.replace('"a""b"', '"a"x"b"'));
    edit('a bracket', base, base.replace('x = 1', 'x = (1'));
    edit('a null byte', base, base.replace('x = 1', 'x = 1\0'));
    // A `#` before a bracket makes the next `%time` line an escape; a line that loses its first letter becomes a magic line.
    const escapes = export_(['d = [1,\n%time e\n]', 'a# MAGIC %sql\nSELECT 1']).cells[0].text;
    edit('a comment mark', escapes, escapes.replace('d = [', 'd = #['));
    edit('a line that becomes a magic line', escapes, escapes.replace('a# MAGIC', '# MAGIC'));
    // Star imports and %run lines name files that may appear, change or go with any version.
    const withStar = export_(['x = 1', 'from helpers import *']).cells[0].text;
    edit('a star import', withStar, withStar.replace('helpers', 'helper'));
    edit('a line that becomes a star import', base.replace('import helpers', 'fro helpers import *'), base.replace('import helpers', 'from helpers import *'));
    edit('a text with a star import', withStar, withStar.replace('x = 1', 'x = 12'));
    const withRun = export_(['# MAGIC %run ./setup', 'x = 1']).cells[0].text;
    edit('a text with a %run line', withRun, withRun.replace('x = 1', 'x = 12'));
    // Typed past the size limit.
    const full = `x = 1\n${'a = 1\n'.repeat(Math.ceil(MAX_LINT_LENGTH / 6))}`.slice(0, MAX_LINT_LENGTH - 1);
    edit('past the size limit', full, full.replace('x = 1', 'x = 123'));
    for (const { name, before, after } of cases) {
      assert.equal(after.cells[0].text === before.cells[0].text, false, name);
      assert.equal(programAfterEdit(buildProgram(before), after), undefined, name);
    }
    // Typed where nothing of the layout is: moved.
    const typed = fileSource('file:///n.py', base.replace('x = 1', 'x = 12'));
    const moved = programAfterEdit(buildProgram(fileSource('file:///n.py', base)), typed);
    assert.ok(moved);
    assert.deepEqual(moved, buildProgram(typed));
  });
});
