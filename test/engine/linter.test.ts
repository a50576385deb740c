import * as assert from 'node:assert/strict';
import { guardedPattern, holdsGuardWord, inAnyCase } from '../../rules/engine/guardedPatterns';
import { canAnyRuleFire, lintDocument, Linter, MAX_LINT_LENGTH, reasonNotToLint } from '../../rules/engine/linter';
import { layoutOf } from '../../rules/engine/kernelCells';
import { loadPythonParser, type PythonParser } from '../../rules/engine/parser';
import type { Inclusion } from '../../rules/engine/kernelCells';
import { buildProgram, type ProgramSource } from '../../rules/engine/program';
import { fileSource, parseSource } from '../../rules/engine/programParser';
import type { Rule, TextTest } from '../../rules/engine/types';
import { allRules } from '../../rules';
import { testLinter } from '../support/linter';

const reportsEveryCall: Rule = {
  meta: { id: 'MLT901', name: 'test-every-call', severity: 'warning', area: 'Spark ML pipelines', domain: 'Model Development', title: 'test' },
  docs: { trap: '', reality: '', example: '', useInstead: '', fix: 'none', examFact: '' },
  check({ model, report }) {
    for (const call of model.calls()) {
      report({
        node: call.node,
        message: `call ${call.name}`,
        fixes: [{ title: 'rename', safety: 'safe', edits: [{ start: call.callee.startIndex, end: call.callee.endIndex, newText: 'ok' }] }],
      });
    }
  },
};

const throws: Rule = {
  meta: { id: 'MLT902', name: 'test-throws', severity: 'error', area: 'Spark ML pipelines', domain: 'Model Development', title: 'test' },
  docs: { trap: '', reality: '', example: '', useInstead: '', fix: 'none', examFact: '' },
  check() {
    throw new Error('boom');
  },
};

