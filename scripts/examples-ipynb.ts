import * as fs from 'node:fs';
import * as path from 'node:path';
import { type IpynbCell, ipynbFromCells } from '../rules/engine/ipynb';
import { CELL_SEPARATOR, NOTEBOOK_HEADER } from '../rules/engine/kernelCells';

/**
 * `npm run examples:ipynb`: writes the `.ipynb` form of some practice notebooks
 * (examples/<name>.ipynb from examples/<name>.py), as Databricks would export the same
 * notebook. test/examples.test.ts fails when a checked-in one differs from what this writes.
 */

export const ROOT = path.join(__dirname, '..');
export const EXAMPLES = path.join(ROOT, 'examples');
/** The practice notebooks that also exist as `.ipynb`. */
export const IPYNB_EXAMPLES = ['06_model_serving'];

/** A cell of a Databricks source export, and where its text starts in the `.py` file. */
export interface ExportCell extends IpynbCell {
  kind: 'code' | 'markdown';
  /** 0-based line of the `.py` file where the cell's first line is. */
  startLine: number;
  /** Per line of the cell: how many characters the `.py` line has before it (`# MAGIC ` in a magic cell, else 0). */
  prefixLengths: number[];
}

const MAGIC_LINE = /^# MAGIC ?/;

/**
 * The cells of a Databricks source export as Databricks writes them into an `.ipynb`: split at
 * `# COMMAND ----------` (with the blank line the export puts on each side of it); a `%md`
 * cell becomes a markdown cell, its `# MAGIC ` prefixes and its `%md` line gone; another magic
 * cell (`%pip`, `%sql`, `%run`...) stays a code cell with the magic as its first line; a
 * Python cell is copied as it is.
 */
export function databricksExportCells(text: string): ExportCell[] {
  const lines = text.split('\n');
  if (lines[0] !== NOTEBOOK_HEADER) throw new Error(`not a Databricks source export: the first line is not "${NOTEBOOK_HEADER}"`);
  const cells: ExportCell[] = [];
  let first = 1;
  const close = (end: number) => {
    let start = first;
    let stop = end;
    while (start < stop && lines[start].trim() === '') start++;
    while (stop > start && lines[stop - 1].trim() === '') stop--;
    const body = lines.slice(start, stop);
    if (body.length === 0) return;
    const magic = MAGIC_LINE.test(body[0]) ? /^# MAGIC\s+(%\S+)/.exec(body[0])?.[1] : undefined;
    if (magic === undefined) {
      cells.push({ kind: 'code', source: body.join('\n'), startLine: start, prefixLengths: body.map(() => 0) });
      return;
    }
    const prefixLengths = body.map((line) => MAGIC_LINE.exec(line)?.[0].length ?? 0);
    const unprefixed = body.map((line, index) => line.slice(prefixLengths[index]));
    if (magic === '%md' || magic === '%md-sandbox') {
      cells.push({ kind: 'markdown', source: unprefixed.slice(1).join('\n'), startLine: start + 1, prefixLengths: prefixLengths.slice(1) });
    } else {
      cells.push({ kind: 'code', source: unprefixed.join('\n'), startLine: start, prefixLengths });
    }
  };
  lines.forEach((line, index) => {
    if (index > 0 && line.trim() === CELL_SEPARATOR) {
      close(index);
      first = index + 1;
    }
  });
  close(lines.length);
  return cells;
}

/** The `.ipynb` text of a Databricks source export. */
export function ipynbOfExport(text: string, name: string): string {
  return ipynbFromCells(databricksExportCells(text).map(({ kind, source }) => ({ kind, source })), { databricks: true, name });
}

/** File name -> content of every generated practice notebook. */
export function generatedExampleNotebooks(): Map<string, string> {
  return new Map(IPYNB_EXAMPLES.map((name) => [`${name}.ipynb`, ipynbOfExport(fs.readFileSync(path.join(EXAMPLES, `${name}.py`), 'utf8'), name)]));
}

export function writeExampleNotebooks(): string[] {
  const changed: string[] = [];
  for (const [fileName, content] of generatedExampleNotebooks()) {
    const file = path.join(EXAMPLES, fileName);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) continue;
    fs.writeFileSync(file, content);
    changed.push(path.relative(ROOT, file));
  }
  return changed;
}

if (require.main === module) {
  const changed = writeExampleNotebooks();
  console.log(changed.length > 0 ? `Updated ${changed.join(', ')}` : 'The .ipynb practice notebooks are up to date.');
}
