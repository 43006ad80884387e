import * as vscode from 'vscode';
import type { De4AppDetail } from '../../../core/api/de4Types';
import type { DataGap } from '../../../core/de4/dataGaps';

/** Shown instead of an environment variable's value until the user reveals it (and confirms). */
export const MASKED_VALUE = '••••';

/** What a detail node's commands act on: the app, and for a variable its name. */
export interface DetailTarget {
  readonly serverId: string;
  readonly app: string;
  readonly variable?: string;
  readonly gap?: DataGap;
}

/** What detailNodes needs besides the API's data. */
export interface DetailContext {
  readonly serverId: string;
  /** Whether the user revealed this variable's value (per session, never stored). */
  readonly isRevealed: (variable: string) => boolean;
  /** The data no script migrates (services, mounts, workspace), with steps. */
  readonly gaps: readonly DataGap[];
}

interface DetailSpec {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string | vscode.MarkdownString;
  readonly icon: vscode.ThemeIcon;
  readonly contextValue?: string;
  /** Built when the node is expanded, not before. */
  readonly children?: () => DetailNode[];
  readonly target?: DetailTarget;
}

/** One fact about an app, or a group of facts (viewers, environment variables, mounts …). */
export class DetailNode {
  constructor(
    readonly id: string,
    readonly spec: DetailSpec,
  ) {}

  get target(): DetailTarget | undefined {
    return this.spec.target;
  }

  children(): DetailNode[] {
    return this.spec.children?.() ?? [];
  }

  treeItem(): vscode.TreeItem {
    const { spec } = this;
    const state = spec.children ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(spec.label, state);
    item.id = this.id;
    item.iconPath = spec.icon;
    item.contextValue = spec.contextValue ?? 'de4Detail';
    if (spec.description !== undefined) {
      item.description = spec.description;
    }
    if (spec.tooltip !== undefined) {
      item.tooltip = spec.tooltip;
    }
    return item;
  }
}

const icon = (id: string, color?: string): vscode.ThemeIcon => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);

function group(
  id: string,
  label: string,
  iconId: string,
  count: number,
  children: () => DetailNode[],
  extra: Partial<DetailSpec> = {},
): DetailNode {
  return new DetailNode(id, {
    label,
    description: count === 0 ? vscode.l10n.t('none') : String(count),
    icon: icon(iconId),
    ...extra,
    ...(count > 0 ? { children } : {}),
  });
}

function shortTime(iso: string | undefined): string | undefined {
  // DE4 sends ISO-8601 without a zone and with microseconds; minutes are enough here.
  return iso?.replace('T', ' ').replace(/:\d\d(\.\d+)?$/, '');
}

/** A short label for the narrow tree; the tooltip carries the whole story and the steps. */
function gapLabel(gap: DataGap, d: De4AppDetail): { label: string; description: string } {
  const index = gap.anchor.index ?? -1;
  switch (gap.kind) {
    case 'redis':
    case 'postgres':
    case 'service': {
      const name = d.linkedServices[index]?.name ?? '';
      const type = gap.kind === 'redis' ? 'Redis' : gap.kind === 'postgres' ? 'Postgres' : (d.linkedServices[index]?.serviceType ?? '');
      return { label: vscode.l10n.t('{0} data', type), description: name };
    }
    case 'mount':
      return { label: vscode.l10n.t('Mounted directory data'), description: d.mounts[index]?.targetDir ?? '' };
    case 'workspace':
      return { label: vscode.l10n.t('Workspace files'), description: vscode.l10n.t('DE4 workspace') };
  }
}

function gapNodes(id: (part: string) => string, ctx: DetailContext, d: De4AppDetail): DetailNode[] {
  const app = d.name;
  return ctx.gaps.map((gap, i) => {
    const tooltip = new vscode.MarkdownString(`**${gap.title}.** ${gap.detail}\n\n`);
    tooltip.appendMarkdown(gap.steps.map((step, n) => `${n + 1}. ${step}`).join('\n'));
    return new DetailNode(id(`gaps/${i}`), {
      ...gapLabel(gap, d),
      tooltip,
      icon: icon('warning', 'list.warningForeground'),
      contextValue: 'de4DataGap',
      target: { serverId: ctx.serverId, app, gap },
    });
  });
}

function envNodes(id: (part: string) => string, ctx: DetailContext, d: De4AppDetail): DetailNode[] {
  return d.environmentVariables.map((v, i) => {
    const revealed = ctx.isRevealed(v.name);
    const value = revealed ? (v.value ?? vscode.l10n.t('(no value)')) : MASKED_VALUE;
    return new DetailNode(id(`env/${i}`), {
      label: v.name,
      description: v.readonly ? `${value} · ${vscode.l10n.t('read-only')}` : value,
      tooltip: revealed
        ? vscode.l10n.t('The value is shown in this session only. Use Hide Value to mask it again.')
        : vscode.l10n.t('The value is hidden. Reveal Value shows it (after asking).'),
      icon: icon(revealed ? 'eye' : 'key'),
      contextValue: revealed ? 'de4EnvVar de4EnvVarRevealed' : 'de4EnvVar',
      target: { serverId: ctx.serverId, app: d.name, variable: v.name },
    });
  });
}

