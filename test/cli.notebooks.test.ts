import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type IpynbCell, ipynbFromCells, readIpynb } from '../rules/engine/ipynb';
import { CLI, codesOf, lines, mltraps, ScratchFolders } from './support/cli';

/**
 * The CLI on Jupyter notebooks and on what `%run` brings in: which files it lints, how it
 * names a cell, what it leaves to magics, how --fix rewrites a `.ipynb`, and how a notebook's
 * setup notebooks and project star imports change what the rules see.
 */

const scratch = new ScratchFolders();

const TRAFFIC_IMPORT = 'from databricks.sdk.service.serving import Route, TrafficConfig';
/** MLT601: 90 + 15 is not 100; the safe fix sets the last route to 10. */
const TRAFFIC_TRAP = 'config = TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), Route(served_model_name="b", traffic_percentage=15)])';
const TRAFFIC_FIXED = TRAFFIC_TRAP.replace('traffic_percentage=15', 'traffic_percentage=10');
const TRAFFIC_MODULE = `${TRAFFIC_IMPORT}\n\n${TRAFFIC_TRAP}\n`;

type CellSpec = [IpynbCell['kind'] | 'md', string];

/** A notebook as Jupyter writes it (nbformat 4.4, indent 1, Python kernel). */
function notebook(cells: readonly CellSpec[], options: { databricks?: boolean } = {}): string {
  return ipynbFromCells(cells.map(([kind, source]) => ({ kind: kind === 'md' ? 'markdown' : kind, source })), options);
}

/** A Databricks source export of these cells. */
function databricksExport(cells: readonly string[]): string {
  return `# Databricks notebook source\n${cells.join('\n\n# COMMAND ----------\n\n')}\n`;
}

/** The 1-based line of a text where `needle` first occurs (after `from`, a text the line must come after). */
function lineOf(text: string, needle: string, after = ''): number {
  const at = text.indexOf(needle, after === '' ? 0 : text.indexOf(after) + after.length);
  assert.ok(at >= 0, `${needle} is not in the text`);
  return text.slice(0, at).split('\n').length;
}

/** The text of a notebook's cell (1-based, every cell counted). */
function cellText(notebookText: string, cell: number): string {
  const read = readIpynb(notebookText);
  if (!('notebook' in read)) assert.fail(read.error);
  return read.notebook.cells[cell - 1].source;
}

interface JsonFinding {
  file: string;
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  fixable: boolean;
  fixes: Array<{ title: string; safety: string }>;
}

function json(run: { stdout: string }): JsonFinding[] {
  return JSON.parse(run.stdout) as JsonFinding[];
}

/** `file cell N:line CODE` (or `file line CODE` outside notebooks) for each JSON finding. */
function placesOf(run: { stdout: string }): string[] {
  return json(run).map((finding) => `${finding.file} ${finding.cell === undefined ? '' : `cell ${finding.cell}:`}${finding.line} ${finding.code}`);
}

