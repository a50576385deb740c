import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { findRule } from '../rules';
import { applyEdits } from '../rules/engine/edits';
import { rulePageFileName } from '../rules/engine/ruleDocs';
import type { Finding } from '../rules/engine/types';
import { e2eSkipReason } from './support/codeServer';
import { testLinter } from './support/linter';
import { REPO_ROOT } from './support/packageVsix';
import { poll, type ProblemRow, Workbench } from './support/workbench';
import { ARTIFACTS, startWorkbenchSession, type WorkbenchSession } from './support/workbenchSession';

// The packaged extension in real VS Code: the VSIX that `npm run package` builds, installed
// into code-server (VS Code's server and web workbench), used through Chromium as a person
// would. The steps run in order in one editor session: the quick fix changes the file that
// the snippet step then extends. Set-up: scripts/e2e/setup-code-server.sh (npm run e2e:setup).

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'five-traps.py');
const TUNING_FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'crossvalidator-grid.py');
const TUNING_FILE = 'tuning.py';
const NOTEBOOK = 'churn_training.py';
const EXPECTED_CODES = ['MLT101', 'MLT102', 'MLT201', 'MLT302', 'MLT601'];
const SCREENSHOT = path.join(ARTIFACTS, 'e2e-editor.png');
const HOVER_SCREENSHOT = path.join(ARTIFACTS, 'e2e-hover.png');

const USER_SETTINGS = {
  // The notebook's long last line wraps, so the screenshot shows all of its squiggle.
  'editor.wordWrap': 'on',
};

interface Snippet {
  prefix: string;
  body: string[];
}

