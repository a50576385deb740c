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

mkdirSync('dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');

// The options every bundle shares (scripts/bench.ts bundles its keystroke child with them too).
// web-tree-sitter's CommonJS build still reads import.meta.url (createRequire); in a CJS bundle
// import.meta is empty, so the bundle defines it as its own URL.
const common = {
  ...JSON.parse(readFileSync(new URL('./bundleOptions.json', import.meta.url), 'utf8')),
  sourcemap: !production,
  minify: production,
};

await Promise.all([
  build({ ...common, entryPoints: { extension: 'client/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
  build({ ...common, entryPoints: { server: 'server/server.ts', cli: 'server/cli.ts' }, outdir: 'dist' }),
]);
