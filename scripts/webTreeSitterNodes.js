// @ts-check
'use strict';

const { readFileSync } = require('node:fs');

/**
 * web-tree-sitter 0.25 keeps a word of each node's handle in an indexed class field (`[0] = 0`,
 * then `this[0] = other`). An index is an element, not a property: V8 gives every Node its own
 * elements store (17 slots) and defines the field on its slow path. Measured in node 20, making
 * two million objects of that class takes 262-272 ms, of the same class with a named field
 * 45-50 ms; a lint makes millions of nodes (each childForFieldName, parent, namedChildren).
 * The bundles (dist/cli.js, dist/server.js, the bench's children) name the field instead;
 * nothing outside these three places reads it. Each text replaced must occur exactly once: a
 * web-tree-sitter that changed them fails the build instead of shipping half the change.
 */
const REPLACEMENTS = [
  ['__name(this, "Node");\n  }\n  /** @internal */\n  // @ts-expect-error: never read\n  [0] = 0;', '__name(this, "Node");\n  }\n  /** @internal */\n  // @ts-expect-error: never read\n  _other = 0;'],
  ['    assertInternal(internal);\n    this[0] = other;', '    assertInternal(internal);\n    this._other = other;'],
  ['C.setValue(address, node[0], "i32");', 'C.setValue(address, node._other, "i32");'],
];

/**
 * web-tree-sitter's module text with the node handle in a named field.
 * @param {string} contents
 * @param {string} file for the error message
 * @returns {string}
 */
function withNamedNodeHandle(contents, file) {
  let patched = contents;
  for (const [before, after] of REPLACEMENTS) {
    const count = patched.split(before).length - 1;
    if (count !== 1) throw new Error(`${file}: expected one ${JSON.stringify(before)}, found ${count} (web-tree-sitter changed: see scripts/webTreeSitterNodes.js)`);
    patched = patched.replace(before, after);
  }
  return patched;
}

/** The module the bundles take web-tree-sitter from (its ESM build: esbuild follows `import`). */
const WEB_TREE_SITTER_MODULE = /web-tree-sitter[\\/]tree-sitter\.js$/;

/**
 * An esbuild plugin that loads web-tree-sitter with the named node handle, then `rewrite` (the
 * CLI and server bundles also replace its import() calls: scripts/build.mjs).
 * @param {string} name
 * @param {(contents: string) => string} [rewrite]
 * @returns {import('esbuild').Plugin}
 */
function webTreeSitterPlugin(name, rewrite = (contents) => contents) {
  return {
    name,
    setup(build) {
      build.onLoad({ filter: WEB_TREE_SITTER_MODULE }, (args) => ({ contents: rewrite(withNamedNodeHandle(readFileSync(args.path, 'utf8'), args.path)), loader: 'js' }));
    },
  };
}

module.exports = { withNamedNodeHandle, webTreeSitterPlugin, WEB_TREE_SITTER_MODULE };
