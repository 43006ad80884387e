import * as assert from 'node:assert/strict';
import { De4Client, type De4ClientOptions } from '../../../../src/core/api/de4Client';
import { CoreError } from '../../../../src/core/errors';
import { NULL_LOGGER } from '../../../../src/core/ports';
import { delay, FakeHttpClient, jsonResponse, type FakeStep, type RecordedRequest } from '../../../support/fakeHttpClient';
import { RecordingLogger } from '../../../support/recordingLogger';

interface ScriptedPage {
  readonly names: readonly string[];
  readonly nextPage: number | null;
}

function pageResponse(p: ScriptedPage): ReturnType<typeof jsonResponse> {
  return jsonResponse({
    data: {
      apps: {
        apps: p.names.map((name) => ({
          name,
          owner: { username: 'alice' },
          urlOnServer: `https://de4.test/${name}`,
          status: { running: true },
        })),
        nextPage: p.nextPage,
      },
    },
  });
}

/** Answers by the requested page number; pages not listed answer with an empty page. */
function pagesServer(pages: Readonly<Record<number, ScriptedPage>>, wait?: () => Promise<void>): FakeStep {
  return async (req: RecordedRequest) => {
    if (wait) {
      await wait();
    }
    const page = Number(req.json?.variables?.['page']);
    return pageResponse(pages[page] ?? { names: [], nextPage: null });
  };
}

/** `count` pages of `size` apps, numbered from 0, the last with nextPage null. */
function sequentialPages(count: number, size = 10): Record<number, ScriptedPage> {
  const pages: Record<number, ScriptedPage> = {};
  for (let p = 0; p < count; p++) {
    pages[p] = { names: Array.from({ length: size }, (_, i) => `app-${p}-${i}`), nextPage: p + 1 < count ? p + 1 : null };
  }
  return pages;
}

function clientOf(http: FakeHttpClient, extra: Partial<De4ClientOptions> = {}): De4Client {
  return new De4Client({
    baseUrl: 'https://de4.test',
    http,
    getAuth: () => Promise.resolve({ username: 'alice', apiKey: 'k3y' }),
    log: NULL_LOGGER,
    maxPageConcurrency: 1,
    sleep: () => Promise.resolve(),
    random: () => 0.5,
    ...extra,
  });
}

function requestedPages(http: FakeHttpClient): unknown[] {
  return http.variables().map((v) => v?.['page']);
}

