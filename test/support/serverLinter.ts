import type { Connection } from 'vscode-languageserver';
import { allRules } from '../../rules';
import type { PythonParser } from '../../rules/engine/parser';
import { ConfigResolver } from '../../server/configuration/configResolver';
import { DocumentLinter } from '../../server/documentLinter';
import { DocumentStore } from '../../server/documentStore';
import { createInclusionReader } from '../../server/inclusions';
import { SettingsStore } from '../../server/settings';

/**
 * The server's document store and linter as the language server wires them, without a
 * connection: default settings, no configuration file, every rule. With `readsTargets`, `%run`
 * targets are read from the store's open documents, then from the disk.
 */
export function serverLinter(parser: PythonParser, options: { readsTargets?: boolean } = {}): { store: DocumentStore; linter: DocumentLinter } {
  const store: DocumentStore = new DocumentStore(parser, undefined, options.readsTargets ? createInclusionReader((uri) => store.programSourceOf(uri)) : undefined);
  const linter = new DocumentLinter(store, new SettingsStore({} as Connection, false), new ConfigResolver({ kind: 'isolated' }, () => {}), allRules, () => {});
  return { store, linter };
}
