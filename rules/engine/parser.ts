import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree, type Edit, type Range } from 'web-tree-sitter';

/**
 * The Python grammar, loaded once per process. web-tree-sitter's init and Language.load are
 * asynchronous; everything after them (parsing, linting) is synchronous, so callers await
 * `loadPythonParser()` once at start-up and then work synchronously.
 */
let loading: Promise<PythonParser> | undefined;

export interface PythonParser {
  readonly language: Language;
  /**
   * With `includedRanges`, only those parts of `text` are parsed; nodes keep their offsets in
   * `text`, and the tree reads its nodes' text from `text` up to the last range's end.
   */
  parse(text: string, previous?: Tree, includedRanges?: Range[]): Tree;
}

/** Where the two wasm files live: next to the bundle (dist/) or in node_modules (tests). */
function wasmPath(fileName: string, packageName: string): string {
  const candidates = [
    path.join(__dirname, fileName),
    path.join(__dirname, '..', 'dist', fileName),
  ];
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return require.resolve(`${packageName}/${fileName}`);
}

export function loadPythonParser(): Promise<PythonParser> {
  loading ??= (async () => {
    const runtimeWasm = wasmPath('tree-sitter.wasm', 'web-tree-sitter');
    await Parser.init({ locateFile: () => runtimeWasm });
    const language = await Language.load(wasmPath('tree-sitter-python.wasm', 'tree-sitter-python'));
    const parser = new Parser();
    parser.setLanguage(language);
    return {
      language,
      parse(text: string, previous?: Tree, includedRanges?: Range[]): Tree {
        // Given a string, web-tree-sitter hands the parser all the text from each offset it asks
        // for and copies up to 5,000 characters of it into wasm memory: a cell's ranges of a
        // long notebook cost 5,000 characters each. Text ends where the ranges end.
        const end = includedRanges && includedRanges.length > 0 ? includedRanges[includedRanges.length - 1].endIndex : text.length;
        const input = end >= text.length ? text : (index: number) => (index < end ? text.slice(index, end) : '');
        const tree = parser.parse(input, previous ?? null, includedRanges ? { includedRanges } : undefined);
        if (!tree) throw new Error('tree-sitter returned no tree');
        return tree;
      },
    };
  })();
  return loading;
}

export type { Tree, Edit, Range };
