/**
 * Node flags the mltraps server is started with where the client starts node itself (the VS
 * Code extension; scripts/benchMemory.ts measures it both ways). V8 fixes the young generation's
 * size when the process starts, so this cannot be set from inside the server.
 * --max-semi-space-size=1: a 1 MB young generation instead of 8: with 20 notebooks open and
 * edited 600 times the resident set stays near 100 MB instead of 105-115 MB, for no keystroke
 * time we could measure (a few more, smaller scavenges).
 * --v8-pool-size=1: one background thread for V8's concurrent collection and compilation
 * instead of 4. Each thread's malloc arena held memory: with the 20 largest dbdemos notebooks
 * open and edited, 12.6 MB of arenas became 4.7 MB (resident set at rest 91 -> 84 MB). Keystroke
 * times did not move beyond this machine's noise (2,000 lines, p95 over three alternating
 * runs: 9.4-14.3 ms with 4 threads, 8.6-11.8 ms with one). A language server is a background
 * process: it should not take four threads of the user's machine anyway.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--v8-pool-size=1'];

/**
 * V8 flags the server sets on itself at start-up, by how it was started (bin/v8Flags.js, where
 * bin/mltraps-server.js sets them before it loads the bundle through the code cache).
 */
export { serverFlags as serverRuntimeFlags } from '../bin/v8Flags';
