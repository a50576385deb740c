import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../semantic/semanticModel';
import type { OffsetRange, Position, SourceDocument } from './sourceDocument';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export type RuleArea =
  | 'Spark ML pipelines'
  | 'Distributed training and tuning'
  | 'MLflow tracking and packaging'
  | 'Registry and lifecycle'
  | 'Feature Store'
  | 'Deployment and serving'
  | 'Testing, monitoring and security';

/** The three domains of the Databricks ML Professional exam (September 2025), with their weights. */
export type ExamDomain = 'Model Development' | 'MLOps' | 'Model Deployment';

export const EXAM_DOMAIN_WEIGHTS: Record<ExamDomain, number> = { 'Model Development': 44, MLOps: 44, 'Model Deployment': 12 };

/** An official documentation page (MLflow, Spark, Databricks) that backs a rule's or card's facts. */
export interface Reference {
  title: string;
  url: string;
}

export interface RuleMeta {
  /** `MLT101`: never changes once shipped (users write it in settings and suppressions). */
  id: string;
  /** `missing-vector-assembler`: never changes once shipped. */
  name: string;
  severity: Severity;
  area: RuleArea;
  /** The exam domain whose material teaches the trap. */
  domain: ExamDomain;
  /**
   * Set when the rule is about a legacy API (workspace-registry stages, registry webhooks,
   * Hyperopt, online tables, `served_models`, FeatureStoreClient): what replaced it.
   */
  legacy?: string;
  /** One line, used in tables and quick picks. */
  title: string;
}

/**
 * The rule's documentation in fixed sections (after Ruff's rule pages). The hover card, the
 * rule page, `mltraps explain` and the README row are all generated from it.
 */
export interface RuleDocs {
  trap: string;
  reality: string;
  /** Code that falls into the trap. */
  example: string;
  /** The correct pattern. */
  useInstead: string;
  /** What the quick fix does, or why there is none. */
  fix: string;
  /** Why the fix is safe or needs a look (Ruff's "Fix safety"). */
  fixSafety?: string;
  /** The fact the exam tests, in one or two sentences. */
  examFact: string;
  /** Official docs that back the facts above. */
  references?: Reference[];
  /** Where the study material states something wrong: "The study material says ...; in fact ...". */
  studyMaterial?: string;
}

/** Replace `[start, end)` (UTF-16 offsets) with `newText`. */
export interface TextEdit extends OffsetRange {
  newText: string;
  /**
   * In a finding: the notebook cell (0-based, counting every cell) whose text the offsets are
   * in; absent for a one-text file. Rules never set it: their offsets are in the program text.
   */
  cell?: number;
}

/**
 * A fix is *safe* when it keeps the program's meaning apart from removing the trap: it goes
 * into "fix all" and is the preferred action. An *unsafe* fix needs the user's eye
 * (placeholders, rewritten logic): offered one at a time only.
 */
export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: TextEdit[];
  /**
   * What the fix takes for itself that no other fix may take in the same "fix all" round
   * (MLT605's checkpoint variable: two queries must not share one checkpoint). The next round
   * lints again and offers the others what is left.
   */
  claims?: readonly string[];
}

export interface Report {
  /** The node to underline; or give `range`. */
  node?: Node;
  range?: OffsetRange;
  message: string;
  fixes?: Fix[];
  /** Overrides the rule's default severity for this finding (e.g. MLT402's unknown stage). */
  severity?: Severity;
  /**
   * About the file's text, not about what the code does (a token written into it): kept in a
   * notebook cell that does not compile, whose other findings are hidden.
   */
  aboutText?: boolean;
}

export interface LintSettings {
  /** MLT105: above this many models the finding becomes a warning. */
  crossValidatorModelLimit: number;
  /**
   * The registry the project says it uses (`registry` in the configuration file), for files
   * whose code does not show it.
   */
  declaredRegistry?: 'unity-catalog' | 'workspace';
}

export const DEFAULT_LINT_SETTINGS: LintSettings = { crossValidatorModelLimit: 100 };

/**
 * What the engine may know of the file's surroundings. The adapters (CLI, server) provide it
 * from the file system; rules never touch the disk themselves.
 */
export interface ProjectContext {
  /** Whether a top-level module is the project's own code (`utils/` or `utils.py` beside the file or in a folder above it). */
  isLocalModule(name: string): boolean;
}

/** No surroundings known (an unsaved buffer, tests): nothing is local. */
export const NO_PROJECT: ProjectContext = { isLocalModule: () => false };

