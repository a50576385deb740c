import { layoutOf, type Inclusion, type TextFlavour, type TextLayout } from './kernelCells';
import { MAX_LINT_LENGTH } from './lintability';
import type { OffsetRange } from './sourceDocument';

/**
 * What the user edits, as the engine receives it: a file's text (a module or a Databricks
 * source export: one cell), or the cells of a notebook (a `.ipynb` file, an editor's notebook
 * document). Adapters build it; the engine never reads the disk.
 */
export type HostCellKind = 'code' | 'markdown' | 'raw';

export interface HostCell {
  kind: HostCellKind;
  text: string;
}

export interface ProgramSource {
  uri: string;
  cells: readonly HostCell[];
  /** One text (a `.py` file) or a notebook's cells: positions in findings name a cell only for the latter. */
  notebook: boolean;
  /** Written by Databricks (an `.ipynb` with Databricks metadata); `.py` exports say it with their header. */
  databricks?: boolean;
}

/**
 * Reads the code that a `%run ./setup` line or a `from helpers import *` of a project module
 * brings in, for the adapters to implement (from disk or an open editor buffer). Undefined when
 * there is no such notebook or project module: the line then binds nothing the engine knows.
 */
export type InclusionReader = (fromUri: string, inclusion: Inclusion) => ProgramSource | undefined;

/** A cell as the kernel runs it, at its place in the program text. */
export interface ProgramCell extends OffsetRange {
  /** `%sql`, `%md`, `%%bash`... when the cell is not Python. */
  magic?: string;
  /** The Python parts, parsed together as one tree; empty for a magic cell. */
  python: OffsetRange[];
  /** Brought in by `%run` / a star import: analysed, never reported on. */
  hidden: boolean;
  /** For hidden cells: the `%run` line or star import of the user's text that brought them in. */
  includedBy?: Inclusion;
  /** The text it was read from is a Databricks export (its magic lines start with `# MAGIC`). */
  magicLinesPrefixed: boolean;
  /** An export's `# MAGIC %python` cell: Python after each line's prefix (a fix may not add or join lines there). */
  prefixedPython?: true;
}

/** A stretch of the program text copied from one host cell (the user's text). */
export interface HostSegment extends OffsetRange {
  hostCell: number;
  /** Offset in the host cell's text of `start`. */
  hostStart: number;
}

/**
 * The program the kernel runs: the code cells in order as one text (offsets shared by every
 * tree and rule), with what `%run` targets and project star imports bring in spliced in as
 * hidden cells where they run. The host segments map program offsets back to the user's text.
 */
export interface Program {
  source: ProgramSource;
  text: string;
  cells: ProgramCell[];
  segments: HostSegment[];
  /** `%run` lines whose target could not be read, by program offset: what they define is unknown. */
  unresolvedRuns: Array<{ target: string; at: number }>;
  /** A Databricks notebook: an export with the header, or an `.ipynb` Databricks wrote. */
  databricks: boolean;
  /** The uris of the notebooks and modules brought in: an edit to one of them changes this program. */
  includedUris: string[];
  /**
   * The user's text has `%run` lines or star imports, read or not: its program depends on
   * other files, which are looked for again with each version (programAfterEdit keeps none).
   */
  hasInclusions: boolean;
}

/** How deep `%run` chains are followed; deeper ones are left unresolved. */
export const MAX_INCLUSION_DEPTH = 8;

interface Builder {
  parts: string[];
  length: number;
  cells: ProgramCell[];
  segments: HostSegment[];
  unresolvedRuns: Array<{ target: string; at: number }>;
  includedUris: Set<string>;
  read?: InclusionReader;
  databricks: boolean;
  hasInclusions: boolean;
}

function append(builder: Builder, text: string): number {
  const at = builder.length;
  builder.parts.push(text);
  builder.length += text.length;
  return at;
}

/** The layouts of included cells, by the cell object the inclusion reader hands out for the run. */
const includedLayouts = new WeakMap<HostCell, { text: string; flavour: TextFlavour; layout: TextLayout }>();

/**
 * An included cell's layout. A CLI run's reader gives the same source for a file every time
 * (dbdemos: each setup notebook goes into dozens of programs), and laying it out hashed or read
 * its whole text again for every program.
 */
function includedLayout(cell: HostCell, flavour: TextFlavour): TextLayout {
  const known = includedLayouts.get(cell);
  if (known && known.text === cell.text && known.flavour === flavour) return known.layout;
  const layout = layoutOf(cell.text, flavour);
  includedLayouts.set(cell, { text: cell.text, flavour, layout });
  return layout;
}

/**
 * Appends one source's code cells. `hidden` for inclusions; `active` holds the uris being
 * included, so a cycle stops where it closes.
 */
