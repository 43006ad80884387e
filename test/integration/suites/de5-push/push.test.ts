// Push App to Dash Enterprise 5 in the real editor, end to end: the palette command pushes the
// fixture app with real git over a real sshd on loopback (scripts/de5Ssh), sets it up through the
// `de` stand-in (scripts/de5Cli) and waits until the stand-in app server answers (scripts/de5Http).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  DE_CLI_PATH,
  loadDe5Cli,
  loadDe5Http,
  loadDe5Ssh,
  type De5AppServer,
  type LoopbackDe5SshServer,
} from '../../../support/de5StandIns';
import { activeApi, workspaceRoot } from '../../helpers';
import { captureWorkbench } from '../../screenshot';

interface PushResult {
  readonly sha: string;
  readonly branch: string;
  readonly upToDate: boolean;
  readonly verified?: { readonly ok: boolean };
}

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
}

describe('de5-push: Push App to Dash Enterprise 5', function () {
  this.timeout(120_000);
  let ssh: LoopbackDe5SshServer;
  let web: De5AppServer;
  let stateFile: string;
  let app: string;
  const config = () => vscode.workspace.getConfiguration('deMigrate');

  before(async () => {
    await activeApi();
    app = path.join(workspaceRoot(), 'hello-dash');
    git(app, 'init', '-q', '-b', 'master');
    git(app, 'add', '-A');
    git(app, 'commit', '-q', '-m', 'Converted to DE5');
    ssh = await (await loadDe5Ssh()).startDe5SshServer({ port: 0 });
    // Slow to answer at first, as a real build is: the progress stays up long enough to be seen.
    web = await (await loadDe5Http()).startDe5AppServer({ apps: { 'hello-dash': { readyAfterRequests: 2 } } });
    stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-it-de5-')), 'de-state.json');
    (await loadDe5Cli()).createDeStubState(stateFile, { host: '127.0.0.1', users: {}, keyfileUser: 'alice', reposDir: ssh.reposDir });
    // The extension host is this process: the `de` stand-in it starts reads its state from here.
    process.env['DE_STUB_STATE'] = stateFile;
    const global = vscode.ConfigurationTarget.Global;
    await config().update(
      'de5.servers',
      [
        {
          host: '127.0.0.1',
          label: 'Loopback DE5',
          sshUser: ssh.user,
          sshPort: ssh.port,
          appUrlTemplate: `${web.url}/{app}/`,
          verifySeconds: 60,
        },
      ],
      global,
    );
    await config().update('de5.cliPath', DE_CLI_PATH, global);
    await config().update('ssh.identityFile', ssh.clientKey.identityFile, global);
    await config().update('ssh.configFile', '/dev/null', global);
  });

  after(async () => {
    for (const key of ['de5.servers', 'de5.cliPath', 'ssh.identityFile', 'ssh.configFile']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    delete process.env['DE_STUB_STATE'];
    await ssh?.close();
    await web?.close();
  });

  it('does nothing when the new host key is not trusted', async () => {
    const result = await vscode.commands.executeCommand('deMigrate.pushToDe5', {
      root: vscode.Uri.file(app),
      app: 'hello-dash',
      acceptHostKey: false,
    });
    assert.equal(result, undefined);
    assert.equal(fs.existsSync(path.join(ssh.reposDir, 'hello-dash.git')), false, 'nothing was created on DE5');
  });

  it('pushes the app from the palette: created on DE5, its variable set, HEAD on main, and the app answers', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(app, 'project.toml')));
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(path.join(app, 'project.toml')));
    const pending = vscode.commands.executeCommand<PushResult>('deMigrate.pushToDe5', {
      root: vscode.Uri.file(app),
      app: 'hello-dash',
      acceptHostKey: true,
      branch: 'main',
      values: { GREETING: 'Hello from the test' },
    });
    // The picture for the README: the push's progress notification while DE5 "builds" the app.
    await new Promise((r) => setTimeout(r, 1500));
    await captureWorkbench();
    const result = await pending;
    assert.ok(result, 'the push failed (see the DE Migrate log)');
    assert.equal(result.branch, 'main');
    assert.equal(result.sha, git(app, 'rev-parse', 'HEAD'));
    assert.equal(ssh.headOf('hello-dash', 'main'), result.sha, "the remote's HEAD is the local commit");
    assert.equal(result.verified?.ok, true);
    const state = (await loadDe5Cli()).readDeStubState(stateFile);
    assert.equal(state.apps['hello-dash']?.environmentVariables['GREETING'], 'Hello from the test');
    const record = JSON.parse(fs.readFileSync(path.join(app, '.de-migrate', 'de5-app.json'), 'utf8')) as {
      app: string;
      lastPush: { sha: string; verified: boolean };
    };
    assert.equal(record.app, 'hello-dash');
    assert.deepEqual([record.lastPush.sha, record.lastPush.verified], [result.sha, true]);
    assert.equal(git(app, 'remote', 'get-url', 'de5'), `ssh://${ssh.user}@127.0.0.1:${ssh.port}/hello-dash`);
  });

  it('pushes again without questions: the host is known, the app name and branch are remembered', async () => {
    const result = await vscode.commands.executeCommand<PushResult>('deMigrate.pushToDe5', { root: vscode.Uri.file(app) });
    assert.ok(result);
    assert.equal(result.upToDate, true);
  });
});
