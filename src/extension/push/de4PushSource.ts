import type { De4AppsModel } from '../../core/de4/appsModel';
import type { De4AppMetadataFile } from '../../core/de4/appMetadata';
import { normaliseDe4Url } from '../../core/de4/serverConfig';
import { errorMessage } from '../../core/errors';
import type { Logger } from '../../core/ports';

/**
 * Environment variable values for a push, read from the DE4 server the app came from (when that
 * server is configured and signed in), so they are not typed again. In memory only.
 */
export class De4PushSource {
  constructor(
    private readonly model: De4AppsModel,
    private readonly log: Logger,
  ) {}

  async valueOf(meta: De4AppMetadataFile, name: string, signal: AbortSignal): Promise<string | undefined> {
    const url = normaliseDe4Url(meta.source.server);
    const server = this.model.servers().find((s) => s.url === url);
    if (!server) {
      return undefined;
    }
    try {
      const detail = await this.model.fetchDetail(server.id, meta.source.app, signal);
      return detail?.environmentVariables.find((v) => v.name === name)?.value;
    } catch (err) {
      this.log.debug(`[push] no value for ${name} from ${server.label}: ${errorMessage(err)}`);
      return undefined;
    }
  }
}
