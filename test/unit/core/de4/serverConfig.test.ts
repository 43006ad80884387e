import * as assert from 'node:assert/strict';
import { normaliseDe4Servers, normaliseDe4Url } from '../../../../src/core/de4/serverConfig';

describe('serverConfig', () => {
  it('normalises URLs: adds https, lowercases the host, drops trailing slashes', () => {
    assert.equal(normaliseDe4Url('DE4.Example.com/'), 'https://de4.example.com');
    assert.equal(normaliseDe4Url(' http://127.0.0.1:4567// '), 'http://127.0.0.1:4567');
    assert.equal(normaliseDe4Url('https://host/prefix/'), 'https://host/prefix');
    assert.equal(normaliseDe4Url('https://host/Manager/graphql'), 'https://host');
  });

  it('rejects what is not an http(s) server URL', () => {
    assert.equal(normaliseDe4Url(''), undefined);
    assert.equal(normaliseDe4Url('ftp://host'), undefined);
    assert.equal(normaliseDe4Url('https://user:pw@host'), undefined);
    assert.equal(normaliseDe4Url('http://'), undefined);
  });

  it('keeps valid entries, defaults label and TLS verification, drops invalid ones and duplicates', () => {
    const servers = normaliseDe4Servers([
      { url: 'de4.example.com', username: 'alice' },
      { label: 'Prod', url: 'https://de4.example.com/', username: 'alice', verifyTls: false },
      {
        label: 'Lab',
        url: 'https://lab.example.com',
        username: 'bob',
        caFile: '/etc/ca.pem',
        verifyTls: false,
        sshPort: 2222,
        sshUser: 'git',
        sshHost: 'git.lab.example.com',
      },
      { url: 'https://no-user.example.com' },
      'not an object',
      null,
      { url: 42, username: 'x' },
    ]);
    assert.deepEqual(servers, [
      {
        id: 'https://de4.example.com|alice',
        label: 'de4.example.com',
        url: 'https://de4.example.com',
        username: 'alice',
        caFile: undefined,
        verifyTls: true,
        ssh: { host: 'de4.example.com', port: 3022, user: 'dokku' },
      },
      {
        id: 'https://lab.example.com|bob',
        label: 'Lab',
        url: 'https://lab.example.com',
        username: 'bob',
        caFile: '/etc/ca.pem',
        verifyTls: false,
        ssh: { host: 'git.lab.example.com', port: 2222, user: 'git' },
      },
    ]);
  });

  it('ignores an SSH port that is not a port', () => {
    const [s] = normaliseDe4Servers([{ url: 'https://h.example.com:8443', username: 'a', sshPort: 70000, sshUser: ' ' }]);
    assert.deepEqual(s?.ssh, { host: 'h.example.com', port: 3022, user: 'dokku' });
  });

  it('treats a missing or non-array setting as no servers', () => {
    assert.deepEqual(normaliseDe4Servers(undefined), []);
    assert.deepEqual(normaliseDe4Servers({ url: 'x' }), []);
  });
});
