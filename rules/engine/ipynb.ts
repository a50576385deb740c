/**
 * Jupyter notebooks (`.ipynb`, nbformat 4): read their cells, and rewrite the sources of some
 * cells while every other byte of the file stays as it was, so that a fix applied to a notebook
 * shows up in version control as a change to those lines only.
 *
 * What Jupyter writes, from jupyter/nbformat's own source (not from memory):
 * - nbformat/v4/nbjson.py `JSONWriter.writes`: `json.dumps(nb, indent=1, sort_keys=True,
 *   separators=(",", ": "), ensure_ascii=False)` after `split_lines(nb)`;
 * - nbformat/v4/rwbase.py `split_lines`: a string `source` becomes `source.splitlines(True)`,
 *   and `rejoin_lines` reads a list back as `"".join(source)`;
 * - nbformat/__init__.py `write`: appends "\n" when the text does not end with one;
 * - CPython Lib/json/encoder.py `encode_basestring` (used when ensure_ascii=False): escapes
 *   `"`, `\` and U+0000..U+001F only (`\b \f \n \r \t` short, the rest `\u00XX` in lower-case
 *   hex); everything else, U+007F, non-ASCII and U+2028 included, is written as is.
 * Other writers differ, and the writer below follows the file it is given rather than Jupyter
 * where the file shows how it was written: Databricks exports are minified with `source` before
 * `cell_type`, and older ones put a whole multi-line source in a one-item list; VS Code splits
 * lines at "\n" only; many files are indented by 2 or 4 spaces.
 */
import { applyEdits } from './edits';
import type { TextEdit } from './types';

export type CellKind = 'code' | 'markdown' | 'raw';
export interface IpynbCell {
  kind: CellKind;
  /** The cell's source joined into one string exactly as Jupyter joins it (list of lines concatenated; a plain string as is). */
  source: string;
}
export interface IpynbNotebook {
  cells: IpynbCell[];
  /** The kernel's language (metadata.kernelspec.language, metadata.language_info.name, or the Databricks notebook metadata's language), lower case; undefined when the notebook does not say. */
  language?: string;
  /** Whether Databricks wrote it: notebook metadata "application/vnd.databricks.v1+notebook", or any cell metadata "application/vnd.databricks.v1+cell". */
  databricks: boolean;
}
export type IpynbReadResult = { notebook: IpynbNotebook } | { error: string };

/** The metadata keys by which a notebook says Databricks wrote it (also read from editors' notebook documents: server/notebookSync). */
export const DATABRICKS_NOTEBOOK_KEY = 'application/vnd.databricks.v1+notebook';
export const DATABRICKS_CELL_KEY = 'application/vnd.databricks.v1+cell';
const BOM = '\ufeff';

/** Never throws: anything that is not an nbformat 4 notebook gives a one-line reason (invalid JSON with line:column, not an object, no `cells` list, nbformat 3 "convert it with `jupyter nbconvert --to notebook`", a cell without a valid cell_type/source...). A BOM is accepted. */
export function readIpynb(text: string): IpynbReadResult {
  const scanned = scanNotebook(text);
  return 'error' in scanned ? scanned : { notebook: scanned.notebook };
}

/**
 * The notebook text with the sources of some cells (by 0-based index) replaced, and every other byte
 * kept: metadata, outputs, key order, indentation, line endings, the trailing newline, the other cells.
 * The replaced source keeps its original form: a list of lines (each ending with "\n" except the last,
 * as Jupyter writes them, one per line with the same indentation as the original list's items; an
 * empty source gives `[]`) or a single string if it was one. Strings escaped as Jupyter/Python's
 * json.dump(ensure_ascii=False) does. Throws only when `text` is not a notebook readIpynb accepts or an index is out of range.
 *
 * Where the file shows another writer's habits, the new list follows them: a notebook whose lists
 * hold a whole multi-line source in one item (older Databricks exports) gets a one-item list
 * (`[""]` when empty, as those exports write it), one whose items break at "\n" only (VS Code) is
 * split at "\n" only; otherwise lines break where Python's `str.splitlines(True)` breaks them, as
 * nbformat does; a cell's own list decides before the notebook's others. A line equal to one of the
 * list's original items is written with that item's original bytes, so lines a fix did not touch
 * keep their escaping even when another tool wrote them (`\u00e9` for `é`). Lone UTF-16
 * surrogates, which Python could not encode to UTF-8 at all, are written as `\udXXX` escapes.
 */
