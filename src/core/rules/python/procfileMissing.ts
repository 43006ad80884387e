import { FILE_START } from '../../model/text';
import type { Fix } from '../../model/types';
import type { Rule } from '../rule';
import { findMainModule, type MainModule } from './dashApp';

function procfileFix(main: MainModule): Fix | undefined {
  if (!main.moduleName || main.names.hasStarImport || !main.names.names.has('server')) {
    return undefined;
  }
  // gunicorn puts only the app root on sys.path: a nested module's sibling imports may then break.
  // The new file is read on Linux by the DE5 build, so it gets LF whatever the sources use.
  const isNested = main.moduleName.includes('.');
  return {
    title: `Create a Procfile: web: gunicorn ${main.moduleName}:server --workers 4${isNested ? ' (check imports of a nested module)' : ''}`,
    safety: isNested ? 'unsafe' : 'safe',
    edits: [{ kind: 'create', file: 'Procfile', content: `web: gunicorn ${main.moduleName}:server --workers 4\n` }],
  };
}

function message(main: MainModule | undefined): string {
  const lead = 'DE5 needs a Procfile to know how to start this app, and there is none.';
  if (!main) {
    return `${lead} No module creating a Dash app was found; create one like \`web: gunicorn app:server --workers 4\`, naming the module that creates the app.`;
  }
  const file = main.source.file.path;
  if (!main.moduleName) {
    return `${lead} ${file} cannot be imported by that path; create a Procfile whose web process runs gunicorn on the module that creates the Dash app.`;
  }
  const web = `web: gunicorn ${main.moduleName}:server --workers 4`;
  if (!main.names.names.has('server')) {
    return `${lead} ${file} does not define \`server\` yet: add \`server = ${main.dashApp?.variable ?? 'app'}.server\`, then create a Procfile with \`${web}\`.`;
  }
  return `${lead} Create one that serves ${file} with gunicorn: \`${web}\`.`;
}

export const procfileMissingRule: Rule = {
  id: 'procfile-missing',
  defaultSeverity: 'error',
  title: 'The app has no Procfile',
  check(app) {
    if (app.has('Procfile')) {
      return [];
    }
    const pyFiles = [...app.snapshot.sizes.keys()].filter((p) => p.endsWith('.py')).sort();
    if (pyFiles.length === 0 && !app.has('requirements.txt')) {
      return [];
    }
    const main = findMainModule(app);
    // A finding must sit in a file that exists.
    const file = main?.source.file.path ?? (app.has('requirements.txt') ? 'requirements.txt' : pyFiles[0]);
    if (!file) {
      return [];
    }
    const fix = main ? procfileFix(main) : undefined;
    return [{ file, range: FILE_START, message: message(main), ...(fix ? { fixes: [fix] } : {}) }];
  },
};
