import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import type { ExpectedTrap } from './examples/expectedTrap';
import { testLinter } from './support/linter';

/**
 * The practice notebooks contain each of their traps exactly once; everything else in them is
 * correct code that must stay silent. The table is written from reading the notebooks.
 */
const EXAMPLES = path.join(__dirname, '..', 'examples');

/** Each notebook's traps, from test/examples/<notebook>.expected.ts. */
function expectedTraps(file: string): Array<{ file: string; rule: string; line: number }> {
  const module = path.join(__dirname, 'examples', `${file.replace(/\.py$/, '')}.expected.ts`);
  assert.ok(fs.existsSync(module), `no expectations for ${file}: write ${path.relative(process.cwd(), module)}`);
  const { expected } = require(module) as { expected: ExpectedTrap[] };
  return expected.map(({ rule, line }) => ({ file, rule, line }));
}

const exampleFiles = fs.readdirSync(EXAMPLES).filter((name) => name.endsWith('.py')).sort();

function key(entry: { file: string; rule: string; line: number }): string {
  return `${entry.file}:${entry.line} ${entry.rule}`;
}

/** A rule with a quick fix ("none ..." in its docs means it has none). */
const fixableRules = new Set(allRules.filter((rule) => !/^none\b/i.test(rule.docs.fix)).map((rule) => rule.meta.id));

describe('examples/', () => {
  it('has one notebook per area of the rules, numbered by area', () => {
    const areas = new Set(allRules.map((rule) => rule.meta.id.slice(3, 4)));
    assert.deepEqual(exampleFiles.map((file) => file.slice(1, 2)), [...areas].sort());
  });

  it('every rule is found at least once across the notebooks', () => {
    const rules = new Set(exampleFiles.flatMap((file) => expectedTraps(file).map((trap) => trap.rule)));
    assert.deepEqual(allRules.map((rule) => rule.meta.id).filter((id) => !rules.has(id)), []);
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
    assert.deepEqual(actual.sort(), exampleFiles.flatMap(expectedTraps).map(key).sort());
  });

  for (const file of exampleFiles) {
    it(`${file}: fix-all (unsafe fixes included) leaves no finding of a fixable rule`, async () => {
      const linter = await testLinter();
      const uri = `file:///examples/${file}`;
      const fixed = linter.fixAll(uri, fs.readFileSync(path.join(EXAMPLES, file), 'utf8'), { includeUnsafe: true });
      const parsed = linter.parse(uri, fixed.text);
      const hasError = parsed.roots.some((root) => root.hasError);
      parsed.delete();
      assert.equal(hasError, false, 'the fixed notebook does not parse');
      const { findings } = linter.lintText(uri, fixed.text);
      const left = findings.filter((finding) => fixableRules.has(finding.ruleId));
      assert.deepEqual(left.map((finding) => `${finding.start.line + 1}: ${finding.ruleId} ${finding.message}`), []);
    });
  }
});
