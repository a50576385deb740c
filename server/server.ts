import {
  type CodeAction,
  type ClientCapabilities,
  createConnection,
  DidChangeConfigurationNotification,
  type InitializeResult,
  type InlayHint,
  ProposedFeatures,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { allRules } from '../rules';
import { Linter } from '../rules/engine/linter';
import { loadPythonParser } from '../rules/engine/parser';
import type { Rule } from '../rules/engine/types';
import { CODE_ACTION_KINDS, codeActions, type FixAllData, fixAllEdit } from './codeActions';
import { DiagnosticsPublisher } from './diagnostics';
import { DocumentLinter } from './documentLinter';
import { DocumentStore, type StoredDocument } from './documentStore';
import { describeError, guarded } from './guard';
import { hoverAt } from './hover';
import { inlayHintsIn } from './inlayHints';
import { SettingsStore } from './settings';

// The mltraps language server: wiring only. Transport (--stdio, --node-ipc, --socket) is
// picked by vscode-languageserver from the command line.
const connection = createConnection(ProposedFeatures.all);
const log = (message: string) => connection.console.error(message);

// An exception that escapes every handler is logged; the server keeps serving the other documents.
process.on('uncaughtException', (error) => log(`mltraps: uncaught exception: ${describeError(error)}`));
process.on('unhandledRejection', (error) => log(`mltraps: unhandled rejection: ${describeError(error)}`));

interface Services {
  store: DocumentStore;
  settings: SettingsStore;
  linter: DocumentLinter;
  engine: Linter;
  diagnostics: DiagnosticsPublisher;
  resolvesFixAllEdit: boolean;
}
let services: Services | undefined;
let registersConfigurationChanges = false;
let refreshesInlayHints = false;
const skippedUris = new Set<string>();

/** Says once per document (until it can be linted again) why it is not linted. */
function noteSkipped(document: StoredDocument): void {
  if (!document.skipped) skippedUris.delete(document.uri);
  else if (!skippedUris.has(document.uri)) {
    skippedUris.add(document.uri);
    connection.console.info(`mltraps: ${document.uri} is ${document.skipped}`);
  }
}

function logRuleError(uri: string, rule: Rule, error: unknown): void {
  log(`mltraps: rule ${rule.meta.id} (${rule.meta.name}) failed on ${uri}: ${describeError(error)}`);
}
const ruleErrorLogger = (uri: string) => (rule: Rule, error: unknown) => logRuleError(uri, rule, error);

function canResolveEdits(capabilities: ClientCapabilities): boolean {
  return capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') ?? false;
}

connection.onInitialize(async (params): Promise<InitializeResult> => {
  const parser = await loadPythonParser();
  const store = new DocumentStore(parser, (uri, error) => log(`mltraps: parsing ${uri} failed: ${describeError(error)}`));
  const settings = new SettingsStore(connection, params.capabilities.workspace?.configuration ?? false);
  const linter = new DocumentLinter(store, settings, allRules, logRuleError);
  const diagnostics = new DiagnosticsPublisher(
    linter,
    (uri, version, list) => void connection.sendDiagnostics({ uri, version, diagnostics: list }),
    log,
  );
  const resolvesFixAllEdit = canResolveEdits(params.capabilities);
  services = { store, settings, linter, engine: new Linter(parser, allRules), diagnostics, resolvesFixAllEdit };
  registersConfigurationChanges = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration ?? false;
  refreshesInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport ?? false;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: resolvesFixAllEdit },
      hoverProvider: true,
      inlayHintProvider: true,
    },
    serverInfo: { name: 'mltraps', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  // VS Code sends didChangeConfiguration only to servers that register for it.
  if (registersConfigurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => {});
});

connection.onDidOpenTextDocument(
  guarded('didOpen', log, undefined, ({ textDocument }) => {
    if (!services) return;
    noteSkipped(services.store.open(textDocument.uri, textDocument.version, textDocument.text));
    services.diagnostics.schedule(textDocument.uri);
  }),
);

connection.onDidChangeTextDocument(
  guarded('didChange', log, undefined, ({ textDocument, contentChanges }) => {
    if (!services) return;
    const changed = services.store.change(textDocument.uri, textDocument.version, contentChanges);
    if (!changed) return;
    noteSkipped(changed);
    services.diagnostics.schedule(textDocument.uri);
  }),
);

connection.onDidCloseTextDocument(
  guarded('didClose', log, undefined, ({ textDocument }) => {
    if (!services) return;
    services.store.close(textDocument.uri);
    skippedUris.delete(textDocument.uri);
    services.linter.forget(textDocument.uri);
    services.settings.forget(textDocument.uri);
    services.diagnostics.clear(textDocument.uri);
  }),
);

connection.onDidChangeConfiguration(
  guarded('didChangeConfiguration', log, undefined, ({ settings }) => {
    if (!services) return;
    services.settings.changed(settings);
    for (const document of services.store.all()) services.diagnostics.schedule(document.uri);
    // `mltraps.inlayHints` may have changed: the editor asks again only when told to.
    if (refreshesInlayHints) void connection.languages.inlayHint.refresh().catch(() => {});
  }),
);

connection.onCodeAction(
  guarded('codeAction', log, [] as CodeAction[], async (params) => {
    if (!services) return [];
    const { engine, resolvesFixAllEdit } = services;
    const linted = await services.linter.lint(params.textDocument.uri);
    if (!linted) return [];
    return codeActions(linted, params, {
      resolveLater: resolvesFixAllEdit,
      compute: () => fixAllEdit(engine, linted, ruleErrorLogger(linted.uri)),
    });
  }),
);

connection.onCodeActionResolve(async (action) => {
  try {
    const data = action.data as Partial<FixAllData> | undefined;
    if (!services || typeof data?.uri !== 'string') return action;
    const linted = await services.linter.lint(data.uri);
    if (linted) action.edit = fixAllEdit(services.engine, linted, ruleErrorLogger(linted.uri));
  } catch (error) {
    log(`mltraps: codeAction/resolve failed: ${describeError(error)}`);
  }
  return action;
});

connection.onHover(
  guarded('hover', log, null, async ({ textDocument, position }) => {
    if (!services) return null;
    const linted = await services.linter.lint(textDocument.uri);
    return linted ? hoverAt(linted, position, allRules) : null;
  }),
);

connection.languages.inlayHint.on(
  guarded('inlayHint', log, [] as InlayHint[], async ({ textDocument, range }) => {
    if (!services) return [];
    const settings = await services.settings.forDocument(textDocument.uri);
    // The document may have changed or closed while the settings were on their way.
    const source = services.store.get(textDocument.uri)?.source;
    return settings.enable && settings.inlayHints && source ? inlayHintsIn(source, range) : [];
  }),
);

connection.onShutdown(() => services?.store.dispose());

connection.listen();
