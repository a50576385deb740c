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
 * V8 flags the server sets on itself at start-up (server/server.ts), by how it was started.
 *
 * With its young generation bounded (SERVER_NODE_FLAGS, as the VS Code extension starts it):
 * --heap-growing-percent=50, the old generation may grow by half before the next full
 * collection (V8's own factor, between 1.1 and 4, follows how fast its collector runs). With
 * 20 notebooks open and edited 600 times the resident set is what --optimize-for-size kept
 * (practice notebooks: 100-104 MB after the edits, 97-100 with it; 87-91 MB a few seconds
 * later either way). With --optimize-for-size (a factor of 1.3, every full collection in V8's
 * memory-reducing mode, one every 30 or so keystrokes on this bench), keystroke p95 was 16-18
 * ms at 2,000 lines and 52-64 ms at 10,000; with this flag 11-17 and 34-47 ms (`npm run bench`
 * measures keystrokes under these flags). What it cost, measured then: with 20 of the largest
 * real notebooks the peak while editing was 146-150 MB instead of 130 (at rest 112-114 MB
 * instead of 115-116). Since old document versions are no longer kept alive (95d4a81), the
 * same 20 notebooks peak at 135 MB with this flag, 105-106 MB at rest.
 *
 * As plain node (`mltraps-server`, as other editors start it) the young generation keeps
 * V8's default size, which cannot be changed from inside: --optimize-for-size, which bounds it
 * too, stays. With --heap-growing-percent=50 alone the practice notebooks held 130-133 MB after
 * the edits and still 12 s later; with --optimize-for-size 99-117 MB, then 90-92.
 */
export function serverRuntimeFlags(execArgv: readonly string[], nodeOptions = ''): readonly string[] {
  const youngGenerationBounded = [...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => /^--max[-_]semi[-_]space[-_]size(=|$)/.test(flag));
  return youngGenerationBounded ? ['--heap-growing-percent=50'] : ['--optimize-for-size'];
}
