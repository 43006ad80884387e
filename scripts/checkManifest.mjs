#!/usr/bin/env node
// `node scripts/checkManifest.mjs`: the manifest and the code agree (STYLE §10).
// - every command in contributes.commands is registered in src/extension, and every command
//   registered there is declared; menus and keybindings name declared commands only;
// - every command has a category and a `%key%` title;
// - every setting read in src/extension/config.ts is declared, in a titled group, with a scope and
//   a markdownDescription (retired settings: a deprecation message instead);
// - every `%key%` in package.json exists in package.nls.json.
// The source is read as text: command ids must be string literals or constants holding one
// (`checkWorkspace: 'deMigrate.checkWorkspace'`). The smoke integration test checks the same
// command list at run time in the real host.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './lib/paths.mjs';

function readJson(root, file) {
  return JSON.parse(readFileSync(path.join(root, file), 'utf8'));
}

function sourceFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, f.toString()))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
}

function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

/** Splits a call's argument text at top-level commas (enough for the first few arguments). */
function topLevelArgs(text, openParen) {
  const args = [];
  let depth = 0;
  let quote;
  let start = openParen + 1;
  for (let i = openParen + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') {
        i++;
      } else if (ch === quote) {
        quote = undefined;
      }
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if ('([{'.includes(ch)) {
      depth++;
    } else if (')]}'.includes(ch)) {
      if (depth === 0) {
        args.push(text.slice(start, i).trim());
        return args;
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
      if (args.length >= 3) {
        return args;
      }
    }
  }
  return args;
}

