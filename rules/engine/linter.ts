import type { Tree } from 'web-tree-sitter';
import { SemanticModel } from '../semantic/semanticModel';
import { applyEdits, editsOverlap } from './edits';
import { guardFixes } from './fixGuard';
import type { PythonParser } from './parser';
import { SourceDocument } from './sourceDocument';
import { reasonNotToLint } from './lintability';
import { readSuppressions } from './suppressions';
import {
  DEFAULT_LINT_SETTINGS,
  type Finding,
  type FixSafety,
  type LintSettings,
  NO_PROJECT,
  type ProjectContext,
  type Report,
  type Rule,
  type Severity,
  type TextEdit,
} from './types';

export type RuleSetting = Severity | 'off';

export interface LintOptions {
  /** Per-rule severity or "off", by id or name (the `mltraps.rules` setting). */
  ruleSettings?: Readonly<Record<string, RuleSetting>>;
  /** Only these rules (ids, names or id prefixes such as `MLT1`). */
  select?: readonly string[];
  /** Not these rules (ids, names or id prefixes). */
  ignore?: readonly string[];
  settings?: Partial<LintSettings>;
  /**
   * Where the semantic model comes from: the server shares one per parsed version between
   * diagnostics, hovers and inlay hints. By default each lint builds its own, on first use.
   */
  semanticModel?: (document: SourceDocument) => SemanticModel;
  /** The file's surroundings (which modules are the project's own); none by default. */
  project?: ProjectContext;
  /** Called when a rule throws: the rule is skipped for this document, the others still run. */
  onRuleError?: (rule: Rule, error: unknown) => void;
}

export { MAX_LINT_LENGTH, reasonNotToLint } from './lintability';

export interface LintResult {
  findings: Finding[];
  /** Why the text was not linted (too large), if it was not. */
  skipped?: string;
}

function matchesRule(rule: Rule, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const p = pattern.trim();
    return p !== '' && (rule.meta.id.startsWith(p.toUpperCase()) || rule.meta.name === p);
  });
}

/** The rules that run with `options`, with their effective severity. */
export function activeRules(rules: readonly Rule[], options: LintOptions = {}): Array<{ rule: Rule; severity: Severity }> {
  const result: Array<{ rule: Rule; severity: Severity }> = [];
  for (const rule of rules) {
    if (options.select && options.select.length > 0 && !matchesRule(rule, options.select)) continue;
    if (options.ignore && matchesRule(rule, options.ignore)) continue;
    const setting = options.ruleSettings?.[rule.meta.id] ?? options.ruleSettings?.[rule.meta.name];
    if (setting === 'off') continue;
    result.push({ rule, severity: setting ?? rule.meta.severity });
  }
  return result;
}

/** Run the rules over one parsed document. Never throws because of a rule. */
export function lintDocument(document: SourceDocument, rules: readonly Rule[], options: LintOptions = {}): Finding[] {
  if (reasonNotToLint(document.text)) return [];
  const enabled = activeRules(rules, options);
  const enabledNames = new Set(enabled.flatMap(({ rule }) => [rule.meta.id, rule.meta.name]));
  const isRuleActive = (idOrName: string) => enabledNames.has(idOrName) || enabledNames.has(idOrName.toUpperCase());
  const active = enabled.filter(({ rule }) => !rule.triggers || rule.triggers.some((word) => document.text.includes(word)));
  if (active.length === 0) return [];
  // Built on first use: a file on which no triggered rule looks at names costs only the parse.
  let model: SemanticModel | undefined;
  let suppressions: ReturnType<typeof readSuppressions> | undefined;
  const settings: LintSettings = { ...DEFAULT_LINT_SETTINGS, ...options.settings };
  const findings: Finding[] = [];
  for (const { rule, severity } of active) {
    const found: Finding[] = [];
    const report = (entry: Report) => {
      const range = entry.range ?? (entry.node ? { start: entry.node.startIndex, end: entry.node.endIndex } : undefined);
      if (!range) return;
      const start = document.positionAt(range.start);
      const end = document.positionAt(range.end);
      suppressions ??= readSuppressions(document);
      if (suppressions.isSuppressed(rule.meta.id, rule.meta.name, start.line, end.line)) return;
      // A finding-level severity (e.g. "error for an unknown stage") applies only where the
      // user kept the rule's default.
      const effective = entry.severity && severity === rule.meta.severity ? entry.severity : severity;
      found.push({
        ruleId: rule.meta.id,
        ruleName: rule.meta.name,
        severity: effective,
        message: entry.message,
        range,
        start,
        end,
        fixes: guardFixes(document, range, entry.fixes ?? []),
      });
    };
    try {
      rule.check({
        document,
        get model() {
          model ??= options.semanticModel ? options.semanticModel(document) : new SemanticModel(document);
          return model;
        },
        settings,
        project: options.project ?? NO_PROJECT,
        isRuleActive,
        report,
      });
      findings.push(...found);
    } catch (error) {
      options.onRuleError?.(rule, error);
    }
  }
  return findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
}

/** Parses and lints texts; keeps nothing between calls (the server keeps trees itself). */
export class Linter {
  constructor(
    readonly parser: PythonParser,
    readonly rules: readonly Rule[],
  ) {}

  parse(uri: string, text: string, previous?: Tree): SourceDocument {
    return new SourceDocument(uri, text, this.parser.parse(text, previous));
  }

  lintText(uri: string, text: string, options: LintOptions = {}): LintResult {
    const skipped = reasonNotToLint(text);
    if (skipped) return { findings: [], skipped };
    const document = this.parse(uri, text);
    try {
      return { findings: lintDocument(document, this.rules, options) };
    } finally {
      // web-tree-sitter trees live in wasm memory: free them when nobody keeps them.
      document.tree.delete();
    }
  }

  /**
   * Apply fixes until none is left (at most 10 rounds, as ESLint does): each round takes the
   * first fix of every finding whose edits do not overlap an earlier one, then re-lints.
   * Unsafe fixes only with `includeUnsafe`.
   */
  fixAll(uri: string, text: string, options: LintOptions & { includeUnsafe?: boolean } = {}): { text: string; applied: number } {
    let current = text;
    let applied = 0;
    const allowed: FixSafety[] = options.includeUnsafe ? ['safe', 'unsafe'] : ['safe'];
    for (let round = 0; round < 10; round++) {
      const { findings } = this.lintText(uri, current, options);
      const chosen: TextEdit[] = [];
      let count = 0;
      for (const finding of findings) {
        const fix = finding.fixes.find((candidate) => allowed.includes(candidate.safety));
        if (!fix || editsOverlap(chosen, fix.edits)) continue;
        chosen.push(...fix.edits);
        count++;
      }
      if (count === 0) break;
      const next = applyEdits(current, chosen);
      if (next === current) break;
      current = next;
      applied += count;
    }
    return { text: current, applied };
  }
}
