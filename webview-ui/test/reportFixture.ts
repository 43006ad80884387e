import { countFindings, reportCounts, type MigrationReport, type ReportApp, type ReportFinding } from '../../src/shared/report';

// A small fleet for the webview tests, built from the shared model only (webview tests import
// nothing else from src/, STYLE §3).

function finding(overrides: Partial<ReportFinding> = {}): ReportFinding {
  return {
    rule: 'runtime-txt',
    severity: 'warning',
    file: 'runtime.txt',
    line: 1,
    message: 'runtime.txt is ignored on DE5',
    hasSafeFix: true,
    ...overrides,
  };
}

export function reportApp(name: string, overrides: Partial<Omit<ReportApp, 'counts'>> = {}): ReportApp {
  const findings = overrides.findings ?? [finding()];
  return {
    name,
    dir: `apps/${name}`,
    setupSteps: [`de apps create -n ${name}   (or App Manager → New App)`],
    dataGaps: [],
    ...overrides,
    findings,
    counts: countFindings(findings),
  };
}

/** Three apps: one failed at `created`, one verified, one not started; errors only in `sales`. */
export function fleetReport(): MigrationReport {
  const apps: ReportApp[] = [
    reportApp('sales', {
      status: { step: 'converted', failed: { step: 'created', reason: 'licence seat limit reached', at: '2025-01-02T03:04:05.000Z' } },
      findings: [
        finding({
          rule: 'procfile-missing',
          severity: 'error',
          file: 'Procfile',
          line: 1,
          message: 'The app has no Procfile',
          hasSafeFix: false,
        }),
        finding({
          rule: 'pin-incompatible-python',
          severity: 'error',
          file: 'requirements.txt',
          line: 3,
          message: 'numpy==1.19.5 has no build',
          hasSafeFix: true,
        }),
        finding(),
        finding({
          rule: 'service-env-var',
          severity: 'info',
          file: 'app.py',
          line: 12,
          message: 'Code reads REDIS_URL',
          hasSafeFix: false,
        }),
      ],
      conversion: {
        files: [
          { file: 'project.toml', change: 'created', added: 6, removed: 0 },
          { file: 'runtime.txt', change: 'deleted', added: 0, removed: 1 },
        ],
        fixes: ['Move the Python version to project.toml'],
      },
      setupSteps: ['de apps create -n sales   (or App Manager → New App)', 'de services create --app-name sales --type redis'],
      dataGaps: [
        {
          title: 'The data in Redis service sales-redis is not migrated',
          detail: 'On DE5 the app reads the service from `REDIS_URL`.',
          steps: ['Export the data on DE4: `ssh -p 3022 dokku@de4.example.com redis:export sales-redis > sales-redis.dump`', 'Import it.'],
        },
      ],
    }),
    reportApp('atlas', { status: { step: 'verified' }, findings: [] }),
    reportApp('maps', {
      findings: [
        finding({ rule: 'apt-file', severity: 'warning', file: 'apt-packages', line: 2, message: 'apt packages are not installed' }),
        finding(),
      ],
    }),
  ];
  return {
    version: 1,
    generatedAt: '2025-01-02T03:04:05.000Z',
    title: 'Fleet migration report',
    de4: 'https://de4.example.com',
    de5: 'de5.example.com',
    apps,
    counts: reportCounts(apps),
  };
}
