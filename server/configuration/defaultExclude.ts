/**
 * What a folder walk skips when the configuration sets no `exclude`: folders that never hold
 * the project's own code (Jupyter keeps autosaved copies of notebooks in `.ipynb_checkpoints`,
 * jupyterlab-lsp the code of open notebooks, for its language servers, in `.virtual_documents`;
 * `build/lib` holds a package's copy of its own modules). The folders Ruff skips by default are
 * all here, so that the two lint the same files in CI; MLflow's stores are skipped on top.
 */
export const DEFAULT_EXCLUDE: readonly string[] = [
  '.git',
  '.hg',
  '.svn',
  '.bzr',
  '.git-rewrite',
  'node_modules',
  '__pycache__',
  '.tox',
  '.nox',
  'site-packages',
  '.venv',
  'venv',
  '.direnv',
  '.pyenv',
  '__pypackages__',
  '.eggs',
  'build',
  'dist',
  '_build',
  'buck-out',
  '.pants.d',
  '.mypy_cache',
  '.pytest_cache',
  '.pytype',
  '.ruff_cache',
  '.mltraps_cache',
  '.ipynb_checkpoints',
  '.virtual_documents',
  '.vscode',
  // MLflow's local stores: a run's artifacts hold copies of the code it logged (`log_artifact`,
  // a model's `code/` folder from `code_paths`), reported again in a copy nobody edits.
  'mlruns',
  'mlartifacts',
];
