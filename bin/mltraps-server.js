#!/usr/bin/env node
// The mltraps language server for editors other than VS Code. vscode-languageserver picks the
// transport from the command line (--stdio, --node-ipc, --socket=N, --pipe=NAME); an editor
// that starts `mltraps-server` with no transport gets stdio, as most LSP clients expect.
const transports = ['--stdio', '--node-ipc', '--socket', '--pipe'];
if (!process.argv.slice(2).some((arg) => transports.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))) {
  process.argv.push('--stdio');
}
const { serverFlags, setFlags } = require('./v8Flags');
// Before the bundle is loaded: V8 takes a code cache only under the flags it was written with.
setFlags(serverFlags(process.execArgv, process.env.NODE_OPTIONS));
require('./compileCache').requireWithCompileCache(require('node:path').join(__dirname, '..', 'dist', 'server.js'));
