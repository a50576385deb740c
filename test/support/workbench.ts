import type { Page } from 'playwright-core';
import * as fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

// VS Code's web workbench driven as a person does, with the keyboard and by reading what is on
// the screen. The UI updates asynchronously: every step waits for what it needs to see.

/**
 * The text of a file the editor saves, once it differs from `before` and two reads 100 ms apart
 * agree: the workbench writes a file by truncating it first, so a read in between sees it empty.
 */
export async function savedText(what: string, file: string, before: string, timeoutMs = 15_000): Promise<string> {
  const read = async () => {
    const first = fs.readFileSync(file, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 100));
    return first === fs.readFileSync(file, 'utf8') ? first : undefined;
  };
  return (await poll(what, read, (text) => text !== undefined && text !== before && text !== '', timeoutMs)) as string;
}

/** Reads until `done` holds, then returns that value; on timeout fails showing the last one read. */
export async function poll<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `the last read failed: ${String(lastError)}` : `last seen: ${JSON.stringify(last, null, 2)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One row of the Problems panel. */
export interface ProblemRow {
  code: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info' | 'unknown';
  source: string;
  message: string;
  /** The file name of the page the code links to (the diagnostic's code description). */
  page: string;
}

/** Rows by position, then code: the panel's own order depends on severity and on what it drew first. */
export function sortProblemRows<Row extends ProblemRow>(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

export class Workbench {
  constructor(readonly page: Page) {}

  /** Loads the workbench and waits until it is laid out with a folder open. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
  }

  /** Quick Open (Ctrl+P): types the name, waits for the file among the results, opens it. */
  async quickOpen(fileName: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(fileName);
    // File search runs on the server (ripgrep): Enter only once the file is the chosen row.
    const row = this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: fileName });
    await row.waitFor({ timeout: 30_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: 30_000 });
    await this.page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  /** Keyboard focus back in the editor (the Problems panel or a widget may hold it). */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Control+1');
    await this.page.locator('.monaco-editor.focused').waitFor({ timeout: 10_000 });
  }

  /** The cursor's position as the status bar shows it. */
  async cursor(): Promise<{ line: number; column: number }> {
    const text = await this.page.locator('.statusbar').innerText();
    const match = /Ln (\d+), Col (\d+)/.exec(text);
    if (!match) throw new Error(`no cursor position in the status bar: "${text}"`);
    return { line: Number(match[1]), column: Number(match[2]) };
  }

  /** Go to Line/Column (Ctrl+G), 1-based as VS Code shows them. */
  async goTo(line: number, column: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await poll(`the cursor at ${line}:${column}`, () => this.cursor(), (at) => at.line === line && at.column === column, 10_000);
  }

  /** Opens the Problems panel (Ctrl+Shift+M toggles it, so only when it is not showing). */
  async showProblems(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** The problem rows of the Problems panel (file rows left out). */
  async problems(): Promise<ProblemRow[]> {
    // Runs in the page: no helper functions inside, which the test's TypeScript transform would
    // wrap in a helper of its own that the page does not have.
    const rows = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((elements) =>
      elements.map((row) => ({
        icon: row.querySelector('.marker-icon')?.className ?? '',
        message: row.querySelector('.marker-message')?.textContent?.trim() ?? '',
        source: row.querySelector('.marker-source')?.textContent?.trim() ?? '',
        code: row.querySelector('.marker-code')?.textContent?.trim() ?? '',
        position: row.querySelector('.marker-line')?.textContent?.trim() ?? '',
        link: row.querySelector('.marker-code')?.closest('a')?.getAttribute('href') ?? '',
      })),
    );
    const problems: ProblemRow[] = [];
    for (const row of rows) {
      const position = /^\[Ln (\d+), Col (\d+)\]$/.exec(row.position);
      if (!position) continue;
      const severity = (['error', 'warning', 'info'] as const).find((name) => row.icon.split(/\s+/).includes(name)) ?? 'unknown';
      problems.push({
        code: row.code,
        line: Number(position[1]),
        column: Number(position[2]),
        severity,
        source: row.source,
        message: row.message,
        page: row.link.split('/').pop() ?? '',
      });
    }
    return problems;
  }

  /**
   * The problem rows, in sortProblemRows order, once they are `want`. The panel redraws in steps
   * after the diagnostics change, so one read can catch old and new rows together: wait for the
   * whole list, not for one sign of the change. When it never matches, returns the last rows read,
   * so that the caller's assertion shows the difference.
   */
  async problemsWhenEqual(want: readonly ProblemRow[], timeoutMs: number): Promise<ProblemRow[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = sortProblemRows(await this.problems());
      if (isDeepStrictEqual(rows, want) || Date.now() > deadline) return rows;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** The file rows of the Problems panel: the name each group of problems is listed under, and its count badge. */
  async problemFiles(): Promise<Array<{ name: string; count: number }>> {
    const rows = await this.page.locator('.markers-panel .monaco-list-row:has(.resource-label-container)').evaluateAll((elements) =>
      elements.map((row) => ({
        name: row.querySelector('.label-name')?.textContent?.trim() ?? '',
        count: row.querySelector('.monaco-count-badge')?.textContent?.trim() ?? '',
      })),
    );
    return rows.map((row) => ({ name: row.name, count: Number(row.count) }));
  }

  /** Opens a Problems row as a person does (select it, Enter): the editor shows the problem's range with the cursor in it. */
  async openProblem(row: Pick<ProblemRow, 'code' | 'message'>): Promise<void> {
    await this.showProblems();
    const element = this.page.locator('.markers-panel .monaco-list-row', { has: this.page.locator('.marker-code', { hasText: row.code }) }).filter({ hasText: row.message });
    await element.first().click();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.monaco-editor.focused').waitFor({ timeout: 10_000 });
  }

  /** Show Hover (Ctrl+K Ctrl+I) at the cursor; returns the text of the hover that contains `expected`. */
  async hoverAtCursor(expected: string): Promise<string> {
    await this.focusEditor();
    return this.showHover(expected);
  }

  /** Show Hover (Ctrl+K Ctrl+I) in the editor that has the keyboard focus, as hoverAtCursor. */
  async showHover(expected: string): Promise<string> {
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-hover', { hasText: expected }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    return hover.innerText();
  }

  /** Quick Fix (Ctrl+.) at the cursor, then the action with this title, chosen with the arrow keys and Enter. */
  async applyQuickFix(title: string): Promise<void> {
    await this.focusEditor();
    await this.chooseQuickFix(title);
  }

  /** Quick Fix (Ctrl+.) in the editor that has the keyboard focus, as applyQuickFix. */
  async chooseQuickFix(title: string): Promise<void> {
    await this.page.keyboard.press('Control+.');
    const actions = this.page.locator('.action-widget .monaco-list-row.action');
    await actions.first().waitFor({ state: 'visible', timeout: 15_000 });
    const offered = await actions.evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
    if (!offered.includes(title)) throw new Error(`no quick fix "${title}" offered; the menu held: ${JSON.stringify(offered)}`);
    for (let step = 0; step < offered.length; step++) {
      const focused = await this.page.locator('.action-widget .monaco-list-row.action.focused').getAttribute('aria-label');
      if (focused === title) break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
  }

  /** Types `prefix`, opens the completion list (Ctrl+Space) and accepts the row whose label holds `rowLabel`. */
  async complete(prefix: string, rowLabel: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.type(prefix);
    await this.page.keyboard.press('Control+Space');
    // A row's aria-label reads "label, description, kind": "pipeline, Spark ML pipeline, Snippet".
    const byLabel = this.page.locator(`.suggest-widget .monaco-list-row[aria-label*="${rowLabel}"]`).first();
    try {
      await byLabel.waitFor({ state: 'visible', timeout: 15_000 });
    } catch {
      const offered = await this.page.locator('.suggest-widget .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
      throw new Error(`no completion "${rowLabel}" for "${prefix}"; the list held: ${JSON.stringify(offered)}`);
    }
    await byLabel.click();
    await this.page.locator('.suggest-widget.visible').waitFor({ state: 'hidden' });
  }

  /** Leaves snippet mode or closes a widget. */
  async escape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** Save (Ctrl+S); the caller reads the file to see it written. */
  async save(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
  }

  /** Runs a command from the Command Palette (F1) by its title as the palette shows it ("mltraps: Check My Answers"). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor({ timeout: 15_000 });
    await this.page.keyboard.press('Enter');
  }

  /** In the open quick pick: filters by `filter`, waits until the focused row holds `label`, accepts it. */
  async pickQuickItem(filter: string, label = filter): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(filter);
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first().waitFor({ timeout: 15_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** The text of the notification toasts showing now. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }

  /**
   * The rows of a view's tree (label and description, as shown) in the view whose header reads
   * `viewTitle`. The list renders only the rows in sight, so the rows are read as a person would
   * with the keyboard: focus the view ("Focus on <view> View"), Home, then Down row by row.
   */
  async treeRows(viewTitle: string): Promise<string[]> {
    await this.runCommand(`Focus on ${viewTitle} View`);
    const pane = this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: viewTitle }) }).first();
    const focused = pane.locator('.monaco-list-rows > .monaco-list-row.focused');
    // The view has the keyboard focus but no row yet: Home focuses the first.
    await pane.locator('.monaco-list:focus-within').first().waitFor({ timeout: 15_000 });
    await this.page.keyboard.press('Home');
    await focused.first().waitFor({ timeout: 15_000 });
    const read = async () => {
      const index = await focused.first().getAttribute('data-index');
      const label = ((await focused.first().locator('.label-name').first().textContent()) ?? '').trim();
      const description = ((await focused.first().locator('.label-description').first().textContent().catch(() => '')) ?? '').trim();
      return { index, text: description === '' ? label : `${label} — ${description}` };
    };
    const rows: string[] = [];
    let last: string | null = null;
    for (let step = 0; step < 500; step++) {
      const row = await poll('the next focused row', read, (seen) => seen.index !== last, 5_000).catch(() => undefined);
      if (!row) break;
      rows.push(row.text);
      last = row.index;
      await this.page.keyboard.press('ArrowDown');
    }
    return rows;
  }

  /** Closes notification toasts (a welcome or a recommendation) that could cover the editor. */
  async dismissNotifications(): Promise<void> {
    const toasts = this.page.locator('.notification-toast');
    if ((await toasts.count()) === 0) return;
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Notifications: Clear All Notifications');
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Clear All Notifications' }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await toasts.first().waitFor({ state: 'detached', timeout: 10_000 });
  }
}
