/**
 * What the rules ask about a notebook: its cells as the kernel runs them (a Databricks
 * export's `# COMMAND ----------` cells, a Jupyter notebook's code cells), the `%pip` lines,
 * and the `%run` lines whose target could not be read. The cells themselves are split by the
 * engine (engine/kernelCells.ts).
 */
import { computeLineStarts, lineEndIn, positionIn } from '../engine/lineStarts';
import type { SourceDocument } from '../engine/sourceDocument';
import type { CallSite, SemanticModel } from './semanticModel';
import { positionalArguments } from './calls';
import { readLines, readOutsideCode } from '../engine/reads';

export interface NotebookCell {
  /** Zero-based first and last line of the cell, separators excluded. */
  startLine: number;
  endLine: number;
  /** `%pip`, `%sql`, `%md`, `%%bash`... when the cell is a magic cell. */
  magic?: string;
  /** Its magic lines start with `# MAGIC` (a Databricks export), not with the magic itself (Jupyter). */
  magicLinesPrefixed: boolean;
  /** Brought in by `%run` (see ProgramCell.hidden). */
  hidden: boolean;
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
  /** A Databricks notebook (a source export, or an `.ipynb` Databricks wrote): `dbutils`, `spark` and the runtime's libraries are there. */
  isDatabricksNotebook: boolean;
  cells: NotebookCell[];
  pipRequirements: PipRequirement[];
  /**
   * The `%run` lines whose target could not be read, in order. Until their targets are read, what they define (names, a
   * session-wide conf such as spark.sql.streaming.checkpointLocation, the registry URI) is
   * unknown: a rule whose finding rests on the absence of something must stay silent after one.
   */
  runCommands: RunCommand[];
}

