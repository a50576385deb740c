import * as assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { allRules } from '../../rules';
import { carriedFact } from '../../rules/engine/carriedFacts';
import { loadPythonParser, type PythonParser } from '../../rules/engine/parser';
import type { ServedNameConfig, TrafficSplit } from '../../rules/semantic/servingConfig';
import { ConfigResolver } from '../../server/configuration/configResolver';
import { DocumentLinter } from '../../server/documentLinter';
import { DocumentStore } from '../../server/documentStore';
import { SettingsStore } from '../../server/settings';

/**
 * While the user types in one endpoint's cell, the other cells' traffic splits (MLT601) and
 * served names and routes (MLT602) are carried from version to version (engine/carriedFacts)
 * instead of read again, moved with the text; the findings stay those of a fresh lint.
 */

const CELLS = [
  'from databricks.sdk.service.serving import Route, TrafficConfig',
  'champion = TrafficConfig(routes=[Route(served_model_name="a-1", traffic_percentage=90), Route(served_model_name="b-2", traffic_percentage=15)])',
  'canary = {"routes": [{"served_model_name": "a-1", "traffic_percentage": 80}, {"served_model_name": "b-2", "traffic_percentage": 30}]}',
];
const TEXT = ['# Databricks notebook source', ...CELLS].join('\n\n# COMMAND ----------\n\n') + '\n';

describe('serving configs carried between versions (MLT601, MLT602)', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  it("a keystroke in one endpoint's config carries the served names and routes of another cell's, moved", async () => {
    const cells = [
      'from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig',
      'first = EndpointCoreConfigInput(name="churn", served_entities=[ServedEntityInput(name="champion_model", entity_name="m", entity_version="1")], traffic_config=TrafficConfig(routes=[Route(served_model_name="champion_model", traffic_percentage=100)]))',
      'second = {"served_entities": [{"name": "challenger_model"}], "traffic_config": {"routes": [{"served_model_name": "challenger_modl", "traffic_percentage": 100}]}}',
    ];
    const text = ['# Databricks notebook source', ...cells].join('\n\n# COMMAND ----------\n\n') + '\n';
    const store = new DocumentStore(parser);
    const linter = new DocumentLinter(store, new SettingsStore({} as Connection, false), new ConfigResolver({ kind: 'isolated' }, () => {}), allRules, () => {});
    const uri = 'file:///carried/configs.py';
    try {
      store.open(uri, 1, text);
      await linter.lint(uri);
      // `name="churn"` -> `name="ch"`: the second config's cell moves back by three characters.
      const line = text.split('\n').findIndex((candidate) => candidate.startsWith('first'));
      const column = text.split('\n')[line].indexOf('churn');
      store.change(uri, 2, [{ range: { start: { line, character: column + 2 }, end: { line, character: column + 5 } }, text: '' }]);
      const linted = await linter.lint(uri);
      const document = store.get(uri)!.source!;
      const tree = document.parsedCells.find((parsed) => document.text.slice(parsed.cell.start, parsed.cell.end).includes('second ='))!.tree;
      let computed = 0;
      const byKind = carriedFact<ServedNameConfig[][]>(document, tree, 'servedNameConfigs', () => {
        computed++;
        return [];
      }, (value) => value);
      assert.equal(computed, 0, "the second config's cell is carried");
      const routes = byKind.flat().flatMap((config) => config.routes);
      assert.deepEqual(routes.map((route) => document.text.slice(route.range.start, route.range.end)), ['"challenger_modl"'], 'moved with the text');
      assert.deepEqual(linted?.findings.filter((finding) => finding.ruleId === 'MLT602').map((finding) => finding.start.line), [text.split('\n').findIndex((candidate) => candidate.startsWith('second'))]);
    } finally {
      store.dispose();
    }
  });

  it('a keystroke in one endpoint cell reads that cell again and carries the other, moved', async () => {
    const store = new DocumentStore(parser);
    const linter = new DocumentLinter(store, new SettingsStore({} as Connection, false), new ConfigResolver({ kind: 'isolated' }, () => {}), allRules, () => {});
    const uri = 'file:///carried/serving.py';
    try {
      store.open(uri, 1, TEXT);
      await linter.lint(uri);
      // A keystroke in the champion's cell: 90 -> 5, which moves the canary's cell below it by one character.
      const line = TEXT.split('\n').findIndex((candidate) => candidate.startsWith('champion'));
      const column = TEXT.split('\n')[line].indexOf('90');
      store.change(uri, 2, [{ range: { start: { line, character: column }, end: { line, character: column + 2 } }, text: '5' }]);
      const linted = await linter.lint(uri);
      const document = store.get(uri)!.source!;
      const text = document.text;
      const byCell = (prefix: string) => document.parsedCells.find((parsed) => text.slice(parsed.cell.start, parsed.cell.end).includes(prefix))!.tree;
      let computed = 0;
      const carried = (prefix: string) =>
        carriedFact<TrafficSplit[]>(document, byCell(prefix), 'trafficSplits', () => {
          computed++;
          return [];
        }, (value) => value);
      const canary = carried('canary =');
      assert.equal(computed, 0, "the canary cell's splits are carried");
      assert.deepEqual(canary.map((split) => text.slice(split.range.start, split.range.end)), [CELLS[2].slice(CELLS[2].indexOf('['), CELLS[2].lastIndexOf(']') + 1)], 'moved with the text');
      carried('champion =');
      assert.equal(computed, 0, "the champion cell's splits were read again for this version, and are kept for the next");
      // The findings are a fresh lint's.
      const fresh = new DocumentStore(parser);
      const freshLinter = new DocumentLinter(fresh, new SettingsStore({} as Connection, false), new ConfigResolver({ kind: 'isolated' }, () => {}), allRules, () => {});
      fresh.open('file:///fresh/serving.py', 1, text);
      const expected = await freshLinter.lint('file:///fresh/serving.py');
      assert.deepEqual(linted?.findings.map((finding) => finding.message), expected?.findings.map((finding) => finding.message));
      assert.ok(linted?.findings.some((finding) => finding.message.includes('add up to 20 (5 + 15)')), 'the edited split is read again');
      fresh.dispose();
    } finally {
      store.dispose();
    }
  });
});
