import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProgramSource } from '../rules/engine/program';
import { fileSource } from '../rules/engine/programParser';
import type { PracticeNotebook } from '../rules/practice';
import { readNotebookFile } from './notebookFiles';

/**
 * The practice notebooks on disk, for the adapters (CLI and language server): examples/ beside
 * dist/ in the installed package and the VSIX, or at the repository's root when run from the
 * sources (tsx).
 */
export function examplesFolder(): string | undefined {
  const candidates = [path.join(__dirname, '..', 'examples'), path.join(__dirname, '..', '..', 'examples')];
  return candidates.find((folder) => fs.existsSync(path.join(folder, 'practice.json')));
}

/** The pristine notebook's file: its Jupyter twin for a `.ipynb` copy. */
export function pristineFile(notebook: PracticeNotebook, jupyter: boolean): string | undefined {
  return jupyter ? notebook.ipynb : notebook.file;
}

/** A notebook's text as the engine takes it: a `.py` file, or a `.ipynb`'s cells; a string says why not. */
export function practiceSource(fileName: string, text: string): ProgramSource | string {
  const uri = pathToFileURL(path.resolve('/practice', path.basename(fileName))).href;
  if (!/\.ipynb$/i.test(fileName)) return fileSource(uri, text);
  const read = readNotebookFile(uri, text);
  return 'skipped' in read ? read.skipped : read.source;
}

/** The pristine notebook as the engine takes it, read from examples/. */
export function readPristine(notebook: PracticeNotebook, jupyter: boolean): ProgramSource | string {
  const folder = examplesFolder();
  if (folder === undefined) return 'the practice notebooks are not installed (no examples/practice.json next to mltraps)';
  const file = pristineFile(notebook, jupyter);
  if (file === undefined) return `${notebook.name} has no Jupyter form: check a .py copy`;
  return practiceSource(file, fs.readFileSync(path.join(folder, file), 'utf8'));
}
