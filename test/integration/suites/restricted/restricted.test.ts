// Restricted Mode in the real extension host: the runner opens this suite's folder with Workspace
// Trust on (test/runIntegration.ts, `restricted*` suites) and never trusts it. What must hold: the
// diagnostics still work; every setting that names a host, an executable or a key file is ignored
// when the untrusted workspace sets it; conversion, clone, push and migration refuse; and the DE4
// server the user configured hears nothing — not from the tree, not from any command.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { activeApi, EXTENSION_ID, fileIn, ourDiagnostics, waitFor, workspaceRoot } from '../../helpers';

interface LoopbackServer {
  readonly url: string;
  readonly requests: number;
  close(): Promise<void>;
}

interface RestrictedApi {
  readonly logFolder: string;
  readonly de4: {
    readonly provider: vscode.TreeDataProvider<unknown>;
    readonly model: { servers(): readonly { readonly id: string }[] };
  };
}

// tsc (module: commonjs) turns import() into require(), which cannot load the server's ES module.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('s', 'return import(s)') as (specifier: string) => Promise<unknown>;

/** The settings the manifest lists in restrictedConfigurations, with the fixture's hostile values. */
function restrictedKeys(): string[] {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  const manifest = ext.packageJSON as { capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } } };
  return manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
}

/** Every file under the workspace with its bytes, to prove a command wrote nothing. */
function snapshotFiles(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(root, { recursive: true })) {
    const file = path.join(root, entry.toString());
    if (fs.statSync(file).isFile()) {
      out.set(entry.toString(), fs.readFileSync(file).toString('base64'));
    }
  }
  return out;
}

/** The DE Migrate log as the host wrote it so far (a LogOutputChannel is a file in the log folder). */
function logText(api: RestrictedApi): string {
  const dir = api.logFolder;
  if (!fs.existsSync(dir)) {
    return '';
  }
  return fs
    .readdirSync(dir, { recursive: true })
    .map((e) => path.join(dir, e.toString()))
    .filter((f) => f.endsWith('.log') && fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

describe('restricted: an untrusted workspace gets diagnostics only', function () {
  let api: RestrictedApi;
  let server: LoopbackServer;
  let serverId: string;

  before(async function () {
    api = (await activeApi()) as unknown as RestrictedApi;
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const mod = (await importEsm(pathToFileURL(path.join(ext.extensionPath, 'scripts', 'de4Server', 'server.mjs')).href)) as {
      startDe4Server(o: { port: number }): Promise<LoopbackServer>;
    };
    server = await mod.startDe4Server({ port: 0 });
    // A user-level server (user settings do apply in Restricted Mode): still never contacted.
    await vscode.workspace
      .getConfiguration('deMigrate')
      .update('de4.servers', [{ url: server.url, username: 'admin' }], vscode.ConfigurationTarget.Global);
    serverId = await waitFor('the user-level DE4 server in the model', () => api.de4.model.servers()[0]?.id);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('deMigrate').update('de4.servers', undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it('opens the folder untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still shows diagnostics on the project files', async () => {
    const requirements = fileIn('requirements.txt');
    await vscode.workspace.openTextDocument(requirements);
    const found = await waitFor('diagnostics on requirements.txt', () => {
      const d = ourDiagnostics(requirements);
      return d.length > 0 ? d : undefined;
    });
    assert.ok(found.length > 0);
  });

  it('ignores every host, executable and key-file setting the untrusted workspace sets', () => {
    const config = vscode.workspace.getConfiguration('deMigrate');
    const text = fs.readFileSync(path.join(workspaceRoot(), '.vscode', 'settings.json'), 'utf8');
    const setHere = [...text.matchAll(/"(deMigrate\.[\w.]+)"\s*:/g)].map((m) => m[1] ?? '');
    const restricted = new Set(restrictedKeys());
    const hostile = setHere.filter((key) => restricted.has(key));
    // The fixture sets every restricted setting but one-offs; each must be invisible to the extension.
    assert.ok(hostile.length >= restricted.size - 1, `the fixture sets ${hostile.join(', ')}`);
    for (const key of hostile) {
      const section = key.replace(/^deMigrate\./, '');
      const inspected = config.inspect(section);
      assert.ok(inspected, `${key} is not a contributed setting`);
      assert.deepEqual(config.get(section), inspected.globalValue ?? inspected.defaultValue, `${key} took the untrusted workspace's value`);
    }
    // The control: a setting that is not restricted is read from the same file.
    assert.ok(!restricted.has('deMigrate.migrate.concurrency'));
    assert.equal(config.get('migrate.concurrency'), 3, 'the workspace settings file was not read at all');
  });

  it('shows a Restricted Mode node in the DE4 Apps tree and contacts no server', async () => {
    const roots = (await api.de4.provider.getChildren(undefined)) ?? [];
    assert.equal(roots.length, 1);
    const first = roots[0];
    assert.ok(first !== undefined);
    const node = await api.de4.provider.getTreeItem(first);
    const label = typeof node.label === 'string' ? node.label : (node.label?.label ?? '');
    assert.match(label, /Restricted Mode/);
    assert.equal(node.command?.command, 'workbench.trust.manage');
    await vscode.commands.executeCommand('deMigrate.de4.refresh');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(server.requests, 0, 'the DE4 server was contacted from Restricted Mode');
  });

  it('refuses to convert, clone, back up, push or migrate, and writes nothing', async () => {
    const root = workspaceRoot();
    const before = snapshotFiles(root);
    const attempts: [string, unknown][] = [
      ['deMigrate.convertApp', { root: vscode.Uri.file(root), mode: 'apply', unsafe: 'all' }],
      ['deMigrate.de4.cloneApp', { serverId, app: 'sales-dash', dest: vscode.Uri.file(path.join(root, 'clone')) }],
      ['deMigrate.de4.linkFolder', { serverId, app: 'sales-dash', folder: vscode.Uri.file(root) }],
      ['deMigrate.de4.backupApp', { serverId, app: 'sales-dash' }],
      ['deMigrate.pushToDe5', { root: vscode.Uri.file(root), de5Host: '127.0.0.1', confirm: true }],
      ['deMigrate.de4.migrateApps', { serverId, apps: ['sales-dash'], de5Host: '127.0.0.1', confirm: true }],
      ['deMigrate.de4.copyEnv', { serverId, app: 'sales-dash', withValues: true }],
    ];
    for (const [command, args] of attempts) {
      const result = await vscode.commands.executeCommand(command, args);
      assert.equal(result, undefined, `${command} returned a result in Restricted Mode`);
    }
    const log = await waitFor('the refusals in the log', () => {
      const text = logText(api);
      return (text.match(/trusted workspace/g) ?? []).length >= attempts.length ? text : undefined;
    });
    for (const [command] of attempts) {
      assert.match(log, new RegExp(`${command.replace(/\./g, '\\.')} failed: .*trusted workspace`), `${command} did not refuse`);
    }
    assert.deepEqual(snapshotFiles(root), before, 'a refused command changed the workspace');
    assert.equal(server.requests, 0, 'a refused command contacted the DE4 server');
  });
});
