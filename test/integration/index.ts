// Entry module the extension host loads (extensionTestsPath): runs this folder's top-level
// `*.test.js` (checks that hold in any workspace, like the smoke test) plus the suite matching the
// opened workspace. test/runIntegration.ts copies fixture `<name>` to a folder named `<name>`, so
// the folder's name selects `suites/<name>/**/*.test.js`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

function testFilesIn(dir: string, recursive: boolean): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { recursive })
    .map((entry) => path.join(dir, entry.toString()))
    .filter((file) => file.endsWith('.test.js'))
    .sort();
}

/** The suite name is the opened workspace folder's name (see test/runIntegration.ts). */
function suiteName(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? path.basename(folder.uri.fsPath) : undefined;
}

export async function run(): Promise<void> {
  const suite = suiteName();
  const files = [...testFilesIn(__dirname, false), ...(suite ? testFilesIn(path.join(__dirname, 'suites', suite), true) : [])];
  // Activation and the first check of a workspace can take seconds in a cold extension host.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  const grep = process.env['DE_MIGRATE_GREP'];
  if (grep) {
    mocha.grep(grep);
  }
  for (const file of files) {
    mocha.addFile(file);
  }
  console.log(`[integration] suite ${suite ?? '(no folder)'}: ${files.length} test file(s)`);
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
