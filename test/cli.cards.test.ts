import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { allRules } from '../rules';
import { allApiCards } from '../rules/examHints';
import { ANKI_HEADER, ankiField, apiCardNote, ruleNote } from '../server/cli/ankiDeck';
import { closestKeys, lookupTopic, searchTopics, topicKey } from '../server/cli/explainLookup';
import { CLI, lines, mltraps } from './support/cli';

/**
 * Reads a deck the way Anki's text import does: `#key:value` header lines, then notes whose
 * fields are separated by tabs; a field that starts with a double quote runs to the closing
 * quote (tabs and line breaks included) and `""` inside it is one quote.
 */
function parseAnkiDeck(text: string): { header: string[]; notes: string[][] } {
  const header: string[] = [];
  const notes: string[][] = [];
  let position = 0;
  while (text.startsWith('#', position)) {
    const end = text.indexOf('\n', position);
    header.push(text.slice(position, end));
    position = end + 1;
  }
  while (position < text.length) {
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[position] === '"') {
        position++;
        for (;;) {
          const quote = text.indexOf('"', position);
          assert.ok(quote !== -1, 'unclosed quoted field');
          field += text.slice(position, quote);
          position = quote + 1;
          if (text[position] === '"') {
            field += '"';
            position++;
          } else break;
        }
      } else {
        const end = text.slice(position).search(/[\t\n]/);
        field = text.slice(position, end === -1 ? text.length : position + end);
        position = end === -1 ? text.length : position + end;
      }
      fields.push(field);
      if (text[position] === '\t') {
        position++;
        continue;
      }
      assert.ok(position === text.length || text[position] === '\n', `unexpected ${JSON.stringify(text[position])} after a field`);
      position++;
      break;
    }
    notes.push(fields);
  }
  return { header, notes };
}

const TEST_WEBHOOK_NOTE = [
  '<code>RegistryWebhooksClient().test_webhook(id, event=None)</code><br><i>MLOps (44 % of the exam)</i>',
  '\t',
  '"Sends a test event to a webhook, to check its job or URL before real registry events use it.',
  '<br><br><b>Exam fact:</b> A webhook in TEST_MODE fires only through test_webhook, never on real events; switch it to ACTIVE with update_webhook once the test works.',
  '<br><br><b>Confused with:</b> update_webhook changes the webhook (its status, events or target); test_webhook only fires it once.',
  "<br><br><b>Legacy:</b> registry webhooks of the workspace registry; not available for Unity Catalog models: use a job's model update trigger",
  '<br><br><pre>from databricks_registry_webhooks import RegistryWebhooksClient\n\nclient = RegistryWebhooksClient()\nclient.test_webhook(id=webhook_id)\nclient.update_webhook(id=webhook_id, status=""ACTIVE"")</pre>',
  '<br><br><b>Rules:</b> MLT405',
  '<br><br><b>References:</b> <a href=""https://docs.databricks.com/mlflow/model-registry-webhooks.html"">Databricks: Workspace Model Registry webhooks</a>',
  ' · <a href=""https://docs.databricks.com/aws/en/jobs/model-update-triggers"">Databricks: Trigger jobs when models are updated</a>"',
].join('');

describe('mltraps cards', function () {
  this.timeout(60_000);

  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build'));

  describe('--format anki', () => {
    const run = () => mltraps(['cards', '--format', 'anki']);

    it('starts with the header lines Anki reads: tab separator, HTML allowed', () => {
      const { status, stdout } = run();
      assert.equal(status, 0);
      assert.deepEqual(stdout.split('\n').slice(0, ANKI_HEADER.length), ['#separator:tab', '#html:true', '#columns:Front\tBack', '#tags:mltraps']);
    });

    it('writes one note per rule and per API card, each with a front and a back', () => {
      const { notes } = parseAnkiDeck(run().stdout);
      assert.equal(notes.length, allRules.length + allApiCards.length);
      for (const note of notes) {
        assert.equal(note.length, 2, `a note has ${note.length} fields: ${note[0]}`);
        assert.ok(note[0].trim() && note[1].trim(), `empty field in ${note[0]}`);
      }
      const fronts = notes.map(([front]) => front);
      for (const rule of allRules) assert.ok(fronts.some((front) => front.startsWith(`<b>${rule.meta.id}</b>`)), `${rule.meta.id} is missing`);
      const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      for (const card of allApiCards) assert.ok(fronts.some((front) => front.startsWith(`<code>${escape(card.title)}</code>`)), `${card.key} is missing`);
    });

    it('writes the exact note of one card (test_webhook)', () => {
      const card = allApiCards.find((c) => c.key === 'test_webhook')!;
      assert.equal(apiCardNote(card), TEST_WEBHOOK_NOTE);
      assert.ok(run().stdout.includes(`\n${TEST_WEBHOOK_NOTE}\n`), 'the CLI prints the same note on its own line');
      const [note] = parseAnkiDeck(`${TEST_WEBHOOK_NOTE}\n`).notes;
      assert.match(note[1], /<pre>from databricks_registry_webhooks import RegistryWebhooksClient\n\nclient = /, 'line breaks of the code survive inside the quoted field');
      assert.match(note[1], /status="ACTIVE"/, 'doubled quotes read back as one');
    });

    it('quotes a field that holds a tab, a line break or a quote, and leaves others alone', () => {
      assert.equal(ankiField('plain <b>text</b>'), 'plain <b>text</b>');
      assert.equal(ankiField('a\tb'), '"a\tb"');
      assert.equal(ankiField('line 1\nline 2'), '"line 1\nline 2"');
      assert.equal(ankiField('say "hi"'), '"say ""hi"""');
      const [note] = parseAnkiDeck(`${ankiField('x\ty')}\t${ankiField('he said "a\nb"')}\n`).notes;
      assert.deepEqual(note, ['x\ty', 'he said "a\nb"']);
    });

    it('escapes HTML in the texts and shows the domain, the legacy label and the study-material correction', () => {
      const rule = allRules.find((r) => r.meta.id === 'MLT401')!;
      const [front, back] = parseAnkiDeck(`${ruleNote(rule)}\n`).notes[0];
      assert.match(front, /^<b>MLT401<\/b>: what is wrong here\?<br><pre>/);
      assert.match(front, /<i>MLOps \(44 % of the exam\)<\/i>$/);
      assert.match(back, /<b>Legacy:<\/b> workspace-registry stages/);
      const restore = allApiCards.find((c) => c.key === 'RESTORE')!;
      const [, restoreBack] = parseAnkiDeck(`${apiCardNote(restore)}\n`).notes[0];
      assert.match(restoreBack, /<b>Study material:<\/b> The study material says .*; in fact /);
      const assembler = allApiCards.find((c) => c.key === 'pyspark.ml.feature.VectorAssembler')!;
      assert.ok(!/<(?!\/?(?:b|i|br|code|pre|a)\b)/.test(apiCardNote(assembler)), 'only the deck\'s own tags are HTML');
    });
  });

  it('without a format lists every rule and API card, one line each', () => {
    const { status, stdout } = mltraps(['cards']);
    assert.equal(status, 0);
    const keys = lines(stdout).slice(1).map((line) => line.trim().split(/\s{2,}/)[0]);
    assert.deepEqual(keys, [...allRules.map((rule) => rule.meta.id), ...allApiCards.map((card) => card.key)]);
  });

  it('refuses an unknown format', () => {
    const run = mltraps(['cards', '--format', 'csv']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--format anki/);
  });
});

