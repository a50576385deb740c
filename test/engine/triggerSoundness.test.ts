import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { canAnyRuleFire, Linter } from '../../rules/engine/linter';
import { loadPythonParser } from '../../rules/engine/parser';
import { buildProgram, type ProgramSource } from '../../rules/engine/program';
import { fileSource } from '../../rules/engine/programParser';
import { isGuardedPattern } from '../../rules/engine/guardedPatterns';
import type { GuardedPattern, Rule } from '../../rules/engine/types';
import { readNotebookFile } from '../../server/notebookFiles';
import { ruleTableSamples } from '../support/ruleTester';

const ROOT = path.join(__dirname, '..', '..');
const RULE_TESTS = path.join(ROOT, 'test', 'rules');

// The rule tables register their samples when loaded: a no-op when mocha already loaded them,
// and what fills the list when this file runs alone.
for (const file of fs.readdirSync(RULE_TESTS).sort()) {
  if (file.endsWith('.test.ts')) require(path.join(RULE_TESTS, file));
}

/** The examples folder and each rule's documented trap, as program sources. */
function otherSamples(): Array<{ name: string; source: ProgramSource }> {
  const samples: Array<{ name: string; source: ProgramSource }> = [];
  for (const file of fs.readdirSync(path.join(ROOT, 'examples')).sort()) {
    if (!/\.(py|ipynb)$/.test(file)) continue;
    const uri = `file:///examples/${file}`;
    const text = fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');
    if (file.endsWith('.py')) samples.push({ name: file, source: fileSource(uri, text) });
    else if (file.endsWith('.ipynb')) {
      const read = readNotebookFile(uri, text);
      if ('source' in read) samples.push({ name: file, source: read.source });
    }
  }
  for (const rule of allRules) samples.push({ name: `${rule.meta.id} docs example`, source: fileSource(`file:///docs/${rule.meta.id}.py`, rule.docs.example) });
  return samples;
}

/** A rule with no condition on its text: it runs on every sample. */
function untriggered(rule: Rule): Rule {
  return { ...rule, triggers: undefined, alsoNeeds: undefined, furtherNeeds: undefined, testFileTriggers: undefined, outsideTestFileTriggers: undefined };
}

describe('trigger conditions', () => {
  it('hold wherever a rule reports once its triggers are taken away (every rule table sample, the examples, the rule docs)', async () => {
    const linter = new Linter(await loadPythonParser(), allRules.map(untriggered));
    const samples = [
      ...ruleTableSamples.map((sample) => ({ name: sample.name, source: fileSource(`file:///test/${sample.fileName}`, sample.code) })),
      ...otherSamples(),
    ];
    // Every rule has a table of several cases: far fewer samples means the tables were not read.
    assert.ok(samples.length > 20 * allRules.length, `only ${samples.length} samples`);
    let reports = 0;
    const failures: string[] = [];
    for (const { name, source } of samples) {
      const programText = buildProgram(source).text;
      for (const ruleId of new Set(linter.lintSource(source).findings.map((finding) => finding.ruleId))) {
        reports++;
        const rule = allRules.find((candidate) => candidate.meta.id === ruleId)!;
        if (!canAnyRuleFire(programText, [rule], {}, undefined, source.uri)) failures.push(`${ruleId} reports on "${name}", but its trigger condition does not hold there`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(reports > 2 * allRules.length, `only ${reports} reports`);
  });

  it('hold in test files too: every rule table sample and example linted as a file under tests/', async () => {
    const linter = new Linter(await loadPythonParser(), allRules.map(untriggered));
    const samples = [
      ...ruleTableSamples.map((sample) => ({ name: sample.name, source: fileSource(`file:///repo/tests/${sample.fileName}`, sample.code) })),
      ...otherSamples().map(({ name, source }) => ({ name, source: { ...source, uri: `file:///repo/tests/test_${name.replace(/[^\w.]+/g, '_')}` } })),
    ];
    const withTestFileTriggers = allRules.filter((rule) => rule.testFileTriggers !== undefined);
    assert.ok(withTestFileTriggers.length >= 5, `only ${withTestFileTriggers.length} rules say what they need in test files`);
    const failures: string[] = [];
    const reportingRules = new Set<string>();
    for (const { name, source } of samples) {
      const programText = buildProgram(source).text;
      for (const ruleId of new Set(linter.lintSource(source).findings.map((finding) => finding.ruleId))) {
        reportingRules.add(ruleId);
        const rule = allRules.find((candidate) => candidate.meta.id === ruleId)!;
        if (!canAnyRuleFire(programText, [rule], {}, undefined, source.uri)) failures.push(`${ruleId} reports on "${name}" in a test file, but its trigger condition there does not hold`);
      }
    }
    assert.deepEqual(failures, []);
    // The samples reach test files: MLT701 (metric asserts) reports only in test code, MLT704 real tokens everywhere.
    assert.ok(reportingRules.has('MLT701') && reportingRules.has('MLT704'), `rules reporting in test files: ${[...reportingRules].join(', ')}`);
  });

  it('guarded patterns: every match, on every sample, holds one of the words the pattern is guarded by', () => {
    const guarded = allRules.flatMap((rule) =>
      [rule.triggers, rule.alsoNeeds, rule.testFileTriggers, rule.outsideTestFileTriggers, ...(rule.furtherNeeds ?? []), rule.unityCatalogSigns]
        .flatMap((list) => list ?? [])
        .filter(isGuardedPattern)
        .map((trigger) => ({ rule: rule.meta.id, trigger })),
    );
    assert.ok(guarded.length >= 5, `only ${guarded.length} guarded patterns`);
    const texts = [...ruleTableSamples.map((sample) => sample.code), ...otherSamples().map(({ source }) => buildProgram(source).text)];
    const failures: string[] = [];
    const matched = new Set<GuardedPattern>();
    for (const { rule, trigger } of guarded) {
      const all = new RegExp(trigger.pattern.source, `${trigger.pattern.flags.replace(/[gy]/g, '')}g`);
      for (const text of texts) {
        for (const match of text.matchAll(all)) {
          matched.add(trigger);
          if (!trigger.words.some((word) => match[0].includes(word))) failures.push(`${rule}: /${trigger.pattern.source.slice(0, 40)}.../ matches "${match[0].slice(0, 60)}", which holds none of its words`);
        }
      }
    }
    assert.deepEqual(failures, []);
    // Each guarded pattern matched somewhere: the claim was tested on it.
    assert.deepEqual(guarded.filter(({ trigger }) => !matched.has(trigger)).map(({ rule }) => rule), []);
  });
});
