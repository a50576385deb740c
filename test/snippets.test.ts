import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { testLinter } from './support/linter';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const snippets = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'snippets', 'python.json'), 'utf8')) as Record<string, Snippet>;

/**
 * The text VS Code inserts when the user accepts every default: `${1:default}` -> default
 * (nested placeholders too), `${1|a,b|}` -> a, `$1` / `${1}` / `$0` -> nothing, `\$` -> `$`.
 */
export function expandSnippet(body: readonly string[]): string {
  let text = body.join('\n');
  for (;;) {
    // Innermost placeholders first: a default holds no `${`.
    const next = text
      .replace(/\$\{\d+:((?:[^$}\\]|\\.|\$(?!\{))*)\}/g, (_, value: string) => value)
      .replace(/\$\{\d+\|([^,|]*)(?:,[^|]*)?\|\}/g, (_, first: string) => first)
      .replace(/\$\{\d+\}|\$\d+/g, '');
    if (next === text) break;
    text = next;
  }
  return text.replace(/\\([$}\\])/g, '$1');
}

describe('snippets/python.json', () => {
  it('has the three snippets of this release', () => {
    assert.deepEqual(Object.values(snippets).map((snippet) => snippet.prefix).sort(), ['applyinpandas', 'pipeline', 'pyfunc']);
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.ok(snippet.description.length > 40, `${name} needs a description that says what it is for`);
      assert.ok(snippet.body.join('\n').includes('${1:'), `${name} has no placeholder`);
    }
  });

  it('expands placeholders to their defaults', () => {
    assert.equal(expandSnippet(['x = ${1:a${2:b}}', 'y = ${3|one,two|} $0\\$']), 'x = ab\ny = one $');
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`${snippet.prefix}: parses without errors and lints clean with every rule`, async () => {
      const linter = await testLinter();
      const text = expandSnippet(snippet.body);
      assert.ok(!/\$\{?\d/.test(text), `${name}: unexpanded placeholder`);
      const document = linter.parse('file:///snippet.py', text);
      const hasError = document.root.hasError;
      document.tree.delete();
      assert.equal(hasError, false, `${name} does not parse:\n${text}`);
      const { findings } = linter.lintText('file:///snippet.py', text, { onRuleError: (rule, error) => assert.fail(`${rule.meta.id} threw: ${String(error)}`) });
      assert.deepEqual(findings.map((finding) => `${finding.start.line + 1}: ${finding.ruleId} ${finding.message}`), []);
    });
  }
});
