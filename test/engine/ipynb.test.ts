import * as assert from 'node:assert/strict';
import { ipynbFromCells, readIpynb, writeIpynbSources, type IpynbCell, type IpynbNotebook } from '../../rules/engine/ipynb';

function notebookOf(text: string): IpynbNotebook {
  const result = readIpynb(text);
  if ('error' in result) assert.fail(`expected a notebook, got: ${result.error}`);
  return result.notebook;
}

function errorOf(text: string): string {
  const result = readIpynb(text);
  if (!('error' in result)) assert.fail('expected an error, got a notebook');
  assert.ok(!result.error.includes('\n'), `one line: ${result.error}`);
  return result.error;
}

function rewrite(text: string, index: number, source: string): string {
  return writeIpynbSources(text, new Map([[index, source]]));
}

/** Lines as nbformat's split_lines writes them (str.splitlines(True)) for sources without exotic breaks. */
function lines(source: string): string[] {
  return source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A notebook with the awkward parts real files have: outputs holding a "source" key, a "cells"
 * key nested in metadata, `source` before `cell_type`, a string source, an empty source,
 * unicode and escapes, Databricks cell metadata.
 */
function awkwardNotebook(): Json {
  return {
    cells: [
      { cell_type: 'markdown', metadata: { tag: 'm0' }, source: lines('# Title é 😀\n\nText with "quotes" and \\ backslash') },
      {
        source: lines('x = 1\nprint("tab\\there")\n'),
        cell_type: 'code',
        execution_count: 3,
        metadata: { tag: 'c1', 'application/vnd.databricks.v1+cell': { cellMetadata: {}, nuid: 'abc' } },
        outputs: [
          { output_type: 'display_data', data: { 'application/json': { source: 'not the cell source', cells: [] }, 'text/plain': ['1\n', '2'] }, metadata: {} },
          { output_type: 'stream', name: 'stdout', text: ['source\n'] },
        ],
      },
      { cell_type: 'code', execution_count: null, metadata: { tag: 'c2' }, outputs: [], source: [] },
      { cell_type: 'raw', metadata: { tag: 'r3' }, source: 'raw as one string\nsecond line' },
      { cell_type: 'code', execution_count: null, metadata: { tag: 'c4' }, outputs: [], source: lines('s = "\\u0000 \u0001 \t"\ncjk = "漢字"') },
    ],
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      extra: { cells: [{ source: 'metadata is not a cell' }] },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const VARIANTS: Array<[string, (notebook: Json) => string]> = [
  ['1-space indent, trailing newline (Jupyter)', (nb) => `${JSON.stringify(nb, null, 1)}\n`],
  ['2-space indent, no trailing newline', (nb) => JSON.stringify(nb, null, 2)],
  ['4-space indent', (nb) => `${JSON.stringify(nb, null, 4)}\n`],
  ['CRLF line endings', (nb) => `${JSON.stringify(nb, null, 1)}\n`.replace(/\n/g, '\r\n')],
  ['minified one line', (nb) => JSON.stringify(nb)],
  ['minified with a BOM and a trailing newline', (nb) => `\ufeff${JSON.stringify(nb)}\n`],
  ['tab indent', (nb) => JSON.stringify(nb, null, '\t')],
];

const REPLACEMENTS = ['y = 2', 'a = 1\nb = 2\n', '', 'quote " back \\ tab \t nul \u0000 del \u007f é 😀\n\n', '\n'];

/** The part of `before` that `after` changed, and what replaced it. */
function changedRegion(before: string, after: string): { removed: string; added: string } {
  let prefix = 0;
  while (prefix < before.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return { removed: before.slice(prefix, before.length - suffix), added: after.slice(prefix, after.length - suffix) };
}

describe('ipynb: readIpynb', () => {
  it('reads cells, joins list sources, takes the kernel language', () => {
    const notebook = notebookOf(`${JSON.stringify(awkwardNotebook(), null, 1)}\n`);
    assert.deepEqual(notebook.cells.map((cell) => cell.kind), ['markdown', 'code', 'code', 'raw', 'code']);
    assert.equal(notebook.cells[0].source, '# Title é 😀\n\nText with "quotes" and \\ backslash');
    assert.equal(notebook.cells[1].source, 'x = 1\nprint("tab\\there")\n');
    assert.equal(notebook.cells[2].source, '');
    assert.equal(notebook.cells[3].source, 'raw as one string\nsecond line');
    assert.equal(notebook.cells[4].source, 's = "\\u0000 \u0001 \t"\ncjk = "漢字"');
    assert.equal(notebook.language, 'python');
    assert.equal(notebook.databricks, true, 'a cell carries Databricks cell metadata');
  });

  const languages: Array<[string, Json, string | undefined]> = [
    ['kernelspec first', { kernelspec: { language: 'Python' }, language_info: { name: 'scala' } }, 'python'],
    ['language_info when no kernelspec language', { kernelspec: { name: 'x' }, language_info: { name: 'R' } }, 'r'],
    ['the Databricks notebook language', { 'application/vnd.databricks.v1+notebook': { language: 'SQL' } }, 'sql'],
    ['none', {}, undefined],
    ['metadata that is not an object', [], undefined],
  ];
  for (const [name, metadata, language] of languages) {
    it(`language: ${name}`, () => {
      const notebook = notebookOf(JSON.stringify({ cells: [], metadata, nbformat: 4, nbformat_minor: 2 }));
      assert.equal(notebook.language, language);
      assert.equal('language' in notebook, language !== undefined);
    });
  }

  it('databricks: from the notebook metadata, from a cell, or neither', () => {
    const cell = (metadata: Json): Json => ({ cell_type: 'code', metadata, outputs: [], source: [] });
    const db = (metadata: Json, cells: Json[]): boolean => notebookOf(JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 4 })).databricks;
    assert.equal(db({ 'application/vnd.databricks.v1+notebook': { language: 'python' } }, []), true);
    assert.equal(db({}, [cell({}), cell({ 'application/vnd.databricks.v1+cell': {} })]), true);
    assert.equal(db({ name: 'x', notebookId: 1 }, [cell({ other: {} })]), false);
    assert.equal(db({ nested: { 'application/vnd.databricks.v1+notebook': {} } }, []), false);
  });

  it('accepts a BOM, NaN and Infinity (Python json writes them), and takes the last of duplicate keys', () => {
    const text = '\ufeff{"cells": [{"cell_type": "code", "source": ["old"], "outputs": [{"v": NaN, "w": -Infinity, "x": Infinity}], "source": ["new"], "metadata": {}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 0}';
    assert.deepEqual(notebookOf(text).cells, [{ kind: 'code', source: 'new' }]);
  });

  const errors: Array<[string, string, RegExp]> = [
    ['empty text', '', /^invalid JSON at line 1, column 1: unexpected end/],
    ['invalid JSON with its line and column', '{\n "cells": [\n  {"a" 1}\n ]\n}', /^invalid JSON at line 3, column 8: expected ':' after the key, found '1'$/],
    ['a trailing comma', '{"cells": [1,]}', /^invalid JSON at line 1, column 14: expected a value, found '\]'/],
    ['text after the value', '{"cells": []} {}', /after the end of the JSON value/],
    ['a raw newline inside a string', '{"cells": ["a\nb"]}', /control character U\+000A inside a string/],
    ['a bad escape', '{"cells": ["\\x41"]}', /invalid escape \\x/],
    ['a short \\u escape', '{"cells": ["\\u12"]}', /four hex digits/],
    ['an unterminated string', '{"cells": ["abc', /end of the text inside a string/],
    ['a leading zero', '{"nbformat": 04}', /expected ',' or '}'/],
    ['a comment', '// notebook\n{}', /expected a value, found '\/'/],
    ['not an object', '[{"cells": []}]', /^not a notebook: the JSON is a list, not an object$/],
    ['a string', '"notebook"', /the JSON is a string/],
    ['no cells', '{"metadata": {}, "nbformat": 4, "nbformat_minor": 4}', /^not a notebook: no `cells` list$/],
    ['cells not a list', '{"cells": {}, "nbformat": 4}', /no `cells` list/],
    ['nbformat 3 with worksheets', '{"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": []}]}', /^nbformat 3 notebook, not nbformat 4: convert it with `jupyter nbconvert --to notebook`$/],
    ['worksheets without a version', '{"worksheets": [{"cells": []}]}', /nbformat 3 notebook \(cells inside worksheets\).*jupyter nbconvert --to notebook/],
    ['a newer nbformat', '{"cells": [], "nbformat": 5}', /nbformat 5 notebook: only nbformat 4 is supported/],
    ['nbformat that is not a number', '{"cells": [], "nbformat": "4"}', /`nbformat` is not a version number/],
    ['a cell that is not an object', '{"cells": ["x = 1"], "nbformat": 4}', /^cells\[0\] is a string, not a cell object$/],
    ['a cell without cell_type', '{"cells": [{"source": []}], "nbformat": 4}', /^cells\[0\] has no `cell_type`$/],
    ['an nbformat 3 heading cell', '{"cells": [{"cell_type": "markdown", "source": ""}, {"cell_type": "heading", "source": "T"}], "nbformat": 4}', /^cells\[1\]\.cell_type is "heading", not "code", "markdown" or "raw"$/],
    ['a cell without source', '{"cells": [{"cell_type": "code"}], "nbformat": 4}', /^cells\[0\] has no `source`$/],
    ['a source that is a number', '{"cells": [{"cell_type": "code", "source": 1}], "nbformat": 4}', /^cells\[0\]\.source is neither a string nor a list of strings$/],
    ['a source list holding null', '{"cells": [{"cell_type": "code", "source": ["a", null]}], "nbformat": 4}', /source is neither a string nor a list of strings/],
    ['nesting deeper than any notebook', `{"cells": [], "metadata": ${'['.repeat(100_000)}`, /nested more than 1000 levels deep/],
  ];
  for (const [name, text, expected] of errors) {
    it(`error: ${name}`, () => assert.match(errorOf(text), expected));
  }

  it('gives the column after a BOM as an editor shows it', () => {
    assert.match(errorOf('\ufeff{]'), /line 1, column 2:/);
  });
});

describe('ipynb: writeIpynbSources', () => {
  for (const [variant, serialise] of VARIANTS) {
    describe(variant, () => {
      const original = serialise(awkwardNotebook());
      const before = notebookOf(original);

      it('with an empty map returns the text byte for byte', () => {
        assert.equal(writeIpynbSources(original, new Map()), original);
      });

      it('replacing every cell with its own source returns the text byte for byte', () => {
        const same = new Map(before.cells.map((cell, index) => [index, cell.source]));
        assert.equal(writeIpynbSources(original, same), original);
      });

      for (const index of before.cells.keys()) {
        it(`replacing cell ${index} changes its source only, reads back, and reverses`, () => {
          for (const replacement of REPLACEMENTS) {
            const after = rewrite(original, index, replacement);
            const read = notebookOf(after);
            assert.deepEqual(read.cells, before.cells.map((cell, i) => (i === index ? { ...cell, source: replacement } : cell)));
            assert.equal(read.language, before.language);
            assert.equal(read.databricks, before.databricks);
            const { removed, added } = changedRegion(original, after);
            for (const region of [removed, added]) {
              assert.doesNotMatch(region, /"(cell_type|metadata|outputs|tag|execution_count|nbformat)"/, `only source text changes: ${JSON.stringify(region)}`);
            }
            assert.equal(rewrite(after, index, before.cells[index].source), original, 'putting the old source back restores every byte');
          }
        });
      }

      it('replaces several cells at once', () => {
        const after = writeIpynbSources(original, new Map([[4, 'last'], [0, 'first\n'], [2, 'middle\nmore']]));
        assert.deepEqual(notebookOf(after).cells.map((cell) => cell.source), ['first\n', before.cells[1].source, 'middle\nmore', before.cells[3].source, 'last']);
      });
    });
  }

  it('writes Jupyter\'s list layout, one item per line at the original items\' indentation', () => {
    const original = '{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": null,\n   "metadata": {},\n   "outputs": [],\n   "source": [\n    "x = 1"\n   ]\n  }\n ],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 4\n}\n';
    assert.equal(
      rewrite(original, 0, 'import os\n\nx = 2\n'),
      original.replace('    "x = 1"\n', '    "import os\\n",\n    "\\n",\n    "x = 2\\n"\n'),
    );
    assert.equal(rewrite(original, 0, ''), original.replace('[\n    "x = 1"\n   ]', '[]'));
  });

  it('keeps 4-space indentation and CRLF line endings', () => {
    const original = '{\r\n    "cells": [\r\n        {\r\n            "cell_type": "markdown",\r\n            "metadata": {},\r\n            "source": [\r\n                "# A\\n",\r\n                "b"\r\n            ]\r\n        }\r\n    ],\r\n    "nbformat": 4,\r\n    "nbformat_minor": 2\r\n}';
    assert.equal(rewrite(original, 0, 'c\nd'), original.replace('"# A\\n",\r\n                "b"', '"c\\n",\r\n                "d"'));
  });

  it('gives an empty list the layout of its notebook: one step deeper than the "source" key', () => {
    const pretty = (indent: string, eol: string): string =>
      ['{', `${indent}"cells": [`, `${indent.repeat(2)}{`, `${indent.repeat(3)}"cell_type": "code",`, `${indent.repeat(3)}"source": []`, `${indent.repeat(2)}}`, `${indent}],`, `${indent}"nbformat": 4`, '}'].join(eol);
    for (const [indent, eol] of [[' ', '\n'], ['  ', '\r\n'], ['\t', '\n']]) {
      const key = `${indent.repeat(3)}"source": `;
      assert.equal(
        rewrite(pretty(indent, eol), 0, 'a\nb'),
        pretty(indent, eol).replace(`${key}[]`, `${key}[${eol}${indent.repeat(4)}"a\\n",${eol}${indent.repeat(4)}"b"${eol}${indent.repeat(3)}]`),
      );
    }
    const minified = '{"cells":[{"cell_type":"code","source":[],"outputs":[]}],"nbformat":4}';
    assert.equal(rewrite(minified, 0, 'a\nb'), minified.replace('"source":[]', '"source":["a\\n","b"]'));
  });

  it('keeps the compact layout of minified Databricks exports, source before cell_type', () => {
    const original = '{"cells":[{"cell_type":"markdown","source":["# Title\\n","text"],"metadata":{}},{"cell_type":"code","source":["x = 1\\n","y = 2"],"metadata":{},"outputs":[],"execution_count":0}],"metadata":{"application/vnd.databricks.v1+notebook":{"language":"python","notebookName":"n"}},"nbformat":4,"nbformat_minor":0}';
    assert.equal(rewrite(original, 1, 'z = 3\n'), original.replace('"source":["x = 1\\n","y = 2"]', '"source":["z = 3\\n"]'));
    assert.equal(rewrite(original, 1, 'a\nb\nc'), original.replace('"source":["x = 1\\n","y = 2"]', '"source":["a\\n","b\\n","c"]'));
  });

  it('keeps a string source a string', () => {
    const original = '{"cells": [{"cell_type": "code", "source": "x = 1\\ny = 2", "metadata": {}, "outputs": []}], "nbformat": 4}';
    assert.equal(rewrite(original, 0, 'z = "q"\n'), original.replace('"x = 1\\ny = 2"', '"z = \\"q\\"\\n"'));
    assert.equal(rewrite(original, 0, ''), original.replace('"x = 1\\ny = 2"', '""'));
  });

  it('escapes as Python\'s json.dumps(ensure_ascii=False): quote, backslash, controls; unicode as is', () => {
    const original = '{"cells": [{"cell_type": "code", "source": "", "metadata": {}}], "nbformat": 4}';
    const source = 'q" b\\ t\t n\u0000 b\b f\f u\u001f del\u007f é 漢 😀 ls\u2028 /';
    // Expected literal from CPython's json.encoder.encode_basestring (ESCAPE_DCT): \u00XX lower case.
    const literal = String.raw`"q\" b\\ t\t n\u0000 b\b f\f u\u001f del` + '\u007f é 漢 😀 ls\u2028 /"';
    assert.equal(rewrite(original, 0, source), original.replace('"source": ""', `"source": ${literal}`));
    assert.equal(notebookOf(rewrite(original, 0, source)).cells[0].source, source);
  });

  it('writes a lone surrogate as an escape, which reads back', () => {
    const original = '{"cells": [{"cell_type": "code", "source": "", "metadata": {}}], "nbformat": 4}';
    const after = rewrite(original, 0, 'x = "\ud800"');
    assert.ok(after.includes(String.raw`"x = \"\ud800\""`));
    assert.equal(notebookOf(after).cells[0].source, 'x = "\ud800"');
  });

  it('breaks lines where Python\'s str.splitlines breaks them, as nbformat\'s split_lines does', () => {
    const original = '{"cells":[{"cell_type":"code","source":["a\\n","b"]}],"nbformat":4}';
    const after = rewrite(original, 0, 'a\rb\fc\u2028d\u0085e\r\nf\vg\u001ch');
    assert.equal(after, original.replace('["a\\n","b"]', '["a\\r","b\\f","c\u2028","d\u0085","e\\r\\n","f\\u000b","g\\u001c","h"]'));
  });

  it('breaks at "\\n" only when the notebook\'s items keep other breaks inside (VS Code)', () => {
    const original = '{"cells":[{"cell_type":"code","source":["a\\rb\\n","c"]},{"cell_type":"code","source":[]}],"nbformat":4}';
    assert.equal(rewrite(original, 0, 'x\ry\nz'), original.replace('["a\\rb\\n","c"]', '["x\\ry\\n","z"]'));
    assert.equal(rewrite(original, 1, 'x\ry\nz'), original.replace('"source":[]}', '"source":["x\\ry\\n","z"]}'));
  });

  it('keeps a whole multi-line source in one item where the notebook does (older Databricks exports), empty as [""]', () => {
    const original = '{"cells":[{"cell_type":"code","source":["import os\\nx = 1"],"metadata":{}},{"cell_type":"code","source":["%fs ls"],"metadata":{}},{"cell_type":"code","source":[""],"metadata":{}}],"metadata":{"name":"n","notebookId":1},"nbformat":4,"nbformat_minor":0}';
    assert.equal(rewrite(original, 0, 'a\nb\n'), original.replace('["import os\\nx = 1"]', '["a\\nb\\n"]'));
    assert.equal(rewrite(original, 1, 'a\nb'), original.replace('["%fs ls"]', '["a\\nb"]'), 'a one-line cell follows the notebook');
    assert.equal(rewrite(original, 0, ''), original.replace('["import os\\nx = 1"]', '[""]'));
    assert.equal(writeIpynbSources(original, new Map([[0, 'import os\nx = 1'], [1, '%fs ls'], [2, '']])), original);
  });

  it('a cell split into lines stays split in a notebook where another cell is one item', () => {
    const original = '{"cells":[{"cell_type":"markdown","source":["# T\\nmore"]},{"cell_type":"code","source":["a\\n","b"]}],"nbformat":4}';
    assert.equal(rewrite(original, 1, 'x\ny'), original.replace('["a\\n","b"]', '["x\\n","y"]'));
  });

  it('a list cut mid-line into several items shows no rule: the notebook\'s lines rule applies', () => {
    const original = '{"cells":[{"cell_type":"markdown","source":["# T\\nlong line ","cut here"]},{"cell_type":"code","source":["a\\n","b"]}],"nbformat":4}';
    assert.equal(rewrite(original, 0, 'p\nq'), original.replace('["# T\\nlong line ","cut here"]', '["p\\n","q"]'));
  });

  it('a source written back unchanged keeps its bytes, even a list cut mid-line', () => {
    const original = '{"cells":[{"cell_type":"markdown","source":["# T\\nlong line ","cut here"]},{"cell_type":"code","source":["a\\n","b"]}],"nbformat":4}';
    assert.equal(rewrite(original, 0, '# T\nlong line cut here'), original);
  });

  it('writes lines that did not change with their original bytes (another writer\'s escapes)', () => {
    const original = '{"cells":[{"cell_type":"code","source":["caf\\u00e9 = 1\\n","x = 2"]}],"nbformat":4}';
    assert.equal(rewrite(original, 0, 'café = 1\ny = 3\nnaïve = 4'), original.replace('"x = 2"', '"y = 3\\n","naïve = 4"'));
  });

  it('replaces the last of duplicate "source" keys, the one readers use', () => {
    const original = '{"cells":[{"cell_type":"code","source":["old"],"source":["used"]}],"nbformat":4}';
    assert.equal(rewrite(original, 0, 'new'), '{"cells":[{"cell_type":"code","source":["old"],"source":["new"]}],"nbformat":4}');
  });

  it('throws on text that is not a notebook and on an index out of range', () => {
    assert.throws(() => writeIpynbSources('{"cells": 1}', new Map()), /not a notebook: .*no `cells` list/);
    const text = ipynbFromCells([{ kind: 'code', source: 'x' }]);
    for (const index of [1, -1, 0.5, Number.NaN]) {
      assert.throws(() => rewrite(text, index, 'y'), RangeError);
    }
  });
});

describe('ipynb: ipynbFromCells', () => {
  const cells: IpynbCell[] = [
    { kind: 'markdown', source: '# Title\n\ntext' },
    { kind: 'code', source: 'x = "é"\n' },
    { kind: 'raw', source: '' },
  ];

  it('writes what nbformat writes for such a notebook (indent 1, sorted keys, trailing newline)', () => {
    // Checked against CPython: json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "),
    // ensure_ascii=False) + "\n" after split_lines, as nbformat.write does.
    const expected = [
      '{',
      ' "cells": [',
      '  {',
      '   "cell_type": "markdown",',
      '   "metadata": {},',
      '   "source": [',
      '    "# Title\\n",',
      '    "\\n",',
      '    "text"',
      '   ]',
      '  },',
      '  {',
      '   "cell_type": "code",',
      '   "execution_count": null,',
      '   "metadata": {},',
      '   "outputs": [],',
      '   "source": [',
      '    "x = \\"é\\"\\n"',
      '   ]',
      '  },',
      '  {',
      '   "cell_type": "raw",',
      '   "metadata": {},',
      '   "source": []',
      '  }',
      ' ],',
      ' "metadata": {',
      '  "kernelspec": {',
      '   "display_name": "Python 3",',
      '   "language": "python",',
      '   "name": "python3"',
      '  },',
      '  "language_info": {',
      '   "name": "python"',
      '  }',
      ' },',
      ' "nbformat": 4,',
      ' "nbformat_minor": 4',
      '}',
      '',
    ].join('\n');
    assert.equal(ipynbFromCells(cells), expected);
  });

  it('reads back as the same cells, not Databricks, Python', () => {
    const withBreaks: IpynbCell[] = [...cells, { kind: 'code', source: 'a\r\nb\rc\n\n' }, { kind: 'code', source: '\n' }];
    assert.deepEqual(notebookOf(ipynbFromCells(withBreaks)), { cells: withBreaks, databricks: false, language: 'python' });
  });

  it('with databricks, adds the Databricks notebook metadata with the name', () => {
    const text = ipynbFromCells(cells, { databricks: true, name: 'train model' });
    assert.ok(text.includes('  "application/vnd.databricks.v1+notebook": {\n   "dashboards": [],\n   "language": "python",\n   "notebookName": "train model",\n   "widgets": {}\n  },\n  "kernelspec"'));
    assert.equal(notebookOf(text).databricks, true);
    assert.equal(writeIpynbSources(text, new Map(cells.map((cell, i) => [i, cell.source]))), text);
  });
});

describe('ipynb: fuzz (seeded)', () => {
  /** mulberry32: a small seeded generator, so a failure reproduces. */
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const real = `${JSON.stringify(awkwardNotebook(), null, 1)}\n`;

  it('random text gives an error, never a throw', () => {
    const next = random(20240611);
    const alphabet = '{}[]":,\\ \n\r\tenutrlfsabcd0123456789.-+EINaycelsournb_';
    for (let round = 0; round < 400; round++) {
      let text = '';
      const length = Math.floor(next() * 200);
      for (let i = 0; i < length; i++) {
        text += next() < 0.8 ? alphabet[Math.floor(next() * alphabet.length)] : String.fromCharCode(Math.floor(next() * 0x10000));
      }
      const result = readIpynb(text);
      assert.ok('error' in result, `random text read as a notebook: ${JSON.stringify(text)}`);
    }
  });

  it('every truncation of a real notebook gives an error', () => {
    const end = real.lastIndexOf('}');
    for (let cut = 0; cut <= end; cut++) {
      assert.ok('error' in readIpynb(real.slice(0, cut)), `cut at ${cut}`);
    }
    assert.ok('notebook' in readIpynb(real.slice(0, end + 1)), 'only the trailing newline cut: still a notebook');
  });

  it('random edits of a real notebook never throw; what still reads writes back byte for byte', () => {
    const next = random(7);
    const pieces = ['"', '\\', '{', '}', '[', ']', ',', ':', '\n', 'x', '\u0000', 'é', '\ud800'];
    let stillNotebooks = 0;
    for (let round = 0; round < 300; round++) {
      const at = Math.floor(next() * real.length);
      const cut = Math.floor(next() * 3);
      const text = real.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + real.slice(at + cut);
      const result = readIpynb(text);
      if ('error' in result) continue;
      stillNotebooks++;
      assert.equal(writeIpynbSources(text, new Map()), text);
      const same = new Map(result.notebook.cells.map((cell, index) => [index, cell.source]));
      assert.deepEqual(notebookOf(writeIpynbSources(text, same)), result.notebook);
    }
    assert.ok(stillNotebooks > 0, 'some edits (inside strings) keep a notebook');
  });
});
