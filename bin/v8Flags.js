// @ts-check
'use strict';
// The V8 flags each command sets on itself. bin/mltraps.js and bin/mltraps-server.js set them
// before they load their bundle through V8's code cache (bin/compileCache.js), and the bundles
// set them again when started directly (the same values: the flags do not change). V8 rejects a
// code cache written under other flags: while the server changed its flags only once loaded,
// the cache written when it exited was rejected by the next start, and written again, at every
// start.

/**
 * The CLI's flags on the V8 they were measured with (Node 20's V8 11.3); none on another V8,
 * whose compilers tier up differently and may not know a flag (V8 prints an error for an unknown
 * one).
 *
 * A CLI run is short and cold: V8's optimizing compiler, on its background threads, was a third
 * of a run's CPU (1.3-1.7 of 4.1-4.5 CPU-seconds over 2,219 real files), much of it for functions
 * that had little left to run once compiled, and every lint worker thread compiles the same
 * functions again. So the CLI optimizes a function later (an interrupt budget of 600 KB of
 * bytecode instead of 132 KB) and inlines less into it (300 bytes of bytecode instead of 920).
 * Measured on this project's 2-core VM, best of three alternated runs, `--no-cache`:
 * - 2,219 files, one thread: 3.52 CPU-seconds instead of 4.31, the same wall time (2.93 s);
 * - the same files, two threads: 2.60 s instead of 3.50 (4.4 CPU-seconds instead of 6.2);
 * - dbdemos (309 files): 0.98 CPU-seconds instead of 1.38, 0.78 s instead of 0.85.
 * @param {string} [v8Version]
 * @returns {string[]}
 */
function cliFlags(v8Version = process.versions.v8) {
  return /^11\.3\./.test(v8Version) ? ['--interrupt-budget=600000', '--max-inlined-bytecode-size-cumulative=300'] : [];
}

/**
 * The server's flags, by how it was started.
 *
 * With its young generation bounded (server/nodeFlags.ts's SERVER_NODE_FLAGS, as the VS Code
 * extension starts it): --heap-growing-percent=50, the old generation may grow by half before
 * the next full collection (V8's own factor, between 1.1 and 4, follows how fast its collector
 * runs). With 20 notebooks open and edited 600 times the resident set is what
 * --optimize-for-size kept (practice notebooks: 100-104 MB after the edits, 97-100 with it;
 * 87-91 MB a few seconds later either way). With --optimize-for-size (a factor of 1.3, every
 * full collection in V8's memory-reducing mode, one every 30 or so keystrokes on this bench),
 * keystroke p95 was 16-18 ms at 2,000 lines and 52-64 ms at 10,000; with this flag 11-17 and
 * 34-47 ms (`npm run bench` measures keystrokes under these flags). What it cost, measured then:
 * with 20 of the largest real notebooks the peak while editing was 146-150 MB instead of 130 (at
 * rest 112-114 MB instead of 115-116). Since old document versions are no longer kept alive
 * (95d4a81), the same 20 notebooks peak at 135 MB with this flag, 105-106 MB at rest.
 *
 * As plain node (`mltraps-server`, as other editors start it) the young generation keeps V8's
 * default size, which cannot be changed from inside: --optimize-for-size, which bounds it too,
 * stays. With --heap-growing-percent=50 alone the practice notebooks held 130-133 MB after the
 * edits and still 12 s later; with --optimize-for-size 99-117 MB, then 90-92.
 * @param {readonly string[]} execArgv
 * @param {string} [nodeOptions]
 * @returns {string[]}
 */
function serverFlags(execArgv, nodeOptions = '') {
  const youngGenerationBounded = [...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => /^--max[-_]semi[-_]space[-_]size(=|$)/.test(flag));
  return youngGenerationBounded ? ['--heap-growing-percent=50'] : ['--optimize-for-size'];
}

/**
 * @param {readonly string[]} flags
 * @returns {void}
 */
function setFlags(flags) {
  if (flags.length > 0) require('node:v8').setFlagsFromString(flags.join(' '));
}

module.exports = { cliFlags, serverFlags, setFlags };
