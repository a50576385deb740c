import { inspect } from 'node:util';
import {
  type CodeAction,
  type ClientCapabilities,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeResult,
  type InlayHint,
  MarkupKind,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { allRules } from '../rules';
import { Linter } from '../rules/engine/linter';
import { loadPythonParser } from '../rules/engine/parser';
import type { Rule } from '../rules/engine/types';
import { CODE_ACTION_KINDS, codeActions, type FixAllData, fixAllEdit } from './codeActions';
import { DiagnosticsPublisher } from './diagnostics';
import { DocumentLinter, type LintedDocument } from './documentLinter';
import { DocumentStore, type NotebookCellInput, type StoredDocument } from './documentStore';
import { changedNotebookCells, writtenByDatabricks, openedNotebookCells } from './notebookSync';
import { createInclusionReader, TargetFileCache } from './inclusions';
import type { InclusionReader } from '../rules/engine/program';
import { describeError, guarded } from './guard';
import { asPlainText, hoverAt } from './hover';
import { inlayHintsIn } from './inlayHints';
import { SettingsStore } from './settings';
import { WARM_UP_DELAY_MS, WarmUp } from './warmUp';
import { stdioTransport } from './transport';
import { PRACTICE_CHECK_REQUEST, type PracticeCheckAnswer, practiceCheck } from './practice';
import { CONFIG_FILE_NAMES, formatConfigWarning, type ConfigWarning } from './configuration/configFile';
import { ConfigResolver } from './configuration/configResolver';
import { serverRuntimeFlags } from './nodeFlags';
import { setFlags } from '../bin/v8Flags';

// An editor keeps the server running for hours with many documents open: V8's heap is kept
// from growing far past what the server holds (see serverRuntimeFlags). Set before anything
// is allocated.
setFlags(serverRuntimeFlags(process.execArgv, process.env.NODE_OPTIONS));

// The mltraps language server: wiring only. Transport: --stdio (ours, see transport.ts), or
// --node-ipc, --socket, --pipe picked by vscode-languageserver from the command line.
let shutdownRequested = false;
const stdio = stdioTransport(process.argv.slice(2), (reason) => {
  // On stdio, stdout is the protocol: the reason goes to stderr, which editors show in their log.
  if (!shutdownRequested) process.stderr.write(`mltraps: ${reason}: exiting so that the editor can restart the server\n`);
  process.exit(shutdownRequested ? 0 : 1);
});
const connection = stdio ? createConnection(ProposedFeatures.all, ...stdio) : createConnection(ProposedFeatures.all);
const log = (message: string) => connection.console.error(message);
if (stdio) {
  // stdout carries the protocol: whatever a library prints goes to the client's log instead
  // (vscode-languageserver does the same for the --stdio it sets up itself).
  const toLog = (write: (message: string) => void) => (...args: unknown[]) => write(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' '));
  console.log = toLog((message) => connection.console.log(message));
  console.info = toLog((message) => connection.console.info(message));
  console.warn = toLog((message) => connection.console.warn(message));
  console.error = toLog((message) => connection.console.error(message));
  console.debug = toLog((message) => connection.console.log(message));
}

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
  readInclusion: InclusionReader;
  config: ConfigResolver;
  warmUp: WarmUp;
}
let services: Services | undefined;
let registersConfigurationChanges = false;
let watchesFiles = false;
let refreshesInlayHints = false;
/** The client renders markdown in hovers (it says so, or says nothing of formats, as most do). */
let hoversInMarkdown = true;
const skippedUris = new Set<string>();
/** Per notebook, cells taken out by a change but not closed: a move may put them back later. */
const detachedCells = new Map<string, Map<string, NotebookCellInput>>();

