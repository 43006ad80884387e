import { parseBuildpacks } from '../../parsers/buildpacks';
import type { Rule } from '../rule';
import { fileHead } from './fileHead';

/** `.buildpacks` pins a Heroku-style buildpack, which DE5 (Cloud Native Buildpacks) cannot use. */
export const buildpacksFileRule: Rule = {
  id: 'buildpacks-file',
  defaultSeverity: 'warning',
  title: '.buildpacks forces a DE4 buildpack',
  check(app) {
    if (!app.has('.buildpacks')) {
      return [];
    }
    const entries = app.parse('.buildpacks', parseBuildpacks)?.value.entries ?? [];
    const first = entries[0];
    const which = first ? ` (${first.url.replace(/^.*\//, '').replace(/\.git$/, '')})` : '';
    const named = entries.length > 0 ? ` (${entries.map((e) => (e.ref === undefined ? e.url : `${e.url}#${e.ref}`)).join(', ')})` : '';
    const conda = entries.some((e) => /conda-buildpack/.test(e.url)) ? ' DE5 picks conda when the app has an environment.yml.' : '';
    return [
      {
        file: '.buildpacks',
        range: first?.range ?? fileHead(app.file('.buildpacks')?.text),
        message: `.buildpacks forces a DE4 Heroku-style buildpack${which}; DE5 builds with Cloud Native Buildpacks and does not use it, so remove the file.${conda}`,
        fixes: [
          // Unsafe: the file is gone for good unless the user's version control has it; the title names its buildpacks.
          { title: `Delete .buildpacks${named}`, safety: 'unsafe', edits: [{ kind: 'delete', file: '.buildpacks' }] },
        ],
      },
    ];
  },
};
