import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticsPublisher } from '../server/diagnostics';
import type { DocumentLinter, LintedDocument } from '../server/documentLinter';

// When the publisher lints: at once for a document just opened, after a pause for a change.
// Node runs due timers in the order they fall due, so a 10 ms timer set after scheduling tells
// "linted at once" (a 0 ms timer, before it) from "linted after the typing pause" (50 ms, after it).

function publisher(): { published: string[]; linted: string[]; diagnostics: DiagnosticsPublisher } {
  const published: string[] = [];
  const linted: string[] = [];
  const linter = {
    lint: async (uri: string) => {
      linted.push(uri);
      return { uri, version: 1, notebook: false, cells: [], findings: [] } as unknown as LintedDocument;
    },
  } as unknown as DocumentLinter;
  const diagnostics = new DiagnosticsPublisher(linter, (uri: string, _version: number | undefined, _diagnostics: Diagnostic[]) => published.push(uri), () => {});
  return { published, linted, diagnostics };
}

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DiagnosticsPublisher: when a document is linted', () => {
  it('a document just opened is linted and published at once, before a 10 ms timer set after it', async () => {
    const { published, diagnostics } = publisher();
    diagnostics.scheduleOpened('file:///opened.py');
    await after(10);
    assert.deepEqual(published, ['file:///opened.py']);
  });

  it('a change waits for the typing pause: nothing at 10 ms, published once the pause is over', async () => {
    const { published, diagnostics } = publisher();
    diagnostics.schedule('file:///typed.py');
    await after(10);
    assert.deepEqual(published, []);
    await after(80);
    assert.deepEqual(published, ['file:///typed.py']);
  });

  it('a change right after the open replaces the open\'s lint: one lint, after the pause', async () => {
    const { published, linted, diagnostics } = publisher();
    diagnostics.scheduleOpened('file:///edited.py');
    diagnostics.schedule('file:///edited.py');
    await after(10);
    assert.deepEqual(linted, []);
    await after(80);
    assert.deepEqual(linted, ['file:///edited.py']);
    assert.deepEqual(published, ['file:///edited.py']);
  });
});
