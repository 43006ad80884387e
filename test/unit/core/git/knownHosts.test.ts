import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fingerprint, judgeHostKey, knownHostsLine, knownHostsName, parseKeyscan, recordedKeys } from '../../../../src/core/git/knownHosts';

const ED = { type: 'ssh-ed25519', key: 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl' };
const ED2 = { type: 'ssh-ed25519', key: 'AAAAC3NzaC1lZDI1NTE5AAAAIBVsvoeNXRS4AG8/n2CbnwKnMNLgqUt4Zgu/ODJZpKNt' };
const RSA = { type: 'ssh-rsa', key: 'AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7' };

describe('git/knownHosts (the managed known-hosts file for DE5 pushes)', () => {
  it('names hosts as ssh does: bare on port 22, [host]:port otherwise', () => {
    assert.equal(knownHostsName('DE5.example.com', 22), 'de5.example.com');
    assert.equal(knownHostsName('127.0.0.1', 2222), '[127.0.0.1]:2222');
  });

  it('prints the same SHA256 fingerprint as ssh-keygen', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-fp-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'k')]);
    const [type, key] = fs.readFileSync(path.join(dir, 'k.pub'), 'utf8').trim().split(' ') as [string, string];
    const expected = execFileSync('ssh-keygen', ['-lf', path.join(dir, 'k.pub')], { encoding: 'utf8' }).split(' ')[1];
    assert.equal(fingerprint({ type, key }), expected);
  });

  it('reads ssh-keyscan output and ignores comments and junk', () => {
    const out = `# 127.0.0.1:22 SSH-2.0-OpenSSH_9.2\n[127.0.0.1]:2222 ${ED.type} ${ED.key}\n[127.0.0.1]:2222 ${RSA.type} ${RSA.key}\nnot a key line\n[h]:1 ssh-evil $(rm -rf)\n`;
    assert.deepEqual(parseKeyscan(out), [ED, RSA]);
  });

  it('judges known, unknown, changed and absent keys', () => {
    const name = knownHostsName('127.0.0.1', 2222);
    const file = `# managed\n${knownHostsLine(name, ED)}other.example.com ${ED2.type} ${ED2.key}\n`;
    assert.deepEqual(recordedKeys(file, name), [ED]);
    assert.equal(judgeHostKey([RSA, ED], recordedKeys(file, name)).kind, 'known');
    const unknown = judgeHostKey([RSA, ED2], []);
    assert.equal(unknown.kind, 'unknown');
    assert.ok(unknown.kind === 'unknown' && unknown.key.type === 'ssh-ed25519', 'the strongest key is the one shown');
    const changed = judgeHostKey([ED2], recordedKeys(file, name));
    assert.equal(changed.kind, 'changed');
    assert.ok(changed.kind === 'changed' && changed.fingerprint === fingerprint(ED2));
    assert.equal(judgeHostKey([RSA], recordedKeys(file, name)).kind, 'changed', 'only other key types offered: as suspicious as a change');
    assert.equal(judgeHostKey([], []).kind, 'no-key');
  });

  it('reads hashed lines as ssh-keygen -H writes them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-kh-'));
    const file = path.join(dir, 'known_hosts');
    const name = knownHostsName('de4.example.com', 3022);
    fs.writeFileSync(file, `${knownHostsLine(name, ED)}other.example.com ${ED2.type} ${ED2.key}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
    const hashed = fs.readFileSync(file, 'utf8');
    assert.ok(!hashed.includes('de4.example.com'), 'ssh-keygen hashed the names');
    assert.deepEqual(recordedKeys(hashed, name), [ED]);
    assert.deepEqual(recordedKeys(hashed, knownHostsName('de4.example.com', 22)), [], 'another port is another host');
    assert.equal(judgeHostKey([ED], recordedKeys(hashed, name)).kind, 'known');
    assert.equal(judgeHostKey([ED2], recordedKeys(hashed, name)).kind, 'changed');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never accepts a @revoked key and skips @cert-authority lines', () => {
    const name = knownHostsName('127.0.0.1', 2222);
    const text = `@cert-authority * ${ED2.type} ${ED2.key}\n@revoked ${name} ${ED.type} ${ED.key}\n${knownHostsLine(name, ED)}`;
    assert.equal(judgeHostKey([ED], recordedKeys(text, name)).kind, 'changed', 'revoked wins over the same key recorded plainly');
    assert.equal(judgeHostKey([ED2], recordedKeys(`@cert-authority * ${ED2.type} ${ED2.key}\n`, name)).kind, 'unknown');
  });
});