/** The detail children of an expanded app (reference §1.4), each group built lazily. */
export function detailNodes(parentId: string, d: De4AppDetail, ctx: DetailContext): DetailNode[] {
  const id = (part: string): string => `${parentId}/${part}`;
  const viewers = d.collaborators.users.length + d.collaborators.teams.length;
  const access = d.metadata.permissionLevel;
  const sha = d.analytics.gitRevision.sha1;
  const deployed = shortTime(d.analytics.timestamps.updated ?? d.analytics.timestamps.created);
  const processes = d.processes.map((p) => `${p.type} × ${p.number ?? '?'}`).join(', ');
  const gaps =
    ctx.gaps.length === 0
      ? []
      : [
          group(id('gaps'), vscode.l10n.t('Not migrated by any script'), 'warning', ctx.gaps.length, () => gapNodes(id, ctx, d), {
            icon: icon('warning', 'list.warningForeground'),
            tooltip: vscode.l10n.t('Data that stays behind on DE4 unless you move it by hand: each entry lists the steps.'),
          }),
        ];
  return [
    ...gaps,
    new DetailNode(id('owner'), { label: vscode.l10n.t('Owner'), description: d.owner ?? vscode.l10n.t('unknown'), icon: icon('person') }),
    group(
      id('viewers'),
      vscode.l10n.t('Viewers'),
      'organization',
      viewers,
      () => [
        ...d.collaborators.users.map(
          (u, i) => new DetailNode(id(`viewers/user/${i}`), { label: u, description: vscode.l10n.t('user'), icon: icon('person') }),
        ),
        ...d.collaborators.teams.map(
          (t, i) => new DetailNode(id(`viewers/team/${i}`), { label: t, description: vscode.l10n.t('team'), icon: icon('organization') }),
        ),
      ],
      {
        description: [access, viewers === 0 ? vscode.l10n.t('no viewers') : vscode.l10n.t('{0} viewers', viewers)]
          .filter(Boolean)
          .join(' · '),
      },
    ),
    group(id('env'), vscode.l10n.t('Environment variables'), 'symbol-variable', d.environmentVariables.length, () => envNodes(id, ctx, d), {
      contextValue: d.environmentVariables.length > 0 ? 'de4EnvGroup' : 'de4Detail',
      target: { serverId: ctx.serverId, app: d.name },
    }),
    group(id('services'), vscode.l10n.t('Linked services'), 'database', d.linkedServices.length, () =>
      d.linkedServices.map(
        (s, i) =>
          new DetailNode(id(`services/${i}`), {
            label: s.name,
            description: s.serviceType,
            tooltip: vscode.l10n.t(
              'The data in this {0} service is not migrated: export it on DE4 and import it into a new DE5 service by hand.',
              s.serviceType,
            ),
            icon: icon('warning', 'list.warningForeground'),
          }),
      ),
    ),
    group(id('mounts'), vscode.l10n.t('Mounted directories'), 'folder', d.mounts.length, () =>
      d.mounts.map(
        (m, i) =>
          new DetailNode(id(`mounts/${i}`), {
            label: `${m.hostDir} → ${m.targetDir}`,
            tooltip: vscode.l10n.t(
              'DE5 has no directory mappings: use the persistent filesystem at ../mount (relative to the app folder) and copy the data by hand.',
            ),
            icon: icon('warning', 'list.warningForeground'),
          }),
      ),
    ),
    new DetailNode(id('processes'), {
      label: vscode.l10n.t('Processes'),
      description: processes === '' ? vscode.l10n.t('none reported') : processes,
      icon: icon('server-process'),
    }),
    new DetailNode(id('workspace'), {
      label: vscode.l10n.t('Workspace'),
      description:
        d.hasWorkspace === undefined ? vscode.l10n.t('unknown') : d.hasWorkspace ? vscode.l10n.t('present') : vscode.l10n.t('none'),
      icon: icon('code'),
    }),
    new DetailNode(id('deploy'), {
      label: vscode.l10n.t('Last deploy'),
      description: [sha?.slice(0, 7), deployed].filter(Boolean).join(' · ') || vscode.l10n.t('unknown'),
      tooltip: [sha, d.analytics.gitRevision.subject, d.analytics.timestamps.updated ?? d.analytics.timestamps.created]
        .filter(Boolean)
        .join('\n'),
      icon: icon('git-commit'),
    }),
  ];
}
