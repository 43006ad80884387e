import type { MigrationReport, ReportApp } from '../../src/shared/report';
import { statusLabel } from '../../src/shared/report';
import { statusText } from '../../src/shared/reportText';
import { button, h } from './dom';
import { filterApps, sortApps, type SortKey, type ViewState } from './viewState';

export interface FleetActions {
  openApp(name: string): void;
  retry(app: string): void;
  setFilter(text: string): void;
  setSort(key: SortKey): void;
  isBusy(key: string): boolean;
}

const COLUMNS: readonly { key: SortKey | undefined; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'App' },
  { key: undefined, label: 'Folder' },
  { key: 'status', label: 'Status' },
  { key: 'errors', label: 'Errors', numeric: true },
  { key: 'warnings', label: 'Warnings', numeric: true },
  { key: 'dataGaps', label: 'Data gaps', numeric: true },
  { key: undefined, label: '' },
];

function countItem(name: string, label: string, value: number): HTMLElement {
  return h('li', { 'data-count': name }, h('vscode-badge', { variant: 'counter' }, value), ` ${label}`);
}

/**
 * The table of every app with its status and counts, a filter box and sortable columns. The filter
 * field is made once, so typing never loses focus; `render` redraws the counts and rows.
 */
export class FleetView {
  readonly el: HTMLElement;
  private readonly counts = h('ul', { class: 'counts', id: 'counts' });
  private readonly shown = h('p', { class: 'muted', id: 'shown' });
  private readonly head = h('tr');
  private readonly body = h('tbody');

  constructor(
    private readonly actions: FleetActions,
    filter: string,
  ) {
    const field = h('vscode-textfield', { id: 'filter', placeholder: 'Filter by app, folder or status', 'aria-label': 'Filter apps' });
    field.value = filter;
    field.addEventListener('input', () => this.actions.setFilter(field.value));
    this.el = h(
      'section',
      { id: 'fleet' },
      this.counts,
      h('div', { class: 'toolbar' }, field, this.shown),
      h('table', { id: 'fleet-table', class: 'grid' }, h('thead', {}, this.head), this.body),
    );
  }

  render(report: MigrationReport, view: ViewState): void {
    const c = report.counts;
    const notStarted = report.apps.filter((a) => a.status === undefined).length;
    this.counts.replaceChildren(
      countItem('apps', c.apps === 1 ? 'app' : 'apps', c.apps),
      countItem('verified', 'verified', c.verified),
      countItem('failed', 'failed', c.failed),
      countItem('not-started', 'not started', notStarted),
      countItem('errors', c.errors === 1 ? 'error' : 'errors', c.errors),
      countItem('warnings', c.warnings === 1 ? 'warning' : 'warnings', c.warnings),
      countItem('data-gaps', c.dataGaps === 1 ? 'data gap' : 'data gaps', c.dataGaps),
    );
    const rows = sortApps(filterApps(report.apps, view.filter), view.sort);
    this.shown.textContent = rows.length === report.apps.length ? '' : `Showing ${rows.length} of ${report.apps.length} apps`;
    this.head.replaceChildren(...COLUMNS.map((col) => this.headerCell(col, view)));
    this.body.replaceChildren(...rows.map((a) => this.row(a)));
    if (rows.length === 0) {
      this.body.append(h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted' }, 'No app matches the filter.')));
    }
  }

  private headerCell(col: (typeof COLUMNS)[number], view: ViewState): HTMLElement {
    const cls = col.numeric ? 'num' : undefined;
    if (col.key === undefined) {
      return h('th', { class: cls, scope: 'col' }, col.label);
    }
    const key = col.key;
    const active = view.sort.key === key;
    const sort = active ? (view.sort.descending ? 'descending' : 'ascending') : 'none';
    const b = h(
      'button',
      { class: 'sort', type: 'button', 'data-sort': key },
      col.label,
      active ? (view.sort.descending ? ' ▼' : ' ▲') : '',
    );
    b.addEventListener('click', () => this.actions.setSort(key));
    return h('th', { class: cls, scope: 'col', 'aria-sort': sort }, b);
  }

  private row(a: ReportApp): HTMLElement {
    const label = statusLabel(a.status);
    const name = h('button', { class: 'link', type: 'button', 'data-action': 'show-app' }, a.name);
    name.addEventListener('click', () => this.actions.openApp(a.name));
    const retryKey = `retry:${a.name}`;
    const retry =
      label === 'failed'
        ? button('Retry', { 'data-action': 'retry', secondary: true, disabled: this.actions.isBusy(retryKey) }, () =>
            this.actions.retry(a.name),
          )
        : undefined;
    return h(
      'tr',
      { 'data-app': a.name },
      h('td', {}, name),
      h('td', {}, a.dir === '' ? h('span', { class: 'muted' }, 'not on disk') : h('code', {}, a.dir)),
      h('td', { class: `status status-${label.replace(' ', '-')}`, title: statusText(a) }, label),
      h('td', { class: 'num' }, a.counts.errors),
      h('td', { class: 'num' }, a.counts.warnings),
      h('td', { class: 'num' }, a.dataGaps.length),
      h('td', {}, retry),
    );
  }
}