export function writeIpynbSources(text: string, sources: ReadonlyMap<number, string>): string {
  const scanned = scanNotebook(text);
  if ('error' in scanned) throw new Error(`not a notebook: ${scanned.error}`);
  const edits: TextEdit[] = [];
  for (const [index, source] of sources) {
    const cell = scanned.cells[index];
    if (!Number.isInteger(index) || cell === undefined) {
      throw new RangeError(`cell index ${index} is out of range: the notebook has ${scanned.cells.length} cells`);
    }
    edits.push({ start: cell.source.start, end: cell.source.end, newText: renderSource(text, cell, source, scanned.lineBreaking) });
  }
  return applyEdits(text, edits);
}

/** A new nbformat 4.4 notebook (indent 1, as Jupyter writes, trailing newline) from cells; for tests and for converting Databricks `.py` exports. With `databricks`, adds the Databricks notebook metadata. Python kernelspec metadata. `name` is the Databricks `notebookName`. */
export function ipynbFromCells(cells: readonly IpynbCell[], options: { databricks?: boolean; name?: string } = {}): string {
  const metadata: JsonObjectValue = {
    kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
    language_info: { name: 'python' },
  };
  if (options.databricks) {
    const databricks: JsonObjectValue = { dashboards: [], language: 'python', widgets: {} };
    if (options.name !== undefined) databricks.notebookName = options.name;
    metadata[DATABRICKS_NOTEBOOK_KEY] = databricks;
  }
  const notebook: JsonObjectValue = {
    cells: cells.map((cell): JsonObjectValue => {
      const source = splitSource(cell.source, 'python-lines');
      return cell.kind === 'code'
        ? { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source }
        : { cell_type: cell.kind, metadata: {}, source };
    }),
    metadata,
    nbformat: 4,
    nbformat_minor: 4,
  };
  return `${dumpLikeJupyter(notebook, '')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The notebook, scanned: cells plus where each cell's `source` value lies in the text.

interface ScannedCell {
  cell: JsonObject;
  sourceMember: JsonMember;
  source: JsonNode;
}

/**
 * How the file's writer broke sources into list items: at Python's line boundaries (nbformat),
 * at "\n" only (VS Code), or not at all (one item holding the whole source).
 */
type LineBreaking = 'python-lines' | 'newline-only' | 'whole';

type ScanResult = { notebook: IpynbNotebook; cells: ScannedCell[]; lineBreaking: LineBreaking } | { error: string };

function scanNotebook(text: string): ScanResult {
  const parsed = parseJson(text);
  if ('error' in parsed) return parsed;
  const root = parsed.value;
  if (root.kind !== 'object') return { error: `not a notebook: the JSON is ${describeKind(root)}, not an object` };

  const version = member(root, 'nbformat');
  const cellsNode = member(root, 'cells');
  const convert = 'convert it with `jupyter nbconvert --to notebook`';
  if (version !== undefined) {
    if (version.kind !== 'number' || !Number.isInteger(version.value)) return { error: 'not a notebook: `nbformat` is not a version number' };
    if (version.value < 4) return { error: `nbformat ${version.value} notebook, not nbformat 4: ${convert}` };
    if (version.value > 4) return { error: `nbformat ${version.value} notebook: only nbformat 4 is supported` };
  }
  if (cellsNode === undefined && member(root, 'worksheets') !== undefined) {
    return { error: `nbformat 3 notebook (cells inside worksheets), not nbformat 4: ${convert}` };
  }
  if (cellsNode?.kind !== 'array') return { error: 'not a notebook: no `cells` list' };

  const cells: ScannedCell[] = [];
  const notebookCells: IpynbCell[] = [];
  let databricks = metadataHas(root, DATABRICKS_NOTEBOOK_KEY);
  for (const [index, cell] of cellsNode.items.entries()) {
    if (cell.kind !== 'object') return { error: `cells[${index}] is ${describeKind(cell)}, not a cell object` };
    const kind = member(cell, 'cell_type');
    if (kind === undefined) return { error: `cells[${index}] has no \`cell_type\`` };
    if (kind.kind !== 'string' || !isCellKind(kind.value)) {
      const found = kind.kind === 'string' ? JSON.stringify(kind.value) : describeKind(kind);
      return { error: `cells[${index}].cell_type is ${found}, not "code", "markdown" or "raw"` };
    }
    const sourceMember = lastMember(cell, 'source');
    if (sourceMember === undefined) return { error: `cells[${index}] has no \`source\`` };
    const source = sourceMember.value;
    const joined = joinSource(source);
    if (joined === undefined) return { error: `cells[${index}].source is neither a string nor a list of strings` };
    cells.push({ cell, sourceMember, source });
    notebookCells.push({ kind: kind.value, source: joined });
    databricks ||= metadataHas(cell, DATABRICKS_CELL_KEY);
  }
  const notebook: IpynbNotebook = { cells: notebookCells, databricks };
  const language = notebookLanguage(root);
  if (language !== undefined) notebook.language = language;
  return { notebook, cells, lineBreaking: notebookLineBreaking(cells) };
}

