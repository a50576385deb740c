import type { Node } from 'web-tree-sitter';
import { field, namedChildren } from '../engine/syntax';

/**
 * Where test code is: pytest/unittest file names (`test_*.py`, `*_test.py`), `def test_*`
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

export function isTestFileUri(uri: string): boolean {
  const base = pathOf(uri).split('/').pop() ?? '';
  return /^test_.*\.(?:py|ipynb)$/.test(base) || /_test\.(?:py|ipynb)$/.test(base);
}

/** A file named as a test or kept under a `tests/` folder (conftest.py and fixtures included). */
export function isTestCodeUri(uri: string): boolean {
  if (isTestFileUri(uri)) return true;
  const folders = pathOf(uri).split('/').slice(0, -1);
  return folders.some((folder) => folder === 'tests');
}

const INTEGRATION_WORDS = /(?:^|[/_.-])(?:integration|integration_tests|e2e|end[_-]to[_-]end|acceptance)(?:[/_.-]|$)/i;

/** `tests/integration/test_model.py`, `test_e2e_training.py`: tests where metrics belong. */
export function isIntegrationTestUri(uri: string): boolean {
  return INTEGRATION_WORDS.test(pathOf(uri));
}

/** The innermost `def test_*` around a node (through nested defs), if any. */
export function enclosingTestFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
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
  for (let current = node.parent; current; current = current.parent) {
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
  for (let current = testFunction.parent; current; current = current.parent) {
    if (current.type === 'class_definition') {
      owners.push(current);
      if (INTEGRATION_WORDS.test(field(current, 'name')?.text ?? '')) return true;
    }
  }
  return owners.some((owner) => decoratorsOf(owner).some((decorator) => /\bmark\.(?:integration\w*|e2e|end_to_end|acceptance|slow)\b/.test(decorator.text)));
}
