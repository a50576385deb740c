import { closestSpelling } from '../../rules/semantic/spellingSuggestions';
/** The command line, parsed. Usage errors are thrown as UsageError (exit code 2). */

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github'];

export interface LintCommand {
  kind: 'lint';
  /** `['-']` alone means: read the source from stdin. */
  paths: string[];
  format: OutputFormat;
  select: string[];
  extendSelect: string[];
  ignore: string[];
  fix: boolean;
  unsafeFixes: boolean;
  /** `--config PATH`: this file for every linted file, instead of the closest one. */
  config?: string;
  /** `--isolated`: no configuration file at all. */
  isolated: boolean;
  /** `--no-respect-gitignore`: folder walks include what .gitignore excludes. */
  respectGitignore?: boolean;
  /** `--force-exclude`: files named explicitly are excluded by the configuration's exclude too. */
  forceExclude: boolean;
  /** Count findings per rule instead of listing them. */
  statistics: boolean;
  /** Exit 0 even with findings (errors still exit 2). */
  exitZero: boolean;
  showFixes: boolean;
  /** Compute the fixes, print them as a unified diff, write nothing. */
  diff: boolean;
  /** With `-`: the name stdin's source is reported (and configured) under; decides .py or .ipynb. */
  stdinFilename?: string;
  /** Only findings on stdout: no counts or "Fixed" lines on stderr. */
  quiet: boolean;
  /** `--jobs N`: lint on N worker threads (1: in this thread); default: one per core, at most 8. */
  jobs?: number;
  /** `--no-cache`: neither read nor write `.mltraps_cache/`. */
  noCache: boolean;
}

export type CliCommand =
  | LintCommand
  /** Without a topic: list the API cards. With `search`: the rules and cards whose facts mention it. */
  | { kind: 'explain'; topic?: string; search?: string }
  /** `mltraps cards`: list the cards; `--format anki`: write them as an Anki deck. */
  | { kind: 'cards'; format: 'text' | 'anki' }
  | { kind: 'rules' }
  | PracticeCommand
  | { kind: 'help' }
  | { kind: 'version' };

/** `mltraps practice`: list the practice notebooks, write a copy of one, or score a copy. */
export type PracticeCommand =
  | { kind: 'practice-list' }
  /** `notebook`: a name, file or number; `out`: the folder to write the copy into. */
  | { kind: 'practice-copy'; notebook: string; out: string; force: boolean; ipynb: boolean }
  /** `notebook`: which practice notebook `file` is a copy of, when its file name does not say. */
  | { kind: 'practice-check'; file: string; notebook?: string; format: 'text' | 'json' };

export class UsageError extends Error {}

