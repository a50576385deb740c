import { allRules } from '../../rules';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IncludedTreeCache } from '../../rules/engine/includedTrees';
import { Linter } from '../../rules/engine/linter';
import { loadPythonParser } from '../../rules/engine/parser';
import { explainText } from '../../rules/engine/ruleDocs';
import { allApiCards, apiCardListing, apiCardText } from '../../rules/examHints';
import { ankiDeck } from './ankiDeck';
import { lookupTopic, searchTopics, topicListing, type Topic } from './explainLookup';
import { version } from '../../package.json';
import { plural } from '../../rules/engine/plural';
import { runPractice } from './practice';
import { parseArgs, USAGE, UsageError, type CliCommand, type LintCommand } from './args';
import { discoverSourceFiles, MissingPathError, type SourceFile } from './fileDiscovery';
import { fixSummary } from './fixSummary';
import { formatFindings } from './formatters';
import { defaultThreads, lintFiles, type LintFilesResult } from './lintFiles';
import { formatConfigWarning } from '../configuration/configFile';
import { ConfigFileError, ConfigResolver, type ConfigSource } from '../configuration/configResolver';
import { lintSettingsResolver } from '../configuration/lintSettings';
import { unknownRulePatterns } from '../configuration/rulePatterns';
import { formatStatisticsJson, formatStatisticsText, ruleStatistics } from './statistics';
import { createInclusionReader } from '../inclusions';
import { ResultCache, sha256 } from './resultCache';
import { stdinSourceFile } from './stdinSource';
import { summaryLine } from './summary';
import { fileDiff } from './unifiedDiff';

/**
 * `mltraps [paths...]`: the same engine as the language server, for terminals and CI.
 * stdout holds exactly the findings (text, JSON, SARIF or GitHub workflow commands), the
 * --statistics, the --diff, or for stdin with --fix the fixed source; everything else goes to
 * stderr. Exit codes: 0 no findings, 1 findings (--diff: a file would change), 2 usage or I/O
 * error, or nothing linted.
 */

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;

export interface CliIO {
  cwd: string;
  /** stdout: findings, diffs, or (stdin with --fix) the fixed source. */
  out(text: string | Uint8Array): void;
  err(line: string): void;
  /** All of stdin, for `mltraps -`. */
  readStdin(): Uint8Array;
  /**
   * The CLI bundle, which lint worker threads run (`--jobs`); it also identifies the build for
   * the results cache. Without it every file is linted in this thread.
   */
  lintWorkerScript?: string;
  /**
   * bin/compileCache.js, when it is there: lint workers load the bundle through V8's code cache,
   * as bin/mltraps.js loads it in the main thread.
   */
  lintWorkerLoader?: string;
}

function rulesListing(): string {
  const idWidth = Math.max(...allRules.map((rule) => rule.meta.id.length));
  const nameWidth = Math.max(...allRules.map((rule) => rule.meta.name.length));
  const severityWidth = Math.max(...allRules.map((rule) => rule.meta.severity.length));
  return allRules
    .map((rule) => `${rule.meta.id.padEnd(idWidth)}  ${rule.meta.name.padEnd(nameWidth)}  ${rule.meta.severity.padEnd(severityWidth)}  ${rule.meta.title}\n`)
    .join('');
}

