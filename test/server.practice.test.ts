import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPracticeNotebook } from '../rules/practice';
import type { PracticeCheckAnswer } from '../server/practice';
import { LspTestClient, SERVER_BUNDLE } from './support/lspClient';

// `mltraps/practiceCheck`, the request behind the editor's "Check My Answers", through the
// bundled server (dist/server.js): it reads the answer key from examples/ beside dist/.

const EXAMPLES = path.join(__dirname, '..', 'examples');

describe('language server: mltraps/practiceCheck', function () {
  this.timeout(30000);
  let client: LspTestClient;

  before(async () => {
    assert.ok(fs.existsSync(SERVER_BUNDLE), 'dist/server.js is built (npm run build)');
    client = new LspTestClient('stdio');
    await client.initialize();
  });

  after(async () => {
    await client.stop();
    client.kill();
  });

  it("scores a text copy: the fixed trap is fixed, the others are still there with the exam fact as hint", async () => {
    const notebook = findPracticeNotebook('spark-ml')!;
    const text = fs.readFileSync(path.join(EXAMPLES, notebook.file), 'utf8').replace(/DecisionTreeClassifier\(/, 'DecisionTreeClassifier(featuresCol="tree_features", ');
    const answer = await client.request<PracticeCheckAnswer>('mltraps/practiceCheck', { notebook: 'spark-ml', cells: [{ kind: 'code', text }] });
    assert.ok('result' in answer, JSON.stringify(answer));
    assert.deepEqual(answer.result.fixed.map((trap) => trap.ruleId), ['MLT104']);
    assert.equal(answer.result.remaining.length, notebook.traps - 1);
    assert.ok(answer.result.remaining.every((trap) => trap.hint.length > 0));
    assert.deepEqual(answer.result.introduced, []);
  });

  it('scores a notebook copy against the Jupyter twin', async () => {
    const notebook = findPracticeNotebook('serving')!;
    const ipynb = JSON.parse(fs.readFileSync(path.join(EXAMPLES, notebook.ipynb!), 'utf8')) as { cells: Array<{ cell_type: string; source: string[] | string }> };
    const cells = ipynb.cells.map((cell) => ({ kind: cell.cell_type === 'markdown' ? 'markdown' : 'code', text: Array.isArray(cell.source) ? cell.source.join('') : cell.source }));
    const answer = await client.request<PracticeCheckAnswer>('mltraps/practiceCheck', { notebook: 'serving', cells, jupyter: true });
    assert.ok('result' in answer, JSON.stringify(answer));
    assert.equal(answer.result.remaining.length, notebook.traps);
  });

  it('answers an unknown notebook or a malformed request with an error, and keeps serving', async () => {
    const unknown = await client.request<PracticeCheckAnswer>('mltraps/practiceCheck', { notebook: 'nothing', cells: [] });
    assert.ok('error' in unknown && /no practice notebook "nothing"/.test(unknown.error), JSON.stringify(unknown));
    const malformed = await client.request<PracticeCheckAnswer>('mltraps/practiceCheck', { notebook: 'spark-ml', cells: 'x' });
    assert.ok('error' in malformed, JSON.stringify(malformed));
    const again = await client.request<PracticeCheckAnswer>('mltraps/practiceCheck', { notebook: 'spark-ml', cells: [{ kind: 'code', text: '' }] });
    assert.ok('result' in again && again.result.fixed.length === again.result.total, JSON.stringify(again));
  });
});
