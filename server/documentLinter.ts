import type { Rule, Finding } from '../rules/engine/types';
import { lintDocument, type LintOptions } from '../rules/engine/linter';
import type { SourceDocument } from '../rules/engine/sourceDocument';
import type { DocumentStore, StoredCell } from './documentStore';
import { projectContextFor } from './projectContext';
import { semanticModelOf } from './semanticModels';
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
}

export function lintOptions(uri: string, settings: ServerSettings, onRuleError?: LintOptions['onRuleError']): LintOptions {
  return {
    ruleSettings: settings.rules,
    settings: { crossValidatorModelLimit: settings.crossValidatorModelLimit },
    project: projectContextFor(uri),
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

  constructor(
    private readonly store: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly rules: readonly Rule[],
    private readonly onRuleError: (uri: string, rule: Rule, error: unknown) => void,
  ) {}

  /** Undefined when the document is not open (any more). */
  async lint(uri: string): Promise<LintedDocument | undefined> {
    if (!this.store.get(uri)) return undefined;
    const generation = this.settings.generation;
    const settings = await this.settings.forDocument(uri);
    // The document may have changed or closed while the settings were on their way.
    const stored = this.store.get(uri);
    if (!stored) return undefined;
    const cached = this.cache.get(uri);
    if (cached && cached.result.version === stored.version && cached.generation === generation && cached.result.source === stored.source) {
      return cached.result;
    }
    const findings =
      settings.enable && stored.source
        ? lintDocument(stored.source, this.rules, lintOptions(uri, settings, (rule, error) => this.onRuleError(uri, rule, error)))
        : [];
    const result: LintedDocument = { uri, version: stored.version, notebook: stored.notebook, cells: stored.cells, source: stored.source, findings, settings };
    this.cache.set(uri, { generation, result });
    return result;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
