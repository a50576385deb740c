import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as WebTreeSitter from 'web-tree-sitter';

import { WEB_TREE_SITTER_MODULE, withNamedNodeHandle } from '../scripts/webTreeSitterNodes';

/** The module the bundles take (web-tree-sitter's ESM build), as installed. */
const MODULE_PATH = require.resolve('web-tree-sitter').replace(/tree-sitter\.cjs$/, 'tree-sitter.js');
const RUNTIME_WASM = require.resolve('web-tree-sitter/tree-sitter.wasm');
const PYTHON_WASM = require.resolve('tree-sitter-python/tree-sitter-python.wasm');

const SAMPLE = [
  'import mlflow',
  'from pyspark.ml.feature import VectorAssembler, StringIndexer as SI',
  '',
  'def train(df, cols=("a", "b")):',
  '    with mlflow.start_run(nested=True) as run:',
  '        va = VectorAssembler(inputCols=list(cols), outputCol="features")',
  '        model = [x for x in df.columns if x not in cols]',
  '        return va.transform(df).select(*model), run.info.run_id',
  '',
  'class Wrapper(mlflow.pyfunc.PythonModel):',
  '    def predict(self, context, model_input):',
  '        return {"result": lambda y: y ** 2}[model_input]',
].join('\n');

type Module = typeof WebTreeSitter;

/** Every node, walked through the node API (children, fields, parents), as text a test can compare. */
function outline(module: Module, language: WebTreeSitter.Language): string[] {
  const parser = new module.Parser();
  parser.setLanguage(language);
  const tree = parser.parse(SAMPLE)!;
  const lines: string[] = [];
  const visit = (node: WebTreeSitter.Node, depth: number) => {
    const parent = node.parent;
    const viaField = parent ? parent.childForFieldName('name') : null;
    lines.push(`${depth} ${node.type} ${node.startIndex}-${node.endIndex} ${JSON.stringify(node.text)} parent=${parent?.type ?? '-'} sameAsParentsName=${viaField?.equals(node) ?? '-'}`);
    for (const child of node.children) if (child) visit(child, depth + 1);
  };
  visit(tree.rootNode, 0);
  for (const call of tree.rootNode.descendantsOfType(['call', 'identifier'])) if (call) lines.push(`found ${call.type} ${call.startPosition.row}:${call.startPosition.column} ${call.text}`);
  tree.delete();
  parser.delete();
  return lines;
}

describe('web-tree-sitter as the bundles take it (scripts/webTreeSitterNodes.js)', function () {
  this.timeout(60_000);

  it('is the module the bundles resolve', () => {
    assert.match(MODULE_PATH, WEB_TREE_SITTER_MODULE);
  });

  it('names the node handle field, and its nodes read the same tree as the module as published', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-wts-'));
    try {
      const patched = withNamedNodeHandle(fs.readFileSync(MODULE_PATH, 'utf8'), MODULE_PATH);
      // The Node class holds no indexed field of its own any more (its tree's `this.tree[0]` stays),
      // and nodes are marshalled from the named one.
      const nodeClass = /\nvar Node = class \{[^]*?\n\};\n/.exec(patched)?.[0] ?? '';
      assert.ok(nodeClass.includes('_other = 0;') && !/\n {2}\[0\] = 0;|\bthis\[0\]/.test(nodeClass), 'the Node class keeps its handle in _other');
      assert.ok(patched.includes('C.setValue(address, node._other, "i32");') && !patched.includes('node[0]'));
      const copy = path.join(folder, 'tree-sitter.mjs');
      fs.writeFileSync(copy, patched);
      const original = path.join(folder, 'original.mjs');
      fs.copyFileSync(MODULE_PATH, original);
      const outlines: string[][] = [];
      for (const file of [original, copy]) {
        const module = (await import(pathToFileURL(file).href)) as Module;
        await module.Parser.init({ locateFile: () => RUNTIME_WASM });
        const language = await module.Language.load(PYTHON_WASM);
        outlines.push(outline(module, language));
      }
      assert.ok(outlines[0].length > 100, `only ${outlines[0].length} lines`);
      // An aliased node's type is read from the renamed word (marshalled back to the C side):
      // with the word lost, `run` in `... as run:` reads as an ERROR node.
      assert.ok(outlines[0].some((line) => line.includes(' as_pattern_target ')), 'the sample holds an aliased node');
      assert.deepEqual(outlines[1], outlines[0]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('fails on a web-tree-sitter whose text changed, naming what it did not find', () => {
    const text = fs.readFileSync(MODULE_PATH, 'utf8').replace('this[0] = other;', 'this.handle = other;');
    assert.throws(() => withNamedNodeHandle(text, 'tree-sitter.js'), /tree-sitter\.js: expected one .*this\[0\] = other.*found 0/);
  });
});