function appendSource(builder: Builder, source: ProgramSource, includedBy: Inclusion | undefined, active: Set<string>, depth: number): void {
  const hidden = includedBy !== undefined;
  const flavour: TextFlavour = source.notebook ? 'ipython' : 'module';
  source.cells.forEach((cell, hostCell) => {
    if (cell.kind !== 'code') return;
    // Each cell starts on a line of its own.
    if (builder.length > 0 && !/[\n\r]$/.test(builder.parts[builder.parts.length - 1] ?? '')) append(builder, '\n');
    const layout = hidden ? includedLayout(cell, flavour) : layoutOf(cell.text, flavour);
    if (layout.databricksExport && !hidden) builder.databricks = true;
    if (layout.inclusions.length > 0 && !hidden) builder.hasInclusions = true;
    // The cell text is copied in pieces, cut where inclusions go in.
    const cuts = [...layout.inclusions].sort((a, b) => a.at - b.at);
    let copied = 0;
    const shifts: Array<{ at: number; by: number }> = [];
    const copy = (to: number) => {
      if (to <= copied) return;
      const start = append(builder, cell.text.slice(copied, to));
      if (!hidden) builder.segments.push({ start, end: start + (to - copied), hostCell, hostStart: copied });
      copied = to;
    };
    const base = builder.length;
    let inserted = 0;
    for (const inclusion of cuts) {
      copy(inclusion.at);
      const before = builder.length;
      const target = includedSource(builder, source.uri, inclusion, active, depth);
      if (target) {
        if (!/[\n\r]$/.test(builder.parts[builder.parts.length - 1] ?? '')) append(builder, '\n');
        active.add(target.uri);
        builder.includedUris.add(target.uri);
        appendSource(builder, target, includedBy ?? inclusion, active, depth + 1);
        active.delete(target.uri);
        if (!/[\n\r]$/.test(builder.parts[builder.parts.length - 1] ?? '')) append(builder, '\n');
      } else if (inclusion.kind === 'run') {
        builder.unresolvedRuns.push({ target: inclusion.target, at: base + inclusion.at + inserted });
      }
      inserted += builder.length - before;
      if (builder.length > before) shifts.push({ at: inclusion.at, by: inserted });
    }
    copy(cell.text.length);
    // Program offset of a host-cell offset: cell start plus what was inserted before it.
    const toProgram = (offset: number, endSide: boolean) => {
      let by = 0;
      for (const shift of shifts) if (offset > shift.at || (!endSide && offset === shift.at)) by = shift.by;
      return base + offset + by;
    };
    for (const span of layout.cells) {
      builder.cells.push({
        start: toProgram(span.start, false),
        end: toProgram(span.end, true),
        magic: span.magic,
        python: splitAtShifts(span.python, shifts).map((range) => ({ start: toProgram(range.start, false), end: toProgram(range.end, true) })),
        hidden,
        ...(includedBy ? { includedBy } : {}),
        magicLinesPrefixed: layout.databricksExport,
        ...(span.prefixedPython ? { prefixedPython: true as const } : {}),
      });
    }
  });
}

/** Python ranges cut where inclusions were spliced in, so that no range covers included text. */
function splitAtShifts(ranges: readonly OffsetRange[], shifts: ReadonlyArray<{ at: number }>): OffsetRange[] {
  const result: OffsetRange[] = [];
  for (const range of ranges) {
    let start = range.start;
    for (const { at } of shifts) {
      if (at > start && at < range.end) {
        result.push({ start, end: at });
        start = at;
      }
    }
    result.push({ start, end: range.end });
  }
  return result;
}

function includedSource(builder: Builder, fromUri: string, inclusion: Inclusion, active: Set<string>, depth: number): ProgramSource | undefined {
  if (!builder.read || depth >= MAX_INCLUSION_DEPTH) return undefined;
  let target: ProgramSource | undefined;
  try {
    target = builder.read(fromUri, inclusion);
  } catch {
    return undefined;
  }
  if (!target || active.has(target.uri)) return undefined;
  const size = target.cells.reduce((sum, cell) => sum + cell.text.length, 0);
  if (builder.length + size > MAX_LINT_LENGTH) return undefined;
  return target;
}

/** The program of a source, with its inclusions read through `read` (none without it). */
export function buildProgram(source: ProgramSource, read?: InclusionReader): Program {
  const builder: Builder = { parts: [], length: 0, cells: [], segments: [], unresolvedRuns: [], includedUris: new Set(), read, databricks: source.databricks ?? false, hasInclusions: false };
  appendSource(builder, source, undefined, new Set([source.uri]), 0);
  // A cell's included code is appended before the cell itself is recorded: put them in program order.
  builder.cells.sort((a, b) => a.start - b.start || a.end - b.end);
  const text = builder.parts.join('');
  return { source, text, cells: builder.cells, segments: builder.segments, unresolvedRuns: builder.unresolvedRuns, databricks: builder.databricks, includedUris: [...builder.includedUris], hasInclusions: builder.hasInclusions };
}

/** Where a program offset is in the user's text; undefined inside included code or between cells. */
export function hostPosition(program: Program, offset: number, endSide = false): { hostCell: number; offset: number } | undefined {
  const segments = program.segments;
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const segment = segments[mid];
    if (offset < segment.start || (endSide && offset === segment.start && mid > 0 && segments[mid - 1].end === offset)) high = mid - 1;
    else if (offset > segment.end || (!endSide && offset === segment.end && mid + 1 < segments.length && segments[mid + 1].start === offset)) low = mid + 1;
    else return { hostCell: segment.hostCell, offset: segment.hostStart + offset - segment.start };
  }
  return undefined;
}

/** The program offset of an offset in a host cell's text. */
export function programOffset(program: Program, hostCell: number, offset: number): number | undefined {
  let best: HostSegment | undefined;
  for (const segment of program.segments) {
    if (segment.hostCell !== hostCell) continue;
    if (offset >= segment.hostStart && offset <= segment.hostStart + (segment.end - segment.start)) {
      best = segment;
      if (offset < segment.hostStart + (segment.end - segment.start)) break;
    }
  }
  return best ? best.start + offset - best.hostStart : undefined;
}
