#!/usr/bin/env node
require('./compileCache').requireWithCompileCache(require('node:path').join(__dirname, '..', 'dist', 'cli.js'));
