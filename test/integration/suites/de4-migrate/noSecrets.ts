// Used at the end of migrate.test.ts, after the whole fleet migration in the real editor: no secret
// it handled — the DE4 API key, the apps' environment values, the SSH private keys — is in
// the extension's log, its global storage, the user settings or any file written in the workspace.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadDe4Server } from '../../../support/de4ServerModule';
import { activeApi, workspaceRoot } from '../../helpers';

interface SeedApp {
  readonly name: string;
  readonly environmentVariables?: readonly { readonly name: string; readonly value: string }[];
}

const API_KEY = 'admin-key-123';
const MIGRATED = ['sales-dash', 'inventory-pg', 'report-01'];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { recursive: true })
    .map((e) => path.join(dir, e.toString()))
    .filter((f) => fs.statSync(f).isFile());
}

/** The base64 lines of a PEM/OpenSSH private key: any one of them in a file means the key leaked. */
function keyLines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /^[A-Za-z0-9+/=]{40,}$/.test(l.trim()))
    .map((l) => l.trim());
}

/** Scans everything the extension may have written for every secret the migration handled. */
export async function assertNoSecretsLeft(keyFiles: readonly string[]): Promise<void> {
  const api = (await activeApi()) as unknown as { logFolder: string; storageFolder: string };
  const seed = (await loadDe4Server()).seedApps() as SeedApp[];
  const secrets = new Map<string, string>([
    ['the DE4 API key', API_KEY],
    ['the Basic auth header', Buffer.from(`admin:${API_KEY}`).toString('base64')],
  ]);
  for (const app of seed.filter((a) => MIGRATED.includes(a.name))) {
    for (const v of app.environmentVariables ?? []) {
      // The app's own name and the DE4 host are values too, but public ones.
      if (v.value.length >= 8 && v.value !== app.name && !/^[a-z0-9.-]+\.[a-z]+$/.test(v.value)) {
        secrets.set(`${app.name} ${v.name}`, v.value);
      }
    }
  }
  for (const file of keyFiles) {
    keyLines(file).forEach((line, i) => secrets.set(`private key line ${i + 1}`, line));
  }
  assert.ok(secrets.size >= 8, `only ${secrets.size} secrets to look for`);

  const storage = api.storageFolder;
  const scanned = [
    ...filesUnder(api.logFolder),
    ...filesUnder(storage),
    // <user-data>/User/globalStorage/<extension> → <user-data>/User/settings.json
    path.resolve(storage, '..', '..', 'settings.json'),
    ...filesUnder(workspaceRoot()).filter((f) => !f.split(path.sep).includes('objects')),
  ].filter((f) => fs.existsSync(f));
  assert.ok(
    scanned.some((f) => f.endsWith('.log')),
    'the DE Migrate log was not found',
  );
  assert.ok(
    scanned.some((f) => f.endsWith('state.json')),
    'the migration state was not found',
  );
  const leaks: string[] = [];
  for (const file of scanned) {
    const text = fs.readFileSync(file).toString('latin1');
    for (const [what, value] of secrets) {
      if (text.includes(value)) {
        leaks.push(`${what} in ${path.relative(workspaceRoot(), file)}`);
      }
    }
  }
  console.log(`[secrets] ${secrets.size} secrets × ${scanned.length} files scanned, ${leaks.length} leaked`);
  assert.deepEqual(leaks, []);
}
