import * as assert from 'node:assert/strict';
import { normaliseProfile } from '../../../../../src/core/profile/de5Profile';
import { sshPort3022Rule } from '../../../../../src/core/rules/app/sshPort3022';
import { applyFix, run, textAt } from '../python/ruleHarness';

function config(url: string, eol = '\n'): string {
  return ['[core]', '\tbare = false', '[remote "plotly"]', `\turl = ${url}`, '\tfetch = +refs/heads/*:refs/remotes/plotly/*', ''].join(eol);
}

describe('ssh-port-3022', () => {
  it('rewrites an explicit port 3022 to 22 and keeps everything else', () => {
    for (const [url, want] of [
      ['ssh://dokku@de4.example.com:3022/my-app', 'ssh://dokku@de4.example.com:22/my-app'],
      ['ssh://git@de4.example.com:3022/my-app', 'ssh://git@de4.example.com:22/my-app'],
      ['git+ssh://de4.example.com:3022/my-app.git', 'git+ssh://de4.example.com:22/my-app.git'],
    ] as const) {
      const files = { '.git/config': config(url, '\r\n') };
      const [f, ...rest] = run(sshPort3022Rule, files);
      assert.equal(rest.length, 0, url);
      assert.equal(f?.severity, undefined);
      assert.equal(textAt(files['.git/config'], f?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), url);
      assert.equal(f?.fixes?.[0]?.safety, 'safe');
      assert.equal(applyFix(files, f?.fixes?.[0])['.git/config'], config(want, '\r\n'));
    }
  });

  it('names the DE5 remote form, with the configured host', () => {
    const [f] = run(sshPort3022Rule, { '.git/config': config('ssh://dokku@de4:3022/sales') }, undefined, { de5Host: 'de5.example.com' });
    assert.match(f?.message ?? '', /git@de5\.example\.com:sales/);
  });

  it('writes the DE5 remote from the profile template', () => {
    const profile = normaliseProfile({ gitRemoteUrl: 'ssh://git@{host}:22/apps/{app}.git' });
    for (const url of ['ssh://dokku@de4:3022/sales', 'dokku@de4:sales']) {
      const [f] = run(sshPort3022Rule, { '.git/config': config(url) }, undefined, { de5Host: 'de5.example.com', profile });
      assert.match(f?.message ?? '', /`ssh:\/\/git@de5\.example\.com:22\/apps\/sales\.git`/, url);
      assert.doesNotMatch(f?.message ?? '', /git@de5\.example\.com:sales/, url);
    }
  });

  it('reports scp-like and port-less dokku remotes as info, without a fix', () => {
    for (const url of ['dokku@de4.example.com:my-app', 'ssh://dokku@de4.example.com/my-app']) {
      const [f, ...rest] = run(sshPort3022Rule, { '.git/config': config(url) });
      assert.equal(rest.length, 0, url);
      assert.equal(f?.severity, 'info');
      assert.equal(f?.fixes, undefined);
      assert.match(f?.message ?? '', /git@<de5-host>:my-app on port 22|git@<de5-host>:my-app` on port 22/);
    }
  });

  it('offers no automatic edit for a quoted value', () => {
    const [f] = run(sshPort3022Rule, { '.git/config': config('"ssh://dokku@de4:3022/app"') });
    assert.ok(f);
    assert.equal(f.fixes, undefined);
  });

  it('ignores other remotes, other sections and a missing or broken config', () => {
    for (const url of [
      'git@github.com:me/app.git',
      'https://de4.example.com/GIT/app',
      'ssh://git@de5.example.com:22/app',
      'git@de5.example.com:app',
    ]) {
      assert.deepEqual(run(sshPort3022Rule, { '.git/config': config(url) }), [], url);
    }
    assert.deepEqual(run(sshPort3022Rule, { '.git/config': '[url "ssh://dokku@h:3022/"]\n\tinsteadOf = de4:\n' }), []);
    assert.deepEqual(run(sshPort3022Rule, { 'app.py': '' }), []);
    const broken = '[remote "x"\n\turl = ssh://dokku@h:3022/a\n[remote "y"]\n\turl = "ssh://dokku@h:3022/b\n\turl = dokku@h:c\n';
    assert.deepEqual(
      run(sshPort3022Rule, { '.git/config': broken }).map((f) => f.range.start.line),
      [4],
    );
  });
});
