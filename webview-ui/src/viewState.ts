import type { ReportApp } from '../../src/shared/report';
import { statusLabel, type AppStatusLabel } from '../../src/shared/report';

export type SortKey = 'name' | 'status' | 'errors' | 'warnings' | 'dataGaps';
export const SORT_KEYS: readonly SortKey[] = ['name', 'status', 'errors', 'warnings', 'dataGaps'];

/** What the user chose in the panel; kept in the webview's saved state so a reload keeps it. */
export interface ViewState {
  /** The app whose page is open; the fleet table when undefined. */
  readonly app?: string;
  readonly filter: string;
  readonly sort: { readonly key: SortKey; readonly descending: boolean };
  /** Data gaps ticked off, as `app \0 title`. */
  readonly checkedGaps: readonly string[];
}

export const INITIAL_VIEW: ViewState = { filter: '', sort: { key: 'name', descending: false }, checkedGaps: [] };

/** The saved state, or the initial one when it is missing or from an older panel. */
export function restoreView(saved: unknown): ViewState {
  if (typeof saved !== 'object' || saved === null) {
    return INITIAL_VIEW;
  }
  const s = saved as Record<string, unknown>;
  const sort = typeof s['sort'] === 'object' && s['sort'] !== null ? (s['sort'] as Record<string, unknown>) : {};
  const key = SORT_KEYS.find((k) => k === sort['key']) ?? 'name';
  const checked = Array.isArray(s['checkedGaps']) ? s['checkedGaps'].filter((x): x is string => typeof x === 'string') : [];
  return {
    ...(typeof s['app'] === 'string' ? { app: s['app'] } : {}),
    filter: typeof s['filter'] === 'string' ? s['filter'] : '',
    sort: { key, descending: sort['descending'] === true },
    checkedGaps: checked,
  };
}

/** Failed first, then by progress: sorting by status puts what needs attention on top. */
const STATUS_RANK: Readonly<Record<AppStatusLabel, number>> = {
  failed: 0,
  'not started': 1,
  discovered: 2,
  cloned: 3,
  converted: 4,
  created: 5,
  pushed: 6,
  verified: 7,
};

/** Apps whose name, folder or status holds the text (case-insensitive). */
export function filterApps(apps: readonly ReportApp[], text: string): ReportApp[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') {
    return [...apps];
  }
  return apps.filter((a) => [a.name, a.dir, statusLabel(a.status)].some((v) => v.toLowerCase().includes(needle)));
}

export function sortApps(apps: readonly ReportApp[], sort: ViewState['sort']): ReportApp[] {
  const value = (a: ReportApp): string | number => {
    switch (sort.key) {
      case 'name':
        return a.name.toLowerCase();
      case 'status':
        return STATUS_RANK[statusLabel(a.status)];
      case 'errors':
        return a.counts.errors;
      case 'warnings':
        return a.counts.warnings;
      case 'dataGaps':
        return a.dataGaps.length;
    }
  };
  const sign = sort.descending ? -1 : 1;
  // Ties keep name order, so equal counts do not shuffle between renders.
  return [...apps].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (x < y ? -sign : x > y ? sign : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
}

export function gapKey(app: string, title: string): string {
  return `${app}\u0000${title}`;
}
