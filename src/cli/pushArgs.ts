import { oneOf, parseOptions, UsageError } from './args';
import { de5Flags, DE5_FLAG_OPTIONS, defined, type De5Flags } from './de5Flags';

export interface PushArgs extends De5Flags {
  readonly command: 'push';
  readonly path: string;
  readonly de5: string;
  readonly app?: string;
  readonly remoteUrl?: string;
  readonly overwrite: boolean;
  readonly format: 'text' | 'json';
  readonly verbose: boolean;
}

export function parsePushArgs(rest: readonly string[]): PushArgs {
  const { values, positionals } = parseOptions(rest, {
    ...DE5_FLAG_OPTIONS,
    de5: { type: 'string' },
    app: { type: 'string' },
    'remote-url': { type: 'string' },
    overwrite: { type: 'boolean' },
    format: { type: 'string' },
    verbose: { type: 'boolean' },
  });
  const [only, ...more] = positionals;
  if (only === undefined || more.length > 0) {
    throw new UsageError('push takes exactly one app folder.');
  }
  if (values.de5 === undefined) {
    throw new UsageError('push needs --de5 <host>, the DE5 server.');
  }
  return {
    command: 'push',
    path: only,
    de5: values.de5,
    ...de5Flags(values),
    ...defined({ app: values.app, remoteUrl: values['remote-url'] }),
    overwrite: values.overwrite ?? false,
    format: oneOf('--format', values.format, ['text', 'json'], 'text', 'text or json for push'),
    verbose: values.verbose ?? false,
  };
}
