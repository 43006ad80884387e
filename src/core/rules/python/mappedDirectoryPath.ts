import type { AppContext } from '../../model/appContext';
import { replaceEdit } from '../../model/text';
import type { CheckOptions, RuleFinding } from '../../model/types';
import type { PyStringToken, PyToken } from '../../parsers/python';
import type { Rule } from '../rule';
import { pythonSources, type PythonSource } from './pythonSources';

/**
 * Where DE4 directory mappings were usually mounted in the container, used when the app's real
 * `mounts[].targetDir` are unknown. Not `/app`, `/tmp` or system folders: those exist on DE5 too.
 */
const COMMON_ROOTS: readonly string[] = ['/srv', '/data', '/mnt', '/media', '/shared'];

/** The DE5 persistent filesystem, relative to the app folder. */
const MOUNT = '../mount';

/** Calls and keywords whose string is a URL path of the app, not a file (`@server.route("/data/x")`). */
const URL_CALLS = new Set([
  'route',
  'add_url_rule',
  'register_page',
  'Link',
  'Location',
  'redirect',
  'url_for',
  'get_relative_path',
  'get_asset_url',
]);
const URL_KEYWORDS = new Set([
  'href',
  'pathname',
  'url_base_pathname',
  'requests_pathname_prefix',
  'routes_pathname_prefix',
  'url_prefix',
  'static_url_path',
  'assets_url_path',
]);

/** String prefixes whose body is a plain path (bytes and f-strings included; t-strings are templates). */
const PATH_PREFIXES = new Set(['', 'r', 'u', 'b', 'rb', 'br', 'f', 'rf', 'fr']);

/**
 * Mount roots without a trailing slash, longest first so a nested target wins. The app's own saved
 * DE4 metadata wins (no mounts there: nothing to report), then the caller's targets, then a guess.
 */
function mountRoots(app: AppContext, options: CheckOptions): { roots: string[]; isKnown: boolean; hasNoMounts: boolean } {
  const saved = app.de4Metadata().meta?.mounts;
  const targets = saved?.map((m) => m.targetDir) ?? options.mountTargets;
  if (!targets) {
    return { roots: [...COMMON_ROOTS], isKnown: false, hasNoMounts: false };
  }
  const roots = targets.map((t) => t.trim().replace(/\/+$/, '')).filter((t) => t.startsWith('/') && t.length > 1);
  return { roots: [...new Set(roots)].sort((a, b) => b.length - a.length), isKnown: true, hasNoMounts: saved?.length === 0 };
}

function rootOf(body: string, roots: readonly string[]): string | undefined {
  return roots.find((r) => body === r || body.startsWith(`${r}/`));
}

/** Name of the call whose parentheses directly hold token `i` (`x.route(...)` → `route`), if any. */
function enclosingCall(tokens: readonly PyToken[], i: number): string | undefined {
  const depth = tokens[i]?.depth ?? 0;
  for (let k = i - 1; k >= 0; k--) {
    const t = tokens[k];
    if (t && t.depth < depth) {
      const callee = tokens[k - 1];
      return t.text === '(' && callee?.kind === 'name' ? callee.text : undefined;
    }
  }
  return undefined;
}

/** The string is a URL path of the web app: a route, a link, or compared with a pathname. */
function isUrlContext(tokens: readonly PyToken[], i: number): boolean {
  const prev = tokens[i - 1]?.text;
  const next = tokens[i + 1]?.text;
  if (prev === '==' || prev === '!=' || next === '==' || next === '!=') {
    return true;
  }
  if (prev === '=' && tokens[i - 2]?.kind === 'name' && URL_KEYWORDS.has(tokens[i - 2]?.text ?? '')) {
    return true;
  }
  const call = enclosingCall(tokens, i);
  return call !== undefined && URL_CALLS.has(call);
}

/** Offset where the body of a closed string token starts (after prefix and opening quotes). */
function bodyStart(s: PyStringToken): number {
  const quote = s.text.charAt(s.prefix.length);
  return s.start + s.prefix.length + (s.text.startsWith(quote.repeat(3), s.prefix.length) ? 3 : 1);
}

