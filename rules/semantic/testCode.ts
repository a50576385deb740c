import type { Node } from 'web-tree-sitter';
import { FactCache } from '../engine/reads';
import type { SourceDocument } from '../engine/sourceDocument';
import { positionalArguments } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringValue } from './values';
import { assignedBinding } from './modelUris';
import { ancestorsAbove, field, namedChildren } from '../engine/syntax';

/**
 * Where test code is: pytest/unittest file names (`test_*.py`, `*_test.py`, `unittest_*.py`), `def test_*`
 * functions in any file, and what marks a test as an integration or end-to-end test (its
 * folder or file name, a `test_integration_*` name, `@pytest.mark.integration`).
 */

function pathOf(uri: string): string {
  let path = uri.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape: keep the raw path.
  }
  return path.replace(/\\/g, '/');
}

/**
 * A file named as a test: pytest's `test_*.py` / `*_test.py`, and the `unittest_*.py` /
 * `*_unittest.py` names some projects give their unit tests (Chromium's convention).
 */
function isTestFileUri(uri: string): boolean {
  const base = pathOf(uri).split('/').pop() ?? '';
  // conftest.py holds pytest's fixtures and hooks, wherever it sits (a project's root too).
  return /^(?:unit)?test_.*\.(?:py|ipynb)$/.test(base) || /_(?:unit)?test\.(?:py|ipynb)$/.test(base) || base === 'conftest.py';
}

/**
 * A file named as a test, a conftest.py, or a file kept under a `tests/` folder (fixtures and
 * helpers included). Only the folders nearest the file count: a project checked out under
 * `~/tests/` is not all test code. A `test/` folder is not enough: it is also a common name for
 * a scratch folder that holds a whole project.
 */
export function isTestCodeUri(uri: string): boolean {
  if (isTestFileUri(uri)) return true;
  const folders = pathOf(uri).split('/').slice(0, -1);
  return folders.slice(-TESTS_FOLDER_DEPTH).some((folder) => folder === 'tests');
}

/**
 * Whether a file is test code that holds tests: under a `tests/` folder (fixtures and helpers
 * included), or named as a test and holding a test (`def test_...`, a test class, an `assert`,
 * pytest or unittest imported). A script named `test_model.py` that only promotes a model is
 * not a test of anything.
 */
export function isTestSuiteDocument(document: SourceDocument): boolean {
  if (!isTestCodeUri(document.uri)) return false;
  const folders = pathOf(document.uri).split('/').slice(0, -1);
  if (folders.slice(-TESTS_FOLDER_DEPTH).some((folder) => folder === 'tests') || pathOf(document.uri).endsWith('/conftest.py')) return true;
  return document.textMatches(TEST_CONTENT);
}

const TEST_CONTENT = /^[ \t]*(?:async[ \t]+)?def[ \t]+test|^[ \t]*class[ \t]+Test|\bTestCase\b|^[ \t]*assert\b|^[ \t]*(?:import|from)[ \t]+(?:pytest|unittest)\b/m;

/** `tests/`, `tests/unit/`, `tests/integration/models/`: how deep below `tests/` a test file may sit. */
const TESTS_FOLDER_DEPTH = 3;

const INTEGRATION_WORDS = /(?:^|[/_.-])(?:integration|integration_tests|e2e|end[_-]to[_-]end|acceptance)(?:[/_.-]|$)/i;

/** `tests/integration/test_model.py`, `test_e2e_training.py`: tests where metrics belong. */
export function isIntegrationTestUri(uri: string): boolean {
  // The file's name and its nearest folders, as for tests/: a checkout under ~/e2e/ or
  // /srv/integration/ is not all integration tests.
  const parts = pathOf(uri).split('/');
  return INTEGRATION_WORDS.test(parts.slice(-(TESTS_FOLDER_DEPTH + 1)).join('/'));
}

