import * as fs from 'node:fs';
import { runCli } from './cli/main';

// The CLI's entry point (bundled to dist/cli.js, started by bin/mltraps.js).
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
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mltraps: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
