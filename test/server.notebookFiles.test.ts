import * as assert from 'node:assert/strict';
import { ipynbFromCells } from '../rules/engine/ipynb';
import { readNotebookFile } from '../server/notebookFiles';

// Which notebooks hold Python: the language the notebook's metadata names decides, whichever of
// its spellings a tool wrote.

/** A one-cell notebook whose metadata names only `language` (language_info.name, as some tools write it). */
function notebookIn(language: string): string {
  const notebook = JSON.parse(ipynbFromCells([{ kind: 'code', source: 'import mlflow\n' }])) as { metadata: Record<string, unknown> };
  notebook.metadata = { language_info: { name: language } };
  return JSON.stringify(notebook);
}

describe('readNotebookFile: the notebook\'s language', () => {
  for (const language of ['python', 'python3', 'ipython', 'ipython3', 'IPython3', 'pyspark', 'pyspark3']) {
    it(`reads a notebook whose language is ${language} as Python`, () => {
      const read = readNotebookFile('file:///work/n.ipynb', notebookIn(language));
      assert.ok('source' in read, JSON.stringify(read));
      assert.deepEqual(read.source.cells.map((cell) => cell.text), ['import mlflow\n']);
    });
  }

  for (const [language, name] of [['scala', 'Scala'], ['sql', 'SQL'], ['r', 'R'], ['julia', 'Julia'], ['csharp', 'csharp']] as const) {
    it(`skips a notebook in ${name}, saying so`, () => {
      const read = readNotebookFile('file:///work/n.ipynb', notebookIn(language));
      assert.deepEqual(read, { skipped: `a notebook in ${name}, not Python`, otherLanguage: true });
    });
  }
});
