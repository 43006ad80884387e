import { DE4_METADATA_FILE } from '../de4/appMetadata';
import { readDe4MetadataFile } from '../de4/metadataFile';
import type { ParseResult } from '../model/parseResult';
import { parseProcfile } from './procfile';
import { isRequirementsFile, parseRequirements } from './requirements';
import { parseGitConfig } from './gitConfig';
import { parseAppJson } from './appJson';
import { parseAptfile, parseAptPackages, parseAptRepositories } from './aptFiles';
import { parseBuildpacks } from './buildpacks';
import { parseChecksFile } from './checksFile';
import { parseCondaRequirements } from './condaRequirements';
import { parseCondaRuntime } from './condaRuntime';
import { parseCondarc } from './condarc';
import { parseDokkuScale } from './dokkuScale';
import { parseEnvironmentYml } from './environmentYml';
import { parseProjectToml } from './projectToml';
import { parseRuntimeTxt } from './runtimeTxt';

type AnyParser = (text: string) => ParseResult<unknown>;

/**
 * Which parser reads which app file, for the `parse-error` rule. Rules parse through
 * `AppContext.parse` with the same functions, so each file is parsed once.
 */
export const FILE_PARSERS: readonly { readonly matches: (path: string) => boolean; readonly parse: AnyParser }[] = [
  { matches: (p) => p === 'Procfile', parse: parseProcfile },
  { matches: isRequirementsFile, parse: parseRequirements },
  { matches: (p) => p === '.git/config', parse: parseGitConfig },
  { matches: (p) => p === 'runtime.txt', parse: parseRuntimeTxt },
  { matches: (p) => p === 'apt-packages' || p === 'apt', parse: parseAptPackages },
  { matches: (p) => p === 'Aptfile', parse: parseAptfile },
  { matches: (p) => p === 'apt-repositories', parse: parseAptRepositories },
  { matches: (p) => p === 'app.json', parse: parseAppJson },
  { matches: (p) => p === 'DOKKU_SCALE', parse: parseDokkuScale },
  { matches: (p) => p === 'CHECKS', parse: parseChecksFile },
  { matches: (p) => p === 'conda-requirements.txt', parse: parseCondaRequirements },
  { matches: (p) => p === 'conda-runtime.txt', parse: parseCondaRuntime },
  { matches: (p) => p === '.condarc', parse: parseCondarc },
  { matches: (p) => p === 'environment.yml' || p === 'environment.yaml', parse: parseEnvironmentYml },
  { matches: (p) => p === 'project.toml', parse: parseProjectToml },
  { matches: (p) => p === '.buildpacks', parse: parseBuildpacks },
  { matches: (p) => p === DE4_METADATA_FILE, parse: readDe4MetadataFile },
];
