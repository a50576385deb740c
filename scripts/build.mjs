// Bundles the extension, the language server and the CLI into dist/ with esbuild, and copies
// the two wasm files (the tree-sitter runtime and the Python grammar) next to them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// `npm pack` and `npm publish` run `prepare` after `prepack`, so `prepare` itself builds the
// production bundles when npm is packing: a tarball never ships the development build.
const packing = ['pack', 'publish'].includes(process.env.npm_command ?? '');
const production = process.argv.includes('--production') || packing;
// `--outdir DIR`: the bundles go there instead of dist/ (scripts/benchMemory.ts measures the
// production server without replacing the development build).
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt === -1 ? 'dist' : process.argv[outdirAt + 1];
if (!outdir) throw new Error('--outdir needs a folder');

mkdirSync(outdir, { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), `${outdir}/tree-sitter.wasm`);
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), `${outdir}/tree-sitter-python.wasm`);

// The options every bundle shares (scripts/bench.ts bundles its keystroke child with them too).
// web-tree-sitter's CommonJS build still reads import.meta.url (createRequire); in a CJS bundle
// import.meta is empty, so the bundle defines it as its own URL. Its import() calls become
// require ("dynamic-import": false): bin/compileCache.js compiles the bundles through vm, where
// import() would need node's experimental loader hook.
const common = {
  ...JSON.parse(readFileSync(new URL('./bundleOptions.json', import.meta.url), 'utf8')),
  sourcemap: !production,
  minify: production,
};

/**
 * web-tree-sitter as the CLI and server bundles take it. Its nodes keep their handle in a named
 * field (scripts/webTreeSitterNodes.js). And:
 * bin/ loads the CLI and server bundles through V8's code cache (bin/compileCache.js), which
 * compiles them with vm.Script; import() in such a script needs node's experimental loader
 * hook, which prints a warning. web-tree-sitter imports two built-in modules with import():
 * they are read from the bundle's own require instead (the emscripten code declares a local
 * `require` in the same function, hence names of their own). The build fails when an import()
 * is left, so that a new web-tree-sitter cannot bring one back unnoticed.
 */
const builtinImports = { 'fs/promises': '__mltrapsFsPromises', module: '__mltrapsNodeModule' };
const { webTreeSitterPlugin } = require('./webTreeSitterNodes.js');
const webTreeSitterForBundles = webTreeSitterPlugin('web-tree-sitter-for-bundles', (contents) =>
  Object.entries(builtinImports).reduce((text, [specifier, name]) => text.replaceAll(`await import("${specifier}")`, name), contents),
);
const builtinRequires = Object.entries(builtinImports).map(([specifier, name]) => `const ${name} = require('${specifier}');`).join(' ');

await Promise.all([
  build({ ...common, entryPoints: { extension: 'client/extension.ts' }, outdir, external: ['vscode'] }),
  // The VS Code extension's entry to the server: dist/server.js through the code cache.
  build({ ...common, entryPoints: { startServer: 'server/startServer.ts' }, outdir }),
  build({
    ...common,
    entryPoints: { server: 'server/server.ts', cli: 'server/cli.ts' },
    outdir,
    plugins: [webTreeSitterForBundles],
    banner: { js: `${common.banner.js} ${builtinRequires}` },
  }),
]);
for (const bundle of [`${outdir}/cli.js`, `${outdir}/server.js`]) {
  if (/\bimport\(/.test(readFileSync(bundle, 'utf8'))) throw new Error(`${bundle} calls import(): bin/compileCache.js cannot load it without a warning (see webTreeSitterForBundles)`);
}