export const USAGE = `Usage: mltraps [options] [paths...]
       mltraps explain <MLT101|rule-name|API|part of a name>
       mltraps explain --search WORD
       mltraps explain
       mltraps cards [--format anki]
       mltraps rules
       mltraps practice
       mltraps practice <name> [--out DIR] [--force] [--ipynb]
       mltraps practice check FILE [--notebook NAME] [--format text|json]

Lints Python files, Databricks notebook exports (.py) and Jupyter notebooks (.ipynb) for the
PySpark / MLflow / Databricks traps of the Databricks ML Professional exam. Paths default to
"."; folders are searched recursively for .py and .ipynb files, skipping what .gitignore and
the configuration's exclude list leave out (by default .git, node_modules, __pycache__, .tox,
site-packages, .venv, build, dist, .ipynb_checkpoints, ...) and virtualenvs. Files named
explicitly are always linted.

Configuration: [tool.mltraps] in pyproject.toml, or mltraps.toml / .mltraps.toml; the file
closest to each linted file applies (see the README's Configuration section).

"mltraps practice" lists the practice notebooks: each hides traps of the exam. "mltraps
practice <name> --out DIR" writes a copy into DIR (the current folder without --out; an
existing file only with --force; --ipynb: the Jupyter form, where there is one). Fix the
copy, then "mltraps practice check FILE" scores it: traps fixed, traps still there (with a
hint) and traps you introduced; exit 0 when every trap is fixed and none is new, else 1.

"mltraps explain" prints a rule (by id or name) or an API's exam hint (mapInPandas,
spark_udf, CrossValidator, ...); any part of a key or name finds it too (any letter case):
one match is printed, several are listed, and a misspelt name gets "did you mean ...".
"mltraps explain --search WORD" lists the rules and cards whose titles or facts mention
every word given. Without an argument it lists the APIs it knows.
"mltraps cards" lists the API cards and rules; "mltraps cards --format anki" writes them all
to stdout as a tab-separated flashcard deck for Anki's File > Import.

Options:
  --format text|json|sarif|github
                             output format (default: text); github: workflow commands that
                             GitHub Actions shows as annotations on the diff
  --select LIST              only these rules: comma-separated ids, id prefixes (MLT1) or names
                             (replaces the configuration's select and ignore)
  --extend-select LIST       these rules too (same forms)
  --ignore LIST              not these rules (same forms; added to the configuration's)
  --fix                      apply safe fixes in place, then print what remains
  --unsafe-fixes             with --fix or --diff, also apply unsafe fixes (placeholders, rewritten logic)
  --diff                     print the safe fixes as a unified diff instead of applying them;
                             writes nothing (exit 1 if a file would change)
  --show-fixes               with --fix: list on stderr what was fixed per file and rule;
                             without: mark fixable findings [*] and list each one's fixes
  --statistics               print the number of findings per rule (text or json)
  --exit-zero                exit 0 even when there are findings
  -q, --quiet                print only the findings: no counts or "Fixed" lines on stderr
  --stdin-filename NAME      with "-": the name of the source read from stdin (messages, and
                             .ipynb or .py); with --fix the fixed source goes to stdout
  --config PATH              use this configuration file for every file (pyproject.toml,
                             mltraps.toml or .mltraps.toml) instead of the closest one
  --isolated                 read no configuration file
  --no-respect-gitignore     also lint what .gitignore excludes
  --force-exclude            apply exclude / extend-exclude to files named explicitly too
                             (for pre-commit, which names every staged file)
  -j, --jobs N               lint on N threads (default: one per CPU core, at most 8; 1: no
                             worker threads; --fix runs in one); the output is the same whatever N
  --no-cache                 neither read nor write the results cache (.mltraps_cache/ in the
                             folder of the configuration file, or the current folder)
  --version                  print the version
  -h, --help                 print this help

"mltraps -" reads one source from stdin.

Exit codes: 0 no findings, 1 findings (with --diff: a file would change), 2 usage or I/O
error, or every file found skipped.
A folder named "rules", "explain", "cards" or "practice" is linted with "mltraps ./rules".`;

/** The lint options, for "did you mean": every `case` of parseArgs' switch. */
const LINT_OPTIONS = ['--help', '--version', '--format', '--select', '--extend-select', '--ignore', '--config', '--isolated', '--no-respect-gitignore', '--force-exclude', '--fix', '--unsafe-fixes', '--statistics', '--exit-zero', '--show-fixes', '--diff', '--stdin-filename', '--quiet', '--jobs', '--no-cache'];

/** Ruff's names for what mltraps calls otherwise: lint jobs in CI often run both tools. */
const RUFF_OPTIONS: Record<string, string> = { '--output-format': '--format', '--extend-ignore': '--ignore' };

const COMMANDS = ['explain', 'cards', 'rules', 'practice'];

/** The message for an option parseArgs does not know, with the option or command most likely meant. */
function unknownOption(name: string): string {
  const bare = name.replace(/^-+/, '');
  if (COMMANDS.includes(bare)) return `unknown option ${name}: ${bare} is a command, written first: "mltraps ${bare}${bare === 'explain' ? ' MLT101' : ''}"`;
  const meant = RUFF_OPTIONS[name] ?? (name.startsWith('--') ? closestSpelling(name, LINT_OPTIONS) : undefined);
  return meant ? `unknown option ${name}: did you mean ${meant}? (see mltraps --help)` : `unknown option ${name} (see mltraps --help)`;
}

function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

