import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { findRule } from '../rules';
import { applyEdits } from '../rules/engine/edits';
import { type IpynbCell, ipynbFromCells, readIpynb } from '../rules/engine/ipynb';
import { rulePageFileName } from '../rules/engine/ruleDocs';
import type { Finding } from '../rules/engine/types';
import { readNotebookFile } from '../server/notebookFiles';
import { e2eSkipReason } from './support/codeServer';
import { testLinter } from './support/linter';
import { NotebookEditor } from './support/notebookWorkbench';
import { poll, type ProblemRow, savedText, type Workbench } from './support/workbench';
import { ARTIFACTS, startWorkbenchSession, type WorkbenchSession } from './support/workbenchSession';

// A Jupyter notebook in VS Code's notebook editor (code-server, the built-in ipynb serializer,
// no kernel) with the packaged extension: the client syncs the Python cells as one notebook
// document and the server lints them together as one program, publishing each finding on its
// cell. Set-up as for e2e.codeServer.test.ts (npm run e2e:setup).

const NOTEBOOK = 'rollout.ipynb';
const SCREENSHOT = path.join(ARTIFACTS, 'e2e-notebook.png');
const HOVER_SCREENSHOT = path.join(ARTIFACTS, 'e2e-notebook-hover.png');

/** Cell 4 does not parse; the trap of cell 5 uses names that cell 2 defines, so only a linter that reads the notebook as one program, past the broken cell, finds it. */
const CELLS: IpynbCell[] = [
  { kind: 'markdown', source: '# Churn model rollout\nTrains the pipeline, then splits the endpoint traffic.' },
  { kind: 'code', source: '%pip install databricks-sdk' },
  {
    kind: 'code',
    source: [
      'from databricks.sdk import WorkspaceClient',
      'from databricks.sdk.service.serving import Route, TrafficConfig',
      'from pyspark.ml import Pipeline',
      'from pyspark.ml.feature import OneHotEncoder, StringIndexer',
      '',
      'indexer = StringIndexer(inputCol="plan", outputCol="plan_index")',
      'encoder = OneHotEncoder(inputCol="plan_index", outputCol="plan_vec")',
    ].join('\n'),
  },
  {
    kind: 'code',
    source: [
      'routes = [',
      '    Route(served_model_name="champion", traffic_percentage=90),',
      '    Route(served_model_name="challenger", traffic_percentage=15),',
      ']',
      'WorkspaceClient().serving_endpoints.update_config(name="churn", traffic_config=TrafficConfig(routes=routes))',
    ].join('\n'),
  },
  { kind: 'code', source: 'weights = {"champion": 0.9, "challenger": 0.1\nprint(weights' },
  { kind: 'code', source: 'pipeline = Pipeline(stages=[encoder, indexer])' },
];
const TRAFFIC_CELL = 3;
const BROKEN_CELL = 4;
const PIPELINE_CELL = 5;
/** Where the hover and the quick fix are asked for: inside MLT601's range, on the challenger's share. */
const TRAFFIC_WORD = 'traffic_percentage=15';

const USER_SETTINGS = {
  // The cell text is read from the editor's lines: no whitespace dots in a selection, and no
  // inlay hints, which VS Code renders as text inside the line.
  'editor.renderWhitespace': 'none',
  'editor.inlayHints.enabled': 'off',
};

async function lint(cells: readonly IpynbCell[]): Promise<Finding[]> {
  const read = readNotebookFile(`file:///workspace/${NOTEBOOK}`, ipynbFromCells(cells));
  if (!('source' in read)) throw new Error(`the test notebook is not linted: ${read.skipped}`);
  return (await testLinter()).lintSource(read.source).findings;
}

interface CellProblemRow extends ProblemRow {
  cell: number;
}

