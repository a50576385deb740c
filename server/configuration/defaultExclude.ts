/**
 * What a folder walk skips when the configuration sets no `exclude`: folders that never hold
 * the project's own code (Jupyter keeps autosaved copies of notebooks in `.ipynb_checkpoints`).
 */
export const DEFAULT_EXCLUDE: readonly string[] = [
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.tox',
  '.nox',
  'site-packages',
  '.venv',
  'venv',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.mltraps_cache',
  '.ipynb_checkpoints',
];