describe('mltraps explain: finding cards and rules', function () {
  this.timeout(60_000);

  it('an exact id, name or key wins over partial matches', () => {
    const card = lookupTopic('mapInPandas');
    assert.equal(card.kind, 'one');
    assert.equal(card.kind === 'one' && topicKey(card.topic), 'mapInPandas', 'the card, not MLT201 mapinpandas-per-group-training');
    const rule = lookupTopic('stage-model-uri');
    assert.equal(rule.kind === 'one' && topicKey(rule.topic), 'MLT402');
    const run = mltraps(['explain', 'MAPINPANDAS']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^mapInPandas: DataFrame\.mapInPandas/);
  });

  it('any part of a key or name, any letter case: one match is printed, several are listed', () => {
    const one = mltraps(['explain', 'copy_model']);
    assert.equal(one.status, 0);
    assert.match(one.stdout, /^MlflowClient\.copy_model_version: /);
    const several = mltraps(['explain', 'spark']);
    assert.equal(several.status, 0, several.stderr);
    const listed = lines(several.stdout).slice(1).map((line) => line.trim().split(/\s+/)[0]);
    assert.match(lines(several.stdout)[0], /^"spark" matches \d+ rules and cards \(mltraps explain <key>\):$/);
    for (const key of ['mlflow.pyfunc.spark_udf', 'hyperopt.SparkTrials', 'MlflowSparkStudy']) assert.ok(listed.includes(key), `${key} in ${listed.join(' ')}`);
    const rules = mltraps(['explain', 'Watermark']);
    assert.match(rules.stdout, /MLT606 +streaming-aggregation-without-watermark/);
    assert.match(rules.stdout, /withWatermark +Declares how late events may arrive/);
  });

  it('suggests the closest keys when nothing matches', () => {
    assert.deepEqual(closestKeys('spak_udf').slice(0, 1), ['mlflow.pyfunc.spark_udf']);
    assert.ok(closestKeys('withwatermak').includes('withWatermark'));
    assert.ok(closestKeys('mlt6O5').includes('MLT605'));
    const run = mltraps(['explain', 'sparkudf']);
    assert.equal(run.status, 2);
    assert.equal(lines(run.stderr).length, 1);
    assert.match(run.stderr, /did you mean mlflow\.pyfunc\.spark_udf/);
    const nothing = mltraps(['explain', 'qqqqqqqqqq']);
    assert.equal(nothing.status, 2);
    assert.doesNotMatch(nothing.stderr, /did you mean/);
  });

  it('--search looks in titles and facts and lists each match with a one-line summary', () => {
    const found = searchTopics('retention').map(topicKey);
    assert.ok(found.includes('VACUUM') && found.includes('versionAsOf'), found.join(' '));
    assert.ok(searchTopics('online tables retired').map(topicKey).includes('publish_table'));
    assert.deepEqual(searchTopics('ONLINE  TABLES retired'), searchTopics('online tables retired'), 'any letter case, every word');
    const run = mltraps(['explain', '--search', 'served_models']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\d+ rules? (?:and|or) cards? mentions? "served_models"/);
    for (const line of lines(run.stdout).slice(1)) assert.match(line, /^ {2}\S+ +\S.*$/, 'one line per match');
    assert.ok(lines(run.stdout).some((line) => line.trim().startsWith('ServedModelInput ')));
    const rule = mltraps(['explain', '--search=first request']);
    assert.ok(lines(rule.stdout).some((line) => line.trim().startsWith('MLT302 ')), rule.stdout);
    const none = mltraps(['explain', '--search', 'zzzyyyxxx']);
    assert.equal(none.status, 2);
    assert.equal(mltraps(['explain', '--search']).status, 2);
  });
});
