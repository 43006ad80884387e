import type * as vscode from 'vscode';
import type { De4ServerConfig } from '../../core/de4/serverConfig';

const PREFIX = 'deMigrate.de4.apiKey:';

/** DE4 API keys in VS Code's SecretStorage, keyed by server URL and username; never in settings or logs. */
export class De4Secrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  private static keyOf(server: Pick<De4ServerConfig, 'id'>): string {
    return PREFIX + server.id;
  }

  async apiKey(server: Pick<De4ServerConfig, 'id'>): Promise<string | undefined> {
    const key = await this.storage.get(De4Secrets.keyOf(server));
    return key === '' ? undefined : key;
  }

  async store(server: Pick<De4ServerConfig, 'id'>, apiKey: string): Promise<void> {
    await this.storage.store(De4Secrets.keyOf(server), apiKey);
  }

  async delete(server: Pick<De4ServerConfig, 'id'>): Promise<void> {
    await this.storage.delete(De4Secrets.keyOf(server));
  }

  /** Fires with the server id whose key changed (also when another window signed in or out). */
  onDidChange(listener: (serverId: string) => void): vscode.Disposable {
    return this.storage.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) {
        listener(e.key.slice(PREFIX.length));
      }
    });
  }
}
