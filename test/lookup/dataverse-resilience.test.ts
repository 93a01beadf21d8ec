/**
 * The Dataverse adapter against a scripted Web API on 127.0.0.1: hung token
 * providers, slow and reset bodies, huge error bodies, every `Retry-After`
 * form, the retry budget, the concurrency cap and the URL limit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDataverseLookup, parseHttpDate, retryAfterMs, type DataverseLookupOptions } from '../../src/lookup/dataverse.js';
import { LookupError } from '../../src/lookup/errors.js';
import { cmp, contractRecords, londonQuery } from '../fixtures/lookup.cases.js';
import { startODataServer, type ODataServer } from './odata-server.js';

let server: ODataServer;
beforeAll(async () => {
  server = await startODataServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setRecords(contractRecords);
  server.reset();
});

const noSleep = async (): Promise<void> => {};
const adapterFor = (over: Partial<DataverseLookupOptions> = {}) =>
  createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => server.token, backoffMs: 1, sleep: noSleep, ...over });

const query = londonQuery;

const LONDON = ['c1', 'c2', 'c4', 'c5'];

/** How long `p` takes to settle, and what it settled with. */
async function timed<T>(p: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const t0 = performance.now();
  try {
    const value = await p;
    return { ms: performance.now() - t0, value };
  } catch (error) {
    return { ms: performance.now() - t0, error };
  }
}

describe('Dataverse adapter: a token provider that never answers', () => {
  const hung = (): Promise<string> => new Promise<string>(() => undefined);

  it('fails with lookup_timeout after timeoutMs, without a request', async () => {
    const r = await timed(adapterFor({ getToken: hung, timeoutMs: 60 }).find(query()));
    expect(r.error).toMatchObject({ code: 'lookup_timeout', entity: 'contact', attempts: 1 });
    expect((r.error as LookupError).detail).toMatch(/token/);
    expect(r.ms).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(0);
  });

  it('stops waiting as soon as the signal aborts (lookup_aborted)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const r = await timed(adapterFor({ getToken: hung, timeoutMs: 60_000 }).find(query(), controller.signal));
    expect(r.error).toMatchObject({ code: 'lookup_aborted', entity: 'contact' });
    expect(r.ms).toBeLessThan(2_000);
  });

  it('a token that is not text is lookup_failed, not a TypeError', async () => {
    await expect(adapterFor({ getToken: (async () => ({ toString: 1 })) as never }).find(query())).rejects.toMatchObject({ code: 'lookup_failed' });
    await expect(adapterFor({ getToken: (() => { throw new Error('sync'); }) as never }).find(query())).rejects.toMatchObject({ code: 'lookup_failed' });
  });
});

