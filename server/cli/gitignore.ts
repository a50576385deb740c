import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** The folder holding `.git` (a folder, or a file in worktrees and submodules) at or above `folder`. */
export function repositoryRoot(folder: string): string | undefined {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

function readRules(file: string): Ignore | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return ignore().add(text);
}

/**
 * What git ignores, as a folder walk asks it: `.git/info/exclude` and every `.gitignore` from
 * the repository root down to the path's folder, a deeper file's rules (and later lines)
 * winning, `!pattern` re-including. Outside a git repository nothing is ignored, as for git.
 * The walk never enters an ignored folder, so a file below one is never asked about.
 */
export class GitignoreRules {
  private readonly byFolder = new Map<string, Ignore | undefined>();
  private readonly roots = new Map<string, string | undefined>();

  isIgnored(absolutePath: string, isDirectory: boolean): boolean {
    const folder = path.dirname(absolutePath);
    const root = this.rootOf(folder);
    if (root === undefined) return false;
    const levels: Array<{ base: string; rules: Ignore | undefined }> = [{ base: root, rules: this.rulesAt(path.join(root, '.git', 'info', 'exclude')) }];
    const below = path.relative(root, folder);
    let base = root;
    levels.push({ base, rules: this.rulesAt(path.join(base, '.gitignore')) });
    for (const part of below === '' ? [] : below.split(path.sep)) {
      base = path.join(base, part);
      levels.push({ base, rules: this.rulesAt(path.join(base, '.gitignore')) });
    }
    let ignored = false;
    for (const { base: levelBase, rules } of levels) {
      if (!rules) continue;
      const relative = path.relative(levelBase, absolutePath).split(path.sep).join('/');
      const answer = rules.test(isDirectory ? `${relative}/` : relative);
      if (answer.ignored) ignored = true;
      else if (answer.unignored) ignored = false;
    }
    return ignored;
  }

  private rootOf(folder: string): string | undefined {
    if (!this.roots.has(folder)) this.roots.set(folder, repositoryRoot(folder));
    return this.roots.get(folder);
  }

  private rulesAt(file: string): Ignore | undefined {
    if (!this.byFolder.has(file)) this.byFolder.set(file, readRules(file));
    return this.byFolder.get(file);
  }
}
