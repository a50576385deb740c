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

const LONE_CR = /\r(?!\n)/;
const LONE_CR_ALL = /\r(?!\n)/g;

/**
 * `source` with each lone CR read as a line feed (same length, same offsets). A notebook's cells
 * are parsed one by one from the same text: the last conversion is kept, or a notebook of 2,600
 * cells converted its whole text once per cell (130 KB: 3 s).
 */
export function withLineFeeds(source: string): string {
  if (source === lastConverted.source) return lastConverted.text;
  const text = source.indexOf('\r') !== -1 && LONE_CR.test(source) ? source.replace(LONE_CR_ALL, '\n') : source;
  lastConverted = { source, text };
  return text;
}

let lastConverted = { source: '', text: '' };

export function loadPythonParser(): Promise<PythonParser> {
  loading ??= (async () => {
    const runtimeWasm = wasmPath('tree-sitter.wasm', 'web-tree-sitter');
    const runtime: EmscriptenRuntime = { locateFile: () => runtimeWasm };
    await Parser.init(runtime);
    readWordsDirectly(runtime);
    const language = await Language.load(wasmPath('tree-sitter-python.wasm', 'tree-sitter-python'));
    const parser = new Parser();
    parser.setLanguage(language);
    return {
      language,
      parse(source: string, previous?: Tree, includedRanges?: Range[]): Tree {
        // A lone CR ends a line for CPython, but tree-sitter's lexer reads it as a character:
        // `# comment\rcode` was one comment. As a line feed (same length, same offsets) it
        // ends the line; pointFinder counts it as a row too.
        const text = withLineFeeds(source);
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

/**
 * The parts of web-tree-sitter's Emscripten module used below. The options object given to
 * Parser.init becomes that module (Emscripten's `var Module = moduleArg`), so its runtime
 * methods can be read from it once init has run.
 */
export interface EmscriptenRuntime {
  locateFile: () => string;
  HEAP32?: Int32Array;
  setValue?: (pointer: number, value: number, type?: string) => void;
  getValue?: (pointer: number, type?: string) => number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Every node handed between JavaScript and WebAssembly goes through the module's generic
 * setValue / getValue, five 32-bit words at a time: the generic versions switch on a type name
 * and go through a DataView (web-tree-sitter is built for big-endian hosts too), and were the
 * largest single cost of a keystroke (setValue alone: 5% of a keystroke's profile). On a
 * little-endian host the words are read from and written to the module's Int32Array instead;
 * the module replaces that array when its memory grows, so it is looked up on every call.
 * Left as it is when the module does not look as expected (another version of web-tree-sitter).
 */
export function readWordsDirectly(runtime: EmscriptenRuntime): void {
  const { setValue, getValue } = runtime;
  if (!LITTLE_ENDIAN || typeof setValue !== 'function' || typeof getValue !== 'function' || !(runtime.HEAP32 instanceof Int32Array)) return;
  runtime.setValue = (pointer, value, type) => {
    if (type === 'i32') runtime.HEAP32![pointer >> 2] = value;
    else setValue(pointer, value, type);
  };
  runtime.getValue = (pointer, type) => (type === 'i32' ? runtime.HEAP32![pointer >> 2] : getValue(pointer, type));
}

export type { Tree, Edit, Range };