describe('De4Client.listApps pagination', () => {
  it('starts at page 0, follows nextPage and stops when it is null', async () => {
    const http = new FakeHttpClient(pagesServer(sequentialPages(3, 2)));
    const apps = await clientOf(http).listApps({ all: true }, undefined);
    assert.deepEqual(
      apps.map((a) => a.name),
      ['app-0-0', 'app-0-1', 'app-1-0', 'app-1-1', 'app-2-0', 'app-2-1'],
    );
    assert.deepEqual(requestedPages(http), [0, 1, 2]);
    assert.deepEqual(http.variables()[0], { page: 0, all: true });
    assert.deepEqual(apps[0], { name: 'app-0-0', owner: 'alice', urlOnServer: 'https://de4.test/app-0-0', running: true });
  });

  it('sends allApps false for own apps', async () => {
    const http = new FakeHttpClient(pagesServer(sequentialPages(1)));
    await clientOf(http).listApps({ all: false });
    assert.equal(http.variables()[0]?.['all'], false);
  });

  it('reads a server counting from 1 that answers page 0 like page 1 and points to page 1', async () => {
    // Such a server computes nextPage as page + 1 even for the page 0 it read as page 1.
    const http = new FakeHttpClient(
      pagesServer({ 0: { names: ['a', 'b'], nextPage: 1 }, 1: { names: ['a', 'b'], nextPage: 2 }, 2: { names: ['c'], nextPage: null } }),
    );
    const apps = await clientOf(http).listApps({ all: true });
    assert.deepEqual(
      apps.map((a) => a.name),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(requestedPages(http), [0, 1, 2]);
  });

  it('reads a server counting from 1 that answers page 0 like page 1 and points to page 2', async () => {
    const http = new FakeHttpClient(pagesServer({ 0: { names: ['a'], nextPage: 2 }, 2: { names: ['b'], nextPage: null } }));
    const apps = await clientOf(http).listApps({ all: true });
    assert.deepEqual(
      apps.map((a) => a.name),
      ['a', 'b'],
    );
  });

  it('tries page 1 once when page 0 is empty (a server counting from 1)', async () => {
    const http = new FakeHttpClient(
      pagesServer({ 0: { names: [], nextPage: null }, 1: { names: ['a'], nextPage: 2 }, 2: { names: ['b'], nextPage: null } }),
    );
    const apps = await clientOf(http).listApps({ all: true });
    assert.deepEqual(
      apps.map((a) => a.name),
      ['a', 'b'],
    );
  });

  it('returns no apps when pages 0 and 1 are both empty', async () => {
    const http = new FakeHttpClient(pagesServer({}));
    assert.deepEqual(await clientOf(http).listApps({ all: true }), []);
    assert.deepEqual(requestedPages(http), [0, 1]);
  });

  it('stops when nextPage is 0 after the first page', async () => {
    const http = new FakeHttpClient(pagesServer({ 0: { names: ['a'], nextPage: 1 }, 1: { names: ['b'], nextPage: 0 } }));
    const apps = await clientOf(http).listApps({ all: true });
    assert.deepEqual(
      apps.map((a) => a.name),
      ['a', 'b'],
    );
    assert.deepEqual(requestedPages(http), [0, 1]);
  });

  it('stops when nextPage repeats the page just fetched', async () => {
    const http = new FakeHttpClient(pagesServer({ 0: { names: ['a'], nextPage: 1 }, 1: { names: ['b'], nextPage: 1 } }));
    const apps = await clientOf(http).listApps({ all: true });
    assert.equal(apps.length, 2);
    assert.deepEqual(requestedPages(http), [0, 1]);
  });

  it('stops when nextPage points back to an earlier page', async () => {
    const http = new FakeHttpClient(
      pagesServer({ 0: { names: ['a'], nextPage: 1 }, 1: { names: ['b'], nextPage: 2 }, 2: { names: ['c'], nextPage: 1 } }),
    );
    assert.equal((await clientOf(http).listApps({ all: true })).length, 3);
    assert.deepEqual(requestedPages(http), [0, 1, 2]);
  });

  it('stops on an empty page even when it names a next page', async () => {
    const http = new FakeHttpClient(
      pagesServer({ 0: { names: ['a'], nextPage: 1 }, 1: { names: [], nextPage: 2 }, 2: { names: ['never'], nextPage: null } }),
    );
    const apps = await clientOf(http).listApps({ all: true });
    assert.deepEqual(
      apps.map((a) => a.name),
      ['a'],
    );
    assert.deepEqual(requestedPages(http), [0, 1]);
  });

  it('de-duplicates by name and stops when a page adds no new names', async () => {
    const http = new FakeHttpClient(
      pagesServer({
        0: { names: ['a', 'b'], nextPage: 1 },
        1: { names: ['b', 'c'], nextPage: 2 },
        2: { names: ['c', 'a'], nextPage: 3 },
        3: { names: ['never'], nextPage: null },
      }),
    );
    const apps = await clientOf(http).listApps({ all: true });
    assert.deepEqual(
      apps.map((a) => a.name),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(requestedPages(http), [0, 1, 2]);
  });

  it('gives up after maxPages with a warning', async () => {
    const log = new RecordingLogger();
    const http = new FakeHttpClient((req: RecordedRequest) => {
      const page = Number(req.json?.variables?.['page']);
      return pageResponse({ names: [`app-${page}`], nextPage: page + 1 });
    });
    const apps = await clientOf(http, { maxPages: 5, log }).listApps({ all: true });
    assert.equal(apps.length, 5);
    assert.equal(http.requests.length, 5);
    assert.match(log.text(), /warn \[api\] listing stops at 5 pages/);
  });
});

describe('De4Client.listApps parallel pages', () => {
  it('fetches ahead up to maxPageConcurrency and returns the same list as one at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const wait = async (): Promise<void> => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await delay(2);
      inFlight--;
    };
    const pages = sequentialPages(20, 3);
    const parallel = new FakeHttpClient(pagesServer(pages, wait));
    const serial = new FakeHttpClient(pagesServer(pages));
    const a = await clientOf(parallel, { maxPageConcurrency: 4 }).listApps({ all: true });
    const b = await clientOf(serial).listApps({ all: true });
    assert.deepEqual(a, b);
    assert.equal(a.length, 60);
    assert.equal(peak, 4);
    // Pages fetched beyond the end are at most the look-ahead.
    assert.ok(parallel.requests.length <= 20 + 3, `${parallel.requests.length} requests`);
  });

  it('drops failing pages fetched beyond the end', async () => {
    const pages = sequentialPages(3, 2);
    const http = new FakeHttpClient(async (req: RecordedRequest) => {
      await delay(1);
      const page = Number(req.json?.variables?.['page']);
      const known = pages[page];
      return known ? pageResponse(known) : jsonResponse({ errors: [{ message: 'page out of range' }] });
    });
    const apps = await clientOf(http, { maxPageConcurrency: 4 }).listApps({ all: true });
    assert.equal(apps.length, 6);
  });

  it('still honours a nextPage of null in the middle of a look-ahead window', async () => {
    const http = new FakeHttpClient(
      pagesServer({
        0: { names: ['a'], nextPage: 1 },
        1: { names: ['b'], nextPage: null },
        2: { names: ['stale-2'], nextPage: 3 },
        3: { names: ['stale-3'], nextPage: null },
      }),
    );
    const apps = await clientOf(http, { maxPageConcurrency: 4 }).listApps({ all: true });
    assert.deepEqual(
      apps.map((a) => a.name),
      ['a', 'b'],
    );
  });

  it('follows a jump in nextPage one page at a time', async () => {
    const http = new FakeHttpClient(
      pagesServer({ 0: { names: ['a'], nextPage: 5 }, 5: { names: ['b'], nextPage: 9 }, 9: { names: ['c'], nextPage: null } }),
    );
    const apps = await clientOf(http, { maxPageConcurrency: 4 }).listApps({ all: true });
    assert.deepEqual(
      apps.map((a) => a.name),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(requestedPages(http), [0, 5, 9]);
  });
});

describe('De4Client.listApps cancellation', () => {
  it('rejects with cancelled when aborted mid-listing and sends nothing more', async () => {
    const controller = new AbortController();
    const http = new FakeHttpClient(async (req: RecordedRequest) => {
      const page = Number(req.json?.variables?.['page']);
      if (page === 2) {
        controller.abort();
        await delay(1000);
      }
      return pageResponse({ names: [`app-${page}`], nextPage: page + 1 });
    });
    const started = Date.now();
    await assert.rejects(clientOf(http).listApps({ all: true }, controller.signal), (err: unknown) => {
      assert.ok(err instanceof CoreError);
      assert.equal(err.code, 'cancelled');
      return true;
    });
    assert.ok(Date.now() - started < 500, 'rejects promptly');
    assert.deepEqual(requestedPages(http), [0, 1, 2]);
  });

  it('rejects with cancelled when the signal is already aborted, without a request', async () => {
    const http = new FakeHttpClient(pagesServer(sequentialPages(2)));
    await assert.rejects(clientOf(http).listApps({ all: true }, AbortSignal.abort()), { code: 'cancelled' });
    assert.equal(http.requests.length, 0);
  });

  it('reports a deadline signal as a timeout', async () => {
    const http = new FakeHttpClient(pagesServer(sequentialPages(50), () => delay(5)));
    await assert.rejects(clientOf(http, { maxPageConcurrency: 4 }).listApps({ all: true }, AbortSignal.timeout(20)), { code: 'timeout' });
  });
});
