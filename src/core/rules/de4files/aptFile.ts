import type { AppContext } from '../../model/appContext';
import type { RuleFinding } from '../../model/types';
import { parseAptPackages, parseAptRepositories } from '../../parsers/aptFiles';
import type { Rule } from '../rule';
import { fileHead } from './fileHead';

/** dokku-apt files with no known Aptfile equivalent (reference §3.4), and what each one did. */
const MANUAL_FILES: readonly (readonly [string, string])[] = [
  ['apt-conf', 'apt configuration'],
  ['apt-env', 'environment for apt'],
  ['apt-keys', 'repository signing keys'],
  ['apt-preferences', 'apt pinning preferences'],
  ['apt-sources-list', 'a replacement sources.list'],
  ['apt-debconf', 'debconf answers'],
];

/**
 * DE5 installs system packages from one Aptfile. DE4's apt-packages / apt-repositories (dokku-apt)
 * move there; the other apt-* files and dpkg-packages/ have no Aptfile equivalent and need a person.
 */
export const aptFileRule: Rule = {
  id: 'apt-file',
  defaultSeverity: 'warning',
  title: 'DE4 apt files must become one Aptfile',
  check(app) {
    const out: RuleFinding[] = [];
    const hasAptfile = app.has('Aptfile');
    const into = hasAptfile ? 'into the existing Aptfile' : 'to an Aptfile';
    for (const name of ['apt-packages', 'apt']) {
      if (!app.has(name)) {
        continue;
      }
      const packages = app.parse(name, parseAptPackages)?.value.packages ?? [];
      const first = packages[0];
      const what = packages.length === 0 ? 'its packages' : packages.length === 1 ? 'its package' : `its ${packages.length} packages`;
      out.push({
        file: name,
        range: first?.range ?? fileHead(app.file(name)?.text),
        message: `DE5 installs APT packages only from an Aptfile and ignores ${name}: move ${what} ${into}, one per line. The DE5 conversion will do this.`,
      });
    }
    out.push(...repositoryFindings(app));
    for (const [name, what] of MANUAL_FILES) {
      if (app.has(name)) {
        out.push({
          file: name,
          range: fileHead(app.file(name)?.text),
          message: `${name} (${what}) has no Aptfile equivalent on DE5 and will not be applied; handle it by hand, e.g. in the app's build steps.`,
        });
      }
    }
    for (const deb of [...app.snapshot.sizes.keys()].filter((p) => /^dpkg-packages\/[^/]+\.deb$/.test(p)).sort()) {
      out.push({
        file: deb,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message:
          'DE5 does not install local .deb files from dpkg-packages/; publish the package at a URL and list that URL in the Aptfile, or install it another way.',
      });
    }
    return out;
  },
};

function repositoryFindings(app: AppContext): RuleFinding[] {
  if (!app.has('apt-repositories')) {
    return [];
  }
  const repos = app.parse('apt-repositories', parseAptRepositories)?.value.repositories ?? [];
  if (repos.length === 0) {
    return [
      {
        file: 'apt-repositories',
        range: fileHead(app.file('apt-repositories')?.text),
        message: 'DE5 ignores apt-repositories; declare repositories in the Aptfile as `:repo:deb <url> <distribution> <component>` lines.',
      },
    ];
  }
  return repos.map((r): RuleFinding =>
    r.kind === 'deb'
      ? {
          file: 'apt-repositories',
          range: r.range,
          message: `DE5 ignores apt-repositories: this repository becomes \`:repo:${r.text}\` in the Aptfile. The DE5 conversion will do this.`,
        }
      : {
          file: 'apt-repositories',
          range: r.range,
          message: `The Aptfile has no form for PPAs, so \`${r.text}\` must be migrated by hand: add the PPA's \`deb\` line as a \`:repo:\` line (its signing key cannot be declared) or install the packages another way.`,
        },
  );
}
