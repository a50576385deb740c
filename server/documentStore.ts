import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { reasonNotToLint } from '../rules/engine/linter';
import type { PythonParser } from '../rules/engine/parser';
import { buildProgram, type InclusionReader } from '../rules/engine/program';
import { fileSource, reparseProgram } from '../rules/engine/programParser';
import { computeLineStarts, type SourceDocument } from '../rules/engine/sourceDocument';
import { offsetOf } from './positions';

/** One open document: its text and, when it was parsed, the tree that matches that text. */
export interface StoredDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** Absent when the engine declines the text (too large, nested too deep) or the parser failed. Owned by the store. */
  readonly source?: SourceDocument;
  /** Why the document is not parsed (the engine's limits), if it is not. */
  readonly skipped?: string;
}

/**
 * The texts of the open documents and their syntax trees (one per Python cell), kept in step
 * with each edit: the old trees are edited and reparsed (engine/programParser.ts), so
 * tree-sitter reuses the unchanged cells and subtrees.
 */
export class DocumentStore {
  private readonly documents = new Map<string, StoredDocument>();

  constructor(
    private readonly parser: PythonParser,
    private readonly onParseError: (uri: string, error: unknown) => void = () => {},
    private readonly readInclusion?: InclusionReader,
  ) {}

  get(uri: string): StoredDocument | undefined {
    return this.documents.get(uri);
  }

  all(): StoredDocument[] {
    return [...this.documents.values()];
  }

  open(uri: string, version: number, text: string): StoredDocument {
    this.close(uri);
    return this.store(uri, version, text, undefined);
  }

  /** Apply `changes` in order (LSP semantics: each range refers to the text after the previous change). */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): StoredDocument | undefined {
    const current = this.documents.get(uri);
    if (!current) return undefined;
    let text = current.text;
    for (const change of changes) {
      if ('range' in change) {
        const lineStarts = computeLineStarts(text);
        const start = offsetOf(text, lineStarts, change.range.start);
        const oldEnd = Math.max(start, offsetOf(text, lineStarts, change.range.end));
        text = text.slice(0, start) + change.text + text.slice(oldEnd);
      } else {
        text = change.text;
      }
    }
    // The old trees are the starting point for the reparse, which consumes them.
    return this.store(uri, version, text, current.source);
  }

  close(uri: string): void {
    this.documents.get(uri)?.source?.delete();
    this.documents.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.documents.keys()]) this.close(uri);
  }

  private store(uri: string, version: number, text: string, previous: SourceDocument | undefined): StoredDocument {
    let source: SourceDocument | undefined;
    // Text the engine declines (over its size limit, brackets nested too deep) is kept as text
    // only: parsing it on every keystroke would block the server for seconds.
    const skipped = reasonNotToLint(text);
    if (!skipped) {
      try {
        source = reparseProgram(this.parser, uri, buildProgram(fileSource(uri, text), this.readInclusion), previous);
        previous = undefined;
      } catch (error) {
        this.onParseError(uri, error);
      }
    }
    previous?.delete();
    const stored: StoredDocument = { uri, version, text, source, skipped };
    this.documents.set(uri, stored);
    return stored;
  }
}
