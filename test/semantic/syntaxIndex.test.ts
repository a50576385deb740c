import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { INDEXED_NODE_TYPES, SyntaxIndex } from '../../rules/semantic/syntaxIndex';
import { loadPythonParser } from '../../rules/engine/parser';
import { notebook, seededRandom } from '../../scripts/benchNotebooks';
import { plainModule } from '../../scripts/keystrokeBench';

const ROOT = path.join(__dirname, '..', '..');
const INDEXED = new Set<string>(INDEXED_NODE_TYPES);

/** The named nodes of the indexed kinds, by kind, in a walk of the tree (parents before children). */
function walked(root: Node): Map<string, Node[]> {
  const byType = new Map<string, Node[]>();
  const visit = (node: Node) => {
    if (node.isNamed && INDEXED.has(node.type)) (byType.get(node.type) ?? byType.set(node.type, []).get(node.type)!).push(node);
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(root);
  return byType;
}

const spans = (nodes: readonly Node[]) => nodes.map((node) => `${node.type}@${node.startIndex}-${node.endIndex}`);

describe('the syntax index of one tree', () => {
  it('holds the named nodes of each kind in document order, outer before inner, on whole and broken code', async () => {
    const parser = await loadPythonParser();
    const texts = [plainModule(notebook(seededRandom(3), 400, 0, 0.75))];
    for (const file of fs.readdirSync(path.join(ROOT, 'examples')).sort()) if (file.endsWith('.py')) texts.push(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
    // And broken versions of them, which error recovery gives odd shapes.
    const random = seededRandom(11);
    for (const text of texts.slice()) {
      let broken = text;
      for (let k = 0; k < 30; k++) {
        const at = Math.floor(random() * broken.length);
        broken = broken.slice(0, at) + ['(', ')', ':', '\n', '=', 'lambda', ',', '"', ''][Math.floor(random() * 9)] + broken.slice(at + Math.floor(random() * 20));
      }
      texts.push(broken);
    }
    let broken = 0;
    for (const text of texts) {
      const tree = parser.parse(text);
      try {
        if (tree.rootNode.hasError) broken++;
        const index = new SyntaxIndex([tree]);
        const expected = walked(tree.rootNode);
        for (const type of INDEXED_NODE_TYPES) {
          const nodes = index.nodes(type);
          if (type === 'call') {
            // Calls with a name only; those that start together come inner first.
            const named = (expected.get(type) ?? []).filter((call) => index.partsOfCall(call)?.name);
            assert.deepEqual(spans(nodes).sort(), spans(named).sort());
            assert.ok(nodes.every((call, at) => at === 0 || nodes[at - 1].startIndex < call.startIndex || (nodes[at - 1].startIndex === call.startIndex && nodes[at - 1].endIndex <= call.endIndex)));
          } else assert.deepEqual(spans(nodes), spans(expected.get(type) ?? []), type);
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(broken >= 5, `only ${broken} texts did not parse: the broken cases are not broken`);
  });

  it('a lambda is the expression, not its keyword; an assignment has its sides', async () => {
    const parser = await loadPythonParser();
    const tree = parser.parse('key = lambda row: row[0]\ntotal: int\n');
    try {
      const index = new SyntaxIndex([tree]);
      assert.deepEqual(spans(index.nodes('lambda')), ['lambda@6-24']);
      assert.deepEqual(
        index.nodes('assignment').map((node) => [index.partsOfAssignment(node)?.left.text, index.partsOfAssignment(node)?.right?.text]),
        [['key', 'lambda row: row[0]'], ['total', undefined]],
      );
    } finally {
      tree.delete();
    }
  });

  it('an assignment whose right side is lost in an error comes before the assignment inside it', async () => {
    // A query with an optional part for the right side gave the inner one first here.
    const parser = await loadPythonParser();
    const tree = parser.parse('for i in range(0, len(t"f.batch_size):\n    chunk =i : i + self.batch_size]\n    yield chunk\n');
    try {
      assert.deepEqual(spans(new SyntaxIndex([tree]).nodes('assignment')), ['assignment@43-90', 'assignment@50-73']);
    } finally {
      tree.delete();
    }
  });
});
