import type { ReportApp, ReportFinding } from '../../src/shared/report';
import { codeSpans, findingsBySeverity, SEVERITY_HEADINGS, statusText, stepStates } from '../../src/shared/reportText';
import { button, h, rich, type Child } from './dom';
import { gapKey } from './viewState';

export interface AppActions {
  back(): void;
  open(app: string, f: ReportFinding): void;
  fix(app: string): void;
  retry(app: string): void;
  isBusy(key: string): boolean;
  isChecked(key: string): boolean;
  isOpen(section: string): boolean;
  setOpen(section: string, open: boolean): void;
  setChecked(key: string, checked: boolean): void;
}

const MARKS = { done: '✓', failed: '✗', pending: '○' } as const;

/** A collapsible section that remembers being closed across re-renders (a reply, an update). */
function section(actions: AppActions, id: string, heading: string, ...children: readonly Child[]): HTMLElement {
  const el = h('vscode-collapsible', { id, heading, open: actions.isOpen(id) }, h('div', { class: 'section-body' }, ...children));
  el.addEventListener('vsc-collapsible-toggle', () => actions.setOpen(id, el.open));
  return el;
}

function steps(app: ReportApp, actions: AppActions): HTMLElement {
  const failed = app.status?.failed;
  const retryKey = `retry:${app.name}`;
  return section(
    actions,
    'steps',
    'Migration steps',
    h(
      'ol',
      { class: 'steps' },
      ...stepStates(app).map((s) =>
        h('li', { class: `step ${s.state}`, 'data-step': s.step, 'data-state': s.state }, `${MARKS[s.state]} ${s.step}`),
      ),
    ),
    h('p', { class: failed ? 'error-text' : 'muted' }, statusText(app)),
    failed ? button('Retry', { 'data-action': 'retry', disabled: actions.isBusy(retryKey) }, () => actions.retry(app.name)) : undefined,
  );
}

function findings(app: ReportApp, actions: AppActions): HTMLElement {
  const groups = findingsBySeverity(app.findings);
  const fixKey = `fix:${app.name}`;
  const anySafe = app.findings.some((f) => f.hasSafeFix);
  return section(
    actions,
    'findings',
    `Findings (${app.findings.length})`,
    anySafe
      ? button('Apply all safe fixes', { 'data-action': 'fix-all', disabled: actions.isBusy(fixKey) }, () => actions.fix(app.name))
      : undefined,
    groups.length === 0 ? h('p', { class: 'muted' }, 'No findings.') : undefined,
    ...groups.map((g) =>
      h(
        'div',
        { class: 'severity-group', 'data-severity': g.severity },
        h('h3', { class: g.severity }, `${SEVERITY_HEADINGS[g.severity]} (${g.findings.length})`),
        h(
          'ul',
          { class: 'findings' },
          ...g.findings.map((f) =>
            h(
              'li',
              { class: 'finding', 'data-rule': f.rule },
              h('span', { class: 'message' }, f.message),
              ' ',
              h('code', {}, `${f.file}:${f.line}`),
              ' ',
              h('span', { class: 'muted' }, f.rule),
              h(
                'span',
                { class: 'actions' },
                button('Open', { 'data-action': 'open', secondary: true }, () => actions.open(app.name, f)),
                f.hasSafeFix
                  ? button('Fix', { 'data-action': 'fix', secondary: true, disabled: actions.isBusy(fixKey) }, () => actions.fix(app.name))
                  : undefined,
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function conversion(app: ReportApp, actions: AppActions): HTMLElement {
  const c = app.conversion;
  if (!c) {
    return section(actions, 'conversion', 'Conversion', h('p', { class: 'muted' }, 'Nothing to convert (or not planned).'));
  }
  return section(
    actions,
    'conversion',
    `Conversion (${c.files.length} file${c.files.length === 1 ? '' : 's'})`,
    h(
      'table',
      { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', {}, 'File'), h('th', {}, 'Change'), h('th', { class: 'num' }, 'Lines'))),
      h(
        'tbody',
        {},
        ...c.files.map((f) =>
          h(
            'tr',
            { 'data-file': f.file },
            h('td', {}, h('code', {}, f.file)),
            h('td', { class: `change-${f.change}` }, f.change),
            h('td', { class: 'num' }, h('span', { class: 'added' }, `+${f.added}`), ' ', h('span', { class: 'removed' }, `−${f.removed}`)),
          ),
        ),
      ),
    ),
    c.fixes.length > 0 ? h('p', {}, 'Fixes applied:') : undefined,
    c.fixes.length > 0 ? h('ul', {}, ...c.fixes.map((t) => h('li', {}, t))) : undefined,
  );
}

function setup(app: ReportApp, actions: AppActions): HTMLElement {
  return section(
    actions,
    'setup',
    'DE5 setup',
    h('p', { class: 'muted' }, 'Run these with the de CLI, or do the same in the DE5 App Manager.'),
    h('ol', { class: 'setup' }, ...app.setupSteps.map((s) => h('li', {}, h('code', {}, s)))),
  );
}

function dataGaps(app: ReportApp, actions: AppActions): HTMLElement {
  return section(
    actions,
    'data-gaps',
    `Data not migrated (${app.dataGaps.length})`,
    app.dataGaps.length === 0 ? h('p', { class: 'muted' }, 'No data gaps known (no DE4 metadata, or nothing outside git).') : undefined,
    ...app.dataGaps.map((g) => {
      const key = gapKey(app.name, g.title);
      const box = h('vscode-checkbox', { label: g.title, checked: actions.isChecked(key), 'data-gap': g.title });
      box.addEventListener('change', () => actions.setChecked(key, box.checked));
      return h(
        'div',
        { class: 'gap' },
        box,
        h('p', {}, rich(codeSpans(g.detail))),
        h('ol', {}, ...g.steps.map((s) => h('li', {}, rich(codeSpans(s))))),
      );
    }),
  );
}

/** One app's page: status and steps, findings by severity, conversion, DE5 setup, data gaps. */
export function renderApp(app: ReportApp, actions: AppActions, canGoBack: boolean): HTMLElement {
  const back = canGoBack ? button('All apps', { 'data-action': 'back', secondary: true }, () => actions.back()) : undefined;
  return h(
    'section',
    { id: 'app', 'data-app': app.name },
    h('div', { class: 'toolbar' }, back, h('h2', {}, app.name), app.dir !== '' ? h('code', { class: 'muted' }, app.dir) : undefined),
    steps(app, actions),
    findings(app, actions),
    conversion(app, actions),
    setup(app, actions),
    dataGaps(app, actions),
  );
}
