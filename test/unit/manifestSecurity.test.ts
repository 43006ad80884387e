// The manifest's security declarations: a setting that names a host, an executable or a key file is
// machine-overridable (a workspace cannot point it elsewhere unnoticed) and restricted (ignored in
// Restricted Mode, which test/integration/suites/restricted checks in the real host).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Setting {
  readonly scope?: string;
}

interface Manifest {
  readonly capabilities: {
    readonly untrustedWorkspaces: { readonly supported: unknown; readonly restrictedConfigurations: readonly string[] };
  };
  readonly contributes: {
    readonly configuration: { readonly properties: Record<string, Setting> } | { readonly properties: Record<string, Setting> }[];
    readonly commands: readonly { readonly command: string; readonly enablement?: string }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;

/** Hosts (`host`, `servers`), executables (`cliPath`), key and SSH files (`ssh.*`), DE5 conventions (`profile`). */
const SENSITIVE = /(^|\.)(host|servers|cliPath|profile)$|^deMigrate\.ssh\./;

function settings(): [string, Setting][] {
  const c = manifest.contributes.configuration;
  return (Array.isArray(c) ? c : [c]).flatMap((x) => Object.entries(x.properties));
}

describe('manifest: settings and commands an untrusted workspace must not steer', () => {
  it('declares limited support in untrusted workspaces', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('makes every host, executable and key-file setting machine-overridable and restricted', () => {
    const restricted = new Set(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations);
    const sensitive = settings().filter(([key]) => SENSITIVE.test(key));
    assert.ok(sensitive.length >= 8, sensitive.map(([k]) => k).join(', '));
    for (const [key, s] of sensitive) {
      assert.equal(s.scope, 'machine-overridable', `${key} scope`);
      assert.ok(restricted.has(key), `${key} is not in restrictedConfigurations`);
    }
    for (const key of restricted) {
      assert.ok(
        settings().some(([k]) => k === key),
        `restrictedConfigurations names ${key}, which is not a setting`,
      );
    }
  });

  it('greys out every command that writes, runs git or reaches a server until the workspace is trusted', () => {
    const needsTrust = [
      'deMigrate.convertApp',
      'deMigrate.de4.addServer',
      'deMigrate.de4.cloneApp',
      'deMigrate.de4.linkFolder',
      'deMigrate.de4.backupApp',
      'deMigrate.de4.restoreBackup',
      'deMigrate.de4.copyEnv',
      'deMigrate.pushToDe5',
      'deMigrate.de4.pushLinked',
      'deMigrate.de4.migrateApps',
      'deMigrate.de4.migrateServer',
      'deMigrate.retryMigrationStep',
    ];
    for (const id of needsTrust) {
      const command = manifest.contributes.commands.find((c) => c.command === id);
      assert.ok(command, id);
      assert.equal(command.enablement, 'isWorkspaceTrusted', id);
    }
  });
});
