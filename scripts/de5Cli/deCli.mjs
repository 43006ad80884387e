// The `de` CLI stand-in (launched by ./de): the commands of Plotly's de-client that a DE5 migration
// needs, with the documented outputs (reference §3.7, §3.8, §3.10), over a JSON state file named by
// env DE_STUB_STATE. Wording the sources do not show is marked "assumed" here and in the README.
// Every invocation is logged into the state, with environment variable values redacted.
import * as path from 'node:path';
import { createBareRepo, isAppName, repoPath } from '../de5Ssh/repos.mjs';
import { newApp, readDeStubState, updateDeStubState } from './state.mjs';
import { existsSync } from 'node:fs';

export const DE_VERSION = '1.10.0';
const SERVICE_TYPES = ['redis', 'postgres'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REDACTED = '<redacted>';

/** Option tables per command: `[short, long, 'value' | 'flag' | 'multiple', key]`. */
const COMMANDS = {
  'apps exists': [['-n', '--name', 'value', 'name']],
  'apps create': [['-n', '--name', 'value', 'name']],
  'apps info': [['-n', '--name', 'value', 'name']],
  'apps update': [
    ['-n', '--name', 'value', 'name'],
    [null, '--persistent-filesystem', 'flag', 'persistentFilesystem'],
    [null, '--add-environment-variable', 'multiple', 'addEnv'],
    [null, '--python-version', 'value', 'pythonVersion'],
    [null, '--add-group-viewer', 'multiple', 'groupViewers'],
    [null, '--add-group-co-owner', 'multiple', 'groupCoOwners'],
  ],
  'services create': [
    ['-n', '--app-name', 'value', 'name'],
    ['-t', '--type', 'value', 'type'],
  ],
  'services exists': [
    ['-n', '--app-name', 'value', 'name'],
    ['-t', '--type', 'value', 'type'],
  ],
};

class DeExit extends Error {
  constructor(exitCode, stderr, stdout = '') {
    super(stderr);
    this.exitCode = exitCode;
    this.stdout = stdout;
  }
}

/** A Click-style usage error (exit 2). */
function usage(command, message) {
  const cmd = command ? `de ${command}` : 'de';
  return new DeExit(
    2,
    `Usage: ${cmd} [OPTIONS]${command ? '' : ' COMMAND [ARGS]...'}\nTry '${cmd} --help' for help.\n\nError: ${message}\n`,
  );
}

const failure = (message) => new DeExit(1, `Error: ${message}\n`);

/** `--opt value` and `--opt=value`; returns the option values by key. */
function parseOptions(command, args) {
  const table = COMMANDS[command];
  const values = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const spec = table.find(([short, long]) => name === short || name === long);
    if (!spec) {
      throw usage(command, arg.startsWith('-') ? `No such option: ${name}` : `Got unexpected extra argument (${arg})`);
    }
    const [, long, kind, key] = spec;
    if (kind === 'flag') {
      values[key] = true;
      continue;
    }
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined) {
      throw usage(command, `Option '${long}' requires an argument.`);
    }
    values[key] = kind === 'multiple' ? [...(values[key] ?? []), value] : value;
  }
  for (const [short, long, kind, key] of table) {
    if ((key === 'name' || key === 'type') && kind === 'value' && values[key] === undefined) {
      throw usage(command, `Missing option ${short ? `'${short}' / ` : ''}'${long}'.`);
    }
  }
  return values;
}