function isCellKind(value: string): value is CellKind {
  return value === 'code' || value === 'markdown' || value === 'raw';
}

function joinSource(source: JsonNode): string | undefined {
  if (source.kind === 'string') return source.value;
  if (source.kind !== 'array') return undefined;
  let joined = '';
  for (const item of source.items) {
    if (item.kind !== 'string') return undefined;
    joined += item.value;
  }
  return joined;
}

function notebookLanguage(root: JsonObject): string | undefined {
  const metadata = member(root, 'metadata');
  const candidates = [
    path(metadata, 'kernelspec', 'language'),
    path(metadata, 'language_info', 'name'),
    path(metadata, DATABRICKS_NOTEBOOK_KEY, 'language'),
  ];
  for (const candidate of candidates) {
    if (candidate?.kind === 'string' && candidate.value.trim() !== '') return candidate.value.trim().toLowerCase();
  }
  return undefined;
}

function metadataHas(object: JsonObject, key: string): boolean {
  const metadata = member(object, 'metadata');
  return metadata?.kind === 'object' && member(metadata, key) !== undefined;
}

/** The value at `keys` below `node`, through objects only. */
function path(node: JsonNode | undefined, ...keys: string[]): JsonNode | undefined {
  let current = node;
  for (const key of keys) {
    if (current?.kind !== 'object') return undefined;
    current = member(current, key);
  }
  return current;
}

/** Python's json.loads keeps the last of duplicate keys, and so does this reader. */
function member(object: JsonObject, key: string): JsonNode | undefined {
  return lastMember(object, key)?.value;
}

function lastMember(object: JsonObject, key: string): JsonMember | undefined {
  for (let i = object.members.length - 1; i >= 0; i--) {
    if (object.members[i].key === key) return object.members[i];
  }
  return undefined;
}

