import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

// Entry point VS Code calls inside the extension host (--extensionTestsPath): runs every
// bundled *.suite.js beside this file. VS Code exits with 0 when the promise resolves.

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  const suites = fs.readdirSync(__dirname).filter((file) => file.endsWith('.suite.js'));
  if (suites.length === 0) return Promise.reject(new Error(`no *.suite.js in ${__dirname}`));
  for (const file of suites.sort()) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension host test(s) failed`)) : resolve()));
  });
}
