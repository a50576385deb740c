import { ConfigResolver } from '../server/configuration/configResolver';
import * as assert from 'node:assert/strict';
import type { CodeActionParams, Connection, Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Linter } from '../rules/engine/linter';
import { loadPythonParser, type PythonParser } from '../rules/engine/parser';
import { hoverCard } from '../rules/engine/ruleDocs';
import type { Rule } from '../rules/engine/types';
import { codeActions, FIX_ALL_KIND, fixAllEdit, minimalEdit } from '../server/codeActions';
import { toDiagnostic } from '../server/diagnostics';
import { DocumentLinter, type LintedDocument } from '../server/documentLinter';
import { DocumentStore } from '../server/documentStore';
import { hoverAt } from '../server/hover';
import { DEFAULT_SETTINGS, readSettings, SettingsStore } from '../server/settings';

// The server's feature modules over fake rules, so they are tested apart from the real rules.

/** Flags every `bad_name` identifier; a safe fix renames it, an unsafe one deletes it. */
const flagsBadName: Rule = {
  meta: { id: 'MLT901', name: 'bad-name', severity: 'warning', area: 'Spark ML pipelines', domain: 'Model Development', title: 'A bad name' },
  docs: { trap: 'Using bad_name.', reality: 'It is bad.', example: 'bad_name = 1\n', useInstead: 'good_name = 1\n', fix: 'Renames it.', examFact: 'Names matter.' },
  check({ document, report }) {
    for (const match of document.text.matchAll(/bad_name/g)) {
      const start = match.index;
      const end = start + match[0].length;
      report({
        range: { start, end },
        message: 'bad_name is bad',
        fixes: [
          { title: 'Rename to good_name', safety: 'safe', edits: [{ start, end, newText: 'good_name' }] },
          { title: 'Delete it', safety: 'unsafe', edits: [{ start, end, newText: '_' }] },
        ],
      });
    }
  },
};

const throwsAlways: Rule = {
  meta: { id: 'MLT902', name: 'always-throws', severity: 'error', area: 'Spark ML pipelines', domain: 'Model Development', title: 'Broken' },
  docs: { trap: '-', reality: '-', example: '', useInstead: '', fix: 'None.', examFact: '-' },
  check() {
    throw new Error('rule bug');
  },
};

function settingsStore(): SettingsStore {
  // Without the configuration capability the connection is never used.
  return new SettingsStore({} as Connection, false);
}

