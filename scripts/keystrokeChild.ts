import { notebook, seededRandom } from './benchNotebooks';
import { reportKeystrokes } from './keystrokeBench';

/**
 * The keystroke figures of `npm run bench`, as their own program: scripts/bench.ts bundles it
 * the way the language server is bundled (scripts/bundleOptions.json) and runs it with the
 * server's V8 flags, so the code measured is compiled as the code that ships. The folders given
 * to `npm run bench` come as arguments: their largest files are typed into too.
 */
reportKeystrokes((lines, seed) => notebook(seededRandom(seed), lines, 0, 0.75), process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
