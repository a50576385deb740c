import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { reasonNotToLintCells, reasonNotToLintProgram, rememberWithinLimits } from '../rules/engine/linter';
import type { PythonParser } from '../rules/engine/parser';
import { buildProgram, type HostCellKind, type InclusionReader, type Program, type ProgramSource } from '../rules/engine/program';
import { programAfterEdit } from '../rules/engine/programEdit';
import { reparseProgram } from '../rules/engine/programParser';
import { lineStartsOf } from '../rules/engine/lineStarts';
import type { SourceDocument } from '../rules/engine/sourceDocument';
import { fileKeyOfUri } from './inclusions';
import { offsetOf } from './positions';

/** One editor document the program is made of: the file itself, or one cell of a notebook. */
export interface StoredCell {
  /** The text document's uri (a notebook cell has its own, `vscode-notebook-cell:...`). */
  readonly uri: string;
  readonly kind: HostCellKind;
  readonly text: string;
}

/**
 * One open document as the engine lints it: a text document (one cell), or a notebook
 * document and its cells. The parsed program matches the current texts.
 */
export interface StoredDocument {
  /** The text document's or the notebook's uri. */
  readonly uri: string;
  readonly version: number;
  /** A text document's text (the program source's only cell); for a notebook, its cells' texts joined. */
  readonly text: string;
  readonly notebook: boolean;
  readonly cells: readonly StoredCell[];
  /** Absent when the engine declines the text (too large, nested too deep), the parser failed, or the document is parked. Owned by the store. */
  readonly source?: SourceDocument;
  /** Its trees were let go while other documents were in use (parkIdle): `activate` parses it again. */
  readonly parked?: true;
  /** Why the document is not parsed (the engine's limits), if it is not. */
  readonly skipped?: string;
  /** The notebooks and modules its `%run` lines and star imports brought in. */
  readonly includedUris: readonly string[];
  /** It has `%run` lines or star imports, read or not: a file created on disk may be one of them. */
  readonly includes: boolean;
  /** A notebook document whose metadata says Databricks wrote it (as an `.ipynb` file's can). */
  readonly databricks?: true;
}

/** Where an editor document is: the stored document that holds it, and its cell there (0 for a text document). */
export interface Located {
  document: StoredDocument;
  cell: number;
}

/** A cell as the notebook-sync notifications describe it. */
export interface NotebookCellInput {
  uri: string;
  kind: HostCellKind;
  text: string;
}

/** LSP semantics: each change's range refers to the text after the previous change. */
function isPosition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { line, character } = value as { line?: unknown; character?: unknown };
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

/** A didChange content change as the protocol defines it: new text, and a range of two positions when given. */
function isContentChange(change: unknown): boolean {
  if (typeof change !== 'object' || change === null || typeof (change as { text?: unknown }).text !== 'string') return false;
  if (!('range' in change)) return true;
  const range = (change as { range?: unknown }).range;
  return typeof range === 'object' && range !== null && isPosition((range as { start?: unknown }).start) && isPosition((range as { end?: unknown }).end);
}

export class InvalidChangeError extends Error {}

/**
 * The text after a didChange's changes, in order. The whole notification is checked first: a
 * malformed change anywhere in it rejects all of it and the document keeps its text (applying
 * the first changes and then failing would leave a text the editor never had).
 */
export function applyContentChanges(text: string, changes: readonly TextDocumentContentChangeEvent[]): string {
  if (!Array.isArray(changes)) throw new InvalidChangeError('didChange without a list of content changes');
  const invalid = changes.findIndex((change) => !isContentChange(change));
  if (invalid !== -1) throw new InvalidChangeError(`didChange content change ${invalid + 1} of ${changes.length} is malformed: ${JSON.stringify(changes[invalid])?.slice(0, 200)}`);
  let current = text;
  for (const change of changes) {
    if ('range' in change) {
      const lineStarts = lineStartsOf(current);
      const start = offsetOf(current, lineStarts, change.range.start);
      const oldEnd = Math.max(start, offsetOf(current, lineStarts, change.range.end));
      current = current.slice(0, start) + change.text + current.slice(oldEnd);
    } else {
      current = change.text;
    }
  }
  return current;
}

/**
 * The open documents (text documents and notebooks), their texts and their parsed programs,
 * kept in step with each edit: the old trees are edited and reparsed (engine/programParser),
 * so tree-sitter reuses the unchanged cells and subtrees. `%run` targets are read through
 * `readInclusion`, which looks at the open documents first.
 */
