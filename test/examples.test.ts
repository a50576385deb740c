import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { testLinter } from './support/linter';

/**
 * The practice notebooks contain each of their traps exactly once; everything else in them is
 * correct code that must stay silent. The table is written from reading the notebooks.
 */
const EXAMPLES = path.join(__dirname, '..', 'examples');

const EXPECTED: ReadonlyArray<{ file: string; rule: string; line: number }> = [
  { file: '01_spark_ml_pipelines.py', rule: 'MLT102', line: 95 }, // OneHotEncoder staged before its StringIndexer
  { file: '01_spark_ml_pipelines.py', rule: 'MLT101', line: 105 }, // GBTClassifier with no VectorAssembler
  { file: '02_distributed_training.py', rule: 'MLT201', line: 46 }, // per-store fit inside mapInPandas
  { file: '03_mlflow_packaging.py', rule: 'MLT302', line: 60 }, // lightgbm, holidays, pandas undeclared
  { file: '06_model_serving.py', rule: 'MLT601', line: 55 }, // 90 + 15 = 105
];

const exampleFiles = fs.readdirSync(EXAMPLES).filter((name) => name.endsWith('.py')).sort();

function key(entry: { file: string; rule: string; line: number }): string {
  return `${entry.file}:${entry.line} ${entry.rule}`;
}

/** A rule with a quick fix ("none ..." in its docs means it has none). */
const fixableRules = new Set(allRules.filter((rule) => !/^none\b/i.test(rule.docs.fix)).map((rule) => rule.meta.id));

describe('examples/', () => {
  it('has one notebook per area of the rules', () => {
    assert.deepEqual(exampleFiles, ['01_spark_ml_pipelines.py', '02_distributed_training.py', '03_mlflow_packaging.py', '06_model_serving.py']);
  });

  it('notebooks are Databricks source exports', () => {
    for (const file of exampleFiles) {
      const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
      assert.ok(text.startsWith('# Databricks notebook source\n'), `${file} header`);
      assert.ok(text.includes('\n# COMMAND ----------\n'), `${file} cells`);
      assert.ok(text.includes('\n# MAGIC %md\n'), `${file} markdown cells`);
    }
  });

  it('every trap is found exactly once, and nothing else', async () => {
    const linter = await testLinter();
    const actual: string[] = [];
    for (const file of exampleFiles) {
      const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
      const { findings } = linter.lintText(`file:///examples/${file}`, text, { onRuleError: (rule, error) => assert.fail(`${rule.meta.id} threw on ${file}: ${String(error)}`) });
      actual.push(...findings.map((finding) => key({ file, rule: finding.ruleId, line: finding.start.line + 1 })));
    }
    assert.deepEqual(actual.sort(), EXPECTED.map(key).sort());
  });

  for (const file of exampleFiles) {
    it(`${file}: fix-all (unsafe fixes included) leaves no finding of a fixable rule`, async () => {
      const linter = await testLinter();
      const uri = `file:///examples/${file}`;
      const fixed = linter.fixAll(uri, fs.readFileSync(path.join(EXAMPLES, file), 'utf8'), { includeUnsafe: true });
      const parsed = linter.parse(uri, fixed.text);
      const hasError = parsed.root.hasError;
      parsed.tree.delete();
      assert.equal(hasError, false, 'the fixed notebook does not parse');
      const { findings } = linter.lintText(uri, fixed.text);
      const left = findings.filter((finding) => fixableRules.has(finding.ruleId));
      assert.deepEqual(left.map((finding) => `${finding.start.line + 1}: ${finding.ruleId} ${finding.message}`), []);
    });
  }
});
