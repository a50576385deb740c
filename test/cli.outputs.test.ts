import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ipynbFromCells } from '../rules/engine/ipynb';
import { escapeData, escapeProperty } from '../server/cli/github';
import { CLI, lines, mltraps, ROOT, ScratchFolders } from './support/cli';

/**
 * The CLI's outputs and flags for CI: --format github, --statistics, --exit-zero,
 * --show-fixes, --diff, stdin (`-`, --stdin-filename), --quiet, and SARIF checked against the
 * official SARIF 2.1.0 schema. Everything runs through dist/cli.js, as users run it.
 */

const scratch = new ScratchFolders();

const TRAFFIC_IMPORT = 'from databricks.sdk.service.serving import Route, TrafficConfig';
/** MLT601 (error, on the routes list up to its `]`): 90 + 15 is not 100; the safe fix sets the last route to 10. */
const TRAFFIC_TRAP = 'config = TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), Route(served_model_name="b", traffic_percentage=15)])';
const TRAFFIC_FIXED = TRAFFIC_TRAP.replace('traffic_percentage=15', 'traffic_percentage=10');
const TRAFFIC_MODULE = `${TRAFFIC_IMPORT}\n\n${TRAFFIC_TRAP}\n`;
const TRAFFIC_COLUMN = TRAFFIC_TRAP.indexOf('[Route(') + 1;
const TRAFFIC_END_COLUMN = TRAFFIC_TRAP.length;
const TRAFFIC_MESSAGE = 'traffic percentages add up to 105 (90 + 15), not 100: the endpoint rejects the config';
const TRAFFIC_FIX_TITLE = "Set the last route's traffic_percentage to 10 so the split adds up to 100";
const CLEAN = 'import mlflow\n\nmlflow.log_metric("rmse", 0.5)\n';
const FIVE_TRAPS = fs.readFileSync(path.join(ROOT, 'test/fixtures/five-traps.py'), 'utf8');
const GRID = fs.readFileSync(path.join(ROOT, 'test/fixtures/crossvalidator-grid.py'), 'utf8');

/** Markdown, then the import, then the trap in cell 3 (line 2 of that cell). */
const TRAP_NOTEBOOK = ipynbFromCells([
  { kind: 'markdown', source: '# Serving' },
  { kind: 'code', source: TRAFFIC_IMPORT },
  { kind: 'code', source: `routes = []\n${TRAFFIC_TRAP}` },
]);

