import * as path from 'node:path';
import picomatch from 'picomatch';

/**
 * Glob patterns of `exclude`, `extend-exclude` and `per-file-ignores`, with Ruff's forms: a
 * pattern without `/` names a file or folder anywhere (`scratch`, `test_*.py`); one with `/` is
 * a path relative to the configuration file's folder (`notebooks/archive/`, `tests/**`), and a
 * trailing `/` names a folder and everything in it.
 */
/** A pattern with none of picomatch's special characters matches exactly its own text. */
const LITERAL = /^[^*?[\]{}()!+@\\]*$/;

export class PathPatterns {
  /** Names matched as written (`node_modules`, `.venv`): a walk asks about every entry, and most default patterns are plain names. */
  private readonly names = new Set<string>();
  private readonly byName: Array<(name: string) => boolean> = [];
  private readonly byPath: Array<(relative: string) => boolean> = [];

  constructor(
    patterns: readonly string[],
    /** The folder relative patterns start from. */
    private readonly folder: string,
  ) {
    for (const raw of patterns) {
      let pattern = raw.trim().replace(/\\/g, '/');
      if (pattern === '') continue;
      pattern = pattern.replace(/^\.\//, '');
      const folderOnly = pattern.endsWith('/');
      pattern = pattern.replace(/\/+$/, '');
      if (!pattern.includes('/')) {
        if (LITERAL.test(pattern)) this.names.add(pattern);
        else this.byName.push(picomatch(pattern, { dot: true }));
      } else {
        // `a/b/` also covers what is inside; `a/*.py` only what it says.
        this.byPath.push(picomatch(folderOnly ? [pattern, `${pattern}/**`] : [pattern], { dot: true }));
      }
    }
  }

  get empty(): boolean {
    return this.names.size === 0 && this.byName.length === 0 && this.byPath.length === 0;
  }

  /** Whether the file or folder at `absolutePath` itself matches (its name, or its path from the folder). */
  matchesEntry(absolutePath: string, name = path.basename(absolutePath)): boolean {
    if (this.matchesName(name)) return true;
    if (this.byPath.length === 0) return false;
    const relative = this.relative(absolutePath);
    return relative !== undefined && this.byPath.some((matches) => matches(relative));
  }

  /** Whether a file matches, or sits in a folder that matches (below the configuration's folder). */
  matchesFile(absolutePath: string): boolean {
    if (this.matchesEntry(absolutePath)) return true;
    const relative = this.relative(absolutePath);
    if (relative === undefined) return false;
    const parts = relative.split('/');
    for (let length = parts.length - 1; length > 0; length--) {
      const folder = parts.slice(0, length).join('/');
      if (this.matchesName(parts[length - 1]) || this.byPath.some((matches) => matches(folder))) return true;
    }
    return false;
  }

  private matchesName(name: string): boolean {
    return this.names.has(name) || this.byName.some((matches) => matches(name));
  }

  /** The path from the configuration's folder, with `/`; undefined outside it. */
  private relative(absolutePath: string): string | undefined {
    const relative = path.relative(this.folder, absolutePath);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return relative.split(path.sep).join('/');
  }
}