/** `os.path.join(os.path.dirname(__file__), "..", …, "mount")` for a file at this app-relative path. */
function fileRelativeHint(path: string): string {
  const ups = Array.from({ length: path.split('/').length }, () => '".."').join(', ');
  return `os.path.join(os.path.dirname(__file__), ${ups}, "mount", …)`;
}

/** A string that already points at the persistent filesystem: `../mount/…`, `~/mount/…` or `"..", "mount"`. */
function isPersistentFsUse(tokens: readonly PyToken[], i: number, s: PyStringToken): boolean {
  if (/^(?:\.\.|~)\/mount(?:\/|$)/.test(s.body)) {
    return true;
  }
  const before = tokens[i - 2];
  return s.body === 'mount' && tokens[i - 1]?.text === ',' && before?.kind === 'string' && (before as PyStringToken).body === '..';
}

function mountedPathFinding(src: PythonSource, s: PyStringToken, root: string, isKnown: boolean): RuleFinding {
  const start = bodyStart(s);
  const target = MOUNT + s.body.slice(root.length);
  const where = isKnown ? `the DE4 mounted directory \`${root}\` of this app` : `\`${root}\`, a usual DE4 mounted directory`;
  return {
    file: src.file.path,
    range: src.module.index.rangeOf(s.start, s.end),
    message:
      `\`${s.body}\` is in ${where}, and DE5 has no directory mappings: use the app's persistent filesystem \`${MOUNT}\` ` +
      `(enable it with \`de apps update -n <app> --persistent-filesystem\` or in the App Manager) and copy the data from DE4 into it yourself. ` +
      `\`${MOUNT}\` is relative to the working directory, so prefer \`${fileRelativeHint(src.file.path)}\`.`,
    fixes: [
      {
        title: `Use \`${target}\` on the DE5 persistent filesystem`,
        safety: 'unsafe',
        edits: [replaceEdit(src.file.path, src.module.index.rangeOf(start, start + root.length), MOUNT)],
      },
    ],
  };
}

export const mappedDirectoryPathRule: Rule = {
  id: 'mapped-directory-path',
  defaultSeverity: 'warning',
  title: 'Code uses a DE4 mounted directory: DE5 has a persistent filesystem at ../mount instead',
  check(app, options) {
    const { roots, isKnown, hasNoMounts } = mountRoots(app, options);
    if (hasNoMounts) {
      // The server says the app has no mappings: no path is one, and there is no data to move.
      return [];
    }
    const out: RuleFinding[] = [];
    let firstMountUse: { src: PythonSource; s: PyStringToken } | undefined;
    for (const src of pythonSources(app)) {
      const tokens = src.module.tokens;
      tokens.forEach((t, i) => {
        const s = t as PyStringToken;
        if (t.kind !== 'string' || !s.isClosed || !PATH_PREFIXES.has(s.prefix) || /[\r\n]/.test(s.body)) {
          return;
        }
        const root = rootOf(s.body, roots);
        if (root !== undefined && !isUrlContext(tokens, i)) {
          out.push(mountedPathFinding(src, s, root, isKnown));
        } else if (!firstMountUse && isPersistentFsUse(tokens, i, s)) {
          firstMountUse = { src, s };
        }
      });
    }
    // Once the paths are converted the data still has to move: name that step until the user is done.
    if (out.length === 0 && firstMountUse) {
      const { src, s } = firstMountUse;
      out.push({
        file: src.file.path,
        range: src.module.index.rangeOf(s.start, s.end),
        severity: 'info',
        message:
          `This code reads the DE5 persistent filesystem (\`${MOUNT}\`): enable it for the app (\`de apps update -n <app> --persistent-filesystem\` ` +
          `or in the App Manager) and copy the data from the DE4 mounted directory into it yourself; DE Migrate does not move data.`,
      });
    }
    return out;
  },
};