function fileNameOfUri(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Says once per document (until it can be linted again) why it is not linted. */
function noteSkipped(document: StoredDocument): void {
  if (!document.skipped) skippedUris.delete(document.uri);
  else if (!skippedUris.has(document.uri)) {
    skippedUris.add(document.uri);
    connection.console.info(`mltraps: ${document.uri}: ${document.skipped}`);
    // In the editor the document just has no squiggles: say why where the user looks.
    const name = fileNameOfUri(document.uri);
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `mltraps: ${name}: ${document.skipped}` });
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
  // %run targets and star-imported modules: the open editor buffer first, else the disk
  // (read afresh each time: a target may change on disk while the notebook stays open).
  const targetFiles = new TargetFileCache();
  const readInclusion: InclusionReader = (fromUri, inclusion) => createInclusionReader((uri) => store.programSourceOf(uri), targetFiles)(fromUri, inclusion);
  const store: DocumentStore = new DocumentStore(parser, (uri, error) => log(`mltraps: parsing ${uri} failed: ${describeError(error)}`), readInclusion);
  const settings = new SettingsStore(connection, params.capabilities.workspace?.configuration ?? false);
  const config = new ConfigResolver({ kind: 'discover' }, reportConfigWarning);
  const linter = new DocumentLinter(store, settings, config, allRules, logRuleError);
  const diagnostics = new DiagnosticsPublisher(
    linter,
    (uri, version, list) => void connection.sendDiagnostics({ uri, version, diagnostics: list }),
    log,
  );
  const resolvesFixAllEdit = canResolveEdits(params.capabilities);
  // Idle until the first document comes: then the warm-up stops for good.
  const warmUp = new WarmUp(parser, allRules, () => store.all().length > 0, (error, ruleId) => log(`mltraps: warming up${ruleId ? ` rule ${ruleId}` : ''} failed: ${describeError(error)}`));
  services = { store, settings, config, linter, engine: new Linter(parser, allRules), diagnostics, resolvesFixAllEdit, readInclusion, warmUp };
  registersConfigurationChanges = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration ?? false;
  watchesFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration ?? false;
  refreshesInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport ?? false;
  const hoverFormats = params.capabilities.textDocument?.hover?.contentFormat;
  hoversInMarkdown = !hoverFormats || hoverFormats.length === 0 || hoverFormats.includes(MarkupKind.Markdown);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      // Jupyter notebooks open in the editor: their Python cells, linted together as one program.
      // Every cell, markdown too: the cell numbers in messages count the cells the user sees.
      notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' } }] },
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: resolvesFixAllEdit },
      hoverProvider: true,
      inlayHintProvider: true,
    },
    serverInfo: { name: 'mltraps', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  const warmUp = services?.warmUp;
  if (warmUp) setTimeout(() => warmUp.start(), WARM_UP_DELAY_MS);
  // VS Code sends didChangeConfiguration only to servers that register for it.
  if (registersConfigurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => {});
  // %run targets and star-imported modules change on disk too (a save, a git checkout): the
  // open notebooks that run them are linted again.
  // Configuration files too: editing one lints the open documents again.
  if (watchesFiles) {
    const watched = ['**/*.py', '**/*.ipynb', ...CONFIG_FILE_NAMES.map((name) => `**/${name}`)];
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: watched.map((globPattern) => ({ globPattern })) }).catch(() => {});
  }
});

/** A document changed (or opened): lint it, and the open notebooks that %run it (they read its new text). */
function changedDocument(document: StoredDocument, opened = false): void {
  if (!services) return;
  noteSkipped(document);
  if (opened) services.diagnostics.scheduleOpened(document.uri);
  else services.diagnostics.schedule(document.uri);
  relintDependents(document.uri);
}

function relintDependents(uri: string): void {
  if (services) relint(services.store.dependentsOf(uri));
}

/** Reads the documents' `%run` targets and star-imported modules again and lints them. */
function relint(documents: readonly StoredDocument[]): void {
  if (!services) return;
  for (const document of documents) {
    const refreshed = services.store.refresh(document.uri);
    if (refreshed) services.diagnostics.schedule(refreshed.uri);
  }
}

function closedDocument(uri: string): void {
  if (!services) return;
  services.store.close(uri);
  skippedUris.delete(uri);
  services.linter.forget(uri);
  services.settings.forget(uri);
  services.diagnostics.clear(uri);
  // Notebooks that %run it now read it from disk.
  relintDependents(uri);
}

connection.onDidOpenTextDocument(
  guarded('didOpen', log, undefined, ({ textDocument }) => {
    if (!services) return;
    changedDocument(services.store.open(textDocument.uri, textDocument.version, textDocument.text), true);
  }),
);

connection.onDidChangeTextDocument(
  guarded('didChange', log, undefined, ({ textDocument, contentChanges }) => {
    if (!services) return;
    const changed = services.store.change(textDocument.uri, textDocument.version, contentChanges);
    if (changed) changedDocument(changed);
  }),
);

connection.onDidCloseTextDocument(guarded('didClose', log, undefined, ({ textDocument }) => closedDocument(textDocument.uri)));

connection.notebooks.synchronization.onDidOpenNotebookDocument(
  guarded('notebookDocument/didOpen', log, undefined, ({ notebookDocument, cellTextDocuments }) => {
    if (!services) return;
    const cells = openedNotebookCells(notebookDocument, cellTextDocuments);
    changedDocument(services.store.openNotebook(notebookDocument.uri, notebookDocument.version, cells, writtenByDatabricks(notebookDocument)), true);
  }),
);

connection.notebooks.synchronization.onDidChangeNotebookDocument(
  guarded('notebookDocument/didChange', log, undefined, ({ notebookDocument, change }) => {
    if (!services) return;
    const current = services.store.get(notebookDocument.uri);
    if (!current?.notebook) return;
    const { cells, detached } = changedNotebookCells(current.cells, change, detachedCells.get(notebookDocument.uri));
    detachedCells.set(notebookDocument.uri, detached);
    // New notebook metadata (rare) may say again who wrote it; the cells' metadata is not sent with their changes.
    const databricks = change.metadata !== undefined ? writtenByDatabricks({ metadata: change.metadata, cells: [] }) || undefined : undefined;
    const changed = services.store.changeNotebook(notebookDocument.uri, notebookDocument.version, cells, databricks);
    if (changed) changedDocument(changed);
  }),
);

