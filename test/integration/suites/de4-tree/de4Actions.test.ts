// The actions on a DE4 app, in the real editor against the loopback DE4 API (scripts/de4Server) and
// the loopback OpenSSH stand-in for DE4's git (scripts/de4Ssh): data-gap children, Reveal Value
// (asks first), Copy as .env, Clone into Workspace over real SSH (and a refused clone), Link Local
// Folder with its HEAD check, Back Up App… and restoring the backup.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadDe4Server, type LoopbackDe4Server } from '../../../support/de4ServerModule';
import { loadDe4Ssh, type LoopbackDe4SshServer } from '../../../support/de4SshModule';
import { activeApi, ourDiagnostics, ruleOf, waitFor, workspaceRoot } from '../../helpers';
import { captureWorkbench } from '../../screenshot';

interface TreeApi {
  readonly provider: vscode.TreeDataProvider<unknown>;
  readonly view: vscode.TreeView<unknown>;
  readonly model: { servers(): readonly { readonly id: string }[] };
}

interface LinkResult {
  readonly folder: string;
  readonly comparison: { readonly kind: string; readonly head?: string };
}

const ADMIN = { username: 'admin', apiKey: 'admin-key-123' };
const SECRET = 'tok-sales-0001';

function labelOf(i: vscode.TreeItem): string {
  return typeof i.label === 'string' ? i.label : (i.label?.label ?? '');
}

/** Children of a node once they are no longer "Loading…" (bounded). */
async function loaded(api: TreeApi, node?: unknown): Promise<{ node: unknown; item: vscode.TreeItem }[]> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const kids = (await api.provider.getChildren(node)) ?? [];
    const items = await Promise.all(kids.map(async (k) => ({ node: k, item: await api.provider.getTreeItem(k) })));
    if (items.length > 0 && !(items.length === 1 && labelOf(items[0]?.item ?? {}) === 'Loading…')) {
      return items;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('children still loading after 15 s');
}

async function child(api: TreeApi, node: unknown, label: string): Promise<{ node: unknown; item: vscode.TreeItem }> {
  const kids = await loaded(api, node);
  return (
    kids.find((k) => labelOf(k.item) === label) ?? assert.fail(`no child ${label} among ${kids.map((k) => labelOf(k.item)).join(', ')}`)
  );
}

async function appNode(api: TreeApi, app: string): Promise<{ node: unknown; item: vscode.TreeItem }> {
  const [server] = await loaded(api);
  assert.ok(server);
  return child(api, server.node, app);
}

