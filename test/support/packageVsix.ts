import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyCheckout, REPO_ROOT, runGrouped } from './checkoutCopy';

export { REPO_ROOT };

export interface PackagedVsix {
  /** The throw-away copy of the repository the VSIX was built in; remove it when done. */
  copyDir: string;
  vsixPath: string;
  /** What `npm run package` printed (stdout and stderr). */
  output: string;
}

/**
 * Builds the VSIX exactly as a user's `npm run package` does, in a copy of the checkout (with
 * its node_modules linked) so this checkout's dist/ keeps the development build the other tests
 * run, and no stray local file can slip into the package.
 */
export async function packageVsixInCopy(timeoutMs = 180_000): Promise<PackagedVsix> {
  const copyDir = copyCheckout('mltraps-package-');
  try {
    const { code, output } = await runGrouped('npm', ['run', 'package'], copyDir, timeoutMs);
    if (code !== 0) throw new Error(`npm run package exited with ${code}:\n${output}`);
    const manifest = JSON.parse(fs.readFileSync(path.join(copyDir, 'package.json'), 'utf8')) as { name: string; version: string };
    const vsixPath = path.join(copyDir, `${manifest.name}-${manifest.version}.vsix`);
    if (!fs.existsSync(vsixPath)) throw new Error(`npm run package did not write ${vsixPath}:\n${output}`);
    return { copyDir, vsixPath, output };
  } catch (error) {
    fs.rmSync(copyDir, { recursive: true, force: true });
    throw error;
  }
}