describe('server features', () => {
  let parser: PythonParser;
  let store: DocumentStore;
  let settings: SettingsStore;
  let linter: DocumentLinter;
  let ruleErrors: string[];
  const uri = 'file:///features.py';
  const text = 'x = 1\r\nbad_name = "é😀"\r\nprint(bad_name)\r\n';

  before(async () => {
    parser = await loadPythonParser();
  });
  beforeEach(() => {
    store = new DocumentStore(parser);
    settings = settingsStore();
    ruleErrors = [];
    linter = new DocumentLinter(store, settings, new ConfigResolver({ kind: 'isolated' }, () => {}), [flagsBadName, throwsAlways], (_uri, rule, error) =>
      ruleErrors.push(`${rule.meta.id}: ${(error as Error).message}`),
    );
    store.open(uri, 1, text);
  });
  afterEach(() => store.dispose());

  async function linted(): Promise<LintedDocument> {
    const result = await linter.lint(uri);
    assert.ok(result);
    return result;
  }

  describe('settings', () => {
    it('falls back to the defaults for missing or wrong values', () => {
      assert.deepEqual(readSettings(undefined), DEFAULT_SETTINGS);
      assert.deepEqual(readSettings({ enable: 'yes', rules: ['MLT101'], crossValidatorModelLimit: -1 }), DEFAULT_SETTINGS);
    });

    it('maps rule names and lower-case ids to ids and drops unknown levels', () => {
      const read = readSettings({
        enable: false,
        rules: { 'missing-vector-assembler': 'off', mlt102: 'hint', MLT201: 'loud', MLT999: 'error' },
        crossValidatorModelLimit: 20,
      });
      assert.deepEqual(read, { enable: false, rules: { MLT101: 'off', MLT102: 'hint', MLT999: 'error' }, crossValidatorModelLimit: 20, inlayHints: true, examHints: true });
    });

    it('takes pushed settings when it cannot ask for them', async () => {
      settings.changed({ mltraps: { rules: { MLT901: 'error' } } });
      assert.deepEqual((await settings.forDocument(uri)).rules, { MLT901: 'error' });
      settings.changed({ python: {} });
      assert.deepEqual((await settings.forDocument(uri)).rules, { MLT901: 'error' }, 'other sections leave mltraps alone');
    });
  });

  describe('linting', () => {
    it('logs a rule that throws and keeps the other rules', async () => {
      const result = await linted();
      assert.deepEqual(result.findings.map((finding) => finding.ruleId), ['MLT901', 'MLT901']);
      assert.deepEqual(ruleErrors, ['MLT902: rule bug']);
    });

    it('reuses the findings of the same version and settings only', async () => {
      const first = await linted();
      assert.equal(await linted(), first);
      store.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# c\r\n' }]);
      const second = await linted();
      assert.notEqual(second, first);
      assert.equal(second.findings[0].start.line, 2);
      settings.changed({ mltraps: { rules: { 'bad-name': 'off' } } });
      assert.deepEqual((await linted()).findings, []);
      settings.changed({ mltraps: { enable: false, rules: {} } });
      assert.deepEqual((await linted()).findings, []);
    });

    it('turns findings into diagnostics', async () => {
      const [finding] = (await linted()).findings;
      const diagnostic = toDiagnostic(finding, 1);
      assert.deepEqual(diagnostic.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } });
      assert.equal(diagnostic.severity, 2);
      assert.equal(diagnostic.code, 'MLT901');
      assert.equal(diagnostic.source, 'mltraps');
      assert.equal(diagnostic.codeDescription, undefined, 'no page for a rule that is not shipped');
      assert.deepEqual(diagnostic.data, { ruleId: 'MLT901', start: 7, end: 15, version: 1 });
    });

    it('has nothing for a closed document', async () => {
      store.close(uri);
      assert.equal(await linter.lint(uri), undefined);
    });
  });

  describe('code actions', () => {
    function params(diagnostics: Diagnostic[], only?: string[]): CodeActionParams {
      return { textDocument: { uri }, range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics, only } };
    }
    const engine = () => new Linter(parser, [flagsBadName, throwsAlways]);

    it('offers each fix of the finding, the first safe one preferred', async () => {
      const result = await linted();
      const diagnostic = toDiagnostic(result.findings[1], 1);
      const actions = codeActions(result, 0, params([diagnostic], ['quickfix']), { resolveLater: true, compute: () => undefined });
      assert.deepEqual(actions.map((action) => [action.title, action.kind, action.isPreferred]), [
        ['Rename to good_name', 'quickfix', true],
        ['Delete it', 'quickfix', false],
      ]);
      const edited = TextDocument.applyEdits(TextDocument.create(uri, 'python', 1, text), actions[0].edit!.changes![uri]);
      assert.equal(edited, 'x = 1\r\nbad_name = "é😀"\r\nprint(good_name)\r\n');
      assert.deepEqual(actions[0].diagnostics, [diagnostic]);
    });

    it('offers fix-all with the edit, or with data to resolve it later', async () => {
      const result = await linted();
      const compute = () => fixAllEdit(engine(), result, undefined);
      const [eager] = codeActions(result, 0, params([], [FIX_ALL_KIND]), { resolveLater: false, compute });
      assert.equal(eager.title, 'Fix all mltraps problems');
      const edited = TextDocument.applyEdits(TextDocument.create(uri, 'python', 1, text), eager.edit!.changes![uri]);
      assert.equal(edited, 'x = 1\r\ngood_name = "é😀"\r\nprint(good_name)\r\n');
      const [lazy] = codeActions(result, 0, params([], ['source']), { resolveLater: true, compute });
      assert.equal(lazy.edit, undefined);
      assert.deepEqual(lazy.data, { uri, version: 1 });
      assert.deepEqual(codeActions(result, 0, params([], ['refactor']), { resolveLater: false, compute }), []);
    });

    it('makes one edit between the common prefix and suffix, never splitting a pair', () => {
      const document = store.get(uri)!.source!;
      assert.deepEqual(minimalEdit(document.text, text.replace('"é😀"', '"é😃"')), {
        range: { start: { line: 1, character: 13 }, end: { line: 1, character: 15 } },
        newText: '😃',
      });
      assert.equal(minimalEdit(document.text, text), undefined);
      const crlf = minimalEdit(document.text, text.replace('x = 1\r\n', 'x = 1\n'))!;
      assert.deepEqual(crlf.range, { start: { line: 0, character: 5 }, end: { line: 1, character: 0 } });
      assert.equal(crlf.newText, '\n');
    });
  });

  describe('hover', () => {
    it('shows the card of the rule flagged under the cursor', async () => {
      const result = await linted();
      const hover = hoverAt(result, 0, { line: 2, character: 8 }, [flagsBadName]);
      assert.ok(hover);
      assert.deepEqual(hover.contents, { kind: 'markdown', value: hoverCard(flagsBadName) });
      assert.deepEqual(hover.range, { start: { line: 2, character: 6 }, end: { line: 2, character: 14 } });
      assert.equal(hoverAt(result, 0, { line: 0, character: 1 }, [flagsBadName]), null);
    });
  });
});
