import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { lintDocument, Linter } from '../../rules/engine/linter';
import { loadPythonParser } from '../../rules/engine/parser';
import { buildProgram } from '../../rules/engine/program';
import { fileSource, parseProgram, parseUnits } from '../../rules/engine/programParser';
import { ruleTableSamples } from '../support/ruleTester';

const ROOT = path.join(__dirname, '..', '..');
const RULE_TESTS = path.join(ROOT, 'test', 'rules');

// The rule tables register their samples when loaded (a no-op when mocha already loaded them).
for (const file of fs.readdirSync(RULE_TESTS).sort()) {
  if (file.endsWith('.test.ts')) require(path.join(RULE_TESTS, file));
}

/**
 * The CLI parses a plain module that has no syntax error in one piece (parseProgramOnce); the
 * language server parses it in pieces, so that a keystroke re-parses one. Both must give the
 * same findings, fixes included.
 */
describe('a plain module parsed whole (CLI) or in pieces (language server)', () => {
  it('gives the same findings and fixes for every rule table sample, example and documented trap', async () => {
    const parser = await loadPythonParser();
    const linter = new Linter(parser, allRules);
    const samples = [
      ...ruleTableSamples.map((sample) => ({ name: sample.name, uri: `file:///test/${sample.fileName}`, code: sample.code })),
      ...fs.readdirSync(path.join(ROOT, 'examples')).filter((file) => file.endsWith('.py')).map((file) => ({ name: file, uri: `file:///examples/${file}`, code: fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8') })),
      ...allRules.map((rule) => ({ name: `${rule.meta.id} docs`, uri: `file:///docs/${rule.meta.id}.py`, code: rule.docs.example })),
    ];
    let compared = 0;
    const differences: string[] = [];
    for (const { name, uri, code } of samples) {
      const source = fileSource(uri, code);
      const program = buildProgram(source);
      if (program.source.notebook || program.databricks || parseUnits(program).length < 2) continue;
      const pieces = parseProgram(parser, uri, program);
      const inPieces = lintDocument(pieces, allRules);
      const whole = linter.lintSource(source).findings;
      pieces.delete();
      compared++;
      if (JSON.stringify(whole) !== JSON.stringify(inPieces)) differences.push(name);
    }
    assert.deepEqual(differences, []);
    // Most samples are short Databricks exports or one-piece modules: enough must be compared.
    assert.ok(compared >= 300, `only ${compared} modules of several pieces compared`);
  });
});
