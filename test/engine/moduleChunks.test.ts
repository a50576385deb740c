import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { moduleChunks } from '../../rules/engine/moduleChunks';
import { loadPythonParser } from '../../rules/engine/parser';
import { fileSource, parseSource } from '../../rules/engine/programParser';
import { notebook, seededRandom } from '../../scripts/benchNotebooks';
import { plainModule } from '../../scripts/keystrokeBench';
import { ruleTableSamples } from '../support/ruleTester';
import { dedent } from '../support/linter';

const ROOT = path.join(__dirname, '..', '..');
const RULE_TESTS = path.join(ROOT, 'test', 'rules');

// The rule tables register their samples when loaded (a no-op when mocha already loaded them).
for (const file of fs.readdirSync(RULE_TESTS).sort()) {
  if (file.endsWith('.test.ts')) require(path.join(RULE_TESTS, file));
}

/** The first line of each chunk. */
function chunkHeads(code: string): string[] {
  const text = dedent(code);
  const chunks = moduleChunks(text, { start: 0, end: text.length });
  // The chunks cover the text, one after another.
  assert.equal(chunks[0].start, 0);
  assert.equal(chunks[chunks.length - 1].end, text.length);
  chunks.forEach((chunk, index) => index > 0 && assert.equal(chunk.start, chunks[index - 1].end));
  return chunks.map((chunk) => text.slice(chunk.start, chunk.end).split('\n')[0]);
}

/** Every named node but the roots and comments, as type@start-end, in order. */
function shapes(roots: readonly Node[]): string[] {
  const found: string[] = [];
  const visit = (node: Node) => {
    if (node.type !== 'module' && node.type !== 'comment') found.push(`${node.type}@${node.startIndex}-${node.endIndex}`);
    for (const child of node.namedChildren) if (child) visit(child);
  };
  roots.forEach(visit);
  return found.sort();
}

describe('plain modules parsed in pieces', () => {
  it('cut before a top-level def, class or decorator that follows a blank line', () => {
    assert.deepEqual(
      chunkHeads(`
        import mlflow

        def train():
            return 1
        def evaluate():
            return 2

        # the model
        class Wrapper:
            pass


        @cache
        @other

        async def load():
            pass
        x = 1
      `),
      ['import mlflow', 'def train():', 'class Wrapper:', '@cache'],
    );
  });

  it("cut before any top-level statement after a blank line: a script's paragraphs", () => {
    assert.deepEqual(
      chunkHeads(`
        df = spark.read.table("ml.sales.orders")
        train, test = df.randomSplit([0.8, 0.2], seed=7)

        with mlflow.start_run():
            model = pipeline.fit(train)

        try:
            mlflow.log_metric("rmse", 1.0)

        except Exception:
            pass

        finally:
            print("done")

        while retries:
            retries -= 1

        else:
            print("gave up")
        if ok:
            pass

        elif other:
            pass
        print("end")
      `),
      ['df = spark.read.table("ml.sales.orders")', 'with mlflow.start_run():', 'try:', 'while retries:'],
    );
  });

  it('never inside a string, brackets or a block, nor before an else clause', () => {
    assert.deepEqual(
      chunkHeads(`
        doc = """

        def not_code():
        """
        items = [

        ]
        class A:

            def method(self):
                pass
        if ready:
            a = 1

        else:
            a = 2
      `),
      ['doc = """'],
    );
  });

  it('give the statements and positions a parse of the whole module gives (examples, the bench module, every rule table sample)', async () => {
    const parser = await loadPythonParser();
    const texts: Array<{ name: string; text: string }> = ruleTableSamples.map((sample) => ({ name: sample.name, text: sample.code }));
    for (const file of fs.readdirSync(path.join(ROOT, 'examples'))) {
      if (file.endsWith('.py')) texts.push({ name: file, text: plainModule(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')) });
    }
    texts.push({ name: 'the keystroke bench module', text: plainModule(notebook(seededRandom(101), 2_000, 0, 0.75)) });
    let cutModules = 0;
    let pieces = 0;
    for (const { name, text } of texts) {
      if (text.startsWith('# Databricks notebook source')) continue;
      const whole = parser.parse(text);
      const document = parseSource(parser, fileSource('file:///m.py', text));
      try {
        if (whole.rootNode.hasError) continue;
        if (document.trees.length > 1) cutModules++;
        pieces += document.trees.length;
        assert.deepEqual(shapes(document.roots), shapes([whole.rootNode]), name);
      } finally {
        whole.delete();
        document.delete();
      }
    }
    assert.ok(cutModules >= 10 && pieces >= 200, `only ${cutModules} modules were cut, in ${pieces} pieces`);
  });
});