export function parseArgs(argv: readonly string[]): CliCommand {
  if (argv[0] === 'explain') {
    if (argv.length === 1 || (argv.length === 2 && argv[1] === '--list')) return { kind: 'explain' };
    if (argv[1] === '--search' || argv[1].startsWith('--search=')) {
      const search = argv[1].startsWith('--search=') ? [argv[1].slice('--search='.length), ...argv.slice(2)] : argv.slice(2);
      const words = search.join(' ').trim();
      if (!words) throw new UsageError('explain --search needs a word, e.g. "mltraps explain --search watermark"');
      return { kind: 'explain', search: words };
    }
    if (argv.length !== 2) throw new UsageError('explain takes one rule id or name or one API, e.g. "mltraps explain MLT101" or "mltraps explain mapInPandas"');
    return { kind: 'explain', topic: argv[1] };
  }
  if (argv[0] === 'cards') {
    const rest = argv.slice(1);
    if (rest.length === 0) return { kind: 'cards', format: 'text' };
    const format = rest.length === 1 && rest[0].startsWith('--format=') ? rest[0].slice('--format='.length) : rest.length === 2 && rest[0] === '--format' ? rest[1] : undefined;
    if (format === 'anki' || format === 'text') return { kind: 'cards', format };
    throw new UsageError('cards takes only --format anki (or text), e.g. "mltraps cards --format anki > mltraps.txt"');
  }
  if (argv[0] === 'rules') {
    if (argv.length !== 1) throw new UsageError('rules takes no arguments');
    return { kind: 'rules' };
  }

  if (argv[0] === 'practice') return parsePractice(argv.slice(1));

  const lint: LintCommand = {
    kind: 'lint',
    paths: [],
    format: 'text',
    select: [],
    extendSelect: [],
    ignore: [],
    fix: false,
    unsafeFixes: false,
    statistics: false,
    exitZero: false,
    showFixes: false,
    diff: false,
    quiet: false,
    isolated: false,
    forceExclude: false,
    noCache: false,
  };
  let formatGiven = false;
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      lint.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const inlineValue = equals === -1 ? undefined : arg.slice(equals + 1);
    const value = (): string => {
      if (inlineValue !== undefined) return inlineValue;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`option ${name} needs a value`);
      i++;
      return next;
    };
    const flag = () => {
      if (inlineValue !== undefined) throw new UsageError(`option ${name} takes no value`);
    };
    switch (name) {
      case '-h':
      case '--help':
        return { kind: 'help' };
      case '-V':
      case '--version':
        return { kind: 'version' };
      case '--format': {
        const format = value();
        if (!FORMATS.includes(format as OutputFormat)) throw new UsageError(`unknown format "${format}" (expected text, json, sarif or github)`);
        lint.format = format as OutputFormat;
        formatGiven = true;
        break;
      }
      case '--select':
        lint.select.push(...splitList(value()));
        break;
      case '--extend-select':
        lint.extendSelect.push(...splitList(value()));
        break;
      case '--ignore':
        lint.ignore.push(...splitList(value()));
        break;
      case '--config':
        lint.config = value();
        break;
      case '--isolated':
        flag();
        lint.isolated = true;
        break;
      case '--no-respect-gitignore':
        flag();
        lint.respectGitignore = false;
        break;
      case '--force-exclude':
        flag();
        lint.forceExclude = true;
        break;
      case '--fix':
        flag();
        lint.fix = true;
        break;
      case '--unsafe-fixes':
        flag();
        lint.unsafeFixes = true;
        break;
      case '--statistics':
        flag();
        lint.statistics = true;
        break;
      case '--exit-zero':
        flag();
        lint.exitZero = true;
        break;
      case '--show-fixes':
        flag();
        lint.showFixes = true;
        break;
      case '--diff':
        flag();
        lint.diff = true;
        break;
      case '--stdin-filename':
        lint.stdinFilename = value();
        break;
      case '-q':
      case '--quiet':
        flag();
        lint.quiet = true;
        break;
      case '-j':
      case '--jobs': {
        const jobs = value();
        if (!/^[1-9]\d{0,3}$/.test(jobs)) throw new UsageError(`${name} needs a whole number of threads from 1, not "${jobs}"`);
        lint.jobs = Number(jobs);
        break;
      }
      case '--no-cache':
        flag();
        lint.noCache = true;
        break;
      default:
        throw new UsageError(unknownOption(name));
    }
  }
  checkCombinations(lint, formatGiven);
  if (lint.paths.length === 0) lint.paths.push('.');
  return lint;
}

