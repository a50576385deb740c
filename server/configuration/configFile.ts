import * as path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { allRules, findRule } from '../../rules';
import { KEY_DEFINITIONS, KNOWN_KEYS, type ConfigValues, type RuleLevel } from './keys';
import { unknownRulePatterns } from './rulePatterns';
import { lineOfKey } from './tomlLocations';

/** A problem in a configuration file, named by file and (when the text shows it) line. */
export interface ConfigWarning {
  file: string;
  line?: number;
  message: string;
}

export function formatConfigWarning(warning: ConfigWarning): string {
  return `${warning.file}${warning.line === undefined ? '' : `:${warning.line}`}: ${warning.message}`;
}

/** One configuration file, read and checked: the values that passed, and what did not. */
export interface ConfigFile {
  path: string;
  /** Relative patterns (exclude, per-file-ignores) are relative to this folder. */
  folder: string;
  values: ConfigValues;
  warnings: ConfigWarning[];
}

export const PYPROJECT = 'pyproject.toml';
/** In one folder the first of these wins, as Ruff's `.ruff.toml`, `ruff.toml`, `pyproject.toml` do. */
export const CONFIG_FILE_NAMES = ['.mltraps.toml', 'mltraps.toml', PYPROJECT] as const;

/**
 * Whether a pyproject.toml's text sets mltraps settings: a `[tool.mltraps]` or
 * `[tool.mltraps.severity]` header, or a dotted key `tool.mltraps.select = ...` (quoted parts
 * too); not `[tool.mltraps-other]`.
 */
const MENTIONS_MLTRAPS_TABLE = /^\s*(?:\[\s*)?(?:tool|"tool"|'tool')\s*\.\s*(?:mltraps|"mltraps"|'mltraps')\s*[.\]=]/m;

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The closest known key, for "did you mean": a typo of one or two letters, or a `_` for a `-`. */
function closestKey(key: string): string | undefined {
  const normalized = key.replace(/_/g, '-').toLowerCase();
  if (KNOWN_KEYS.includes(normalized)) return normalized;
  let best: { key: string; distance: number } | undefined;
  for (const known of KNOWN_KEYS) {
    const distance = editDistance(normalized, known);
    if (distance <= Math.max(2, Math.floor(Math.max(known.length, normalized.length) / 3)) && (!best || distance < best.distance)) best = { key: known, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Reads a configuration file's text. `pyproject.toml` holds it under `[tool.mltraps]` (without
 * that table it is not an mltraps configuration: undefined); any other file holds the keys at
 * its top level. Never throws: invalid TOML, unknown keys, values of the wrong type and unknown
 * rules become warnings, and what is wrong is left out (the rest still applies).
 */
export function readConfigText(filePath: string, text: string): ConfigFile | undefined {
  const folder = path.dirname(filePath);
  const display = filePath;
  const isPyproject = path.basename(filePath) === PYPROJECT;
  const table = isPyproject ? ['tool', 'mltraps'] : [];
  const tableName = isPyproject ? '[tool.mltraps]' : path.basename(filePath);
  const warnings: ConfigWarning[] = [];
  const warn = (message: string, line?: number) => warnings.push({ file: display, ...(line === undefined ? {} : { line }), message });

  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch (error) {
    // A pyproject.toml that other tools own may be broken without mentioning mltraps: not ours to report.
    if (isPyproject && !MENTIONS_MLTRAPS_TABLE.test(text)) return undefined;
    const detail = error instanceof TomlError ? error.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '') : String(error);
    warn(`invalid TOML (${detail}); this file's mltraps settings are not used, the defaults apply`, error instanceof TomlError ? error.line : undefined);
    return { path: filePath, folder, values: {}, warnings };
  }

  let raw: unknown = document;
  for (const part of table) raw = isTable(raw) ? raw[part] : undefined;
  if (raw === undefined) return undefined;
  if (!isTable(raw)) {
    warn(`${tableName} must be a table; this file's mltraps settings are not used`, lineOfKey(text, ['tool'], 'mltraps'));
    return { path: filePath, folder, values: {}, warnings };
  }

  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const line = lineOfKey(text, table, key);
    const definition = KEY_DEFINITIONS.find((candidate) => candidate.key === key);
    if (!definition) {
      const suggestion = closestKey(key);
      warn(`unknown key "${key}" in ${tableName}${suggestion ? ` (did you mean "${suggestion}"?)` : ` (known keys: ${KNOWN_KEYS.join(', ')})`}; it is ignored`, line);
      continue;
    }
    const checked = definition.check(value);
    if (!checked.ok) {
      warn(`"${key}": ${checked.problem}; it is ignored`, line);
      continue;
    }
    values[key] = checked.value;
  }
  const config = values as ConfigValues;
  checkRuleReferences(config, (message, key, entry) => warn(message, (entry === undefined ? undefined : lineOfKey(text, [...table, key], entry)) ?? lineOfKey(text, table, key)));
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { path: filePath, folder, values: config, warnings };
}

/** Rule lists and tables that name no rule (a typo would otherwise select or ignore nothing): warned about and left out. */
function checkRuleReferences(config: ConfigValues, warn: (message: string, key: string, entry?: string) => void): void {
  for (const key of ['select', 'extend-select', 'ignore'] as const) {
    const list = config[key];
    if (!list) continue;
    const unknown = unknownRulePatterns(allRules, list);
    for (const pattern of unknown) warn(`"${key}": unknown rule "${pattern}" (see mltraps rules); it is ignored`, key);
    config[key] = list.filter((pattern) => !unknown.includes(pattern));
  }
  const perFile = config['per-file-ignores'];
  if (perFile) {
    for (const [pattern, rules] of Object.entries(perFile)) {
      const unknown = unknownRulePatterns(allRules, rules);
      for (const rule of unknown) warn(`"per-file-ignores": unknown rule "${rule}" for "${pattern}" (see mltraps rules); it is ignored`, 'per-file-ignores', pattern);
      perFile[pattern] = rules.filter((rule) => !unknown.includes(rule));
    }
  }
  const severity = config.severity;
  if (severity) {
    const known: Record<string, RuleLevel> = {};
    for (const [rule, level] of Object.entries(severity)) {
      const found = findRule(rule);
      if (found) known[found.meta.id] = level;
      else warn(`"severity": unknown rule "${rule}" (see mltraps rules); it is ignored`, 'severity', rule);
    }
    config.severity = known;
  }
}