describe('linter', () => {
  it('skips a rule that throws, reports it, and runs the others', async () => {
    const linter = new Linter(await loadPythonParser(), [throws, reportsEveryCall]);
    const errors: string[] = [];
    const { findings } = linter.lintText('file:///t.py', 'f()\n', { onRuleError: (rule, error) => errors.push(`${rule.meta.id}: ${(error as Error).message}`) });
    assert.deepEqual(errors, ['MLT902: boom']);
    assert.deepEqual(findings.map((finding) => finding.ruleId), ['MLT901']);
  });

  it('applies rule settings: off, severity overrides by id or name, select and ignore by prefix', async () => {
    const linter = new Linter(await loadPythonParser(), [reportsEveryCall]);
    const lint = (options: Parameters<Linter['lintText']>[2]) => linter.lintText('file:///t.py', 'f()\n', options).findings;
    assert.equal(lint({ ruleSettings: { MLT901: 'off' } }).length, 0);
    assert.equal(lint({ ruleSettings: { 'test-every-call': 'error' } })[0].severity, 'error');
    assert.equal(lint({ select: ['MLT9'] }).length, 1);
    assert.equal(lint({ select: ['MLT1'] }).length, 0);
    assert.equal(lint({ ignore: ['test-every-call'] }).length, 0);
  });

  it('tells a rule which other rules run (by id or name), whether or not their triggers are in the text', async () => {
    const seen: boolean[][] = [];
    const asksAboutOthers: Rule = {
      meta: { id: 'MLT903', name: 'test-asks', severity: 'hint', area: 'Spark ML pipelines', domain: 'Model Development', title: 'test' },
      docs: { trap: '', reality: '', example: '', useInstead: '', fix: 'none', examFact: '' },
      check({ isRuleActive }) {
        seen.push([isRuleActive('MLT901'), isRuleActive('test-every-call'), isRuleActive('mlt901'), isRuleActive('MLT902')]);
      },
    };
    const triggered: Rule = { ...reportsEveryCall, triggers: ['absent_word'] };
    const linter = new Linter(await loadPythonParser(), [asksAboutOthers, triggered, throws]);
    linter.lintText('file:///t.py', 'f()\n', { ruleSettings: { MLT902: 'off' } });
    linter.lintText('file:///t.py', 'f()\n', { select: ['MLT903'] });
    linter.lintText('file:///t.py', 'f()\n', { ignore: ['test-every-call'] });
    assert.deepEqual(seen, [
      [true, true, true, false],
      [false, false, false, false],
      [false, false, false, true],
    ]);
  });

  it('tells a rule where a finding can be shown: not in code that %run brings in', async () => {
    const answers: string[] = [];
    const asksWhere: Rule = {
      ...reportsEveryCall,
      check({ model, reportsAt }) {
        for (const call of model.calls()) answers.push(`${call.name} ${reportsAt(call.node)}`);
      },
    };
    const setup: ProgramSource = { uri: 'file:///p/setup.py', notebook: false, cells: [{ kind: 'code', text: '# Databricks notebook source\nsetup_call()\n' }] };
    const notebook: ProgramSource = { uri: 'file:///p/nb.py', notebook: false, cells: [{ kind: 'code', text: '# Databricks notebook source\nbefore()\n\n# COMMAND ----------\n\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\nafter()\n' }] };
    new Linter(await loadPythonParser(), [asksWhere]).lintSource(notebook, { readInclusion: () => setup });
    assert.deepEqual(answers.sort(), ['after true', 'before true', 'setup_call false']);
  });

  it('fix-all applies non-overlapping safe fixes until none is left', async () => {
    const linter = new Linter(await loadPythonParser(), [reportsEveryCall]);
    // Nested calls overlap: the outer fix goes first, the inner one in the next round.
    const { text } = linter.fixAll('file:///t.py', 'f(g())\nh()\n');
    assert.equal(text, 'ok(ok())\nok()\n');
  });

  it('fix-all gives a variable that a fix claims to one fix per round: two queries never share one checkpoint', async () => {
    const linter = new Linter(await loadPythonParser(), allRules);
    const text = [
      'checkpoint_dir = "/Volumes/ml/churn/checkpoints/scored"',
      'scored = spark.readStream.table("ml.churn.features")',
      'scored.writeStream.format("delta").toTable("ml.churn.scored")',
      'scored.writeStream.format("delta").toTable("ml.churn.scored2")',
      '',
    ].join('\n');
    const { text: fixed } = linter.fixAll('file:///t.py', text, { includeUnsafe: true });
    assert.equal(
      fixed,
      [
        'checkpoint_dir = "/Volumes/ml/churn/checkpoints/scored"',
        'scored = spark.readStream.table("ml.churn.features")',
        'scored.writeStream.format("delta").option("checkpointLocation", checkpoint_dir).toTable("ml.churn.scored")',
        'scored.writeStream.format("delta").option("checkpointLocation", "<checkpoint path for ml.churn.scored2>").toTable("ml.churn.scored2")',
        '',
      ].join('\n'),
    );
  });

  it('lone CR line ends (which CPython accepts) are line ends: the same findings and lines as with LF, in a module and in a Databricks export, after a comment line too', async () => {
    const linter = new Linter(await loadPythonParser(), allRules);
    const trap = 'config = {"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 90}, {"served_model_name": "b", "traffic_percentage": 15}]}}';
    // A comment line before the trap: tree-sitter's comment token runs to a line feed, not a CR.
    for (const lines of [['import mlflow', '', trap, ''], ['# Databricks notebook source', 'import mlflow', '', '# COMMAND ----------', '', trap, ''], ['# Databricks notebook source', '# the routes', trap, ''], ['import mlflow', '# the routes', trap, '']]) {
      const withLf = linter.lintText('file:///lf.py', lines.join('\n')).findings.map((f) => [f.ruleId, f.start.line, f.start.character]);
      const withCr = linter.lintText('file:///cr.py', lines.join('\r')).findings.map((f) => [f.ruleId, f.start.line, f.start.character]);
      assert.deepEqual(withLf, [['MLT601', lines.indexOf(trap), 39]]);
      assert.deepEqual(withCr, withLf);
    }
  });

  it('reports nothing after an unconditional dbutils.notebook.exit at a cell\'s top level; one under an if, a try or in a function ends nothing; a token in the text still counts', async () => {
    const linter = await testLinter();
    const ids = (text: string) => linter.lintText('file:///validation.py', text).findings.map((finding) => `${finding.ruleId}@${finding.start.line}`);
    const header = '# Databricks notebook source\nimport mlflow\n\n# COMMAND ----------\n\n';
    const load = 'model = mlflow.pyfunc.load_model("models:/churn/Production")\n';
    const token = 'headers = {"Authorization": "Bearer dapi0123456789abcdef0123456789abcdef"}\n';
    assert.deepEqual(ids(`${header}print("validation is disabled")\ndbutils.notebook.exit(0)\n\n# COMMAND ----------\n\n${load}${token}`), ['MLT704@11']);
    assert.deepEqual(ids(`${header}${load}dbutils.notebook.exit(0)\n`), ['MLT402@5'], 'code before the exit runs');
    for (const guarded of ['if run_mode == "disabled":\n    dbutils.notebook.exit(0)\n', 'try:\n    dbutils.notebook.exit(0)\nexcept Exception:\n    pass\n', 'def stop():\n    dbutils.notebook.exit(0)\n']) {
      assert.deepEqual(ids(`${header}${guarded}\n# COMMAND ----------\n\n${load}`).map((id) => id.split('@')[0]), ['MLT402'], guarded);
    }
  });

  it('positions are zero-based lines and UTF-16 characters', async () => {
    const linter = new Linter(await loadPythonParser(), [reportsEveryCall]);
    const { findings } = linter.lintText('file:///t.py', 'x = "é😀"; f()\r\ng()\n');
    assert.deepEqual(findings.map((finding) => [finding.start.line, finding.start.character]), [[0, 11], [1, 0]]);
  });

  describe('any input gives findings or none, never an exception', () => {
    const inputs: Array<[string, () => string]> = [
      ['empty', () => ''],
      ['binary junk', () => Array.from({ length: 20000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
      ['NUL bytes', () => 'import mlflow\0\0\0\nmlflow.pyfunc.log_model(\0'],
      ['unbalanced code mid-edit', () => 'from pyspark.ml import Pipeline\np = Pipeline(stages=[StringIndexer(inputCol="a", \n'],
      ['deeply nested brackets', () => '['.repeat(5000) + ']'.repeat(4000)],
      ['a 5 MB file (skipped: over the size limit)', () => 'import mlflow\nx = [1, 2, 3]\nmlflow.log_metric("a", 1)\n'.repeat(110000)],
    ];
    for (const [name, make] of inputs) {
      it(name, async () => {
        const linter = await testLinter();
        const errors: unknown[] = [];
        const { findings } = linter.lintText('file:///t.py', make(), { onRuleError: (_rule, error) => errors.push(error) });
        assert.ok(Array.isArray(findings));
        assert.deepEqual(errors, []);
      });
    }
  });

  it('skips a text over the size limit and says why', async () => {
    const linter = await testLinter();
    const result = linter.lintText('file:///t.py', 'x = 1\n'.repeat(MAX_LINT_LENGTH / 6 + 1));
    assert.deepEqual(result.findings, []);
    assert.match(result.skipped ?? '', /larger than 1 MB/);
  });

  it('lintDocument without active rules builds nothing', async () => {
    const linter = await testLinter();
    const document = linter.parse('file:///t.py', 'x = 1\n');
    assert.deepEqual(lintDocument(document, allRules, { select: ['MLT999'] }), []);
    document.delete();
  });
});

describe('trigger words', () => {
  const ruleWith = (id: string, triggers: readonly string[]): Rule => ({ ...reportsEveryCall, meta: { ...reportsEveryCall.meta, id, name: `test-${id}` }, triggers });
  /** The rules (by their one word) that run on `text`, every rule enabled: each reports every call. */
  const running = async (text: string, words: readonly string[]) => {
    const linter = new Linter(await loadPythonParser(), words.map((word, index) => ruleWith(`MLT9${String(index).padStart(2, '0')}`, [word])));
    const ids = new Set(linter.lintText('file:///t.py', `${text}\nf()\n`).findings.map((finding) => finding.ruleId));
    return words.filter((_, index) => ids.has(`MLT9${String(index).padStart(2, '0')}`));
  };

  it('finds each word wherever it occurs: inside, overlapping or starting where another word does', async () => {
    const words = ['Pipeline', 'Pipe', 'eline', 'lineage', 'pil', 'models:/', 'a.b', '(x'];
    assert.deepEqual(await running('x = Pipeline', words), ['Pipeline', 'Pipe', 'eline']);
    assert.deepEqual(await running('x = Pipelineage', words), ['Pipeline', 'Pipe', 'eline', 'lineage']);
    assert.deepEqual(await running('re.compile(p)', words), ['pil']);
    assert.deepEqual(await running('x = Pipe', words), ['Pipe']);
    assert.deepEqual(await running('url = "models:/m/1"', words), ['models:/'], 'regular expression characters are plain text');
    assert.deepEqual(await running('ab = (y)', words), []);
    assert.deepEqual(await running('a.b = (x)', words), ['a.b', '(x']);
  });

  it('in a notebook, finds the words cell by cell, each cell as it is now (the server lints parsed documents)', async () => {
    const parser = await loadPythonParser();
    const words = ['Pipeline', 'Pipe', 'compile', 'pil'];
    const rules = words.map((word, index) => ruleWith(`MLT9${index}0`, [word]));
    const running = (text: string) => {
      const document = parseSource(parser, fileSource('file:///t.py', text));
      try {
        const ids = new Set(lintDocument(document, rules).map((finding) => finding.ruleId));
        return words.filter((_, index) => ids.has(`MLT9${index}0`));
      } finally {
        document.delete();
      }
    };
    const notebook = (second: string, third: string) => `# Databricks notebook source\nf()\n\n# COMMAND ----------\n\n${second}\n\n# COMMAND ----------\n\n${third}\n`;
    assert.deepEqual(running(notebook('x = Pipeline', 're.compile(p)')), ['Pipeline', 'Pipe', 'compile', 'pil']);
    // The third cell unchanged, the second changed: its words are read again, the third's remembered.
    assert.deepEqual(running(notebook('x = 1', 're.compile(p)')), ['compile', 'pil']);
    assert.deepEqual(running(notebook('x = Pipe', 're.cmp(p)')), ['Pipe']);
    assert.deepEqual(running(notebook('x = Pope', 're.cmp(p)')), [], 'a cell of the same length, other words');
    assert.deepEqual(running(notebook('x = 1', '# MAGIC %md Pipeline')), ['Pipeline', 'Pipe'], 'words in a magic cell count, as in the whole text');
  });

  it('a pattern is a shape of code: a keyword argument named exactly token, not a word that contains it', async () => {
    const linter = new Linter(await loadPythonParser(), [{ ...reportsEveryCall, triggers: [/\btoken\s*=(?!=)/g] }]);
    const runs = (text: string) => linter.lintText('file:///t.py', `${text}\nf()\n`).findings.length > 0;
    assert.equal(runs('connect(token="x")'), true);
    assert.equal(runs('connect(token = "x")'), true);
    assert.equal(runs('connect(\n    token\n    = "x")'), true, 'across lines inside a call');
    assert.equal(runs('tokenizer = load()'), false);
    assert.equal(runs('access_token = "x"'), false);
    assert.equal(runs('if token == "x": pass'), false);
    // A global pattern keeps no position from one text to the next.
    for (let i = 0; i < 3; i++) assert.equal(runs('connect(token="x")'), true, `text ${i}`);
  });

  it('a guarded pattern is tested only on the pieces where one of its words occurs, cell by cell', async () => {
    // Guards that the pattern's matches do not hold (a rule's never would: triggerSoundness checks
    // each) show where the pattern is tested at all.
    const rule = (words: string[]): Rule => ({ ...reportsEveryCall, triggers: [guardedPattern(words, /\btoken\s*=(?!=)/)] });
    const parser = await loadPythonParser();
    const runs = (words: string[], text: string) => new Linter(parser, [rule(words)]).lintText('file:///t.py', `${text}\nf()\n`).findings.length > 0;
    assert.equal(runs(['token'], 'connect(token="x")'), true);
    assert.equal(runs(['connect', 'other'], 'connect(token="x")'), true, 'one of the words is enough');
    assert.equal(runs(['secret'], 'connect(token="x")'), false, 'not tested where none of its words occurs');
    assert.equal(runs(['secret'], 'connect(token="x")  # secret'), true);
    const notebook = (second: string, third: string) => `# Databricks notebook source\nf()\n\n# COMMAND ----------\n\n${second}\n\n# COMMAND ----------\n\n${third}\n`;
    assert.equal(runs(['secret'], notebook('connect(token="x")', 'secret = 1')), false, 'the word in another cell does not count');
    assert.equal(runs(['secret'], notebook('secret = 1', 'connect(token="x")  # secret')), true);
    assert.equal(runs(['Token'], 'connect(token="x")'), false, 'words are case-sensitive');
    assert.equal(runs(inAnyCase('TOKEN'), 'connect(token="x")'), true, 'inAnyCase lists every letter case');
  });

  it('inAnyCase spells a word in every letter case, and refuses words with too many; a piece holds a guard word by any spelling', () => {
    assert.deepEqual(inAnyCase('a1b').sort(), ['A1B', 'A1b', 'a1B', 'a1b']);
    assert.equal(inAnyCase('zorder').length, 64);
    assert.throws(() => inAnyCase('transition'), /too many letter cases/);
    assert.throws(() => guardedPattern([], /x/), /needs words/);
    assert.throws(() => guardedPattern([''], /x/), /needs words/);
    const install = guardedPattern(inAnyCase('install'), /install/i);
    assert.equal(holdsGuardWord(install, new Set(['mlflow', 'INSTALL'])), true);
    assert.equal(holdsGuardWord(install, new Set(['mlflow', 'instal'])), false);
    assert.equal(holdsGuardWord(install, new Set()), false);
  });

  it('a rule that also needs a word runs only when one of its triggers and one of those words both occur', async () => {
    const rule: Rule = { ...reportsEveryCall, triggers: ['assert'], alsoNeeds: ['fit', /\bpredict\(/] };
    const linter = new Linter(await loadPythonParser(), [rule]);
    const runs = (text: string) => linter.lintText('file:///t.py', `${text}\nf()\n`).findings.length > 0;
    assert.equal(runs('assert x > 1'), false);
    assert.equal(runs('model.fit(X)'), false, 'the second condition alone');
    assert.equal(runs('model.fit(X)\nassert x > 1'), true);
    assert.equal(runs('y = model.predict(X)\nassert y'), true);
    assert.equal(runs('predictions = 1\nassert y'), false);
    assert.equal(canAnyRuleFire('assert x > 1', [rule]), false);
    assert.equal(canAnyRuleFire('assert m.fit(X)', [rule]), true);
  });

  it('a rule with further conditions runs only when one word of each list occurs', async () => {
    const rule: Rule = { ...reportsEveryCall, triggers: ['assert'], alsoNeeds: ['fit'], furtherNeeds: [['accuracy', /\bf1\b/], ['metrics']] };
    const runs = (text: string) => canAnyRuleFire(text, [rule]);
    assert.equal(runs('model.fit(X)\nassert accuracy > 1'), false, 'no word of the last list');
    assert.equal(runs('from sklearn import metrics\nmodel.fit(X)\nassert accuracy > 1'), true);
    assert.equal(runs('from sklearn import metrics\nmodel.fit(X)\nassert f1 > 1'), true);
    assert.equal(runs('from sklearn import metrics\nmodel.fit(X)\nassert f12 > 1'), false, 'a pattern of a further list');
  });

  it('a text test decides from every piece of the text, reading each piece once: after an edit, the edited piece only', async () => {
    const read: string[] = [];
    const bound: TextTest<{ uses: boolean; binds: boolean }> = {
      key: 'uses a name another piece binds',
      read(piece) {
        read.push(piece);
        return { uses: /use\(secret\)/.test(piece), binds: /^secret = /m.test(piece) };
      },
      holds: (pieces) => pieces.some((piece) => piece.uses) && pieces.some((piece) => piece.binds),
    };
    const rule: Rule = { ...reportsEveryCall, triggers: ['use('], alsoNeeds: [bound] };
    const cells = (last: string) => ['secret = "x"\n', 'y = 1\n', last];
    const text = (parts: string[]) => parts.join('');
    const starts = (parts: string[]) => parts.map((_, index) => text(parts.slice(0, index)).length);
    const first = cells('use(secret)\n');
    assert.equal(canAnyRuleFire(text(first), [rule], {}, starts(first)), true, 'bound in one cell, used in another');
    assert.equal(read.length, 3);
    const edited = cells('use(secret)  # edited\n');
    assert.equal(canAnyRuleFire(text(edited), [rule], {}, starts(edited)), true);
    assert.deepEqual(read.slice(3), ['use(secret)  # edited\n']);
    const unbound = ['y = 1\n', 'use(secret)\n'];
    assert.equal(canAnyRuleFire(text(unbound), [rule], {}, starts(unbound)), false, 'bound nowhere');
  });

  it('a rule that speaks only in Unity Catalog needs a sign of that registry, unless the configuration declares it', async () => {
    const rule: Rule = { ...reportsEveryCall, triggers: ['register_model'], unityCatalogSigns: ['databricks-uc', /\.\{/] };
    const code = 'import mlflow\nmlflow.register_model(uri, "churn")';
    assert.equal(canAnyRuleFire(code, [rule]), false, 'no sign');
    assert.equal(canAnyRuleFire(`mlflow.set_registry_uri("databricks-uc")\n${code}`, [rule]), true);
    assert.equal(canAnyRuleFire(`name = f"main.{schema}"\n${code}`, [rule]), true, 'a pattern');
    assert.equal(canAnyRuleFire('mlflow.set_registry_uri("databricks-uc")', [rule]), false, 'a sign without the trigger');
    assert.equal(canAnyRuleFire(code, [rule], { settings: { declaredRegistry: 'unity-catalog' } }), true, 'declared');
    assert.equal(canAnyRuleFire(code, [rule], { settings: { declaredRegistry: 'workspace' } }), false, 'the workspace registry declared');
  });

  it('a rule with words needed outside test files needs them only there', async () => {
    const rule: Rule = { ...reportsEveryCall, triggers: ['assert'], outsideTestFileTriggers: [/\bdef\s+test/] };
    const runs = (text: string, uri: string) => canAnyRuleFire(text, [rule], {}, undefined, uri);
    assert.equal(runs('assert x > 1', 'file:///repo/train.py'), false);
    assert.equal(runs('def test_x():\n    assert x > 1', 'file:///repo/train.py'), true);
    assert.equal(runs('assert x > 1', 'file:///repo/tests/test_train.py'), true, 'in a test file the words are not needed');
    assert.equal(runs('def check():\n    assert x > 1', 'file:///repo/tests/helpers.py'), true);
  });

  it('in a notebook, the two conditions may be met in different cells, and patterns are remembered cell by cell', async () => {
    const parser = await loadPythonParser();
    const rule: Rule = { ...reportsEveryCall, triggers: [/\bpassword\s*=/], alsoNeeds: ['connect'] };
    const runs = (second: string, third: string) => {
      const document = parseSource(parser, fileSource('file:///t.py', `# Databricks notebook source\nf()\n\n# COMMAND ----------\n\n${second}\n\n# COMMAND ----------\n\n${third}\n`));
      try {
        return lintDocument(document, [rule]).length > 0;
      } finally {
        document.delete();
      }
    };
    assert.equal(runs('db.connect(user)', 'kw = dict(password="x")'), true);
    assert.equal(runs('db.connect(user)', 'kw = dict(passwords="x")'), false, 'the third cell changed');
    assert.equal(runs('db.link(user)', 'kw = dict(password="x")'), false, 'the second cell changed');
    assert.equal(runs('db.connect(user)', 'kw = dict(password="x")'), true, 'both as at first');
  });

  it('in a plain module parsed in pieces, finds the words piece by piece, each piece as it is now', async () => {
    const parser = await loadPythonParser();
    const words = ['Pipeline', 'compile'];
    const rules = words.map((word, index) => ruleWith(`MLT9${index}5`, [word]));
    const running = (second: string) => {
      const document = parseSource(parser, fileSource('file:///m.py', `import os\n\ndef first():\n    return f()\n\ndef second():\n    ${second}\n`));
      try {
        assert.ok(document.trees.length > 1, 'the module is parsed in pieces');
        const ids = new Set(lintDocument(document, rules).map((finding) => finding.ruleId));
        return words.filter((_, index) => ids.has(`MLT9${index}5`));
      } finally {
        document.delete();
      }
    };
    assert.deepEqual(running('return Pipeline()'), ['Pipeline']);
    assert.deepEqual(running('return re.compile(p)'), ['compile']);
    assert.deepEqual(running('return Pipeline()'), ['Pipeline'], 'the piece as it was at first');
  });

  it('asks the same of a text whether or not it is parsed (canAnyRuleFire before the parse)', () => {
    const rules = [ruleWith('MLT990', ['Pipeline']), ruleWith('MLT991', ['Pipe']), ruleWith('MLT992', ['compile'])];
    for (const [text, expected] of [['Pipeline', true], ['Pipe', true], ['compile', true], ['Pi', false], ['com pile', false]] as const) {
      assert.equal(canAnyRuleFire(text, rules), expected, text);
    }
  });
});

describe('a notebook that %runs a setup (OWN_CODE_GATE)', () => {
  // Reports every call of the user's own code, once "start_run" and "log_model" occur in the
  // program: the setup below holds both.
  const rule: Rule = { ...reportsEveryCall, triggers: ['start_run'], alsoNeeds: ['log_model'] };
  const SETUP = 'import mlflow\ndef train(model):\n    with mlflow.start_run():\n        mlflow.sklearn.log_model(model, "m")\n';
  const read = (_from: string, inclusion: Inclusion): ProgramSource | undefined =>
    inclusion.target === './setup' ? { uri: 'file:///p/setup.py', notebook: false, cells: [{ kind: 'code', text: SETUP }] } : undefined;
  const exported = (...cells: string[]) => fileSource('file:///p/nb.py', `# Databricks notebook source\n${cells.join('\n\n# COMMAND ----------\n\n')}\n`);

  /** The calls reported in the notebook's own code, and whether the CLI's path parsed anything; the server's path (parse, then lintDocument) must agree. */
  async function lint(source: ProgramSource): Promise<{ calls: string[]; parsed: boolean }> {
    const parser = await loadPythonParser();
    let parses = 0;
    const counting: PythonParser = { language: parser.language, parse: (...args) => (parses++, parser.parse(...args)) };
    const findings = new Linter(counting, [rule]).lintSource(source, { readInclusion: read }).findings;
    const document = parseSource(parser, source, read);
    try {
      assert.deepEqual(lintDocument(document, [rule]).map((finding) => finding.message), findings.map((finding) => finding.message), 'the server path agrees');
    } finally {
      document.delete();
    }
    return { calls: findings.map((finding) => finding.message.replace('call ', '')), parsed: parses > 0 };
  }

  it('own cells that mention none of the words that the setup\'s rules look for are not parsed', async () => {
    assert.deepEqual(await lint(exported('# MAGIC %run ./setup', 'df = spark.table("sales")\ndisplay(df.groupBy("region").count())')), { calls: [], parsed: false });
    // The %run cell's range holds the setup's code: its words are not the notebook's own.
    assert.equal(canAnyRuleFire(buildProgram(exported('# MAGIC %run ./setup', 'x = 1'), read).text, [rule]), true, 'the program as a whole triggers the rule');
  });

  it('one word of the rule in own code, whichever of its lists: the notebook is linted with the setup', async () => {
    assert.deepEqual(await lint(exported('# MAGIC %run ./setup', 'mlflow.sklearn.log_model(model, "m2")')), { calls: ['log_model'], parsed: true });
    assert.deepEqual(await lint(exported('# MAGIC %run ./setup', 'with mlflow.start_run():\n    train(model)')), { calls: ['start_run', 'train'], parsed: true });
  });

  it('own code after the %run line in the same cell counts, the setup spliced before it does not', async () => {
    const cell = (text: string): ProgramSource => ({ uri: 'file:///p/nb.ipynb', notebook: true, cells: [{ kind: 'code', text }] });
    assert.deepEqual(await lint(cell('%run ./setup\nmlflow.sklearn.log_model(model, "m2")')), { calls: ['log_model'], parsed: true });
    assert.deepEqual(await lint(cell('%run ./setup\nprint(model)')), { calls: [], parsed: false });
  });

  it('a call of a function the setup defines counts when its definition mentions a rule\'s word, directly or through another of its functions', async () => {
    assert.deepEqual(await lint(exported('# MAGIC %run ./setup', 'train(model)')), { calls: ['train'], parsed: true });
    const layered = `${SETUP}\ndef run_all(model):\n    # retrain first\n    return train(model)\n\ndef describe(model):\n    return str(model)\n`;
    const readLayered = (): ProgramSource | undefined => ({ uri: 'file:///p/setup.py', notebook: false, cells: [{ kind: 'code', text: layered }] });
    const parser = await loadPythonParser();
    let parses = 0;
    const counting: PythonParser = { language: parser.language, parse: (...args) => (parses++, parser.parse(...args)) };
    const linter = new Linter(counting, [rule]);
    assert.deepEqual(linter.lintSource(exported('# MAGIC %run ./setup', 'run_all(model)'), { readInclusion: readLayered }).findings.map((finding) => finding.message), ['call run_all']);
    parses = 0;
    assert.deepEqual(linter.lintSource(exported('# MAGIC %run ./setup', 'describe(model)\nrun_all_done = True'), { readInclusion: readLayered }).findings, []);
    assert.equal(parses, 0, 'a helper that mentions no word (describe), and a name that only contains a helper\'s (run_all_done), do not count');
  });

  it('a program without hidden code is asked as a whole, as before', async () => {
    assert.deepEqual(await lint(exported('# MAGIC %run ./missing', 'with mlflow.start_run():\n    mlflow.sklearn.log_model(model, "m2")')), { calls: ['start_run', 'log_model'], parsed: true });
  });
});

describe('texts the engine declines', () => {
  it('brackets nested deeper than Python allows are not linted (and return at once)', async () => {
    const linter = await testLinter();
    const started = Date.now();
    const deep = `x = ${'('.repeat(50000)}1${')'.repeat(50000)}\n`;
    const result = linter.lintText('file:///t.py', `import mlflow\nmlflow.pyfunc.load_model("models:/m/Production")\n${deep}`);
    assert.deepEqual(result.findings, []);
    assert.match(result.skipped ?? '', /nested deeper than 200/);
    assert.ok(Date.now() - started < 2000);
    // No rule's word: nothing would be parsed, so the depth is not read and nothing is skipped.
    assert.deepEqual(linter.lintText('file:///plain.py', deep), { findings: [] });
  });

  it('brackets inside strings and comments do not count', () => {
    const text = `s = "${'('.repeat(300)}"\n# ${'['.repeat(300)}\nt = """\n${'{'.repeat(300)}\n"""\n`;
    assert.equal(reasonNotToLint(text), undefined);
  });

  it('strings end where Python ends them: escaped and inner quotes stay inside, an empty string ends at once', () => {
    const deep = '('.repeat(300);
    assert.equal(reasonNotToLint(`s = "\\"${deep}"\n`), undefined);
    assert.equal(reasonNotToLint(`s = '''it's "${deep}" '' '''\n`), undefined);
    assert.equal(reasonNotToLint(`s = 'open\nt = 1\n'`), undefined);
    assert.match(reasonNotToLint(`s = "" + ${deep}1${')'.repeat(300)}\n`) ?? '', /nested deeper than 200/);
    assert.match(reasonNotToLint(`s = '''a'' ''' + ${deep}1${')'.repeat(300)}\n`) ?? '', /nested deeper than 200/);
    // An unterminated single-quoted string ends at its line.
    assert.match(reasonNotToLint(`s = 'open\nx = ${deep}1${')'.repeat(300)}\n`) ?? '', /nested deeper than 200/);
  });

  it('an export is read cell by cell, as it is parsed: a cell too deep is found however the cells around it change', () => {
    const deep = `x = ${'('.repeat(300)}1${')'.repeat(300)}\n`;
    const cells = (...texts: string[]) => `# Databricks notebook source\n${texts.join('\n# COMMAND ----------\n')}`;
    assert.match(reasonNotToLint(cells('a = 1\n', deep, 'b = 2\n')) ?? '', /nested deeper than 200/);
    // The same deep cell with another cell before it (its answer was remembered by its text).
    assert.match(reasonNotToLint(cells('a = 12\n', deep)) ?? '', /nested deeper than 200/);
    // Each cell is a tree of its own: brackets left open at a cell's end do not carry into the next.
    const open = `y = ${'('.repeat(150)}\n`;
    assert.equal(reasonNotToLint(cells(open, open, 'c = 3\n')), undefined);
    // A plain module is one tree: the same lines there are too deep.
    assert.match(reasonNotToLint(`${open}${open}c = 3\n`) ?? '', /nested deeper than 200/);
  });

  it('the layout and the depth check keep their answers about a cell together: each is right whichever asks first', () => {
    const deep = (name: string) => `${name} = ${'['.repeat(250)}1${']'.repeat(250)}\n`;
    const export_ = (...texts: string[]) => `# Databricks notebook source\n${texts.join('\n# COMMAND ----------\n')}`;
    const depthFirst = export_('# MAGIC %sql\n# MAGIC SELECT 1\n', deep('depth_first'));
    assert.match(reasonNotToLint(depthFirst) ?? '', /nested deeper than 200/);
    assert.deepEqual(layoutOf(depthFirst, 'module').cells.map((cell) => cell.magic ?? 'python'), ['%sql', 'python']);
    const layoutFirst = export_(deep('layout_first'), '# MAGIC %md\n# MAGIC Notes\n');
    assert.deepEqual(layoutOf(layoutFirst, 'module').cells.map((cell) => cell.magic ?? 'python'), ['python', '%md']);
    assert.match(reasonNotToLint(layoutFirst) ?? '', /nested deeper than 200/);
    assert.equal(reasonNotToLint(export_('ok = 1\n', '# MAGIC %sql\n# MAGIC SELECT 1\n')), undefined);
  });

  it('a null byte anywhere in the code: not linted, as CPython refuses it (one inside a long string made the parse quadratic: 12 s)', async () => {
    const linter = await testLinter();
    const quotes = '"'.repeat(3);
    const text = `import mlflow\ns = ${quotes}${'line\n'.repeat(20_000)}li\0ne\n${'line\n'.repeat(20_000)}${quotes}\nmlflow.pyfunc.load_model("models:/m/Production")\n`;
    const result = linter.lintText('file:///nul.py', text);
    assert.deepEqual(result.findings, []);
    assert.match(result.skipped ?? '', /null byte/);
    assert.equal(linter.lintText('file:///ok.py', text.replace('\0', '')).findings.length, 1, 'the same file without it is linted');
  });

  it('real nesting below the limit is linted', () => {
    assert.equal(reasonNotToLint(`x = ${'['.repeat(150)}${']'.repeat(150)}`), undefined);
  });
});
