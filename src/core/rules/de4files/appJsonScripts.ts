import type { RuleFinding } from '../../model/types';
import { parseAppJson, type AppJsonScript } from '../../parsers/appJson';
import type { Rule } from '../rule';

/** What each DE4 deploy hook meant, so the user wires the DE5 replacement with the same semantics. */
const WHEN: ReadonlyMap<string, string> = new Map([
  ['predeploy', 'it ran once while the image was built, keeping its file changes'],
  ['postdeploy', 'it ran late in the deploy, and its file changes were not kept'],
]);

/**
 * app.json is a DE4 (Dokku) file. Its deploy hooks move to project.toml on DE5, whose keys are not
 * public, so the conversion leaves a TODO block; its Kubernetes health checks have no DE5 equivalent.
 */
export const appJsonScriptsRule: Rule = {
  id: 'app-json-scripts',
  defaultSeverity: 'warning',
  title: 'app.json deploy scripts and health checks are not read on DE5',
  check(app) {
    const parsed = app.parse('app.json', parseAppJson)?.value;
    if (!parsed) {
      return [];
    }
    const out: RuleFinding[] = [];
    const hooks: AppJsonScript[] = [
      ...parsed.dokkuScripts.filter((s) => WHEN.has(s.key)),
      // Dokku also runs Heroku's top-level `scripts.postdeploy`.
      ...parsed.otherScripts.filter((s) => s.key === 'postdeploy' && !parsed.postdeploy),
    ];
    for (const s of hooks) {
      const apt = /\bapt(-get)?\s+install\b/.test(s.command)
        ? ' If it only installs system packages, list them in the Aptfile instead.'
        : '';
      out.push({
        file: 'app.json',
        range: s.range,
        message:
          `DE5 does not read app.json: move this ${s.key} command to project.toml (${WHEN.get(s.key) ?? ''}). ` +
          `Its DE5 keys are not public, so the DE5 conversion writes it there as a TODO comment for you to wire up per your DE5 docs.${apt}`,
      });
    }
    const hc = parsed.healthchecks;
    if (hc) {
      const probes = hc.probes.map((p) => `${p.process} ${p.probe}`);
      out.push({
        file: 'app.json',
        range: hc.keyRange,
        severity: 'info',
        message: `DE5 has no equivalent of app.json \`healthchecks\`${probes.length > 0 ? ` (${probes.join(', ')})` : ''}; the DE5 conversion will drop them.`,
      });
    }
    return out;
  },
};