/** The text of a snippet accepted with every default: `${1:plan}` -> plan, `$0` -> nothing (all the pipeline snippet uses). */
function acceptedSnippet(snippet: Snippet): string {
  return snippet.body
    .join('\n')
    .replace(/\$\{\d+:([^}$]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

/** What the Problems panel must show for these findings, in the panel's order (it lists no hints). */
function expectedRows(findings: readonly Finding[]): ProblemRow[] {
  return sortRows(
    findings
      .filter((finding) => finding.severity !== 'hint')
      .map((finding) => ({
        code: finding.ruleId,
        line: finding.start.line + 1,
        column: finding.start.character + 1,
        severity: finding.severity === 'information' ? 'info' : (finding.severity as 'error' | 'warning'),
        source: 'mltraps',
        message: finding.message,
        page: rulePageFileName(findRule(finding.ruleId)!),
      })),
  );
}

function sortRows(rows: readonly ProblemRow[]): ProblemRow[] {
  return [...rows].sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

async function lint(text: string): Promise<Finding[]> {
  return (await testLinter()).lintText(`file:///workspace/${NOTEBOOK}`, text).findings;
}

describe('VS Code in Chromium (code-server) with the packaged extension', function () {
  this.timeout(180_000);

  let session: WorkbenchSession | undefined;
  let page: Page;
  let workbench: Workbench;
  let notebookPath: string;
  let original: string;
  let findings: Finding[];

  before(async function () {
    const skipReason = e2eSkipReason();
    if (skipReason) {
      console.log(`    skipped: ${skipReason}`);
      this.skip();
    }
    this.timeout(600_000);
    original = fs.readFileSync(FIXTURE, 'utf8');
    findings = await lint(original);
    assert.deepEqual([...new Set(findings.map((finding) => finding.ruleId))].sort(), EXPECTED_CODES, 'the fixture has one trap of each rule');

    // The tuning file, unopened, adds no Problems rows.
    session = await startWorkbenchSession({
      files: { [NOTEBOOK]: original, [TUNING_FILE]: fs.readFileSync(TUNING_FIXTURE, 'utf8') },
      settings: USER_SETTINGS,
      artifactName: 'e2e',
    });
    ({ page, workbench } = session);
    notebookPath = path.join(session.workspace, NOTEBOOK);
    try {
      await workbench.quickOpen(NOTEBOOK);
    } catch (error) {
      await session.saveFailureScreenshot('open-the-notebook');
      throw error;
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !session) return;
    await session.saveFailureScreenshot((this.currentTest.title.match(/[a-z0-9]+/gi) ?? ['step']).slice(0, 6).join('-'));
  });

  after(async function () {
    this.timeout(60_000);
    await session?.close();
  });

  it('activates on the notebook, underlines the traps and lists each finding in the Problems panel', async () => {
    // Squiggles are the first sign the language server runs: wait for the extension's activation here.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 120_000 });
    await poll('the status bar to show the Python language mode', () => page.locator('.statusbar').innerText(), (text) => /\bPython\b/.test(text), 10_000);

    await workbench.showProblems();
    const want = expectedRows(findings);
    const rows = await poll('the Problems panel to list every finding', () => workbench.problems(), (seen) => seen.length >= want.length, 60_000);
    assert.deepEqual(sortRows(rows), want);
    assert.deepEqual([...new Set(rows.map((row) => row.code))].sort(), EXPECTED_CODES);

    // Each finding's line carries a squiggle of its severity where the cursor stands on it.
    for (const finding of findings) {
      await workbench.goTo(finding.start.line + 1, finding.start.character + 1);
      const squiggle = finding.severity === 'error' ? '.squiggly-error' : '.squiggly-warning';
      await page.locator(`.view-overlays > div:has(.current-line) ${squiggle}`).first().waitFor({ timeout: 10_000 });
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it("shows the rule's card when hovering a flagged range", async () => {
    const finding = findings.find((candidate) => candidate.ruleId === 'MLT601')!;
    const rule = findRule('MLT601')!;
    await workbench.goTo(finding.start.line + 1, finding.start.character + 3);
    const title = `${rule.meta.id} ${rule.meta.name}`;
    const hover = await workbench.hoverAtCursor(title);
    assert.ok(hover.includes(finding.message), `the hover shows the finding's message:\n${hover}`);
    assert.ok(hover.includes(`${title} (${rule.meta.severity}) — ${rule.meta.title}`), `the hover shows the card's title line:\n${hover}`);
    // The card's sections as rendered text (markdown's ** and ` are gone).
    const trapStart = rule.docs.trap.split(/[`*_[]/)[0].slice(0, 60);
    assert.ok(hover.includes(`Trap: ${trapStart}`), `the hover shows the trap "${trapStart}...":\n${hover}`);
    assert.ok(hover.includes('Reality:') && hover.includes('Correct pattern:') && hover.includes('Fix:'), `the hover shows the whole card:\n${hover}`);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: HOVER_SCREENSHOT });
    await workbench.escape();
  });

  it('applies the quick fix (Ctrl+.): the text changes as the rule fixes it and the finding leaves the Problems panel', async () => {
    const finding = findings.find((candidate) => candidate.ruleId === 'MLT601')!;
    const [fix] = finding.fixes;
    assert.ok(fix, 'MLT601 offers a fix here');
    const fixed = applyEdits(original, fix.edits);
    assert.notEqual(fixed, original);

    await workbench.goTo(finding.start.line + 1, finding.start.character + 3);
    await workbench.applyQuickFix(fix.title);
    await workbench.save();
    const saved = await poll('the saved notebook to change', async () => fs.readFileSync(notebookPath, 'utf8'), (text) => text !== original, 15_000);
    assert.equal(saved, fixed);

    const want = expectedRows(await lint(fixed));
    assert.ok(!want.some((row) => row.code === 'MLT601'));
    await workbench.showProblems();
    const rows = await poll('MLT601 to leave the Problems panel', () => workbench.problems(), (seen) => !seen.some((row) => row.code === 'MLT601'), 30_000);
    assert.deepEqual(sortRows(rows), want);
  });

  it('inserts the pipeline snippet from the completion list', async () => {
    const snippets = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', 'python.json'), 'utf8')) as Record<string, Snippet>;
    const snippet = snippets['Spark ML pipeline'];
    const inserted = acceptedSnippet(snippet);
    assert.match(inserted, /VectorAssembler\(/);
    const before = fs.readFileSync(notebookPath, 'utf8');
    assert.ok(before.endsWith('\n'), 'the notebook ends with a newline, so Ctrl+End lands on an empty line');

    await workbench.focusEditor();
    await page.keyboard.press('Control+End');
    const lastLine = before.split('\n').length;
    await poll('the cursor on the empty last line', () => workbench.cursor(), (at) => at.line === lastLine && at.column === 1, 10_000);
    await workbench.complete(snippet.prefix, `${snippet.prefix}, Spark ML pipeline`);
    await workbench.escape();
    await workbench.save();
    const saved = await poll('the saved notebook to change', async () => fs.readFileSync(notebookPath, 'utf8'), (text) => text !== before, 15_000);
    assert.equal(saved, before + inserted);

    // The snippet is the trap-free pattern: the Problems panel gains nothing.
    const want = expectedRows(await lint(saved));
    const rows = await poll('the Problems panel after the snippet', () => workbench.problems(), (seen) => seen.length === want.length, 30_000);
    assert.deepEqual(sortRows(rows), want);
  });

  it('writes the model count after a CrossValidator call as an inlay hint', async () => {
    // A file of its own: the steps above count the notebook's findings in the Problems panel.
    await workbench.quickOpen(TUNING_FILE);
    // Inlay hints are injected text: VS Code renders them inside the line, as text of the view.
    const lines = page.locator('.monaco-editor .view-lines', { hasText: 'CrossValidator(estimator=lr' });
    const text = await poll(
      'the inlay hint after CrossValidator(...)',
      async () => (await lines.first().innerText()).replace(/\u00a0/g, ' '),
      (shown) => shown.includes('3 folds x 12 = 36 models'),
      60_000,
    );
    assert.match(text, /numFolds=3\)\s*3 folds x 12 = 36 models/);
  });
});