export class DocumentStore {
  private readonly documents = new Map<string, StoredDocument>();
  /** Cell uri -> notebook uri. */
  private readonly cellOwners = new Map<string, string>();
  /** File key (fileKeyOfUri) -> uri as the editor spells it: `%run` targets are looked up by the path they resolve to. */
  private readonly uriOfFile = new Map<string, string>();
  /** The documents activated, least recently first (a Map iterates in insertion order). */
  private readonly recency = new Map<string, true>();

  constructor(
    private readonly parser: PythonParser,
    private readonly onParseError: (uri: string, error: unknown) => void = () => {},
    private readonly readInclusion?: InclusionReader,
  ) {}

  get(uri: string): StoredDocument | undefined {
    return this.documents.get(uri);
  }

  /** The stored document holding an editor document (a text document, or a notebook cell). */
  locate(uri: string): Located | undefined {
    const direct = this.documents.get(uri);
    if (direct && !direct.notebook) return { document: direct, cell: 0 };
    const owner = this.cellOwners.get(uri);
    const notebook = owner === undefined ? undefined : this.documents.get(owner);
    if (!notebook) return undefined;
    const cell = notebook.cells.findIndex((candidate) => candidate.uri === uri);
    return cell === -1 ? undefined : { document: notebook, cell };
  }

  all(): StoredDocument[] {
    return [...this.documents.values()];
  }

  /** The open documents whose program brings in `uri` (by `%run` or a star import). */
  dependentsOf(uri: string): StoredDocument[] {
    const file = fileKeyOfUri(uri);
    return this.all().filter((document) => document.uri !== uri && document.includedUris.some((included) => fileKeyOfUri(included) === file));
  }

  /** The documents with `%run` lines or star imports: a file created on disk may be what one of them could not read. */
  includingDocuments(): StoredDocument[] {
    return this.all().filter((document) => document.includes);
  }

  /** The program source of an open document, for `%run` targets that are open in the editor. */
  programSourceOf(uri: string): ProgramSource | undefined {
    const document = this.documents.get(uri) ?? this.documents.get(this.uriOfFile.get(fileKeyOfUri(uri)) ?? '');
    return document ? sourceOf(document) : undefined;
  }

  /**
   * The document with its trees, now the most recently used: a parked one is parsed again
   * (in full, as when it was opened).
   */
  activate(uri: string): StoredDocument | undefined {
    const current = this.documents.get(uri);
    if (!current) return undefined;
    this.recency.delete(uri);
    this.recency.set(uri, true);
    return current.parked ? this.store(current, undefined) : current;
  }

  /**
   * Lets go of the trees of every parsed document but the `keep` most recently activated, and
   * returns their uris: whatever was kept from those trees must go with them. Trees live in the
   * parser's WebAssembly memory, which never shrinks: 20 large notebooks kept 19 MB of it
   * where the last few used need a fifth of that.
   */
  parkIdle(keep: number): string[] {
    const parked: string[] = [];
    let idle = this.recency.size - keep;
    for (const uri of this.recency.keys()) {
      if (idle-- <= 0) break;
      const current = this.documents.get(uri);
      if (!current?.source) continue;
      current.source.delete();
      this.documents.set(uri, { ...current, source: undefined, parked: true });
      parked.push(uri);
    }
    return parked;
  }

  open(uri: string, version: number, text: string): StoredDocument {
    this.close(uri);
    return this.store({ uri, version, text, notebook: false, cells: [{ uri, kind: 'code', text }] }, undefined);
  }

