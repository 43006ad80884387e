import type { JSONPath } from 'jsonc-parser';
import { addToProjectToml, commentLines, PROJECT_TOML, tomlString } from '../../convert/projectTomlWriter';
import type { AppContext } from '../../model/appContext';
import { eolOf, LineIndex } from '../../model/text';
import type { CheckOptions, FileEdit, Fix, RuleFinding } from '../../model/types';
import { parseAppJson, type AppJson, type AppJsonFormation, type AppJsonProbe, type AppJsonScript } from '../../parsers/appJson';
import { parseAptfile } from '../../parsers/aptFiles';
import { parseProjectToml, valueAt } from '../../parsers/projectToml';
import type { De5Profile } from '../../profile/de5Profile';
import type { Rule } from '../rule';
import { removeFromAppJson } from './appJsonEdits';
import { aptInstallPackages } from './aptInstall';

type Hook = 'predeploy' | 'postdeploy';

/** What each DE4 deploy hook meant, so the user wires the DE5 replacement with the same semantics. */
const WHEN: ReadonlyMap<string, string> = new Map([
  ['predeploy', 'it ran once while the image was built, keeping its file changes'],
  ['postdeploy', 'it ran late in the deploy, and its file changes were not kept'],
]);

/**
 * Top-level app.json keys Dokku acts on that DE5 has no file for (`name`, `env`… were ignored by DE4
 * too): the finding's message, and what the removing fix's title says of the entries it names.
 */
const NOT_CONVERTED: ReadonlyMap<string, { readonly message: string; readonly named: string; readonly labels: (a: AppJson) => string[] }> =
  new Map([
    [
      'formation',
      {
        message: 'DE5 does not read app.json `formation`; set these process counts in the DE5 App Manager',
        named: 'set in the DE5 App Manager',
        labels: (a: AppJson) => a.formation.map(formationLabel),
      },
    ],
    [
      'cron',
      {
        message: 'DE5 does not read app.json `cron`; these scheduled commands need another scheduler on DE5',
        named: 'no longer scheduled',
        labels: (a: AppJson) =>
          a.cron.map((j) => (j.schedule === undefined ? j.command : `"${j.schedule}" ${j.command}`).replace(/\s+/g, ' ')),
      },
    ],
  ]);

/**
 * app.json is a DE4 (Dokku) file. Its deploy hooks move to project.toml on DE5, whose keys are not
 * public, so the conversion leaves a TODO block; its Kubernetes health checks have no DE5 equivalent.
 */
