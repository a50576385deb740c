/**
 * Node flags the mltraps server is started with where the client starts node itself (the VS
 * Code extension; scripts/benchMemory.ts measures it both ways). V8 fixes the young generation's
 * size when the process starts, so this cannot be set from inside the server.
 * --max-semi-space-size=1: a 1 MB young generation instead of 8: with 20 notebooks open and
 * edited 600 times the resident set stays near 100 MB instead of 105-115 MB, for no keystroke
 * time we could measure (a few more, smaller scavenges).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/**
 * V8 flags the server sets on itself at start-up (server/server.ts), however it is started.
 * --optimize-for-size: V8 trades speed for a much smaller heap (20 large notebooks open and
 * edited 600 times: 110 MB instead of 155-190 MB; 98 MB instead of 138 MB with the practice
 * notebooks). It costs keystroke time: `npm run bench` measures keystrokes under these flags.
 */
export const SERVER_RUNTIME_FLAGS: readonly string[] = ['--optimize-for-size'];