/** argv with the values of environment variables replaced (`NAME=<redacted>`). */
export function redactArgv(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--add-environment-variable' && i + 1 < argv.length) {
      out.push(arg, redactAssignment(argv[++i] ?? ''));
    } else if (arg.startsWith('--add-environment-variable=')) {
      out.push(`--add-environment-variable=${redactAssignment(arg.slice('--add-environment-variable='.length))}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}

function redactAssignment(text) {
  const eq = text.indexOf('=');
  return eq === -1 ? REDACTED : `${text.slice(0, eq)}=${REDACTED}`;
}

/** Splits global options (before the command) from the command and its options. */
function parseGlobal(argv) {
  const global = { host: undefined, noKeyfile: false, version: false, help: false };
  let i = 0;
  for (; i < argv.length && (argv[i] ?? '').startsWith('-'); i++) {
    const arg = argv[i] ?? '';
    if (arg === '--no-keyfile') {
      global.noKeyfile = true;
    } else if (arg === '--version') {
      global.version = true;
    } else if (arg === '--help') {
      global.help = true;
    } else if (arg === '--host' || arg === '--ca-path') {
      if (argv[i + 1] === undefined) {
        throw usage('', `Option '${arg}' requires an argument.`);
      }
      if (arg === '--host') {
        global.host = argv[i + 1];
      }
      i++;
    } else if (arg.startsWith('--host=')) {
      global.host = arg.slice('--host='.length);
    } else if (!arg.startsWith('--ca-path=')) {
      throw usage('', `No such option: ${arg}`);
    }
  }
  return { global, rest: argv.slice(i) };
}

/** Who is calling: `--no-keyfile` checks env credentials against the state's users; else the keyfile user. */
function authenticate(state, global, env, host) {
  if (global.noKeyfile) {
    const username = env.DASH_ENTERPRISE_USERNAME;
    const password = env.DASH_ENTERPRISE_PASSWORD;
    if (!username || !password) {
      throw failure('--no-keyfile needs DASH_ENTERPRISE_USERNAME and DASH_ENTERPRISE_PASSWORD to be set.');
    }
    if (!Object.hasOwn(state.users, username) || state.users[username] !== password) {
      throw failure(`Authentication failed on [${host}]: invalid username or password.`);
    }
    return username;
  }
  if (!state.keyfileUser) {
    throw failure(`You are not logged in to [${host}]. Run: de --host ${host} login`);
  }
  return state.keyfileUser;
}

const missingApp = (name, host) => `App [${name}] does not exist on [${host}].`;

function requireApp(state, name, host) {
  const app = state.apps[name];
  if (!app) {
    throw new DeExit(1, `${missingApp(name, host)}\n`);
  }
  return app;
}

/** The commands; each returns stdout text or throws DeExit. */
const HANDLERS = {
  'apps exists': (state, o, ctx) => {
    if (state.apps[o.name]) {
      return `App [${o.name}] exists on [${ctx.host}].\n`;
    }
    // Printed on stdout: scripts capture it with $(...) and look for this sentence (reference §3.10).
    throw new DeExit(state.missingAppExitCode ?? 0, '', `${missingApp(o.name, ctx.host)}\n`);
  },
  'apps create': (state, o, ctx) => {
    if (!isAppName(o.name)) {
      throw failure(`Invalid app name [${o.name}]: use lowercase letters, digits and dashes (at most 63 characters).`);
    }
    if (state.apps[o.name]) {
      throw failure(`App [${o.name}] already exists on [${ctx.host}].`);
    }
    if (state.seatErrorsOnCreate > 0) {
      // The migration guide's known issue: a spurious licence seat error that a retry clears.
      state.seatErrorsOnCreate -= 1;
      throw failure(`License seat limit reached: no license seat is available to create app [${o.name}]. Contact your administrator.`);
    }
    if (state.reposDir !== null && !existsSync(repoPath(state.reposDir, o.name))) {
      createBareRepo(state.reposDir, o.name);
    }
    state.apps[o.name] = newApp({ owner: ctx.user });
    return `App [${o.name}] created on [${ctx.host}].\n`;
  },
  'apps update': (state, o, ctx) => {
    const app = requireApp(state, o.name, ctx.host);
    const assignments = (o.addEnv ?? []).map((text) => {
      const eq = text.indexOf('=');
      const name = eq === -1 ? text : text.slice(0, eq);
      if (eq === -1 || !ENV_NAME.test(name)) {
        throw usage('apps update', `Invalid value for '--add-environment-variable': expected NAME=value, got [${redactAssignment(text)}].`);
      }
      return [name, text.slice(eq + 1)];
    });
    if (o.pythonVersion !== undefined && !/^\d+\.\d+$/.test(o.pythonVersion)) {
      throw usage('apps update', `Invalid value for '--python-version': expected X.Y, got [${o.pythonVersion}].`);
    }
    Object.assign(app.environmentVariables, Object.fromEntries(assignments));
    if (o.persistentFilesystem) {
      app.persistentFilesystem = true;
    }
    if (o.pythonVersion !== undefined) {
      app.pythonVersion = o.pythonVersion;
    }
    for (const key of ['groupViewers', 'groupCoOwners']) {
      if (o[key]) {
        app[key] = [...new Set([...(app[key] ?? []), ...o[key]])];
      }
    }
    return `App [${o.name}] updated on [${ctx.host}].\n`;
  },
  'apps info': (state, o, ctx) => {
    const app = requireApp(state, o.name, ctx.host);
    const info = {
      name: o.name,
      host: ctx.host,
      url: `https://${ctx.host}/${o.name}/`,
      owner: app.owner,
      created: app.created,
      persistentFilesystem: app.persistentFilesystem,
      pythonVersion: app.pythonVersion,
      // Names only: values may be secrets.
      environmentVariables: Object.keys(app.environmentVariables).sort(),
      services: [...app.services],
      groupViewers: app.groupViewers ?? [],
      groupCoOwners: app.groupCoOwners ?? [],
    };
    return `${JSON.stringify(info, null, 2)}\n`;
  },
  'services create': (state, o, ctx) => {
    const type = checkType('services create', o.type);
    const app = requireApp(state, o.name, ctx.host);
    if (app.services.includes(type)) {
      throw failure(`A ${type} service already exists for app [${o.name}].`);
    }
    app.services.push(type);
    return `Service [${type}] created for app [${o.name}].\n`;
  },
  'services exists': (state, o, ctx) => {
    const type = checkType('services exists', o.type);
    return requireApp(state, o.name, ctx.host).services.includes(type) ? 'True\n' : 'False\n';
  },
};

