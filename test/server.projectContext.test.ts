import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mlt302PyfuncUndeclaredDependencies } from '../rules/mlt302-pyfunc-undeclared-dependencies';
import { ProjectContexts, projectContextFor } from '../server/projectContext';
import { ScratchFolders } from './support/cli';
import { dedent, testLinter } from './support/linter';
import { LspTestClient } from './support/lspClient';

describe('project context (which modules are the project\'s own)', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-project-'));
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'utils'));
    fs.writeFileSync(path.join(root, 'utils', 'features.py'), 'def f(x):\n    return x\n');
    fs.writeFileSync(path.join(root, 'helpers.py'), '');
    fs.mkdirSync(path.join(root, 'data'));
    fs.writeFileSync(path.join(root, 'data', 'table.csv'), 'a\n1\n');
    fs.mkdirSync(path.join(root, 'notebooks', 'training'), { recursive: true });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds packages and modules beside the file and up to the repository root', () => {
    const project = projectContextFor(path.join(root, 'notebooks', 'training', 'train.py'));
    assert.equal(project.isLocalModule('utils'), true);
    assert.equal(project.isLocalModule('helpers'), true);
  });

  it('does not count a folder without Python files, an unknown name, or a non-identifier', () => {
    const project = projectContextFor(pathToFileURL(path.join(root, 'notebooks', 'train.py')).href);
    assert.equal(project.isLocalModule('data'), false);
    assert.equal(project.isLocalModule('xgboost'), false);
    assert.equal(project.isLocalModule('../utils'), false);
  });

  it('the server keeps a document\'s answers a few seconds, and drops them when Python files are created or deleted', () => {
    let now = 1_000;
    const projects = new ProjectContexts(5_000, () => now);
    const uri = pathToFileURL(path.join(root, 'notebooks', 'serve.py')).href;
    assert.equal(projects.of(uri).isLocalModule('scoring'), false);
    fs.writeFileSync(path.join(root, 'scoring.py'), '');
    try {
      now += 4_000;
      assert.equal(projects.of(uri).isLocalModule('scoring'), false, 'the answer read before is kept: no disk access per keystroke');
      projects.filesChanged();
      assert.equal(projects.of(uri).isLocalModule('scoring'), true, 'a created module counts once the editor reports it');
      fs.rmSync(path.join(root, 'scoring.py'));
      assert.equal(projects.of(uri).isLocalModule('scoring'), true);
      now += 5_000;
      assert.equal(projects.of(uri).isLocalModule('scoring'), false, 'without a report, the answer is read again once it is old');
    } finally {
      fs.rmSync(path.join(root, 'scoring.py'), { force: true });
    }
  });

  it('knows nothing of unsaved documents', () => {
    assert.equal(projectContextFor('untitled:Untitled-1').isLocalModule('utils'), false);
  });

  it('MLT302 does not ask to pip-install the project\'s own package', async () => {
    const code = dedent(`
      import mlflow
      from mlflow.pyfunc import PythonModel

      class Model(PythonModel):
          def predict(self, context, model_input):
              from utils.features import f
              import xgboost
              return f(model_input)

      mlflow.pyfunc.log_model("model", python_model=Model())
    `);
    const linter = await testLinter();
    const file = path.join(root, 'notebooks', 'train.py');
    const lint = (project?: ReturnType<typeof projectContextFor>) =>
      linter.lintText(pathToFileURL(file).href, code, { select: [mlt302PyfuncUndeclaredDependencies.meta.id], project }).findings.map((f) => f.message);
    const withProject = lint(projectContextFor(file));
    assert.equal(withProject.length, 1);
    assert.match(withProject[0], /xgboost/);
    assert.doesNotMatch(withProject[0], /utils/);
    // Without the file system the rule still stays quiet about `utils`: it only counts
    // packages it knows from PyPI or the notebook's %pip lines.
    assert.doesNotMatch(lint()[0], /utils/);
  });
});

describe('language server: the project\'s own modules', function () {
  this.timeout(60_000);
  const scratch = new ScratchFolders();
  after(() => scratch.remove());

  it('a module created beside the notebook counts on the next keystroke once the editor reports it', async () => {
    const code = dedent(`
      import mlflow
      from mlflow.pyfunc import PythonModel

      class Model(PythonModel):
          def predict(self, context, model_input):
              import xgboost
              return xgboost.score(model_input)

      mlflow.pyfunc.log_model("model", python_model=Model())
    `);
    const dir = scratch.create({ '.git/HEAD': '', 'serve.py': code });
    const uri = pathToFileURL(path.join(dir, 'serve.py')).href;
    const client = new LspTestClient('stdio');
    try {
      await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
      await client.notify('initialized', {});
      const codes = async (notify: () => Promise<void>) => (await Promise.all([client.nextDiagnostics(uri, 20_000), notify()]))[0].diagnostics.map((d) => String(d.code));
      assert.deepEqual(await codes(() => client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: code } })), ['MLT302']);
      // The project's own xgboost.py (a module named like the package) ships with the code, not from PyPI.
      fs.writeFileSync(path.join(dir, 'xgboost.py'), 'def score(frame):\n    return frame\n');
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'xgboost.py')).href, type: 1 }] });
      const end = { line: code.split('\n').length - 1, character: 0 };
      const keystroke = { range: { start: end, end }, text: '# scored\n' };
      const typed = await codes(() => client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [keystroke] }));
      assert.deepEqual(typed, [], 'the created module is the project\'s own: nothing to pip-install');
    } finally {
      await client.stop();
      client.kill();
    }
  });
});
