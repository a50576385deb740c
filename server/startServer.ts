import * as path from 'node:path';
import { requireWithCompileCache } from '../bin/compileCache';
import { serverFlags, setFlags } from '../bin/v8Flags';

// What the VS Code extension starts (dist/startServer.js): the language server's bundle,
// dist/server.js beside it, loaded through V8's code cache as bin/mltraps-server.js loads it for
// other editors. Started on dist/server.js itself, a fresh server compiled the 1.5 MB bundle
// before it could answer `initialize`, then each function of the first lint as it first ran:
// through the cache, a fresh server answered `initialize` 191 ms after it was started instead
// of 248, and published a 2,000-line notebook's diagnostics 227 ms after didOpen instead of 253
// (medians of 12 alternated fresh servers each, this project's 2-core VM).
// Before the bundle is loaded: V8 takes a code cache only under the flags it was written with.
setFlags(serverFlags(process.execArgv, process.env.NODE_OPTIONS));
requireWithCompileCache(path.join(__dirname, 'server.js'));
