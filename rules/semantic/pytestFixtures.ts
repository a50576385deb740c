import type { Node } from 'web-tree-sitter';
import { readTree } from '../engine/reads';
import { ancestorOfType, field, namedChildren } from '../engine/syntax';
import type { Binding } from './bindings';
import type { Parameter } from './parameterValues';
import { MODULE_SCOPE } from './scopes';

/**
 * pytest fills a test's parameters (and a fixture's) with the fixtures of the same name: a
 * test's `store` is what the file's `@pytest.fixture def store(): return KeyValueStore(...)`
 * returns. Without this, a test's receiver resolved to nothing, and a registry plugin's tests of
 * its own `store.transition_model_version_stage(...)` read as MLflow client calls.
 */

/** Whether a def is decorated `@pytest.fixture` / `@fixture` (with or without arguments). */
export function isFixture(fn: Node): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  return !!decorated && namedChildren(decorated).some((child) => child.type === 'decorator' && /^@\s*(?:pytest\.)?fixture\b/.test(child.text));
}

/**
 * The expression the file's fixture named like `parameter` returns or yields, when the
 * parameter's function is a test (`test_...`) or a fixture and the file defines one such fixture
 * at its top level, with one return or yield of a value. Undefined otherwise (a fixture of a
 * conftest.py, several fixtures of the name, a parameter pytest does not fill).
 */
export function fixtureValue(bindingsOf: (name: string) => readonly Binding[], parameter: Parameter): Node | undefined {
  const owner = field(parameter.function, 'name')?.text ?? '';
  if (!owner.startsWith('test') && !isFixture(parameter.function)) return undefined;
  const fixtures = bindingsOf(parameter.name).filter((binding) => binding.kind === 'function' && binding.scope === MODULE_SCOPE && binding.node.type === 'function_definition' && isFixture(binding.node));
  if (fixtures.length !== 1) return undefined;
  const fixture = fixtures[0].node;
  // What it returns is read from its tree: an edit there changes the answer.
  readTree(fixture.tree);
  const values = fixture
    .descendantsOfType(['return_statement', 'yield'])
    // The `yield` keyword is a token of that type too: the named node holds the value.
    .filter((node): node is Node => !!node && node.isNamed && ancestorOfType(node, ['function_definition', 'lambda'])?.id === fixture.id)
    .map((node) => namedChildren(node).find((child) => child.type !== 'comment'));
  return values.length === 1 ? values[0] : undefined;
}
