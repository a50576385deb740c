#!/usr/bin/env node
const { cliFlags, setFlags } = require('./v8Flags');
// Before the bundle is loaded: V8 takes a code cache only under the flags it was written with.
setFlags(cliFlags());
require('./compileCache').requireWithCompileCache(require('node:path').join(__dirname, '..', 'dist', 'cli.js'));
