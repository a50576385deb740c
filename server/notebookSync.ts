import { type NotebookCell, NotebookCellKind, type NotebookDocument, type NotebookDocumentChangeEvent, type TextDocumentItem } from 'vscode-languageserver';
import { DATABRICKS_CELL_KEY, DATABRICKS_NOTEBOOK_KEY } from '../rules/engine/ipynb';
import { applyContentChanges, type NotebookCellInput, type StoredCell } from './documentStore';

/**
 * LSP 3.17 notebook synchronisation, as pure functions over a notebook's cells: the cells of a
 * `notebookDocument/didOpen`, and the cells after a `notebookDocument/didChange` (structure
 * changes — cells added, removed, moved — then text changes). The new cells are computed
 * from a copy: a change that does not fit the notebook (a cell it does not have) throws, and
 * the stored notebook stays as it was rather than half changed.
 */

function kindOf(cell: NotebookCell, textDocument: TextDocumentItem | undefined): NotebookCellInput['kind'] {
  if (cell.kind === NotebookCellKind.Markup) return 'markdown';
  // Every cell is synchronised (the server's notebookSelector names no cell language), so that a
  // message's "cell 4" counts the cells the user sees; a code cell in another language (SQL, R)
  // is not Python.
  return textDocument && textDocument.languageId !== 'python' ? 'raw' : 'code';
}

/**
 * Whether Databricks wrote the notebook, as its `.ipynb` file says (engine/ipynb reads the same
 * keys): the editor passes the file's metadata on in the notebook's or the cells' metadata, in
 * its own nesting (VS Code: `metadata.metadata`), so the keys are looked for at any depth.
 */
export function writtenByDatabricks(notebook: Pick<NotebookDocument, 'metadata' | 'cells'>): boolean {
  const holds = (metadata: unknown, key: string) => metadata !== undefined && JSON.stringify(metadata).includes(JSON.stringify(key));
  return holds(notebook.metadata, DATABRICKS_NOTEBOOK_KEY) || notebook.cells.some((cell) => holds(cell.metadata, DATABRICKS_CELL_KEY));
}

export function openedNotebookCells(notebook: NotebookDocument, cellTextDocuments: readonly TextDocumentItem[]): NotebookCellInput[] {
  const texts = new Map(cellTextDocuments.map((document) => [document.uri, document]));
  return notebook.cells.map((cell) => {
    const document = texts.get(cell.document);
    return { uri: cell.document, kind: kindOf(cell, document), text: document?.text ?? '' };
  });
}

export class NotebookChangeError extends Error {}

/**
 * The cells after a change event, and the cells taken out of the notebook but not closed (a
 * move may take a cell out in one notification and put it back in the next, without its
 * text). Throws NotebookChangeError (and changes nothing) when the event does not fit the cells.
 */
export function changedNotebookCells(
  current: readonly StoredCell[],
  change: NotebookDocumentChangeEvent,
  detached: ReadonlyMap<string, NotebookCellInput> = new Map(),
): { cells: NotebookCellInput[]; detached: Map<string, NotebookCellInput> } {
  let cells: NotebookCellInput[] = current.map((cell) => ({ uri: cell.uri, kind: cell.kind, text: cell.text }));
  const stillDetached = new Map(detached);
  const structure = change.cells?.structure;
  if (structure) {
    const { start, deleteCount, cells: inserted = [] } = structure.array;
    if (start < 0 || deleteCount < 0 || start + deleteCount > cells.length) throw new NotebookChangeError(`cell change ${start}+${deleteCount} outside ${cells.length} cells`);
    const opened = new Map((structure.didOpen ?? []).map((document) => [document.uri, document]));
    const closed = new Set((structure.didClose ?? []).map((document) => document.uri));
    for (const removed of cells.slice(start, start + deleteCount)) if (!closed.has(removed.uri)) stillDetached.set(removed.uri, removed);
    const known = new Map([...stillDetached, ...cells.map((cell) => [cell.uri, cell] as const)]);
    const added = inserted.map((cell) => {
      const document = opened.get(cell.document);
      const previous = known.get(cell.document);
      stillDetached.delete(cell.document);
      // A moved cell is deleted and inserted again without a didOpen: it keeps its text.
      return { uri: cell.document, kind: document || !previous ? kindOf(cell, document) : previous.kind, text: document?.text ?? previous?.text ?? '' };
    });
    cells = [...cells.slice(0, start), ...added, ...cells.slice(start + deleteCount)];
    // A cell inserted where the notebook still has it elsewhere: two cells would share one document.
    const uris = new Set(cells.map((cell) => cell.uri));
    if (uris.size !== cells.length) throw new NotebookChangeError(`cell change ${start}+${deleteCount} inserts a cell the notebook already has`);
    for (const uri of closed) stillDetached.delete(uri);
  }
  for (const data of change.cells?.data ?? []) {
    const index = cells.findIndex((cell) => cell.uri === data.document);
    if (index >= 0 && data.kind === NotebookCellKind.Markup) cells[index] = { ...cells[index], kind: 'markdown' };
    else if (index >= 0 && cells[index].kind === 'markdown') cells[index] = { ...cells[index], kind: 'code' };
  }
  for (const content of change.cells?.textContent ?? []) {
    const index = cells.findIndex((cell) => cell.uri === content.document.uri);
    if (index === -1) throw new NotebookChangeError(`text change for ${content.document.uri}, which the notebook does not have`);
    cells[index] = { ...cells[index], text: applyContentChanges(cells[index].text, content.changes) };
  }
  return { cells, detached: stillDetached };
}
