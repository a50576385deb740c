import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { findRule } from '../../rules';
import { hoverCard, rulePageFileName } from '../../rules/engine/ruleDocs';

// Runs inside VS Code's extension host, with the repository as the extension under development
// and a workspace holding a copy of test/fixtures/five-traps.py (scripts/run-vscode-tests.ts).

const EXTENSION_ID = 'mltraps.mltraps';
const NOTEBOOK = 'five-traps.py';
const CODES = ['MLT101', 'MLT102', 'MLT201', 'MLT302', 'MLT601'];
const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  MLT101: vscode.DiagnosticSeverity.Error,
  MLT102: vscode.DiagnosticSeverity.Error,
  MLT201: vscode.DiagnosticSeverity.Warning,
  MLT302: vscode.DiagnosticSeverity.Warning,
  MLT601: vscode.DiagnosticSeverity.Error,
};

function notebookUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code was opened on the test workspace');
  return vscode.Uri.joinPath(folder.uri, NOTEBOOK);
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

function mltrapsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'mltraps');
}

function codesOf(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map(codeOf).sort();
}

/** The document's mltraps diagnostics once their sorted codes are `expected`. */
function waitForCodes(uri: vscode.Uri, expected: string[], timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const diagnostics = mltrapsDiagnostics(uri);
      if (JSON.stringify(codesOf(diagnostics)) !== JSON.stringify(expected)) return;
      done();
      resolve(diagnostics);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`diagnostics of ${uri.fsPath}: [${codesOf(mltrapsDiagnostics(uri)).join(', ')}] after ${timeoutMs} ms, expected [${expected.join(', ')}]`));
    }, timeoutMs);
    function done(): void {
      subscription.dispose();
      clearTimeout(timer);
    }
    check();
  });
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function hoverText(hover: vscode.Hover): string {
  return hover.contents.map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
}

describe('mltraps in VS Code (extension host)', () => {
  let document: vscode.TextDocument;
  let original: string;
  let opened: vscode.Diagnostic[];

  function diagnosticFor(code: string): vscode.Diagnostic {
    const diagnostic = opened.find((candidate) => codeOf(candidate) === code);
    assert.ok(diagnostic, `a ${code} diagnostic`);
    return diagnostic;
  }

  before(async () => {
    document = await vscode.workspace.openTextDocument(notebookUri());
    original = document.getText();
    await vscode.window.showTextDocument(document);
  });

  it('activates for a Python file and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded from the development path`);
    assert.equal(document.languageId, 'python');
    // Activated by its own activation events (onLanguage:python), not by the test.
    await waitFor(() => extension.isActive, `${EXTENSION_ID} to activate`);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('mltraps.restartServer'), 'mltraps.restartServer is registered');
    assert.ok(commands.includes('mltraps.showRuleDocumentation'), 'mltraps.showRuleDocumentation is registered');
  });

  it('shows the five traps of the Databricks notebook export as diagnostics linked to the rule pages', async () => {
    opened = await waitForCodes(document.uri, CODES);
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    for (const diagnostic of opened) {
      const code = codeOf(diagnostic);
      assert.equal(diagnostic.severity, SEVERITY[code], `${code} severity`);
      assert.ok(!diagnostic.range.isEmpty, `${code} has a non-empty range`);
      assert.ok(typeof diagnostic.code === 'object', `${code} carries its rule page`);
      const page = vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules', rulePageFileName(findRule(code)!));
      assert.equal(diagnostic.code.target.fsPath, page.fsPath);
      assert.ok(fs.existsSync(page.fsPath), `${page.fsPath} exists`);
    }
  });

  it("shows the rule's card on hover over a flagged range", async () => {
    for (const code of ['MLT102', 'MLT201']) {
      const diagnostic = diagnosticFor(code);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, diagnostic.range.start);
      const text = hovers.map(hoverText).join('\n');
      assert.ok(text.includes(hoverCard(findRule(code)!)), `the ${code} card in the hover:\n${text}`);
    }
  });

  it('applies the MLT102 quick fix: the StringIndexer moves before the OneHotEncoder and the finding goes away', async () => {
    const diagnostic = diagnosticFor('MLT102');
    const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
      'vscode.executeCodeActionProvider',
      document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    // The API's CodeAction copies carry no diagnostics: the range (MLT102's alone) selects the fixes.
    const fixes = actions.filter(
      (action): action is vscode.CodeAction => action instanceof vscode.CodeAction && !!action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind),
    );
    assert.ok(fixes.length > 0, `a quick fix for MLT102 among: ${actions.map((action) => action.title).join(' | ')}`);
    const [fix] = fixes;
    assert.match(fix.title, /StringIndexer/);
    assert.ok(fix.edit, `"${fix.title}" carries an edit`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'VS Code applied the edit');

    const trapped = 'encoded_pipeline = Pipeline(stages=[encoder, indexer, assembler, lr])';
    assert.ok(original.includes(trapped));
    assert.equal(document.getText(), original.replace(trapped, 'encoded_pipeline = Pipeline(stages=[indexer, encoder, assembler, lr])'));
    await waitForCodes(document.uri, ['MLT101', 'MLT201', 'MLT302', 'MLT601']);
  });

  after(async () => {
    // Leave no dirty editor behind for VS Code's shutdown.
    if (document?.isDirty) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
