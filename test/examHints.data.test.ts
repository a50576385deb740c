import * as assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { allRules } from '../rules';
import { allApiCards, apiCardAt, apiCardMarkdown, apiCardText } from '../rules/examHints';
import { explainText, hoverCard, rulePage } from '../rules/engine/ruleDocs';
import type { ApiCard } from '../rules/examHints/apiCard';
import { featureStoreCards } from '../rules/examHints/featureStoreCards';
import { monitoringSecurityCards } from '../rules/examHints/monitoringSecurityCards';
import { servingCards } from '../rules/examHints/servingCards';
import { streamingDeltaCards } from '../rules/examHints/streamingDeltaCards';
import { EXAM_DOMAIN_WEIGHTS } from '../rules/engine/types';
import { SemanticModel } from '../rules/semantic/semanticModel';
import { testLinter } from './support/linter';

const cardFiles: Record<string, ApiCard[]> = { featureStoreCards, servingCards, streamingDeltaCards, monitoringSecurityCards };
const cards = Object.values(cardFiles).flat();
const ruleIds = new Set(allRules.map((rule) => rule.meta.id));

/** The APIs of issue 5 that these files cover, by card key. */
const EXPECTED_KEYS: Record<string, string[]> = {
  featureStoreCards: ['create_table', 'FeatureLookup', 'create_training_set', 'write_table', 'score_batch', 'publish_table', 'FeatureEngineeringClient.log_model', 'FeatureFunction'],
  servingCards: ['ServedEntityInput', 'TrafficConfig', 'invocations', 'serving_endpoints.query', 'mlflow.deployments.get_deploy_client', 'serving_endpoints.create', 'ServedModelInput'],
  streamingDeltaCards: ['readStream', 'writeStream', 'checkpointLocation', 'outputMode', 'trigger', 'foreachBatch', 'withWatermark', 'partitionBy', 'ZORDER', 'versionAsOf', 'RESTORE', 'VACUUM', 'DESCRIBE HISTORY'],
  monitoringSecurityCards: [
    'ks_2samp', 'chisquare', 'jensenshannon', 'quality_monitors.create', 'lakehouse_monitoring.create_monitor', 'InferenceLog', 'TimeSeries',
    'Snapshot', 'MonitorCronSchedule', 'dbutils.secrets.get', 'create_webhook', 'test_webhook', 'update_webhook', 'JobSpec', 'HttpUrlSpec',
  ],
};

/**
 * Findings a card's example shows on purpose: MLT105 is an information rule that states the
 * number of models a CrossValidator trains, which is the lesson of that card's example.
 */
const EXAMPLE_FINDINGS: Record<string, string[]> = { 'pyspark.ml.tuning.CrossValidator': ['MLT105'] };

/**
 * Cards whose example shows the replacement rather than the API (a legacy call would itself be
 * a finding): a small use of the API to resolve instead.
 */
const RESOLUTION_SAMPLES: Record<string, string> = {
  'MlflowClient.transition_model_version_stage': 'from mlflow import MlflowClient\n\nMlflowClient().transition_model_version_stage("churn_model", 3, "Production")\n',
};

/** The keys of the cards that hovering some name, keyword or string of `text` shows. */
async function cardsShownIn(text: string): Promise<Set<string>> {
  const linter = await testLinter();
  const document = linter.parse('file:///example.py', text);
  try {
    const model = new SemanticModel(document);
    const shown = new Set<string>();
    const visit = (node: Node) => {
      if (node.type === 'identifier' || node.type === 'string') {
        const card = apiCardAt(model, node);
        if (card) shown.add(card.key);
      }
      for (const child of node.namedChildren) if (child) visit(child);
    };
    document.roots.forEach(visit);
    return shown;
  } finally {
    document.delete();
  }
}

function isFilled(text: string | undefined): boolean {
  return typeof text === 'string' && text.trim() !== '';
}

