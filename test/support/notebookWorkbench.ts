import type { Locator, Page } from 'playwright-core';
import { poll, type Workbench } from './workbench';

// A Jupyter notebook in VS Code's notebook editor (the built-in ipynb extension's serializer:
// no Jupyter extension, no kernel), driven with the keyboard as a person does.
//
// What the editor is made of, in the DOM of VS Code 1.100:
// - `.notebookOverlay`: the notebook editor; its cells are the rows of a virtual list,
//   `.monaco-list-row[data-index=N]` (N counts every cell from 0, markdown too), and only the
//   rows near the viewport exist: a cell is brought into view by moving to it, never looked up
//   directly.
// - each code cell holds a Monaco editor of its own (`.monaco-editor`), with the same view
//   layers as a file's editor (`.view-lines`, `.view-overlays` with `.current-line` and the
//   `.squiggly-*` decorations).
// - the status bar shows "Cell N of M" (`#notebook.activeCellStatus`) and no Ln/Col; Go to Line
//   (Ctrl+G) works in the cell being edited and says where the cursor is.
// - Escape in a cell editor leaves edit mode (after closing a widget, if one is open); in command
//   mode Ctrl+Home and the arrow keys move between cells and Enter edits the focused one.

export type SquiggleSeverity = 'error' | 'warning' | 'info';

export class NotebookEditor {
  readonly page: Page;

  constructor(readonly workbench: Workbench) {
    this.page = workbench.page;
  }

  /** Opens a workspace notebook with Quick Open and waits for its cells. */
  async open(fileName: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(fileName);
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: fileName }).waitFor({ timeout: 30_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: 30_000 });
    await this.page.locator('.notebookOverlay .monaco-list-row.code-cell-row .monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
  }

  /** The row of cell `index` (0-based, every cell counted); it exists only while near the viewport. */
  cell(index: number): Locator {
    return this.page.locator(`.notebookOverlay .monaco-list-row[data-index="${index}"]`);
  }

  /** The focused cell as the status bar shows it: 0-based index and the number of cells. */
  async activeCell(): Promise<{ index: number; count: number }> {
    const text = await this.page.locator('[id="notebook.activeCellStatus"]').innerText();
    const match = /Cell (\d+) of (\d+)/.exec(text);
    if (!match) throw new Error(`no "Cell N of M" in the status bar: "${text}"`);
    return { index: Number(match[1]) - 1, count: Number(match[2]) };
  }

  /** Whether the keyboard focus is in a cell's editor (edit mode). */
  private async editing(): Promise<boolean> {
    return (await this.page.locator('.notebookOverlay .cell-list-container .monaco-editor :focus').count()) > 0;
  }

  /** Keyboard focus on the notebook's cell list (command mode), from wherever it is. */
  async commandMode(): Promise<void> {
    await this.page.keyboard.press('Control+1');
    await poll(
      'the notebook in command mode',
      async () => {
        // The first Escape may only close a hover or a menu; the next leaves the cell editor.
        if (await this.editing()) await this.page.keyboard.press('Escape');
        return this.page.locator('.notebookOverlay .cell-list-container > .monaco-list:focus').count();
      },
      (focused) => focused === 1,
      10_000,
    );
  }

  /** Edit mode in cell `index`: moves there from the first cell with the arrow keys, then Enter. */
  async editCell(index: number): Promise<void> {
    await this.commandMode();
    // Under load the list may take the key before it has the focus: pressed again until it moves.
    let pressedAt = 0;
    await poll(
      'the first cell focused',
      async () => {
        if (Date.now() - pressedAt > 1_000) {
          await this.commandMode();
          await this.page.keyboard.press('Control+Home');
          pressedAt = Date.now();
        }
        return this.activeCell();
      },
      (cell) => cell.index === 0,
      20_000,
    );
    for (let step = 0; step < index; step++) await this.page.keyboard.press('ArrowDown');
    await poll(`cell ${index + 1} focused`, () => this.activeCell(), (cell) => cell.index === index, 10_000);
    await this.page.keyboard.press('Enter');
    await this.cell(index).locator('.monaco-editor.focused').waitFor({ timeout: 10_000 });
  }

  /** The cursor in the cell being edited, 1-based, as Go to Line (Ctrl+G) tells it. */
  async cursor(): Promise<{ line: number; column: number }> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const said = await poll(
      'Go to Line to say where the cursor is',
      () => this.page.locator('.quick-input-widget .quick-input-list').innerText(),
      (text) => /Current Line: \d+, Character: \d+/.test(text),
      10_000,
    );
    await this.page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden' });
    const match = /Current Line: (\d+), Character: (\d+)/.exec(said)!;
    return { line: Number(match[1]), column: Number(match[2]) };
  }

  /** The cursor to `line`:`column` (1-based) of cell `index`, in edit mode. */
  async goTo(index: number, line: number, column: number): Promise<void> {
    await this.editCell(index);
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    await poll(`the cursor at ${line}:${column} of cell ${index + 1}`, () => this.cursor(), (at) => at.line === line && at.column === column, 10_000);
  }

  /** Waits for a squiggle of this severity on the cursor's line of cell `index`. */
  async squiggleAtCursor(index: number, severity: SquiggleSeverity, timeoutMs = 10_000): Promise<void> {
    await this.cell(index).locator(`.view-overlays > div:has(.current-line) .squiggly-${severity}`).first().waitFor({ timeout: timeoutMs });
  }

  /** How many squiggle pieces (one per line a range covers) cell `index` shows; brings it into view first. */
  async squiggleCount(index: number): Promise<number> {
    await this.editCell(index);
    return this.cell(index).locator('.view-overlays .squiggly-error, .view-overlays .squiggly-warning, .view-overlays .squiggly-info').count();
  }

  /**
   * The text of cell `index` as its editor shows it, lines in order. Assumes no word wrap, no
   * rendered whitespace and no inlay hints (they are text of the line as the editor renders it).
   */
  async cellText(index: number): Promise<string> {
    await this.editCell(index);
    const lines = await this.cell(index)
      .locator('.view-lines .view-line')
      .evaluateAll((elements) => elements.map((line) => ({ style: line.getAttribute('style') ?? '', text: line.textContent ?? '' })));
    const top = (style: string): number => Number(/top:\s*([\d.]+)px/.exec(style)?.[1] ?? NaN);
    return lines
      .sort((a, b) => top(a.style) - top(b.style))
      .map((line) => line.text.replace(/\u00a0/g, ' '))
      .join('\n');
  }

  /** Show Hover (Ctrl+K Ctrl+I) at the cursor of the cell being edited; the text of the hover holding `expected`. */
  async hoverAtCursor(expected: string): Promise<string> {
    return this.workbench.showHover(expected);
  }

  /** Quick Fix (Ctrl+.) at the cursor of the cell being edited, then the action with this title. */
  async applyQuickFix(title: string): Promise<void> {
    await this.workbench.chooseQuickFix(title);
  }

  /** Save (Ctrl+S) with the notebook focused; the caller reads the file to see it written. */
  async save(): Promise<void> {
    await this.commandMode();
    await this.page.keyboard.press('Control+S');
  }
}