export interface RuleContext {
  readonly document: SourceDocument;
  readonly model: SemanticModel;
  readonly settings: LintSettings;
  readonly project: ProjectContext;
  /**
   * Whether another rule (by id or name) runs in this lint, whatever the file contains: where
   * two rules would speak about the same call, the more specific one folds the other's point
   * into its message, and the other speaks only when the specific one is turned off.
   */
  isRuleActive(idOrName: string): boolean;
  /**
   * Whether a finding at `node` can be shown: false inside code that `%run` or a star import
   * brings in, which is analysed but never reported on. A rule may skip the work of a finding
   * there (a notebook that runs a setup of registry helpers analysed them for nothing).
   */
  reportsAt(node: Node): boolean;
  report(report: Report): void;
}

/**
 * What a rule needs in the text: a word (plain text, found anywhere, also inside longer words),
 * or a pattern for a shape of code, such as a keyword argument named exactly `token`
 * (`/\btoken\s*=(?!=)/`). A pattern is tested cell by cell in a notebook: it must not need to
 * match across the start of a cell.
 */
export type Trigger = string | RegExp | GuardedPattern | TextTest;

/**
 * A pattern tested only on the pieces of the text (a notebook's cells, the pieces of a module)
 * where one of `words` occurs: every match of the pattern contains one of them
 * (engine/guardedPatterns.ts makes them; test/engine/triggerSoundness.test.ts checks the
 * claim on every rule table sample). The words are found in the pass that finds every trigger
 * word, so a piece without them costs the pattern nothing.
 */
export interface GuardedPattern {
  readonly pattern: RegExp;
  readonly words: readonly string[];
}

/**
 * A condition on the text that a pattern cannot state (MLT704: a name handed over as a
 * credential is bound to a value somewhere in the text, maybe in another cell). `read` takes
 * what one piece of the text (a cell, a piece of a module) holds for it, remembered with the
 * piece as a pattern's answer is, so a keystroke reads the edited piece only; `holds` decides
 * from every piece's facts, in program order. `key` names the condition. Like a pattern, it is
 * asked only where a rule's other conditions hold. `read` is also given which of `words` occur
 * in the piece (found in the pass that finds the trigger words): a guarded pattern it would run
 * is skipped where its words are not.
 */
export interface TextTest<Facts = unknown> {
  readonly key: string;
  readonly words?: readonly string[];
  read(piece: string, words: ReadonlySet<string>): Facts;
  holds(facts: readonly Facts[]): boolean;
}

export interface Rule {
  meta: RuleMeta;
  docs: RuleDocs;
  /**
   * Words the trap cannot exist without (`mapInPandas`, `traffic_percentage`): the rule runs
   * only on texts that contain one of them, so most rules cost nothing on most files.
   * Omit to run on every file.
   */
  triggers?: readonly Trigger[];
  /**
   * A second condition, for rules whose trigger words are common (`assert`, `yaml`): the rule
   * runs only when one of these occurs too (a metric assert needs a model call: `fit`,
   * `predict`, ...). Like `triggers`, it must hold on every text the rule can report on.
   */
  alsoNeeds?: readonly Trigger[];
  /**
   * For a rule that says less in test code: in a file its path marks as test code
   * (semantic/testCode's isTestCodeUri: a `test_*.py` name, a `tests/` folder), where every
   * node is test code, one of these must occur too — none (`[]`) for a rule that is silent in
   * test code, MLT704's personal access token pattern for MLT704. A test file the other rules
   * leave alone is then not parsed (test/engine/triggerSoundness.test.ts holds every rule table
   * sample to it).
   */
  testFileTriggers?: readonly Trigger[];
  /**
   * For a rule that speaks in test code only (MLT701): in a file its path does not mark as test
   * code, one of these must occur too (`def test`: a test function is where it reports there).
   */
  outsideTestFileTriggers?: readonly Trigger[];
  /**
   * More conditions like `alsoNeeds`, each a list of which one must occur: MLT701 also needs a
   * metric's name (`accuracy`, `f1`, `sklearn.metrics`), without which no value is a metric.
   */
  furtherNeeds?: ReadonlyArray<readonly Trigger[]>;
  /**
   * For a rule that reports only where the registry is Unity Catalog (MLT306, MLT406): what
   * shows that registry in the code (semantic/registryContext's UNITY_CATALOG_SIGNS), one of
   * which must occur too, unless the configuration declares it (`registry = "unity-catalog"`),
   * which the code then need not show.
   */
  unityCatalogSigns?: readonly Trigger[];
  check(context: RuleContext): void;
}

/**
 * What a rule found, in the user's coordinates: offsets and positions in the file's text, or
 * for a notebook in the text of cell `cell`.
 */
export interface Finding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  message: string;
  /** The notebook cell (0-based, counting every cell, markdown too); absent for a one-text file. */
  cell?: number;
  range: OffsetRange;
  start: Position;
  end: Position;
  fixes: Fix[];
}
