import { computeLineStarts } from '../engine/sourceDocument';

/**
 * Databricks notebooks exported as source: a first line `# Databricks notebook source`,
 * cells separated by `# COMMAND ----------`, and magic commands kept as `# MAGIC ...`
 * comment lines (so the file stays valid Python).
 */
export const NOTEBOOK_HEADER = '# Databricks notebook source';
export const CELL_SEPARATOR = '# COMMAND ----------';

export interface NotebookCell {
  /** Zero-based first and last line of the cell, separators excluded. */
  startLine: number;
  endLine: number;
  /** `%pip`, `%sql`, `%md`... when the cell is a magic cell. */
  magic?: string;
}

/** One requirement named on a `%pip install` / `!pip install` line. */
export interface PipRequirement {
  /** As written: `scikit-learn`. */
  name: string;
  /** PEP 503 normalised: lower case, runs of `-_.` as `-`. */
  normalizedName: string;
  /** `==1.3.2`, `>=2`, or empty. */
  specifier: string;
  /** The version when pinned with `==`. */
  pinnedVersion?: string;
  line: number;
}

/** A `%run ./other_notebook` line: the other notebook runs at that point, in this notebook's session. */
export interface RunCommand {
  /** As written, without arguments: `./includes/setup`. */
  target: string;
  line: number;
}

export interface NotebookInfo {
  isNotebook: boolean;
  cells: NotebookCell[];
  pipRequirements: PipRequirement[];
  /**
   * The `%run` lines, in order. Until their targets are read, what they define (names, a
   * session-wide conf such as spark.sql.streaming.checkpointLocation, the registry URI) is
   * unknown: a rule whose finding rests on the absence of something must stay silent after one.
   */
  runCommands: RunCommand[];
}

const RUN_LINE = /^\s*(?:#\s*MAGIC\s+)?%run\s+("[^"]+"|'[^']+'|\S+)/;

export function readRunCommands(text: string): RunCommand[] {
  const commands: RunCommand[] = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, line) => {
    const match = RUN_LINE.exec(lineText);
    if (match) commands.push({ target: match[1].replace(/^["']|["']$/g, ''), line });
  });
  return commands;
}

export function normalizeDistributionName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const PIP_LINE = /^\s*(?:#\s*MAGIC\s+)?(?:%pip|!pip3?|%conda|!python3? -m pip)\s+install\s+(.*)$/;
/** pip options that take a value; the value is not a requirement. */
const PIP_OPTIONS_WITH_VALUE = new Set(['-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '-e', '--editable', '--trusted-host', '--python-version', '--platform']);
const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*((?:===?|~=|!=|<=|>=|<|>)\s*[^;,\s]+(?:\s*,\s*(?:===?|~=|!=|<=|>=|<|>)\s*[^;,\s]+)*)?/;

export function readPipRequirements(text: string): PipRequirement[] {
  const requirements: PipRequirement[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((lineText, line) => {
    const match = PIP_LINE.exec(lineText);
    if (!match) return;
    const tokens = match[1].replace(/\s+#(?!\S*MAGIC).*$/, '').match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i].replace(/^["']|["']$/g, '');
      if (token === '\\') continue;
      if (token.startsWith('-')) {
        if (PIP_OPTIONS_WITH_VALUE.has(token)) i++;
        continue;
      }
      if (/^(https?:|git\+|file:|\.|\/|\$)/.test(token) || token.endsWith('.whl')) continue;
      const requirement = REQUIREMENT.exec(token);
      if (!requirement) continue;
      const specifier = (requirement[3] ?? '').replace(/\s+/g, '');
      const pinned = /^===?([^,]+)$/.exec(specifier);
      requirements.push({
        name: requirement[1],
        normalizedName: normalizeDistributionName(requirement[1]),
        specifier,
        pinnedVersion: pinned?.[1],
        line,
      });
    }
  });
  return requirements;
}

export function readNotebook(text: string): NotebookInfo {
  const isNotebook = text.replace(/^\uFEFF/, '').startsWith(NOTEBOOK_HEADER);
  const lineStarts = computeLineStarts(text);
  const lines = text.split(/\r\n|\r|\n/);
  const cells: NotebookCell[] = [];
  if (isNotebook) {
    let start = 1;
    const close = (end: number) => {
      if (end < start) return;
      const first = lines.slice(start, end + 1).find((line) => line.trim() !== '');
      const magic = first ? /^#\s*MAGIC\s+(%\w+)/.exec(first)?.[1] : undefined;
      cells.push({ startLine: start, endLine: end, magic });
    };
    lines.forEach((line, index) => {
      if (index > 0 && line.trim() === CELL_SEPARATOR) {
        close(index - 1);
        start = index + 1;
      }
    });
    close(Math.min(lines.length, lineStarts.length) - 1);
  }
  return { isNotebook, cells, pipRequirements: readPipRequirements(text), runCommands: readRunCommands(text) };
}