/** The innermost `def test_*` around a node (through nested defs), if any. */
function enclosingTestFunction(node: Node): Node | undefined {
  for (const current of ancestorsAbove(node)) {
    if (current.type === 'function_definition' && /^test/.test(field(current, 'name')?.text ?? '')) return current;
  }
  return undefined;
}

/** `class TestX(unittest.TestCase)`, `class TestX(TestCase)`, or a pytest-style `class Test...`. */
function isTestClass(definition: Node): boolean {
  const name = field(definition, 'name')?.text ?? '';
  const bases = field(definition, 'superclasses')?.text ?? '';
  return /\bTestCase\b/.test(bases) || /^Test[A-Z_]/.test(name);
}

/**
 * Whether `node` is test code (the spec's "Context"): in a test file or a `tests/` folder, in a
 * `def test_*` function, or in a test class (a `unittest.TestCase` subclass or a pytest
 * `class Test...`). Rules about production practice stay silent there.
 */
export function isTestCode(uri: string, node?: Node): boolean {
  if (isTestCodeUri(uri)) return true;
  if (!node) return false;
  for (const current of ancestorsAbove(node)) {
    if (current.type === 'function_definition' && /^test/.test(field(current, 'name')?.text ?? '')) return true;
    if (current.type === 'class_definition' && isTestClass(current)) return true;
  }
  return false;
}

/** The decorators written above a def or class. */
function decoratorsOf(definition: Node): Node[] {
  const parent = definition.parent;
  return parent?.type === 'decorated_definition' ? namedChildren(parent).filter((child) => child.type === 'decorator') : [];
}

/**
 * Whether a test function is an integration / end-to-end test: by its name, or a pytest mark
 * on it or on its class (`@pytest.mark.integration`, `@pytest.mark.e2e`, `@pytest.mark.slow`).
 */
export function isIntegrationTest(testFunction: Node): boolean {
  if (INTEGRATION_WORDS.test(field(testFunction, 'name')?.text ?? '')) return true;
  const owners = [testFunction];
  for (const current of ancestorsAbove(testFunction)) {
    if (current.type === 'class_definition') {
      owners.push(current);
      if (INTEGRATION_WORDS.test(field(current, 'name')?.text ?? '')) return true;
    }
  }
  return owners.some((owner) => decoratorsOf(owner).some((decorator) => /\bmark\.(?:integration\w*|e2e|end_to_end|acceptance|slow)\b/.test(decorator.text)));
}

/** The class whose body defines a function, if it is a method. */
export function owningClass(definition: Node): Node | undefined {
  const holder = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  const body = holder.parent;
  return body?.type === 'block' && body.parent?.type === 'class_definition' ? body.parent : undefined;
}

/**
 * The test function a test runner collects around `node`, for rules about what tests check:
 * the innermost `def test*` that is a method of a test class, or a module-level one in a
 * test file. In other files (a notebook) a module-level `def test*` counts unless the file
 * calls it with arguments itself: `test_prediction(run_id)` in a promotion notebook is a
 * validation step of the pipeline, not a unit test. Methods of other classes (a Lightning
 * module's `test_step`) never count. `callsWithArguments` tells whether the file calls a
 * function of that name with arguments.
 */
export function collectedTestFunction(uri: string, node: Node, callsWithArguments: (name: string) => boolean): Node | undefined {
  const testFunction = enclosingTestFunction(node);
  if (!testFunction) return undefined;
  const owner = owningClass(testFunction);
  if (owner) return isTestClass(owner) ? testFunction : undefined;
  const holder = testFunction.parent?.type === 'decorated_definition' ? testFunction.parent : testFunction;
  if (holder.parent?.type !== 'module') return isTestCodeUri(uri) ? testFunction : undefined;
  if (isTestCodeUri(uri)) return testFunction;
  return callsWithArguments(field(testFunction, 'name')?.text ?? '') ? undefined : testFunction;
}