function describeKind(node: JsonNode): string {
  switch (node.kind) {
    case 'object': return 'an object';
    case 'array': return 'a list';
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'literal': return node.value === null ? 'null' : 'a boolean';
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering a new source in the form of the old one.

/**
 * How this cell's list shows its writer broke it, when it shows it: a single item holding several
 * lines was not split; several items, or a Python line boundary left inside an item (a lone "\r",
 * "\f", U+2028...), show a split at lines or at "\n" only. A list of one line shows nothing.
 */
function cellLineBreaking(source: JsonNode): LineBreaking | undefined {
  if (source.kind !== 'array') return undefined;
  let newlineOnly = false;
  for (const item of source.items) {
    if (item.kind !== 'string') return undefined;
    const inner = item.value.replace(TRAILING_LINE_BREAK, '');
    // Several items with a line break inside one: cut at no line rule this reader knows.
    if (inner.includes('\n')) return source.items.length === 1 ? 'whole' : undefined;
    if (PYTHON_LINE_BOUNDARY.test(inner)) newlineOnly = true;
  }
  if (newlineOnly) return 'newline-only';
  return source.items.length > 1 ? 'python-lines' : undefined;
}

/** For a cell whose list shows nothing: what most of the notebook's lists show, else nbformat's rule. */
function notebookLineBreaking(cells: readonly ScannedCell[]): LineBreaking {
  const votes = new Map<LineBreaking, number>();
  for (const { source } of cells) {
    const breaking = cellLineBreaking(source);
    if (breaking !== undefined) votes.set(breaking, (votes.get(breaking) ?? 0) + 1);
  }
  let best: LineBreaking = 'python-lines';
  for (const [breaking, count] of votes) if (count > (votes.get(best) ?? 0)) best = breaking;
  return best;
}

/** The characters Python's `str.splitlines` breaks at ("\r\n" counts as one break). */
const PYTHON_LINE_BOUNDARY = /[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
const TRAILING_LINE_BREAK = /(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])$/;

/** The list items of a source. Writers that do not split write an empty source as `[""]` (every empty source of the older Databricks exports seen). */
function splitSource(source: string, breaking: LineBreaking): string[] {
  if (breaking === 'whole') return [source];
  if (source === '') return [];
  const lines: string[] = [];
  let lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const breaksHere = breaking === 'newline-only' ? c === '\n' : PYTHON_LINE_BOUNDARY.test(c);
    if (!breaksHere) continue;
    if (c === '\r' && source[i + 1] === '\n') i++;
    lines.push(source.slice(lineStart, i + 1));
    lineStart = i + 1;
  }
  if (lineStart < source.length) lines.push(source.slice(lineStart));
  return lines;
}

function renderSource(text: string, scanned: ScannedCell, source: string, notebookBreaking: LineBreaking): string {
  const original = scanned.source;
  // An unchanged source keeps its bytes, however its writer cut it (a list cut mid-line too).
  if (joinSource(original) === source) return text.slice(original.start, original.end);
  if (original.kind === 'string') return jsonString(source);
  if (original.kind !== 'array') throw new Error('unreachable: the scanner accepted a source that is neither string nor list');
  const lines = splitSource(source, cellLineBreaking(original) ?? notebookBreaking);
  if (lines.length === 0) return '[]';
  const originalItems = new Map<string, string>();
  for (const item of original.items) {
    if (item.kind === 'string' && !originalItems.has(item.value)) originalItems.set(item.value, text.slice(item.start, item.end));
  }
  const { open, separator, close } = listLayout(text, scanned);
  return `[${open}${lines.map((line) => originalItems.get(line) ?? jsonString(line)).join(separator)}${close}]`;
}

/** The whitespace after `[`, between items (with the comma) and before `]`, copied from the original list. */
function listLayout(text: string, scanned: ScannedCell): { open: string; separator: string; close: string } {
  const list = scanned.source;
  if (list.kind !== 'array') throw new Error('unreachable: listLayout of a non-list');
  const items = list.items;
  if (items.length > 0) {
    const open = text.slice(list.start + 1, items[0].start);
    const close = text.slice(items[items.length - 1].end, list.end - 1);
    const separator = items.length > 1 ? text.slice(items[0].end, items[1].start) : `,${open}`;
    return { open, separator, close };
  }
  // An empty list shows no layout: indent the items one step deeper than the `"source"` key, the
  // step being how much deeper the key sits than its cell's `{`, as Jupyter's json.dumps does.
  const keyIndent = lineIndent(text, scanned.sourceMember.keyStart);
  if (keyIndent === undefined) return { open: '', separator: ',', close: '' };
  const cellIndent = lineIndent(text, scanned.cell.start);
  const step = cellIndent !== undefined && keyIndent.length > cellIndent.length && keyIndent.startsWith(cellIndent)
    ? keyIndent.slice(cellIndent.length)
    : ' ';
  const lineStart = scanned.sourceMember.keyStart - keyIndent.length;
  const newline = text[lineStart - 2] === '\r' ? '\r\n' : '\n';
  const open = `${newline}${keyIndent}${step}`;
  return { open, separator: `,${open}`, close: `${newline}${keyIndent}` };
}

/** The spaces/tabs before `offset` when only they stand between it and the start of its line (not the first line). */
function lineIndent(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart === 0) return undefined;
  const indent = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(indent) ? indent : undefined;
}