function checkType(command, type) {
  if (!SERVICE_TYPES.includes(type)) {
    throw usage(command, `Invalid value for '-t' / '--type': '${type}' is not one of ${SERVICE_TYPES.map((t) => `'${t}'`).join(', ')}.`);
  }
  return type;
}

/**
 * Runs one `de` invocation against the state file. Never throws for a `de` error: those are exit codes.
 * @param {string[]} argv the arguments after `de`
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ exitCode: number, stdout: string, stderr: string }}
 */
export function runDe(argv, env) {
  const stateFile = env.DE_STUB_STATE;
  if (!stateFile) {
    return { exitCode: 2, stdout: '', stderr: "Error: DE_STUB_STATE is not set (this is de-migrate's stand-in for the de CLI).\n" };
  }
  const file = path.resolve(stateFile);
  readDeStubState(file);
  return updateDeStubState(file, (state) => {
    const ctx = { host: undefined, user: null };
    let result;
    try {
      result = { exitCode: 0, stdout: dispatch(state, argv, env, ctx), stderr: '' };
    } catch (err) {
      if (!(err instanceof DeExit)) {
        throw err;
      }
      result = { exitCode: err.exitCode, stdout: err.stdout, stderr: err.message };
    }
    state.log.push({ time: new Date().toISOString(), argv: redactArgv(argv), user: ctx.user, exitCode: result.exitCode });
    return result;
  });
}

function dispatch(state, argv, env, ctx) {
  const { global, rest } = parseGlobal(argv);
  if (global.version) {
    return `de, version ${DE_VERSION}\n`;
  }
  const command = rest.slice(0, 2).join(' ');
  if (global.help || rest.length === 0) {
    return `Usage: de [OPTIONS] COMMAND [ARGS]...\n\nCommands (stand-in): ${Object.keys(COMMANDS).join(', ')}\n`;
  }
  const handler = HANDLERS[command];
  if (!handler) {
    throw usage('', `No such command '${rest.slice(0, 2).join(' ')}'.`);
  }
  if (rest.slice(2).includes('--help')) {
    return `Usage: de ${command} [OPTIONS]\n`;
  }
  const options = parseOptions(command, rest.slice(2));
  const host = global.host ?? env.DASH_ENTERPRISE_HOST;
  if (!host) {
    throw usage('', "Missing option '--host' (or set DASH_ENTERPRISE_HOST).");
  }
  ctx.host = host;
  if (host !== state.host) {
    throw failure(`Could not connect to Dash Enterprise at [${host}].`);
  }
  ctx.user = authenticate(state, global, env, host);
  return handler(state, options, ctx);
}
