import * as assert from 'node:assert/strict';
import type { Inclusion } from '../../rules/engine/kernelCells';
import { layoutOf } from '../../rules/engine/kernelCells';
import { buildProgram, type HostCell, hostPosition, MAX_INCLUSION_DEPTH, type ProgramSource, programOffset } from '../../rules/engine/program';
import { HostMap } from '../../rules/engine/hostMap';
import { differingStretch, fileSource, parseSource, reparseProgram } from '../../rules/engine/programParser';
import { loadPythonParser, type PythonParser } from '../../rules/engine/parser';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import type { SourceDocument } from '../../rules/engine/sourceDocument';
import type { Node } from 'web-tree-sitter';
import { testLinter } from '../support/linter';

const EXPORT = [
  '# Databricks notebook source',
  '# MAGIC %md # Title',
  '',
  '# COMMAND ----------',
  '',
  '# DBTITLE 1,Setup',
  '# MAGIC %run ./includes/setup $env=prod',
  '',
  '# COMMAND ----------',
  '',
  'x = 1',
  '',
].join('\n');

function notebook(uri: string, ...cells: Array<[HostCell['kind'], string]>): ProgramSource {
  return { uri, notebook: true, cells: cells.map(([kind, text]) => ({ kind, text })) };
}

/** A reader over an in-memory folder: `%run` targets and modules by name. */
function readerOf(files: Record<string, ProgramSource>, calls: Inclusion[] = []) {
  return (_from: string, inclusion: Inclusion) => {
    calls.push(inclusion);
    return files[inclusion.target];
  };
}

describe('kernel cells', () => {
  it('splits a Databricks export into cells, names magic cells (after a DBTITLE) and finds its %run', () => {
    const layout = layoutOf(EXPORT, 'module');
    assert.equal(layout.databricksExport, true);
    assert.deepEqual(layout.cells.map((cell) => cell.magic), ['%md', '%run', undefined]);
    assert.deepEqual(layout.cells.map((cell) => cell.python.map((range) => EXPORT.slice(range.start, range.end))), [[], [], ['\nx = 1\n']]);
    assert.deepEqual(layout.inclusions.map(({ kind, target }) => [kind, target]), [['run', './includes/setup']]);
  });

  it('keeps IPython line magics and shell escapes out of a Jupyter cell\'s Python, and whole-cell magics out entirely', () => {
    const cell = '%pip install xgboost \\\n  scikit-learn\n!ls /dbfs\nimport mlflow\n%run ./setup\nfrom utils.helpers import *\n';
    const layout = layoutOf(cell, 'ipython');
    assert.deepEqual(layout.cells[0].python.map((range) => cell.slice(range.start, range.end)), ['import mlflow\n', 'from utils.helpers import *\n']);
    assert.deepEqual(layout.inclusions.map(({ kind, target }) => [kind, target]), [['run', './setup'], ['star-import', 'utils.helpers']]);
    for (const magic of ['%%bash\necho hi\n', '%sql\nSELECT 1\n', '%md\n# Title\n']) {
      assert.deepEqual(layoutOf(magic, 'ipython').cells[0].python, [], magic);
    }
  });

  it('keeps shell escapes and line magics out of an export\'s Python cell (Databricks runs it in IPython), so they do not break its parse', async () => {
    const cell = '!pip install -U mlflow-skinny \\\n  tabulate\ndbutils.library.restartPython()\nif ready:\n    !ls /dbfs/tmp\n    msg = ("%s rows"\n           % n)\n%time model = load()\nok = a != b\n';
    const text = `# Databricks notebook source\n${cell}`;
    const layout = layoutOf(text, 'module');
    assert.deepEqual(layout.cells[0].python.map((range) => text.slice(range.start, range.end)), [
      'dbutils.library.restartPython()\nif ready:\n',
      '    msg = ("%s rows"\n           % n)\n',
      'model = load()\nok = a != b\n',
    ]);
    // Left out, the escapes leave a tree without errors; they were parsed as Python before.
    const document = parseSource(await loadPythonParser(), fileSource('file:///nb.py', text));
    try {
      assert.deepEqual(document.trees.map((tree) => tree.rootNode.hasError), [false]);
    } finally {
      document.delete();
    }
    // A %run line inside a Python cell is still no inclusion in an export: Databricks wants it alone in its cell.
    assert.deepEqual(layoutOf('# Databricks notebook source\nx = 1\n%run ./setup\n', 'module').inclusions, []);
  });

  it('reads %, ! and ? as IPython escapes only where a logical line starts: not inside brackets, a triple-quoted string or after a backslash', () => {
    for (const cell of ['msg = ("error %s"\n       % code)\n', 'sql = """\n!important\n?\n"""\n', 'x = 1 \\\n  % 3\n']) {
      assert.deepEqual(layoutOf(cell, 'ipython').cells[0].python, [{ start: 0, end: cell.length }], cell);
    }
    // After the bracket closes (a comment's or a string's bracket does not count), a line magic is one again.
    const cell = 'f(1,\n  2)  # (\ns = "(" + \'a \\\' (\'\n%pip install x\n';
    assert.deepEqual(layoutOf(cell, 'ipython').cells[0].python.map((range) => cell.slice(range.start, range.end)), [cell.replace('%pip install x\n', '')]);
  });

  it('reads the body of %%time / %%timeit / %%capture cells as Python, and %run targets after IPython\'s options', () => {
    const timed = '%%time\nmodel = pipeline.fit(train)\n';
    const layout = layoutOf(timed, 'ipython');
    assert.equal(layout.cells[0].magic, undefined);
    assert.deepEqual(layout.cells[0].python.map((range) => timed.slice(range.start, range.end)), ['model = pipeline.fit(train)\n']);
    assert.deepEqual(layoutOf('%%bash\nmodel = 1\n', 'ipython').cells[0].python, []);
    const runs = '%run -i ./setup.py\n%run -t -N 3 helpers\n%run -m package.module\n';
    assert.deepEqual(layoutOf(runs, 'ipython').inclusions.map((inclusion) => inclusion.target), ['./setup.py', 'helpers']);
  });

  it('treats a plain module as one Python cell, magics and all (they would be syntax errors there anyway)', () => {
    const text = 'import mlflow\n# COMMAND ----------\n%pip install x\n';
    const layout = layoutOf(text, 'module');
    assert.equal(layout.cells.length, 1);
    assert.deepEqual(layout.cells[0].python, [{ start: 0, end: text.length }]);
  });
});