function configSourceOf(command: LintCommand, cwd: string): ConfigSource {
  if (command.isolated) return { kind: 'isolated' };
  if (command.config !== undefined) return { kind: 'file', path: path.resolve(cwd, command.config) };
  return { kind: 'discover' };
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/**
 * 2 when a file could not be read or written, or when files were given and none could be linted
 * (never "no findings"). Notebooks in another language do not count: a pre-commit run on a
 * commit that touches only a SQL notebook has nothing to lint, and must not fail.
 */
function errorExit(result: LintFilesResult): number | undefined {
  if (result.ioErrors > 0) return EXIT_ERROR;
  if (result.linted === 0 && result.skipped > result.otherLanguage) return EXIT_ERROR;
  return undefined;
}

/** What --diff says on stderr after the diffs, as Ruff's "Would fix N errors.". */
function wouldFixLine(result: LintFilesResult): string {
  if (result.fixesApplied === 0) return 'No fixes to apply.';
  return `Would fix ${plural(result.fixesApplied, 'finding')} in ${plural(result.filesFixed, 'file')}.`;
}

function readStdinSource(command: LintCommand, io: CliIO): SourceFile {
  let contents: Uint8Array;
  try {
    contents = io.readStdin();
  } catch (error) {
    throw new MissingPathError(`-: cannot read stdin: ${(error as Error).message}`);
  }
  return stdinSourceFile(contents, io.cwd, command.stdinFilename);
}

/** The project root (the folder of the configuration file that applies to the cwd, or the cwd). */
function projectRoot(config: ConfigResolver, cwd: string): string {
  try {
    return config.forFolder(cwd)?.folder ?? cwd;
  } catch {
    return cwd;
  }
}

/**
 * What distinguishes this engine from any other: the version, and the bundle's own bytes (a
 * rebuild is another engine). Undefined when the engine is no bundle: run from source
 * (server/cli.ts under tsx), the rules are files of their own that the entry's bytes do not
 * hold, and a rule edited since the last run met the entries of the code before it.
 */
function engineIdentity(io: CliIO): string | undefined {
  if (io.lintWorkerScript === undefined || !io.lintWorkerScript.endsWith('.js')) return undefined;
  try {
    return `${version}-${sha256(fs.readFileSync(io.lintWorkerScript)).slice(0, 16)}`;
  } catch {
    // An unreadable bundle: no identity to key results on.
    return undefined;
  }
}

/** The results cache; none for an engine that cannot say which build it is (engineIdentity). */
function resultCache(config: ConfigResolver, io: CliIO): ResultCache | undefined {
  const engine = engineIdentity(io);
  return engine === undefined ? undefined : new ResultCache(projectRoot(config, io.cwd), engine, createInclusionReader());
}

async function runLint(command: LintCommand, io: CliIO): Promise<number> {
  for (const [option, patterns] of [['--select', command.select], ['--extend-select', command.extendSelect], ['--ignore', command.ignore]] as const) {
    const unknown = unknownRulePatterns(allRules, patterns);
    if (unknown.length > 0) {
      io.err(`mltraps: ${option}: unknown rule ${unknown.join(', ')} (see mltraps rules)`);
      return EXIT_ERROR;
    }
  }
  // Configuration warnings go where the file being configured has its messages (lintFiles
  // prints them in the files' order); during discovery, straight to stderr.
  let configWarning = io.err;
  const config = new ConfigResolver(configSourceOf(command, io.cwd), (warning) =>
    configWarning(`mltraps: warning: ${formatConfigWarning({ ...warning, file: displayPath(warning.file, io.cwd) })}`),
  );
  const stdin = command.paths.length === 1 && command.paths[0] === '-';
  const discovered = stdin ? { files: [readStdinSource(command, io)], skipped: [] } : discoverSourceFiles(command.paths, io.cwd, { config, respectGitignore: command.respectGitignore, forceExclude: command.forceExclude });
  for (const { displayPath: skippedPath, reason } of discovered.skipped) io.err(`${skippedPath}: skipped: ${reason}`);
  const sources = discovered.files;
  const overrides = { select: command.select, extendSelect: command.extendSelect, ignore: command.ignore };
  const resolveSettings = lintSettingsResolver(overrides);
  // One cache of `%run` code trees per run: most notebooks of a repository run the same setup notebooks.
  const result = await lintFiles(async () => new Linter(await loadPythonParser(), allRules, new IncludedTreeCache()), sources, {
    settingsFor: (file, warn) => {
      configWarning = warn;
      try {
        return resolveSettings(config.forFile(file), file);
      } finally {
        configWarning = io.err;
      }
    },
    fix: command.fix || command.diff,
    unsafeFixes: command.unsafeFixes,
    // --diff and stdin never write: the fixes go to stdout.
    write: command.fix && !command.diff && !stdin,
    warn: io.err,
    // --fix writes files in this thread, in path order, as before: a fixed file can be the
    // %run target or star-imported module of a file linted after it, and which version that
    // file sees must not depend on which worker got there first. --diff writes nothing, so it
    // runs on the workers like a lint.
    jobs: stdin || (command.fix && !command.diff) ? 1 : (command.jobs ?? { auto: defaultThreads(os.availableParallelism()) }),
    workerScript: io.lintWorkerScript,
    workerLoader: io.lintWorkerLoader,
    // Fixing changes the files (their next lint is keyed by the new bytes); stdin has no file.
    cache: command.noCache || command.fix || command.diff || stdin ? undefined : resultCache(config, io),
  });
  result.skipped += discovered.skipped.length;
  const status = (line: string) => {
    if (!command.quiet) io.err(line);
  };

  if (command.diff) {
    io.out(result.fixed.map(fileDiff).join(''));
    if (errorExit(result) === undefined) status(wouldFixLine(result));
    else status(summaryLine(result.files, result.linted, result.skipped, result.otherLanguage));
    return errorExit(result) ?? (command.exitZero || result.fixed.length === 0 ? EXIT_CLEAN : EXIT_FINDINGS);
  }

  // On stdin, --fix prints the fixed source to stdout (as Ruff does), so the findings go to stderr.
  const fixedToStdout = stdin && command.fix;
  const printFindings = (text: string) => {
    if (!fixedToStdout) io.out(text);
    else if (text !== '') io.err(text.replace(/\n$/, ''));
  };
  if (fixedToStdout) {
    const [source] = sources;
    const fixed = result.lastText;
    io.out(fixed === undefined ? (source.contents ?? new Uint8Array()) : fixed.bom ? `\uFEFF${fixed.text}` : fixed.text);
  }
  if (command.statistics) {
    const statistics = ruleStatistics(result.files, command.fix && command.unsafeFixes ? ['safe', 'unsafe'] : ['safe']);
    printFindings(command.format === 'json' ? formatStatisticsJson(statistics) : formatStatisticsText(statistics));
  } else {
    printFindings(formatFindings(command.format, result.files, allRules, version, { showFixes: command.showFixes && !command.fix }));
  }
  // What --show-fixes asks for is printed even with --quiet, as Ruff does.
  if (command.fix && command.showFixes) for (const line of fixSummary(result.fixed)) io.err(line);
  if (command.fix) status(`Fixed ${plural(result.fixesApplied, 'finding')} in ${plural(result.filesFixed, 'file')}.`);
  status(summaryLine(result.files, result.linted, result.skipped, result.otherLanguage));
  const error = errorExit(result);
  if (error !== undefined) return error;
  if (command.exitZero) return EXIT_CLEAN;
  return result.files.some((file) => file.findings.length > 0) ? EXIT_FINDINGS : EXIT_CLEAN;
}

function countTopics(count: number): string {
  return count === 1 ? '1 rule or card' : `${count} rules and cards`;
}

function topicText(topic: Topic): string {
  return topic.kind === 'rule' ? explainText(topic.rule) : apiCardText(topic.card);
}

/**
 * A rule by id or name first (`MLT201`), then an API card by key or short name (`spark_udf`),
 * then any rule or card whose name contains the topic; `--search` looks in titles and facts.
 */
function explain(topic: string | undefined, search: string | undefined, io: CliIO): number {
  if (search !== undefined) {
    const found = searchTopics(search);
    if (found.length === 0) {
      io.err(`mltraps: no rule or API card mentions "${search}"`);
      return EXIT_ERROR;
    }
    io.out(`${countTopics(found.length)} mention${found.length === 1 ? 's' : ''} "${search}" (mltraps explain <key>):\n${topicListing(found)}`);
    return EXIT_CLEAN;
  }
  if (topic === undefined) {
    io.out(`API exam hints (mltraps explain <API>; rules: mltraps rules):\n${apiCardListing(allApiCards)}`);
    return EXIT_CLEAN;
  }
  const lookup = lookupTopic(topic);
  switch (lookup.kind) {
    case 'one':
      io.out(topicText(lookup.topic));
      if (lookup.others.length > 0) io.out(`Also found for "${topic}" (mltraps explain <key>): ${lookup.others.map((other) => other.key).join(', ')}\n`);
      return EXIT_CLEAN;
    case 'several':
      io.out(`"${topic}" matches ${countTopics(lookup.topics.length)} (mltraps explain <key>):\n${topicListing(lookup.topics)}`);
      return EXIT_CLEAN;
    case 'none': {
      const hint = lookup.suggestions.length > 0 ? `did you mean ${lookup.suggestions.join(', ')}? ` : '';
      io.err(`mltraps: unknown rule or API "${topic}" (${hint}see mltraps rules for the rules, mltraps explain for the APIs)`);
      return EXIT_ERROR;
    }
  }
}

/** `mltraps cards`: the cards and rules, one line each; `--format anki`: the flashcard deck. */
function cards(format: 'text' | 'anki', io: CliIO): number {
  if (format === 'anki') {
    io.out(ankiDeck(allRules, allApiCards));
    return EXIT_CLEAN;
  }
  const topics: Topic[] = [...allRules.map((rule): Topic => ({ kind: 'rule', rule })), ...allApiCards.map((card): Topic => ({ kind: 'card', card }))];
  io.out(`${plural(topics.length, 'card')} (${allRules.length} rules, ${allApiCards.length} APIs; mltraps explain <key>, mltraps cards --format anki):\n${topicListing(topics)}`);
  return EXIT_CLEAN;
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let command: CliCommand;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`mltraps: ${error.message}`);
      return EXIT_ERROR;
    }
    throw error;
  }
  switch (command.kind) {
    case 'help':
      io.out(`${USAGE}\n`);
      return EXIT_CLEAN;
    case 'version':
      io.out(`${version}\n`);
      return EXIT_CLEAN;
    case 'rules':
      io.out(rulesListing());
      return EXIT_CLEAN;
    case 'explain':
      return explain(command.topic, command.search, io);
    case 'cards':
      return cards(command.format, io);
    case 'practice-list':
    case 'practice-copy':
    case 'practice-check':
      return runPractice(command, io);
    case 'lint':
      try {
        return await runLint(command, io);
      } catch (error) {
        if (error instanceof MissingPathError || error instanceof ConfigFileError) {
          io.err(`mltraps: ${error.message}`);
          return EXIT_ERROR;
        }
        throw error;
      }
  }
}
