import { readIpynb } from '../rules/engine/ipynb';
import type { ProgramSource } from '../rules/engine/program';

/**
 * Languages whose notebooks hold Python code cells, as Databricks, Jupyter and its kernels spell
 * them: `ipython3` (language_info of notebooks written by some tools and older IPython),
 * sparkmagic's `pyspark` / `pyspark3`.
 */
const PYTHON_LANGUAGES = new Set(['python', 'python2', 'python3', 'ipython', 'ipython2', 'ipython3', 'pyspark', 'pyspark3']);
const LANGUAGE_NAMES: Readonly<Record<string, string>> = { r: 'R', scala: 'Scala', sql: 'SQL', julia: 'Julia', java: 'Java' };

/** `otherLanguage`: a notebook in R, Scala, SQL...: nothing for mltraps there, which is not a failure to lint it. */
export type NotebookReadResult = { source: ProgramSource } | { skipped: string; otherLanguage?: true };

/**
 * A Jupyter notebook file's cells as a program source (none for an empty file), or why it is
 * not linted: not notebook JSON (with the reader's reason), or a notebook of another language
 * (R, Scala, SQL).
 */
export function readNotebookFile(uri: string, text: string): NotebookReadResult {
  // A file with nothing in it (a notebook created and never saved from Jupyter, or emptied):
  // VS Code opens it as an empty notebook. There is no code to lint, which is no failure.
  if (text.trim() === '') return { source: { uri, cells: [], notebook: true } };
  const read = readIpynb(text);
  // An nbformat 3 or 5 notebook is a Jupyter notebook, of a version not read here: its reason says so alone.
  if ('error' in read) return { skipped: /^(not a notebook|nbformat \d)/.test(read.error) ? read.error : `not a Jupyter notebook: ${read.error}` };
  const { notebook } = read;
  if (notebook.language !== undefined && !PYTHON_LANGUAGES.has(notebook.language)) {
    return { skipped: `a notebook in ${LANGUAGE_NAMES[notebook.language] ?? notebook.language}, not Python`, otherLanguage: true };
  }
  return {
    source: {
      uri,
      cells: notebook.cells.map((cell) => ({ kind: cell.kind, text: cell.source })),
      notebook: true,
      databricks: notebook.databricks,
    },
  };
}

/** As readNotebookFile, for `%run` targets: undefined when the file cannot be used. */
export function notebookSourceOfText(uri: string, text: string): ProgramSource | undefined {
  const read = readNotebookFile(uri, text);
  return 'source' in read ? read.source : undefined;
}