const STRING_LITERAL = /^(['"`])([^'"`$]*)\1$/;

/** name -> set of string values, from `name: 'x'`, `name = 'x'` anywhere in the given sources. */
function stringConstants(sources) {
  const constants = new Map();
  for (const { text } of sources) {
    for (const m of text.matchAll(/\b([A-Za-z_$][\w$]*)\s*[:=]\s*(['"`])([^'"`$\n]*)\2/g)) {
      const set = constants.get(m[1]) ?? new Set();
      set.add(m[3]);
      constants.set(m[1], set);
    }
  }
  return constants;
}

function resolveString(expr, constants) {
  const literal = STRING_LITERAL.exec(expr);
  if (literal) {
    return { value: literal[2] };
  }
  const member = /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*$/.exec(expr);
  if (!member) {
    return {};
  }
  const name = expr.split('.').pop();
  const values = [...(constants.get(name) ?? [])];
  return values.length === 1 ? { value: values[0] } : values.length > 1 ? { ambiguous: values } : {};
}

function registeredCommands(root, sources, constants, prefix, problems) {
  const registered = new Map();
  const passThrough = [];
  for (const { file, text } of sources) {
    for (const m of text.matchAll(/\bregister(?:TextEditor)?Command\s*\(/g)) {
      if (/\bfunction\s+$/.test(text.slice(Math.max(0, m.index - 20), m.index))) {
        continue; // the declaration of a wrapper, not a call
      }
      const open = m.index + m[0].length - 1;
      const where = `${path.relative(root, file)}:${lineOf(text, m.index)}`;
      // The id is the first argument of vscode.commands.registerCommand, or a later one of a wrapper.
      const resolved = topLevelArgs(text, open).map((a) => resolveString(a, constants));
      const id = resolved.find((r) => r.value?.startsWith(prefix))?.value;
      const ambiguous = resolved.find((r) => r.ambiguous);
      if (id) {
        registered.set(id, where);
      } else if (ambiguous) {
        problems.push(`${where}: command id is ambiguous (${ambiguous.ambiguous.join(', ')}); use a unique constant name or a literal`);
      } else {
        passThrough.push(where);
      }
    }
  }
  return { registered, passThrough };
}

function settingsRead(root, problems) {
  const text = readFileSync(path.join(root, 'src', 'extension', 'config.ts'), 'utf8');
  const constants = stringConstants([{ text }]);
  const sections = new Set();
  for (const m of text.matchAll(/getConfiguration\s*\(/g)) {
    const arg = topLevelArgs(text, m.index + m[0].length - 1)[0] ?? '';
    const section = resolveString(arg, constants).value;
    if (section === undefined) {
      problems.push(`src/extension/config.ts:${lineOf(text, m.index)}: cannot tell the settings section of getConfiguration(${arg})`);
    } else {
      sections.add(section);
    }
  }
  if (sections.size !== 1) {
    problems.push(`src/extension/config.ts reads ${sections.size} settings sections (${[...sections].join(', ')}); expected exactly one`);
    return [];
  }
  const [section] = sections;
  const keys = new Set();
  for (const m of text.matchAll(/\.(?:get|inspect)\s*(?:<[^>()]*>)?\s*\(\s*(['"`])([^'"`]+)\1/g)) {
    keys.add(`${section}.${m[2]}`);
  }
  return [...keys].sort();
}

function declaredSettings(manifest, problems) {
  const groups = [manifest.contributes?.configuration ?? []].flat();
  const declared = new Map();
  groups.forEach((group, i) => {
    if (!group.title) {
      problems.push(`contributes.configuration[${i}] has no title`);
    }
    for (const [key, spec] of Object.entries(group.properties ?? {})) {
      declared.set(key, spec);
      const retired = spec.deprecationMessage !== undefined || spec.markdownDeprecationMessage !== undefined;
      if (!spec.scope) {
        problems.push(`setting ${key} has no scope`);
      }
      if (!spec.markdownDescription && !retired) {
        problems.push(`setting ${key} has no markdownDescription`);
      }
    }
  });
  return declared;
}

/** Every "%key%" string anywhere in the manifest must be a key of package.nls.json. */
function missingNlsKeys(value, nls, at, problems) {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m && !(m[1] in nls)) {
      problems.push(`${at}: "${value}" is not in package.nls.json`);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => missingNlsKeys(v, nls, `${at}[${i}]`, problems));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      missingNlsKeys(v, nls, at ? `${at}.${k}` : k, problems);
    }
  }
}

export function checkManifest(root = REPO_ROOT) {
  const problems = [];
  const warnings = [];
  const manifest = readJson(root, 'package.json');
  const nls = readJson(root, 'package.nls.json');
  const prefix = `${(manifest.contributes?.commands?.[0]?.command ?? 'deMigrate.').split('.')[0]}.`;

  const commands = manifest.contributes?.commands ?? [];
  for (const c of commands) {
    if (!c.category) {
      problems.push(`command ${c.command} has no category`);
    }
    if (typeof c.title !== 'string' || !/^%.+%$/.test(c.title)) {
      problems.push(`command ${c.command} title ${JSON.stringify(c.title)} is not a %key% from package.nls.json`);
    }
  }
  const declaredCommands = new Set(commands.map((c) => c.command));

  const sources = sourceFiles(path.join(root, 'src', 'extension')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const { registered, passThrough } = registeredCommands(root, sources, stringConstants(sources), prefix, problems);
  for (const id of declaredCommands) {
    if (!registered.has(id)) {
      problems.push(`command ${id} is declared in package.json but never registered in src/extension`);
    }
  }
  for (const [id, where] of registered) {
    if (!declaredCommands.has(id)) {
      problems.push(`${where}: command ${id} is registered but not declared in contributes.commands`);
    }
  }
  for (const [menu, items] of Object.entries(manifest.contributes?.menus ?? {})) {
    for (const item of items) {
      if (item.command && !declaredCommands.has(item.command)) {
        problems.push(`menu ${menu} names undeclared command ${item.command}`);
      }
    }
  }
  for (const kb of manifest.contributes?.keybindings ?? []) {
    if (!declaredCommands.has(kb.command)) {
      problems.push(`keybinding ${kb.key} names undeclared command ${kb.command}`);
    }
  }

  const read = settingsRead(root, problems);
  const declared = declaredSettings(manifest, problems);
  for (const key of read) {
    if (!declared.has(key)) {
      problems.push(`src/extension/config.ts reads setting ${key}, which contributes.configuration does not declare`);
    }
  }
  for (const [key, spec] of declared) {
    if (!read.includes(key) && spec.deprecationMessage === undefined && spec.markdownDeprecationMessage === undefined) {
      warnings.push(`setting ${key} is declared but src/extension/config.ts never reads it`);
    }
  }
  missingNlsKeys(manifest, nls, '', problems);

  return {
    problems,
    warnings,
    passThrough,
    counts: { commands: declaredCommands.size, registered: registered.size, settings: read.length },
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  // --root <dir> checks another checkout (used to test this script on broken manifests).
  const rootAt = process.argv.indexOf('--root');
  const { problems, warnings, passThrough, counts } = checkManifest(
    rootAt === -1 ? REPO_ROOT : path.resolve(process.argv[rootAt + 1] ?? '.'),
  );
  for (const w of warnings) {
    process.stdout.write(`warning: ${w}\n`);
  }
  if (passThrough.length > 0) {
    process.stdout.write(`note: registerCommand calls with a non-constant id (wrappers) were not checked: ${passThrough.join(', ')}\n`);
  }
  for (const p of problems) {
    process.stdout.write(`error: ${p}\n`);
  }
  process.stdout.write(
    `manifest: ${counts.commands} commands declared, ${counts.registered} registered, ${counts.settings} settings read; ${problems.length} problem(s)\n`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}