export function normalizeDistributionName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const PIP_LINE = /^\s*(?:#\s*MAGIC\s+)?(?:%pip|!pip3?|%conda|!python3? -m pip)\s+install\s+(.*)$/;
/** pip options that take a value; the value is not a requirement. */
const PIP_OPTIONS_WITH_VALUE = new Set(['-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '-e', '--editable', '--trusted-host', '--python-version', '--platform']);
const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*((?:===?|~=|!=|<=|>=|<|>)\s*[^;,\s]+(?:\s*,\s*(?:===?|~=|!=|<=|>=|<|>)\s*[^;,\s]+)*)?/;

/** What readPipRequirements reads: a document's text and its lines. */
type LinedText = Pick<SourceDocument, 'text' | 'positionAt' | 'lineText'>;

function linedText(text: string): LinedText {
  const lineStarts = computeLineStarts(text);
  return { text, positionAt: (offset) => positionIn(lineStarts, text.length, offset), lineText: (line) => text.slice(lineStarts[line], lineEndIn(text, lineStarts, line)) };
}

export function readPipRequirements(source: string | LinedText): PipRequirement[] {
  const document = typeof source === 'string' ? linedText(source) : source;
  const { text } = document;
  const requirements: PipRequirement[] = [];
  // Only a line holding "install" can be a pip line: those are found with indexOf, not by
  // splitting the whole text into lines (this runs on each keystroke).
  let line = -1;
  for (let at = text.indexOf('install'); at !== -1; at = text.indexOf('install', at + 1)) {
    const found = document.positionAt(at).line;
    // Also a line already read as the continuation of an install line.
    if (found <= line) continue;
    line = found;
    const match = PIP_LINE.exec(document.lineText(line));
    if (!match) continue;
    let args = withoutComment(match[1]);
    readRequirements(args, line, requirements);
    // `%pip install a \` goes on with the next line (`# MAGIC   b` in a Databricks export), up
    // to a blank line; MLT307's trigger reads as many.
    const lastLine = Math.min(document.positionAt(text.length).line, line + MAX_CONTINUATION_LINES);
    while (/(?:^|\s)\\$/.test(args) && line < lastLine) {
      const next = document.lineText(line + 1).replace(/^\s*#\s*MAGIC(?:\s|$)/, '');
      if (next.trim() === '' || /^\s*#/.test(next)) break;
      line++;
      args = withoutComment(next);
      readRequirements(args, line, requirements);
    }
  }
  return requirements;
}

/** Where a requirement is written on its install line: its name, and the end of its extras and version specifier. */
export interface PipRequirementSpan {
  nameStart: number;
  nameEnd: number;
  /** What follows the name as part of the requirement (`[extra]>=1.2`), possibly empty. */
  rest: string;
  /** The quote the requirement is written in (`"optuna>=3"`), if any. */
  quote?: string;
}

/**
 * Where `requirement` is written in `document`: the name as a whole token on its line (not
 * inside another name, a URL or an option value), then its extras and specifier.
 */
export function pipRequirementSpan(document: SourceDocument, requirement: PipRequirement): PipRequirementSpan | undefined {
  const lineStart = document.offsetAt({ line: requirement.line, character: 0 });
  const lineText = document.lineText(requirement.line);
  const pattern = new RegExp(`(^|[\\s"'])(${requirement.name.replace(/[.]/g, '\\.')})(?=[\\s"'\\[=<>!~;]|$)`);
  const match = pattern.exec(lineText.replace(/^\s*(?:#\s*MAGIC\s+)?(?:%pip|!pip3?|%conda|!python3? -m pip)\s+install\b/, (prefix) => ' '.repeat(prefix.length)));
  if (!match) return undefined;
  const nameStart = lineStart + match.index + match[1].length;
  const nameEnd = nameStart + requirement.name.length;
  const rest = /^(?:\[[^\]]*\])?\s*((?:===?|~=|!=|<=|>=|<|>)\s*[^;,\s"']+(?:\s*,\s*(?:===?|~=|!=|<=|>=|<|>)\s*[^;,\s"']+)*)?/.exec(document.textIn(nameEnd, document.lineEnd(requirement.line)))![0];
  const quote = /["']/.test(match[1]) ? match[1] : undefined;
  return { nameStart, nameEnd, rest, quote };
}

/**
 * What restarts the notebook's Python process, after which nothing defined before is there:
 * `dbutils.library.restartPython()`, `%restart_python`, a `%pip` line.
 */
export const RESTARTS_PYTHON = /restartPython\s*\(|^(?:# MAGIC )?%(?:restart_python|pip)\b/m;

/**
 * Whether the notebook's Python restarts between two offsets: a `%pip` or `%restart_python`
 * cell of a Databricks notebook, or a call of `restartPython()` (not one in a comment, a string
 * or a `%md` cell). In Jupyter, `%pip` keeps the kernel running; notebooks restart it by hand
 * after an install (`IPython.Application.instance().kernel.do_shutdown(True)`, Colab's
 * `os.kill(os.getpid(), 9)`).
 */
export function restartsBetween(document: SourceDocument, model: SemanticModel, start: number, end: number): boolean {
  return restartsOf(document, model).some((restart) => restart.start >= start && restart.end <= end);
}

/**
 * The places where the notebook's Python restarts, in no particular order. Asked by every fix
 * that adds an import, they are found once per version of the text: a notebook of 4,000 cells
 * with 400 such fixes scanned every cell and every call list 400 times.
 */
function restartsOf(document: SourceDocument, model: SemanticModel): ReadonlyArray<{ start: number; end: number }> {
  // Read as the rules read it (the whole layout); then kept for the same layout and text.
  const { program } = document;
  const { text } = document.unrecorded;
  const kept = restartsByModel.get(model);
  if (kept?.program === program && kept.text === text) return kept.places;
  // In a .ipynb the magic starts a code cell (after comments): `%restart_python` is Databricks' only, `%pip` restarts only there.
  const magicFirst = new RegExp(`^(?:\\s*#[^\\n]*\\n)*\\s*%(?:restart_python${program.databricks ? '|pip' : ''})\\b`);
  const places: Array<{ start: number; end: number }> = [];
  for (const cell of program.cells) {
    if (cell.hidden) continue;
    if (cell.magic === '%pip' || cell.magic === '%restart_python' || magicFirst.test(text.slice(cell.start, Math.min(cell.end, cell.start + 400)))) {
      places.push({ start: cell.start, end: cell.start + 1 });
    }
  }
  const kills = model.callsOfImported(['kill'], (qualifiedName) => qualifiedName === 'os.kill');
  for (const site of [...model.callsNamed('restartPython', 'do_shutdown', 'kill'), ...kills]) {
    if (site.name !== 'restartPython' && site.name !== 'do_shutdown' && !killsItself(model, site)) continue;
    // IPython's kernel (`IPython.Application.instance().kernel`, `get_ipython().kernel`, also through a name), not a pool's shutdown.
    if (site.name === 'do_shutdown' && !(site.receiver && /\bkernel$/.test(model.resolveValue(site.receiver).text))) continue;
    places.push({ start: site.node.startIndex, end: site.node.endIndex });
  }
  restartsByModel.set(model, { program, text, places });
  return places;
}

/** `os.kill(os.getpid(), ...)`, under any import of os or of those names; signal 0 only checks the process exists. */
function killsItself(model: SemanticModel, site: CallSite): boolean {
  const [pid, signal] = positionalArguments(site);
  return site.qualifiedName === 'os.kill' && pid?.type === 'call' && model.callSite(pid).qualifiedName === 'os.getpid' && signal?.text !== '0';
}

const restartsByModel = new WeakMap<SemanticModel, { program: unknown; text: string; places: ReadonlyArray<{ start: number; end: number }> }>();

/** An escape's line between Python ranges: `!pip ...`, `%pip ...`, also after an export's `# MAGIC ` prefix inside a `%python` cell. */
const ESCAPE_LINE = /^([ \t]*(?:#[ \t]*MAGIC ?)?)([ \t]*[!%][^\n]*)/;
const MAGIC_PREFIX_ONLY = /^[ \t]*#[ \t]*MAGIC ?/;

/**
 * The `!` and `%` lines of code cells (IPython's shell and magic escapes, which are not Python:
 * `!pip install ...`, a Jupyter cell's `%pip install ...`, `# MAGIC !pip install ...` in an
 * export's `%python` cell), with the lines a trailing backslash carries them on to (IPython
 * joins those to the escape with a blank), each from after its `# MAGIC ` prefix. Read as the text
 * outside the code and its lines: an edit in another cell's Python does not change them.
 */
export function escapeLines(document: SourceDocument): Array<{ start: number; text: string }> {
  readLines();
  readOutsideCode();
  const { program, text } = document.unrecorded;
  const lines: Array<{ start: number; text: string }> = [];
  for (const cell of program.cells) {
    if (cell.hidden || cell.magic) continue;
    let from = cell.start;
    for (const range of [...cell.python, { start: cell.end, end: cell.end }]) {
      if (range.start > from) {
        // Lines an escape carries on to are not Python either: they are in the same gap.
        let continued = false;
        const gap = text.slice(from, range.start);
        let lineStart = 0;
        while (lineStart < gap.length) {
          const newline = gap.indexOf('\n', lineStart);
          const lineEnd = newline === -1 ? gap.length : newline;
          const line = gap.slice(lineStart, lineEnd);
          const escape = ESCAPE_LINE.exec(line);
          if (escape || continued) {
            const prefix = escape ? escape[1] : (MAGIC_PREFIX_ONLY.exec(line)?.[0] ?? '');
            // A CR before the line feed is the line's end (an export checked out on Windows).
            const body = line.slice(prefix.length, line.endsWith('\r') ? -1 : undefined);
            lines.push({ start: from + lineStart + prefix.length, text: body });
            // IPython joins a line that ends with a backslash to the next, not one with blanks after it.
            continued = body.endsWith('\\');
          }
          lineStart = lineEnd + 1;
        }
      }
      from = Math.max(from, range.end);
    }
  }
  return lines;
}

/** Lines a `%pip install` goes on to with trailing backslashes, at most. */
export const MAX_CONTINUATION_LINES = 50;

function withoutComment(args: string): string {
  return args.replace(/\s+#(?!\S*MAGIC).*$/, '').trimEnd();
}

/** The requirements among one line's arguments to pip install. */
function readRequirements(args: string, line: number, requirements: PipRequirement[]): void {
  const tokens = args.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
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
}

export function readNotebook(document: SourceDocument): NotebookInfo {
  const { program } = document;
  const cells = program.cells.map((cell) => ({
    startLine: document.positionAt(cell.start).line,
    endLine: document.positionAt(Math.max(cell.start, cell.end - 1)).line,
    magic: cell.magic,
    magicLinesPrefixed: cell.magicLinesPrefixed,
    hidden: cell.hidden,
  }));
  // `# MAGIC %pip install ...` runs only as a line of an export's magic cell; anywhere else (a
  // plain module, a Jupyter cell holding pasted export text) it is a comment.
  // A `%md` cell's lines are prose, whatever they show ("install Optuna first: %pip install optuna").
  const prefixedCells = cells.filter((cell) => cell.magic !== undefined && cell.magicLinesPrefixed && !PROSE_MAGICS.has(cell.magic));
  const runs = (requirement: PipRequirement) =>
    !/^\s*#/.test(document.lineText(requirement.line)) || prefixedCells.some((cell) => requirement.line >= cell.startLine && requirement.line <= cell.endLine);
  return {
    isDatabricksNotebook: program.databricks,
    cells,
    pipRequirements: readPipRequirements(document).filter(runs),
    runCommands: program.unresolvedRuns.map((run) => ({ target: run.target, line: document.positionAt(Math.max(0, run.at - 1)).line })),
  };
}

/** Magic cells whose lines are prose (markdown), not code that Databricks runs. */
export const PROSE_MAGICS: ReadonlySet<string> = new Set(['%md', '%md-sandbox']);

/**
 * The lines of a magic cell with what the magic runs: in a Databricks export the `# MAGIC`
 * lines with that prefix removed, in a Jupyter cell every line as it is.
 */
export function magicCellLines(document: SourceDocument, cell: NotebookCell): Array<{ line: number; body: string }> {
  const lines: Array<{ line: number; body: string }> = [];
  for (let line = cell.startLine; line <= cell.endLine && line < document.lineCount; line++) {
    const text = document.lineText(line);
    if (!cell.magicLinesPrefixed) lines.push({ line, body: text });
    else {
      const body = /^\s*#\s*MAGIC ?(.*)$/.exec(text)?.[1];
      if (body !== undefined) lines.push({ line, body });
    }
  }
  return lines;
}

/** A `%sql` cell's SQL, with offsets kept: the magic and `--` comments are blanked, not removed. */
export interface SqlCell {
  sql: string;
  /** The document offset of an offset in `sql`. */
  documentOffset(offset: number): number;
}

/**
 * The `%sql` cells of the notebook as Databricks runs them: the `# MAGIC` prefix off each line,
 * the `%sql` magic and `--` comments blanked. With `withRunCode`, also those of the code that
 * `%run` brings in (what it creates exists here too; nothing there can be reported).
 */
export function sqlCells(document: SourceDocument, notebook: NotebookInfo, withRunCode = false): SqlCell[] {
  const found: SqlCell[] = [];
  for (const cell of notebook.cells) {
    if (cell.magic !== '%sql' || (!withRunCode && cell.hidden)) continue;
    // Each line's SQL, with the document offset where it starts.
    const lines = magicCellLines(document, cell).map(({ line, body }) => ({ body, start: document.offsetAt({ line, character: document.lineText(line).length - body.length }) }));
    const first = lines.find((line) => line.body.trim() !== '');
    if (!first) continue;
    first.body = first.body.replace(/^\s*%sql\b/, (magic) => ' '.repeat(magic.length));
    const sql = lines.map((line) => line.body.replace(/--.*$/, (comment) => ' '.repeat(comment.length))).join('\n');
    // Where each line starts in `sql`: an offset in the SQL is one in its line's text.
    const sqlStarts: number[] = [];
    for (let i = 0, at = 0; i < lines.length; at += lines[i].body.length + 1, i++) sqlStarts.push(at);
    found.push({
      sql,
      documentOffset(offset) {
        let i = sqlStarts.length - 1;
        while (i > 0 && sqlStarts[i] > offset) i--;
        return lines[i].start + offset - sqlStarts[i];
      },
    });
  }
  return found;
}
