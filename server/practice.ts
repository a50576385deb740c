import type { Linter } from '../rules/engine/linter';
import type { HostCell } from '../rules/engine/program';
import { checkPractice, findPracticeNotebook, PracticeCheckError, practiceNotebooks } from '../rules/practice';
import type { PracticeResult } from '../rules/practice';
import { readPristine } from './practiceFiles';

/**
 * `mltraps/practiceCheck`: the editor's "Check My Answers". The client sends the learner's
 * document (its text, or a notebook's cells) and the practice notebook it is a copy of; the
 * server scores it against the pristine notebook it reads from examples/, with the engine the
 * client does not bundle.
 */
export const PRACTICE_CHECK_REQUEST = 'mltraps/practiceCheck';

export interface PracticeCheckParams {
  /** The practice notebook's name (examples/practice.json). */
  notebook: string;
  /** The learner's copy: one code cell for a text document, or a notebook's cells. */
  cells: HostCell[];
  /** The copy is a Jupyter notebook (scored against the notebook's `.ipynb` twin). */
  jupyter?: boolean;
}

export type PracticeCheckAnswer = { result: PracticeResult } | { error: string };

function isHostCell(value: unknown): value is HostCell {
  const cell = value as Partial<HostCell> | null;
  return typeof cell === 'object' && cell !== null && typeof cell.text === 'string' && (cell.kind === 'code' || cell.kind === 'markdown' || cell.kind === 'raw');
}

export function practiceCheck(engine: Linter, params: unknown): PracticeCheckAnswer {
  const { notebook: name, cells, jupyter } = (params ?? {}) as Partial<PracticeCheckParams>;
  if (typeof name !== 'string' || !Array.isArray(cells) || !cells.every(isHostCell)) return { error: 'mltraps/practiceCheck needs { notebook, cells }' };
  const notebook = findPracticeNotebook(name);
  if (!notebook) return { error: `no practice notebook "${name}" (one of: ${practiceNotebooks.map((entry) => entry.name).join(', ')})` };
  const pristine = readPristine(notebook, jupyter === true);
  if (typeof pristine === 'string') return { error: pristine };
  const copy = { uri: 'untitled:practice-copy', cells, notebook: jupyter === true };
  try {
    return { result: checkPractice(engine, notebook, pristine, copy) };
  } catch (error) {
    if (error instanceof PracticeCheckError) return { error: error.message };
    throw error;
  }
}
