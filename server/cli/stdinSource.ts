import * as path from 'node:path';
import type { SourceFile } from './fileDiscovery';

/** Messages name stdin's source `-` unless --stdin-filename gives it a name, as Ruff does. */
export const STDIN_DISPLAY_NAME = '-';

/** `mltraps -`: the one source read from stdin, under the name --stdin-filename gives it. */
export function stdinSourceFile(contents: Uint8Array, cwd: string, stdinFilename: string | undefined): SourceFile {
  return {
    displayPath: stdinFilename === undefined ? STDIN_DISPLAY_NAME : path.normalize(stdinFilename),
    absolutePath: path.resolve(cwd, stdinFilename ?? STDIN_DISPLAY_NAME),
    contents,
  };
}
