import { cliFlags, setFlags } from '../bin/v8Flags';
import { benchThroughput } from './benchThroughput';

// The CLI's V8 flags (bin/v8Flags.js): the lint measured here runs as the CLI's does.
setFlags(cliFlags());

/**
 * The throughput figures of `npm run bench`, as their own program: scripts/bench.ts bundles it
 * the way the CLI is bundled (scripts/bundleOptions.json), so the lint measured beside the bare
 * parse and Ruff is the code that ships. Run from source under tsx, every closure also had its
 * name set, and the lint cost about a tenth more. The folders given to `npm run bench` come as
 * arguments. `node --require tsx/cjs scripts/throughputChild.ts [folders]` runs this part alone,
 * from source.
 */
benchThroughput(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
