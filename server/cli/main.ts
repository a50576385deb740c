import { allRules, findRule } from '../../rules';
import * as path from 'node:path';
import { Linter } from '../../rules/engine/linter';
import { loadPythonParser } from '../../rules/engine/parser';
import { explainText } from '../../rules/engine/ruleDocs';
import { allApiCards, apiCardListing, apiCardText, findApiCards } from '../../rules/examHints';
import { version } from '../../package.json';
import { parseArgs, USAGE, UsageError, type CliCommand } from './args';
import { discoverSourceFiles, MissingPathError } from './fileDiscovery';
import { formatFindings } from './formatters';
import { lintFiles } from './lintFiles';
import { formatConfigWarning } from '../configuration/configFile';
import { ConfigFileError, ConfigResolver, type ConfigSource } from '../configuration/configResolver';
import { resolveLintSettings } from '../configuration/lintSettings';
import { unknownRulePatterns } from '../configuration/rulePatterns';
import { summaryLine } from './summary';

/**
 * `mltraps [paths...]`: the same engine as the language server, for terminals and CI.
 * stdout holds exactly the findings (text, JSON or SARIF); everything else goes to stderr.
 * Exit codes: 0 no findings, 1 findings, 2 usage or I/O error.
 */

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;

type LintCommand = Extract<CliCommand, { kind: 'lint' }>;

export interface CliIO {
  cwd: string;
  out(text: string): void;
  err(line: string): void;
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

async function runLint(command: LintCommand, io: CliIO): Promise<number> {
  for (const [option, patterns] of [['--select', command.select], ['--extend-select', command.extendSelect], ['--ignore', command.ignore]] as const) {
    const unknown = unknownRulePatterns(allRules, patterns);
    if (unknown.length > 0) {
      io.err(`mltraps: ${option}: unknown rule ${unknown.join(', ')} (see mltraps rules)`);
      return EXIT_ERROR;
    }
  }
  const config = new ConfigResolver(configSourceOf(command, io.cwd), (warning) =>
    io.err(`mltraps: warning: ${formatConfigWarning({ ...warning, file: displayPath(warning.file, io.cwd) })}`),
  );
  const discovered = discoverSourceFiles(command.paths, io.cwd, { config, respectGitignore: command.respectGitignore });
  for (const { displayPath: skippedPath, reason } of discovered.skipped) io.err(`${skippedPath}: skipped: ${reason}`);
  const linter = new Linter(await loadPythonParser(), allRules);
  const overrides = { select: command.select, extendSelect: command.extendSelect, ignore: command.ignore };
  const result = lintFiles(linter, discovered.files, {
    settingsFor: (file) => resolveLintSettings(config.forFile(file), file, overrides),
    fix: command.fix,
    unsafeFixes: command.unsafeFixes,
    warn: io.err,
  });
  result.skipped += discovered.skipped.length;
  io.out(formatFindings(command.format, result.files, allRules, version));
  if (command.fix) io.err(`Fixed ${result.fixesApplied} finding${result.fixesApplied === 1 ? '' : 's'} in ${result.filesFixed} file${result.filesFixed === 1 ? '' : 's'}.`);
  io.err(summaryLine(result.files, result.linted, result.skipped));
  if (result.ioErrors > 0) return EXIT_ERROR;
  // Files were given and none could be linted (not notebook JSON, not text): never "no findings".
  if (result.linted === 0 && result.skipped > 0) return EXIT_ERROR;
  return result.files.some((file) => file.findings.length > 0) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** A rule by id or name first (`MLT201`), then an API card by key or short name (`spark_udf`). */
function explain(topic: string | undefined, io: CliIO): number {
  if (topic === undefined) {
    io.out(`API exam hints (mltraps explain <API>; rules: mltraps rules):\n${apiCardListing(allApiCards)}`);
    return EXIT_CLEAN;
  }
  const rule = findRule(topic);
  if (rule) {
    io.out(explainText(rule));
    return EXIT_CLEAN;
  }
  const [card, ...others] = findApiCards(topic);
  if (!card) {
    io.err(`mltraps: unknown rule or API "${topic}" (see mltraps rules for the rules, mltraps explain for the APIs)`);
    return EXIT_ERROR;
  }
  io.out(apiCardText(card));
  if (others.length > 0) io.out(`Also found for "${topic}" (mltraps explain <key>): ${others.map((other) => other.key).join(', ')}\n`);
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
      return explain(command.topic, io);
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