describe('exam hint cards: data of every card', () => {
  for (const [file, keys] of Object.entries(EXPECTED_KEYS)) {
    it(`${file} has a card for each API it covers`, () => {
      assert.deepEqual(cardFiles[file].map((card) => card.key).sort(), [...keys].sort());
    });
  }

  it('keys are unique among all cards, letter case aside', () => {
    const seen = new Set<string>();
    const duplicates = allApiCards.map((card) => card.key.toLowerCase()).filter((key) => (seen.has(key) ? true : (seen.add(key), false)));
    assert.deepEqual(duplicates, []);
    for (const card of cards) assert.ok(allApiCards.includes(card), `${card.key} is not in the card index`);
  });

  it('every card names its exam domain and official references (v2 labels)', () => {
    const official = /^https:\/\/(?:www\.)?(?:mlflow\.org|spark\.apache\.org|docs\.databricks\.com|kb\.databricks\.com)\//;
    for (const card of allApiCards) {
      assert.ok(card.domain && Object.keys(EXAM_DOMAIN_WEIGHTS).includes(card.domain), `${card.key}: no exam domain`);
      assert.ok((card.references ?? []).length > 0, `${card.key}: no references`);
      for (const reference of card.references ?? []) assert.match(reference.url, official, `${card.key}: ${reference.url}`);
      if (card.studyMaterial) assert.match(card.studyMaterial, /^The study material says .+; in fact /, `${card.key}: study-material line`);
    }
  });

  it('legacy APIs carry a legacy label: stages, registry webhooks, Hyperopt, served_models', () => {
    const legacyKeys = allApiCards
      .filter((card) => /transition_model_version_stage|create_webhook|update_webhook|test_webhook|JobSpec|HttpUrlSpec|SparkTrials|^hyperopt\.(fmin|Trials)$|^ServedModelInput$/.test(card.key))
      .map((card) => card.key);
    assert.ok(legacyKeys.length >= 9, `legacy cards found: ${legacyKeys.join(', ')}`);
    for (const key of legacyKeys) assert.ok(allApiCards.find((card) => card.key === key)!.legacy, `${key}: no legacy label`);
  });

  it('hovers, explain text and rule pages show the domain with its weight, the legacy label, the correction and the references', () => {
    const weighted = (domain: keyof typeof EXAM_DOMAIN_WEIGHTS) => `${domain} (${EXAM_DOMAIN_WEIGHTS[domain]} % of the exam)`;
    for (const card of allApiCards) {
      for (const text of [apiCardMarkdown(card), apiCardText(card)]) {
        assert.ok(text.includes(weighted(card.domain!)), `${card.key}: domain with weight`);
        if (card.legacy) assert.ok(text.includes(card.legacy), `${card.key}: legacy label`);
        if (card.studyMaterial) assert.ok(text.includes(card.studyMaterial), `${card.key}: study-material correction`);
        for (const reference of card.references ?? []) assert.ok(text.includes(reference.url), `${card.key}: ${reference.url}`);
      }
      if (card.legacy) assert.ok(apiCardMarkdown(card).includes(`**legacy:** ${card.legacy}`), `${card.key}: legacy badge`);
    }
    for (const rule of allRules) {
      for (const text of [hoverCard(rule), rulePage(rule), explainText(rule)]) {
        assert.ok(text.includes(weighted(rule.meta.domain)), `${rule.meta.id}: domain with weight`);
        if (rule.meta.legacy) assert.ok(text.includes(rule.meta.legacy), `${rule.meta.id}: legacy label`);
        if (rule.docs.studyMaterial) assert.ok(text.includes(rule.docs.studyMaterial), `${rule.meta.id}: study-material correction`);
        for (const reference of rule.docs.references ?? []) assert.ok(text.includes(reference.url), `${rule.meta.id}: ${reference.url}`);
      }
    }
  });

  it('a legacy label names the replacement', () => {
    for (const card of allApiCards.filter((c) => c.legacy)) {
      assert.match(card.legacy!, /\b(use|uses|loads by|instead|replaced? by)\b/i, `${card.key}: the legacy label does not say what replaced it`);
    }
  });

  it('current APIs are not labelled legacy: aliases, Optuna, served_entities, online feature stores', () => {
    for (const key of ['MlflowClient.set_registered_model_alias', 'MlflowSparkStudy', 'optuna.create_study', 'ServedEntityInput', 'publish_table', 'serving_endpoints.create']) {
      const card = allApiCards.find((c) => c.key === key);
      assert.ok(card, `${key}: no such card`);
      assert.equal(card.legacy, undefined, `${key} is current, not legacy`);
    }
  });

  it('no two cards claim the same keyword or string', () => {
    const owners = new Map<string, string>();
    const clashes: string[] = [];
    for (const card of allApiCards) {
      for (const value of [...(card.match.keywords ?? []).map((k) => `keyword ${k}`), ...(card.match.strings ?? []).map((s) => `string ${s}`)]) {
        const owner = owners.get(value);
        if (owner && owner !== card.key) clashes.push(`${value}: ${owner} and ${card.key}`);
        owners.set(value, card.key);
      }
    }
    assert.deepEqual(clashes, []);
  });

  for (const card of allApiCards) {
    describe(card.key, () => {
      it('fills every field', () => {
        for (const field of ['key', 'title', 'what', 'examFact', 'confusedWith', 'example'] as const) {
          assert.ok(isFilled(card[field]), `${card.key}: ${field} is empty`);
        }
        const lists = [card.match.qualifiedNames, card.match.methods, card.match.keywords, card.match.strings];
        assert.ok(lists.some((list) => list && list.length > 0), `${card.key}: match has nothing to match`);
        for (const list of [...lists, card.match.receiverHints]) {
          for (const entry of list ?? []) assert.ok(isFilled(entry) && entry === entry.trim(), `${card.key}: match entry "${entry}"`);
        }
        assert.ok(!card.match.receiverHints || (card.match.methods?.length ?? 0) > 0, `${card.key}: receiverHints without methods`);
      });

      it('links only rules that exist', () => {
        for (const id of card.relatedRules) assert.ok(ruleIds.has(id), `${card.key}: unknown rule ${id}`);
        assert.equal(new Set(card.relatedRules).size, card.relatedRules.length, `${card.key}: a rule is linked twice`);
      });

      it('shows an example that parses and lints clean', async () => {
        const linter = await testLinter();
        const example = card.example ?? '';
        const document = linter.parse('file:///example.py', example);
        const hasError = document.roots.some((root) => root.hasError);
        document.delete();
        assert.equal(hasError, false, `${card.key}: the example does not parse:\n${example}`);
        const { findings } = linter.lintText('file:///example.py', example, {
          onRuleError: (rule, error) => assert.fail(`${rule.meta.id} threw on the ${card.key} example: ${String(error)}`),
        });
        const expected = EXAMPLE_FINDINGS[card.key] ?? [];
        const unexpected = findings.filter((finding) => !expected.includes(finding.ruleId));
        assert.deepEqual(unexpected.map((finding) => `${finding.start.line + 1}: ${finding.ruleId} ${finding.message}`), []);
      });

      it('is the card shown on its own example', async () => {
        const shown = await cardsShownIn(RESOLUTION_SAMPLES[card.key] ?? card.example ?? '');
        assert.ok(shown.has(card.key), `${card.key}: no name in the example shows it (shown: ${[...shown].join(', ') || 'none'})`);
      });
    });
  }
});