/** Options that contradict each other or do nothing together are refused, never silently ignored. */
function checkCombinations(lint: LintCommand, formatGiven: boolean): void {
  if (lint.unsafeFixes && !lint.fix && !lint.diff) throw new UsageError('--unsafe-fixes only works together with --fix or --diff');
  if (lint.diff) {
    if (formatGiven && lint.format !== 'text') throw new UsageError(`--diff prints a unified diff: it cannot be combined with --format ${lint.format}`);
    if (lint.statistics) throw new UsageError('--diff and --statistics cannot be combined (--diff prints the fixes, not the findings)');
    if (lint.showFixes) throw new UsageError('--diff and --show-fixes cannot be combined (--diff already shows every fix)');
  }
  if (lint.statistics && lint.format !== 'text' && lint.format !== 'json') {
    throw new UsageError(`--statistics prints text or json, not ${lint.format}`);
  }
  if (lint.showFixes && !lint.fix && (lint.format !== 'text' || lint.statistics)) {
    throw new UsageError('--show-fixes without --fix marks fixes in the text findings; json and sarif list them already (use --show-fixes with --fix to list what was fixed)');
  }
  const stdin = lint.paths.includes('-');
  if (stdin && lint.paths.length > 1) throw new UsageError('"-" (read stdin) cannot be combined with other paths');
  if (lint.stdinFilename !== undefined && !stdin) throw new UsageError('--stdin-filename names the source read from stdin: give "-" as the path');
  if (lint.stdinFilename === '') throw new UsageError('--stdin-filename needs a file name');
  if (lint.isolated && lint.config !== undefined) throw new UsageError('--config and --isolated cannot be used together (--isolated reads no configuration file)');
}

/** `practice`, `practice <name> [--out DIR] [--force] [--ipynb]`, `practice check FILE [--notebook NAME] [--format F]`. */
function parsePractice(argv: readonly string[]): PracticeCommand {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const valued = new Set(['--out', '--notebook', '--format']);
  const flags = new Set(['--force', '--ipynb']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') throw new UsageError('practice: see the Usage lines of mltraps --help');
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    if (valued.has(name)) {
      const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
      if (value === undefined || value === '' || (equals === -1 && value.startsWith('--'))) throw new UsageError(`option ${name} needs a value`);
      options.set(name, value);
    } else if (flags.has(name)) {
      if (equals !== -1) throw new UsageError(`option ${name} takes no value`);
      options.set(name, true);
    } else throw new UsageError(`practice: unknown option ${name} (see mltraps --help)`);
  }
  const only = (command: string, allowed: readonly string[]) => {
    const extra = [...options.keys()].filter((name) => !allowed.includes(name));
    if (extra.length > 0) throw new UsageError(`${command} does not take ${extra.join(', ')}`);
  };
  if (positional.length === 0) {
    only('practice (the list)', []);
    return { kind: 'practice-list' };
  }
  if (positional[0] === 'check') {
    if (positional.length !== 2) throw new UsageError('practice check takes one file: mltraps practice check 01_spark_ml_pipelines.py');
    only('practice check', ['--notebook', '--format']);
    const format = options.get('--format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`practice check prints text or json, not ${String(format)}`);
    const notebook = options.get('--notebook');
    return { kind: 'practice-check', file: positional[1], format, ...(typeof notebook === 'string' ? { notebook } : {}) };
  }
  if (positional.length !== 1) throw new UsageError('practice takes one notebook name: mltraps practice spark-ml --out DIR');
  only('practice <name>', ['--out', '--force', '--ipynb']);
  const out = options.get('--out');
  return { kind: 'practice-copy', notebook: positional[0], out: typeof out === 'string' ? out : '.', force: options.has('--force'), ipynb: options.has('--ipynb') };
}
