import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readIpynb, writeIpynbSources } from '../rules/engine/ipynb';
import type { Linter } from '../rules/engine/linter';
import type { ProgramSource } from '../rules/engine/program';
import type { Finding } from '../rules/engine/types';
import { databricksExportCells, EXAMPLES, type ExportCell, ipynbOfExport } from '../scripts/examples-ipynb';
import { readNotebookFile } from '../server/notebookFiles';
import { testLinter } from './support/linter';

/**
 * The same code gives the same findings whether it is a Databricks `.py` source export or the
 * `.ipynb` Databricks would export for the same notebook: every practice notebook (one per rule
 * area, so every rule family) is converted cell by cell and both forms are linted and fixed.
 */

const exports = fs.readdirSync(EXAMPLES).filter((name) => /^\d\d_.*\.py$/.test(name)).sort();

interface Converted {
  cells: ExportCell[];
  json: string;
  source: ProgramSource;
}

function convert(file: string, text: string): Converted {
  const json = ipynbOfExport(text, file.replace(/\.py$/, ''));
  const read = readNotebookFile(`file:///examples/${file.replace(/\.py$/, '.ipynb')}`, json);
  if ('skipped' in read) assert.fail(`the converted ${file} is not linted: ${read.skipped}`);
  return { cells: databricksExportCells(text), json, source: read.source };
}

/** The export's cell (0-based, every cell counted) holding a 0-based line of the `.py` file, and the line within it. */
function cellOfLine(cells: readonly ExportCell[], line: number): { cell: number; line: number } | undefined {
  const index = cells.findIndex((cell) => line >= cell.startLine && line < cell.startLine + cell.source.split('\n').length);
  return index === -1 ? undefined : { cell: index, line: line - cells[index].startLine };
}

/**
 * A `.py` message names lines of the file (`on line 121`, `lines 3, 5 and 7`); the notebook's
 * names them in their cell (`on line 2 of cell 20`). The `.py` lines are rewritten so.
 */
function inCellTerms(message: string, cells: readonly ExportCell[]): string {
  return message.replace(/\blines? (\d+(?:(?:, | and )\d+)*)\b/g, (_match, numbers: string) => {
    const separators = numbers.match(/, | and /g) ?? [];
    const places = numbers.split(/, | and /).map((number) => {
      const where = cellOfLine(cells, Number(number) - 1);
      return where ? `line ${where.line + 1} of cell ${where.cell + 1}` : `line ${number} (outside every cell)`;
    });
    return places.map((place, index) => (index === 0 ? place : `${separators[index - 1]}${place}`)).join('');
  });
}

interface Comparable {
  rule: string;
  severity: string;
  message: string;
  cell: number;
  line: number;
  /** The flagged line's text as the notebook cell holds it, and the column in it. */
  lineText: string;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: string[];
}

function fromExport(finding: Finding, text: string, cells: readonly ExportCell[]): Comparable {
  const lines = text.split('\n');
  const start = cellOfLine(cells, finding.start.line);
  const end = cellOfLine(cells, finding.end.line);
  assert.ok(start && end, `${finding.ruleId} on line ${finding.start.line + 1} is outside every cell of the export`);
  const prefix = cells[start.cell].prefixLengths[start.line];
  return {
    rule: finding.ruleId,
    severity: finding.severity,
    message: inCellTerms(finding.message, cells),
    cell: start.cell + 1,
    line: start.line + 1,
    lineText: lines[finding.start.line].slice(prefix),
    column: finding.start.character - prefix,
    endLine: end.cell === start.cell ? end.line + 1 : -1,
    endColumn: finding.end.character - cells[end.cell].prefixLengths[end.line],
    fixes: finding.fixes.map((fix) => `${fix.safety}: ${inCellTerms(fix.title, cells)}`),
  };
}

function fromNotebook(finding: Finding, source: ProgramSource): Comparable {
  assert.notEqual(finding.cell, undefined, `${finding.ruleId} in a notebook names no cell`);
  const cell = finding.cell!;
  return {
    rule: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    cell: cell + 1,
    line: finding.start.line + 1,
    lineText: source.cells[cell].text.split('\n')[finding.start.line],
    column: finding.start.character,
    endLine: finding.end.line + 1,
    endColumn: finding.end.character,
    fixes: finding.fixes.map((fix) => `${fix.safety}: ${fix.title}`),
  };
}

