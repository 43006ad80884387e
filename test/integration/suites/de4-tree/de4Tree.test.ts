// The DE4 Apps tree in the real editor, fed by the loopback DE4 server (scripts/de4Server): Add DE4
// Server… stores the key in SecretStorage only, the tree lists the server's apps through the real
// provider, an expanded app shows its details with masked values, and Filter, Sign Out and Remove work.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { activeApi, EXTENSION_ID } from '../../helpers';

interface LoopbackServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The part of the extension API this suite reads (the tree's nodes are opaque here). */
interface TreeApi {
  readonly provider: vscode.TreeDataProvider<unknown>;
  readonly view: vscode.TreeView<unknown>;
  readonly model: { servers(): readonly { readonly id: string }[] };
  hasApiKey(url: string, username: string): Promise<boolean>;
}

// tsc (module: commonjs) turns import() into require(), which cannot load the server's ES modules;
// an import() inside a Function body is left as is.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('s', 'return import(s)') as (specifier: string) => Promise<unknown>;

const ADMIN = { username: 'admin', apiKey: 'admin-key-123' };

async function loadServerModules(): Promise<{
  startDe4Server(o: { port: number }): Promise<LoopbackServer>;
  seedApps(): { name: string }[];
}> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  const dir = path.join(ext.extensionPath, 'scripts', 'de4Server');
  const server = (await importEsm(pathToFileURL(path.join(dir, 'server.mjs')).href)) as {
    startDe4Server(o: { port: number }): Promise<LoopbackServer>;
  };
  const seed = (await importEsm(pathToFileURL(path.join(dir, 'seed.mjs')).href)) as { seedApps(): { name: string }[] };
  return { startDe4Server: (o) => server.startDe4Server(o), seedApps: () => seed.seedApps() };
}

async function item(api: TreeApi, node: unknown): Promise<vscode.TreeItem> {
  return api.provider.getTreeItem(node);
}

function tooltipOf(i: vscode.TreeItem): string {
  return typeof i.tooltip === 'string' ? i.tooltip : (i.tooltip?.value ?? '');
}

function labelOf(i: vscode.TreeItem): string {
  return typeof i.label === 'string' ? i.label : (i.label?.label ?? '');
}

async function children(api: TreeApi, node?: unknown): Promise<unknown[]> {
  return (await api.provider.getChildren(node)) ?? [];
}

