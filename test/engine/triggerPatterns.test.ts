import * as assert from 'node:assert/strict';
import { canAnyRuleFire } from '../../rules/engine/linter';
import { mlt307ImportNameAsRequirement } from '../../rules/mlt307-import-name-as-requirement';
import { mlt704HardcodedToken } from '../../rules/mlt704-hardcoded-token';

/**
 * Trigger patterns run on every file a CLI run reads, before anything is parsed: a pattern that
 * backtracks on some text stalls the whole run. Each input here took the first versions of the
 * patterns from seconds to minutes; mocha fails a test that runs past its timeout.
 */
describe('trigger patterns on texts that make a regular expression backtrack', () => {
  it('MLT704: the word token, then lines of blanks a comment could end on (4^n ways for the first pattern: 2 minutes on a real notebook)', function () {
    this.timeout(2_000);
    const text = `# Databricks notebook source\n# MAGIC %scala\n# MAGIC   // associate a storage account and SAS token\n${'# MAGIC   \n'.repeat(15)}# MAGIC   println(regions)\n`;
    assert.equal(canAnyRuleFire(text, [mlt704HardcodedToken]), false);
    // What it is for still holds: a keyword argument with a comment before its `=`.
    assert.equal(canAnyRuleFire(`connect(password  # the service account's\n${'   \n'.repeat(15)} = "x")\n`, [mlt704HardcodedToken]), true);
  });

  it('MLT307: a %pip line with "install" over and over (each one once read to the line\'s end: quadratic)', function () {
    this.timeout(2_000);
    const line = `%pip install ${'install '.repeat(50_000)}pandas\n`;
    assert.equal(canAnyRuleFire(`${line}import mlflow\nmlflow.pyfunc.log_model("m", python_model=Wrapper())\n`, [mlt307ImportNameAsRequirement]), false);
    assert.equal(canAnyRuleFire(`%pip install pandas sklearn\nimport mlflow\n`, [mlt307ImportNameAsRequirement]), true);
  });
});
