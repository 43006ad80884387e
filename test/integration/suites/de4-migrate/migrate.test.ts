// Migrate Selected Apps and the Migration Report in the real editor: three DE4 apps from the loopback
// DE4 API and git sshd are cloned, converted, created on DE5 (the `de` stand-in), pushed over the DE5
// sshd stand-in and checked against the app server stand-in. One app never answers, so it fails at
// the last step; Retry Step reruns just that step once it answers. Then the report opens.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadDe4Server, type LoopbackDe4Server } from '../../../support/de4ServerModule';
import { loadDe4Ssh, type LoopbackDe4SshServer } from '../../../support/de4SshModule';
import {
  DE_CLI_PATH,
  loadDe5Cli,
  loadDe5Http,
  loadDe5Ssh,
  type De5AppServer,
  type LoopbackDe5SshServer,
} from '../../../support/de5StandIns';
import { activeApi, waitFor, workspaceRoot } from '../../helpers';
import { captureWorkbench } from '../../screenshot';
import { assertNoSecretsLeft } from './noSecrets';

interface Summary {
  readonly verified: readonly string[];
  readonly failed: readonly { readonly app: string; readonly step: string }[];
}

interface StateFile {
  apps: Record<string, { step: string; failed?: { step: string } }>;
}

const APPS = ['sales-dash', 'inventory-pg', 'report-01'];

describe('de4-migrate: Migrate Selected Apps and the Migration Report', function () {
  this.timeout(240_000);
  let de4: LoopbackDe4Server;
  let de4Ssh: LoopbackDe4SshServer;
  let de5Ssh: LoopbackDe5SshServer;
  let web: De5AppServer;
  let serverId: string;
  const config = () => vscode.workspace.getConfiguration('deMigrate');
  const state = (): StateFile => JSON.parse(fs.readFileSync(path.join(workspaceRoot(), '.de-migrate', 'state.json'), 'utf8')) as StateFile;

  before(async () => {
    const api = ((await activeApi()) as unknown as { de4: { model: { servers(): readonly { id: string }[] } } }).de4;
    de4 = await (await loadDe4Server()).startDe4Server({ port: 0 });
    de4Ssh = await (await loadDe4Ssh()).startDe4SshServer({ port: 0 });
    de5Ssh = await (await loadDe5Ssh()).startDe5SshServer({ port: 0 });
    // report-01 never answers at first, so its last step fails.
    web = await (
      await loadDe5Http()
    ).startDe5AppServer({ apps: { 'sales-dash': {}, 'inventory-pg': {}, 'report-01': { readyAfterRequests: 100_000 } } });
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-it-fleet-')), 'de-state.json');
    (await loadDe5Cli()).createDeStubState(stateFile, { host: '127.0.0.1', users: {}, keyfileUser: 'admin', reposDir: de5Ssh.reposDir });
    process.env['DE_STUB_STATE'] = stateFile;
    const global = vscode.ConfigurationTarget.Global;
    await config().update('ssh.identityFile', de4Ssh.identityFile, global);
    await config().update('ssh.knownHostsFile', de4Ssh.knownHostsFile, global);
    await config().update('ssh.configFile', '/dev/null', global);
    await config().update('de5.cliPath', DE_CLI_PATH, global);
    await config().update(
      'de5.servers',
      [
        {
          host: '127.0.0.1',
          label: 'Loopback DE5',
          sshUser: de5Ssh.user,
          sshPort: de5Ssh.port,
          identityFile: de5Ssh.clientKey.identityFile,
          appUrlTemplate: `${web.url}/{app}/`,
          verifySeconds: 4,
        },
      ],
      global,
    );
    await vscode.commands.executeCommand('deMigrate.de4.addServer', {
      url: de4.url,
      label: 'Loopback DE4',
      username: 'admin',
      apiKey: 'admin-key-123',
    });
    await config().update(
      'de4.servers',
      [{ label: 'Loopback DE4', url: de4.url, username: 'admin', sshHost: de4Ssh.host, sshPort: de4Ssh.port, sshUser: de4Ssh.user }],
      global,
    );
    serverId = await waitFor('the DE4 server in the model', () => api.model.servers()[0]?.id);
  });

  after(async () => {
    await vscode.commands.executeCommand('deMigrate.de4.removeServer', { serverId, confirm: false });
    for (const key of ['ssh.identityFile', 'ssh.knownHostsFile', 'ssh.configFile', 'de5.cliPath', 'de5.servers']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    delete process.env['DE_STUB_STATE'];
    await Promise.all([de4?.close(), de4Ssh?.close(), de5Ssh?.close(), web?.close()]);
  });

  it('migrates three apps; the one that never answers fails at its last step and the rest reach DE5', async () => {
    const summary = await vscode.commands.executeCommand<Summary>('deMigrate.de4.migrateApps', {
      serverId,
      apps: APPS,
      confirm: true,
      acceptHostKey: de5Ssh.hostKeyFingerprint,
    });
    assert.ok(summary, 'the migration did not run (see the DE Migrate log)');
    assert.deepEqual([...summary.verified].sort(), ['inventory-pg', 'sales-dash'], JSON.stringify(summary));
    assert.deepEqual(
      summary.failed.map((f) => [f.app, f.step]),
      [['report-01', 'verified']],
    );
    for (const app of ['sales-dash', 'inventory-pg']) {
      assert.ok(de5Ssh.headOf(app, 'main'), `${app} was pushed`);
      assert.ok(fs.existsSync(path.join(workspaceRoot(), app, '.de-migrate', 'de4-app.json')), `${app} was cloned with its metadata`);
    }
    assert.equal(state().apps['report-01']?.failed?.step, 'verified');
    assert.equal(state().apps['report-01']?.step, 'pushed', 'the steps before the failure stay done');
  });

  it('Retry Step reruns only the failed step once the app answers', async () => {
    const pushedBefore = de5Ssh.headOf('report-01', 'main');
    web.setApp('report-01', { readyAfterRequests: 0 });
    await vscode.commands.executeCommand('deMigrate.retryMigrationStep', 'report-01');
    assert.equal(state().apps['report-01']?.step, 'verified');
    assert.equal(state().apps['report-01']?.failed, undefined);
    assert.equal(de5Ssh.headOf('report-01', 'main'), pushedBefore, 'nothing before the failed step was redone');
  });

  it('opens the Migration Report with every app of the workspace', async () => {
    await vscode.commands.executeCommand('deMigrate.openReport');
    const tab = await waitFor('the report tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && /Migration Report/.test(t.label)),
    );
    assert.ok(tab.isActive);
    // The picture for the README: the fleet table rendered in the webview.
    await new Promise((r) => setTimeout(r, 3000));
    await captureWorkbench();
  });

  it('leaves no secret in the log, storage, settings or workspace', async () => {
    await assertNoSecretsLeft([de4Ssh.identityFile, de5Ssh.clientKey.identityFile]);
  });
});
