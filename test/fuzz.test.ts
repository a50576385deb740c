import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkInput, loadEngine } from '../scripts/fuzz/engineCheck';
import { formatSummary, runFuzz } from '../scripts/fuzz/harness';
import { generateInput } from '../scripts/fuzz/inputs';
import { runSequence } from '../scripts/fuzz/incremental';
import { shrinkText } from '../scripts/fuzz/shrink';

/**
 * A small seeded run of `npm run fuzz` (scripts/fuzz/): no input may crash the engine, break
 * a fix or make the server's incremental state differ from a fresh lint. Slow inputs are
 * printed, never asserted (timings are noisy on shared machines).
 */
describe('fuzz harness (npm run fuzz), a small seeded run', () => {
  it('generates the same input from the same seed', () => {
    assert.deepEqual(generateInput(12345), generateInput(12345));
    assert.notDeepEqual(generateInput(12345).text, generateInput(12346).text);
  });

  it('finds no crash, rule error or broken fix in 40 inputs and no mismatch in 4 edit sequences', async function () {
    this.timeout(120_000);
    const summary = await runFuzz({ seed: 20240612, count: 40, sequences: 4, steps: 15, timeMs: 90_000, hardTimeoutMs: 0, shrinkMs: 5_000, outDir: path.join(os.tmpdir(), 'mltraps-fuzz-test') });
    const report = formatSummary(summary);
    if (summary.slow.length > 0) console.log(report);
    assert.equal(summary.inputs, 40);
    assert.equal(summary.sequences, 4);
    assert.deepEqual(summary.failures, [], report);
  });

  it('records a crash, shrinks to what still fails', async () => {
    const engine = await loadEngine();
    // A rule that throws on a marker: the harness reports it as a rule error.
    const throwing = { ...engine.rules[0], check: (context: Parameters<(typeof engine.rules)[0]['check']>[0]) => {
      if (context.document.text.includes('BOOM')) throw new Error('boom');
    }, triggers: undefined, alsoNeeds: undefined };
    const result = checkInput({ linter: engine.linter, rules: [throwing] }, { seed: 1, generator: 'test', kind: 'py', text: 'x = 1\nBOOM = 2\ny = 3\n' });
    assert.deepEqual(result.failures.map((failure) => failure.kind), ['rule-error']);
    const shrunk = await shrinkText('x = 1\nBOOM = 2\ny = 3\n', async (text) => text.includes('BOOM'), 5_000);
    assert.equal(shrunk, 'BOOM');
  });

  it('records a fix that leaves its finding, and one that breaks code that parsed', async () => {
    const engine = await loadEngine();
    type Check = (typeof engine.rules)[0]['check'];
    const withFix = (newText: string): Check => (context) => {
      const start = context.document.text.indexOf('BAD');
      if (start !== -1) context.report({ range: { start, end: start + 3 }, message: 'bad', fixes: [{ title: 'fix', safety: 'safe', edits: [{ start: 0, end: 0, newText }] }] });
    };
    const keeps = { ...engine.rules[0], triggers: undefined, alsoNeeds: undefined, check: withFix('x = 0\n') };
    const breaks = { ...engine.rules[0], triggers: undefined, alsoNeeds: undefined, check: withFix('(') };
    const input = { seed: 1, generator: 'test', kind: 'py' as const, text: 'BAD = 1\n' };
    assert.ok(checkInput({ linter: engine.linter, rules: [keeps] }, input).failures.some((failure) => failure.kind === 'fix-kept-finding'));
    assert.ok(checkInput({ linter: engine.linter, rules: [breaks] }, input).failures.some((failure) => failure.kind === 'fix-broke-parse'));
  });

  it('an edit sequence on a notebook and one on a text document match a fresh lint', async () => {
    const engine = await loadEngine();
    for (const seed of [1, 2, 3, 4]) {
      const result = runSequence(engine, seed, 10);
      assert.deepEqual(result.failures, [], result.log.join('\n'));
      assert.equal(result.edits, 10);
    }
  });
});
