import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { allRules, findRule } from '../rules';
import { applyEdits } from '../rules/engine/edits';
import { rulePageFileName } from '../rules/engine/ruleDocs';
import type { Finding } from '../rules/engine/types';
import { findPracticeNotebook } from '../rules/practice';
import { e2eSkipReason } from './support/codeServer';
import { testLinter } from './support/linter';
import { REPO_ROOT } from './support/packageVsix';
import { poll, type ProblemRow, savedText, sortProblemRows, Workbench } from './support/workbench';
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
const PRACTICE_SCREENSHOT = path.join(ARTIFACTS, 'e2e-practice.png');
const PRACTICE = findPracticeNotebook('spark-ml')!;
const PRACTICE_FIXED_RULE = 'MLT104';

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
  return sortProblemRows(
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
    const rows = await workbench.problemsWhenEqual(want, 60_000);
    assert.deepEqual(rows, want);
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
    const saved = await savedText('the saved notebook to change', notebookPath, original);
    assert.equal(saved, fixed);

    const want = expectedRows(await lint(fixed));
    assert.ok(!want.some((row) => row.code === 'MLT601'));
    await workbench.showProblems();
    assert.deepEqual(await workbench.problemsWhenEqual(want, 30_000), want);
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
    const saved = await savedText('the saved notebook to change', notebookPath, before);
    assert.equal(saved, before + inserted);

    // The snippet is the trap-free pattern: the Problems panel gains nothing.
    const want = expectedRows(await lint(saved));
    assert.deepEqual(await workbench.problemsWhenEqual(want, 30_000), want);
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

  describe('the practice loop', () => {
    let practiceFindings: Finding[];

    before(async () => {
      const text = fs.readFileSync(path.join(REPO_ROOT, 'examples', PRACTICE.file), 'utf8');
      practiceFindings = (await testLinter()).lintText('untitled:Untitled-1', text).findings;
      assert.equal(practiceFindings.length, PRACTICE.traps);
    });

    it('opens a practice notebook from the Command Palette (quick pick by exam domain) as an untitled copy, its traps underlined', async () => {
      await workbench.runCommand('mltraps: Open Practice Notebook');
      // The quick pick groups the notebooks under their exam domain.
      await page.locator('.quick-input-list .quick-input-list-separator', { hasText: `${PRACTICE.domain} (` }).first().waitFor({ timeout: 15_000 });
      await workbench.pickQuickItem(PRACTICE.title);
      await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).waitFor({ timeout: 30_000 });
      await page.locator('.monaco-editor .view-lines', { hasText: PRACTICE.title }).first().waitFor({ timeout: 30_000 });
      const finding = practiceFindings.find((candidate) => candidate.ruleId === PRACTICE_FIXED_RULE)!;
      await workbench.goTo(finding.start.line + 1, finding.start.character + 1);
      await page.locator('.view-overlays > div:has(.current-line) .squiggly-error').first().waitFor({ timeout: 60_000 });
    });

    it('fixes one trap with its quick fix, then Check My Answers shows it fixed and the others still there, with hints', async () => {
      const finding = practiceFindings.find((candidate) => candidate.ruleId === PRACTICE_FIXED_RULE)!;
      await workbench.goTo(finding.start.line + 1, finding.start.character + 3);
      await workbench.applyQuickFix(finding.fixes[0].title);
      await workbench.dismissNotifications();

      await workbench.runCommand('mltraps: Check My Answers');
      const score = `${PRACTICE.name}: 1 of ${PRACTICE.traps} traps fixed, ${PRACTICE.traps - 1} still there.`;
      await poll('the score in a notification', () => workbench.notifications(), (shown) => shown.some((text) => text.includes(score)), 30_000);
      const output = await poll(
        'the result in the "mltraps practice" output',
        async () => (await page.locator('.part.panel .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' '),
        (text) => text.includes('Still there'),
        30_000,
      );
      const rule = findRule(PRACTICE_FIXED_RULE)!;
      assert.ok(output.includes(`✓ ${rule.meta.id} ${rule.meta.name}`), `the fixed trap is listed:\n${output}`);
      const remaining = practiceFindings.filter((candidate) => candidate.ruleId !== PRACTICE_FIXED_RULE);
      for (const left of remaining) {
        const hint = findRule(left.ruleId)!.docs.examFact.slice(0, 40);
        assert.ok(output.includes(hint), `the hint "${hint}..." of ${left.ruleId} is shown:\n${output}`);
      }
      assert.doesNotMatch(output, /line \d+/, 'no line is given away');
    });

    it('shows every rule of the domain with its status in the Exam traps view', async () => {
      await page.keyboard.press('Control+Shift+E');
      const header = page.locator('.pane-header', { hasText: 'Exam traps' }).first();
      await header.waitFor({ timeout: 15_000 });
      if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
      const domainRules = allRules.filter((rule) => rule.meta.domain === PRACTICE.domain);
      const domains = new Set(allRules.map((rule) => rule.meta.domain));
      const fixed = findRule(PRACTICE_FIXED_RULE)!;
      const met = findRule(practiceFindings.find((candidate) => candidate.ruleId !== PRACTICE_FIXED_RULE)!.ruleId)!;
      const unmet = domainRules.find((rule) => !practiceFindings.some((candidate) => candidate.ruleId === rule.meta.id))!;
      const rows = await poll(
        'the Exam traps view with the statuses',
        () => workbench.treeRows('Exam traps'),
        (seen) => seen.includes(`${fixed.meta.id} ${fixed.meta.name} — fixed`),
        30_000,
      );
      assert.ok(rows.some((row) => row.startsWith(`${PRACTICE.domain} (`) && row.endsWith(`1/${domainRules.length} fixed`)), `the domain row counts the fixed trap:\n${rows.join('\n')}`);
      assert.ok(rows.includes(`${met.meta.id} ${met.meta.name} — met`), `a trap still there is met:\n${rows.join('\n')}`);
      assert.ok(rows.includes(`${unmet.meta.id} ${unmet.meta.name} — not met yet`), `a trap of another notebook is not met yet:\n${rows.join('\n')}`);
      // Every rule, under its domain.
      assert.equal(rows.length, allRules.length + domains.size, `one row per domain and per rule:\n${rows.join('\n')}`);
      await page.keyboard.press('Home');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: PRACTICE_SCREENSHOT });
    });
  });
});
