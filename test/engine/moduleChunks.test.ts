import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { moduleChunks, moduleChunksAfter } from '../../rules/engine/moduleChunks';
import { loadPythonParser } from '../../rules/engine/parser';
import { buildProgram } from '../../rules/engine/program';
import { fileSource, parseSource, pointFinder, reparseProgram } from '../../rules/engine/programParser';
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

  it('read lines ended by \\r alone or \\r\\n, blank lines of any white space, strings closed on the line or escaped', () => {
    const cut = (text: string) => moduleChunks(text, { start: 0, end: text.length }).map((chunk) => text.slice(chunk.start, chunk.end).split(/\r\n|\r|\n/)[0]);
    assert.deepEqual(cut('a = 1\r\rb = 2\r\n\r\nc = 3\n'), ['a = 1', 'b = 2', 'c = 3']);
    // A line of a form feed or a no-break space is blank; one that starts with a form feed is indented.
    assert.deepEqual(cut('a = 1\n\f\nb = 2\n\u00a0\n\fc = 3\n\nd = 4\n'), ['a = 1', 'b = 2', 'd = 4']);
    // A quote escaped inside a string, a string closed on its line, '#' inside a string, a backslash continuation.
    assert.deepEqual(cut('s = "a\\"(" + \'#\'\n\nt = """x\\""" """\n\nu = 1 + \\\n\nv = 2\n\nw = 3\n'), ['s = "a\\"(" + \'#\'', 't = """x\\""" """', 'u = 1 + \\', 'w = 3']);
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

  it('cut again after an edit from the old pieces as they are cut afresh (random edits of the bench module and the examples)', () => {
    const texts = [plainModule(notebook(seededRandom(101), 600, 0, 0.75))];
    for (const file of fs.readdirSync(path.join(ROOT, 'examples')).sort()) {
      if (file.endsWith('.py')) texts.push(plainModule(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')));
    }
    // What moves a cut: blank lines, indentation, brackets and strings left open, decorators, clauses.
    const insertions = ['\n', '\n\n', ' ', '    ', '(', ')', '[', '"""', "'", '\\', '#', '@decorator\n', 'else:\n', 'def f():\n', 'x = 1\n\n', '\r\n', 'value'];
    const random = seededRandom(7);
    let edits = 0;
    let reread = 0;
    for (const original of texts) {
      let text = original;
      let range = { start: 0, end: text.length };
      let chunks = moduleChunks(text, range);
      for (let round = 0; round < 60; round++) {
        // Half the edits at or next to a cut, where the cutting changes most.
        const cut = chunks[Math.floor(random() * chunks.length)].start;
        const start = random() < 0.5 ? Math.max(0, Math.min(text.length, cut + Math.floor(random() * 5) - 2)) : Math.floor(random() * (text.length + 1));
        const removed = random() < 0.5 ? Math.floor(random() * 12) : 0;
        const oldEnd = Math.min(text.length, start + removed);
        const inserted = random() < 0.8 ? insertions[Math.floor(random() * insertions.length)] : '';
        const next = text.slice(0, start) + inserted + text.slice(oldEnd);
        const change = { start, oldEnd, newEnd: start + inserted.length };
        const nextRange = { start: 0, end: next.length };
        const after = moduleChunksAfter(next, nextRange, { range, chunks }, change);
        assert.deepEqual(after, moduleChunks(next, nextRange), `edit ${JSON.stringify(inserted)} at ${start}..${oldEnd}`);
        if (after.length !== chunks.length) reread++;
        text = next;
        range = nextRange;
        chunks = after;
        edits++;
      }
    }
    assert.ok(reread > 20, `only ${reread} of ${edits} edits changed the pieces: the edits do not exercise the cutting`);
  });

  it('after an edit outside the range, keep its pieces (moved when the edit is before it)', () => {
    const cell = dedent(`
      import mlflow

      def train():
          return 1

      model = train()
    `);
    const text = `# before\n${cell}# after\n`;
    const range = { start: 9, end: 9 + cell.length };
    const chunks = moduleChunks(text, range);
    assert.equal(chunks.length, 3);
    const before = `# before it\n${cell}# after\n`;
    const moved = moduleChunksAfter(before, { start: 12, end: 12 + cell.length }, { range, chunks }, { start: 8, oldEnd: 8, newEnd: 11 });
    assert.deepEqual(moved, moduleChunks(before, { start: 12, end: 12 + cell.length }));
    const after = `# before\n${cell}# after it\n`;
    assert.deepEqual(moduleChunksAfter(after, range, { range, chunks }, { start: text.length - 1, oldEnd: text.length - 1, newEnd: text.length + 2 }), chunks);
  });

  it('a notebook cell over 10,000 characters is parsed in pieces, the statements a parse of the cell gives; a keystroke in it re-parses one', async () => {
    const parser = await loadPythonParser();
    const long = plainModule(notebook(seededRandom(5), 600, 0, 0.75));
    assert.ok(long.length > 10_000);
    const short = 'import mlflow\n\nx = 1\n\ny = 2\n';
    const text = `# Databricks notebook source\n${short}\n# COMMAND ----------\n\n${long}`;
    const document = parseSource(parser, fileSource('file:///n.py', text));
    const longStart = document.program.cells[document.program.cells.length - 1].python[0].start;
    const point = pointFinder(text);
    const whole = parser.parse(text, undefined, [{ startIndex: longStart, endIndex: text.length, startPosition: point(longStart), endPosition: point(text.length) }]);
    let edited: ReturnType<typeof reparseProgram> | undefined;
    try {
      const pieces = document.parsedCells.filter((parsed) => parsed.cell.python[0].start >= longStart);
      assert.equal(document.parsedCells.length - pieces.length, 1, 'the short cell is one tree');
      assert.ok(pieces.length > 10, `the long cell is ${pieces.length} pieces`);
      assert.deepEqual(shapes(pieces.map((parsed) => parsed.tree.rootNode)), shapes([whole.rootNode]));
      // Typing in the middle of the long cell: the pieces before and after it keep their trees.
      const at = longStart + Math.floor(long.length / 2);
      const oldTrees = new Set(document.trees);
      edited = reparseProgram(parser, 'file:///n.py', buildProgram(fileSource('file:///n.py', text.slice(0, at) + 'x' + text.slice(at))), document);
      assert.equal(edited.trees.length, document.trees.length);
      assert.equal(edited.trees.filter((tree) => !oldTrees.has(tree)).length, 1, 'one piece parsed again');
    } finally {
      whole.delete();
      (edited ?? document).delete();
    }
  });
});