export const appJsonScriptsRule: Rule = {
  id: 'app-json-scripts',
  defaultSeverity: 'warning',
  title: 'app.json deploy scripts and health checks are not read on DE5',
  check(app, options) {
    const todos = todoBlockFindings(app.file(PROJECT_TOML)?.text);
    const result = app.parse('app.json', parseAppJson);
    const parsed = result?.value;
    if (!parsed) {
      return todos;
    }
    // Only a file that parses cleanly is rewritten: jsonc-parser's edits assume a well-formed document.
    const canEdit = result.issues.length === 0;
    const out: RuleFinding[] = [];
    const hooks: { script: AppJsonScript; path: JSONPath }[] = [
      ...parsed.dokkuScripts.filter((s) => WHEN.has(s.key)).map((s) => ({ script: s, path: ['scripts', 'dokku', s.key] })),
      // Dokku also runs Heroku's top-level `scripts.postdeploy`.
      ...parsed.otherScripts
        .filter((s) => s.key === 'postdeploy' && !parsed.postdeploy)
        .map((s) => ({ script: s, path: ['scripts', s.key] })),
    ];
    for (const { script: s, path } of hooks) {
      const apt = /\bapt(-get)?\s+install\b/.test(s.command)
        ? ' If it only installs system packages, list them in the Aptfile instead.'
        : '';
      const fix = canEdit ? hookFix(app, options, s, path) : undefined;
      out.push({
        file: 'app.json',
        range: s.range,
        message:
          `DE5 does not read app.json: move this ${s.key} command to project.toml (${WHEN.get(s.key) ?? ''}). ` +
          `Its DE5 keys are not public, so the DE5 conversion writes it there as a TODO comment for you to wire up per your DE5 docs.${apt}`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
    const removal = (key: string, named = ''): Fix[] =>
      canEdit
        ? [
            {
              title: `Remove \`${key}\` from app.json${named}`,
              safety: 'unsafe',
              edits: removeFromAppJson(app.file('app.json')?.text ?? '', [[key]]),
            },
          ]
        : [];
    const hc = parsed.healthchecks;
    if (hc) {
      const probes = hc.probes.map((p) => `${p.process} ${p.probe}`);
      out.push({
        file: 'app.json',
        range: hc.keyRange,
        severity: 'info',
        message: `DE5 has no equivalent of app.json \`healthchecks\`${probes.length > 0 ? ` (${probes.join(', ')})` : ''}; the DE5 conversion leaves them in app.json, which DE5 ignores. Delete them once the app no longer deploys to DE4.`,
        // The title (what a conversion reports) names every probe and path, so none goes silently.
        fixes: removal('healthchecks', probeList(hc.probes)),
      });
    }
    for (const { key, keyRange } of parsed.otherKeys) {
      const known = NOT_CONVERTED.get(key);
      if (known) {
        // Message and title name every entry, so a conversion with or without the fix drops none silently.
        const labels = known.labels(parsed).join(', ');
        out.push({
          file: 'app.json',
          range: keyRange,
          message: `${known.message}${labels === '' ? '' : ` (${labels})`}.`,
          fixes: removal(key, labels === '' ? '' : ` (${known.named}: ${labels})`),
        });
      }
    }
    return [...out, ...todos];
  },
};

/** ` (probes no longer run: web readiness on /_dash-layout, worker liveness)`; empty without probes. */
function probeList(probes: readonly AppJsonProbe[]): string {
  const named = probes.map((p) => `${p.process} ${p.probe}${p.httpPath === undefined ? '' : ` on ${p.httpPath}`}`.replace(/\s+/g, ' '));
  return named.length > 0 ? ` (probes no longer run: ${named.join(', ')})` : '';
}

/** `web=2 size=standard-1x`; the process name as written, so the `web=2` fact is found as a setting. */
function formationLabel(f: AppJsonFormation): string {
  const size = f.size === undefined ? '' : ` size=${f.size.replace(/\s+/g, ' ')}`;
  return `${f.process}${f.quantity === undefined ? '' : `=${String(f.quantity)}`}${size}`;
}

/** First line of a TODO block that `hookBlock` writes; the finding below points at it. */
const TODO_HEADER = /^\s*#\s*TODO\(de-migrate\):\s*DE4 (predeploy|postdeploy) command from app\.json\b/;
const VERBATIM = /^\s*#\s*(predeploy|postdeploy) command \(verbatim\):\s*$/;
const COMMAND_LINE = /^\s*# {3}(.*)$/;

/**
 * The converted app's manual step: each TODO block in project.toml is a deploy command DE5 does not
 * run yet. Reported until the user wires it up and deletes the block; no fix, only the user can.
 */
function todoBlockFindings(text: string | undefined): RuleFinding[] {
  if (text === undefined || !text.includes('TODO(de-migrate)')) {
    return [];
  }
  const index = new LineIndex(text);
  const out: RuleFinding[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const lineText = index.lineText(line);
    const hook = TODO_HEADER.exec(lineText)?.[1];
    if (!hook) {
      continue;
    }
    const command = blockCommand(index, line + 1);
    const start = lineText.indexOf('#');
    out.push({
      file: PROJECT_TOML,
      range: { start: { line, character: start }, end: { line, character: lineText.length } },
      message:
        `DE5 does not run the DE4 ${hook} command ${command === undefined ? 'in this block' : `\`${command}\``} yet: project.toml keeps it only as a comment. ` +
        `Wire it up as a DE5 ${hook} script per your DE5 docs, then delete this TODO block.`,
    });
  }
  return out;
}

/** The verbatim command of the comment block from `from` on (lines joined by `; `), if the block still holds it. */
function blockCommand(index: LineIndex, from: number): string | undefined {
  let line = from;
  while (line < index.lineCount && /^\s*#/.test(index.lineText(line)) && !VERBATIM.test(index.lineText(line))) {
    if (TODO_HEADER.test(index.lineText(line))) {
      return undefined;
    }
    line++;
  }
  if (line >= index.lineCount || !VERBATIM.test(index.lineText(line))) {
    return undefined;
  }
  const parts: string[] = [];
  for (line++; line < index.lineCount; line++) {
    const m = COMMAND_LINE.exec(index.lineText(line));
    if (!m) {
      break;
    }
    parts.push((m[1] ?? '').trim());
  }
  const command = parts.filter((p) => p !== '').join('; ');
  return command === '' ? undefined : command;
}

/**
 * The hook's command, verbatim, into project.toml as the profile says, its `apt-get install` packages
 * into the Aptfile, and the hook out of app.json (the file goes when nothing is left). Nothing is lost,
 * so the fix is safe; undefined when project.toml cannot take it.
 */
function hookFix(app: AppContext, options: CheckOptions, s: AppJsonScript, path: JSONPath): Fix | undefined {
  const hook: Hook = s.key === 'postdeploy' ? 'postdeploy' : 'predeploy';
  const profile = options.profile;
  const tomlFile = app.file(PROJECT_TOML);
  const toml = tomlFile ? app.parse(PROJECT_TOML, parseProjectToml)?.value : undefined;
  if (tomlFile && !toml?.data) {
    return undefined;
  }
  const convention = profile.deployScripts.value;
  if (convention.mode === 'table' && valueAt(toml?.data, [...convention.table.split('.'), convention[hook]]) !== undefined) {
    return undefined; // project.toml already sets this hook: the user must merge the two by hand.
  }
  const packages = aptInstallPackages(s.command);
  const block = hookBlock(hook, s.command, packages, profile);
  const appJsonText = app.file('app.json')?.text ?? '';
  const change = addToProjectToml(tomlFile && toml ? { text: tomlFile.text, toml } : undefined, [block], profile, eolOf(appJsonText));
  if (!change) {
    return undefined;
  }
  const apt = aptfileEdits(app, packages, eolOf(appJsonText));
  if (!apt) {
    return undefined;
  }
  const edits: FileEdit[] = [...change.edits, ...apt, ...removeFromAppJson(appJsonText, [path])];
  return {
    title: `Move the ${hook} command to project.toml${packages.length > 0 ? ' and its apt packages to the Aptfile' : ''}`,
    safety: change.changesMeaning ? 'unsafe' : 'safe',
    edits,
  };
}

/** The project.toml lines for one hook: a TODO comment block, or real keys when the profile names them. */
export function hookBlock(hook: Hook, command: string, packages: readonly string[], profile: De5Profile): string[] {
  const meaning = (WHEN.get(hook) ?? '').replace(/^it /, '');
  const apt = packages.length > 0 ? [`# Its apt packages were added to the Aptfile: ${packages.join(' ')}.`] : [];
  const convention = profile.deployScripts.value;
  if (convention.mode === 'table') {
    return [
      `# DE4 ${hook} from app.json; on DE4 it ${meaning}.`,
      ...apt,
      `[${convention.table}]`,
      `${convention[hook]} = ${tomlString(command)}`,
    ];
  }
  return [
    `# TODO(de-migrate): DE4 ${hook} command from app.json. DE5 runs deploy scripts from project.toml,`,
    '# but their keys are not public: wire this command up per your DE5 docs, then delete this block.',
    `# On DE4 it ${meaning}.`,
    ...apt,
    `# ${hook} command (verbatim):`,
    ...commentLines(command, '  '),
  ];
}

/**
 * Appends the packages the Aptfile lacks, one per line; creates the Aptfile when there is none.
 * Undefined when an Aptfile exists but was not read (binary, badly encoded, too large): the packages would be lost.
 */
function aptfileEdits(app: AppContext, packages: readonly string[], eolHint: string): FileEdit[] | undefined {
  const existing = app.file('Aptfile');
  const have = new Set((existing ? parseAptfile(existing.text).value.entries : []).flatMap((e) => (e.kind === 'package' ? [e.name] : [])));
  const missing = [...new Set(packages)].filter((p) => !have.has(p));
  if (missing.length === 0) {
    return [];
  }
  if (!existing) {
    return app.has('Aptfile') ? undefined : [{ kind: 'create', file: 'Aptfile', content: `${missing.join(eolHint)}${eolHint}` }];
  }
  const text = existing.text;
  const eol = eolOf(text);
  const lead = text === '' || /(\r\n|\n|\r)$/.test(text) ? '' : eol;
  const end = positionAtEnd(text);
  return [{ kind: 'replace', file: 'Aptfile', range: { start: end, end }, newText: `${lead}${missing.join(eol)}${eol}` }];
}

function positionAtEnd(text: string): { line: number; character: number } {
  const lines = text.split(/\r\n|\n|\r/);
  return { line: lines.length - 1, character: (lines[lines.length - 1] ?? '').length };
}