  /** Apply `changes` in order (LSP semantics: each range refers to the text after the previous change). */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): StoredDocument | undefined {
    const current = this.documents.get(uri);
    if (!current || current.notebook) return undefined;
    const text = applyContentChanges(current.text, changes);
    return this.store({ uri, version, text, notebook: false, cells: [{ uri, kind: 'code', text }] }, current.source);
  }

  openNotebook(uri: string, version: number, cells: readonly NotebookCellInput[], databricks = false): StoredDocument {
    this.close(uri);
    return this.storeNotebook(uri, version, cells, undefined, databricks);
  }

  /**
   * A notebook's new state: its cells in order (with their current texts). The caller applies
   * the notification's structure and text changes; the store reparses what changed.
   */
  changeNotebook(uri: string, version: number, cells: readonly NotebookCellInput[], databricks?: boolean): StoredDocument | undefined {
    const current = this.documents.get(uri);
    if (!current || !current.notebook) return undefined;
    return this.storeNotebook(uri, version, cells, current.source, databricks ?? !!current.databricks);
  }

  /**
   * Re-reads the `%run` targets of a document (one of them changed) and reparses it. A parked
   * document stays parked: activating it reads them anyway, and typing in a notebook that many
   * open ones `%run` would otherwise parse each of them in full on every keystroke.
   */
  refresh(uri: string): StoredDocument | undefined {
    const current = this.documents.get(uri);
    if (!current) return undefined;
    return current.parked ? current : this.store(current, current.source);
  }

  close(uri: string): void {
    const current = this.documents.get(uri);
    if (!current) return;
    current.source?.delete();
    for (const cell of current.cells) if (this.cellOwners.get(cell.uri) === uri) this.cellOwners.delete(cell.uri);
    this.documents.delete(uri);
    this.recency.delete(uri);
    this.uriOfFile.delete(fileKeyOfUri(uri));
  }

  dispose(): void {
    for (const uri of [...this.documents.keys()]) this.close(uri);
  }

  private storeNotebook(uri: string, version: number, cells: readonly NotebookCellInput[], previous: SourceDocument | undefined, databricks: boolean): StoredDocument {
    const current = this.documents.get(uri);
    if (current) for (const cell of current.cells) if (this.cellOwners.get(cell.uri) === uri) this.cellOwners.delete(cell.uri);
    for (const cell of cells) this.cellOwners.set(cell.uri, uri);
    const text = cells.map((cell) => cell.text).join('\n');
    return this.store({ uri, version, text, notebook: true, cells: cells.map((cell) => ({ ...cell })), ...(databricks ? { databricks: true as const } : {}) }, previous);
  }

  private store(document: Omit<StoredDocument, 'source' | 'skipped' | 'includedUris' | 'includes' | 'parked'>, previous: SourceDocument | undefined): StoredDocument {
    let source: SourceDocument | undefined;
    let includedUris: readonly string[] = [];
    let includes = false;
    // An .ipynb opened as a text document is its JSON, not Python: what the user should do instead.
    if (!document.notebook && isNotebookFileUri(document.uri)) {
      previous?.delete();
      const { uri, version, text, notebook, cells } = document;
      const stored: StoredDocument = { uri, version, text, notebook, cells, skipped: NOTEBOOK_AS_TEXT, includedUris, includes };
      this.documents.set(uri, stored);
      this.uriOfFile.set(fileKeyOfUri(uri), uri);
      return stored;
    }
    // Text the engine declines (over its size limit, brackets nested too deep) is kept as text
    // only: parsing it on every keystroke would block the server for seconds.
    const programSource = sourceOf(document);
    // Typing inside a line of code: the previous program moved, which leaves the limits as they were (programAfterEdit).
    let moved: Program | undefined;
    try {
      moved = previous && programAfterEdit(previous.unrecorded.program, programSource);
    } catch (error) {
      this.onParseError(document.uri, error);
    }
    let skipped = moved ? undefined : reasonNotToLintCells(document.cells.filter((cell) => cell.kind === 'code').map((cell) => cell.text));
    if (!skipped) {
      try {
        const program = moved ?? buildProgram(programSource, this.readInclusion);
        includedUris = program.includedUris;
        includes = program.hasInclusions;
        if (moved) rememberWithinLimits(moved.text);
        else skipped = reasonNotToLintProgram(program.text);
        if (!skipped) {
          source = reparseProgram(this.parser, document.uri, program, previous);
          previous = undefined;
        }
      } catch (error) {
        this.onParseError(document.uri, error);
      }
    }
    previous?.delete();
    const { uri, version, text, notebook, cells, databricks } = document;
    const stored: StoredDocument = { uri, version, text, notebook, cells, source, skipped, includedUris, includes, ...(databricks ? { databricks } : {}) };
    this.documents.set(document.uri, stored);
    this.uriOfFile.set(fileKeyOfUri(document.uri), document.uri);
    return stored;
  }
}

/** A Jupyter notebook's file opened as text (an editor without notebook support shows its JSON). */
const NOTEBOOK_AS_TEXT =
  'a Jupyter notebook open as text (its JSON): open it as a notebook (LSP notebook documents), or run `mltraps` on the file: not linted';

function isNotebookFileUri(uri: string): boolean {
  // Not a notebook's cell (`vscode-notebook-cell:/x.ipynb#W0`), which some clients open as a text document.
  return !uri.includes('#') && !uri.startsWith('vscode-notebook-cell:') && /\.ipynb$/i.test(uri.split('?')[0]);
}

function sourceOf(document: Pick<StoredDocument, 'uri' | 'notebook' | 'cells' | 'databricks'>): ProgramSource {
  return { uri: document.uri, notebook: document.notebook, cells: document.cells.map((cell) => ({ kind: cell.kind, text: cell.text })), ...(document.databricks ? { databricks: true } : {}) };
}