/** What the Problems panel must show for these findings, with the cell each row opens (hints are not listed). */
function expectedRows(findings: readonly Finding[]): CellProblemRow[] {
  return sortRows(
    findings
      .filter((finding) => finding.severity !== 'hint')
      .map((finding) => ({
        cell: finding.cell!,
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

function sortRows<Row extends ProblemRow & { cell?: number }>(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => (a.cell ?? 0) - (b.cell ?? 0) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

/** The rows without their cell: what the panel's rows show. */
function withoutCells(rows: readonly CellProblemRow[]): ProblemRow[] {
  return sortRows(rows.map(({ cell: _cell, ...row }) => row));
}

/** 1-based line and column of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number; offset: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" is in the cell`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1, offset };
}

describe('VS Code in Chromium (code-server): a Jupyter notebook with the packaged extension', function () {
  this.timeout(180_000);

  let session: WorkbenchSession | undefined;
  let page: Page;
  let workbench: Workbench;
  let notebook: NotebookEditor;
  let notebookPath: string;
  let findings: Finding[];
  let trafficFinding: Finding;

  before(async function () {
    const skipReason = e2eSkipReason();
    if (skipReason) {
      console.log(`    skipped: ${skipReason}`);
      this.skip();
    }
    this.timeout(600_000);
    findings = await lint(CELLS);
    assert.deepEqual(
      findings.map((finding) => [finding.ruleId, finding.cell]),
      [
        ['MLT601', TRAFFIC_CELL],
        ['MLT102', PIPELINE_CELL],
      ],
      'the notebook has a traffic split trap, and a pipeline trap after the cell that does not parse',
    );
    trafficFinding = findings[0];
    const brokenTree = (await testLinter()).parser.parse(CELLS[BROKEN_CELL].source);
    try {
      assert.ok(brokenTree.rootNode.hasError && BROKEN_CELL < PIPELINE_CELL, 'the cell before the pipeline trap does not parse');
    } finally {
      brokenTree.delete();
    }

    session = await startWorkbenchSession({ files: { [NOTEBOOK]: ipynbFromCells(CELLS) }, settings: USER_SETTINGS, artifactName: 'e2e-notebook' });
    ({ page, workbench } = session);
    notebook = new NotebookEditor(workbench);
    notebookPath = path.join(session.workspace, NOTEBOOK);
    try {
      await notebook.open(NOTEBOOK);
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

  it('underlines each trap in its own cell; the cell that does not parse hides nothing after it', async () => {
    // The extension activates on the notebook's Python cells: the first squiggle shows it runs.
    await page.locator('.notebookOverlay .squiggly-error').first().waitFor({ timeout: 120_000 });
    assert.equal((await notebook.activeCell()).count, CELLS.length, 'the notebook editor shows every cell');

    for (const finding of findings) {
      await notebook.goTo(finding.cell!, finding.start.line + 1, finding.start.character + 1);
      await notebook.squiggleAtCursor(finding.cell!, finding.severity === 'error' ? 'error' : 'warning', 30_000);
    }
    const flagged = new Set(findings.map((finding) => finding.cell));
    for (const [index, cell] of CELLS.entries()) {
      if (cell.kind !== 'code' || flagged.has(index)) continue;
      assert.equal(await notebook.squiggleCount(index), 0, `cell ${index + 1} has no squiggle`);
    }
    // The broken cell and the trap after it, in view.
    await notebook.editCell(PIPELINE_CELL);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('lists the findings under the notebook in the Problems panel; each row opens its cell at the finding', async () => {
    await workbench.showProblems();
    const want = expectedRows(findings);
    assert.deepEqual(await workbench.problemsWhenEqual(withoutCells(want), 60_000), withoutCells(want));
    assert.deepEqual(await workbench.problemFiles(), [{ name: NOTEBOOK, count: want.length }], 'one group: the notebook, not a cell each');

    for (const row of want) {
      await workbench.openProblem(row);
      assert.equal((await notebook.activeCell()).index, row.cell, `${row.code} opens cell ${row.cell + 1}`);
      const finding = findings.find((candidate) => candidate.ruleId === row.code)!;
      const at = await notebook.cursor();
      const inRange =
        (at.line > finding.start.line + 1 || (at.line === finding.start.line + 1 && at.column >= finding.start.character + 1)) &&
        (at.line < finding.end.line + 1 || (at.line === finding.end.line + 1 && at.column <= finding.end.character + 1));
      assert.ok(inRange, `${row.code}: the cursor ${at.line}:${at.column} is in the finding's range`);
    }
  });

  it("shows the finding's message and the rule's card when hovering the trap in its cell", async () => {
    const rule = findRule('MLT601')!;
    const word = positionOf(CELLS[TRAFFIC_CELL].source, TRAFFIC_WORD);
    assert.ok(word.offset >= trafficFinding.range.start && word.offset < trafficFinding.range.end, 'the word is inside the flagged range');
    await notebook.goTo(TRAFFIC_CELL, word.line, word.column + 2);

    const title = `${rule.meta.id} ${rule.meta.name}`;
    const hover = await notebook.hoverAtCursor(title);
    assert.ok(hover.includes(trafficFinding.message), `the hover shows the finding's message:\n${hover}`);
    assert.ok(hover.includes(`${title} (${rule.meta.severity}) — ${rule.meta.title}`), `the hover shows the card's title line:\n${hover}`);
    const trapStart = rule.docs.trap.split(/[`*_[]/)[0].slice(0, 60);
    assert.ok(hover.includes(`Trap: ${trapStart}`), `the hover shows the trap "${trapStart}...":\n${hover}`);
    assert.ok(hover.includes('Reality:') && hover.includes('Correct pattern:') && hover.includes('Fix:'), `the hover shows the whole card:\n${hover}`);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: HOVER_SCREENSHOT });
  });

  it("applies the quick fix (Ctrl+.) in the cell: only that cell's text changes, the finding leaves, the saved notebook holds the fix", async () => {
    const [fix] = trafficFinding.fixes;
    assert.ok(fix, 'MLT601 offers a fix here');
    assert.ok(
      fix.edits.every((edit) => edit.cell === TRAFFIC_CELL),
      'the fix edits its own cell only',
    );
    const fixedCells = CELLS.map((cell, index) => (index === TRAFFIC_CELL ? { ...cell, source: applyEdits(cell.source, fix.edits) } : cell));
    assert.notEqual(fixedCells[TRAFFIC_CELL].source, CELLS[TRAFFIC_CELL].source);

    const word = positionOf(CELLS[TRAFFIC_CELL].source, TRAFFIC_WORD);
    await notebook.goTo(TRAFFIC_CELL, word.line, word.column + 2);
    await notebook.applyQuickFix(fix.title);
    await poll('the cell to show the fix', () => notebook.cellText(TRAFFIC_CELL), (text) => text === fixedCells[TRAFFIC_CELL].source, 15_000);

    const want = expectedRows(await lint(fixedCells));
    assert.ok(!want.some((row) => row.code === 'MLT601') && want.some((row) => row.code === 'MLT102'));
    await workbench.showProblems();
    assert.deepEqual(await workbench.problemsWhenEqual(withoutCells(want), 30_000), withoutCells(want));

    await notebook.save();
    const saved = await savedText('the saved notebook to change', notebookPath, ipynbFromCells(CELLS));
    const read = readIpynb(saved);
    assert.ok('notebook' in read, `the saved file is a notebook: ${JSON.stringify(read)}`);
    assert.deepEqual(
      read.notebook.cells.map((cell) => ({ kind: cell.kind, source: cell.source })),
      fixedCells,
    );
  });
});
