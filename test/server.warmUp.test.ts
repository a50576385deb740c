import * as assert from 'node:assert/strict';
import { allRules, findRule } from '../rules';
import { loadPythonParser, type PythonParser } from '../rules/engine/parser';
import type { Rule } from '../rules/engine/types';
import { WARM_UP_DELAY_MS, WarmUp, warmUpSamples } from '../server/warmUp';
import { delay, LspTestClient } from './support/lspClient';

// The server's warm-up lints each rule's documentation examples while nothing is open, one rule
// per turn of the event loop, and gives way for good to the first document the user opens.

/** A scheduler the test turns by hand: each call queues the next piece. */
function manualScheduler(): { schedule: (piece: () => void) => void; runAll: () => Promise<number> } {
  const queue: Array<() => void> = [];
  return {
    schedule: (piece) => queue.push(piece),
    async runAll() {
      let turns = 0;
      for (let piece = queue.shift(); piece; piece = queue.shift()) {
        piece();
        turns++;
        // A piece's lint awaits the settings: let it finish before the next turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return turns;
    },
  };
}

/** A rule that counts the texts it was run on, and throws when asked to. */
function countingRule(id: string, seen: string[], throws = false): Rule {
  const base = allRules[0];
  return {
    ...base,
    meta: { ...base.meta, id },
    docs: { ...base.docs, example: `example_of_${id} = 1`, useInstead: `correct_${id} = 2` },
    triggers: undefined,
    alsoNeeds: undefined,
    check(context) {
      seen.push(`${id}:${context.document.uri}`);
      if (throws) throw new Error(`${id} fails`);
    },
  } as Rule;
}

describe('WarmUp: the server lints the rules\' own examples while it is idle', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  it('one sample per rule: a Databricks notebook whose two cells are the rule\'s example and its correct pattern', () => {
    const samples = warmUpSamples(allRules);
    assert.equal(samples.length, allRules.length);
    for (const [index, rule] of allRules.entries()) {
      assert.ok(samples[index].startsWith('# Databricks notebook source\n'), rule.meta.id);
      const cells = samples[index].split('\n# COMMAND ----------\n');
      assert.equal(cells.length, 2, rule.meta.id);
      assert.ok(cells[0].includes(rule.docs.example), rule.meta.id);
      assert.ok(cells[1].includes(rule.docs.useInstead), rule.meta.id);
    }
  });

  it('lints every sample, one per turn, and each rule runs on its own sample', async () => {
    const seen: string[] = [];
    const rules = [countingRule('MLT901', seen), countingRule('MLT902', seen), countingRule('MLT903', seen)];
    const { schedule, runAll } = manualScheduler();
    const warmUp = new WarmUp(parser, rules, () => false, () => {}, schedule);
    warmUp.start();
    await runAll();
    assert.equal(warmUp.linted, 3);
    // Every rule runs on every sample (a sample is a whole document); each sample is its own uri.
    assert.deepEqual(
      [...new Set(seen.map((entry) => entry.split(':').slice(1).join(':')))],
      ['mltraps-warm-up://rules/MLT901.py', 'mltraps-warm-up://rules/MLT902.py', 'mltraps-warm-up://rules/MLT903.py'],
    );
  });

  it('stops for good at the first piece that finds the server busy (a document opened)', async () => {
    const seen: string[] = [];
    const rules = ['MLT901', 'MLT902', 'MLT903', 'MLT904'].map((id) => countingRule(id, seen));
    const { schedule, runAll } = manualScheduler();
    // Idle for the first two pieces, busy at the third.
    let checks = 0;
    let busyFrom = 3;
    const warmUp = new WarmUp(parser, rules, () => ++checks >= busyFrom, () => {}, schedule);
    warmUp.start();
    await runAll();
    assert.equal(warmUp.linted, 2);
    assert.deepEqual(seen.filter((entry) => entry.startsWith('MLT901:')).length, 2);
    // Stopped means stopped: the server idle again and start() called again run nothing more.
    busyFrom = Infinity;
    warmUp.start();
    await runAll();
    assert.equal(warmUp.linted, 2);
  });

  it('a rule that throws on a sample does not stop the warm-up or escape it', async () => {
    const seen: string[] = [];
    const rules = [countingRule('MLT901', seen, true), countingRule('MLT902', seen)];
    const { schedule, runAll } = manualScheduler();
    const errors: string[] = [];
    const warmUp = new WarmUp(parser, rules, () => false, (error, ruleId) => errors.push(`${ruleId}: ${(error as Error).message}`), schedule);
    warmUp.start();
    await runAll();
    assert.equal(warmUp.linted, 2);
    assert.ok(seen.includes('MLT902:mltraps-warm-up://rules/MLT902.py'));
    // Reported (the server logs it), once per sample the rule ran on.
    assert.deepEqual(errors, ['MLT901: MLT901 fails', 'MLT901: MLT901 fails']);
  });

  it('the real catalogue: every rule\'s sample is linted, and no rule fails on any sample', async () => {
    const errors: unknown[] = [];
    const { schedule, runAll } = manualScheduler();
    const warmUp = new WarmUp(parser, allRules, () => false, (error, ruleId) => errors.push([ruleId, error]), schedule);
    warmUp.start();
    await runAll();
    assert.equal(warmUp.linted, allRules.length);
    assert.deepEqual(errors, []);
  });
});

// A trap of the catalogue's own: MLT601's documented example (90 + 15).
const TRAFFIC_OVER_100 = `${findRule('MLT601')!.docs.example}\n`;

describe('WarmUp in the language server (dist/server.js)', function () {
  this.timeout(30000);

  it('a server left idle after initialized warms up without publishing, logging or asking anything, then lints as before', async () => {
    const client = new LspTestClient('stdio');
    const asked: string[] = [];
    client.connection.onRequest('workspace/configuration', () => {
      asked.push('workspace/configuration');
      return [null];
    });
    try {
      await client.initialize();
      // Long enough for the whole warm-up on a slow machine (about 1 s here).
      await delay(WARM_UP_DELAY_MS + 4_000);
      assert.deepEqual(client.publishedUris(), []);
      assert.deepEqual(client.log.filter((line) => /warm/i.test(line)), []);
      assert.deepEqual(asked, []);
      const uri = 'file:///work/after_warm_up.py';
      const published = client.nextDiagnostics(uri);
      await client.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version: 1, text: TRAFFIC_OVER_100 },
      });
      assert.deepEqual((await published).diagnostics.map((diagnostic) => diagnostic.code), ['MLT601']);
      assert.deepEqual(client.publishedUris(), [uri]);
    } finally {
      await client.stop();
    }
  });
});
