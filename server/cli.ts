import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './cli/main';
import { isLintWorker, runLintWorker } from './cli/lintWorker';
import { cliFlags, setFlags } from '../bin/v8Flags';

/** bin/compileCache.js beside dist/ (the npm package's layout), when it is there. */
function compileCacheLoader(): string | undefined {
  const loader = path.join(__dirname, '..', 'bin', 'compileCache.js');
  return fs.existsSync(loader) ? loader : undefined;
}

// The CLI's entry point (bundled to dist/cli.js, started by bin/mltraps.js); started again as a
// worker thread, the bundle is a lint worker's entry too (--jobs), so it ships no other file.
if (isLintWorker()) {
  // A failure to start is the worker's error event in the main thread, which reports it.
  void runLintWorker();
} else {
  // bin/mltraps.js set them already; `node dist/cli.js` gets them here (the worker threads share them).
  setFlags(cliFlags());
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // `mltraps | head` closes the pipe early: not an error worth a stack trace.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (line) => process.stderr.write(`${line}\n`),
    readStdin: () => fs.readFileSync(0),
    lintWorkerScript: __filename,
    lintWorkerLoader: compileCacheLoader(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`mltraps: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
