import * as assert from 'node:assert/strict';
import type { ApiCard } from '../rules/examHints/apiCard';
import { servingCards } from '../rules/examHints/servingCards';
import { streamingDeltaCards } from '../rules/examHints/streamingDeltaCards';

/** The v2 facts of the serving, streaming and Delta cards (rules-spec: "Exam hint cards: facts to correct or add"). */

const OFFICIAL_DOCS = /^https:\/\/(?:docs\.databricks\.com|mlflow\.org\/docs|spark\.apache\.org\/docs)\//;

function card(key: string): ApiCard {
  const found = [...servingCards, ...streamingDeltaCards].find((candidate) => candidate.key === key);
  assert.ok(found, `no card ${key}`);
  return found;
}

function text(found: ApiCard): string {
  return [found.what, found.examFact, found.confusedWith ?? '', found.studyMaterial ?? ''].join(' ');
}

describe('exam hint cards: serving, streaming and Delta facts (v2)', () => {
  for (const found of [...servingCards, ...streamingDeltaCards]) {
    it(`${found.key} names its exam domain and links official docs`, () => {
      assert.ok(found.domain, `${found.key}: no domain`);
      assert.ok(found.references && found.references.length > 0, `${found.key}: no references`);
      for (const reference of found.references ?? []) assert.match(reference.url, OFFICIAL_DOCS, `${found.key}: ${reference.url}`);
      if (found.studyMaterial) assert.match(found.studyMaterial, /^The study material says .+; in fact .+/);
    });
  }

  it('ServedEntityInput: served_models is deprecated, and an endpoint serves the version its config names', () => {
    const served = card('ServedEntityInput');
    assert.match(served.confusedWith ?? '', /served_models.*deprecated in favour of/);
    assert.match(served.studyMaterial ?? '', /serves the version its config names/);
  });

  it('invocations: legacy MLflow Model Serving (/model/<name>/<stage>) is retired', () => {
    assert.match(card('invocations').studyMaterial ?? '', /\/model\/<name>\/<stage>.*retired/);
  });

  it('writeStream and checkpointLocation: a missing checkpoint means the query does not start, temporary ones only for scratch and foreach sinks', () => {
    assert.match(card('writeStream').examFact, /refuses to start/);
    const checkpoint = card('checkpointLocation').examFact;
    assert.match(checkpoint, /refuses to\s+start|does not start/);
    assert.match(checkpoint, /console, memory, noop, foreach and\s+foreachBatch/);
    assert.doesNotMatch(text(card('checkpointLocation')), /cannot recover/);
    assert.match(card('foreachBatch').examFact, /temporary checkpoint/);
  });

  it('outputMode and withWatermark: append without a watermark does not start; complete keeps all state', () => {
    assert.match(card('outputMode').examFact, /refuses to start an "append" query/);
    assert.match(card('withWatermark').examFact, /refuses to start the aggregation in append mode/);
    assert.match(card('withWatermark').examFact, /complete mode keeps all state/);
  });

  it('ZORDER and partitionBy: liquid clustering for new tables', () => {
    assert.match(card('ZORDER').examFact, /liquid clustering/);
    assert.match(card('partitionBy').examFact, /liquid clustering/);
  });

  it('RESTORE: Delta can roll a table back', () => {
    assert.match(card('RESTORE').studyMaterial ?? '', /in fact `RESTORE TABLE/);
  });
});
