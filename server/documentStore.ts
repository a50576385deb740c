import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { reasonNotToLint } from '../rules/engine/linter';
import type { PythonParser, Tree } from '../rules/engine/parser';
import { computeLineStarts, SourceDocument } from '../rules/engine/sourceDocument';
import { offsetOf, treePoint } from './positions';

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
 * The texts of the open documents and their syntax trees, kept in step with each edit:
 * incremental changes edit the old tree (`tree.edit`) and reparse with it, so tree-sitter
 * reuses the unchanged subtrees; full-text changes parse from scratch.
 */
export class DocumentStore {
  private readonly documents = new Map<string, StoredDocument>();

  constructor(
    private readonly parser: PythonParser,
    private readonly onParseError: (uri: string, error: unknown) => void = () => {},
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
    let tree: Tree | undefined = current.source?.tree;
    // Line starts of the text as it stands before each change: only a following ranged change
    // needs them, so they are computed when one comes (the SourceDocument computes its own).
    let lineStarts: readonly number[] | undefined = current.source?.lineStarts;
    for (const change of changes) {
      if ('range' in change) {
        lineStarts ??= computeLineStarts(text);
        const start = offsetOf(text, lineStarts, change.range.start);
        const oldEnd = Math.max(start, offsetOf(text, lineStarts, change.range.end));
        const next = text.slice(0, start) + change.text + text.slice(oldEnd);
        const newEnd = start + change.text.length;
        tree?.edit({
          startIndex: start,
          oldEndIndex: oldEnd,
          newEndIndex: newEnd,
          startPosition: treePoint(text, start),
          oldEndPosition: treePoint(text, oldEnd),
          newEndPosition: treePoint(next, newEnd),
        });
        text = next;
        lineStarts = undefined;
      } else {
        tree?.delete();
        tree = undefined;
        text = change.text;
        lineStarts = undefined;
      }
    }
    // The edited old tree is only the starting point for the reparse; store() frees it.
    return this.store(uri, version, text, tree);
  }

  close(uri: string): void {
    this.documents.get(uri)?.source?.tree.delete();
    this.documents.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.documents.keys()]) this.close(uri);
  }

  private store(uri: string, version: number, text: string, previous: Tree | undefined): StoredDocument {
    let source: SourceDocument | undefined;
    // Text the engine declines (over its size limit, brackets nested too deep) is kept as text
    // only: parsing it on every keystroke would block the server for seconds.
    const skipped = reasonNotToLint(text);
    if (!skipped) {
      try {
        source = new SourceDocument(uri, text, this.parser.parse(text, previous));
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
