import * as assert from 'node:assert/strict';
import { discoverApps, makeExcluder } from '../../../../src/core/discovery/discoverApps';
import { isCancellation } from '../../../../src/core/errors';
import { fakeFileSystem } from '../../../support/fakeFileSystem';

describe('discoverApps', () => {
  it('finds every folder holding a marker file, nested apps included', async () => {
    const fs = fakeFileSystem({
      '/w/README.md': '',
      '/w/sales/Procfile': 'web: gunicorn app:server',
      '/w/sales/app.py': '',
      '/w/tools/report/requirements.txt': 'dash\n',
      '/w/monorepo/requirements.txt': '',
      '/w/monorepo/apps/a/app.json': '{}',
      '/w/solo/index.py': '',
    });
    assert.deepEqual(await discoverApps(fs, ['/w']), ['/w/monorepo', '/w/monorepo/apps/a', '/w/sales', '/w/solo', '/w/tools/report']);
  });

  it('treats a Python-only subfolder of an app as part of it (a package or pages folder)', async () => {
    const fs = fakeFileSystem({
      '/w/app/Procfile': 'web: gunicorn app:server',
      '/w/app/app.py': '',
      '/w/app/pkg/__init__.py': '',
      '/w/app/pkg/app.py': '',
      '/w/app/pages/index.py': '',
      '/w/app/demo/requirements.txt': 'dash\n',
    });
    assert.deepEqual(await discoverApps(fs, ['/w']), ['/w/app', '/w/app/demo']);
  });

  it('skips tool state, dependencies and virtual environments', async () => {
    const fs = fakeFileSystem({
      '/w/node_modules/x/requirements.txt': '',
      '/w/.git/Procfile': '',
      '/w/env/pyvenv.cfg': '',
      '/w/env/lib/requirements.txt': '',
      '/w/.venv/requirements.txt': '',
      '/w/__pycache__/app.py': '',
      '/w/real/Procfile': '',
    });
    assert.deepEqual(await discoverApps(fs, ['/w']), ['/w/real']);
  });

  it('honours exclude globs relative to the search root, including the folder itself', async () => {
    const fs = fakeFileSystem({ '/w/archive/old/Procfile': '', '/w/live/Procfile': '' });
    assert.deepEqual(await discoverApps(fs, ['/w'], { exclude: ['archive/**'] }), ['/w/live']);
    assert.equal(makeExcluder(['archive/**'])('archive'), true);
    assert.equal(makeExcluder(['[invalid'])('x'), false, 'a bad glob excludes nothing instead of throwing');
  });

  it('logs and skips unreadable folders', async () => {
    const debug: string[] = [];
    const log = {
      trace: () => undefined,
      debug: (m: string) => debug.push(m),
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    const fs = fakeFileSystem({ '/w/secret/Procfile': '', '/w/ok/Procfile': '' }, { unreadable: ['/w/secret'] });
    assert.deepEqual(await discoverApps(fs, ['/w'], { log }), ['/w/ok']);
    assert.ok(debug.some((m) => m.includes('/w/secret')));
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(discoverApps(fakeFileSystem({ '/w/a/Procfile': '' }), ['/w'], { signal: controller.signal }), isCancellation);
  });

  it('bounds the folders it visits', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) {
      files[`/w/d${i}/Procfile`] = '';
    }
    const found = await discoverApps(fakeFileSystem(files), ['/w'], { maxDirectories: 17 });
    assert.ok(found.length < 50 && found.length > 0, `found ${found.length}`);
  });
});
