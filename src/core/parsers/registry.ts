import type { ParseResult } from '../model/parseResult';
import { parseProcfile } from './procfile';
import { parseGitConfig } from './gitConfig';

type AnyParser = (text: string) => ParseResult<unknown>;

/**
 * Which parser reads which app file, for the `parse-error` rule. Rules parse through
 * `AppContext.parse` with the same functions, so each file is parsed once.
 */
export const FILE_PARSERS: readonly { readonly matches: (path: string) => boolean; readonly parse: AnyParser }[] = [
  { matches: (p) => p === 'Procfile', parse: parseProcfile },
  { matches: (p) => p === '.git/config', parse: parseGitConfig },
];