connection.notebooks.synchronization.onDidCloseNotebookDocument(
  guarded('notebookDocument/didClose', log, undefined, ({ notebookDocument }) => {
    detachedCells.delete(notebookDocument.uri);
    closedDocument(notebookDocument.uri);
  }),
);

connection.onDidChangeWatchedFiles(
  guarded('didChangeWatchedFiles', log, undefined, ({ changes }) => {
    if (!services) return;
    if (changes.some((change) => isConfigurationFile(change.uri))) {
      services.config.clear();
      services.settings.invalidate();
      for (const document of services.store.all()) services.diagnostics.schedule(document.uri);
    }
    // A Python module created or deleted may be one a document imports (ProjectContexts).
    if (changes.some((change) => change.type !== FileChangeType.Changed && /\.py$/i.test(change.uri))) services.linter.projects.filesChanged();
    for (const change of changes) if (!services.store.get(change.uri)) relintDependents(change.uri);
    // A notebook or module created (a checkout, a restored file) may be a `%run` target or a
    // star-imported module that a document could not read: it names no file to depend on.
    if (changes.some((change) => change.type === FileChangeType.Created && /\.(py|ipynb)$/i.test(change.uri))) relint(services.store.includingDocuments());
  }),
);

function isConfigurationFile(uri: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(fileNameOfUri(uri));
}

/**
 * A configuration file's problem (unknown key, invalid TOML): shown once per reading of the
 * file, in a window message and in the output channel, never silently dropped.
 */
function reportConfigWarning(warning: ConfigWarning): void {
  const text = `mltraps: configuration: ${formatConfigWarning(warning)}`;
  log(text);
  // A notification, not showMessageRequest: nothing to answer, and a client without it loses nothing.
  void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: text });
}

connection.onDidChangeConfiguration(
  guarded('didChangeConfiguration', log, undefined, ({ settings }) => {
    if (!services) return;
    services.settings.changed(settings);
    for (const document of services.store.all()) services.diagnostics.schedule(document.uri);
    // `mltraps.inlayHints` may have changed: the editor asks again only when told to.
    if (refreshesInlayHints) void connection.languages.inlayHint.refresh().catch(() => {});
  }),
);

/** The linted document an editor document belongs to (itself, or its notebook), and its cell there. */
async function lintedAt(uri: string): Promise<{ linted: LintedDocument; cell: number } | undefined> {
  const located = services?.store.locate(uri);
  if (!services || !located) return undefined;
  const linted = await services.linter.lint(located.document.uri);
  // The notebook may have changed while the settings were on their way: find the cell again.
  const cell = linted?.cells.findIndex((candidate) => candidate.uri === uri) ?? -1;
  return linted && cell >= 0 ? { linted, cell } : undefined;
}

connection.onCodeAction(
  guarded('codeAction', log, [] as CodeAction[], async (params) => {
    if (!services) return [];
    const { engine, resolvesFixAllEdit, readInclusion } = services;
    const found = await lintedAt(params.textDocument.uri);
    if (!found) return [];
    const { linted, cell } = found;
    return codeActions(linted, cell, params, {
      resolveLater: resolvesFixAllEdit,
      compute: () => fixAllEdit(engine, linted, ruleErrorLogger(linted.uri), readInclusion),
    });
  }),
);

connection.onCodeActionResolve(async (action) => {
  try {
    const data = action.data as Partial<FixAllData> | undefined;
    if (!services || typeof data?.uri !== 'string') return action;
    const linted = await services.linter.lint(data.uri);
    if (linted) action.edit = fixAllEdit(services.engine, linted, ruleErrorLogger(linted.uri), services.readInclusion);
  } catch (error) {
    log(`mltraps: codeAction/resolve failed: ${describeError(error)}`);
  }
  return action;
});

connection.onHover(
  guarded('hover', log, null, async ({ textDocument, position }) => {
    if (!services) return null;
    const found = await lintedAt(textDocument.uri);
    const hover = found ? hoverAt(found.linted, found.cell, position, allRules) : null;
    return hover && !hoversInMarkdown ? asPlainText(hover) : hover;
  }),
);

connection.languages.inlayHint.on(
  guarded('inlayHint', log, [] as InlayHint[], async ({ textDocument, range }) => {
    // The lint's result: the same parsed version, settings and semantic model as the diagnostics.
    const found = await lintedAt(textDocument.uri);
    if (!found) return [];
    const { linted, cell } = found;
    const { enable, inlayHints } = linted.settings;
    return enable && inlayHints && linted.source ? inlayHintsIn(linted.source, cell, range, linted.lintSettings.settings.declaredRegistry) : [];
  }),
);

// The editor's "Check My Answers": the learner's copy against the practice notebook's answer key.
connection.onRequest(
  PRACTICE_CHECK_REQUEST,
  guarded(PRACTICE_CHECK_REQUEST, log, { error: 'the check failed: see the "mltraps" output' } as PracticeCheckAnswer, (params: unknown): PracticeCheckAnswer => {
    if (!services) return { error: 'the language server is not ready' };
    return practiceCheck(services.engine, params);
  }),
);

connection.onShutdown(() => {
  shutdownRequested = true;
  services?.store.dispose();
});

connection.listen();