/**
 * Test code where `use` (a `models:/` URI) meets a stand-in for MLflow: a stub module put in
 * `sys.modules["mlflow"]` anywhere in the file (also through `monkeypatch.setitem` or
 * `patch.dict(sys.modules, ...)`), or, before it in the test function around it (its
 * decorators included), a patch of MLflow's `load_model` / `spark_udf` (`patch("mlflow.pyfunc.load_model")`,
 * also through the module under test, `patch("serving.mlflow.pyfunc.load_model")`, `mocker.patch`, `patch.object(mlflow.pyfunc, "load_model")`, `monkeypatch.setattr`), and, for a
 * URI the test binds to a name, before every read of that name. A URI there is input to the code
 * under test, and nothing is loaded from a registry. A patch of tracking calls, and a comment,
 * are no stand-in.
 */
export function stubsMlflow(document: SourceDocument, model: SemanticModel, use: Node): boolean {
  if (!isTestCodeUri(document.uri)) return false;
  const strings = model.nodesAroundText(['mlflow', 'load_model', 'spark_udf'], 'string');
  if (strings.some((node) => isModuleStub(model, node))) return true;
  // A patch of loading counts in the test around the URI (its decorators included), before it;
  // a URI outside any test meets such a patch only in some tests.
  const test = ancestorsAbove(use).find((node) => node.type === 'function_definition');
  const scope = test?.parent?.type === 'decorated_definition' ? test.parent : test;
  if (!scope) return false;
  // A URI bound to a name counts where the name is read: every read must meet the patch.
  const binding = assignedBinding(model, use);
  // A name the test declares global (or nonlocal) is read by code outside it too: judged where it is written.
  const shared = !!binding && new RegExp(`^\\s*(?:global|nonlocal)\\s[^\\n#]*\\b${binding.name}\\b`, 'm').test(scope.text);
  const reads = binding && !shared ? model.mayRead(binding) : [];
  const uses = reads.length > 0 ? reads : [use];
  return strings.some((node) => {
    if (scope.startIndex > node.startIndex || !isLoadingPatch(model, node)) return false;
    // A patch through the module under test (`serving.mlflow.pyfunc.load_model`) stands in for its
    // loads only: a load the test makes itself with MLflow still loads.
    const throughModule = !(stringValue(model, node) ?? '').startsWith('mlflow');
    return uses.every((read) => underPatch(node, read, scope) && !(throughModule && loadedHere(model, read)));
  });
}

/** Whether a URI is given straight to MLflow's loader in the test itself (`mlflow.pyfunc.load_model(uri)`). */
function loadedHere(model: SemanticModel, read: Node): boolean {
  const call = read.parent?.type === 'argument_list' ? read.parent.parent : read.parent?.type === 'keyword_argument' ? read.parent.parent?.parent : undefined;
  return call?.type === 'call' && /^mlflow\.[\w.]*\.(?:load_model|spark_udf)$/.test(model.callSite(call).qualifiedName ?? '');
}

/**
 * Whether a read comes after a patch, in the test. A read after a `with patch(...)` block has
 * ended is counted too: most are assertions on the mock (`load_model.assert_called_once_with(uri)`),
 * which load nothing.
 */
function underPatch(patch: Node, read: Node, scope: Node): boolean {
  return read.startIndex >= patch.endIndex && read.endIndex <= scope.endIndex;
}

/** The call a node is a positional argument of (its CallSite: name, arguments), and the node's position. */
function argumentOf(model: SemanticModel, node: Node): { site: CallSite; index: number; positional: Node[] } | undefined {
  const call = node.parent?.type === 'argument_list' ? node.parent.parent : undefined;
  if (call?.type !== 'call') return undefined;
  const site = model.callSite(call);
  const positional = positionalArguments(site);
  return { site, index: positional.findIndex((argument) => argument.id === node.id), positional };
}

