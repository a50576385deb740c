import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

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
    const folder = path.dirname(path.resolve(absolutePath));
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

  /**
   * The repository root of a folder: the folder holding `.git` (a folder, or a file in worktrees
   * and submodules) at or above it, each folder asked once: every folder walked asked every
   * folder up to the root again (a walk of 5,059 real files: 141-158 -> 120 ms).
   */
  private rootOf(folder: string): string | undefined {
    if (this.roots.has(folder)) return this.roots.get(folder);
    const parent = path.dirname(folder);
    const root = fs.existsSync(path.join(folder, '.git')) ? folder : parent === folder ? undefined : this.rootOf(parent);
    this.roots.set(folder, root);
    return root;
  }

  private rulesAt(file: string): Ignore | undefined {
    if (!this.byFolder.has(file)) this.byFolder.set(file, readRules(file));
    return this.byFolder.get(file);
  }
}
