/**
 * RECONSTRUCTED code for the corpus test. The corpus holds no `.py` files; its MANIFEST.json records
 * facts about each app's modules instead (`app_py_facts`). This module writes small stand-in modules
 * that have exactly those facts (legacy imports, `server = app.server`, environment variables read,
 * `run_server`), so the code rules have something to read. They are not the apps' real code.
 *
 * Not reconstructed, because the facts do not say which form the code takes: long/background
 * callbacks, Python 2 print statements, absolute path literals, `requests_pathname_prefix`.
 */

export interface ModuleFacts {
  readonly file: string;
  readonly sets_server_app_server: boolean;
  readonly names_assigned_app_server: readonly string[];
  readonly imports_dash_core_components: boolean;
  readonly imports_dash_html_components: boolean;
  readonly imports_dash_table_legacy: boolean;
  readonly imports_dash_enterprise_auth: boolean;
  readonly imports_dash_design_kit: boolean;
  readonly imports_dash_snapshots: boolean;
  readonly imports_celery: boolean;
  readonly imports_redis: boolean;
  readonly env_vars_referenced: readonly string[];
  readonly run_server_debug_true: boolean;
}

export interface CorpusEntry {
  readonly id: string;
  readonly generation: string;
  readonly app_language: string;
  readonly app_py_facts?: { readonly modules_examined?: readonly ModuleFacts[] } | null;
}

function isModuleFacts(v: unknown): v is ModuleFacts {
  const m = v as Partial<Record<keyof ModuleFacts, unknown>>;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof m.file === 'string' &&
    typeof m.sets_server_app_server === 'boolean' &&
    Array.isArray(m.names_assigned_app_server) &&
    Array.isArray(m.env_vars_referenced)
  );
}

/** The manifest, checked just enough that a changed format fails loudly instead of writing nonsense. */
export function parseManifest(text: string): CorpusEntry[] {
  const raw: unknown = JSON.parse(text);
  if (!Array.isArray(raw)) {
    throw new Error('MANIFEST.json is not a list');
  }
  return raw.map((e: unknown, i) => {
    const entry = e as Partial<CorpusEntry>;
    if (typeof entry.id !== 'string' || typeof entry.generation !== 'string') {
      throw new Error(`MANIFEST.json entry ${i} has no id or generation`);
    }
    for (const m of entry.app_py_facts?.modules_examined ?? []) {
      if (!isModuleFacts(m)) {
        throw new Error(`MANIFEST.json entry ${entry.id} has a module fact without the expected fields`);
      }
    }
    return entry as CorpusEntry;
  });
}

/** Python module name of a relative file path: `dash_opencellid/app.py` → `dash_opencellid.app`. */
function moduleName(file: string): string {
  return file.replace(/\.py$/, '').split('/').join('.');
}

/**
 * The stand-in modules of one app (relative path → text). A module that sets `server = app.server`
 * while a sibling `app.py` does not is the multi-page pattern: `app.py` creates the Dash app and the
 * entry module imports it.
 */
export function standInModules(entry: CorpusEntry): Map<string, string> {
  const modules = entry.app_py_facts?.modules_examined ?? [];
  const out = new Map<string, string>();
  const sharedApp = modules.find((m) => m.file === 'app.py' && !m.sets_server_app_server);
  for (const m of modules) {
    const importsApp = sharedApp !== undefined && m !== sharedApp && m.sets_server_app_server;
    out.set(m.file, standIn(m, importsApp ? moduleName(sharedApp.file) : undefined));
  }
  return out;
}

function standIn(m: ModuleFacts, appFrom: string | undefined): string {
  const lines: string[] = [`# RECONSTRUCTED by the de-migrate corpus test from MANIFEST.json facts; not the app's code.`];
  lines.push('import os', '', 'import dash');
  if (m.imports_dash_core_components) {
    lines.push('import dash_core_components as dcc');
  }
  if (m.imports_dash_html_components) {
    lines.push('import dash_html_components as html');
  }
  if (m.imports_dash_table_legacy) {
    lines.push('import dash_table');
  }
  if (m.imports_dash_enterprise_auth) {
    lines.push('import dash_enterprise_auth as auth');
  }
  if (m.imports_dash_design_kit) {
    lines.push('import dash_design_kit as ddk');
  }
  if (m.imports_dash_snapshots) {
    lines.push('import dash_snapshots');
  }
  if (m.imports_celery) {
    lines.push('from celery import Celery');
  }
  if (m.imports_redis) {
    lines.push('import redis');
  }
  lines.push('');
  lines.push(appFrom !== undefined ? `from ${appFrom} import app` : 'app = dash.Dash(__name__)');
  if (m.sets_server_app_server) {
    for (const name of m.names_assigned_app_server.length > 0 ? m.names_assigned_app_server : ['server']) {
      lines.push(`${name} = app.server`);
    }
  }
  lines.push('');
  for (const v of m.env_vars_referenced) {
    lines.push(`${v.toLowerCase().replace(/\W/g, '_')} = os.environ.get("${v}")`);
  }
  if (m.run_server_debug_true) {
    lines.push('', "if __name__ == '__main__':", '    app.run_server(debug=True)');
  }
  return lines.join('\n') + '\n';
}