/** `"mlflow"` as the key of sys.modules: a subscript of it, setitem's key, a key of patch.dict's dict. */
function isModuleStub(model: SemanticModel, node: Node): boolean {
  const value = stringValue(model, node);
  if (value !== 'mlflow' && !value?.startsWith('mlflow.')) return false;
  const parent = node.parent;
  // Written to (`sys.modules["mlflow"] = stub`), not read (`importlib.reload(sys.modules["mlflow"])`).
  if (parent?.type === 'subscript') {
    // Also one target of several: `sys.modules["mlflow"], sys.modules["mlflow.pyfunc"] = stub, stub.pyfunc`.
    const target = parent.parent?.type === 'pattern_list' || parent.parent?.type === 'tuple_pattern' ? parent.parent : parent;
    return field(parent, 'value')?.text === 'sys.modules' && target.parent?.type === 'assignment' && field(target.parent, 'left')?.id === target.id;
  }
  const argument = argumentOf(model, node);
  if (argument?.site.name === 'setitem') return argument.index === 1 && argument.positional[0]?.text === 'sys.modules';
  const dict = parent?.type === 'pair' ? parent.parent : undefined;
  const dictArgument = dict?.type === 'dictionary' ? argumentOf(model, dict) : undefined;
  return dictArgument?.site.name === 'dict' && /^(?:sys\.modules|["']sys\.modules["'])$/.test(dictArgument.positional[0]?.text ?? '');
}

/** A patch of MLflow's loading: `patch("mlflow.pyfunc.load_model")`, `setattr(mlflow.pyfunc, "spark_udf", ...)`. */
function isLoadingPatch(model: SemanticModel, node: Node): boolean {
  const value = stringValue(model, node);
  const argument = argumentOf(model, node);
  if (!value || !argument) return false;
  const called = argument.site.name;
  // `patch(..., wraps=mlflow.pyfunc.load_model)` is a spy: the real loader still runs.
  if (argument.site.argumentEntries.some((entry) => entry.keyword === 'wraps')) return false;
  // Also where the module under test holds MLflow (`patch("serving.mlflow.pyfunc.load_model")`, pytest's usual form).
  if (argument.index === 0 && (called === 'patch' || called === 'setattr')) return /^(?:[\w.]+\.)?mlflow\.[\w.]*\.(?:load_model|spark_udf)$/.test(value);
  if (argument.index !== 1 || (called !== 'object' && called !== 'setattr')) return false;
  const target = argument.positional[0];
  // The module patched, under any import of it (`import mlflow.pyfunc as pf`, then `patch.object(pf, "load_model")`).
  const moduleName = target && (/^mlflow(?:\.\w+)*$/.test(target.text) ? target.text : model.resolveQualifiedName(target));
  return (value === 'load_model' || value === 'spark_udf') && /^mlflow(?:\.\w+)*$/.test(moduleName ?? '');
}

const mlflowInternalsTests = new FactCache<SemanticModel, boolean>();

/**
 * Whether the file is a test of MLflow itself (or of code built on its internals): test code
 * (by its path) that imports a private part of MLflow (`from mlflow.store.artifact.utils.models
 * import _parse_model_uri`, `mlflow.tracking._model_registry.client`), or patches one
 * (`mock.patch("mlflow.tracking._model_registry.utils._get_store")`). Its stage names, URIs
 * and registrations are the inputs of the library's own behaviour under test, not a project's
 * use of a registry: MLflow's test suite gave 81 findings, 73 of them false or noise, in one round (h69d).
 */
export function testsMlflowInternals(model: SemanticModel): boolean {
  if (!isTestCodeUri(model.document.uri)) return false;
  return mlflowInternalsTests.get(
    model,
    () =>
      model.importBindingsFrom('mlflow').some((binding) => isPrivateMlflowPath(binding.imported?.qualifiedName ?? '')) ||
      // `@mock.patch("mlflow.tracking._model_registry.utils._get_store")`: the registry replaced by a mock.
      model.callsNamed('patch').some((site) => isPrivateMlflowPath(stringValue(model, positionalArguments(site)[0]) ?? '')),
  );
}

function isPrivateMlflowPath(path: string): boolean {
  const parts = path.split('.');
  return parts[0] === 'mlflow' && parts.some((part) => part.startsWith('_') && !part.startsWith('__'));
}