/** Polls an async probe until it returns something (bounded in count and time). */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (let i = 0; i < 400 && Date.now() < deadline; i++) {
    const v = await probe();
    if (v !== undefined) {
      return v;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
}

describe('de4-tree: actions on a DE4 app', function () {
  this.timeout(60_000);
  let de4: LoopbackDe4Server;
  let ssh: LoopbackDe4SshServer;
  let api: TreeApi;
  let serverId: string;
  let deployedSha: (app: string) => string;

  before(async () => {
    api = ((await activeApi()) as unknown as { de4: TreeApi }).de4;
    const server = await loadDe4Server();
    const apps = server.seedApps() as { name: string; analytics: { gitRevision: { sha1: string | null } } }[];
    deployedSha = (name) => apps.find((a) => a.name === name)?.analytics.gitRevision.sha1 ?? assert.fail(name);
    de4 = await server.startDe4Server({ port: 0 });
    ssh = await (await loadDe4Ssh()).startDe4SshServer({ port: 0 });
    const config = vscode.workspace.getConfiguration('deMigrate');
    await config.update('ssh.identityFile', ssh.identityFile, vscode.ConfigurationTarget.Global);
    await config.update('ssh.knownHostsFile', ssh.knownHostsFile, vscode.ConfigurationTarget.Global);
    await config.update('ssh.configFile', ssh.sshConfigFile, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('deMigrate.de4.addServer', { url: de4.url, label: 'Loopback DE4', ...ADMIN });
    // Where DE4's git answers: the stand-in's port and user (a real DE4 uses dokku@<host>:3022).
    await config.update(
      'de4.servers',
      [{ label: 'Loopback DE4', url: de4.url, username: ADMIN.username, sshHost: ssh.host, sshPort: ssh.port, sshUser: ssh.user }],
      vscode.ConfigurationTarget.Global,
    );
    serverId = await waitFor('the server in the model', () => api.model.servers()[0]?.id);
  });

  after(async () => {
    await vscode.commands.executeCommand('deMigrate.de4.removeServer', { serverId, confirm: false });
    const config = vscode.workspace.getConfiguration('deMigrate');
    for (const key of ['ssh.identityFile', 'ssh.knownHostsFile', 'ssh.configFile']) {
      await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await ssh?.close();
    await de4?.close();
  });

  it('lists what no script migrates first: Redis data, mounted-directory data, the workspace', async () => {
    const sales = await appNode(api, 'sales-dash');
    const gaps = await child(api, sales.node, 'Not migrated by any script');
    assert.equal(gaps.item.description, '3');
    const items = (await loaded(api, gaps.node)).map((k) => k.item);
    assert.equal(items.length, 3);
    const tips = items.map((i) => (typeof i.tooltip === 'string' ? i.tooltip : (i.tooltip?.value ?? ''))).join('\n');
    assert.match(tips, /redis:export/);
    assert.match(tips, /\/data/);
  });

  it('reveals a value only after the user agrees, and hides it again', async () => {
    const valueOf = async (): Promise<string> => {
      const env = await child(api, (await appNode(api, 'sales-dash')).node, 'Environment variables');
      return String((await child(api, env.node, 'API_TOKEN')).item.description);
    };
    const target = { serverId, app: 'sales-dash', variable: 'API_TOKEN' };
    await vscode.commands.executeCommand('deMigrate.de4.revealValue', { ...target, confirm: false });
    assert.equal(await valueOf(), '••••', 'declined: still masked');
    await vscode.commands.executeCommand('deMigrate.de4.revealValue', { ...target, confirm: true });
    assert.equal(await valueOf(), SECRET);
    await vscode.commands.executeCommand('deMigrate.de4.hideValue', target);
    assert.equal(await valueOf(), '••••');
  });

  it('copies the variables as .env: names only, or values after asking; platform variables are left out', async () => {
    await vscode.commands.executeCommand('deMigrate.de4.copyEnv', { serverId, app: 'sales-dash', withValues: false });
    const names = await vscode.env.clipboard.readText();
    assert.match(names, /^API_TOKEN=$/m);
    assert.match(names, /^LOG_LEVEL=$/m);
    assert.ok(!names.includes(SECRET));
    assert.ok(!/^DASH_SECRET_KEY=/m.test(names) && !/^REDIS_URL=/m.test(names), names);
    await vscode.commands.executeCommand('deMigrate.de4.copyEnv', { serverId, app: 'sales-dash', withValues: true, confirm: true });
    assert.match(await vscode.env.clipboard.readText(), new RegExp(`^API_TOKEN=${SECRET}$`, 'm'));
  });

  it('asks before trusting a DE4 git host it has never seen, and clones only once the fingerprint is accepted', async () => {
    const config = vscode.workspace.getConfiguration('deMigrate');
    const known = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-it-kh-')), 'known_hosts');
    fs.writeFileSync(known, '');
    const fp = execFileSync('ssh-keygen', ['-lf', path.join(ssh.stateDir, 'ssh_host_ed25519_key.pub')], { encoding: 'utf8' }).split(' ')[1];
    const dest = path.join(workspaceRoot(), 'clones', 'tofu-inventory');
    await config.update('ssh.knownHostsFile', known, vscode.ConfigurationTarget.Global);
    try {
      const before = ssh.requests().length;
      const refused = await vscode.commands.executeCommand('deMigrate.de4.cloneApp', {
        serverId,
        app: 'inventory-pg',
        dest: vscode.Uri.file(dest),
        after: 'none',
        acceptHostKey: 'SHA256:not-the-key',
      });
      assert.equal(refused, undefined);
      assert.ok(!fs.existsSync(dest), 'nothing cloned from an untrusted host');
      assert.equal(fs.readFileSync(known, 'utf8'), '', 'nothing trusted');
      assert.equal(ssh.requests().length, before, 'git never reached the host');
      const result = await vscode.commands.executeCommand<LinkResult>('deMigrate.de4.cloneApp', {
        serverId,
        app: 'inventory-pg',
        dest: vscode.Uri.file(dest),
        after: 'none',
        acceptHostKey: fp,
      });
      assert.ok(result, 'the clone failed (see the DE Migrate log)');
      assert.match(fs.readFileSync(known, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${ssh.port} ssh-ed25519 `, 'm'));
    } finally {
      await config.update('ssh.knownHostsFile', ssh.knownHostsFile, vscode.ConfigurationTarget.Global);
      fs.rmSync(dest, { recursive: true, force: true });
    }
  });

  it('clones an app over SSH into the workspace: HEAD is the deployed commit and diagnostics appear', async () => {
    const dest = path.join(workspaceRoot(), 'clones', 'sales-dash');
    const result = await vscode.commands.executeCommand<LinkResult>('deMigrate.de4.cloneApp', {
      serverId,
      app: 'sales-dash',
      dest: vscode.Uri.file(dest),
      after: 'none',
    });
    assert.ok(result, 'the clone failed (see the DE Migrate log)');
    assert.deepEqual(result.comparison, { kind: 'same', head: deployedSha('sales-dash') });
    assert.ok(fs.existsSync(path.join(dest, 'Procfile')));
    const meta = fs.readFileSync(path.join(dest, '.de-migrate', 'de4-app.json'), 'utf8');
    assert.match(meta, /"targetDir": "\/data"/);
    assert.ok(!meta.includes(SECRET), 'no environment value in the metadata file');
    const metaUri = vscode.Uri.file(path.join(dest, '.de-migrate', 'de4-app.json'));
    const gaps = await waitFor(
      'data-not-migrated findings',
      () => {
        const found = ourDiagnostics(metaUri).filter((d) => ruleOf(d) === 'data-not-migrated');
        return found.length === 3 ? found : undefined;
      },
      20_000,
    );
    assert.ok(
      gaps.every((d) => d.range.start.line > 0),
      'each finding points at its entry',
    );
    await waitFor('findings on the cloned app', () => ourDiagnostics(vscode.Uri.file(path.join(dest, 'runtime.txt'))).length > 0, 20_000);
    const status = await eventually('the app marked as in the workspace', async () => {
      const d = String((await appNode(api, 'sales-dash')).item.description);
      // Problem counts follow the diagnostics, which arrive after the link itself.
      return /to fix$/.test(d) ? d : undefined;
    });
    assert.match(status, /^alice · in workspace · \d+ to fix$/);

    // The picture for the README: the cloned app in the tree, its status and detail groups expanded.
    await vscode.commands.executeCommand('deMigrate.de4.filter', 'sales');
    await vscode.commands.executeCommand('workbench.view.extension.deMigrate');
    const sales = await appNode(api, 'sales-dash');
    await api.view.reveal(sales.node, { expand: 2, focus: true, select: true });
    // A wider side bar, so the picture shows the descriptions too.
    await vscode.commands.executeCommand('workbench.action.focusSideBar');
    for (let i = 0; i < 12; i++) {
      await vscode.commands.executeCommand('workbench.action.increaseViewSize');
    }
    await new Promise((r) => setTimeout(r, 1500));
    await captureWorkbench();
    await vscode.commands.executeCommand('deMigrate.de4.filter', '');
  });

  it('explains a refused clone, points to Link Local Folder, and leaves nothing behind', async () => {
    ssh.setQuirks({ refuseReads: true });
    try {
      const dest = path.join(workspaceRoot(), 'clones', 'inventory-pg');
      const result = await vscode.commands.executeCommand('deMigrate.de4.cloneApp', {
        serverId,
        app: 'inventory-pg',
        dest: vscode.Uri.file(dest),
        after: 'none',
      });
      assert.equal(result, undefined);
      assert.ok(!fs.existsSync(dest), 'no half-made folder');
      assert.ok(ssh.requests().some((r) => r.outcome === 'refused-read'));
    } finally {
      ssh.setQuirks({});
    }
  });

  it('links a local checkout and warns when its HEAD is not the deployed commit', async () => {
    const dir = path.join(workspaceRoot(), 'checkouts', 'inventory-pg');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'app.py'), 'import dash\n');
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'local work');
    const result = await vscode.commands.executeCommand<LinkResult>('deMigrate.de4.linkFolder', {
      serverId,
      app: 'inventory-pg',
      folder: vscode.Uri.file(dir),
    });
    assert.ok(result);
    assert.equal(result.comparison.kind, 'unknown-deployed', 'the deployed commit is not in this checkout');
    assert.ok(fs.existsSync(path.join(dir, '.de-migrate', 'de4-app.json')));
    await eventually('inventory-pg marked as in the workspace', async () =>
      String((await appNode(api, 'inventory-pg')).item.description).includes('in workspace') ? true : undefined,
    );
  });

  it('backs up an app to a bundle (straight from DE4 when nothing is linked) that restores', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-it-backup-'));
    const backup = await vscode.commands.executeCommand<string>('deMigrate.de4.backupApp', {
      serverId,
      app: 'climate-conda',
      outDir: vscode.Uri.file(out),
      includeValues: false,
    });
    assert.ok(backup, 'the backup failed (see the DE Migrate log)');
    assert.deepEqual(fs.readdirSync(backup).sort(), ['RESTORE.md', 'backup.json', 'de4-app.json', 'repo.bundle']);
    const dest = path.join(workspaceRoot(), 'restored', 'climate-conda');
    const restored = await vscode.commands.executeCommand<string>('deMigrate.de4.restoreBackup', {
      backupDir: vscode.Uri.file(backup),
      dest: vscode.Uri.file(dest),
      after: 'none',
    });
    assert.equal(restored, dest);
    assert.equal(git(dest, 'rev-parse', 'HEAD'), deployedSha('climate-conda'));
    assert.ok(fs.existsSync(path.join(dest, 'conda-requirements.txt')));
    assert.ok(fs.existsSync(path.join(dest, '.de-migrate', 'de4-app.json')));
  });
});
