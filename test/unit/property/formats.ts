import { builtDe4MetadataSeed, type SeedSource } from './arbitraries';

/** One file format under test: the names the registry knows it by and where its seeds come from. */
export interface Format {
  readonly label: string;
  /** App-root paths of this format; each generated file gets one of them. */
  readonly names: readonly string[];
  readonly seeds: SeedSource;
  /** JSON formats also get valid JSON of the wrong shape. */
  readonly json?: boolean;
}

/** Every format of `FILE_PARSERS`; the test checks that none is missing. */
export const FORMATS: readonly Format[] = [
  {
    label: 'Procfile',
    names: ['Procfile'],
    seeds: {
      corpus: ['Procfile'],
      fixtures: ['Procfile'],
      samples: ['web: gunicorn "app:create_app()" --workers 4 -b :8050\nworker: celery -A tasks worker\n# c\n'],
    },
  },
  {
    label: 'requirements.txt',
    names: ['requirements.txt', 'requirements-dev.txt', 'ci-requirements.txt'],
    seeds: {
      corpus: ['requirements.txt', 'requirements-predeploy.txt', 'requirements-real.txt', 'dependencies.txt'],
      fixtures: ['requirements.txt'],
      samples: [
        [
          '--index-url https://packages.example.com/simple',
          '--extra-index-url=https://x.example.com/simple --trusted-host x.example.com',
          '-r base.txt',
          '-c constraints.txt',
          '-e git+https://github.com/plotly/dash.git@v2.0#egg=dash',
          'dash[testing,celery]>=2.0,<3 ; python_version >= "3.8"  # comment',
          'pandas==1.5.* \\',
          '    --hash=sha256:abcdef',
          'mylib @ https://example.com/mylib-1.0.tar.gz',
          './vendor/pkg-1.0.whl',
          'https://example.com/pkg.zip#egg=pkg',
          'numpy (>=1.20)',
          '',
        ].join('\n'),
      ],
    },
  },
  {
    label: '.git/config',
    names: ['.git/config'],
    seeds: {
      samples: [
        [
          '[core]',
          '\trepositoryformatversion = 0',
          '\tbare = false',
          '[remote "origin"]',
          '\turl = https://dash.example.com/GIT/my-app',
          '\tfetch = +refs/heads/*:refs/remotes/origin/*',
          '[remote "plotly"] url = "ssh://git@dash.example.com:3022/my-app" ; trailing comment',
          '[branch "main"]',
          '\tremote = origin',
          '\tmerge = refs/heads/main',
          '[remote.legacy]',
          '\turl = dokku@de4.example.com:app # comment',
          '[alias]',
          '\tlg = "log --graph \\',
          '  --oneline \\t \\"x\\""',
          '\tbareKey',
          '[include]',
          '\tpath = ~/.gitconfig-work',
          '',
        ].join('\n'),
      ],
    },
  },
  {
    label: 'runtime.txt',
    names: ['runtime.txt'],
    seeds: { corpus: ['runtime.txt'], fixtures: ['runtime.txt'], samples: ['python-3.8.10\n', '  python-3.12.1  \n\n'] },
  },
  {
    label: 'apt-packages',
    names: ['apt-packages', 'apt'],
    seeds: { corpus: ['apt-packages'], fixtures: ['apt-packages'], samples: ['unixodbc-dev\n# c\nlibpq-dev  libgl1\n'] },
  },
  {
    label: 'Aptfile',
    names: ['Aptfile'],
    seeds: {
      corpus: ['Aptfile'],
      fixtures: ['Aptfile'],
      samples: ['libpq-dev\n:repo:deb http://archive.ubuntu.com/ubuntu focal main\nhttps://example.com/pkg.deb\n'],
    },
  },
  {
    label: 'apt-repositories',
    names: ['apt-repositories'],
    seeds: {
      samples: [
        'ppa:ubuntugis/ppa\n# comment\ndeb http://archive.ubuntu.com/ubuntu focal main universe\ndeb-src http://x.example.com y\n',
        'deb [arch=amd64] https://packages.microsoft.com/ubuntu/20.04/prod focal main\r\n',
      ],
    },
  },
  {
    label: 'app.json',
    names: ['app.json'],
    json: true,
    seeds: {
      corpus: ['app.json'],
      fixtures: ['app.json'],
      samples: ['{"scripts": {"dokku": {"predeploy": "python setup.py", "postdeploy": "./post.sh"}}, "healthchecks": {}}\n'],
    },
  },
  { label: 'DOKKU_SCALE', names: ['DOKKU_SCALE'], seeds: { corpus: ['DOKKU_SCALE'], samples: ['web=1\nworker=2\n# c\n'] } },
  {
    label: 'CHECKS',
    names: ['CHECKS'],
    seeds: { corpus: ['CHECKS'], samples: ['WAIT=10\nTIMEOUT=60\nATTEMPTS=5\n/ Dash\n//example.com/health ok\n'] },
  },
  {
    label: 'conda-requirements.txt',
    names: ['conda-requirements.txt'],
    seeds: { corpus: ['conda-requirements.txt'], samples: ['numpy=1.20\nconda-forge::gdal >=3.0,<4\npython 3.8.*\n'] },
  },
  {
    label: 'conda-runtime.txt',
    names: ['conda-runtime.txt'],
    seeds: { corpus: ['conda-runtime.txt'], samples: ['Miniconda3-4.5.12\n'] },
  },
  {
    label: '.condarc',
    names: ['.condarc'],
    seeds: {
      corpus: ['.condarc'],
      samples: ['channels:\n  - conda-forge\n  - defaults\nchannel_priority: strict\n', 'channels: [a, b]\n'],
    },
  },
  {
    label: 'environment.yml',
    names: ['environment.yml', 'environment.yaml'],
    seeds: {
      corpus: ['environment.yml'],
      fixtures: ['environment.yml'],
      samples: [
        'name: app\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.10\n  - "numpy>=1.2"\n  - pip\n  - pip:\n      - dash==2.9\n      - -r requirements.txt\n',
      ],
    },
  },
  {
    label: 'project.toml',
    names: ['project.toml'],
    seeds: {
      corpus: ['project.toml'],
      fixtures: ['project.toml'],
      samples: [
        [
          '[_]',
          'schema-version = "0.2"',
          '[io.buildpacks]',
          'builder = "x"',
          '[[io.buildpacks.build.env]]',
          'name = "BP_CPYTHON_VERSION"',
          'value = "3.10"',
          '[[io.buildpacks.env.build]]',
          "name = 'OLD'",
          'value = """multi',
          'line"""',
          '[com.plotly.dash]',
          'scripts = { predeploy = "a.sh", "post deploy" = [1, 2] }',
          '',
        ].join('\n'),
      ],
    },
  },
  {
    label: '.buildpacks',
    names: ['.buildpacks'],
    seeds: { corpus: ['.buildpacks'], samples: ['https://github.com/heroku/heroku-buildpack-python#v200\n# c\nheroku/python\n'] },
  },
  {
    label: '.de-migrate/de4-app.json',
    names: ['.de-migrate/de4-app.json'],
    json: true,
    seeds: { fixtures: ['.de-migrate/de4-app.json'], samples: [builtDe4MetadataSeed()] },
  },
];

/** Python sources for the scanner, beside the fixtures' and the corpus stand-ins: forms the others lack. */
export const PYTHON_SAMPLES: readonly string[] = [
  [
    'from __future__ import annotations',
    'import os, sys as system',
    'from . import sibling',
    'from ..pkg.mod import (a as b,',
    '    c, d)',
    'from dash.dependencies import *',
    'import dash_core_components as dcc; import dash_html_components as html',
    'try: import orjson',
    'except ImportError: orjson = None',
    'x = f"{os.environ[\'HOME\']}" rb\'\\x00\' """doc',
    'string""" \\',
    '    + 1',
    '',
    'async def handler(request): return await thing()',
    'class A:',
    '\tdef f(self):',
    "\t\tapp.run_server(debug=True, host='0.0.0.0')",
    'server = app.server',
    "DATA = '/mount/data' # comment",
    'if __name__ == "__main__":',
    '    app.run(port=int(os.getenv("PORT", 8050)))',
    '',
  ].join('\n'),
  "s = '''unterminated\n\nimport not_really\n",
  'app = dash.Dash(__name__, long_callback_manager=lcm)\n@app.long_callback(Output("a", "b"))\ndef cb(x): ...\n',
];