function lintBoth(linter: Linter, file: string, text: string, converted: Converted): { exported: Comparable[]; notebook: Comparable[] } {
  const fail = (rule: { meta: { id: string } }, error: unknown) => assert.fail(`${rule.meta.id} threw on ${file}: ${String(error)}`);
  const exported = linter.lintText(`file:///examples/${file}`, text, { onRuleError: fail });
  const notebook = linter.lintSource(converted.source, { onRuleError: fail });
  assert.equal(exported.skipped, undefined);
  assert.equal(notebook.skipped, undefined);
  return {
    exported: exported.findings.map((finding) => fromExport(finding, text, converted.cells)),
    notebook: notebook.findings.map((finding) => fromNotebook(finding, converted.source)),
  };
}

describe('a practice notebook as .py export and as .ipynb', () => {
  it('covers every rule area', () => {
    assert.deepEqual(exports.map((file) => file.slice(0, 2)), ['01', '02', '03', '04', '05', '06', '07']);
  });

  for (const file of exports) {
    describe(file, () => {
      const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');

      it('converts to a Databricks .ipynb whose code and markdown cells are the export\'s', () => {
        const { cells, json } = convert(file, text);
        const read = readIpynb(json);
        assert.ok('notebook' in read, JSON.stringify(read));
        assert.equal(read.notebook.databricks, true);
        assert.deepEqual(read.notebook.cells.map(({ kind, source }) => ({ kind, source })), cells.map(({ kind, source }) => ({ kind, source })));
        assert.ok(cells.some((cell) => cell.kind === 'markdown') && cells.some((cell) => cell.kind === 'code'));
        // Magic cells keep their magic as the first line, without the export's prefix.
        for (const cell of cells.filter((candidate) => candidate.kind === 'code')) assert.doesNotMatch(cell.source, /^# MAGIC/m);
      });

      it('gives the same findings, at the same place of the same cell', async () => {
        const linter = await testLinter();
        const converted = convert(file, text);
        const { exported, notebook } = lintBoth(linter, file, text, converted);
        assert.ok(exported.length > 0, 'the practice notebook holds traps');
        assert.deepEqual(notebook, exported);
      });

      for (const includeUnsafe of [false, true]) {
        it(`fix-all${includeUnsafe ? ' with unsafe fixes' : ''} gives the same cells, and the fixed .ipynb reads back`, async () => {
          const linter = await testLinter();
          const converted = convert(file, text);
          const fixedExport = linter.fixAll(`file:///examples/${file}`, text, { includeUnsafe });
          const fixedNotebook = linter.fixAllSource(converted.source, { includeUnsafe });
          assert.equal(fixedNotebook.applied, fixedExport.applied);
          // Every practice notebook has unsafe fixes; some have no safe one.
          if (includeUnsafe) assert.ok(fixedNotebook.applied > 0, 'some fix applies');
          assert.deepEqual(fixedNotebook.cells, databricksExportCells(fixedExport.text).map((cell) => cell.source));
          // Only the fixed cells are rewritten in the JSON, and it reads back as those cells.
          const changed = new Map<number, string>();
          fixedNotebook.cells.forEach((cell, index) => {
            if (cell !== converted.source.cells[index].text) changed.set(index, cell);
          });
          assert.equal(changed.size > 0, fixedNotebook.applied > 0);
          const fixedJson = writeIpynbSources(converted.json, changed);
          const reread = readIpynb(fixedJson);
          assert.ok('notebook' in reread, JSON.stringify(reread));
          assert.deepEqual(reread.notebook.cells.map((cell) => cell.source), fixedNotebook.cells);
          assert.deepEqual(JSON.parse(fixedJson).metadata, JSON.parse(converted.json).metadata);
        });
      }

      it('the fixed forms still lint the same', async () => {
        const linter = await testLinter();
        const fixedText = linter.fixAll(`file:///examples/${file}`, text, { includeUnsafe: true }).text;
        const { exported, notebook } = lintBoth(linter, file, fixedText, convert(file, fixedText));
        assert.deepEqual(notebook, exported);
      });
    });
  }
});
