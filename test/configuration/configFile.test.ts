import * as assert from 'node:assert/strict';
import { readConfigText } from '../../server/configuration/configFile';
import { KEY_DEFINITIONS } from '../../server/configuration/keys';
import { configurationExample } from '../../server/configuration/reference';
import { lineOfKey } from '../../server/configuration/tomlLocations';

// Reading one configuration file: every key's accepted and refused values, where the table
// lives (pyproject.toml vs mltraps.toml), and warnings that name file, line and key.

const PYPROJECT = '/repo/pyproject.toml';
const MLTRAPS_TOML = '/repo/mltraps.toml';

function read(text: string, file = MLTRAPS_TOML) {
  const config = readConfigText(file, text);
  assert.ok(config, 'expected a configuration');
  return config;
}

function warningsOf(text: string, file = MLTRAPS_TOML): string[] {
  return read(text, file).warnings.map((warning) => `${warning.line ?? '-'}: ${warning.message}`);
}

describe('configuration file', () => {
  describe('each key: a valid value is taken, a wrong one is a warning naming its line, and left out', () => {
    const cases: Array<{ key: string; good: string; value: unknown; bad: string; problem: RegExp }> = [
      { key: 'select', good: 'select = ["MLT1", "traffic-split-not-100"]', value: ['MLT1', 'traffic-split-not-100'], bad: 'select = "MLT1"', problem: /list of strings/ },
      { key: 'extend-select', good: 'extend-select = ["MLT704"]', value: ['MLT704'], bad: 'extend-select = [1]', problem: /list of strings/ },
      { key: 'ignore', good: "ignore = ['MLT407']", value: ['MLT407'], bad: 'ignore = { MLT407 = true }', problem: /list of strings/ },
      {
        key: 'per-file-ignores',
        good: 'per-file-ignores = { "tests/**" = ["MLT704"], "legacy_*.py" = ["MLT4"] }',
        value: { 'tests/**': ['MLT704'], 'legacy_*.py': ['MLT4'] },
        bad: 'per-file-ignores = ["tests/**"]',
        problem: /table of glob pattern/,
      },
      { key: 'exclude', good: 'exclude = ["archive", "nb/old/"]', value: ['archive', 'nb/old/'], bad: 'exclude = "archive"', problem: /list of glob patterns/ },
      { key: 'extend-exclude', good: 'extend-exclude = ["*_scratch.py"]', value: ['*_scratch.py'], bad: 'extend-exclude = true', problem: /list of glob patterns/ },
      { key: 'severity', good: 'severity = { MLT105 = "warning", "registered-without-signature" = "off" }', value: { MLT105: 'warning', MLT304: 'off' }, bad: 'severity = { MLT105 = "fatal" }', problem: /level of "MLT105" must be one of "off", "error", "warning", "information", "hint"/ },
      { key: 'cross-validator-model-limit', good: 'cross-validator-model-limit = 250', value: 250, bad: 'cross-validator-model-limit = -3', problem: /non-negative number/ },
      { key: 'registry', good: 'registry = "unity-catalog"', value: 'unity-catalog', bad: 'registry = "uc"', problem: /"unity-catalog" or "workspace"/ },
      { key: 'respect-gitignore', good: 'respect-gitignore = false', value: false, bad: 'respect-gitignore = "no"', problem: /true or false/ },
    ];

    it('covers every defined key', () => {
      assert.deepEqual(cases.map((entry) => entry.key).sort(), KEY_DEFINITIONS.map((definition) => definition.key).sort());
    });

    for (const { key, good, value, bad, problem } of cases) {
      it(key, () => {
        const taken = read(`# mltraps\n${good}\n`);
        assert.deepEqual(taken.warnings, []);
        assert.deepEqual((taken.values as Record<string, unknown>)[key], value);

        const [otherKey, otherLine, otherValue] =
          key === 'respect-gitignore' ? ['cross-validator-model-limit', 'cross-validator-model-limit = 7', 7] : ['respect-gitignore', 'respect-gitignore = false', false];
        const refused = read(`${otherLine}\n\n${bad}\n`);
        assert.equal(refused.warnings.length, 1, JSON.stringify(refused.warnings));
        assert.equal(refused.warnings[0].file, MLTRAPS_TOML);
        assert.equal(refused.warnings[0].line, 3);
        assert.match(refused.warnings[0].message, new RegExp(`^"${key}": `));
        assert.match(refused.warnings[0].message, problem);
        assert.match(refused.warnings[0].message, /it is ignored$/);
        assert.equal(key in refused.values, false, 'the refused value is left out');
        assert.deepEqual((refused.values as Record<string, unknown>)[otherKey], otherValue, 'the other keys still apply');
      });
    }
  });

  describe('pyproject.toml', () => {
    it('reads [tool.mltraps] and its sub-tables, and nothing else of the file', () => {
      const config = read(
        ['[project]', 'name = "churn"', 'select = "not ours"', '', '[tool.ruff]', 'select = ["E"]', '', '[tool.mltraps]', 'ignore = ["MLT407"]', '', '[tool.mltraps.severity]', 'MLT105 = "warning"', ''].join('\n'),
        PYPROJECT,
      );
      assert.deepEqual(config.values, { ignore: ['MLT407'], severity: { MLT105: 'warning' } });
      assert.deepEqual(config.warnings, []);
      assert.equal(config.folder, '/repo');
    });

    it('without [tool.mltraps] it is not an mltraps configuration (also when broken: other tools own it)', () => {
      assert.equal(readConfigText(PYPROJECT, '[project]\nname = "x"\n[tool.ruff]\nline-length = 100\n'), undefined);
      assert.equal(readConfigText(PYPROJECT, '[project\nname = '), undefined);
    });

    it('a broken pyproject.toml that has [tool.mltraps] is a warning with the line, and no settings', () => {
      const config = read('[tool.mltraps]\nselect = ["MLT1"\nignore = []\n', PYPROJECT);
      assert.deepEqual(config.values, {});
      assert.equal(config.warnings.length, 1);
      assert.equal(config.warnings[0].line, 3);
      assert.match(config.warnings[0].message, /^invalid TOML \(.+\); this file's mltraps settings are not used, the defaults apply$/);
    });

    it('a broken pyproject.toml that sets mltraps settings with dotted keys or a sub-table is a warning too; one with a look-alike table is not ours', () => {
      for (const text of ['tool.mltraps.select = ["MLT1"\n', '"tool"."mltraps" = { select = [ }\n', '[tool.mltraps.severity]\nMLT105 = \n']) {
        const config = read(text, PYPROJECT);
        assert.deepEqual(config.values, {}, text);
        assert.match(config.warnings[0]?.message ?? '', /^invalid TOML /, text);
      }
      assert.equal(readConfigText(PYPROJECT, '[tool.mltraps-companion]\nx = \n'), undefined);
    });

    it('[tool] mltraps = 3 is a warning, not a crash', () => {
      const config = read('[tool]\nmltraps = 3\n', PYPROJECT);
      assert.deepEqual(config.values, {});
      assert.deepEqual(
        config.warnings.map((warning) => [warning.line, warning.message]),
        [[2, '[tool.mltraps] must be a table; this file\'s mltraps settings are not used']],
      );
    });
  });

  describe('warnings', () => {
    it('an unknown key names file, line and key, and suggests the closest known key', () => {
      assert.deepEqual(warningsOf('[tool.mltraps]\nselect = ["MLT1"]\nselct = ["MLT2"]\nper_file_ignores = {}\n', PYPROJECT), [
        '3: unknown key "selct" in [tool.mltraps] (did you mean "select"?); it is ignored',
        '4: unknown key "per_file_ignores" in [tool.mltraps] (did you mean "per-file-ignores"?); it is ignored',
      ]);
      assert.match(warningsOf('colour = "blue"\n')[0], /^1: unknown key "colour" in mltraps.toml \(known keys: select, extend-select, ignore, .*respect-gitignore\); it is ignored$/);
    });

    it('an unknown key written as a sub-table header names the header line', () => {
      assert.deepEqual(warningsOf('[tool.mltraps]\nselect = []\n\n[tool.mltraps.severities]\nMLT105 = "warning"\n', PYPROJECT), [
        '4: unknown key "severities" in [tool.mltraps] (did you mean "severity"?); it is ignored',
      ]);
    });

    it('rules that do not exist are named and left out; the known ones stay', () => {
      const text = [
        'select = ["MLT1", "MLT999", "no-such-rule"]',
        'per-file-ignores = { "tests/**" = ["MLT704", "MLT77"] }',
        '[severity]',
        'MLT105 = "warning"',
        'MLT000 = "error"',
      ].join('\n');
      const config = read(text);
      assert.deepEqual(config.values.select, ['MLT1']);
      assert.deepEqual(config.values['per-file-ignores'], { 'tests/**': ['MLT704'] });
      assert.deepEqual(config.values.severity, { MLT105: 'warning' });
      assert.deepEqual(
        config.warnings.map((warning) => `${warning.line}: ${warning.message}`),
        [
          '1: "select": unknown rule "MLT999" (see mltraps rules); it is ignored',
          '1: "select": unknown rule "no-such-rule" (see mltraps rules); it is ignored',
          '2: "per-file-ignores": unknown rule "MLT77" for "tests/**" (see mltraps rules); it is ignored',
          '5: "severity": unknown rule "MLT000" (see mltraps rules); it is ignored',
        ],
      );
    });

    it('severity keys by rule name become ids', () => {
      assert.deepEqual(read('severity = { "traffic-split-not-100" = "hint", mlt101 = "off" }').values.severity, { MLT601: 'hint', MLT101: 'off' });
    });

    it('invalid TOML names the line where the parser stopped', () => {
      const config = read('select = ["MLT1"]\nignore = [\n');
      assert.deepEqual(config.values, {});
      assert.equal(config.warnings[0].line, 3);
    });

    it('a key defined twice is invalid TOML', () => {
      assert.match(warningsOf('select = []\nselect = ["MLT1"]\n')[0], /^2: invalid TOML/);
    });
  });

  it("the README's example of every key reads without a warning, with every key set", () => {
    const config = read(configurationExample(), PYPROJECT);
    assert.deepEqual(config.warnings, []);
    assert.deepEqual(Object.keys(config.values).sort(), KEY_DEFINITIONS.map((definition) => definition.key).sort());
  });

  describe('lineOfKey', () => {
    const text = ['[tool.ruff]', 'select = ["E"]', '[ tool . "mltraps" ]  # ours', '  "select" = []', "'ignore'=[]", '[tool.mltraps.severity]', 'MLT105 = "hint"'].join('\r\n');
    it('finds keys under the right header only, quoted or not, with CRLF line ends', () => {
      assert.equal(lineOfKey(text, ['tool', 'mltraps'], 'select'), 4);
      assert.equal(lineOfKey(text, ['tool', 'mltraps'], 'ignore'), 5);
      assert.equal(lineOfKey(text, ['tool', 'mltraps'], 'severity'), 6);
      assert.equal(lineOfKey(text, ['tool', 'mltraps', 'severity'], 'MLT105'), 7);
      assert.equal(lineOfKey(text, ['tool', 'ruff'], 'select'), 2);
      assert.equal(lineOfKey(text, ['tool', 'mltraps'], 'exclude'), undefined);
    });
  });
});