/**
 * A JSON string literal as Python's json.dumps(ensure_ascii=False) writes it. JSON.stringify
 * (ECMA-262 QuoteJSONString) escapes exactly the same characters the same way (`\b \f \n \r \t`
 * short, other controls as lower-case `\u00XX`, `"` and `\`), and lone surrogates as `\udXXX`.
 */
function jsonString(value: string): string {
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// A tiny json.dumps(indent=..., sort_keys=True, ensure_ascii=False) for new notebooks.

type JsonValue = null | boolean | number | string | JsonValue[] | JsonObjectValue;
interface JsonObjectValue { [key: string]: JsonValue }

function dumpLikeJupyter(value: JsonValue, indent: string): string {
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + dumpLikeJupyter(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((key) => `${inner}${jsonString(key)}: ${dumpLikeJupyter(value[key], inner)}`).join(',\n')}\n${indent}}`;
  }
  return typeof value === 'string' ? jsonString(value) : JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// A strict JSON scanner that keeps the offsets of every value. It accepts what Python's
// json.loads accepts (NaN, Infinity and -Infinity too, which json.dumps writes for such floats
// in outputs) and nothing else: no comments, no trailing commas, no control characters inside
// strings.

interface Span { start: number; end: number }
interface JsonObject extends Span { kind: 'object'; members: JsonMember[] }
interface JsonMember { key: string; keyStart: number; value: JsonNode }
interface JsonArray extends Span { kind: 'array'; items: JsonNode[] }
interface JsonString extends Span { kind: 'string'; value: string }
interface JsonNumber extends Span { kind: 'number'; value: number }
interface JsonLiteral extends Span { kind: 'literal'; value: boolean | null }
type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonLiteral;

/** Deeper than any notebook nests; keeps the recursive descent far from the stack's limit. */
const MAX_DEPTH = 1000;

class JsonSyntaxError {
  constructor(readonly offset: number, readonly message: string) {}
}

function parseJson(text: string): { value: JsonNode } | { error: string } {
  const parser = new JsonParser(text);
  try {
    return { value: parser.document() };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { error: `invalid JSON at ${lineColumn(text, error.offset)}: ${error.message}` };
    throw error;
  }
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = text.startsWith(BOM) ? 1 : 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

class JsonParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  document(): JsonNode {
    if (this.text.startsWith(BOM)) this.pos = 1;
    this.skipWhitespace();
    const value = this.value();
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail('unexpected text after the end of the JSON value');
    return value;
  }

  private value(): JsonNode {
    const c = this.text[this.pos];
    switch (c) {
      case '{': return this.nested(() => this.object());
      case '[': return this.nested(() => this.array());
      case '"': return this.string();
      case 't': return this.literal('true', true);
      case 'f': return this.literal('false', false);
      case 'n': return this.literal('null', null);
      case 'N': return this.special('NaN', Number.NaN);
      case 'I': return this.special('Infinity', Number.POSITIVE_INFINITY);
      default:
        if (c === '-' && this.text.startsWith('-Infinity', this.pos)) return this.special('-Infinity', Number.NEGATIVE_INFINITY);
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail(c === undefined ? 'unexpected end of the text, expected a value' : `expected a value, found ${shown(c)}`);
    }
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels deep`);
    const result = parse();
    this.depth--;
    return result;
  }

  private object(): JsonObject {
    const start = this.pos++;
    const members: JsonMember[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === '}') return { kind: 'object', start, end: ++this.pos, members };
    for (;;) {
      if (this.text[this.pos] !== '"') this.expected('a quoted key');
      const keyStart = this.pos;
      const key = this.string().value;
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.expected("':' after the key");
      this.pos++;
      this.skipWhitespace();
      members.push({ key, keyStart, value: this.value() });
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === '}') return { kind: 'object', start, end: ++this.pos, members };
      if (c !== ',') this.expected("',' or '}' after an object member");
      this.pos++;
      this.skipWhitespace();
    }
  }

  private array(): JsonArray {
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') return { kind: 'array', start, end: ++this.pos, items };
    for (;;) {
      items.push(this.value());
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ']') return { kind: 'array', start, end: ++this.pos, items };
      if (c !== ',') this.expected("',' or ']' after a list item");
      this.pos++;
      this.skipWhitespace();
    }
  }

  private string(): JsonString {
    const start = this.pos++;
    let value = '';
    for (;;) {
      STRING_STOP.lastIndex = this.pos;
      const stop = STRING_STOP.exec(this.text);
      if (stop === null) {
        this.pos = this.text.length;
        this.fail('unexpected end of the text inside a string');
      }
      value += this.text.slice(this.pos, stop.index);
      this.pos = stop.index;
      const code = this.text.charCodeAt(this.pos);
      if (code === 0x22) return { kind: 'string', start, end: ++this.pos, value };
      if (code === 0x5c) value += this.escape();
      else this.fail(`control character U+${hex4(code)} inside a string (it must be escaped)`);
    }
  }

  private escape(): string {
    const c = this.text[this.pos + 1];
    const simple = c === undefined ? undefined : SIMPLE_ESCAPES.get(c);
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    if (c === 'u') {
      const digits = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail('\\u must be followed by four hex digits');
      this.pos += 6;
      return String.fromCharCode(Number.parseInt(digits, 16));
    }
    return this.fail(c === undefined ? 'unexpected end of the text inside a string' : `invalid escape \\${shown(c, false)}`);
  }

  private number(): JsonNumber {
    const start = this.pos;
    const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    match.lastIndex = start;
    const found = match.exec(this.text);
    if (found === null) this.fail('invalid number');
    this.pos = start + found[0].length;
    return { kind: 'number', start, end: this.pos, value: Number(found[0]) };
  }

  private literal(word: string, value: boolean | null): JsonLiteral {
    const start = this.pos;
    if (!this.text.startsWith(word, start)) this.fail(`expected a value, found ${shown(this.text[start])}`);
    this.pos += word.length;
    return { kind: 'literal', start, end: this.pos, value };
  }

  private special(word: string, value: number): JsonNumber {
    const start = this.pos;
    if (!this.text.startsWith(word, start)) this.fail(`expected a value, found ${shown(this.text[start])}`);
    this.pos += word.length;
    return { kind: 'number', start, end: this.pos, value };
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return;
      this.pos++;
    }
  }

  private expected(what: string): never {
    const c = this.text[this.pos];
    return this.fail(c === undefined ? `unexpected end of the text, expected ${what}` : `expected ${what}, found ${shown(c)}`);
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(this.pos, message);
  }
}

/** Where a string's plain run ends: its closing quote, an escape, or a control character (an error). */
const STRING_STOP = /["\\\x00-\x1f]/g;

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'], ['\\', '\\'], ['/', '/'], ['b', '\b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t'],
]);

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/** A character for an error message, quoted, or as U+XXXX when it would not print. */
function shown(c: string | undefined, quoted = true): string {
  if (c === undefined) return 'the end of the text';
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff) || code === 0xfeff) return `U+${hex4(code)}`;
  return quoted ? `'${c}'` : c;
}
