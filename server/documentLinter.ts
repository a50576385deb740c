import { fileURLToPath } from 'node:url';
import type { Rule, Finding, ProjectContext } from '../rules/engine/types';
import type { ConfigFile } from './configuration/configFile';
import type { ConfigResolver } from './configuration/configResolver';
import { resolveLintSettings, type ResolvedLintSettings } from './configuration/lintSettings';
import { lintDocument, type LintOptions } from '../rules/engine/linter';
import { type LintedVersion, reuseBetween } from '../rules/engine/ruleReuse';
import type { SourceDocument } from '../rules/engine/sourceDocument';
import type { DocumentStore, StoredCell } from './documentStore';
import { ProjectContexts, projectContextFor } from './projectContext';
import { DOCUMENTS_KEEPING_ANALYSIS, forgetSemanticModel, semanticModelOf } from './semanticModels';
import type { ServerSettings, SettingsStore } from './settings';

/** The findings of one version of a document under one generation of settings. */
export interface LintedDocument {
  /** The text document's or the notebook's uri. */
  readonly uri: string;
  readonly version: number;
  readonly notebook: boolean;
  /** The editor documents it is made of: the text document itself, or the notebook's cells in order. */
  readonly cells: readonly StoredCell[];
  readonly source?: SourceDocument;
  readonly findings: readonly Finding[];
  readonly settings: ServerSettings;
  /** The configuration file's settings for it, with the editor's explicit settings on top. */
  readonly lintSettings: ResolvedLintSettings;
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

/** A number naming an object (a project context) in a key. */
function idOf(object: object): number {
  let id = objectIds.get(object);
  if (id === undefined) objectIds.set(object, (id = nextObjectId++));
  return id;
}

/** The configuration file that applies to a document on disk (none for unsaved or remote documents). */
export function configurationOf(config: ConfigResolver, uri: string): ConfigFile | undefined {
  const file = filePathOf(uri);
  return file === undefined ? undefined : config.forFile(file);
}

function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The editor's explicit settings over the configuration file's, as the CLI puts its command line over it. */
export function resolveDocumentSettings(config: ConfigResolver, uri: string, settings: ServerSettings, rules?: readonly Rule[]): ResolvedLintSettings {
  return resolveLintSettings(
    configurationOf(config, uri),
    filePathOf(uri),
    { ruleSettings: settings.rules, crossValidatorModelLimit: settings.crossValidatorModelLimit },
    rules,
  );
}

export function lintOptions(uri: string, lintSettings: ResolvedLintSettings, onRuleError?: LintOptions['onRuleError'], project: ProjectContext = projectContextFor(uri)): LintOptions {
  return {
    ...lintSettings,
    project,
    semanticModel: semanticModelOf,
    onRuleError,
  };
}

/**
 * Lints the store's current state of a document. Diagnostics, code actions and hovers all ask
 * here, so they agree; a result is reused only for the same document version and settings.
 */
export class DocumentLinter {
  private readonly cache = new Map<string, { generation: number; result: LintedDocument }>();
  /** Per document, what each rule read and reported on the last version linted: a keystroke reruns only the rules it touches. */
  private readonly lastVersions = new Map<string, LintedVersion>();
  /** Which imports are the project's own modules, per document (read from the disk, kept a few seconds). */
  readonly projects = new ProjectContexts();

  constructor(
    private readonly store: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly config: ConfigResolver,
    private readonly rules: readonly Rule[],
    private readonly onRuleError: (uri: string, rule: Rule, error: unknown) => void,
  ) {}

  /** Undefined when the document is not open (any more). */
  async lint(uri: string): Promise<LintedDocument | undefined> {
    if (!this.store.get(uri)) return undefined;
    const generation = this.settings.generation;
    const settings = await this.settings.forDocument(uri);
    // The document may have changed or closed while the settings were on their way.
    const stored = this.store.activate(uri);
    if (!stored) return undefined;
    const cached = this.cache.get(uri);
    if (cached && cached.result.version === stored.version && cached.generation === generation && cached.result.source === stored.source) {
      return cached.result;
    }
    const lintSettings = resolveDocumentSettings(this.config, uri, settings, this.rules);
    let findings: Finding[] = [];
    if (settings.enable && stored.source) {
      const project = this.projects.of(uri);
      const key = `${generation}\0${idOf(project)}\0${JSON.stringify(lintSettings)}`;
      const next: LintedVersion = { document: stored.source, key, rules: new Map() };
      const reuse = reuseBetween(this.lastVersions.get(uri), stored.source, key, next);
      findings = lintDocument(stored.source, this.rules, { ...lintOptions(uri, lintSettings, (rule, error) => this.onRuleError(uri, rule, error), project), reuse });
      this.lastVersions.set(uri, next);
    } else {
      this.lastVersions.delete(uri);
    }
    const result: LintedDocument = { uri, version: stored.version, notebook: stored.notebook, cells: stored.cells, source: stored.source, findings, settings, lintSettings };
    this.cache.set(uri, { generation, result });
    // Parked documents keep their text and their published diagnostics; what was read from their trees goes.
    for (const parked of this.store.parkIdle(DOCUMENTS_KEEPING_ANALYSIS)) this.forgetAnalysis(parked);
    return result;
  }

  forget(uri: string): void {
    this.forgetAnalysis(uri);
    this.projects.forget(uri);
  }

  private forgetAnalysis(uri: string): void {
    this.cache.delete(uri);
    this.lastVersions.delete(uri);
    forgetSemanticModel(uri);
  }
}
