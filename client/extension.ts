import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { RuleCatalogueEntry } from '../rules/engine/ruleDocs';
import { SERVER_NODE_FLAGS } from '../server/nodeFlags';
import { PracticeCommands } from './practice/commands';
import { PracticeProgress } from './practice/progress';
import { ExamTrapsTree } from './practice/treeView';

// The VS Code side of mltraps: starts the bundled language server, adds its commands and the
// practice loop (client/practice/: practice notebooks, Check My Answers, the Exam traps view).
// Activation stays small: the rule catalogue is loaded only when its quick pick opens.

let client: LanguageClient | undefined;

function createClient(context: vscode.ExtensionContext, outputChannel: vscode.OutputChannel): LanguageClient {
  // dist/server.js through V8's code cache (server/startServer.ts).
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'startServer.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // The cells of a Jupyter notebook are documents of their own (scheme vscode-notebook-cell):
    // the notebook filter gives them hovers and code actions, and once the server declares
    // notebookDocumentSync the client sends them as notebookDocument/* rather than one by one.
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { notebook: 'jupyter-notebook', language: 'python' },
    ],
    outputChannel,
  };
  return new LanguageClient('mltraps', 'mltraps', serverOptions, clientOptions);
}

async function restartServer(context: vscode.ExtensionContext, outputChannel: vscode.OutputChannel): Promise<void> {
  try {
    if (client?.isRunning()) await client.restart();
    else {
      await client?.dispose().catch(() => undefined);
      client = createClient(context, outputChannel);
      await client.start();
    }
  } catch (error) {
    outputChannel.appendLine(`mltraps: restarting the server failed: ${String(error)}`);
    void vscode.window.showErrorMessage('mltraps: the language server could not be restarted; see the "mltraps" output.');
  }
}

interface RuleItem extends vscode.QuickPickItem {
  pageFileName: string;
}

/** The rules as docs/rules/index.json lists them (generated with the pages; the client does not bundle the engine). */
async function ruleItems(context: vscode.ExtensionContext): Promise<RuleItem[]> {
  const catalogue = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', 'index.json');
  const entries = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(catalogue))) as RuleCatalogueEntry[];
  return entries.map((entry) => ({
    label: `${entry.id} ${entry.name}`,
    description: entry.title,
    detail: `${entry.area} · ${entry.severity}`,
    pageFileName: entry.page,
  }));
}

/** Quick pick of every rule (or the rule given by id or name), then its page in markdown preview. */
async function showRuleDocumentation(context: vscode.ExtensionContext, ruleIdOrName?: unknown): Promise<void> {
  let items: RuleItem[];
  try {
    items = await ruleItems(context);
  } catch (error) {
    void vscode.window.showErrorMessage(`mltraps: cannot read the rule list (docs/rules/index.json): ${String(error)}`);
    return;
  }
  const key = typeof ruleIdOrName === 'string' ? ruleIdOrName.trim() : '';
  const picked =
    items.find((item) => key !== '' && item.label.split(' ').some((part) => part.toLowerCase() === key.toLowerCase())) ??
    (await vscode.window.showQuickPick(items, { placeHolder: 'mltraps rule', matchOnDescription: true, matchOnDetail: true }));
  if (!picked) return;
  const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', picked.pageFileName);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showErrorMessage(`mltraps: no documentation page ${picked.pageFileName} in this installation.`);
    return;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch {
    await vscode.window.showTextDocument(page, { preview: true });
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const outputChannel = vscode.window.createOutputChannel('mltraps');
  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand('mltraps.restartServer', () => restartServer(context, outputChannel)),
    vscode.commands.registerCommand('mltraps.showRuleDocumentation', (rule?: unknown) => showRuleDocumentation(context, rule)),
  );
  const progress = new PracticeProgress(context.globalState);
  const tree = new ExamTrapsTree(context.extensionUri, progress);
  const practice = new PracticeCommands(context.extensionUri, progress, () => client);
  context.subscriptions.push(
    practice,
    progress.onDidChange(() => tree.refresh()),
    vscode.window.registerTreeDataProvider('mltraps.examTraps', tree),
    vscode.commands.registerCommand('mltraps.openPracticeNotebook', () => practice.open()),
    vscode.commands.registerCommand('mltraps.checkMyAnswers', () => practice.check()),
    vscode.commands.registerCommand('mltraps.resetPracticeProgress', () => practice.reset()),
  );
  try {
    client = createClient(context, outputChannel);
    await client.start();
  } catch (error) {
    outputChannel.appendLine(`mltraps: the language server did not start: ${String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