describe('mltraps CLI on notebooks (dist/cli.js)', function () {
  this.timeout(60_000);

  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build'));
  after(() => scratch.remove());

  describe('Jupyter notebooks', () => {
    /** Markdown and raw cells before the trap: cell numbers count them. */
    const TRAP_NOTEBOOK = notebook([
      ['md', '# Serving config\nA markdown cell counts as a cell.'],
      ['code', TRAFFIC_IMPORT],
      ['raw', 'raw cells count too'],
      ['md', '## The split'],
      ['code', `routes = []\n${TRAFFIC_TRAP}`],
    ]);
    const TRAP_COLUMN = TRAFFIC_TRAP.indexOf('[Route(') + 1;

    it('folders include .ipynb files, next to .py files, skipping the usual folders', () => {
      const dir = scratch.create({
        'a_first.py': TRAFFIC_MODULE,
        'notebooks/serving.ipynb': TRAP_NOTEBOOK,
        'notebooks/clean.ipynb': notebook([['code', 'import mlflow\n\nmlflow.log_metric("rmse", 0.5)']]),
        'notebooks/notes.txt': TRAP_NOTEBOOK,
        '.git/x.ipynb': TRAP_NOTEBOOK,
        'node_modules/pkg/x.ipynb': TRAP_NOTEBOOK,
        '.venv/lib/x.ipynb': TRAP_NOTEBOOK,
        // Jupyter's autosaved copy: linting (and --fix) belongs to the notebook itself.
        'notebooks/.ipynb_checkpoints/serving-checkpoint.ipynb': TRAP_NOTEBOOK,
        // jupyterlab-lsp's shadow copies of the open notebooks, for its language servers.
        '.virtual_documents/notebooks/serving.ipynb': TRAP_NOTEBOOK,
        // MLflow's local stores: a run's logged copy of the code, a server's artifacts.
        'mlruns/0/3f2a/artifacts/serving.ipynb': TRAP_NOTEBOOK,
        'mlartifacts/1/9c4d/artifacts/code/a_first.py': TRAFFIC_MODULE,
      });
      const run = mltraps([], dir);
      assert.equal(run.status, 1, run.stderr);
      assert.deepEqual(lines(run.stdout).map((line) => line.split(':')[0]), ['a_first.py', path.join('notebooks', 'serving.ipynb')]);
      assert.match(run.stderr, /^2 findings in 2 files\b/m);
      const clean = mltraps(['notebooks/clean.ipynb'], dir);
      assert.equal(clean.status, 0, clean.stderr);
      assert.match(clean.stderr, /^No findings in 1 file\.$/m);
      // A notebook named on the command line is linted as a notebook, not as Python text.
      const given = mltraps(['notebooks/serving.ipynb'], dir);
      assert.deepEqual(codesOf(given.stdout), ['MLT601']);
      assert.match(mltraps(['--help']).stdout, /searched\s+recursively for \.py and \.ipynb files/);
    });

    it('text output names the cell, counting markdown and raw cells, with a line and column in it', () => {
      const dir = scratch.create({ 'serving.ipynb': TRAP_NOTEBOOK });
      const run = mltraps(['serving.ipynb'], dir);
      assert.equal(run.status, 1, run.stderr);
      assert.deepEqual(lines(run.stdout), [`serving.ipynb:cell 5:2:${TRAP_COLUMN}: MLT601 traffic percentages add up to 105 (90 + 15), not 100: the endpoint rejects the config`]);
    });

    it('JSON gives the cell (1-based) and cell-relative positions; .py findings have no cell', () => {
      const dir = scratch.create({ 'serving.ipynb': TRAP_NOTEBOOK, 'serving.py': TRAFFIC_MODULE });
      const findings = json(mltraps(['--format', 'json', '.'], dir));
      assert.deepEqual(findings.map((finding) => finding.file), ['serving.ipynb', 'serving.py']);
      const [cell, module] = findings;
      assert.equal(module.file, 'serving.py');
      assert.equal('cell' in module, false);
      assert.equal(module.line, 3);
      assert.equal(cell.file, 'serving.ipynb');
      assert.deepEqual(Object.keys(cell).sort(), ['cell', 'code', 'column', 'endColumn', 'endLine', 'file', 'fixable', 'fixes', 'line', 'message', 'name', 'severity']);
      assert.deepEqual([cell.cell, cell.line, cell.column, cell.endLine], [5, 2, TRAP_COLUMN, 2]);
      const flaggedLine = cellText(TRAP_NOTEBOOK, cell.cell!).split('\n')[cell.line - 1];
      assert.equal(flaggedLine, TRAFFIC_TRAP);
      assert.ok(flaggedLine.slice(cell.column - 1).startsWith('[Route('));
      assert.equal(cell.endColumn, flaggedLine.length);
      assert.deepEqual(cell.fixes.map((fix) => fix.safety), ['safe']);
    });

    it('SARIF points at the notebook file, names the cell as a logical location and gives the region in the cell; its fix replaces the span of the .ipynb that --fix rewrites', () => {
      const dir = scratch.create({ 'serving.ipynb': TRAP_NOTEBOOK, 'serving.py': TRAFFIC_MODULE });
      const log = JSON.parse(mltraps(['--format', 'sarif', '.'], dir).stdout) as {
        runs: Array<{ results: Array<Record<string, unknown> & { locations: Array<Record<string, unknown>> }> }>;
      };
      const [cell, module] = log.runs[0].results;
      const moduleLocation = module.locations[0] as { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } };
      assert.equal(moduleLocation.physicalLocation.artifactLocation.uri, 'serving.py');
      assert.equal(moduleLocation.physicalLocation.region.startLine, 3);
      assert.ok(Array.isArray(module.fixes), 'a .py finding carries SARIF fixes');
      assert.equal(cell.ruleId, 'MLT601');
      assert.equal('properties' in cell, false);
      const [fix, ...otherFixes] = cell.fixes as Array<{
        description: { text: string };
        properties: { safety: string };
        artifactChanges: Array<{ artifactLocation: { uri: string }; replacements: Array<{ deletedRegion: { charOffset: number; charLength: number }; insertedContent: { text: string } }> }>;
      }>;
      assert.deepEqual(otherFixes, []);
      assert.equal(fix.description.text, 'Set the last route\'s traffic_percentage to 10 so the split adds up to 100');
      assert.equal(fix.properties.safety, 'safe');
      assert.equal(fix.artifactChanges.length, 1);
      assert.equal(fix.artifactChanges[0].artifactLocation.uri, 'serving.ipynb');
      const [replacement, ...others] = fix.artifactChanges[0].replacements;
      assert.deepEqual(others, []);
      // The smallest differing span: "15" becomes "10", so only the "5".
      assert.deepEqual(replacement.insertedContent, { text: '0' });
      assert.equal(replacement.deletedRegion.charLength, 1);
      const { charOffset, charLength } = replacement.deletedRegion;
      const applied = TRAP_NOTEBOOK.slice(0, charOffset) + replacement.insertedContent.text + TRAP_NOTEBOOK.slice(charOffset + charLength);
      assert.equal(mltraps(['--fix', 'serving.ipynb'], dir).status, 0);
      assert.equal(applied, fs.readFileSync(path.join(dir, 'serving.ipynb'), 'utf8'), 'the SARIF replacement gives the file --fix writes');
      assert.deepEqual(cell.locations, [
        {
          physicalLocation: { artifactLocation: { uri: 'serving.ipynb' } },
          logicalLocations: [{ name: 'cell 5', fullyQualifiedName: 'serving.ipynb:cell 5', kind: 'notebookCell' }],
          properties: { cell: 5, cellRegion: { startLine: 2, startColumn: TRAP_COLUMN, endLine: 2, endColumn: TRAFFIC_TRAP.length } },
        },
      ]);
    });

    it('magics and shell escapes are never parsed as Python: the Python around them is linted, the magic cells are not', () => {
      const dir = scratch.create({
        'magics.ipynb': notebook([
          ['code', `%pip install databricks-sdk==0.30.0\n!pip install lightgbm \\\n    holidays\n${TRAFFIC_IMPORT}\n${TRAFFIC_TRAP}`],
          ['code', `%%bash\n${TRAFFIC_TRAP}`],
          ['code', `%sql\n${TRAFFIC_TRAP}`],
          ['code', `%md\n${TRAFFIC_TRAP}`],
          ['code', `%sh\necho "${TRAFFIC_TRAP.replace(/"/g, "'")}"`],
          ['code', `%run ./no_such_setup\n%time x = 1\n!ls /dbfs\nhelp_me = 1`],
          ['md', TRAFFIC_TRAP],
          ['raw', TRAFFIC_TRAP],
        ]),
      });
      const run = mltraps(['--format', 'json', 'magics.ipynb'], dir);
      assert.equal(run.status, 1, run.stderr);
      assert.deepEqual(placesOf(run), ['magics.ipynb cell 1:5 MLT601']);
      assert.doesNotMatch(run.stderr, /failed|error/i);
    });

    it('a Databricks export\'s magic cells are not Python either', () => {
      const text = databricksExport([
        '# MAGIC %md\n# MAGIC # Title',
        '# MAGIC %pip install databricks-sdk==0.30.0',
        `# MAGIC %sh\n# MAGIC echo "${TRAFFIC_TRAP.replace(/"/g, "'")}"`,
        `# MAGIC %sql\n# MAGIC ${TRAFFIC_TRAP}`,
        `${TRAFFIC_IMPORT}\n\n${TRAFFIC_TRAP}`,
      ]);
      const dir = scratch.create({ 'magics.py': text });
      const run = mltraps(['--format', 'json', 'magics.py'], dir);
      assert.deepEqual(placesOf(run), [`magics.py ${lineOf(text, TRAFFIC_TRAP, TRAFFIC_IMPORT)} MLT601`]);
    });

    it('a token in a %%bash cell is reported at its line in that cell (MLT704 reads shell cells)', () => {
      const dir = scratch.create({
        'shell.ipynb': notebook([
          ['md', '# Calling the API from the shell'],
          ['code', '%%bash\necho start\ncurl -H "Authorization: Bearer dapi0123456789abcdef0123456789abcdef" https://example.cloud.databricks.com/api/2.0/clusters/list'],
        ]),
      });
      const [finding] = json(mltraps(['--format', 'json', 'shell.ipynb'], dir));
      assert.deepEqual([finding.code, finding.cell, finding.line, finding.column], ['MLT704', 2, 3, 'curl -H "Authorization: Bearer '.length + 1]);
    });

    it('a token in a `!` shell line or a `%pip` line of a code cell is reported there; in a markdown cell it is prose', () => {
      const dir = scratch.create({
        'install.ipynb': notebook([
          ['md', 'The old token dapi0123456789abcdef0123456789abcdef is revoked'],
          ['code', '!pip install --index-url https://token:dapi0123456789abcdef0123456789abcdef@pkgs.example.com/simple churnlib\nimport churnlib'],
          ['code', '%pip install --extra-index-url https://u:dapi89abcdef0123456789abcdef01234567@pkgs.example.com/simple other'],
        ]),
      });
      const findings = json(mltraps(['--format', 'json', 'install.ipynb'], dir));
      assert.deepEqual(
        findings.map((finding) => [finding.code, finding.cell, finding.line, finding.column]),
        [
          ['MLT704', 2, 1, '!pip install --index-url https://token:'.length + 1],
          ['MLT704', 3, 1, '%pip install --extra-index-url https://u:'.length + 1],
        ],
      );
    });

    describe('--fix', () => {
      /**
       * A notebook as another tool wrote it: 2-space indent, keys not sorted, outputs with
       * escapes, a cell whose lines keep Unicode escapes, optional CRLF, BOM and no trailing
       * newline. Everything but the fixed cell's source must come back byte for byte.
       */
      function handWritten(eol: string, trailingNewline: boolean): { text: string; before: string; after: string } {
        const before = [
          '{',
          '  "metadata": {',
          '    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},',
          '    "language_info": {"name": "python", "version": "3.11.4"},',
          '    "custom": {"z": 1, "a": [1.50, 2e3, "caf\\u00e9"]}',
          '  },',
          '  "nbformat_minor": 5,',
          '  "nbformat": 4,',
          '  "cells": [',
          '    {',
          '      "id": "intro",',
          '      "cell_type": "markdown",',
          '      "metadata": {"tags": ["caf\\u00e9"]},',
          '      "source": ["# Caf\\u00e9 serving\\n", "Cell **one**."]',
          '    },',
          '    {',
          '      "source": [',
          `        ${JSON.stringify(`${TRAFFIC_IMPORT}\n`)},`,
          '        "print(\\"caf\\u00e9\\")"',
          '      ],',
          '      "outputs": [',
          '        {"output_type": "stream", "name": "stdout", "text": ["caf\\u00e9\\n"]},',
          '        {"output_type": "execute_result", "execution_count": 3, "metadata": {}, "data": {"text/plain": ["\'<b>\\\\u00e9</b>\'"]}}',
          '      ],',
          '      "metadata": {"collapsed": false, "scrolled": true},',
          '      "execution_count": 3,',
          '      "cell_type": "code",',
          '      "id": "imports"',
          '    },',
          '    {',
          '      "cell_type": "code",',
          '      "execution_count": 4,',
          '      "id": "split",',
          '      "metadata": {},',
          '      "outputs": [{"output_type": "error", "ename": "InvalidParameterValue", "evalue": "105", "traceback": ["\\u001b[0;31m---\\u001b[0m"]}],',
          '      "source": ',
        ].join(eol);
        const source = `[${eol}        ${JSON.stringify('# the A/B split\n')},${eol}        ${JSON.stringify(TRAFFIC_TRAP)}${eol}      ]`;
        const after = [
          '',
          '    },',
          '    {"cell_type": "code", "execution_count": null, "id": "end", "metadata": {}, "outputs": [], "source": "config  # unchanged"}',
          '  ]',
          `}${trailingNewline ? eol : ''}`,
        ].join(eol);
        return { text: before + source + after, before, after };
      }

      for (const [label, eol, trailingNewline, bom] of [
        ['LF, trailing newline', '\n', true, false],
        ['CRLF, no trailing newline, BOM', '\r\n', false, true],
      ] as const) {
        it(`rewrites only the fixed cell's source and keeps every other byte (${label})`, () => {
          const { text, before, after } = handWritten(eol, trailingNewline);
          const original = (bom ? '\uFEFF' : '') + text;
          const dir = scratch.create({ 'serving.ipynb': original });
          const file = path.join(dir, 'serving.ipynb');
          const fixing = mltraps(['--fix', 'serving.ipynb'], dir);
          assert.equal(fixing.status, 0, fixing.stdout + fixing.stderr);
          assert.equal(fixing.stdout, '');
          assert.match(fixing.stderr, /^Fixed 1 finding in 1 file\.$/m);
          const fixed = fs.readFileSync(file, 'utf8');
          const prefix = (bom ? '\uFEFF' : '') + before;
          assert.ok(fixed.startsWith(prefix), 'everything before the fixed source is unchanged');
          assert.ok(fixed.endsWith(after), 'everything after the fixed source is unchanged');
          const newSource = fixed.slice(prefix.length, fixed.length - after.length);
          assert.deepEqual(JSON.parse(newSource), ['# the A/B split\n', TRAFFIC_FIXED]);
          // The list keeps the original's layout.
          assert.equal(newSource, `[${eol}        ${JSON.stringify('# the A/B split\n')},${eol}        ${JSON.stringify(TRAFFIC_FIXED)}${eol}      ]`);
          const relint = mltraps(['serving.ipynb'], dir);
          assert.equal(relint.status, 0, relint.stdout);
          // Fixing again changes nothing.
          assert.equal(mltraps(['--fix', 'serving.ipynb'], dir).status, 0);
          assert.equal(fs.readFileSync(file, 'utf8'), fixed);
        });
      }

      it('leaves a notebook without fixable findings untouched, byte for byte', () => {
        const { text } = handWritten('\n', false);
        const noFix = text.replace(JSON.stringify(TRAFFIC_TRAP), JSON.stringify(TRAFFIC_FIXED));
        const dir = scratch.create({ 'serving.ipynb': noFix });
        const run = mltraps(['--fix', '--unsafe-fixes', 'serving.ipynb'], dir);
        assert.equal(run.status, 0, run.stdout);
        assert.match(run.stderr, /^Fixed 0 findings in 0 files\.$/m);
        assert.equal(fs.readFileSync(path.join(dir, 'serving.ipynb'), 'utf8'), noFix);
      });

      it('fixes in two cells rewrite those two sources only', () => {
        const cells: CellSpec[] = [
          ['md', '# Two splits'],
          ['code', TRAFFIC_IMPORT],
          ['code', TRAFFIC_TRAP],
          ['code', 'print(config)'],
          ['code', TRAFFIC_TRAP.replace('config =', 'canary =')],
        ];
        const original = notebook(cells);
        const dir = scratch.create({ 'two.ipynb': original });
        const run = mltraps(['--fix', 'two.ipynb'], dir);
        assert.equal(run.status, 0, run.stdout);
        assert.match(run.stderr, /^Fixed 2 findings in 1 file\.$/m);
        const fixed = fs.readFileSync(path.join(dir, 'two.ipynb'), 'utf8');
        assert.equal(fixed, notebook(cells.map(([kind, source]) => [kind, source.replace('traffic_percentage=15', 'traffic_percentage=10')])));
      });
    });

    describe('files that are not Python notebooks', () => {
      const NOT_JSON = '{"cells": [';
      const NOT_NOTEBOOK = '{"data": [1, 2, 3]}\n';
      const NBFORMAT_3 = JSON.stringify({ metadata: {}, nbformat: 3, nbformat_minor: 0, worksheets: [{ cells: [{ cell_type: 'code', input: TRAFFIC_MODULE }] }] });

      it('an invalid .ipynb is skipped with its reason; nothing linted exits 2, never "no findings"', () => {
        const dir = scratch.create({ 'broken.ipynb': NOT_JSON, 'data.ipynb': NOT_NOTEBOOK, 'old.ipynb': NBFORMAT_3 });
        const run = mltraps(['.'], dir);
        assert.equal(run.status, 2, run.stderr);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, /^broken\.ipynb: skipped: not a Jupyter notebook: invalid JSON at line 1, column 12: .+$/m);
        assert.match(run.stderr, /^data\.ipynb: skipped: not a notebook: no `cells` list$/m);
        assert.match(run.stderr, /^old\.ipynb: skipped: nbformat 3 notebook, not nbformat 4: convert it with `jupyter nbconvert --to notebook`$/m);
        assert.match(run.stderr, /^Nothing linted: 3 files skipped\.$/m);
        assert.doesNotMatch(run.stderr, /No findings/);
        for (const file of ['broken.ipynb', 'data.ipynb', 'old.ipynb']) {
          const alone = mltraps([file], dir);
          assert.equal(alone.status, 2, `${file}: ${alone.stderr}`);
          assert.match(alone.stderr, /^Nothing linted: 1 file skipped\.$/m);
        }
      });

      it('an empty .ipynb (no bytes, or only white space) is an empty notebook: linted, no findings, no skip message', () => {
        const dir = scratch.create({ 'new.ipynb': '', 'blank.ipynb': '\n  \n' });
        const run = mltraps(['.'], dir);
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stdout, '');
        assert.doesNotMatch(run.stderr, /skipped/);
        assert.match(run.stderr, /^No findings in 2 files\.$/m);
        // Beside a notebook with a trap, its findings alone decide the exit code.
        fs.writeFileSync(path.join(dir, 'serving.py'), TRAFFIC_MODULE);
        const withTrap = mltraps(['.', '--format', 'json'], dir);
        assert.equal(withTrap.status, 1, withTrap.stderr);
        assert.deepEqual(json(withTrap).map((finding) => `${finding.file} ${finding.code}`), ['serving.py MLT601']);
      });

      it('with other files linted, the exit code follows their findings', () => {
        const dir = scratch.create({ 'broken.ipynb': NOT_JSON, 'old.ipynb': NBFORMAT_3, 'serving.py': TRAFFIC_MODULE, 'clean.py': 'import mlflow\n' });
        const withTrap = mltraps(['broken.ipynb', 'old.ipynb', 'serving.py'], dir);
        assert.equal(withTrap.status, 1, withTrap.stderr);
        assert.deepEqual(codesOf(withTrap.stdout), ['MLT601']);
        assert.match(withTrap.stderr, /^broken\.ipynb: skipped: /m);
        assert.match(withTrap.stderr, /^old\.ipynb: skipped: /m);
        const clean = mltraps(['broken.ipynb', 'old.ipynb', 'clean.py'], dir);
        assert.equal(clean.status, 0, clean.stderr);
        assert.match(clean.stderr, /^No findings in 1 file\.$/m);
      });

      it('an R or Scala notebook is skipped with a reason (exit 0 when nothing else was given); a notebook that names no language is Python', () => {
        const withLanguage = (metadata: object) => JSON.stringify({ cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: TRAFFIC_MODULE }], metadata, nbformat: 4, nbformat_minor: 5 });
        const dir = scratch.create({
          'r.ipynb': withLanguage({ kernelspec: { display_name: 'R', language: 'R', name: 'ir' }, language_info: { name: 'R' } }),
          'scala.ipynb': withLanguage({ 'application/vnd.databricks.v1+notebook': { language: 'scala', notebookName: 'scala' } }),
          'unnamed.ipynb': withLanguage({}),
        });
        // Nothing to lint is not a failure to lint: a pre-commit run on a commit that touches only
        // notebooks in other languages passes (it used to exit 2 and stop the commit).
        const skipped = mltraps(['r.ipynb', 'scala.ipynb'], dir);
        assert.equal(skipped.status, 0, skipped.stderr);
        assert.equal(skipped.stdout, '');
        assert.match(skipped.stderr, /^r\.ipynb: skipped: .*\br\b.* not Python$/im);
        assert.match(skipped.stderr, /^scala\.ipynb: skipped: .*\bscala\b.* not Python$/im);
        assert.match(skipped.stderr, /^No Python to lint: 2 notebooks in another language\.$/m);
        assert.doesNotMatch(skipped.stderr, /No findings/);
        // The same from the results cache.
        const again = mltraps(['r.ipynb', 'scala.ipynb'], dir);
        assert.equal(again.status, 0, again.stderr);
        assert.match(again.stderr, /^No Python to lint: 2 notebooks in another language\.$/m);
        assert.ok(fs.readdirSync(path.join(dir, '.mltraps_cache')).length > 0, 'the first run kept its results');
        // With a file that could not be linted for another reason, nothing linted is still exit 2.
        fs.writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": [');
        const withBroken = mltraps(['r.ipynb', 'broken.ipynb'], dir);
        assert.equal(withBroken.status, 2, withBroken.stderr);
        assert.match(withBroken.stderr, /^Nothing linted: 2 files skipped\.$/m);
        fs.unlinkSync(path.join(dir, 'broken.ipynb'));
        const all = mltraps(['--format', 'json', '.'], dir);
        assert.equal(all.status, 1);
        assert.deepEqual(placesOf(all), ['unnamed.ipynb cell 1:3 MLT601']);
      });
    });

    describe('a cell that does not parse hides only its own findings', () => {
      const BROKEN = 'params = dict(max_depth=5,\n              num_trees=100';

      it('in a .ipynb', () => {
        const dir = scratch.create({ 'broken.ipynb': notebook([['code', TRAFFIC_IMPORT], ['code', BROKEN], ['md', 'next'], ['code', TRAFFIC_TRAP]]) });
        const run = mltraps(['--format', 'json', 'broken.ipynb'], dir);
        assert.deepEqual(placesOf(run), ['broken.ipynb cell 4:1 MLT601']);
      });

      it('in a Databricks .py export', () => {
        const text = databricksExport([TRAFFIC_IMPORT, BROKEN, TRAFFIC_TRAP, `routes_ok = 1\n${TRAFFIC_TRAP.replace('config =', 'other =')}`]);
        const dir = scratch.create({ 'broken.py': text });
        const run = mltraps(['--format', 'json', 'broken.py'], dir);
        assert.deepEqual(placesOf(run), [`broken.py ${lineOf(text, 'config = ')} MLT601`, `broken.py ${lineOf(text, 'other = ')} MLT601`]);
      });

      it('a trap in the broken cell itself is hidden, wherever the error is; a module is not cells', () => {
        // Error recovery keeps the trap's call whole after `x = = 1` and after the text of an
        // unclosed string, but the cell never runs: nothing it would do happens.
        // And where tree-sitter-python reads what CPython 3 refuses: Python 2 statements, `except E, e`,
        // `5L`, a value on the line after `=` (tree-sitter reads `x = y = ...`), an unexpected indent.
        const errors = [
          'x = = 1',
          'notes = """draft',
          'if ready\n    pass',
          'print "routes"',
          'try:\n    pass\nexcept ValueError, error:\n    pass',
          'limit = 5L',
          'routes = # TODO',
          'x = 1\n  y = 2',
          // Each shape as the text check before the tree walk (engine/cellCompiles) must see it.
          'print>>log, "routes"',
          'exec "x = 1"',
          'try:\n    pass\nexcept (KeyError, ValueError), error:\n    pass',
          'total +=   # TODO',
        ];
        for (const error of errors) {
          const cells: Array<['code', string]> = [['code', TRAFFIC_IMPORT], ['code', `${error}\n${TRAFFIC_TRAP}`], ['code', TRAFFIC_TRAP.replace('config =', 'other =')]];
          const dir = scratch.create({ 'broken.ipynb': notebook(cells), 'broken_export.py': databricksExport(cells.map(([, text]) => text)) });
          assert.deepEqual(placesOf(mltraps(['--format', 'json', 'broken.ipynb'], dir)), ['broken.ipynb cell 3:1 MLT601'], error);
          const exported = fs.readFileSync(path.join(dir, 'broken_export.py'), 'utf8');
          assert.deepEqual(placesOf(mltraps(['--format', 'json', 'broken_export.py'], dir)), [`broken_export.py ${lineOf(exported, 'other = ')} MLT601`], error);
        }
        // Python 3 compiles these: the trap after them is reported.
        for (const fine of ['print("routes")', 'limit = \\\n    5', 'x = 1; y = 2', '%time x = 1', 'print ("routes")', 'exec("x = 1")', 'try:\n    pass\nexcept (KeyError, ValueError):\n    pass']) {
          const dir = scratch.create({ 'fine.ipynb': notebook([['code', TRAFFIC_IMPORT], ['code', `${fine}\n${TRAFFIC_TRAP}`]]) });
          assert.deepEqual(placesOf(mltraps(['--format', 'json', 'fine.ipynb'], dir)), [`fine.ipynb cell 2:${fine.split('\n').length + 1} MLT601`], fine);
        }
        const module = scratch.create({ 'module.py': `${TRAFFIC_IMPORT}\nx = = 1\n${TRAFFIC_TRAP}\n` });
        assert.deepEqual(placesOf(mltraps(['--format', 'json', 'module.py'], module)), ['module.py 3 MLT601']);
      });

      it('and a trap before the broken cell is still reported', () => {
        const dir = scratch.create({ 'before.ipynb': notebook([['code', `${TRAFFIC_IMPORT}\n${TRAFFIC_TRAP}`], ['code', BROKEN]]) });
        assert.deepEqual(placesOf(mltraps(['--format', 'json', 'before.ipynb'], dir)), ['before.ipynb cell 1:2 MLT601']);
      });
    });
  });

  describe('%run', () => {
    const SETUP_EXPORT = databricksExport([
      '# MAGIC %md\n# MAGIC # Shared setup',
      [
        'from pyspark.ml import Pipeline',
        'from pyspark.ml.classification import DecisionTreeClassifier',
        'from pyspark.ml.evaluation import BinaryClassificationEvaluator',
        'from pyspark.ml.feature import VectorAssembler',
        'from pyspark.ml.tuning import CrossValidator, ParamGridBuilder',
      ].join('\n'),
      'assembler = VectorAssembler(inputCols=["tenure_months", "monthly_charges"], outputCol="tree_features")',
    ]);
    const CONFIG_NOTEBOOK = notebook([['md', '# Config'], ['code', 'LABEL = "churned"\nFOLDS = 10']]);
    /** MLT104 needs the setup's assembler, MLT105 the config's FOLDS (10 x 12 = 120 models). */
    const TRAINING = [
      'dt = DecisionTreeClassifier(labelCol=LABEL)',
      'tree_pipeline = Pipeline(stages=[assembler, dt])',
      'grid = ParamGridBuilder().addGrid(dt.maxDepth, [2, 4, 6, 8]).addGrid(dt.minInstancesPerNode, [1, 5, 10]).build()',
      'cv = CrossValidator(estimator=tree_pipeline, estimatorParamMaps=grid, evaluator=BinaryClassificationEvaluator(labelCol=LABEL), numFolds=FOLDS)',
    ].join('\n');

    function trainingNotebook(setup: string, config: string, format: 'ipynb' | 'py'): string {
      return format === 'ipynb'
        ? notebook([['md', '# Training'], ['code', `%run ${setup}`], ['code', `%run ${config}`], ['code', TRAINING]], { databricks: true })
        : databricksExport(['# MAGIC %md\n# MAGIC # Training', `# MAGIC %run ${setup}`, `# MAGIC %run ${config}`, TRAINING]);
    }

    function project(files: Record<string, string>): string {
      return scratch.create({ '.git/HEAD': 'ref: refs/heads/main\n', 'includes/setup.py': SETUP_EXPORT, 'shared/config.ipynb': CONFIG_NOTEBOOK, ...files });
    }

    for (const format of ['ipynb', 'py'] as const) {
      for (const [label, setup, config] of [
        ['without extension', './includes/setup', './shared/config'],
        ['with extension', './includes/setup.py', './shared/config.ipynb'],
      ] as const) {
        it(`a .${format} notebook runs a .py export and a .ipynb, by relative paths ${label}: their names make rules fire here`, () => {
          const text = trainingNotebook(setup, config, format);
          const dir = project({ [`train.${format}`]: text });
          const run = mltraps(['--format', 'json', `train.${format}`], dir);
          assert.equal(run.status, 1, run.stderr);
          assert.deepEqual(
            placesOf(run),
            format === 'ipynb'
              ? ['train.ipynb cell 4:2 MLT104', 'train.ipynb cell 4:4 MLT105']
              : [`train.py ${lineOf(text, 'tree_pipeline =')} MLT104`, `train.py ${lineOf(text, 'cv =')} MLT105`],
          );
        });
      }
    }

    it('a %run target the engine declines (a null byte) makes the notebook skipped with that reason, never "no findings"', () => {
      const dir = project({ 'includes/setup.py': `${SETUP_EXPORT}# a stray \0 byte\n`, 'train.ipynb': trainingNotebook('./includes/setup', './shared/config', 'ipynb') });
      const run = mltraps(['train.ipynb'], dir);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /^train\.ipynb: skipped: with the code that %run and star imports bring in, contains a null byte .*: not linted$/m);
      assert.doesNotMatch(run.stderr, /No findings/);
    });

    it('paths are relative to the notebook: ./ and ../ from a subfolder', () => {
      const dir = project({ 'notebooks/weekly/train.ipynb': trainingNotebook('../../includes/setup', '../../shared/config', 'ipynb') });
      assert.deepEqual(placesOf(mltraps(['--format', 'json', 'notebooks'], dir)), [`${path.join('notebooks', 'weekly', 'train.ipynb')} cell 4:2 MLT104`, `${path.join('notebooks', 'weekly', 'train.ipynb')} cell 4:4 MLT105`]);
      // The same notebook one folder up does not find them: nothing is known, nothing is said.
      const misplaced = project({ 'notebooks/train.ipynb': trainingNotebook('../../includes/setup', '../../shared/config', 'ipynb') });
      const run = mltraps(['notebooks'], misplaced);
      assert.equal(run.status, 0, run.stdout);
    });

    it('arguments after the path ($env=prod) are ignored', () => {
      const dir = project({
        'train.ipynb': trainingNotebook('./includes/setup $env=prod', './shared/config $env="prod" $region=eu', 'ipynb'),
        'train.py': trainingNotebook('./includes/setup $env=prod', './shared/config $env=prod', 'py'),
      });
      assert.deepEqual(codesOf(mltraps(['.'], dir).stdout), ['MLT104', 'MLT105', 'MLT104', 'MLT105']);
    });

    it('a missing target is left unresolved quietly: no crash, and the rules that need it stay silent', () => {
      const dir = project({
        'train.ipynb': trainingNotebook('./includes/no_such_setup', './shared/no_such_config', 'ipynb'),
        'train.py': trainingNotebook('/Workspace/Shared/setup', './includes', 'py'),
      });
      const run = mltraps(['train.ipynb', 'train.py'], dir);
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^No findings in 2 files\.$/m);
    });

    it('a %run that cannot be read counts as showing the library (a Jupyter notebook with no import): an API-specific method on a parameter is read', () => {
      const promote = 'def promote(client, name, version):\n    client.transition_model_version_stage(name, version, "Production")';
      const dir = project({
        'promote.ipynb': notebook([['code', '%run ./no_such_setup'], ['code', promote]]),
        'plain.ipynb': notebook([['code', promote]]),
      });
      assert.deepEqual(placesOf(mltraps(['--format', 'json', 'promote.ipynb', 'plain.ipynb'], dir)), ['promote.ipynb cell 2:2 MLT401']);
    });

    it('a cycle (a runs b runs a, a notebook that runs itself) stops where it closes', () => {
      const IMPORTS = 'from pyspark.ml import Pipeline\nfrom pyspark.ml.classification import LogisticRegression';
      const USE = 'lr = LogisticRegression(labelCol="churned")\npipeline = Pipeline(stages=[lr]).fit(rows.toDF("age", "churned"))';
      const a = databricksExport(['# MAGIC %run ./b', USE]);
      const self = databricksExport(['# MAGIC %run ./self', IMPORTS, USE]);
      const dir = project({ 'a.py': a, 'b.ipynb': notebook([['code', '%run ./a'], ['code', IMPORTS]]), 'self.py': self });
      const run = mltraps(['--format', 'json', 'a.py', 'b.ipynb', 'self.py'], dir);
      assert.equal(run.status, 1, run.stderr);
      // b's code runs a's cells, but findings are never reported inside what %run brings in.
      assert.deepEqual(placesOf(run), [`a.py ${lineOf(a, 'pipeline =')} MLT101`, `self.py ${lineOf(self, 'pipeline =')} MLT101`]);
      assert.doesNotMatch(run.stderr, /failed/);
    });

    it('findings never point into the %run target; linted on its own, the target reports its own traps once', () => {
      const setup = databricksExport([TRAFFIC_IMPORT, TRAFFIC_TRAP, 'OTHER = 1']);
      const dir = project({
        'includes/serving_setup.py': setup,
        'serve.ipynb': notebook([['code', '%run ./includes/serving_setup'], ['code', TRAFFIC_TRAP.replace('config =', 'canary =')]]),
      });
      const notebookOnly = mltraps(['--format', 'json', 'serve.ipynb'], dir);
      assert.deepEqual(placesOf(notebookOnly), ['serve.ipynb cell 2:1 MLT601']);
      const everything = mltraps(['--format', 'json', 'serve.ipynb', 'includes/serving_setup.py'], dir);
      assert.deepEqual(placesOf(everything), [`${path.join('includes', 'serving_setup.py')} ${lineOf(setup, 'config =')} MLT601`, 'serve.ipynb cell 2:1 MLT601']);
      // --fix on the notebook leaves the target as it was.
      const targetBefore = fs.readFileSync(path.join(dir, 'includes', 'serving_setup.py'), 'utf8');
      assert.equal(mltraps(['--fix', 'serve.ipynb'], dir).status, 0);
      assert.equal(fs.readFileSync(path.join(dir, 'includes', 'serving_setup.py'), 'utf8'), targetBefore);
      assert.equal(cellText(fs.readFileSync(path.join(dir, 'serve.ipynb'), 'utf8'), 2), TRAFFIC_FIXED.replace('config =', 'canary ='));
    });

    describe('MLT605 and a session-wide checkpoint location set by a setup notebook', () => {
      const STREAM = 'events = spark.readStream.table("ml.churn.events")\nevents.writeStream.format("delta").toTable("ml.churn.scored")';
      const notebookRunning = (target: string) => notebook([['code', `%run ${target}`], ['code', STREAM]], { databricks: true });

      it('when the target sets spark.sql.streaming.checkpointLocation: silent for a named query, flagged for an unnamed one (a new random folder under it at each start)', () => {
        const dir = project({
          'includes/session.py': databricksExport(['spark.conf.set("spark.sql.streaming.checkpointLocation", "/Volumes/ml/churn/checkpoints")']),
          'stream.ipynb': notebookRunning('./includes/session'),
          'named.ipynb': notebook([['code', '%run ./includes/session'], ['code', STREAM.replace('.format("delta")', '.format("delta").queryName("scored")')]], { databricks: true }),
        });
        const named = mltraps(['named.ipynb'], dir);
        assert.equal(named.status, 0, named.stdout);
        const unnamed = mltraps(['--format', 'json', 'stream.ipynb'], dir);
        assert.deepEqual(placesOf(unnamed), ['stream.ipynb cell 2:2 MLT605']);
        assert.match(unnamed.stdout, /no queryName: under the session's spark.sql.streaming.checkpointLocation/);
      });

      it('flagged when the target is read and sets no checkpoint location', () => {
        const dir = project({
          'includes/session.py': databricksExport(['CATALOG = "ml"']),
          'stream.ipynb': notebookRunning('./includes/session'),
        });
        assert.deepEqual(placesOf(mltraps(['--format', 'json', 'stream.ipynb'], dir)), ['stream.ipynb cell 2:2 MLT605']);
      });

      it('after a %run whose target cannot be read (it may set one): silent for a named query, flagged for an unnamed one, which does not resume either way', () => {
        const dir = project({
          'stream.ipynb': notebookRunning('./includes/no_such_session'),
          'named.ipynb': notebook([['code', '%run ./includes/no_such_session'], ['code', STREAM.replace('.format("delta")', '.format("delta").queryName("scored")')]], { databricks: true }),
          'plain.ipynb': notebook([['code', STREAM]], { databricks: true }),
        });
        const result = mltraps(['--format', 'json', '.'], dir);
        assert.deepEqual(placesOf(result), ['plain.ipynb cell 1:2 MLT605', 'stream.ipynb cell 2:2 MLT605']);
        assert.match(result.stdout, /unless the session sets spark.sql.streaming.checkpointLocation, and then, with no queryName, it checkpoints in a new random folder/);
      });
    });
  });

  describe('star imports of project modules', () => {
    const HELPERS = 'from pyspark.ml import Pipeline\nfrom pyspark.ml.classification import LogisticRegression\n';
    const USE = 'lr = LogisticRegression(labelCol="churned")\npipeline = Pipeline(stages=[lr]).fit(rows.toDF("age", "churned"))\n';

    it('from utils.helpers import * gives the project module\'s names; an installed package is never read', () => {
      const dir = scratch.create({
        '.git/HEAD': 'ref: refs/heads/main\n',
        'utils/__init__.py': '',
        'utils/helpers.py': HELPERS,
        'pkg/__init__.py': '',
        'pkg/helpers.py': HELPERS,
        'pkg/relative.py': `from .helpers import *\n\n${USE}`,
        'notebooks/train.py': `from utils.helpers import *\n\n${USE}`,
        'notebooks/train.ipynb': notebook([['code', 'from utils.helpers import *'], ['code', USE]]),
        '.venv/pyvenv.cfg': 'home = /usr/bin\n',
        '.venv/lib/python3.11/site-packages/mlhelpers/__init__.py': HELPERS,
        'notebooks/installed.py': `from mlhelpers import *\n\n${USE}`,
        'notebooks/no_such_module.py': `from nowhere.helpers import *\n\n${USE}`,
      });
      const run = mltraps(['--format', 'json', 'notebooks', 'pkg'], dir);
      assert.equal(run.status, 1, run.stderr);
      assert.deepEqual(placesOf(run), [
        `${path.join('notebooks', 'train.ipynb')} cell 2:2 MLT101`,
        `${path.join('notebooks', 'train.py')} 4 MLT101`,
        `${path.join('pkg', 'relative.py')} 4 MLT101`,
      ]);
    });
  });
});
