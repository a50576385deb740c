import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { Linter } from '../../rules/engine/linter';
import { loadPythonParser } from '../../rules/engine/parser';
import { plural } from '../../rules/engine/plural';
import { checkPractice, findPracticeNotebook, formatPracticeResult, type PracticeNotebook, practiceNotebookForFile, practiceNotebooks, PracticeCheckError } from '../../rules/practice';
import { examplesFolder, practiceSource, pristineFile, readPristine } from '../practiceFiles';
import type { PracticeCommand } from './args';
import { readSource } from './sourceText';

/** `mltraps practice ...`: the practice loop in a terminal. Exit codes: 0 done / listed / written, 1 traps left or new, 2 error. */

interface PracticeIO {
  cwd: string;
  out(text: string): void;
  err(line: string): void;
}

const EXIT_CLEAN = 0;
const EXIT_NOT_DONE = 1;
const EXIT_ERROR = 2;

function listing(): string {
  const width = (values: string[]) => Math.max(...values.map((value) => value.length));
  const nameWidth = width(['name', ...practiceNotebooks.map((notebook) => notebook.name)]);
  const domainWidth = width(['exam domain', ...practiceNotebooks.map((notebook) => notebook.domain)]);
  const rows = practiceNotebooks.map(
    (notebook) =>
      `${notebook.name.padEnd(nameWidth)}  ${notebook.domain.padEnd(domainWidth)}  ${String(notebook.traps).padStart(5)}  ${notebook.title} (${[notebook.file, notebook.ipynb].filter(Boolean).join(', ')})`,
  );
  return [
    `${'name'.padEnd(nameWidth)}  ${'exam domain'.padEnd(domainWidth)}  traps  notebook`,
    ...rows,
    '',
    'Write a copy: mltraps practice <name> --out DIR; fix its traps; score it: mltraps practice check FILE',
    '',
  ].join('\n');
}

function unknownNotebook(key: string): string {
  return `mltraps: no practice notebook "${key}" (one of: ${practiceNotebooks.map((notebook) => notebook.name).join(', ')})`;
}

function writeCopy(command: Extract<PracticeCommand, { kind: 'practice-copy' }>, io: PracticeIO): number {
  const notebook = findPracticeNotebook(command.notebook);
  if (!notebook) {
    io.err(unknownNotebook(command.notebook));
    return EXIT_ERROR;
  }
  const file = pristineFile(notebook, command.ipynb);
  const folder = examplesFolder();
  if (file === undefined || folder === undefined) {
    io.err(`mltraps: ${file === undefined ? `${notebook.name} has no Jupyter form (.ipynb); leave out --ipynb` : 'the practice notebooks are not installed (no examples/ next to mltraps)'}`);
    return EXIT_ERROR;
  }
  const outDir = path.resolve(io.cwd, command.out);
  const target = path.join(outDir, file);
  const shown = path.relative(io.cwd, target).startsWith('..') ? target : path.relative(io.cwd, target);
  if (fs.existsSync(target) && !command.force) {
    io.err(`mltraps: ${shown} already exists (your answers?): not overwritten; give another --out DIR, or --force to replace it with a fresh copy`);
    return EXIT_ERROR;
  }
  try {
    fs.mkdirSync(outDir, { recursive: true });
    fs.copyFileSync(path.join(folder, file), target);
  } catch (error) {
    io.err(`mltraps: cannot write ${shown}: ${(error as Error).message}`);
    return EXIT_ERROR;
  }
  io.out(`Wrote ${shown}: "${notebook.title}", ${plural(notebook.traps, 'trap')} hidden (${notebook.domain}).\nFix them, then run: mltraps practice check ${shown}\n`);
  return EXIT_CLEAN;
}

async function check(command: Extract<PracticeCommand, { kind: 'practice-check' }>, io: PracticeIO): Promise<number> {
  let notebook: PracticeNotebook | undefined;
  if (command.notebook !== undefined) {
    notebook = findPracticeNotebook(command.notebook);
    if (!notebook) {
      io.err(unknownNotebook(command.notebook));
      return EXIT_ERROR;
    }
  } else {
    notebook = practiceNotebookForFile(command.file);
    if (!notebook) {
      io.err(`mltraps: cannot tell which practice notebook ${command.file} is a copy of: keep the name mltraps practice wrote, or give --notebook NAME (see mltraps practice)`);
      return EXIT_ERROR;
    }
  }
  const file = path.resolve(io.cwd, command.file);
  let text: string;
  try {
    const read = readSource(file);
    if (!read.ok) {
      io.err(`mltraps: ${command.file}: ${read.reason}`);
      return EXIT_ERROR;
    }
    text = read.text;
  } catch (error) {
    io.err(`mltraps: cannot read ${command.file}: ${(error as Error).message}`);
    return EXIT_ERROR;
  }
  const jupyter = /\.ipynb$/i.test(file);
  const pristine = readPristine(notebook, jupyter);
  const copy = practiceSource(file, text);
  for (const [what, source] of [['the answer key', pristine], [command.file, copy]] as const) {
    if (typeof source === 'string') {
      io.err(`mltraps: ${what}: ${source}`);
      return EXIT_ERROR;
    }
  }
  if (typeof pristine === 'string' || typeof copy === 'string') return EXIT_ERROR;
  try {
    const result = checkPractice(new Linter(await loadPythonParser(), allRules), notebook, pristine, copy);
    io.out(command.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatPracticeResult(result));
    return result.complete ? EXIT_CLEAN : EXIT_NOT_DONE;
  } catch (error) {
    if (!(error instanceof PracticeCheckError)) throw error;
    io.err(`mltraps: ${command.file}: ${error.message}`);
    return EXIT_ERROR;
  }
}

export async function runPractice(command: PracticeCommand, io: PracticeIO): Promise<number> {
  switch (command.kind) {
    case 'practice-list':
      io.out(listing());
      return EXIT_CLEAN;
    case 'practice-copy':
      return writeCopy(command, io);
    case 'practice-check':
      return check(command, io);
  }
}
