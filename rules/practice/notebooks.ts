import manifest from '../../examples/practice.json';
import type { ExamDomain } from '../engine/types';

/**
 * The practice notebooks of examples/ as examples/practice.json declares them: each hides a
 * number of traps (not where). The answer key is what mltraps finds in the pristine notebook;
 * test/practice.test.ts checks that every declared count equals it. No disk access here: the
 * adapters (CLI, language server) read the notebooks.
 */
export interface PracticeNotebook {
  /** Short name for the command line: `mltraps practice spark-ml`. */
  name: string;
  /** The Databricks source export in examples/. */
  file: string;
  /** Its Jupyter twin in examples/, which hides the same traps. */
  ipynb?: string;
  title: string;
  domain: ExamDomain;
  /** How many traps it hides. */
  traps: number;
}

export const practiceNotebooks: readonly PracticeNotebook[] = (manifest as { notebooks: PracticeNotebook[] }).notebooks;

const stem = (file: string) => file.replace(/\.(py|ipynb)$/i, '');

/** By name (`spark-ml`), file (`01_spark_ml_pipelines.py`, with or without extension) or number (`01`, `1`). */
export function findPracticeNotebook(key: string, notebooks: readonly PracticeNotebook[] = practiceNotebooks): PracticeNotebook | undefined {
  const wanted = stem(key.trim()).toLowerCase();
  if (wanted === '') return undefined;
  return notebooks.find((notebook) => {
    const files = [notebook.file, ...(notebook.ipynb ? [notebook.ipynb] : [])].map((file) => stem(file).toLowerCase());
    const number = /^(\d+)_/.exec(notebook.file)?.[1];
    return notebook.name === wanted || files.includes(wanted) || (number !== undefined && /^\d+$/.test(wanted) && Number(wanted) === Number(number));
  });
}

/**
 * The notebook a learner's copy belongs to, from its file name: the name `mltraps practice`
 * wrote it under (`01_spark_ml_pipelines.py`), or that name with something after it
 * (`01_spark_ml_pipelines (1).py`, `01_spark_ml_pipelines-mine.ipynb`), or the short name.
 */
export function practiceNotebookForFile(fileName: string, notebooks: readonly PracticeNotebook[] = practiceNotebooks): PracticeNotebook | undefined {
  const base = stem(fileName.split(/[\\/]/).pop() ?? fileName).toLowerCase();
  return (
    findPracticeNotebook(base, notebooks) ??
    notebooks.find((notebook) => [notebook.file, notebook.ipynb, notebook.name].some((name) => name !== undefined && base.startsWith(stem(name).toLowerCase())))
  );
}
