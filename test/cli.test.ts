import * as assert from 'node:assert/strict';
import { allRules } from '../rules';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../package.json';
import { CLI, codesOf, lines, mltraps, ROOT, ScratchFolders } from './support/cli';

const FIVE_TRAPS = 'test/fixtures/five-traps.py';
const FIVE_CODES = ['MLT101', 'MLT102', 'MLT201', 'MLT302', 'MLT601'];
const ALL_CODES = allRules.map((rule) => rule.meta.id);

const TRAFFIC_TRAP = [
  'from databricks.sdk.service.serving import Route, TrafficConfig',
  '',
  'config = TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), Route(served_model_name="b", traffic_percentage=15)])',
  '',
].join('\n');
const CLEAN = 'import mlflow\n\nmlflow.log_metric("rmse", 0.5)\n';

const scratch = new ScratchFolders();

function tempDir(files: Record<string, string | Buffer>): string {
  return scratch.create(files);
}

describe('mltraps CLI (dist/cli.js)', function () {
  this.timeout(60_000);

  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build'));

  after(() => scratch.remove());

  describe('the five-traps notebook', () => {
    it('prints exactly five findings, one per rule, and exits 1', () => {
      const run = mltraps([FIVE_TRAPS]);
      assert.equal(run.status, 1, run.stderr);
      const output = lines(run.stdout);
      assert.equal(output.length, 5, run.stdout);
      for (const line of output) assert.match(line, /^test\/fixtures\/five-traps\.py:\d+:\d+: MLT\d{3} \S.*$/);
      assert.deepEqual([...codesOf(run.stdout)].sort(), FIVE_CODES);
      assert.match(run.stderr, /^5 findings in 1 file\b/m);
    });

    it('sorts findings by position', () => {
      const positions = lines(mltraps([FIVE_TRAPS]).stdout).map((line) => line.split(':').slice(1, 3).map(Number));
      const sorted = [...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      assert.deepEqual(positions, sorted);
    });

    it('lints clean once all its fixes are applied', () => {
      const dir = tempDir({ 'five-traps.py': fs.readFileSync(path.join(ROOT, FIVE_TRAPS)) });
      const fixing = mltraps(['--fix', '--unsafe-fixes', 'five-traps.py'], dir);
      assert.equal(fixing.stdout, '', fixing.stderr);
      assert.equal(fixing.status, 0, fixing.stderr);
      assert.match(fixing.stderr, /Fixed [1-9]\d* findings? in 1 file/);
      const fixed = fs.readFileSync(path.join(dir, 'five-traps.py'), 'utf8');
      assert.notEqual(fixed, fs.readFileSync(path.join(ROOT, FIVE_TRAPS), 'utf8'));
      const relint = mltraps(['five-traps.py'], dir);
      assert.equal(relint.stdout, '');
      assert.equal(relint.status, 0);
    });

    it('--fix alone applies only safe fixes and prints what remains', () => {
      const dir = tempDir({ 'five-traps.py': fs.readFileSync(path.join(ROOT, FIVE_TRAPS)) });
      const before = mltraps(['--format', 'json', 'five-traps.py'], dir);
      const fixing = mltraps(['--fix', 'five-traps.py'], dir);
      const remaining = codesOf(fixing.stdout);
      assert.ok(remaining.length < 5, fixing.stdout);
      assert.equal(fixing.status, remaining.length > 0 ? 1 : 0);
      for (const code of remaining) assert.ok(FIVE_CODES.includes(code), code);
      assert.equal(mltraps(['five-traps.py'], dir).stdout, fixing.stdout, 'what --fix prints is what remains');
      assert.equal((JSON.parse(before.stdout) as unknown[]).length, 5);
    });
  });

  it('the sample output in README.md is what `mltraps examples/` prints', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const samples = readme.split('\n').filter((line) => /^examples\/\S+:(?:cell \d+:)?\d+:\d+: MLT\d{3} /.test(line));
    assert.ok(samples.length >= 2, 'README shows sample output lines');
    const printed = new Set(lines(mltraps(['examples/']).stdout));
    for (const sample of samples) assert.ok(printed.has(sample), `README sample not printed any more: ${sample}`);
  });

  describe('output formats', () => {
    it('--format json: the documented fields, 1-based positions', () => {
      const run = mltraps(['--format', 'json', FIVE_TRAPS]);
      assert.equal(run.status, 1);
      const findings = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
      assert.equal(findings.length, 5);
      const text = lines(mltraps([FIVE_TRAPS]).stdout);
      const source = fs.readFileSync(path.join(ROOT, FIVE_TRAPS), 'utf8').split('\n');
      findings.forEach((finding, index) => {
        assert.deepEqual(Object.keys(finding).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'fixable', 'fixes', 'line', 'message', 'name', 'severity']);
        const fixes = finding.fixes as Array<{ title: string; safety: string }>;
        assert.equal(finding.fixable, fixes.length > 0);
        for (const fix of fixes) {
          assert.deepEqual(Object.keys(fix).sort(), ['safety', 'title']);
          assert.ok(fix.title.length > 0 && ['safe', 'unsafe'].includes(fix.safety), JSON.stringify(fix));
        }
        assert.equal(finding.file, FIVE_TRAPS);
        assert.match(String(finding.code), /^MLT\d{3}$/);
        assert.ok(['error', 'warning', 'information', 'hint'].includes(String(finding.severity)));
        assert.equal(typeof finding.fixable, 'boolean');
        const { line, column, endLine, endColumn } = finding as { line: number; column: number; endLine: number; endColumn: number };
        assert.ok(line >= 1 && column >= 1 && line <= source.length && column <= source[line - 1].length + 1, `${line}:${column}`);
        assert.ok(endLine > line || (endLine === line && endColumn >= column));
        assert.equal(text[index], `${FIVE_TRAPS}:${line}:${column}: ${String(finding.code)} ${String(finding.message)}`);
      });
      const byCode = new Map(findings.map((finding) => [finding.code, finding]));
      assert.equal(byCode.get('MLT601')?.name, 'traffic-split-not-100');
      // MLT102's fix moves the StringIndexer first (safe); MLT201's rewrite to applyInPandas needs a look (unsafe).
      assert.deepEqual((byCode.get('MLT102')!.fixes as Array<{ safety: string }>).map((fix) => fix.safety)[0], 'safe');
      assert.ok((byCode.get('MLT201')!.fixes as Array<{ safety: string; title: string }>).some((fix) => fix.safety === 'unsafe' && /applyInPandas/.test(fix.title)));
      // The positions are those of the flagged code, counted from 1.
      const mapInPandas = byCode.get('MLT201') as { line: number };
      assert.match(source[mapInPandas.line - 1], /mapInPandas/);
      const traffic = byCode.get('MLT601') as { line: number };
      assert.match(source[traffic.line - 1], /traffic_percentage/);
    });

    it('--format json prints [] for a clean file', () => {
      const dir = tempDir({ 'clean.py': CLEAN });
      const run = mltraps(['--format=json', 'clean.py'], dir);
      assert.equal(run.status, 0);
      assert.deepEqual(JSON.parse(run.stdout), []);
    });

    it('--format sarif: SARIF 2.1.0 with rules and results', () => {
      const run = mltraps(['--format', 'sarif', FIVE_TRAPS]);
      assert.equal(run.status, 1);
      const log = JSON.parse(run.stdout) as {
        version: string;
        runs: Array<{
          tool: { driver: { name: string; rules: Array<{ id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; defaultConfiguration: { level: string }; help: { markdown: string } }> } };
          results: Array<{ ruleId: string; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }>;
        }>;
      };
      assert.equal(log.version, '2.1.0');
      const [sarifRun] = log.runs;
      assert.equal(sarifRun.tool.driver.name, 'mltraps');
      assert.deepEqual(sarifRun.tool.driver.rules.map((rule) => rule.id), ALL_CODES);
      for (const rule of sarifRun.tool.driver.rules) {
        assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.markdown.startsWith(`# ${rule.id}`));
        assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
      }
      assert.deepEqual(sarifRun.results.map((result) => result.ruleId).sort(), FIVE_CODES);
      for (const result of sarifRun.results) {
        assert.ok(['error', 'warning', 'note'].includes(result.level));
        assert.ok(result.message.text.length > 0);
        const location = result.locations[0].physicalLocation;
        assert.equal(location.artifactLocation.uri, FIVE_TRAPS);
        assert.ok(location.region.startLine >= 1 && location.region.startColumn >= 1);
      }
      // Each fix: its title, its edits as replacements of the file's text, its safety as a property.
      const source = fs.readFileSync(path.join(ROOT, FIVE_TRAPS), 'utf8');
      const withFixes = sarifRun.results as unknown as Array<{
        ruleId: string;
        fixes?: Array<{ description: { text: string }; properties: { safety: string }; artifactChanges: Array<{ artifactLocation: { uri: string }; replacements: Array<{ deletedRegion: { charOffset: number; charLength: number }; insertedContent: { text: string } }> }> }>;
      }>;
      const mlt102 = withFixes.find((result) => result.ruleId === 'MLT102')!;
      assert.ok(mlt102.fixes && mlt102.fixes.length > 0);
      const [fix] = mlt102.fixes;
      assert.equal(fix.properties.safety, 'safe');
      assert.match(fix.description.text, /StringIndexer/);
      assert.equal(fix.artifactChanges[0].artifactLocation.uri, FIVE_TRAPS);
      for (const replacement of fix.artifactChanges[0].replacements) {
        assert.ok(replacement.deletedRegion.charOffset >= 0 && replacement.deletedRegion.charOffset + replacement.deletedRegion.charLength <= source.length);
      }
    });
  });

  describe('rule selection', () => {
    it('--select by id prefix and by name', () => {
      assert.deepEqual(codesOf(mltraps(['--select', 'MLT6', FIVE_TRAPS]).stdout), ['MLT601']);
      assert.deepEqual(codesOf(mltraps(['--select', 'traffic-split-not-100,MLT201', FIVE_TRAPS]).stdout).sort(), ['MLT201', 'MLT601']);
    });

    it('--ignore', () => {
      const run = mltraps(['--ignore', 'MLT1,mapinpandas-per-group-training', FIVE_TRAPS]);
      assert.deepEqual(codesOf(run.stdout).sort(), ['MLT302', 'MLT601']);
      assert.equal(run.status, 1);
    });

    it('exits 0 when the selected rules find nothing', () => {
      const dir = tempDir({ 'serving.py': TRAFFIC_TRAP });
      const run = mltraps(['--select', 'MLT1', 'serving.py'], dir);
      assert.equal(run.stdout, '');
      assert.equal(run.status, 0);
    });

    it('an unknown rule in --select or --ignore is a usage error', () => {
      for (const args of [['--select', 'MLT999'], ['--ignore', 'no-such-rule']]) {
        const run = mltraps([...args, FIVE_TRAPS]);
        assert.equal(run.status, 2);
        assert.equal(run.stdout, '');
        assert.equal(lines(run.stderr).length, 1, run.stderr);
        assert.match(run.stderr, /unknown rule/);
      }
    });
  });

  describe('files and folders', () => {
    it('lints folders recursively, skipping .git, node_modules and virtualenvs, paths as given', () => {
      const dir = tempDir({
        'jobs/serving.py': TRAFFIC_TRAP,
        'jobs/clean.py': CLEAN,
        'a_first.py': TRAFFIC_TRAP,
        'notes.txt': TRAFFIC_TRAP,
        '.git/hooks/x.py': TRAFFIC_TRAP,
        'node_modules/pkg/x.py': TRAFFIC_TRAP,
        '.venv/lib/x.py': TRAFFIC_TRAP,
        'env/pyvenv.cfg': 'home = /usr/bin\n',
        'env/lib/x.py': TRAFFIC_TRAP,
        'env2/lib/site-packages/x.py': TRAFFIC_TRAP,
        'jobs/__pycache__/x.py': TRAFFIC_TRAP,
      });
      const all = mltraps([], dir);
      assert.equal(all.status, 1, all.stderr);
      assert.deepEqual(lines(all.stdout).map((line) => line.split(':')[0]), ['a_first.py', path.join('jobs', 'serving.py')]);
      assert.match(all.stderr, /2 findings in 2 files/);
      const given = mltraps(['jobs/', './a_first.py'], dir);
      assert.deepEqual(lines(given.stdout).map((line) => line.split(':')[0]), ['a_first.py', path.join('jobs', 'serving.py')]);
    });

    it('exit code 0 on clean files', () => {
      const dir = tempDir({ 'clean.py': CLEAN });
      const run = mltraps(['.'], dir);
      assert.equal(run.status, 0);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /No findings in 1 file/);
    });

    it('skips a binary, non-UTF-8 or too large file with a message and lints the rest', () => {
      const dir = tempDir({
        'binary.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00]),
        'latin1.py': Buffer.from('# caf\xe9\nx = 1\n', 'latin1'),
        'serving.py': TRAFFIC_TRAP,
      });
      const run = mltraps(['.'], dir);
      assert.equal(run.status, 1);
      assert.deepEqual(codesOf(run.stdout), ['MLT601']);
      assert.match(run.stderr, /^binary\.py: skipped: not UTF-8 text$/m);
      assert.match(run.stderr, /^latin1\.py: skipped: not UTF-8 text$/m);
      const big = tempDir({ 'generated.py': `${'x = 1\n'.repeat(200_000)}` });
      // Nothing linted is not "no findings": exit 2.
      const skippedBig = mltraps(['.'], big);
      assert.equal(skippedBig.status, 2);
      assert.match(skippedBig.stderr, /^generated\.py: skipped: /m);
      assert.match(skippedBig.stderr, /^Nothing linted: 1 file skipped\.$/m);
      const alone = mltraps(['binary.py'], dir);
      assert.equal(alone.status, 2);
      assert.equal(alone.stdout, '');
    });

    it('a folder without Python files says so (exit 0, as Ruff does), not "no findings in 0 files"', () => {
      const dir = tempDir({ 'README.md': '# Notes\n', 'docs/ml-flow.md': 'mlflow.start_run()\n' });
      const run = mltraps(['.'], dir);
      assert.equal(run.status, 0);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^No Python files \(\.py, \.ipynb\) found: nothing linted\.$/m);
    });

    it('a missing path exits 2 with a one-line message', () => {
      const run = mltraps(['no/such/folder']);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.equal(lines(run.stderr).length, 1);
      assert.match(run.stderr, /no\/such\/folder/);
    });

    it('never rewrites a file without --fix', () => {
      const dir = tempDir({ 'serving.py': TRAFFIC_TRAP });
      for (const args of [[], ['--format', 'json'], ['--format', 'sarif'], ['--select', 'MLT601']]) {
        assert.equal(mltraps([...args, 'serving.py'], dir).status, 1);
      }
      assert.equal(fs.readFileSync(path.join(dir, 'serving.py'), 'utf8'), TRAFFIC_TRAP);
      const fixing = mltraps(['--fix', 'serving.py'], dir);
      assert.equal(fixing.status, 0, fixing.stdout);
      assert.notEqual(fs.readFileSync(path.join(dir, 'serving.py'), 'utf8'), TRAFFIC_TRAP);
    });
  });

  describe('usage', () => {
    it('an unknown option exits 2 with a one-line message', () => {
      const run = mltraps(['--frobnicate', FIVE_TRAPS]);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.equal(lines(run.stderr).length, 1);
      assert.match(run.stderr, /--frobnicate/);
    });

    it('an unknown option names the option or command most likely meant (a typo, Ruff\'s name, a command written as an option)', () => {
      const said = (args: string[]) => {
        const run = mltraps([...args, FIVE_TRAPS]);
        assert.equal(run.status, 2);
        return run.stderr.trim();
      };
      assert.equal(said(['--selct', 'MLT1']), 'mltraps: unknown option --selct: did you mean --select? (see mltraps --help)');
      assert.equal(said(['--output-format', 'json']), 'mltraps: unknown option --output-format: did you mean --format? (see mltraps --help)');
      assert.equal(said(['--explain', 'MLT302']), 'mltraps: unknown option --explain: explain is a command, written first: "mltraps explain MLT101"');
      assert.equal(said(['--frobnicate']), 'mltraps: unknown option --frobnicate (see mltraps --help)');
    });

    it('--unsafe-fixes without --fix and a bad --format are usage errors', () => {
      assert.equal(mltraps(['--unsafe-fixes', FIVE_TRAPS]).status, 2);
      assert.equal(mltraps(['--format', 'xml', FIVE_TRAPS]).status, 2);
    });

    it('--version and --help', () => {
      assert.equal(mltraps(['--version']).stdout.trim(), version);
      const help = mltraps(['--help']);
      assert.equal(help.status, 0);
      assert.match(help.stdout, /Usage: mltraps/);
    });

    it('explain prints a rule by id or name; an unknown rule exits 2', () => {
      const byId = mltraps(['explain', 'MLT101']);
      assert.equal(byId.status, 0);
      assert.match(byId.stdout, /^MLT101 missing-vector-assembler/);
      assert.match(byId.stdout, /Trap:/);
      assert.equal(mltraps(['explain', 'traffic-split-not-100']).stdout.split('\n')[0].startsWith('MLT601'), true);
      const unknown = mltraps(['explain', 'MLT999']);
      assert.equal(unknown.status, 2);
      assert.equal(lines(unknown.stderr).length, 1);
    });

    it('explain prints an API card by key or short name; with no argument it lists the API keys', () => {
      const card = mltraps(['explain', 'mapInPandas']);
      assert.equal(card.status, 0);
      assert.match(card.stdout, /^mapInPandas: DataFrame\.mapInPandas\(func, schema\)\n/);
      assert.match(card.stdout, /\nExam fact: +It works per partition/);
      assert.match(card.stdout, /\nConfused with: +`groupBy\(key\)\.applyInPandas/);
      assert.match(card.stdout, /\nRules: MLT201 mapinpandas-per-group-training/);
      const short = mltraps(['explain', 'spark_udf']);
      assert.equal(short.status, 0);
      assert.match(short.stdout, /^mlflow\.pyfunc\.spark_udf: mlflow\.pyfunc\.spark_udf\(spark, model_uri/);
      assert.match(mltraps(['explain', 'MLT201']).stdout, /^MLT201 mapinpandas-per-group-training/, 'a rule id still means the rule');
      const listing = mltraps(['explain']);
      assert.equal(listing.status, 0);
      const keys = lines(listing.stdout).slice(1).map((line) => line.split(/\s+/)[0]);
      assert.ok(['mapInPandas', 'mlflow.pyfunc.spark_udf', 'hyperopt.fmin'].every((key) => keys.includes(key)), keys.join(' '));
      const unknown = mltraps(['explain', 'no_such_api']);
      assert.equal(unknown.status, 2);
      assert.equal(lines(unknown.stderr).length, 1);
      assert.match(unknown.stderr, /mltraps explain/);
    });

    it('rules lists every rule', () => {
      const run = mltraps(['rules']);
      assert.equal(run.status, 0);
      assert.deepEqual(lines(run.stdout).map((line) => line.split(/\s+/)[0]), ALL_CODES);
    });
  });
});