describe('mltraps CLI outputs and CI flags (dist/cli.js)', function () {
  this.timeout(60_000);

  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build'));

  after(() => scratch.remove());

  describe('--format github', () => {
    it('prints one workflow command per finding, with file, line, columns and a title, the level from the severity', () => {
      const dir = scratch.create({ 'serving.py': TRAFFIC_MODULE, 'grid.py': GRID });
      const run = mltraps(['--format', 'github', '.'], dir);
      assert.equal(run.status, 1, run.stderr);
      assert.equal(
        run.stdout,
        [
          '::notice file=grid.py,line=14,col=6,endLine=14,endColumn=20,title=mltraps (MLT105)::grid.py:14:6: MLT105 CrossValidator trains 3 folds x 12 combinations = 36 models (+1 refit)',
          `::error file=serving.py,line=3,col=${TRAFFIC_COLUMN},endLine=3,endColumn=${TRAFFIC_END_COLUMN},title=mltraps (MLT601)::serving.py:3:${TRAFFIC_COLUMN}: MLT601 ${TRAFFIC_MESSAGE}`,
          '',
        ].join('\n'),
      );
      assert.match(run.stderr, /^2 findings in 2 files\b/m);
    });

    it('a warning is a ::warning', () => {
      const dir = scratch.create({ 'five.py': FIVE_TRAPS });
      const levels = lines(mltraps(['--format', 'github', 'five.py'], dir).stdout).map((line) => /^::(\w+) /.exec(line)?.[1]);
      assert.deepEqual(levels, ['error', 'error', 'warning', 'warning', 'error']);
    });

    it('a notebook finding names the file only, with the cell, line and column in the message', () => {
      const dir = scratch.create({ 'serving.ipynb': TRAP_NOTEBOOK });
      const run = mltraps(['--format', 'github', 'serving.ipynb'], dir);
      assert.equal(run.stdout, `::error file=serving.ipynb,title=mltraps (MLT601)::serving.ipynb:cell 3:2:${TRAFFIC_COLUMN}: MLT601 ${TRAFFIC_MESSAGE}\n`);
    });

    it('escapes properties and data as @actions/core does: % CR LF everywhere, and : , in properties', () => {
      assert.equal(escapeData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
      assert.equal(escapeProperty('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext%3A a%2C b');
      const dir = scratch.create({ 'a,b 100%.py': TRAFFIC_MODULE });
      const run = mltraps(['--format', 'github', 'a,b 100%.py'], dir);
      assert.ok(run.stdout.startsWith('::error file=a%2Cb 100%25.py,line=3,'), run.stdout);
      assert.ok(run.stdout.includes('::a,b 100%25.py:3:'), run.stdout);
    });
  });

  describe('--statistics', () => {
    it('text: count, code, fixable marker and name per rule, like Ruff', () => {
      const dir = scratch.create({ 'five.py': FIVE_TRAPS });
      const run = mltraps(['--statistics', 'five.py'], dir);
      assert.equal(run.status, 1);
      assert.equal(
        run.stdout,
        [
          '1\tMLT101\t[*] missing-vector-assembler',
          '1\tMLT102\t[*] onehot-before-stringindexer',
          '1\tMLT201\t[ ] mapinpandas-per-group-training',
          '1\tMLT302\t[*] pyfunc-undeclared-dependencies',
          '1\tMLT601\t[*] traffic-split-not-100',
          '',
        ].join('\n'),
      );
      assert.match(run.stderr, /^5 findings in 1 file\b/m);
    });

    it('sorts by count (most first), then by code; no marker column when nothing is fixable', () => {
      const twice = `${TRAFFIC_IMPORT}\n\n${TRAFFIC_TRAP}\n${TRAFFIC_TRAP.replace('config =', 'other =')}\n`;
      const dir = scratch.create({ 'twice.py': twice, 'grid.py': GRID, 'a.py': TRAFFIC_MODULE });
      assert.equal(mltraps(['--statistics', '.'], dir).stdout, '3\tMLT601\t[*] traffic-split-not-100\n1\tMLT105\t[ ] crossvalidator-model-count\n');
      assert.equal(mltraps(['--statistics', 'grid.py'], dir).stdout, '1\tMLT105\tcrossvalidator-model-count\n');
    });

    it('json: an array of {code, name, count, fixable}', () => {
      const dir = scratch.create({ 'a.py': TRAFFIC_MODULE, 'b.py': TRAFFIC_MODULE, 'grid.py': GRID });
      const run = mltraps(['--statistics', '--format', 'json', '.'], dir);
      assert.deepEqual(JSON.parse(run.stdout), [
        { code: 'MLT601', name: 'traffic-split-not-100', count: 2, fixable: true },
        { code: 'MLT105', name: 'crossvalidator-model-count', count: 1, fixable: false },
      ]);
    });

    it('without findings prints nothing and exits 0', () => {
      const dir = scratch.create({ 'clean.py': CLEAN });
      const run = mltraps(['--statistics', '--format', 'json', 'clean.py'], dir);
      assert.equal(run.status, 0);
      assert.deepEqual(JSON.parse(run.stdout), []);
      assert.equal(mltraps(['--statistics', 'clean.py'], dir).stdout, '');
    });
  });

  describe('--exit-zero', () => {
    it('exits 0 with findings, still printing them', () => {
      const dir = scratch.create({ 'a.py': TRAFFIC_MODULE });
      const run = mltraps(['--exit-zero', 'a.py'], dir);
      assert.equal(run.status, 0);
      assert.equal(lines(run.stdout).length, 1);
      assert.match(run.stderr, /^1 finding in 1 file\b/m);
    });

    it('usage errors, I/O errors and "nothing linted" still exit 2', () => {
      const dir = scratch.create({ 'binary.py': Buffer.from([0x00, 0xff, 0x00]) });
      assert.equal(mltraps(['--exit-zero', 'missing.py'], dir).status, 2);
      assert.equal(mltraps(['--exit-zero', '--format', 'xml', '.'], dir).status, 2);
      const nothing = mltraps(['--exit-zero', 'binary.py'], dir);
      assert.equal(nothing.status, 2);
      assert.match(nothing.stderr, /^Nothing linted: 1 file skipped\.$/m);
    });
  });

  describe('--show-fixes', () => {
    it('without --fix: marks the findings --fix would fix [*] and lists each one\'s fixes', () => {
      const dir = scratch.create({ 'five.py': FIVE_TRAPS });
      const run = mltraps(['--show-fixes', '--select', 'MLT201,MLT601', 'five.py'], dir);
      assert.equal(run.status, 1);
      const [mapInPandas, mapInPandasFix, traffic, trafficFix, ...rest] = lines(run.stdout);
      assert.deepEqual(rest, []);
      assert.match(mapInPandas, /^five\.py:45:16: MLT201 mapInPandas /, 'an unsafe-only fix gets no [*]');
      assert.equal(mapInPandasFix, '    unsafe fix (--fix --unsafe-fixes): Use groupBy("store_id").applyInPandas (train_per_store must then take one pandas DataFrame per group, not an iterator: rewrite its loop)');
      assert.match(traffic, /^five\.py:64:110: MLT601 \[\*\] traffic percentages add up to 105/);
      assert.equal(trafficFix, `    safe fix: ${TRAFFIC_FIX_TITLE}`);
      assert.equal(fs.readFileSync(path.join(dir, 'five.py'), 'utf8'), FIVE_TRAPS, 'nothing written');
    });

    it('with --fix: lists on stderr what was fixed, per file and rule', () => {
      const dir = scratch.create({ 'b.py': FIVE_TRAPS, 'a.py': TRAFFIC_MODULE, 'clean.py': CLEAN });
      const run = mltraps(['--fix', '--show-fixes', '.'], dir);
      assert.equal(run.status, 1, 'MLT201 (unsafe fix only) remains');
      assert.deepEqual(lines(run.stdout).map((line) => line.split(': ')[1]?.split(' ')[0]), ['MLT201']);
      assert.equal(
        run.stderr,
        [
          'Fixed 5 findings:',
          '- a.py:',
          '    1 × MLT601 (traffic-split-not-100)',
          '- b.py:',
          '    1 × MLT101 (missing-vector-assembler)',
          '    1 × MLT102 (onehot-before-stringindexer)',
          '    1 × MLT302 (pyfunc-undeclared-dependencies)',
          '    1 × MLT601 (traffic-split-not-100)',
          'Fixed 5 findings in 2 files.',
          '1 finding in 1 file (1 fixable with --fix --unsafe-fixes).',
          '',
        ].join('\n'),
      );
    });

    it('counts each rule\'s fixes in a file and in a notebook', () => {
      const twice = `${TRAFFIC_IMPORT}\n\n${TRAFFIC_TRAP}\n${TRAFFIC_TRAP.replace('config =', 'other =')}\n`;
      const dir = scratch.create({ 'twice.py': twice, 'serving.ipynb': TRAP_NOTEBOOK });
      const run = mltraps(['--fix', '--show-fixes', '--quiet', '.'], dir);
      assert.equal(run.status, 0);
      assert.equal(run.stderr, ['Fixed 3 findings:', '- serving.ipynb:', '    1 × MLT601 (traffic-split-not-100)', '- twice.py:', '    2 × MLT601 (traffic-split-not-100)', ''].join('\n'));
    });

    it('without --fix it only changes text output: with json, sarif, github or --statistics it is a usage error', () => {
      for (const args of [['--format', 'json'], ['--format', 'sarif'], ['--format', 'github'], ['--statistics']]) {
        const run = mltraps(['--show-fixes', ...args, '.'], ROOT);
        assert.equal(run.status, 2, args.join(' '));
        assert.equal(run.stdout, '');
        assert.match(run.stderr, /^mltraps: --show-fixes without --fix marks fixes in the text findings/);
      }
    });
  });

  describe('--diff', () => {
    it('prints a unified diff of the safe fixes, writes nothing, says what it would fix and exits 1', () => {
      const dir = scratch.create({ 'serving.py': TRAFFIC_MODULE, 'clean.py': CLEAN });
      const run = mltraps(['--diff', '.'], dir);
      assert.equal(run.status, 1, run.stderr);
      assert.equal(run.stdout, ['--- serving.py', '+++ serving.py', '@@ -1,3 +1,3 @@', ` ${TRAFFIC_IMPORT}`, ' ', `-${TRAFFIC_TRAP}`, `+${TRAFFIC_FIXED}`, '', ''].join('\n'));
      assert.equal(run.stderr, 'Would fix 1 finding in 1 file.\n');
      assert.equal(fs.readFileSync(path.join(dir, 'serving.py'), 'utf8'), TRAFFIC_MODULE);
    });

    it('with --fix still writes nothing', () => {
      const dir = scratch.create({ 'serving.py': TRAFFIC_MODULE });
      const run = mltraps(['--diff', '--fix', 'serving.py'], dir);
      assert.equal(run.status, 1);
      assert.match(run.stdout, /^--- serving\.py\n/);
      assert.equal(fs.readFileSync(path.join(dir, 'serving.py'), 'utf8'), TRAFFIC_MODULE);
    });

    it('exits 0 with no diff when nothing would change, even with findings that have no fix; 0 with --exit-zero', () => {
      const dir = scratch.create({ 'grid.py': GRID, 'serving.py': TRAFFIC_MODULE });
      const run = mltraps(['--diff', 'grid.py'], dir);
      assert.equal(run.status, 0);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, 'No fixes to apply.\n');
      assert.equal(mltraps(['--diff', '--exit-zero', 'serving.py'], dir).status, 0);
    });

    it('with --unsafe-fixes also shows the unsafe fixes', () => {
      const dir = scratch.create({ 'five.py': FIVE_TRAPS });
      const safe = mltraps(['--diff', 'five.py'], dir);
      const all = mltraps(['--diff', '--unsafe-fixes', 'five.py'], dir);
      assert.equal(safe.stderr, 'Would fix 4 findings in 1 file.\n');
      assert.equal(all.stderr, 'Would fix 5 findings in 1 file.\n');
      assert.ok(!safe.stdout.includes('applyInPandas'), safe.stdout);
      assert.match(all.stdout, /^\+.*groupBy\("store_id"\)\.applyInPandas/m);
    });

    it('for a notebook: one diff per changed cell, headed with the cell, of the cell\'s source', () => {
      const dir = scratch.create({ 'serving.ipynb': TRAP_NOTEBOOK });
      const run = mltraps(['--diff', 'serving.ipynb'], dir);
      assert.equal(run.status, 1);
      assert.equal(
        run.stdout,
        ['--- serving.ipynb:cell 3', '+++ serving.ipynb:cell 3', '@@ -1,2 +1,2 @@', ' routes = []', `-${TRAFFIC_TRAP}`, '\\ No newline at end of file', `+${TRAFFIC_FIXED}`, '\\ No newline at end of file', '', ''].join('\n'),
      );
      assert.equal(fs.readFileSync(path.join(dir, 'serving.ipynb'), 'utf8'), TRAP_NOTEBOOK);
    });

    it('cannot be combined with another format, --statistics or --show-fixes', () => {
      const cases: Array<[string[], RegExp]> = [
        [['--format', 'sarif'], /^mltraps: --diff prints a unified diff: it cannot be combined with --format sarif$/m],
        [['--format', 'json'], /^mltraps: --diff prints a unified diff: it cannot be combined with --format json$/m],
        [['--format', 'github'], /^mltraps: --diff prints a unified diff: it cannot be combined with --format github$/m],
        [['--statistics'], /^mltraps: --diff and --statistics cannot be combined/m],
        [['--show-fixes'], /^mltraps: --diff and --show-fixes cannot be combined/m],
      ];
      for (const [args, message] of cases) {
        const run = mltraps(['--diff', ...args, 'test/fixtures/five-traps.py']);
        assert.equal(run.status, 2, args.join(' '));
        assert.equal(run.stdout, '');
        assert.match(run.stderr, message);
      }
    });
  });

  describe('stdin', () => {
    it('`mltraps -` lints stdin; messages name it "-"', () => {
      const run = mltraps(['-'], ROOT, TRAFFIC_MODULE);
      assert.equal(run.status, 1, run.stderr);
      assert.equal(run.stdout, `-:3:${TRAFFIC_COLUMN}: MLT601 ${TRAFFIC_MESSAGE}\n`);
      assert.match(run.stderr, /^1 finding in 1 file\b/m);
      assert.equal(mltraps(['-'], ROOT, CLEAN).status, 0);
    });

    it('--stdin-filename names it in messages and in every format', () => {
      const run = mltraps(['--stdin-filename', 'jobs/serving.py', '-'], ROOT, TRAFFIC_MODULE);
      assert.equal(run.stdout, `${path.join('jobs', 'serving.py')}:3:${TRAFFIC_COLUMN}: MLT601 ${TRAFFIC_MESSAGE}\n`);
      const github = mltraps(['--format', 'github', '--stdin-filename', 'jobs/serving.py', '-'], ROOT, TRAFFIC_MODULE);
      assert.match(github.stdout, /^::error file=jobs\/serving\.py,line=3,/);
      const sarif = JSON.parse(mltraps(['--format', 'sarif', '--stdin-filename=serving.py', '-'], ROOT, TRAFFIC_MODULE).stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
      assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'serving.py');
    });

    it('--stdin-filename decides .ipynb or .py', () => {
      const asNotebook = mltraps(['--stdin-filename', 'serving.ipynb', '-'], ROOT, TRAP_NOTEBOOK);
      assert.equal(asNotebook.status, 1, asNotebook.stderr);
      assert.equal(asNotebook.stdout, `serving.ipynb:cell 3:2:${TRAFFIC_COLUMN}: MLT601 ${TRAFFIC_MESSAGE}\n`);
      const notJson = mltraps(['--stdin-filename', 'serving.ipynb', '-'], ROOT, TRAFFIC_MODULE);
      assert.equal(notJson.status, 2);
      assert.match(notJson.stderr, /^serving\.ipynb: skipped: /m);
    });

    it('with --fix prints the fixed source to stdout and the findings to stderr; nothing is written', () => {
      const dir = scratch.create({ 'serving.py': TRAFFIC_MODULE });
      const run = mltraps(['--fix', '--stdin-filename', 'serving.py', '-'], dir, TRAFFIC_MODULE);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, `${TRAFFIC_IMPORT}\n\n${TRAFFIC_FIXED}\n`);
      assert.equal(run.stderr, 'Fixed 1 finding in 1 file.\nNo findings in 1 file.\n');
      assert.equal(fs.readFileSync(path.join(dir, 'serving.py'), 'utf8'), TRAFFIC_MODULE, 'the file of that name is not touched');

      const remaining = mltraps(['--fix', '-'], ROOT, GRID);
      assert.equal(remaining.status, 1);
      assert.equal(remaining.stdout, GRID, 'the source as it is when nothing is fixed');
      assert.match(remaining.stderr, /^-:14:6: MLT105 CrossValidator trains/m);

      const notebookRun = mltraps(['--fix', '--stdin-filename', 'nb.ipynb', '-'], ROOT, TRAP_NOTEBOOK);
      assert.equal(notebookRun.stdout, TRAP_NOTEBOOK.replace('traffic_percentage=15', 'traffic_percentage=10'));
    });

    it('with --fix and --format json the findings on stderr are JSON', () => {
      const run = mltraps(['--fix', '--format', 'json', '--quiet', '-'], ROOT, GRID);
      assert.equal(run.stdout, GRID);
      const findings = JSON.parse(run.stderr) as Array<{ file: string; code: string }>;
      assert.deepEqual(findings.map((finding) => [finding.file, finding.code]), [['-', 'MLT105']]);
    });

    it('with --diff prints the diff under the stdin name', () => {
      const run = mltraps(['--diff', '-'], ROOT, TRAFFIC_MODULE);
      assert.equal(run.status, 1);
      assert.match(run.stdout, /^--- -\n\+\+\+ -\n@@ -1,3 \+1,3 @@\n/);
    });

    it('usage errors: --stdin-filename without "-", "-" with other paths, an empty name', () => {
      const cases: Array<[string[], string]> = [
        [['--stdin-filename', 'a.py'], 'mltraps: --stdin-filename names the source read from stdin: give "-" as the path\n'],
        [['--stdin-filename', 'a.py', 'test/fixtures/five-traps.py'], 'mltraps: --stdin-filename names the source read from stdin: give "-" as the path\n'],
        [['-', 'test/fixtures/five-traps.py'], 'mltraps: "-" (read stdin) cannot be combined with other paths\n'],
        [['--stdin-filename=', '-'], 'mltraps: --stdin-filename needs a file name\n'],
        [['--stdin-filename'], 'mltraps: option --stdin-filename needs a value\n'],
      ];
      for (const [args, message] of cases) {
        const run = mltraps(args, ROOT, TRAFFIC_MODULE);
        assert.equal(run.status, 2, args.join(' '));
        assert.equal(run.stdout, '');
        assert.equal(run.stderr, message);
      }
    });
  });

  describe('--quiet', () => {
    it('prints only the findings: no counts and no "Fixed" line', () => {
      const dir = scratch.create({ 'five.py': FIVE_TRAPS, 'grid.py': GRID });
      const run = mltraps(['-q', 'five.py'], dir);
      assert.equal(run.status, 1);
      assert.equal(lines(run.stdout).length, 5);
      assert.equal(run.stderr, '');
      const fixing = mltraps(['--fix', '--quiet', 'five.py'], dir);
      assert.equal(fixing.stderr, '');
      assert.equal(lines(fixing.stdout).length, 1);
      const diff = mltraps(['--diff', '--quiet', 'grid.py'], dir);
      assert.equal(diff.stderr, '');
      assert.equal(mltraps(['--statistics', '-q', 'grid.py'], dir).stderr, '');
    });

    it('still prints errors and skipped files', () => {
      const dir = scratch.create({ 'binary.py': Buffer.from([0x00, 0x01]), 'a.py': TRAFFIC_MODULE });
      const missing = mltraps(['-q', 'missing.py'], dir);
      assert.equal(missing.status, 2);
      assert.equal(missing.stderr, 'mltraps: missing.py: no such file or directory\n');
      const skipped = mltraps(['-q', '.'], dir);
      assert.equal(skipped.stderr, 'binary.py: skipped: not UTF-8 text\n');
      assert.equal(mltraps(['-q=yes', '.'], dir).stderr, 'mltraps: option -q takes no value\n');
    });
  });

  describe('combinations', () => {
    it('--statistics prints text or json only', () => {
      for (const format of ['sarif', 'github']) {
        const run = mltraps(['--statistics', '--format', format, 'test/fixtures/five-traps.py']);
        assert.equal(run.status, 2);
        assert.equal(run.stdout, '');
        assert.equal(run.stderr, `mltraps: --statistics prints text or json, not ${format}\n`);
      }
    });

    it('--unsafe-fixes needs --fix or --diff', () => {
      const run = mltraps(['--unsafe-fixes', 'test/fixtures/five-traps.py']);
      assert.equal(run.status, 2);
      assert.equal(run.stderr, 'mltraps: --unsafe-fixes only works together with --fix or --diff\n');
    });

    it('--help lists every new option', () => {
      const help = mltraps(['--help']).stdout;
      for (const option of ['--format text|json|sarif|github', '--statistics', '--exit-zero', '--show-fixes', '--diff', '--stdin-filename NAME', '-q, --quiet']) {
        assert.ok(help.includes(option), option);
      }
    });
  });

  describe('SARIF 2.1.0 schema (the OASIS schema, test/fixtures/sarif-schema-2.1.0.json)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);

    function assertValid(log: unknown): void {
      const valid = validate(log);
      assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    }

    it('the schema rejects a broken log (the validator works)', () => {
      assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
      assert.equal(validate({ version: '2.0.0', runs: [] }), false);
    });

    it('a .py file with fixes gives a valid log', () => {
      const dir = scratch.create({ 'five.py': FIVE_TRAPS });
      const run = mltraps(['--format', 'sarif', 'five.py'], dir);
      const log = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ fixes?: unknown[] }> }> };
      assert.ok(log.runs[0].results.some((result) => (result.fixes ?? []).length > 0), 'the log has fixes');
      assertValid(log);
    });

    it('a file name with a space, # or ? is one URI reference, in the result and in its fixes', () => {
      const dir = scratch.create({ 'serving #2?.py': TRAFFIC_MODULE });
      type Log = {
        runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; fixes: Array<{ artifactChanges: Array<{ artifactLocation: { uri: string } }> }> }> }>;
      };
      const log = JSON.parse(mltraps(['--format', 'sarif', '.'], dir).stdout) as Log;
      const [result] = log.runs[0].results;
      assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'serving%20%232%3F.py');
      assert.equal(result.fixes[0].artifactChanges[0].artifactLocation.uri, 'serving%20%232%3F.py');
      assert.equal(decodeURIComponent(new URL(result.fixes[0].artifactChanges[0].artifactLocation.uri, 'file:///repo/').pathname), '/repo/serving #2?.py');
      assertValid(log);
    });

    it('an .ipynb with findings and fixes gives a valid log', () => {
      const dir = scratch.create({ 'serving.ipynb': TRAP_NOTEBOOK, 'grid.ipynb': ipynbFromCells([{ kind: 'code', source: GRID }]) });
      const log = JSON.parse(mltraps(['--format', 'sarif', '.'], dir).stdout) as { runs: Array<{ results: Array<{ ruleId: string; fixes?: unknown[] }> }> };
      assert.deepEqual(log.runs[0].results.map((result) => [result.ruleId, (result.fixes ?? []).length]), [['MLT105', 0], ['MLT601', 1]]);
      assertValid(log);
    });
  });
});