describe('Dataverse adapter: bodies', () => {
  const slowBody = { status: 200, chunks: ['{"value":', '[', ']', '}'], chunkDelayMs: 200 };

  it('a body aborted while streaming is lookup_aborted (not lookup_bad_response)', async () => {
    server.script(slowBody);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await adapterFor().find(query(), controller.signal).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'lookup_aborted', entity: 'contact' });
  });

  it('a body still streaming at timeoutMs is lookup_timeout, not retried', async () => {
    server.script(slowBody);
    const err = await adapterFor({ timeoutMs: 150 }).find(query()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'lookup_timeout', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('a slow body within timeoutMs is read whole', async () => {
    server.script({ status: 200, chunks: ['{"value":[{"contactid":"c1","fullname":"Ann Lee",', '"telephone1":"+442079460958"}]}'], chunkDelayMs: 30 });
    expect((await adapterFor().find(query())).map((r) => r.id)).toEqual(['c1']);
  });

  it('a connection reset mid-body is a network error: retried, then answered', async () => {
    server.script({ status: 200, resetAfter: '{"value":[{"contactid":"c1"' });
    const found = await adapterFor().find(query());
    expect(found.map((r) => r.id)).toEqual(LONDON);
    expect(server.requests).toHaveLength(2);
  });

  it('resets on every attempt end in lookup_network with the attempts made', async () => {
    server.script(...Array.from({ length: 3 }, () => ({ status: 200, resetAfter: '{"val' })));
    const err = await adapterFor({ maxRetries: 2 }).find(query()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'lookup_network', attempts: 3 });
    expect((err as LookupError).detail).toMatch(/reading the answer/);
  });

  it('reads a bounded prefix of a 50 MB error body and cancels the rest', async () => {
    server.script({ status: 400, bodyBytes: 50 * 1024 * 1024 });
    const err = (await adapterFor().find(query()).catch((e: unknown) => e)) as LookupError;
    expect(err).toMatchObject({ code: 'lookup_http_status', status: 400, attempts: 1 });
    expect(err.detail.length).toBeLessThan(400);
    await new Promise((r) => setTimeout(r, 100));
    // The server could write what the socket buffers hold, never the whole 50 MB.
    expect(server.stats.fillerBytesWritten).toBeLessThan(16 * 1024 * 1024);
  });

  it('refuses a successful body past maxResponseBytes, reading no more than that', async () => {
    server.script({ status: 200, bodyBytes: 20 * 1024 * 1024 });
    const err = await adapterFor({ maxResponseBytes: 64 * 1024 }).find(query()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'lookup_bad_response' });
    await new Promise((r) => setTimeout(r, 100));
    expect(server.stats.fillerBytesWritten).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('Retry-After (RFC 9110 §10.2.3)', () => {
  const date = 'Sun, 06 Nov 1994 08:49:37 GMT';
  it.each([
    ['0', 0],
    ['2', 2000],
    [' 7 ', 7000],
    ['Sun, 06 Nov 1994 08:49:39 GMT', 2000], // IMF-fixdate, 2 s after the Date header
    ['Sunday, 06-Nov-94 08:49:40 GMT', 3000], // obsolete RFC 850 form
    ['Sun Nov  6 08:49:41 1994', 4000], // obsolete asctime form
    ['Sun, 06 Nov 1994 08:49:00 GMT', 0], // in the past: retry now
  ])('%j → %d ms', (header, ms) => {
    expect(retryAfterMs(header, date)).toBe(ms);
  });
  it.each(['1.5', '-5', '+3', '1e3', '0x10', 'soon', '', 'Sun, 31 Feb 1994 08:49:39 GMT', 'Sun, 06 Nov 1994 25:49:39 GMT', '2026-11-30T10:00:00Z', 'Sun, 06 Nov 1994 08:49:39 PST'])(
    '%j is unreadable (undefined: the backoff is used)',
    (header) => {
      expect(retryAfterMs(header, date)).toBeUndefined();
    },
  );
  it('an HTTP date without a Date header uses the injected clock, or is unreadable', () => {
    const at = parseHttpDate(date)!;
    expect(at).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(retryAfterMs('Sun, 06 Nov 1994 08:49:47 GMT', null, () => at)).toBe(10_000);
    expect(retryAfterMs('Sun, 06 Nov 1994 08:49:47 GMT', null)).toBeUndefined();
    expect(retryAfterMs(null, date)).toBeUndefined();
    expect(retryAfterMs('9'.repeat(400), date)).toBe(Number.POSITIVE_INFINITY);
  });

  it('each form over HTTP: the wait asked for, else the exponential backoff', async () => {
    const cases: Array<[Record<string, string>, number]> = [
      [{ 'retry-after': '1' }, 1000],
      [{ 'retry-after': '1.5' }, 10],
      [{ 'retry-after': '-5' }, 10],
      [{ 'retry-after': 'later' }, 10],
      [{}, 10],
      [{ 'retry-after': 'Sun, 06 Nov 1994 08:49:39 GMT', date }, 2000],
      [{ 'retry-after': 'Sun, 06 Nov 1994 08:49:00 GMT', date }, 0],
    ];
    for (const [headers, wait] of cases) {
      server.reset();
      const waits: number[] = [];
      server.script({ status: 429, headers });
      const found = await adapterFor({ backoffMs: 10, sleep: async (ms) => void waits.push(ms) }).find(query());
      expect([headers, found.map((r) => r.id), waits]).toEqual([headers, LONDON, [wait]]);
    }
  });

  it('a Retry-After past maxRetryAfterMs fails at once, quoting the wait', async () => {
    server.script({ status: 429, headers: { 'retry-after': '99999999999999999999999' } });
    const err = (await adapterFor().find(query()).catch((e: unknown) => e)) as LookupError;
    expect(err).toMatchObject({ code: 'lookup_http_status', status: 429, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('the retry budget', () => {
  it('a retry whose wait would pass retryBudgetMs is not made: the last error at once', async () => {
    const waits: number[] = [];
    server.script(...Array.from({ length: 4 }, () => ({ status: 429, headers: { 'retry-after': '1' } })));
    const err = await adapterFor({ retryBudgetMs: 2_500, sleep: async (ms) => void waits.push(ms) }).find(query()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'lookup_http_status', status: 429, attempts: 3 });
    expect(waits).toEqual([1000, 1000]);
  });

  it('with the defaults, a throttled entity asking for 20 s fails at once instead of holding the lookup', async () => {
    server.script({ status: 429, headers: { 'retry-after': '20' } });
    const r = await timed(createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => server.token }).find(query()));
    expect(r.error).toMatchObject({ code: 'lookup_http_status', status: 429, attempts: 1 });
    expect(r.ms).toBeLessThan(2_000);
  });

  it('a search still running when the budget ends is aborted with lookup_timeout', async () => {
    server.script({ hang: true });
    const r = await timed(adapterFor({ retryBudgetMs: 80, timeoutMs: 60_000 }).find(query()));
    expect(r.error).toMatchObject({ code: 'lookup_timeout', entity: 'contact' });
    expect((r.error as LookupError).detail).toMatch(/retry budget of 80 ms/);
    expect(r.ms).toBeLessThan(2_000);
  });

  it('the budget also ends a wait between retries (real timer)', async () => {
    server.script({ status: 503, headers: { 'retry-after': '5' } });
    const r = await timed(createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => server.token, retryBudgetMs: 6_000, maxRetryAfterMs: 10_000 }).find(query(), AbortSignal.timeout(100)));
    expect(r.error).toMatchObject({ code: 'lookup_aborted' });
    expect(r.ms).toBeLessThan(2_000);
  });
});

describe('maxConcurrentRequests', () => {
  it('never has more requests in flight than the cap, and every search gets its own answer', async () => {
    server.setRecords({
      contact: Array.from({ length: 50 }, (_, i) => ({ id: `c${i}`, fullname: `Caller ${i}`, telephone1: `+4420794600${String(i).padStart(2, '0')}` })),
    });
    server.setLatency(5);
    const adapter = adapterFor({ maxConcurrentRequests: 4 });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, k) => {
        const i = k % 50;
        return adapter.find(query({ phoneFields: ['telephone1'], variants: [`+4420794600${String(i).padStart(2, '0')}`] })).then((r) => [i, r.map((x) => x.id)] as const);
      }),
    );
    for (const [i, ids] of results) expect(ids).toEqual([`c${i}`]);
    expect(server.requests).toHaveLength(200);
    expect(server.stats.maxInFlight).toBeLessThanOrEqual(4);
    expect(server.stats.maxInFlight).toBeGreaterThan(1);
  });

  it('a waiting request whose signal aborts leaves the queue at once and is never sent', async () => {
    server.script({ hang: true });
    const adapter = adapterFor({ maxConcurrentRequests: 1, timeoutMs: 300 });
    const first = adapter.find(query()).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 30));
    const controller = new AbortController();
    const waiting = timed(adapter.find(query(), controller.signal));
    setTimeout(() => controller.abort(), 20);
    const r = await waiting;
    expect(r.error).toMatchObject({ code: 'lookup_aborted', attempts: 0 });
    expect((r.error as LookupError).detail).toMatch(/free request slot/);
    expect(r.ms).toBeLessThan(250);
    expect(await first).toMatchObject({ code: 'lookup_timeout' });
    expect(server.requests).toHaveLength(1);
    // The slot is free again and the queue empty: the next search goes straight through.
    expect((await adapter.find(query())).map((r) => r.id)).toEqual(LONDON);
  });

  it('refuses a cap that is not a whole number ≥ 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, '4']) {
      expect(() => adapterFor({ maxConcurrentRequests: bad as never })).toThrowError(expect.objectContaining({ code: 'lookup_bad_option' }));
    }
  });
});

