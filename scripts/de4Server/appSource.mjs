// The code of a seeded app as DE4 would have deployed it, derived from its API record so the two
// agree: packages from analytics.dependencies.python, a worker process and DOKKU_SCALE when the app
// runs one, conda files for conda apps, and code that uses its mounts and linked services. For the
// git repositories the loopback SSH server serves (Clone) and for demos; deterministic.
import { DE4_HOST } from './constants.mjs';

const CONDA_ONLY = new Set(['numpy', 'scipy', 'xarray', 'netCDF4']);

/** Whether the seeded app is a conda app (its installed packages include conda-only ones). */
export function isCondaApp(app) {
  return packagesOf(app).some((p) => CONDA_ONLY.has(p.name));
}

function packagesOf(app) {
  const text = app.analytics?.dependencies?.python ?? '';
  return text
    .split('\n')
    .map((line) => /^([A-Za-z0-9_.-]+)==(\S+)$/.exec(line.trim()))
    .filter((m) => m !== null)
    .map((m) => ({ name: m[1], version: m[2] }));
}

/**
 * The app's files, path → text (LF line endings, final newline).
 * @returns {Record<string, string>}
 */
export function appSourceFiles(app) {
  const packages = packagesOf(app);
  const conda = isCondaApp(app);
  const workers = (app.processes ?? []).filter((p) => p.type === 'worker' && p.number > 0);
  const services = (app.linkedServices ?? []).map((s) => String(s.serviceType).toLowerCase());
  const files = {};
  files.Procfile = lines(['web: gunicorn app:server --workers 4', ...(workers.length > 0 ? ['worker: python worker.py'] : [])]);
  if (workers.length > 0) {
    files.DOKKU_SCALE = lines(['web=1', `worker=${workers[0].number}`]);
    files['worker.py'] = lines(['import time', '', 'while True:', '    time.sleep(60)']);
  }
  const pip = packages.filter((p) => !conda || !CONDA_ONLY.has(p.name));
  files['requirements.txt'] = lines([`--extra-index-url=https://${DE4_HOST}/Docs/packages`, ...pip.map((p) => `${p.name}==${p.version}`)]);
  if (conda) {
    files['conda-runtime.txt'] = lines(['Miniconda3-4.5.12']);
    files['conda-requirements.txt'] = lines([
      '# platform: linux-64',
      ...packages.filter((p) => CONDA_ONLY.has(p.name)).map((p) => `${p.name}=${p.version}=py37_0`),
    ]);
  } else {
    files['runtime.txt'] = lines(['python-3.7.10']);
  }
  files['app.py'] = lines([
    'import os',
    '',
    'import dash',
    'import dash_html_components as html',
    '',
    ...services.map((s) => (s === 'redis' ? "REDIS_URL = os.environ['REDIS_URL']" : "DATABASE_URL = os.environ['DATABASE_URL']")),
    ...(app.mounts ?? []).map((m, i) => `DATA_DIR_${i} = '${m.targetDir}'`),
    '',
    'app = dash.Dash(__name__)',
    'server = app.server',
    `app.layout = html.Div(${JSON.stringify(app.metadata?.title ?? app.name)})`,
    '',
    "if __name__ == '__main__':",
    '    app.run_server(debug=True)',
  ]);
  return files;
}

function lines(list) {
  return `${list.join('\n')}\n`;
}
