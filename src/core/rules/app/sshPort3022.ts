import { replaceEdit } from '../../model/text';
import type { CheckOptions, RuleFinding } from '../../model/types';
import { parseGitConfig, remoteUrls } from '../../parsers/gitConfig';
import { expandTemplate } from '../../profile/de5Profile';
import type { Rule } from '../rule';

/** `ssh://user@host:port/path` (also `git+ssh://`, `ssh+git://`). */
const SSH_URL = /^((?:ssh|git\+ssh|ssh\+git):\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+))(?::(\d*))?(\/.*)?$/i;
/** scp-like `user@host:path` (no scheme). */
const SCP_LIKE = /^(?:([^@/:]+)@)?(\[[^\]]+\]|[^:/]+):(?!\/\/)(.*)$/;

/** The app's DE5 remote as the profile writes it, with placeholders for what is unknown. */
function de5Remote(options: CheckOptions, app: string): string {
  return expandTemplate(options.profile.gitRemoteUrl.value, { host: options.de5Host ?? '<de5-host>', app: app || '<app>' });
}

export const sshPort3022Rule: Rule = {
  id: 'ssh-port-3022',
  defaultSeverity: 'warning',
  title: 'A git remote uses DE4 SSH (port 3022); DE5 uses port 22',
  check(app, options) {
    const config = app.parse('.git/config', parseGitConfig)?.value;
    const out: RuleFinding[] = [];
    for (const { remote, entry } of remoteUrls(config ?? { entries: [] })) {
      const url = entry.value.trim();
      const m = SSH_URL.exec(url);
      if (m) {
        const [, prefix = '', user, , port, rest = ''] = m;
        const appName = rest.replace(/^\/+/, '').replace(/\.git$/, '');
        if (port === '3022') {
          // Only a plain value maps 1:1 onto the text; quoted or escaped values get no automatic edit.
          const isPlain = entry.rawValue === entry.value;
          const at = prefix.length + 1;
          const portRange = {
            start: { line: entry.valueRange.start.line, character: entry.valueRange.start.character + at },
            end: { line: entry.valueRange.start.line, character: entry.valueRange.start.character + at + port.length },
          };
          out.push({
            file: '.git/config',
            range: entry.valueRange,
            message:
              `Remote \`${remote}\` uses port 3022, DE4's git SSH port; DE5 serves git over SSH on port 22 ` +
              `(\`${de5Remote(options, appName)}\`). Point the remote at port 22 on the DE5 server.`,
            ...(isPlain
              ? {
                  fixes: [
                    {
                      title: 'Use port 22 in the remote URL',
                      safety: 'safe' as const,
                      edits: [replaceEdit('.git/config', portRange, '22')],
                    },
                  ],
                }
              : {}),
          });
        } else if (!port && user === 'dokku') {
          out.push(dokkuFinding(remote, entry.valueRange, de5Remote(options, appName)));
        }
        continue;
      }
      const s = SCP_LIKE.exec(url);
      if (s && s[1] === 'dokku') {
        out.push(dokkuFinding(remote, entry.valueRange, de5Remote(options, (s[3] ?? '').replace(/\.git$/, ''))));
      }
    }
    return out;
  },
};

function dokkuFinding(remote: string, range: RuleFinding['range'], de5: string): RuleFinding {
  return {
    file: '.git/config',
    range,
    severity: 'info',
    message:
      `Remote \`${remote}\` is a DE4 (Dokku) remote, which DE4 reached on port 3022 through ~/.ssh/config. ` +
      `DE5 uses \`${de5}\` on port 22: add a remote for the DE5 app.`,
  };
}
