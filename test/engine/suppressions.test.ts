import * as assert from 'node:assert/strict';
import type { Inclusion } from '../../rules/engine/kernelCells';
import type { ProgramSource } from '../../rules/engine/program';
import { fileSource } from '../../rules/engine/programParser';
import { readSuppressions } from '../../rules/engine/suppressions';
import { dedent, testLinter } from '../support/linter';

async function suppressed(code: string, line: number, id = 'MLT101', name = 'missing-vector-assembler'): Promise<boolean> {
  const linter = await testLinter();
  const document = linter.parse('file:///t.py', dedent(code));
  try {
    return readSuppressions(document).isSuppressed(id, name, line, line);
  } finally {
    document.delete();
  }
}

describe('suppression comments', () => {
  const cases: Array<[string, string, number, boolean]> = [
    ['noqa with the id', 'x = 1  # noqa: MLT101', 0, true],
    ['noqa with a comma list', 'x = 1  # noqa: E501, MLT101', 0, true],
    ['noqa without space and lower case', 'x = 1  #noqa:mlt101', 0, true],
    ['bare noqa suppresses every rule', 'x = 1  # noqa', 0, true],
    ['noqa for another rule', 'x = 1  # noqa: MLT102', 0, false],
    ['noqa on another line', 'x = 1  # noqa: MLT101\ny = 2', 1, false],
    ['mltraps ignore with the id', 'x = 1  # mltraps: ignore[MLT101]', 0, true],
    ['mltraps ignore with the name', 'x = 1  # mltraps: ignore[missing-vector-assembler]', 0, true],
    ['mltraps ignore with a list', 'x = 1  # mltraps: ignore[MLT102, MLT101]', 0, true],
    ['mltraps ignore of another rule', 'x = 1  # mltraps: ignore[MLT102]', 0, false],
    ['ignore-file at the top', '# mltraps: ignore-file\nimport x\ny = 1', 2, true],
    ['ignore-file after the notebook header', '# Databricks notebook source\n# mltraps: ignore-file\nimport x', 2, true],
    ['ignore-file for one rule only', '# mltraps: ignore-file[MLT102]\nx = 1', 1, false],
    ['ignore-file below code does not count', 'import x\n# mltraps: ignore-file\ny = 1', 2, false],
  ];
  for (const [name, code, line, expected] of cases) {
    it(name, async () => assert.equal(await suppressed(code, line), expected));
  }
});

describe('suppression comments and included code', () => {
  const SERVING = 'config = {"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 90}, {"served_model_name": "b", "traffic_percentage": 15}]}}\n';
  const setup = fileSource('file:///proj/setup.py', '# Databricks notebook source\n# mltraps: ignore-file\nCATALOG = "ml"\n');
  const read = (_from: string, inclusion: Inclusion) => (inclusion.target === './setup' ? setup : undefined);

  it("an ignore-file comment in a %run target silences the target, not the notebook that runs it", async () => {
    const linter = await testLinter();
    const notebook: ProgramSource = { uri: 'file:///proj/n.ipynb', notebook: true, cells: [{ kind: 'code', text: '%run ./setup' }, { kind: 'code', text: SERVING }] };
    assert.deepEqual(linter.lintSource(notebook, { readInclusion: read }).findings.map((finding) => finding.ruleId), ['MLT601']);
  });

  it("the notebook's own ignore-file after the %run cell's included code still counts", async () => {
    const linter = await testLinter();
    const source = fileSource('file:///proj/n.py', `# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\n${SERVING}`);
    assert.deepEqual(linter.lintSource(source, { readInclusion: read }).findings.map((finding) => finding.ruleId), ['MLT601']);
    const ignored = fileSource('file:///proj/n.py', `# Databricks notebook source\n# mltraps: ignore-file\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\n${SERVING}`);
    assert.deepEqual(linter.lintSource(ignored, { readInclusion: read }).findings, []);
  });

  it("included code that starts with a statement does not end the notebook's header", async () => {
    const linter = await testLinter();
    const constants = fileSource('file:///proj/constants.py', 'CATALOG = "ml"\nSCHEMA = "churn"\n');
    const readConstants = (_from: string, inclusion: Inclusion) => (inclusion.target === './constants' ? constants : undefined);
    const source = fileSource('file:///proj/n.py', `# Databricks notebook source\n# MAGIC %run ./constants\n\n# COMMAND ----------\n\n# mltraps: ignore-file\n${SERVING}`);
    assert.deepEqual(linter.lintSource(source, { readInclusion: readConstants }).findings, []);
  });
});
