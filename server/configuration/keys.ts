import { SEVERITIES, type Severity } from '../../rules/engine/types';
import { DEFAULT_EXCLUDE } from './defaultExclude';

/**
 * The configuration keys of `[tool.mltraps]` in pyproject.toml (or of mltraps.toml /
 * .mltraps.toml, without the table prefix): the one place that defines them. Validation,
 * the README's reference and the warnings for unknown keys all read this table.
 */

export type RuleLevel = 'off' | Severity;
export const RULE_LEVELS: readonly RuleLevel[] = ['off', ...SEVERITIES];
export const REGISTRIES = ['unity-catalog', 'workspace'] as const;
export type DeclaredRegistry = (typeof REGISTRIES)[number];

/** The validated values of one configuration file (absent keys are undefined). */
export interface ConfigValues {
  select?: string[];
  'extend-select'?: string[];
  ignore?: string[];
  'per-file-ignores'?: Record<string, string[]>;
  exclude?: string[];
  'extend-exclude'?: string[];
  severity?: Record<string, RuleLevel>;
  'cross-validator-model-limit'?: number;
  registry?: DeclaredRegistry;
  'respect-gitignore'?: boolean;
}

export type ConfigKey = keyof ConfigValues;

/** A value as TOML gave it, or why it does not fit the key. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface KeyDefinition {
  key: ConfigKey;
  /** For the reference: the value's shape, in words. */
  type: string;
  /** For the reference: what applies without the key. */
  default: string;
  description: string;
  /** For the reference: a TOML line (as written under `[tool.mltraps]`). */
  example: string;
  check(value: unknown): Checked<unknown>;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

const stringList = (value: unknown): Checked<string[]> =>
  isStringList(value) ? { ok: true, value } : { ok: false, problem: 'expected a list of strings, e.g. ["MLT101", "MLT4"]' };

const globList = (value: unknown): Checked<string[]> =>
  isStringList(value) ? { ok: true, value } : { ok: false, problem: 'expected a list of glob patterns, e.g. ["legacy/", "*_scratch.py"]' };

export const KEY_DEFINITIONS: readonly KeyDefinition[] = [
  {
    key: 'select',
    type: 'list of rule ids, id prefixes or names',
    default: 'every rule',
    description: 'Only these rules run. `MLT4` selects the model-registry rules, `MLT101` one rule, `traffic-split-not-100` one rule by name.',
    example: 'select = ["MLT1", "MLT3", "traffic-split-not-100"]',
    check: stringList,
  },
  {
    key: 'extend-select',
    type: 'list of rule ids, id prefixes or names',
    default: 'none',
    description: 'Rules added to `select` (useful when `select` is narrow).',
    example: 'extend-select = ["MLT704"]',
    check: stringList,
  },
  {
    key: 'ignore',
    type: 'list of rule ids, id prefixes or names',
    default: 'none',
    description: 'Rules that never run, even when `select` names them.',
    example: 'ignore = ["MLT407"]',
    check: stringList,
  },
  {
    key: 'per-file-ignores',
    type: 'table: glob pattern -> list of rule ids, prefixes or names',
    default: 'none',
    description:
      'Rules ignored in the files a pattern matches. A pattern with a `/` is matched against the path relative to the configuration file\'s folder (`notebooks/legacy/*.py`, `tests/**`); one without, against the file name (`test_*.py`).',
    example: 'per-file-ignores = { "tests/**" = ["MLT704"], "legacy_*.py" = ["MLT4"] }',
    check: (value) => {
      if (!isTable(value) || !Object.values(value).every(isStringList)) {
        return { ok: false, problem: 'expected a table of glob pattern = list of rules, e.g. { "tests/**" = ["MLT704"] }' };
      }
      return { ok: true, value: { ...value } };
    },
  },
  {
    key: 'exclude',
    type: 'list of glob patterns',
    default: DEFAULT_EXCLUDE.map((pattern) => `\`${pattern}\``).join(', '),
    description:
      'Files and folders a folder walk skips; replaces the default list (use `extend-exclude` to add to it). A pattern without `/` matches any file or folder of that name (`scratch`, `*_old.py`); one with `/` is relative to the configuration file\'s folder (`notebooks/archive/`). Files named on the command line are linted all the same, unless `--force-exclude`. Virtualenvs (folders with `pyvenv.cfg`) are always skipped.',
    example: 'exclude = [".git", "node_modules", ".venv", "archive"]',
    check: globList,
  },
  {
    key: 'extend-exclude',
    type: 'list of glob patterns',
    default: 'none',
    description: 'Patterns skipped in addition to `exclude` (same forms).',
    example: 'extend-exclude = ["notebooks/archive/", "*_scratch.py"]',
    check: globList,
  },
  {
    key: 'severity',
    type: `table: rule id or name -> ${RULE_LEVELS.map((level) => `"${level}"`).join(' | ')}`,
    default: "each rule's own severity",
    description: 'The severity a rule reports with (`"off"` turns it off), as the editor setting `mltraps.rules` does.',
    example: 'severity = { MLT105 = "warning", "registered-without-signature" = "error" }',
    check: (value) => {
      if (!isTable(value)) return { ok: false, problem: `expected a table of rule = level, e.g. { MLT105 = "warning" }` };
      for (const [rule, level] of Object.entries(value)) {
        if (typeof level !== 'string' || !(RULE_LEVELS as readonly string[]).includes(level)) {
          return { ok: false, problem: `the level of "${rule}" must be one of ${RULE_LEVELS.map((item) => `"${item}"`).join(', ')}` };
        }
      }
      return { ok: true, value: { ...value } };
    },
  },
  {
    key: 'cross-validator-model-limit',
    type: 'non-negative number',
    default: '100',
    description: 'MLT105: above this many trained models (folds x parameter combinations) a CrossValidator finding becomes a warning.',
    example: 'cross-validator-model-limit = 200',
    check: (value) =>
      typeof value === 'number' && Number.isFinite(value) && value >= 0 ? { ok: true, value } : { ok: false, problem: 'expected a non-negative number, e.g. 100' },
  },
  {
    key: 'registry',
    type: '"unity-catalog" | "workspace"',
    default: 'decided from the code, else unknown',
    description:
      'The model registry the code talks to, when the code alone does not show it (no `set_registry_uri`, no three-part model name): the rules that depend on it (stages, webhooks, short model names, signatures) then speak for that registry. What a file shows itself still wins.',
    example: 'registry = "unity-catalog"',
    check: (value) =>
      typeof value === 'string' && (REGISTRIES as readonly string[]).includes(value)
        ? { ok: true, value }
        : { ok: false, problem: 'expected "unity-catalog" or "workspace"' },
  },
  {
    key: 'respect-gitignore',
    type: 'boolean',
    default: 'true',
    description: 'Folder walks skip what `.gitignore` files (and `.git/info/exclude`) ignore, in a git repository. Files named on the command line are always linted.',
    example: 'respect-gitignore = false',
    check: (value) => (typeof value === 'boolean' ? { ok: true, value } : { ok: false, problem: 'expected true or false' }),
  },
];

export const KNOWN_KEYS: readonly string[] = KEY_DEFINITIONS.map((definition) => definition.key);