describe('programs', () => {
  it('joins a notebook\'s code cells in order, leaves markdown out, and maps every offset back to its cell', () => {
    const source = notebook('file:///n.ipynb', ['markdown', '# Title'], ['code', 'a = 1'], ['code', 'b = a\n']);
    const program = buildProgram(source);
    assert.equal(program.text, 'a = 1\nb = a\n');
    assert.deepEqual(hostPosition(program, program.text.indexOf('b')), { hostCell: 2, offset: 0 });
    assert.deepEqual(hostPosition(program, 5, true), { hostCell: 1, offset: 5 });
    assert.equal(new HostMap(program).range({ start: 5, end: 6 }), undefined, 'the line break added between cells is in no cell');
    assert.equal(programOffset(program, 2, 4), program.text.indexOf('a\n'));
  });

  it('splices a %run target in as hidden cells where it runs, recursively, and stops at cycles and depth', () => {
    // Databricks runs %run only alone in its cell.
    const setup = fileSource('file:///includes/setup.py', '# Databricks notebook source\nfrom pyspark.ml.feature import OneHotEncoder\n# COMMAND ----------\n# MAGIC %run ./config\n');
    // A cycle: config runs setup again.
    const config = fileSource('file:///includes/config.py', '# Databricks notebook source\n# MAGIC %run ./includes/setup\n# COMMAND ----------\nCATALOG = "ml"\n');
    const calls: Inclusion[] = [];
    const program = buildProgram(fileSource('file:///n.py', EXPORT), readerOf({ './includes/setup': setup, './config': config }, calls));
    assert.deepEqual(program.includedUris.sort(), ['file:///includes/config.py', 'file:///includes/setup.py']);
    assert.ok(program.text.includes('OneHotEncoder') && program.text.includes('CATALOG = "ml"'));
    assert.ok(program.text.indexOf('OneHotEncoder') < program.text.indexOf('x = 1'), 'the target runs before the cells after the %run');
    const hidden = program.cells.filter((cell) => cell.hidden);
    assert.ok(hidden.length >= 3 && hidden.every((cell) => cell.includedBy?.target === './includes/setup'), 'hidden cells name the user\'s %run line');
    assert.equal(program.unresolvedRuns.length, 1, 'only the cycle stays unresolved');
    assert.equal(hostPosition(program, program.text.indexOf('CATALOG')), undefined, 'included code is in no user cell');
    assert.deepEqual(hostPosition(program, program.text.indexOf('x = 1')), { hostCell: 0, offset: EXPORT.indexOf('x = 1') });
    // A chain deeper than the limit is cut.
    const chain: Record<string, ProgramSource> = {};
    for (let i = 0; i < MAX_INCLUSION_DEPTH + 3; i++) chain[`./n${i}`] = fileSource(`file:///n${i}.py`, `# Databricks notebook source\n# MAGIC %run ./n${i + 1}\nv${i} = ${i}\n`);
    const deep = buildProgram(fileSource('file:///n.py', '# Databricks notebook source\n# MAGIC %run ./n0\n'), readerOf(chain));
    assert.equal(deep.includedUris.length, MAX_INCLUSION_DEPTH);
  });

  it('maps every offset of every code cell to the program and back: CRLF, no final newline, empty cells, cells cut by inclusions', () => {
    const read = readerOf({ './setup': fileSource('file:///s.py', 'S = 1'), h: fileSource('file:///h.py', 'H = 1\n') });
    const sources = [
      notebook('file:///n.ipynb', ['code', ''], ['code', 'a = 1'], ['markdown', 'm'], ['code', 'b = 2\r\n'], ['code', '%run ./setup'], ['code', 'x=1\n%run ./setup\ny=2'], ['code', 'from h import *\r\nz=1\r\n'], ['code', '%run ./missing\nq=1'], ['code', '']),
      notebook('file:///adjacent.ipynb', ...['a\n', 'b\n', 'c\n', 'd\n', 'e\n'].map((text): [HostCell['kind'], string] => ['code', text])),
      fileSource('file:///m.py', 'import os\r\nfrom h import *\r\nx = 1'),
      fileSource('file:///e.py', '# Databricks notebook source\r\n# MAGIC %run ./setup\r\n# COMMAND ----------\r\nx = 1'),
    ];
    for (const source of sources) {
      const program = buildProgram(source, read);
      const host = new HostMap(program);
      source.cells.forEach((cell, index) => {
        if (cell.kind !== 'code') return;
        // An empty cell has no place in the program text.
        if (cell.text === '') return assert.equal(programOffset(program, index, 0), undefined);
        for (let offset = 0; offset <= cell.text.length; offset++) {
          const at = programOffset(program, index, offset)!;
          if (offset < cell.text.length) assert.equal(program.text[at], cell.text[offset]);
          // Where a cell ends and the next begins at one program offset, a start is the next cell's and an end this one's.
          assert.deepEqual(hostPosition(program, at, offset === cell.text.length), { hostCell: index, offset }, `${JSON.stringify(cell.text)} at ${offset}`);
        }
        const whole = host.range({ start: programOffset(program, index, 0)!, end: programOffset(program, index, cell.text.length)! });
        assert.deepEqual(whole, { cell: index, range: { start: 0, end: cell.text.length } });
      });
    }
  });

  it('finds the one stretch where two texts differ', () => {
    assert.deepEqual(differingStretch('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
    assert.deepEqual(differingStretch('aaa', 'aaaa'), { start: 3, oldEnd: 3, newEnd: 4 });
    assert.equal(differingStretch('same', 'same'), undefined);
  });

  it('finds it as a character-by-character comparison would, for seeded random edits', () => {
    const byCharacter = (before: string, after: string) => {
      const shorter = Math.min(before.length, after.length);
      let start = 0;
      while (start < shorter && before[start] === after[start]) start++;
      let suffix = 0;
      while (suffix < shorter - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
      return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
    };
    let state = 12345;
    const random = (n: number) => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) % n);
    const alphabet = 'ab\n😀';
    for (let round = 0; round < 2000; round++) {
      const before = Array.from({ length: random(40) }, () => alphabet[random(alphabet.length)]).join('');
      const at = random(before.length + 1);
      const removed = random(before.length - at + 1);
      const inserted = Array.from({ length: random(4) }, () => alphabet[random(alphabet.length)]).join('');
      const after = before.slice(0, at) + inserted + before.slice(at + removed);
      const expected = before === after ? undefined : byCharacter(before, after);
      assert.deepEqual(differingStretch(before, after), expected, JSON.stringify({ before, after }));
    }
  });
});

describe('cells parsed one by one', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  it('an unclosed bracket in one cell does not swallow the next cells', async () => {
    const linter = await testLinter();
    const trap = 'from databricks.sdk.service.serving import Route, TrafficConfig\nconfig = TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), Route(served_model_name="b", traffic_percentage=15)])\n';
    const exported = `# Databricks notebook source\nweights = dict(a=1,\n\n# COMMAND ----------\n\n${trap}`;
    assert.deepEqual(linter.lintText('file:///n.py', exported).findings.map((finding) => finding.ruleId), ['MLT601']);
    const findings = linter.lintSource(notebook('file:///n.ipynb', ['code', 'weights = dict(a=1,\n'], ['code', trap])).findings;
    assert.deepEqual(findings.map((finding) => [finding.ruleId, finding.cell, finding.start.line]), [['MLT601', 1, 1]]);
    // As one whole-file tree, the same text hides the trap inside the error.
    const whole = parser.parse(exported);
    assert.ok(whole.rootNode.hasError);
    whole.delete();
  });

  it('reparsing after an edit gives the trees of a fresh parse, and reuses the cells the edit did not touch', () => {
    const before = fileSource('file:///n.py', '# Databricks notebook source\na = 1\n# COMMAND ----------\nb = (2,\n# COMMAND ----------\nc = 3\n');
    const old = parseSource(parser, before);
    const oldThird = old.trees[2];
    const afterText = before.cells[0].text.replace('b = (2,', 'b = (2,)');
    const updated = reparseProgram(parser, 'file:///n.py', buildProgram(fileSource('file:///n.py', afterText)), old);
    const fresh = parseSource(parser, fileSource('file:///n.py', afterText));
    assert.deepEqual(updated.trees.map((tree) => tree.rootNode.toString()), fresh.trees.map((tree) => tree.rootNode.toString()));
    assert.ok(!updated.trees[1].rootNode.hasError);
    // The cell after the edit has the same text, moved: its tree is kept, edited, not parsed again.
    assert.equal(oldThird, updated.trees[2], 'the moved cell keeps its tree');
    const where = (node: Node) => `${node.type} ${node.startIndex}-${node.endIndex} ${node.startPosition.row}:${node.startPosition.column}-${node.endPosition.row}:${node.endPosition.column} ${JSON.stringify(node.text)}`;
    assert.deepEqual(updated.trees[2].rootNode.descendantsOfType(['identifier', 'integer', 'assignment']).map((node) => where(node!)), fresh.trees[2].rootNode.descendantsOfType(['identifier', 'integer', 'assignment']).map((node) => where(node!)));
    updated.delete();
    fresh.delete();
  });

  it('a separator edited away joins two cells: the joined cell gets the tree of a fresh parse', () => {
    // Found by `npm run fuzz` (seed 31): given the first cell's old tree, tree-sitter kept its
    // `with` block ending where the cell ended, and read the indented line after the comment as
    // a statement of its own; Python (and a fresh parse) continue the block.
    const before = fileSource('file:///n.py', '# Databricks notebook source\nwith run():\n    a = 1\n\n# COMMAND ----------\n\nwith run():\n    b = 2\n    c = 3\n');
    const old = parseSource(parser, before);
    const text = before.cells[0].text;
    const afterText = text.slice(0, text.indexOf('# COMMAND') + 19) + text.slice(text.indexOf('    b'));
    assert.ok(afterText.includes('\n# COMMAND ---------    b = 2\n    c = 3\n'));
    const updated = reparseProgram(parser, 'file:///n.py', buildProgram(fileSource('file:///n.py', afterText)), old);
    const fresh = parseSource(parser, fileSource('file:///n.py', afterText));
    assert.deepEqual(updated.trees.map((tree) => tree.rootNode.toString()), fresh.trees.map((tree) => tree.rootNode.toString()));
    assert.deepEqual(
      fresh.trees[0].rootNode.children.map((child) => child!.type),
      ['with_statement'],
      'the block goes on after the comment line',
    );
    updated.delete();
    fresh.delete();
  });

  it('reparsing after random edit sequences gives the trees of a fresh parse wherever that parses (files, notebooks, CRLF, %run, non-ASCII)', () => {
    // A small deterministic generator: the same sequences on every run.
    let seed = 1;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * below);
    };
    const pieces = ['x', ' ', '(', ')', ':', '\n', '\r\n', '    ', 'é', '😀', '"', '#', 'def f():\n', '\n# COMMAND ----------\n', '%run ./setup\n', 'from utils.helpers import *\n', '%%bash\n', '!ls\n', '# MAGIC %sql\n'];
    const read = readerOf({ './setup': fileSource('file:///setup.py', '# Databricks notebook source\nsetup = (1,\n'), 'utils.helpers': fileSource('file:///helpers.py', 'def helper():\n    return 1\n') });
    const edit = (text: string) => {
      // Edits near line ends (where cells and Python ranges end) are the interesting ones.
      const lineEnds = [...text.matchAll(/\r?\n|$/g)].map((match) => match.index);
      const start = random(2) === 0 ? random(text.length + 1) : Math.max(0, lineEnds[random(lineEnds.length)] - random(2));
      // A one-character replacement keeps every length and range: only the text tells it.
      if (start < text.length && random(4) === 0) return `${text.slice(0, start)}y${text.slice(start + 1)}`;
      const end = Math.min(text.length, start + (random(3) === 0 ? random(12) : 0));
      return text.slice(0, start) + pieces[random(pieces.length)] + text.slice(end);
    };
    // Tree-sitter's error recovery may differ between an incremental and a fresh parse
    // (tree-sitter/tree-sitter#1645): the nodes are compared where the fresh parse has no error.
    const shape = (document: SourceDocument, compareNodes: readonly boolean[]) =>
      document.parsedCells.map(({ cell, tree }, index) => {
        const nodes: string[] = [];
        if (!compareNodes[index]) return { python: cell.python, hidden: cell.hidden, nodes };
        const visit = (node: Node) => {
          nodes.push(`${node.type}@${node.startIndex}-${node.endIndex}:${node.startPosition.row},${node.startPosition.column}-${node.endPosition.row},${node.endPosition.column}${node.isMissing ? '!' : ''}${node.childCount === 0 ? ` ${JSON.stringify(node.text)}` : ''}`);
          for (const child of node.children) if (child) visit(child);
        };
        visit(tree.rootNode);
        return { python: cell.python, hidden: cell.hidden, nodes };
      });
    const starts: ProgramSource[] = [
      fileSource('file:///n.py', '# Databricks notebook source\na = 1\n# COMMAND ----------\nb = (2,\n# COMMAND ----------\n# MAGIC %run ./setup\n# COMMAND ----------\nc = 3'),
      fileSource('file:///m.py', 'import os\r\nfrom utils.helpers import *\r\ndef g():\r\n    return "é"\r\n'),
      notebook('file:///n.ipynb', ['markdown', '# T'], ['code', ''], ['code', 'x = 1\n%run ./setup\ny = 2'], ['code', '%%time\nz = (3\n'], ['raw', 'r'], ['code', 'w = 4\r\n']),
    ];
    for (const start of starts) {
      for (let sequence = 0; sequence < 8; sequence++) {
        let source = start;
        let document = parseSource(parser, source, read);
        for (let step = 0; step < 12; step++) {
          const cells = source.cells.map((cell) => ({ ...cell }));
          const index = random(cells.length);
          if (source.notebook && random(6) === 0) cells.splice(index, 0, { kind: 'code', text: edit('') });
          else if (source.notebook && cells.length > 1 && random(8) === 0) cells.splice(index, 1);
          else cells[index] = { ...cells[index], text: edit(cells[index].text) };
          source = { ...source, cells };
          document = reparseProgram(parser, source.uri, buildProgram(source, read), document);
          const fresh = parseSource(parser, source, read);
          const parses = fresh.trees.map((tree) => !tree.rootNode.hasError);
          assert.deepEqual(shape(document, parses), shape(fresh, parses), JSON.stringify(source.cells.map((cell) => cell.text)));
          fresh.delete();
        }
        document.delete();
      }
    }
  });

  it('code after a star import or a mid-cell %run is found in its own cell\'s tree, and rules see what they brought in', async () => {
    const linter = await testLinter();
    const helpers = fileSource('file:///proj/utils/helpers.py', 'from databricks.sdk.service.serving import Route, TrafficConfig\n\ndef unrelated():\n    return 1\n');
    const trap = 'config = TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), Route(served_model_name="b", traffic_percentage=15)])\n';
    const read = readerOf({ 'utils.helpers': helpers, './setup': helpers });
    const module = `import os\nfrom utils.helpers import *\n${trap}`;
    const document = linter.parse('file:///proj/train.py', module, { readInclusion: read });
    const after = document.text.indexOf('config =');
    assert.equal(document.nodeAt(after)?.text, 'config', 'the node at an offset after the included code is the host\'s');
    document.delete();
    assert.deepEqual(linter.lintText('file:///proj/train.py', module, { readInclusion: read }).findings.map((finding) => [finding.ruleId, finding.start.line]), [['MLT601', 2]]);
    assert.deepEqual(linter.lintText('file:///proj/train.py', module).findings, [], 'without the module, the classes are unknown');
    const cell = `x = 1\n%run ./setup\n${trap}`;
    const parsed = linter.parseSource(notebook('file:///proj/n.ipynb', ['code', cell]), { readInclusion: readerOf({ './setup': fileSource('file:///proj/setup.py', 'CATALOG = "ml"\n') }) });
    const assignments = new SemanticModel(parsed).syntax.nodes('assignment').map((node) => node.text.split(' ')[0]);
    assert.deepEqual(assignments, ['x', 'CATALOG', 'config'], 'indexed nodes are in program order across the cut cell and the included code');
    assert.deepEqual(parsed.program.cells.map((programCell) => programCell.hidden), [false, true], 'cells in program order');
    parsed.delete();
    const findings = linter.lintSource(notebook('file:///proj/n.ipynb', ['code', cell]), { readInclusion: read }).findings;
    assert.deepEqual(findings.map((finding) => [finding.ruleId, finding.cell, finding.start.line]), [['MLT601', 0, 2]]);
  });

  it('names places in the user\'s terms: a line, a line of a cell, or the notebook that %run brought in', async () => {
    const linter = await testLinter();
    const setup = fileSource('file:///setup.py', '# Databricks notebook source\nsetup_value = 1\n');
    const document = linter.parseSource(notebook('file:///n.ipynb', ['markdown', '# T'], ['code', '%run ./setup\nx = 1\ny = 2\n']), { readInclusion: readerOf({ './setup': setup }) });
    const text = document.text;
    assert.equal(document.whereIs(text.indexOf('y = 2')), 'on line 3 of cell 2');
    assert.equal(document.whereIs(text.indexOf('setup_value')), 'in ./setup, which %run runs');
    assert.equal(document.whereAre([text.indexOf('x = 1'), text.indexOf('y = 2')]), 'on line 2 of cell 2 and line 3 of cell 2');
    document.delete();
    const plain = linter.parse('file:///m.py', 'a = 1\nb = 2\n');
    assert.equal(plain.whereAre([0, 6]), 'on lines 1 and 2');
    plain.delete();
  });
});
