import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mlt302PyfuncUndeclaredDependencies } from '../rules/mlt302-pyfunc-undeclared-dependencies';
import { projectContextFor } from '../server/projectContext';
import { dedent, testLinter } from './support/linter';

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
