import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { readConfigText, type ConfigWarning } from '../../server/configuration/configFile';
import { ConfigFileError, ConfigResolver } from '../../server/configuration/configResolver';
import { lintSettingsResolver, resolveLintSettings } from '../../server/configuration/lintSettings';
import { PathPatterns } from '../../server/configuration/pathPatterns';

// Which configuration applies to a file, and what it makes of each rule with the command
// line's or the editor's settings on top.

const ROOT = path.join(path.sep, 'repo');

function config(text: string) {
  const read = readConfigText(path.join(ROOT, 'mltraps.toml'), text);
  assert.ok(read);
  assert.deepEqual(read.warnings, []);
  return read;
}

function enabled(settings: Record<string, string>): string[] {
  return Object.entries(settings)
    .filter(([, setting]) => setting !== 'off')
    .map(([id]) => id);
}

const ALL = allRules.map((rule) => rule.meta.id);
const file = (relative: string) => path.join(ROOT, ...relative.split('/'));

describe('configuration resolution', () => {
  describe('rule settings of a file', () => {
    it('without configuration every rule runs at its own severity', () => {
      const { ruleSettings } = resolveLintSettings(undefined, file('a.py'));
      assert.deepEqual(ruleSettings, Object.fromEntries(allRules.map((rule) => [rule.meta.id, rule.meta.severity])));
    });

    it('select narrows, extend-select adds, ignore wins over both', () => {
      const { ruleSettings } = resolveLintSettings(config('select = ["MLT1"]\nextend-select = ["traffic-split-not-100", "MLT704"]\nignore = ["MLT105"]'), file('a.py'));
      assert.deepEqual(enabled(ruleSettings), [...ALL.filter((id) => id.startsWith('MLT1') && id !== 'MLT105'), 'MLT601', 'MLT704']);
    });

    it('per-file-ignores: a pattern with / is relative to the configuration folder, one without matches the name', () => {
      const resolved = config('per-file-ignores = { "notebooks/legacy/*.py" = ["MLT4"], "test_*.py" = ["MLT704"], "scratch/" = ["MLT1"] }');
      const off = (relative: string) => ALL.filter((id) => !enabled(resolveLintSettings(resolved, file(relative)).ruleSettings).includes(id));
      assert.deepEqual(off('notebooks/legacy/promote.py'), ALL.filter((id) => id.startsWith('MLT4')));
      assert.deepEqual(off('notebooks/legacy/sub/promote.py'), [], '* does not cross folders');
      assert.deepEqual(off('other/notebooks/legacy/promote.py'), [], 'relative to the configuration folder, not anywhere');
      assert.deepEqual(off('deep/down/test_model.py'), ['MLT704']);
      assert.deepEqual(off('scratch/a/b.py'), ALL.filter((id) => id.startsWith('MLT1')), 'a folder pattern covers what is inside');
      assert.deepEqual(off('main.py'), []);
    });

    it("a run's resolver gives each file resolveLintSettings' answer, one object per configuration and per-file-ignores matched", () => {
      const resolved = config('per-file-ignores = { "notebooks/legacy/*.py" = ["MLT4"], "test_*.py" = ["MLT704"] }\nignore = ["MLT105"]');
      const other = config('select = ["MLT6"]');
      const overrides = { extendSelect: ['MLT105'] };
      const resolve = lintSettingsResolver(overrides);
      const files = ['a.py', 'b.py', 'notebooks/legacy/promote.py', 'notebooks/legacy/train.py', 'test_a.py', 'notebooks/legacy/test_b.py'];
      for (const configFile of [resolved, other, undefined]) {
        for (const relative of files) assert.deepEqual(resolve(configFile, file(relative)), resolveLintSettings(configFile, file(relative), overrides), relative);
      }
      assert.equal(resolve(resolved, file('a.py')), resolve(resolved, file('b.py')));
      assert.equal(resolve(resolved, file('notebooks/legacy/promote.py')), resolve(resolved, file('notebooks/legacy/train.py')));
      assert.notEqual(resolve(resolved, file('a.py')), resolve(resolved, file('notebooks/legacy/promote.py')));
      assert.notEqual(resolve(resolved, file('test_a.py')), resolve(resolved, file('notebooks/legacy/test_b.py')));
      assert.notEqual(resolve(resolved, file('a.py')), resolve(other, file('a.py')));
      assert.equal(resolve(undefined, file('a.py')), resolve(undefined, file('notebooks/legacy/promote.py')));
    });

    it('severity sets a level or turns a rule off', () => {
      const { ruleSettings } = resolveLintSettings(config('severity = { MLT105 = "warning", MLT601 = "off" }'), file('a.py'));
      assert.equal(ruleSettings.MLT105, 'warning');
      assert.equal(ruleSettings.MLT601, 'off');
      assert.equal(ruleSettings.MLT101, 'error');
    });

    it('the command line: --select replaces the file\'s select, ignore and "off" severities; --ignore adds to the file\'s', () => {
      const resolved = config('select = ["MLT4"]\nignore = ["MLT101"]\nseverity = { MLT101 = "off", MLT102 = "hint" }');
      const selected = resolveLintSettings(resolved, file('a.py'), { select: ['MLT101', 'MLT102'] }).ruleSettings;
      assert.deepEqual(enabled(selected), ['MLT101', 'MLT102']);
      assert.equal(selected.MLT102, 'hint', 'levels from the file still apply');
      const ignored = resolveLintSettings(resolved, file('a.py'), { ignore: ['MLT401'] }).ruleSettings;
      assert.deepEqual(enabled(ignored), ALL.filter((id) => id.startsWith('MLT4') && id !== 'MLT401'));
    });

    it('the command line: --extend-select turns on a rule the file ignores or turns off (Ruff\'s later layer); --ignore and per-file-ignores still win', () => {
      const resolved = config('select = ["MLT4"]\nignore = ["MLT1"]\nseverity = { MLT102 = "off", MLT103 = "hint" }\nper-file-ignores = { "legacy_*.py" = ["MLT104"] }');
      const extended = resolveLintSettings(resolved, file('a.py'), { extendSelect: ['MLT101', 'MLT102', 'MLT103', 'MLT104'] }).ruleSettings;
      assert.deepEqual(enabled(extended), [...ALL.filter((id) => id.startsWith('MLT4')), 'MLT101', 'MLT102', 'MLT103', 'MLT104'].sort());
      assert.equal(extended.MLT103, 'hint', 'levels from the file still apply');
      assert.equal(extended.MLT101, allRules.find((rule) => rule.meta.id === 'MLT101')?.meta.severity);
      const ignored = resolveLintSettings(resolved, file('legacy_a.py'), { extendSelect: ['MLT101', 'MLT104'], ignore: ['MLT101'] }).ruleSettings;
      assert.equal(ignored.MLT101, 'off', '--ignore wins over --extend-select');
      assert.equal(ignored.MLT104, 'off', 'per-file-ignores win over the command line');
    });

    it("the editor's explicit setting for a rule wins over everything the file says about it", () => {
      const resolved = config('select = ["MLT4"]\nper-file-ignores = { "*.py" = ["MLT401"] }\nseverity = { MLT402 = "hint" }');
      const { ruleSettings } = resolveLintSettings(resolved, file('a.py'), { ruleSettings: { MLT101: 'warning', MLT401: 'information', 'stage-model-uri': 'off' } });
      assert.equal(ruleSettings.MLT101, 'warning', 'not selected by the file, on in the editor');
      assert.equal(ruleSettings.MLT401, 'information', 'ignored for *.py by the file, on in the editor');
      assert.equal(ruleSettings.MLT402, 'off', 'by name');
      assert.equal(ruleSettings.MLT403, allRules.find((rule) => rule.meta.id === 'MLT403')?.meta.severity, 'others follow the file');
      assert.equal(ruleSettings.MLT601, 'off');
    });

    it('cross-validator-model-limit and registry reach the engine settings; the editor limit wins', () => {
      const resolved = config('cross-validator-model-limit = 250\nregistry = "workspace"');
      assert.deepEqual(resolveLintSettings(resolved, file('a.py')).settings, { crossValidatorModelLimit: 250, declaredRegistry: 'workspace' });
      assert.deepEqual(resolveLintSettings(resolved, file('a.py'), { crossValidatorModelLimit: 10 }).settings, { crossValidatorModelLimit: 10, declaredRegistry: 'workspace' });
      assert.deepEqual(resolveLintSettings(undefined, file('a.py')).settings, {});
    });
  });

  describe('PathPatterns', () => {
    const patterns = new PathPatterns(['archive', '*_old.py', 'notebooks/drafts/', './jobs/tmp_*.py', ''], ROOT);
    it('names match anywhere, paths from the folder', () => {
      assert.equal(patterns.matchesEntry(file('x/archive')), true);
      assert.equal(patterns.matchesEntry(file('x/train_old.py')), true);
      assert.equal(patterns.matchesEntry(file('notebooks/drafts')), true);
      assert.equal(patterns.matchesEntry(file('notebooks/drafts/a.py')), true);
      assert.equal(patterns.matchesEntry(file('jobs/tmp_1.py')), true);
      assert.equal(patterns.matchesEntry(file('x/jobs/tmp_1.py')), false);
      assert.equal(patterns.matchesEntry(file('notebooks/final.py')), false);
      assert.equal(patterns.matchesEntry(path.join(path.sep, 'elsewhere', 'notebooks', 'drafts')), false);
      assert.equal(patterns.matchesFile(file('x/archive/y/z.py')), true, 'inside an excluded folder');
      assert.equal(new PathPatterns([], ROOT).empty, true);
    });
  });

  describe('ConfigResolver', () => {
    let dir: string;
    let warnings: ConfigWarning[];
    const write = (relative: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
      fs.writeFileSync(path.join(dir, relative), text);
    };
    beforeEach(() => {
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-config-')));
      warnings = [];
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('the closest file wins; a pyproject.toml without [tool.mltraps] is passed over; .mltraps.toml > mltraps.toml > pyproject.toml', () => {
      write('pyproject.toml', '[tool.mltraps]\nselect = ["MLT1"]\n');
      write('a/pyproject.toml', '[project]\nname = "a"\n');
      write('a/b/mltraps.toml', 'select = ["MLT2"]\n');
      write('a/b/pyproject.toml', '[tool.mltraps]\nselect = ["MLT3"]\n');
      write('c/.mltraps.toml', 'select = ["MLT6"]\n');
      write('c/mltraps.toml', 'select = ["MLT7"]\n');
      const resolver = new ConfigResolver({ kind: 'discover' }, (warning) => warnings.push(warning));
      assert.equal(resolver.forFile(path.join(dir, 'x.py'))?.path, path.join(dir, 'pyproject.toml'));
      assert.equal(resolver.forFile(path.join(dir, 'a', 'x.py'))?.path, path.join(dir, 'pyproject.toml'));
      assert.equal(resolver.forFile(path.join(dir, 'a', 'b', 'd', 'x.py'))?.path, path.join(dir, 'a', 'b', 'mltraps.toml'));
      assert.equal(resolver.forFile(path.join(dir, 'c', 'x.py'))?.path, path.join(dir, 'c', '.mltraps.toml'));
      assert.deepEqual(warnings, []);
    });

    it('reports a file\'s warnings once per reading, and reads it again when it changes', () => {
      write('mltraps.toml', 'selct = []\n');
      const resolver = new ConfigResolver({ kind: 'discover' }, (warning) => warnings.push(warning));
      resolver.forFile(path.join(dir, 'a.py'));
      resolver.forFile(path.join(dir, 'sub', 'b.py'));
      assert.equal(warnings.length, 1);
      write('mltraps.toml', 'select = ["MLT1"]\nextra = 1\n');
      fs.utimesSync(path.join(dir, 'mltraps.toml'), new Date(), new Date(Date.now() + 5000));
      assert.deepEqual(resolver.forFile(path.join(dir, 'a.py'))?.values, { select: ['MLT1'] });
      assert.equal(warnings.length, 2);
      assert.match(warnings[1].message, /unknown key "extra"/);
    });

    it('--config: that file for every file, wherever it is; a missing file or one without the table is an error', () => {
      write('shared/team.toml', 'select = ["MLT6"]\n');
      write('proj/mltraps.toml', 'select = ["MLT1"]\n');
      const resolver = new ConfigResolver({ kind: 'file', path: path.join(dir, 'shared', 'team.toml') }, () => {});
      assert.deepEqual(resolver.forFile(path.join(dir, 'proj', 'a.py'))?.values, { select: ['MLT6'] });
      assert.throws(() => new ConfigResolver({ kind: 'file', path: path.join(dir, 'none.toml') }, () => {}), ConfigFileError);
      assert.throws(() => new ConfigResolver({ kind: 'file', path: path.join(dir, 'shared') }, () => {}), /shared: a folder, not a configuration file$/);
      write('pyproject.toml', '[project]\nname = "x"\n');
      assert.throws(() => new ConfigResolver({ kind: 'file', path: path.join(dir, 'pyproject.toml') }, () => {}), /has no \[tool\.mltraps\] table/);
    });

    it('--isolated: no file at all', () => {
      write('mltraps.toml', 'select = ["MLT1"]\n');
      assert.equal(new ConfigResolver({ kind: 'isolated' }, () => {}).forFile(path.join(dir, 'a.py')), undefined);
    });
  });
});
