import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXAM_DOMAIN_WEIGHTS, type ExamDomain } from '../../rules/engine/types';
import { type PracticeNotebook, practiceNotebookForFile, practiceNotebooks } from '../../rules/practice/notebooks';
import { formatPracticeResult, type PracticeResult, practiceScoreLine } from '../../rules/practice/result';
import type { PracticeProgress } from './progress';

/**
 * "Open Practice Notebook", "Check My Answers" and "Reset Practice Progress". The notebooks
 * ship in the extension's examples/ folder; the check runs in the language server
 * (`mltraps/practiceCheck`), which has the engine.
 *
 * A practice notebook opens as an untitled Python document holding its Databricks source
 * export (the `.py` form, also for the notebook that has a `.ipynb` twin): an untitled text
 * document is synced to the server by every editor, code-server included, and needs neither a
 * Jupyter kernel nor the notebook serializer; the cells stay visible as `# COMMAND ----------`
 * and the findings, quick fixes and hovers are the same as in the notebook.
 */

const CHECK_REQUEST = 'mltraps/practiceCheck';

interface HostCell {
  kind: 'code' | 'markdown' | 'raw';
  text: string;
}

type CheckAnswer = { result: PracticeResult } | { error: string };

interface NotebookItem extends vscode.QuickPickItem {
  notebook?: PracticeNotebook;
}

export class PracticeCommands {
  /** Which practice notebook each opened copy (an untitled document's URI) is. */
  private readonly copies = new Map<string, string>();
  private channel: vscode.OutputChannel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly progress: PracticeProgress,
    private readonly client: () => LanguageClient | undefined,
  ) {}

  dispose(): void {
    this.channel?.dispose();
  }

  private output(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel('mltraps practice');
    return this.channel;
  }

  /** The notebooks grouped by exam domain, the heavier domains first. */
  private items(): NotebookItem[] {
    const weight = (domain: string) => EXAM_DOMAIN_WEIGHTS[domain as ExamDomain] ?? 0;
    const domains = [...new Set(practiceNotebooks.map((notebook) => notebook.domain))].sort((a, b) => weight(b) - weight(a));
    return domains.flatMap((domain) => [
      { label: `${domain} (${weight(domain)} % of the exam)`, kind: vscode.QuickPickItemKind.Separator },
      ...practiceNotebooks
        .filter((notebook) => notebook.domain === domain)
        .map((notebook) => ({ label: notebook.title, description: `${notebook.traps} traps`, detail: notebook.file, notebook })),
    ]);
  }

  private async pick(placeHolder: string): Promise<PracticeNotebook | undefined> {
    const picked = await vscode.window.showQuickPick(this.items(), { placeHolder, matchOnDetail: true });
    return picked?.notebook;
  }

  async open(): Promise<void> {
    const notebook = await this.pick('Practice notebook to open (a copy: edit it freely)');
    if (!notebook) return;
    let content: string;
    try {
      content = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'examples', notebook.file)));
    } catch (error) {
      void vscode.window.showErrorMessage(`mltraps: cannot read the practice notebook ${notebook.file}: ${String(error)}`);
      return;
    }
    const document = await vscode.workspace.openTextDocument({ language: 'python', content });
    this.copies.set(document.uri.toString(), notebook.name);
    await vscode.window.showTextDocument(document);
    void vscode.window.showInformationMessage(`Practice: "${notebook.title}" hides ${notebook.traps} traps. Fix them, then run "mltraps: Check My Answers".`);
    // Its traps are met now: the answer key of an untouched copy lists them.
    const answer = await this.request(notebook, [{ kind: 'code', text: content }], false);
    if (answer && 'result' in answer) await this.progress.record(answer.result.remaining.map((trap) => trap.ruleId));
  }

  private async request(notebook: PracticeNotebook, cells: HostCell[], jupyter: boolean): Promise<CheckAnswer | undefined> {
    const client = this.client();
    if (!client?.isRunning()) return undefined;
    return client.sendRequest<CheckAnswer>(CHECK_REQUEST, { notebook: notebook.name, cells, jupyter });
  }

  /** The learner's document: the active text editor's, or the active notebook's cells. */
  private activeCopy(): { uri: vscode.Uri; cells: HostCell[]; jupyter: boolean } | undefined {
    const notebookEditor = vscode.window.activeNotebookEditor;
    const textEditor = vscode.window.activeTextEditor;
    if (textEditor && textEditor.document.uri.scheme !== 'vscode-notebook-cell') {
      return { uri: textEditor.document.uri, cells: [{ kind: 'code', text: textEditor.document.getText() }], jupyter: false };
    }
    if (notebookEditor) {
      const cells = notebookEditor.notebook.getCells().map((cell) => ({ kind: cell.kind === vscode.NotebookCellKind.Code ? ('code' as const) : ('markdown' as const), text: cell.document.getText() }));
      return { uri: notebookEditor.notebook.uri, cells, jupyter: true };
    }
    return undefined;
  }

  /** Which notebook a copy is: the one opened here, else its file name, else its title line, else the learner says. */
  private async notebookOf(uri: vscode.Uri, cells: readonly HostCell[]): Promise<PracticeNotebook | undefined> {
    const opened = this.copies.get(uri.toString());
    const known = practiceNotebooks.find((notebook) => notebook.name === opened) ?? (uri.scheme === 'untitled' ? undefined : practiceNotebookForFile(uri.path));
    if (known) return known;
    const text = cells.map((cell) => cell.text).join('\n');
    const titled = practiceNotebooks.filter((notebook) => text.includes(`# ${notebook.title}`));
    if (titled.length === 1) return titled[0];
    return this.pick('Which practice notebook is this a copy of?');
  }

  async check(): Promise<void> {
    const copy = this.activeCopy();
    if (!copy) {
      void vscode.window.showWarningMessage('mltraps: open your copy of a practice notebook first ("mltraps: Open Practice Notebook").');
      return;
    }
    const notebook = await this.notebookOf(copy.uri, copy.cells);
    if (!notebook) return;
    let answer: CheckAnswer | undefined;
    try {
      answer = await this.request(notebook, copy.cells, copy.jupyter);
    } catch (error) {
      answer = { error: String(error) };
    }
    if (!answer) {
      void vscode.window.showErrorMessage('mltraps: the language server is not running; try "mltraps: Restart Server".');
      return;
    }
    if ('error' in answer) {
      void vscode.window.showErrorMessage(`mltraps: cannot check your answers: ${answer.error}`);
      return;
    }
    const { result } = answer;
    this.copies.set(copy.uri.toString(), notebook.name);
    await this.progress.record([...result.fixed, ...result.remaining].map((trap) => trap.ruleId), result.fixed.map((trap) => trap.ruleId));
    const channel = this.output();
    channel.clear();
    channel.append(formatPracticeResult(result));
    channel.show(true);
    const score = practiceScoreLine(result);
    if (result.complete) void vscode.window.showInformationMessage(score);
    else void vscode.window.showWarningMessage(score);
  }

  async reset(): Promise<void> {
    const answer = await vscode.window.showWarningMessage('Reset your mltraps practice progress (every trap back to "not met yet")?', { modal: true }, 'Reset');
    if (answer !== 'Reset') return;
    await this.progress.reset();
    void vscode.window.showInformationMessage('mltraps: practice progress reset.');
  }
}
