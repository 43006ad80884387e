import { parseHostMessage, type RequestBody } from '../../src/shared/protocol';
import type { MigrationReport, ReportFormat } from '../../src/shared/report';
import { serverLine } from '../../src/shared/reportText';
import { renderApp, type AppActions } from './appView';
import { RequestClient } from './client';
import { button, h } from './dom';
import { FleetView } from './fleetView';
import { logWarning, type VsCodeApi } from './vscodeApi';
import { restoreView, type SortKey, type ViewState } from './viewState';

const EXPORTS: readonly { format: ReportFormat; label: string }[] = [
  { format: 'html', label: 'Export HTML' },
  { format: 'md', label: 'Export Markdown' },
  { format: 'json', label: 'Export JSON' },
];

/**
 * The panel's front-end: renders the report the host sends (`init`, then `update`s), keeps what the
 * user chose (page, filter, sort, ticked gaps) in the webview state, and turns clicks into requests.
 * Holds no business logic: fixing, retrying, opening and exporting happen in the host.
 */
export class ReportController {
  private report: MigrationReport | undefined;
  private view: ViewState;
  private fleet: FleetView | undefined;
  private readonly busy = new Set<string>();
  /** Sections of the app page the user closed; kept while the panel lives. */
  private readonly closed = new Set<string>();
  private readonly client: RequestClient;
  private readonly notice = h('div', { id: 'notice', role: 'status', 'aria-live': 'polite' });
  private readonly header = h('header', { id: 'header' });
  private readonly main = h('main', { id: 'main' }, h('p', { class: 'muted' }, 'Loading the report…'));

  constructor(
    root: HTMLElement,
    private readonly api: VsCodeApi,
  ) {
    this.view = restoreView(api.getState());
    this.client = new RequestClient((m) => api.postMessage(m));
    root.replaceChildren(this.header, this.notice, this.main);
  }

  /** Every message from the host comes through here; anything malformed is dropped and logged. */
  receive(data: unknown): void {
    const m = parseHostMessage(data);
    if (!m) {
      logWarning('dropped a malformed message from the host', data);
      return;
    }
    switch (m.type) {
      case 'init':
        this.report = m.report;
        if (m.app !== undefined) {
          this.setView({ ...this.view, app: m.app });
        }
        this.fleet = undefined;
        this.render();
        break;
      case 'update':
        this.report = m.report;
        this.render();
        break;
      case 'reply':
        if (!this.client.settle(m.id, m.ok, m.error)) {
          logWarning(`dropped a reply to unknown request ${m.id}`);
        }
        break;
    }
  }

  private setView(view: ViewState): void {
    this.view = view;
    this.api.setState(view);
  }

  private render(): void {
    const report = this.report;
    if (!report) {
      return;
    }
    this.renderHeader(report);
    const app = this.view.app === undefined ? undefined : report.apps.find((a) => a.name === this.view.app);
    if (app) {
      this.fleet = undefined;
      this.main.replaceChildren(renderApp(app, this.appActions(), report.apps.length > 1));
      return;
    }
    if (this.view.app !== undefined) {
      // The app left the report (a new update): back to the table.
      this.setView({ ...this.view, app: undefined });
    }
    if (!this.fleet) {
      this.fleet = new FleetView(
        {
          openApp: (name) => this.navigate(name),
          retry: (name) => this.run(`retry:${name}`, `Retrying ${name}`, { type: 'retryStep', app: name }),
          setFilter: (text) => this.updateFleet({ ...this.view, filter: text }),
          setSort: (key) => this.updateFleet({ ...this.view, sort: nextSort(this.view.sort, key) }),
          isBusy: (key) => this.busy.has(key),
        },
        this.view.filter,
      );
      this.main.replaceChildren(this.fleet.el);
    }
    this.fleet.render(report, this.view);
  }

  private renderHeader(report: MigrationReport): void {
    const server = serverLine(report);
    this.header.replaceChildren(
      h('h1', {}, report.title),
      h('p', { class: 'muted' }, `Generated ${report.generatedAt}${server ? ` · ${server}` : ''}`),
      h(
        'div',
        { class: 'toolbar' },
        ...EXPORTS.map((e) =>
          button(
            e.label,
            { 'data-action': 'export', 'data-format': e.format, secondary: true, disabled: this.busy.has(`export:${e.format}`) },
            () => this.run(`export:${e.format}`, e.label, { type: 'export', format: e.format }),
          ),
        ),
      ),
    );
  }

  private updateFleet(view: ViewState): void {
    this.setView(view);
    if (this.report && this.fleet) {
      this.fleet.render(this.report, this.view);
    }
  }

  private navigate(app: string | undefined): void {
    this.setView({ ...this.view, app });
    this.render();
  }

  private appActions(): AppActions {
    return {
      back: () => this.navigate(undefined),
      open: (app, f) =>
        this.run(`open:${app}:${f.file}:${f.line}`, `Opening ${f.file}`, { type: 'openFile', app, file: f.file, line: f.line }, false),
      fix: (app) => this.run(`fix:${app}`, `Applying the safe fixes of ${app}`, { type: 'fixApp', app }),
      retry: (app) => this.run(`retry:${app}`, `Retrying ${app}`, { type: 'retryStep', app }),
      isBusy: (key) => this.busy.has(key),
      isChecked: (key) => this.view.checkedGaps.includes(key),
      isOpen: (section) => !this.closed.has(section),
      setOpen: (section, open) => {
        if (open) {
          this.closed.delete(section);
        } else {
          this.closed.add(section);
        }
      },
      setChecked: (key, checked) =>
        this.setView({
          ...this.view,
          checkedGaps: checked ? [...new Set([...this.view.checkedGaps, key])] : this.view.checkedGaps.filter((k) => k !== key),
        }),
    };
  }

  /** Sends a request; its buttons stay disabled until the reply, which is shown when it is an error. */
  private run(key: string, label: string, body: RequestBody, announceDone = true): void {
    if (this.busy.has(key)) {
      return;
    }
    this.busy.add(key);
    this.setNotice(`${label}…`, false);
    this.render();
    void this.client
      .request(body)
      .then(
        () => this.setNotice(announceDone ? `${label}: done.` : '', false),
        (err: unknown) => this.setNotice(`${label} failed: ${err instanceof Error ? err.message : String(err)}`, true),
      )
      .finally(() => {
        this.busy.delete(key);
        this.render();
      });
  }

  private setNotice(text: string, isError: boolean): void {
    this.notice.textContent = text;
    this.notice.className = isError ? 'error-text' : 'muted';
  }
}

function nextSort(sort: ViewState['sort'], key: SortKey): ViewState['sort'] {
  return sort.key === key ? { key, descending: !sort.descending } : { key, descending: key !== 'name' && key !== 'status' };
}