describe('the URL limit', () => {
  const manyVariants = Array.from({ length: 700 }, (_, i) => `+44 20 7946 ${String(i).padStart(4, '0')}`);

  it('splits a search past 32,768 characters into requests under it, dropping no variant', async () => {
    server.setRecords({
      contact: [
        { id: 'first', fullname: 'First', telephone1: manyVariants[0] },
        { id: 'last', fullname: 'Last', mobilephone: manyVariants[699] },
        { id: 'closed', fullname: 'Closed', telephone1: manyVariants[350], statecode: 1 },
      ],
    });
    const q = query({ variants: manyVariants, filter: cmp('statecode', '!=', 1) });
    const found = await adapterFor().find(q);
    expect(found.map((r) => r.id)).toEqual(['first', 'last']);
    expect(server.requests.length).toBeGreaterThan(1);
    const terms: string[] = [];
    for (const req of server.requests) {
      // The whole URL as Dataverse would see it (scheme, host and port included).
      expect(`${server.baseUrl}${req.target}`.length).toBeLessThanOrEqual(32_768);
      const filter = req.params['$filter']!;
      expect(filter.endsWith(') and statecode ne 1')).toBe(true);
      terms.push(...filter.slice(1, -') and statecode ne 1'.length).split(' or '));
      expect(req.params['$top']).toBe('10');
    }
    const expected = ['telephone1', 'mobilephone'].flatMap((f) => manyVariants.map((v) => `${f} eq '${v}'`));
    expect(terms.sort()).toEqual(expected.sort());
  });

  it('keeps the URL under a smaller maxUrlLength, merging answers in order and within limit', async () => {
    server.setRecords({
      contact: Array.from({ length: 12 }, (_, i) => ({ id: `c${String(i).padStart(2, '0')}`, fullname: `Name ${String(11 - i).padStart(2, '0')}`, telephone1: manyVariants[i * 20] })),
    });
    const found = await adapterFor({ maxUrlLength: 2_000 }).find(query({ phoneFields: ['telephone1'], variants: manyVariants.slice(0, 240), limit: 5 }));
    expect(found.map((r) => r.name)).toEqual(['Name 00', 'Name 01', 'Name 02', 'Name 03', 'Name 04']);
    expect(server.requests.length).toBeGreaterThan(5);
  });

  it('a single term that cannot fit is lookup_request_too_long, before any request', async () => {
    const err = await adapterFor({ maxUrlLength: 400 }).find(query({ filter: cmp('new_note', '=', 'x'.repeat(500)) })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'lookup_request_too_long', entity: 'contact' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('Dataverse adapter: hostile options and queries are typed errors', () => {
  it('options with throwing getters, wrong types, or timers too long for setTimeout', async () => {
    const throwing = new Proxy({ baseUrl: server.baseUrl, getToken: async () => 't' }, {
      get(target, key) {
        if (key === 'timeoutMs') throw new Error('trap');
        return Reflect.get(target, key);
      },
    });
    expect(() => createDataverseLookup(throwing)).toThrowError(expect.objectContaining({ code: 'lookup_bad_option' }));
    expect(() => createDataverseLookup({ baseUrl: { toString: 1 } as never, getToken: async () => '' })).toThrowError(expect.objectContaining({ code: 'lookup_bad_option' }));
    expect(() => createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => '', apiVersion: '9.2/../x' })).toThrowError(expect.objectContaining({ code: 'lookup_bad_option' }));
    expect(() => createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => '', sleep: 5 as never })).toThrowError(expect.objectContaining({ code: 'lookup_bad_option' }));
    // A timeout past 2^31-1 ms would make setTimeout fire at once; it means "no timeout" instead.
    expect((await adapterFor({ timeoutMs: 1e12, retryBudgetMs: Number.POSITIVE_INFINITY }).find(query())).map((r) => r.id)).toEqual(LONDON);
  });

  it('a query whose getters throw is lookup_bad_option', async () => {
    const q = new Proxy(query(), {
      get(target, key) {
        if (key === 'displayField') throw new Error('trap');
        return Reflect.get(target, key);
      },
    });
    await expect(adapterFor().find(q)).rejects.toMatchObject({ code: 'lookup_bad_option' });
    await expect(adapterFor().find(query({ variants: [{ toString: 1 }] as never }))).rejects.toMatchObject({ code: 'lookup_bad_option' });
    await expect(adapterFor().find(query(), 'stop' as never)).rejects.toMatchObject({ code: 'lookup_bad_option' });
  });
});
