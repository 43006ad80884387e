import * as vscode from 'vscode';
import { De4Client } from '../../core/api/de4Client';
import { CoreError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { loadNetwork } from '../platform/loadNetwork';
import type { De4Api, De4ApiFactory } from '../../core/de4/appsModel';
import type { De4ServerConfig } from '../../core/de4/serverConfig';

async function readCaFile(server: De4ServerConfig): Promise<string | undefined> {
  if (server.caFile === undefined) {
    return undefined;
  }
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(server.caFile)));
  } catch (err) {
    throw new CoreError('io-failed', vscode.l10n.t('The CA file {0} of {1} could not be read.', server.caFile, server.label), {
      hint: vscode.l10n.t('Check caFile in the deMigrate.de4.servers setting.'),
      cause: err,
    });
  }
}

/**
 * Builds the core's De4Client over the axios port for one server: its CA file (read once, on the
 * first call) and its explicit, warned TLS opt-out.
 */
export function createDe4Api(log: Logger): De4ApiFactory {
  return (server, getAuth) => {
    let client: Promise<De4Client> | undefined;
    const clientOf = (): Promise<De4Client> => {
      client ??= readCaFile(server).then((ca) => {
        const { AxiosHttpClient } = loadNetwork();
        const http = new AxiosHttpClient({
          ...(ca !== undefined ? { ca } : {}),
          rejectUnauthorized: server.verifyTls,
          onInsecureConnection: (host) =>
            log.warn(`${server.label}: connected to ${host} WITHOUT checking its TLS certificate (verifyTls: false); set caFile instead`),
        });
        return new De4Client({ baseUrl: server.url, http, getAuth, log });
      });
      // A failed CA read is tried again on the next call (the user may fix the file).
      client.catch(() => (client = undefined));
      return client;
    };
    const api: De4Api = {
      current: async (signal) => (await clientOf()).current(signal),
      listApps: async (opts, signal) => (await clientOf()).listApps(opts, signal),
      appDetail: async (name, opts, signal) => (await clientOf()).appDetail(name, opts, signal),
    };
    return api;
  };
}