/** Polls an async probe until it returns something (bounded in time). */
async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) {
      return v;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Children once they are no longer a single "Loading…" node. */
async function loadedChildren(api: TreeApi, node: unknown): Promise<unknown[]> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const kids = await children(api, node);
    const first = kids[0];
    if (kids.length !== 1 || first === undefined || labelOf(await item(api, first)) !== 'Loading…') {
      return kids;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('children still loading after 15 s');
}

async function childByLabel(api: TreeApi, nodes: unknown[], label: string): Promise<unknown> {
  for (const n of nodes) {
    if (labelOf(await item(api, n)) === label) {
      return n;
    }
  }
  throw new Error(`no child labelled ${label}`);
}

describe('de4-tree: DE4 Apps tree', () => {
  let server: LoopbackServer;
  let api: TreeApi;
  let appCount: number;

  before(async () => {
    api = ((await activeApi()) as unknown as { de4: TreeApi }).de4;
    const mod = await loadServerModules();
    appCount = mod.seedApps().length;
    server = await mod.startDe4Server({ port: 0 });
  });

  after(async () => {
    await server.close();
  });

  it('shows the welcome view (an empty tree) while no server is configured', async () => {
    assert.deepEqual(await children(api), []);
  });

  it('refuses a key the server rejects: nothing is stored and the command ends', async () => {
    await vscode.commands.executeCommand('deMigrate.de4.addServer', { url: server.url, username: ADMIN.username, apiKey: 'not-the-key' });
    assert.equal(await api.hasApiKey(server.url, ADMIN.username), false, 'a rejected key is never stored');
    const stored = vscode.workspace.getConfiguration('deMigrate').inspect<unknown[]>('de4.servers')?.globalValue ?? [];
    assert.deepEqual(stored, [], 'a server whose key was rejected is not added');
  });

  it('adds a server: the key is validated and lands in SecretStorage, never in settings', async () => {
    await vscode.commands.executeCommand('deMigrate.de4.addServer', { url: server.url, label: 'Loopback DE4', ...ADMIN });
    assert.equal(await api.hasApiKey(server.url, ADMIN.username), true);
    const stored = vscode.workspace.getConfiguration('deMigrate').inspect<unknown[]>('de4.servers')?.globalValue;
    assert.deepEqual(stored, [{ label: 'Loopback DE4', url: server.url, username: 'admin' }]);
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('deMigrate').get('de4.servers')).includes(ADMIN.apiKey));
  });

  it('lists every app under the admin server node', async () => {
    const [serverNode] = await until('one server node', () => children(api).then((r) => (r.length === 1 ? r : undefined)));
    const apps = await loadedChildren(api, serverNode);
    assert.equal(apps.length, appCount);
    const serverItem = await item(api, serverNode);
    assert.equal(labelOf(serverItem), 'Loopback DE4');
    assert.match(String(serverItem.description), new RegExp(`^admin@127\\.0\\.0\\.1:\\d+ · admin · ${appCount} apps$`));
    const sales = await item(api, await childByLabel(api, apps, 'sales-dash'));
    assert.equal(sales.description, 'alice');
    assert.equal(sales.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.equal((sales.iconPath as vscode.ThemeIcon).id, 'vm-running');
    assert.match(tooltipOf(sales), /https:\/\/.*\/sales-dash/);
  });

  it('expands an app into its details, with environment values masked', async () => {
    const [serverNode] = await children(api);
    const appNode = await childByLabel(api, await loadedChildren(api, serverNode), 'sales-dash');
    const details = await loadedChildren(api, appNode);
    const items = await Promise.all(details.map((d) => item(api, d)));
    assert.deepEqual(items.map(labelOf), [
      'Not migrated by any script',
      'Owner',
      'Viewers',
      'Environment variables',
      'Linked services',
      'Mounted directories',
      'Processes',
      'Workspace',
      'Last deploy',
    ]);
    const byLabel = (l: string): vscode.TreeItem => items.find((i) => labelOf(i) === l) ?? assert.fail(l);
    assert.equal(byLabel('Owner').description, 'alice');
    assert.equal(byLabel('Viewers').description, 'restricted · 2 viewers');
    assert.equal(byLabel('Processes').description, 'web × 2, worker × 1');
    assert.equal(byLabel('Workspace').description, 'present');
    assert.match(String(byLabel('Last deploy').description), /^[0-9a-f]{7} · \d{4}-\d\d-\d\d \d\d:\d\d$/);

    const env = await Promise.all(
      (await children(api, await childByLabel(api, details, 'Environment variables'))).map((n) => item(api, n)),
    );
    const token = env.find((i) => labelOf(i) === 'API_TOKEN');
    assert.ok(token, `env names: ${env.map(labelOf).join(', ')}`);
    assert.equal(token.description, '••••');
    for (const i of env) {
      assert.match(String(i.description), /^••••/);
    }
    assert.ok(!JSON.stringify(env).includes('tok-sales-0001'), 'an environment value reached the tree');

    const [redis] = await Promise.all((await children(api, await childByLabel(api, details, 'Linked services'))).map((n) => item(api, n)));
    assert.ok(redis);
    assert.equal(labelOf(redis), 'sales-dash-redis');
    assert.equal((redis.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.match(tooltipOf(redis), /not migrated/);
    const [mount] = await Promise.all(
      (await children(api, await childByLabel(api, details, 'Mounted directories'))).map((n) => item(api, n)),
    );
    assert.ok(mount);
    assert.equal(labelOf(mount), '/srv/app-data → /data');
    assert.match(tooltipOf(mount), /\.\.\/mount/);
  });

  it('filters apps by name, and an empty filter shows all again', async () => {
    await vscode.commands.executeCommand('deMigrate.de4.filter', 'sales');
    const [serverNode] = await children(api);
    const filtered = await Promise.all((await loadedChildren(api, serverNode)).map((n) => item(api, n)));
    assert.ok(filtered.length > 0);
    assert.ok(
      filtered.every((i) => labelOf(i).includes('sales')),
      filtered.map(labelOf).join(', '),
    );
    assert.match(String((await item(api, serverNode)).description), new RegExp(`${filtered.length} of ${appCount} apps$`));

    await vscode.commands.executeCommand('deMigrate.de4.filter', '');
    assert.equal((await loadedChildren(api, serverNode)).length, appCount);
  });

  it('signs out: the key is deleted and the server asks for it again', async () => {
    const serverId = api.model.servers()[0]?.id;
    assert.ok(serverId);
    await vscode.commands.executeCommand('deMigrate.de4.signOut', { serverId });
    assert.equal(await api.hasApiKey(server.url, ADMIN.username), false);
    const [serverNode] = await children(api);
    const kids = await loadedChildren(api, serverNode);
    assert.match(labelOf(await item(api, kids[0])), /^Signed out/);
  });

  it('removes the server from settings', async () => {
    const serverId = api.model.servers()[0]?.id;
    await vscode.commands.executeCommand('deMigrate.de4.removeServer', { serverId, confirm: false });
    assert.deepEqual(vscode.workspace.getConfiguration('deMigrate').inspect<unknown[]>('de4.servers')?.globalValue, []);
    await until('an empty tree', () => children(api).then((r) => (r.length === 0 ? true : undefined)));
  });
});
