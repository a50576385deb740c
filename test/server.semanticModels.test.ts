import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPythonParser } from '../rules/engine/parser';
import { DOCUMENTS_KEEPING_ANALYSIS, semanticModelOf } from '../server/semanticModels';
import { serverLinter } from './support/serverLinter';

/**
 * Only the documents used last keep their semantic model and syntax indexes (the server's
 * memory with many documents open): a document used again after others pushed it out is
 * analysed afresh, with the same findings as a fresh lint.
 */
describe('server semantic models kept for the documents used last', () => {
  const examples = path.join(__dirname, '..', 'examples');
  const texts = fs.readdirSync(examples).filter((name) => name.endsWith('.py')).sort().map((name) => fs.readFileSync(path.join(examples, name), 'utf8'));
  const count = DOCUMENTS_KEEPING_ANALYSIS + 3;
  const uriOf = (index: number) => `file:///kept/${index}.py`;

  it('reuses the model of a recent document and rebuilds an evicted one; findings stay those of a fresh lint', async () => {
    const parser = await loadPythonParser();
    const { store, linter } = serverLinter(parser);
    const current: string[] = [];
    // Opened, not linted: the linter would park the trees of all but the last few (tested below).
    for (let index = 0; index < count; index++) {
      current.push(texts[index % texts.length]);
      store.open(uriOf(index), 1, current[index]);
    }
    const recentSource = store.get(uriOf(count - 1))!.source!;
    assert.equal(semanticModelOf(recentSource), semanticModelOf(recentSource));
    const evictedSource = store.get(uriOf(0))!.source!;
    const before = semanticModelOf(evictedSource);
    for (let index = 1; index <= DOCUMENTS_KEEPING_ANALYSIS; index++) semanticModelOf(store.get(uriOf(index))!.source!);
    assert.notEqual(semanticModelOf(evictedSource), before);

    // Edits round the documents, each one evicted by the time it is edited again.
    let version = 2;
    for (let round = 0; round < 2; round++) {
      for (let index = 0; index < count; index++) {
        current[index] = `edited_${round} = ${round}\n${current[index]}`;
        store.change(uriOf(index), version++, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `edited_${round} = ${round}\n` }]);
        const linted = await linter.lint(uriOf(index));
        const fresh = serverLinter(parser);
        // Under another uri: analyses are kept per uri, and the fresh copy must not replace the tested one's.
        const freshUri = uriOf(index).replace('/kept/', '/fresh-copy/');
        fresh.store.open(freshUri, 1, current[index]);
        const expected = await fresh.linter.lint(freshUri);
        assert.deepEqual(linted?.findings, expected?.findings, `document ${index}, round ${round}`);
        fresh.store.dispose();
      }
    }
    store.dispose();
  });
});
