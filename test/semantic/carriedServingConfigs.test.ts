import * as assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { allRules } from '../../rules';
import { carriedFact } from '../../rules/engine/carriedFacts';
import { loadPythonParser, type PythonParser } from '../../rules/engine/parser';
import type { SourceDocument } from '../../rules/engine/sourceDocument';
import type { Finding } from '../../rules/engine/types';
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

function exportOf(cells: readonly string[]): string {
  return ['# Databricks notebook source', ...cells].join('\n\n# COMMAND ----------\n\n') + '\n';
}

function server(parser: PythonParser): { store: DocumentStore; linter: DocumentLinter } {
  const store = new DocumentStore(parser);
  return { store, linter: new DocumentLinter(store, new SettingsStore({} as Connection, false), new ConfigResolver({ kind: 'isolated' }, () => {}), allRules, () => {}) };
}

/**
 * Opens `text`, lints it, replaces `word` on the line starting with `linePrefix` by `replacement`
 * as one keystroke would, and lints again: the new version and its findings.
 */
async function typedIn(parser: PythonParser, text: string, linePrefix: string, word: string, replacement: string): Promise<{ document: SourceDocument; findings: readonly Finding[]; dispose: () => void }> {
  const { store, linter } = server(parser);
  const uri = 'file:///carried/serving.py';
  store.open(uri, 1, text);
  await linter.lint(uri);
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => candidate.startsWith(linePrefix));
  const character = lines[line].indexOf(word);
  store.change(uri, 2, [{ range: { start: { line, character }, end: { line, character: character + word.length } }, text: replacement }]);
  const linted = await linter.lint(uri);
  return { document: store.get(uri)!.source!, findings: linted?.findings ?? [], dispose: () => store.dispose() };
}

/** The fact named `key` that the version holds for the cell containing `marker`, and whether it had to be computed (it was not carried). */
function factOf<T>(document: SourceDocument, marker: string, key: string): { value: T; computed: boolean } {
  const tree = document.parsedCells.find((parsed) => document.text.slice(parsed.cell.start, parsed.cell.end).includes(marker))!.tree;
  let computed = false;
  const value = carriedFact<T>(document, tree, key, () => {
    computed = true;
    return [] as T;
  }, (kept) => kept);
  return { value, computed };
}

describe('serving configs carried between versions (MLT601, MLT602)', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  it('a keystroke in one endpoint cell reads that cell again and carries the other, moved', async () => {
    const cells = [
      'from databricks.sdk.service.serving import Route, TrafficConfig',
      'champion = TrafficConfig(routes=[Route(served_model_name="a-1", traffic_percentage=90), Route(served_model_name="b-2", traffic_percentage=15)])',
      'canary = {"routes": [{"served_model_name": "a-1", "traffic_percentage": 80}, {"served_model_name": "b-2", "traffic_percentage": 30}]}',
    ];
    // 90 -> 5 in the champion's cell moves the canary's cell below it by one character.
    const { document, findings, dispose } = await typedIn(parser, exportOf(cells), 'champion', '90', '5');
    try {
      const canary = factOf<TrafficSplit[]>(document, 'canary =', 'trafficSplits');
      assert.equal(canary.computed, false, "the canary cell's splits are carried");
      assert.deepEqual(canary.value.map((split) => document.text.slice(split.range.start, split.range.end)), [cells[2].slice(cells[2].indexOf('['), cells[2].lastIndexOf(']') + 1)], 'moved with the text');
      assert.equal(factOf(document, 'champion =', 'trafficSplits').computed, false, "the champion cell's splits were read again for this version, and are kept for the next");
      const fresh = server(parser);
      try {
        fresh.store.open('file:///fresh/serving.py', 1, document.text);
        const expected = await fresh.linter.lint('file:///fresh/serving.py');
        assert.deepEqual(findings.map((finding) => finding.message), expected?.findings.map((finding) => finding.message), "a fresh lint's findings");
      } finally {
        fresh.store.dispose();
      }
      assert.ok(findings.some((finding) => finding.message.includes('add up to 20 (5 + 15)')), 'the edited split is read again');
    } finally {
      dispose();
    }
  });

  it("a keystroke in one endpoint's config carries the served names and routes of another cell's, moved", async () => {
    const cells = [
      'from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig',
      'first = EndpointCoreConfigInput(name="churn", served_entities=[ServedEntityInput(name="champion_model", entity_name="m", entity_version="1")], traffic_config=TrafficConfig(routes=[Route(served_model_name="champion_model", traffic_percentage=100)]))',
      'second = {"served_entities": [{"name": "challenger_model"}], "traffic_config": {"routes": [{"served_model_name": "challenger_modl", "traffic_percentage": 100}]}}',
    ];
    // `name="churn"` -> `name="ch"`: the second config's cell moves back by three characters.
    const text = exportOf(cells);
    const { document, findings, dispose } = await typedIn(parser, text, 'first', 'churn', 'ch');
    try {
      const second = factOf<ServedNameConfig[][]>(document, 'second =', 'servedNameConfigs');
      assert.equal(second.computed, false, "the second config's cell is carried");
      const routes = second.value.flat().flatMap((config) => config.routes);
      assert.deepEqual(routes.map((route) => document.text.slice(route.range.start, route.range.end)), ['"challenger_modl"'], 'moved with the text');
      const secondLine = text.split('\n').findIndex((candidate) => candidate.startsWith('second'));
      assert.deepEqual(findings.filter((finding) => finding.ruleId === 'MLT602').map((finding) => finding.start.line), [secondLine]);
    } finally {
      dispose();
    }
  });
});
