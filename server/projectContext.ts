import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_PROJECT, type ProjectContext } from '../rules/engine/types';

/** How far up from the file to look for the project's own packages when no `.git` stops the search. */
const MAX_LEVELS = 8;
const MODULE_NAME = /^[A-Za-z_]\w*$/;

/**
 * The folders whose packages a file's imports can reach: its own folder and the ones above
 * it up to the repository root (Databricks Repos puts the repository root on sys.path, and
 * a notebook's own folder is the working directory).
 */
export function importRoots(filePath: string): string[] {
  const roots: string[] = [];
  let folder = path.dirname(filePath);
  for (let level = 0; level < MAX_LEVELS; level++) {
    roots.push(folder);
    if (fs.existsSync(path.join(folder, '.git'))) break;
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return roots;
}

function isModuleIn(folder: string, name: string): boolean {
  if (fs.existsSync(path.join(folder, `${name}.py`))) return true;
  try {
    const entries = fs.readdirSync(path.join(folder, name));
    return entries.some((entry) => entry.endsWith('.py'));
  } catch {
    return false;
  }
}

/** The project context of a file on disk; nothing is local for unsaved or remote documents. */
export function projectContextFor(uriOrPath: string): ProjectContext {
  let filePath: string;
  try {
    filePath = uriOrPath.startsWith('file:') ? fileURLToPath(uriOrPath) : uriOrPath.includes('://') ? '' : path.resolve(uriOrPath);
  } catch {
    return NO_PROJECT;
  }
  if (!filePath) return NO_PROJECT;
  const answers = new Map<string, boolean>();
  let roots: string[] | undefined;
  return {
    isLocalModule(name: string): boolean {
      if (!MODULE_NAME.test(name)) return false;
      let answer = answers.get(name);
      if (answer === undefined) {
        roots ??= importRoots(filePath);
        answer = roots.some((folder) => isModuleIn(folder, name));
        answers.set(name, answer);
      }
      return answer;
    },
  };
}

/**
 * The language server's project contexts, one per document. A context reads the disk for each
 * imported name it is asked about (up to 8 folders, two system calls each); made afresh on
 * every lint, that was disk access on every keystroke. Its answers are now kept for a few
 * seconds, and dropped at once when the editor reports Python files created or deleted
 * (filesChanged): a module created outside the editor, with a client that does not watch
 * files, counts at the latest `maxAgeMs` later.
 */
export class ProjectContexts {
  private readonly contexts = new Map<string, { context: ProjectContext; since: number }>();

  constructor(
    private readonly maxAgeMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  of(uri: string): ProjectContext {
    const kept = this.contexts.get(uri);
    const now = this.now();
    if (kept && now - kept.since < this.maxAgeMs) return kept.context;
    const context = projectContextFor(uri);
    this.contexts.set(uri, { context, since: now });
    return context;
  }

  /** The document closed. */
  forget(uri: string): void {
    this.contexts.delete(uri);
  }

  /** Python files were created or deleted: every answer may have changed. */
  filesChanged(): void {
    this.contexts.clear();
  }
}
