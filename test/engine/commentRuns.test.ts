import * as assert from 'node:assert/strict';
import { LONG_COMMENT_RUN, withoutLongCommentRuns } from '../../rules/engine/commentRuns';
import { testLinter } from '../support/linter';

// Long runs of comment lines are left out of what tree-sitter parses (its scanner is quadratic
// in them: 10,000 lines took 30 s); the findings and the syntax must not change.

const TRAP = 'config = {"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 90}, {"served_model_name": "b", "traffic_percentage": 15}]}}\n';

function commentLines(count: number, indent = ''): string {
  return Array.from({ length: count }, (_, index) => `${indent}# commented-out line ${index}\n${index % 10 === 0 ? '\n' : ''}`).join('');
}

describe('long comment runs', () => {
  it('leave out a run longer than the limit, keeping its last comment line; shorter runs stay', () => {
    const head = 'import mlflow\n';
    const run = commentLines(LONG_COMMENT_RUN + 5);
    const lastLine = '# last\n';
    const text = `${head}${run}${lastLine}x = 1\n${commentLines(LONG_COMMENT_RUN - 1)}y = 2\n`;
    const ranges = withoutLongCommentRuns(text, [{ start: 0, end: text.length }]);
    assert.deepEqual(ranges, [
      { start: 0, end: head.length },
      { start: head.length + run.length, end: text.length },
    ]);
    const short = 'a = 1\n# one\n# two\nb = 2\n';
    const unchanged = [{ start: 0, end: short.length }];
    assert.equal(withoutLongCommentRuns(short, unchanged), unchanged, 'the same array: nothing to leave out');
  });

  it('lines that end with a lone CR (which the parser reads as line feeds) make runs too', () => {
    const head = 'import mlflow\r';
    const run = commentLines(LONG_COMMENT_RUN + 5).replace(/\n/g, '\r');
    const text = `${head}${run}# last\rx = 1\r`;
    assert.deepEqual(withoutLongCommentRuns(text, [{ start: 0, end: text.length }]), [
      { start: 0, end: head.length },
      { start: head.length + run.length, end: text.length },
    ]);
  });

  it('a cell of comments only keeps its last line', () => {
    const text = commentLines(LONG_COMMENT_RUN * 2);
    const ranges = withoutLongCommentRuns(text, [{ start: 0, end: text.length }]);
    assert.equal(ranges.length, 1);
    assert.ok(ranges[0].end === text.length && ranges[0].start > 0 && text.slice(ranges[0].start).startsWith('#'));
  });

  it('gives the same findings and statements as a parse of the whole text, in a module, inside a function and in a notebook cell', async () => {
    const linter = await testLinter();
    const cases = [
      `import mlflow\n${commentLines(500)}${TRAP}`,
      `import mlflow\ndef f():\n    x = 1\n${commentLines(300, '    ')}    ${TRAP}    return x\n${commentLines(200)}${TRAP}`,
      `# Databricks notebook source\nimport mlflow\n\n# COMMAND ----------\n\n${commentLines(300)}${TRAP}\n# COMMAND ----------\n\n${TRAP}`,
    ];
    for (const text of cases) {
      const lines = text.split('\n');
      const findings = linter.lintText('file:///t.py', text).findings.map((finding) => [finding.ruleId, lines[finding.start.line].trim().slice(0, 20)]);
      assert.equal(findings.length, (text.match(/traffic_config/g) ?? []).length, JSON.stringify(findings));
      // The same code without the comments: the same statements, in the same order.
      const stripped = text.replace(/^[ \t]*#(?! COMMAND| Databricks).*\n/gm, '');
      const document = linter.parse('file:///t.py', text);
      const reference = linter.parse('file:///s.py', stripped);
      try {
        const statements = (doc: typeof document) => doc.trees.flatMap((tree) => tree.rootNode.namedChildren.filter((node) => node?.type !== 'comment').map((node) => node?.type));
        assert.deepEqual(statements(document), statements(reference));
        assert.equal(document.trees.some((tree) => tree.rootNode.hasError), false);
      } finally {
        document.delete();
        reference.delete();
      }
    }
  });

  it('a suppression comment inside a left-out run still applies (suppressions are read from the text)', async () => {
    const linter = await testLinter();
    const header = (ignore: string) => `${commentLines(200)}${ignore}${commentLines(100)}import mlflow\n${TRAP}`;
    assert.deepEqual(linter.lintText('file:///t.py', header('')).findings.map((finding) => finding.ruleId), ['MLT601']);
    assert.deepEqual(linter.lintText('file:///t.py', header('# mltraps: ignore-file[MLT601]\n')).findings, []);
  });
});
