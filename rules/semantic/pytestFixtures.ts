import type { Node } from 'web-tree-sitter';
import { readTree } from '../engine/reads';
import { ancestorOfType, field, namedChildren } from '../engine/syntax';
import type { Binding } from './bindings';
import type { Parameter } from './parameterValues';
import { MODULE_SCOPE } from './scopes';
import { isTestCodeUri } from './testCode';

/**
 * pytest fills a test's parameters (and a fixture's) with the fixtures of the same name: a
 * test's `store` is what the file's `@pytest.fixture def store(): return KeyValueStore(...)`
 * returns. Without this, a test's receiver resolved to nothing, and a registry plugin's tests of
 * its own `store.transition_model_version_stage(...)` read as MLflow client calls.
 */

const FIXTURE_DECORATOR = /^@\s*(?:pytest\.)?fixture\b/;

/** The `@pytest.fixture` / `@fixture` decorator of a def (with or without arguments). */
function fixtureDecorator(fn: Node): Node | undefined {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  return decorated ? namedChildren(decorated).find((child) => child.type === 'decorator' && FIXTURE_DECORATOR.test(child.text)) : undefined;
}

export function isFixture(fn: Node): boolean {
  return fixtureDecorator(fn) !== undefined;
}

/**
 * The expression the file's fixture named like `parameter` returns or yields, in a test file,
 * when the parameter's function is a test (`test_...`) or a fixture, the file defines one
 * function of that name, a top-level fixture registered under its own name (no `name=`) with one
 * return or yield of a value, and nothing else may fill the parameter: no `parametrize` of the
 * test that names it, no fixture of a class around the test. Undefined otherwise (a fixture of a
 * conftest.py, which the file does not show, among them).
 */
export function fixtureValue(uri: string, bindingsOf: (name: string) => readonly Binding[], parameter: Parameter): Node | undefined {
  if (!isTestCodeUri(uri)) return undefined;
  const owner = field(parameter.function, 'name')?.text ?? '';
  if (!owner.startsWith('test') && !isFixture(parameter.function)) return undefined;
  // `@pytest.mark.parametrize("client", [...])` fills the parameter instead of the fixture.
  const around = parameter.function.parent?.type === 'decorated_definition' ? parameter.function.parent : undefined;
  if (around && namedChildren(around).some((child) => child.type === 'decorator' && !FIXTURE_DECORATOR.test(child.text) && new RegExp(`["'][^"']*\\b${parameter.name}\\b`).test(child.text))) return undefined;
  const functions = bindingsOf(parameter.name).filter((binding) => binding.kind === 'function');
  if (functions.length !== 1) return undefined;
  const [fixture] = functions;
  const decorator = fixture.node.type === 'function_definition' ? fixtureDecorator(fixture.node) : undefined;
  if (!decorator || fixture.scope !== MODULE_SCOPE || /\bname\s*=/.test(decorator.text)) return undefined;
  // What it returns is read from its tree: an edit there changes the answer.
  readTree(fixture.node.tree);
  const values = fixture.node
    .descendantsOfType(['return_statement', 'yield'])
    // The `yield` keyword is a token of that type too: the named node holds the value.
    .filter((node): node is Node => !!node && node.isNamed && ancestorOfType(node, ['function_definition', 'lambda'])?.id === fixture.node.id)
    .map((node) => namedChildren(node).find((child) => child.type !== 'comment'));
  return values.length === 1 ? values[0] : undefined;
}
