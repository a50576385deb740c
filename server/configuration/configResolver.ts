import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAMES, PYPROJECT, readConfigText, type ConfigFile, type ConfigWarning } from './configFile';

/**
 * Where the configuration comes from: the closest file above each linted file (Ruff's rule),
 * one file for everything (`--config PATH`), or none (`--isolated`).
 */
export type ConfigSource = { kind: 'discover' } | { kind: 'file'; path: string } | { kind: 'isolated' };

export class ConfigFileError extends Error {}

interface Read {
  config: ConfigFile | undefined;
  /** To notice a changed file (the server keeps the resolver for its lifetime). */
  stamp: string;
}

function stampOf(file: string): string | undefined {
  try {
    // Asked for three names in every folder walked: most are missing, and an error made for each was most of the cost.
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat?.isFile() ? `${stat.mtimeMs}:${stat.size}` : undefined;
  } catch {
    return undefined;
  }
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Finds and reads configuration files, each once (until it changes on disk), and reports each
 * file's warnings once per reading. Only adapters (CLI, server) use it: the engine never reads
 * the disk.
 */
export class ConfigResolver {
  private readonly files = new Map<string, Read>();
  /** Folder -> the configuration file that applies to it (null: none). */
  private readonly byFolder = new Map<string, string | null>();

  constructor(
    readonly source: ConfigSource,
    private readonly onWarning: (warning: ConfigWarning) => void,
  ) {
    if (source.kind === 'file') {
      // Named by the user: a file that is missing or has no mltraps table is an error, not a default.
      const stamp = stampOf(source.path);
      if (stamp === undefined) throw new ConfigFileError(`${source.path}: ${isFolder(source.path) ? 'a folder, not a configuration file' : 'no such configuration file'}`);
      const config = this.read(source.path);
      if (!config) throw new ConfigFileError(`${source.path}: has no [tool.mltraps] table`);
    }
  }

  /** The configuration that applies to a file (or, for a folder walk, to a folder's contents). */
  forFile(filePath: string): ConfigFile | undefined {
    return this.forFolder(path.dirname(path.resolve(filePath)));
  }

  forFolder(folder: string): ConfigFile | undefined {
    switch (this.source.kind) {
      case 'isolated':
        return undefined;
      case 'file':
        return this.read(this.source.path);
      case 'discover': {
        const file = this.closestFile(path.resolve(folder));
        return file === undefined ? undefined : this.read(file);
      }
    }
  }

  /** Forget what was read: a configuration file was created, changed or deleted. */
  clear(): void {
    this.files.clear();
    this.byFolder.clear();
  }

  private closestFile(folder: string): string | undefined {
    const walked: string[] = [];
    let found: string | null | undefined;
    for (let current = folder; ; current = path.dirname(current)) {
      found = this.byFolder.get(current);
      if (found !== undefined) break;
      walked.push(current);
      found = this.configIn(current);
      if (found !== null || path.dirname(current) === current) break;
    }
    for (const entry of walked) this.byFolder.set(entry, found ?? null);
    return found ?? undefined;
  }

  /** The configuration file of one folder, if it has one (a pyproject.toml without [tool.mltraps] does not count). */
  private configIn(folder: string): string | null {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(folder, name);
      if (stampOf(file) === undefined) continue;
      if (name !== PYPROJECT || this.read(file)) return file;
    }
    return null;
  }

  private read(file: string): ConfigFile | undefined {
    const stamp = stampOf(file) ?? 'missing';
    const known = this.files.get(file);
    if (known && known.stamp === stamp) return known.config;
    if (known) {
      // Changed since it was read: what was found through it may be wrong too.
      this.byFolder.clear();
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      this.onWarning({ file, message: `cannot read: ${(error as Error).message}` });
      this.files.set(file, { config: undefined, stamp });
      return undefined;
    }
    const config = readConfigText(file, text);
    for (const warning of config?.warnings ?? []) this.onWarning(warning);
    this.files.set(file, { config, stamp });
    return config;
  }
}
