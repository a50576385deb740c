import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folders that never hold the user's own code (Jupyter keeps its autosaved copies of notebooks in `.ipynb_checkpoints`). */
const SKIPPED_FOLDERS = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.nox', 'site-packages', '.venv', 'venv', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.ipynb_checkpoints']);

/** Python modules and Databricks source exports, and Jupyter notebooks. */
const LINTED_EXTENSIONS = ['.py', '.ipynb'];

export function isJupyterNotebookPath(file: string): boolean {
  return file.toLowerCase().endsWith('.ipynb');
}

export interface SourceFile {
  /** As shown in the output: relative paths stay relative to the cwd, as the user gave them. */
  displayPath: string;
  /**
   * The file's path. For stdin, the path `--stdin-filename` names (resolved against the cwd;
   * `<cwd>/-` without it): never read or written, it decides .ipynb or .py and is where the
   * file's surroundings (local modules, configuration) are looked up from.
   */
  absolutePath: string;
  /** The bytes read from stdin; absent for a file on disk. */
  contents?: Uint8Array;
}

export class MissingPathError extends Error {}

/** A virtualenv (venv, virtualenv, uv, poetry) always has pyvenv.cfg at its root. */
function isVirtualenv(folder: string): boolean {
  return fs.existsSync(path.join(folder, 'pyvenv.cfg'));
}

function walk(folder: string, displayFolder: string, found: SourceFile[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return; // unreadable folder inside the tree: nothing to lint there
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = path.join(folder, entry.name);
    const display = path.join(displayFolder, entry.name);
    // Symlinked folders are not followed: they can loop or point outside the project.
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name) || isVirtualenv(absolute)) continue;
      walk(absolute, display, found);
    } else if (LINTED_EXTENSIONS.some((extension) => entry.name.endsWith(extension)) && (entry.isFile() || (entry.isSymbolicLink() && isFile(absolute)))) {
      found.push({ displayPath: display, absolutePath: absolute });
    }
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The files to lint under the given paths: .py and .ipynb files in folders (recursively), and every file
 * named explicitly, whatever its extension. Each file once, sorted by display path.
 */
export function discoverSourceFiles(paths: readonly string[], cwd: string): SourceFile[] {
  const found: SourceFile[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new MissingPathError(`${given}: no such file or directory`);
    }
    const display = path.normalize(given);
    if (stat.isDirectory()) walk(absolute, display === '.' ? '' : display, found);
    else found.push({ displayPath: display, absolutePath: absolute });
  }
  const seen = new Set<string>();
  const unique = found.filter((file) => {
    if (seen.has(file.absolutePath)) return false;
    seen.add(file.absolutePath);
    return true;
  });
  return unique.sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
}
