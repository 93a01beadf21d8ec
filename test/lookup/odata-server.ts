/**
 * A tiny Dataverse Web API stand-in on 127.0.0.1 for the Dataverse adapter's
 * tests: it parses `$filter` with a real OData parser (@odata/parser) and
 * evaluates the tree over fixture records, honours `$select`, `$orderby` and
 * `$top`, checks the bearer token, and can be scripted to fail (status codes,
 * `Retry-After`, delays, bad bodies).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultParser } from '@odata/parser';
import { entitySetName } from '../../src/lookup/dataverse.js';

type Row = Record<string, unknown>;

/** One scripted answer, used instead of the real one for the next request. */
export interface Fault {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Wait this long before answering (to test timeouts). */
  readonly delayMs?: number;
  /** Never answer (the connection stays open until the client gives up or the server closes). */
  readonly hang?: boolean;
  /** Send the status, headers and this much of the body, then destroy the connection (a reset mid-body). */
  readonly resetAfter?: string;
  /** Send the body in pieces, this long apart (a slow body). */
  readonly chunks?: readonly string[];
  readonly chunkDelayMs?: number;
  /** Stream this many bytes of filler as the body (e.g. a 50 MB error page), as fast as the client reads. */
  readonly bodyBytes?: number;
}

export interface RequestLog {
  /** The request target as sent (path and query, still percent-encoded). */
  readonly target: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly authorization: string | undefined;
}

export interface ODataServer {
  readonly baseUrl: string;
  readonly token: string;
  readonly requests: RequestLog[];
  /** Requests being answered now, the most at once since the last reset, and filler bytes written by `bodyBytes` faults. */
  readonly stats: { inFlight: number; maxInFlight: number; fillerBytesWritten: number };
  /** Delay of every normal answer (to keep requests in flight). Default 0. */
  setLatency(ms: number): void;
  /** Replaces the data: entity logical name → rows with `id` (served as `<entity>id`). */
  setRecords(records: Readonly<Record<string, ReadonlyArray<Readonly<Row>>>>): void;
  /** Queues faults answered, in order, before normal answers resume. */
  script(...faults: Fault[]): void;
  reset(): void;
  close(): Promise<void>;
}

interface Node {
  readonly type: string;
  readonly raw: string;
  readonly value: unknown;
}

class FilterError extends Error {}

function literal(node: Node): unknown {
  if (node.value === null || node.raw === 'null') return null;
  if (node.value === 'Edm.String') return node.raw.slice(1, -1).replace(/''/g, "'");
  if (node.value === 'Edm.Boolean') return node.raw === 'true';
  if (typeof node.value === 'string' && /^Edm\.(?:S?Byte|Int\d+|Decimal|Double|Single)$/.test(node.value)) return Number(node.raw);
  throw new FilterError(`unsupported literal ${node.raw}`);
}

function property(node: Node): string {
  if (node.type === 'ODataIdentifier') return node.raw;
  if (node.type === 'FirstMemberExpression' || node.type === 'MemberExpression' || node.type === 'PropertyPathExpression') {
    return property(node.value as Node);
  }
  throw new FilterError(`unsupported property ${node.type}`);
}

/** Dataverse compares strings case-insensitively. */
function cmp(a: unknown, b: unknown): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw new FilterError(`type mismatch: ${typeof a} vs ${typeof b}`);
}

function evaluate(node: Node, row: Row): unknown {
  const pair = node.value as { left: Node; right: Node };
  switch (node.type) {
    case 'CommonExpression':
    case 'BoolParenExpression':
    case 'ParenExpression':
      return evaluate(node.value as Node, row);
    case 'AndExpression':
      return evaluate(pair.left, row) === true && evaluate(pair.right, row) === true;
    case 'OrExpression':
      return evaluate(pair.left, row) === true || evaluate(pair.right, row) === true;
    case 'NotExpression':
      return evaluate(node.value as Node, row) !== true;
    case 'Literal':
      return literal(node);
    case 'FirstMemberExpression':
    case 'MemberExpression':
    case 'PropertyPathExpression':
    case 'ODataIdentifier':
      return row[property(node)] ?? null;
    case 'EqualsExpression':
    case 'NotEqualsExpression': {
      const a = evaluate(pair.left, row);
      const b = evaluate(pair.right, row);
      const eq = a === null || b === null ? a === b : cmp(a, b) === 0;
      return node.type === 'EqualsExpression' ? eq : !eq;
    }
    case 'LesserThanExpression':
    case 'LesserOrEqualsExpression':
    case 'GreaterThanExpression':
    case 'GreaterOrEqualsExpression': {
      const c = cmp(evaluate(pair.left, row), evaluate(pair.right, row));
      if (c === undefined) return false;
      if (node.type === 'LesserThanExpression') return c < 0;
      if (node.type === 'LesserOrEqualsExpression') return c <= 0;
      if (node.type === 'GreaterThanExpression') return c > 0;
      return c >= 0;
    }
    case 'MethodCallExpression': {
      const call = node.value as { method: string; parameters: Node[] };
      const [f, s] = call.parameters.map((p) => evaluate(p, row));
      if (call.method === 'endswith') return typeof f === 'string' && typeof s === 'string' && f.toLowerCase().endsWith(s.toLowerCase());
      if (call.method === 'startswith') return typeof f === 'string' && typeof s === 'string' && f.toLowerCase().startsWith(s.toLowerCase());
      if (call.method === 'contains') return typeof f === 'string' && typeof s === 'string' && f.toLowerCase().includes(s.toLowerCase());
      throw new FilterError(`unsupported method ${call.method}`);
    }
    default:
      throw new FilterError(`unsupported expression ${node.type}`);
  }
}

function odataError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: '0x80060888', message } }));
}

export async function startODataServer(): Promise<ODataServer> {
  const token = 'test-token';
  const sets = new Map<string, { entity: string; rows: Row[] }>();
  let faults: Fault[] = [];
  const requests: RequestLog[] = [];
  const stats = { inFlight: 0, maxInFlight: 0, fillerBytesWritten: 0 };
  let latencyMs = 0;
  const parsed = new Map<string, Node>();
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = Object.fromEntries(url.searchParams);
    requests.push({ target: req.url ?? '', path: url.pathname, params, authorization: req.headers.authorization });
    const fault = faults.shift();
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (res.destroyed) return;
      if (fault.hang) {
        await new Promise<void>((r) => res.on('close', () => r()));
        return;
      }
      const head = { 'content-type': 'application/json', ...fault.headers };
      if (fault.resetAfter !== undefined) {
        res.writeHead(fault.status ?? 200, head);
        res.write(fault.resetAfter);
        await sleep(20);
        res.destroy();
        return;
      }
      if (fault.chunks !== undefined) {
        res.writeHead(fault.status ?? 200, head);
        for (const c of fault.chunks) {
          if (res.destroyed) return;
          res.write(c);
          await sleep(fault.chunkDelayMs ?? 10);
        }
        res.end();
        return;
      }
      if (fault.bodyBytes !== undefined) {
        res.writeHead(fault.status ?? 500, { 'content-type': 'text/html', ...fault.headers });
        const piece = Buffer.alloc(64 * 1024, 'x');
        let left = fault.bodyBytes;
        let wake: (() => void) | undefined;
        const onWake = (): void => wake?.();
        res.on('drain', onWake);
        res.on('close', onWake);
        while (left > 0 && !res.destroyed) {
          const n = Math.min(left, piece.length);
          left -= n;
          stats.fillerBytesWritten += n;
          if (!res.write(n === piece.length ? piece : piece.subarray(0, n))) {
            await new Promise<void>((r) => (wake = r));
          }
        }
        if (!res.destroyed) res.end();
        return;
      }
      if (fault.status !== undefined || fault.body !== undefined) {
        res.writeHead(fault.status ?? 200, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ error: { message: `scripted ${fault.status}` } }));
        return;
      }
    }
    if (latencyMs > 0) await sleep(latencyMs);
    if (res.destroyed) return;
    if (req.headers.authorization !== `Bearer ${token}`) return odataError(res, 401, 'bad token');
    const m = /^\/api\/data\/v9\.2\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(url.pathname);
    const set = m ? sets.get(m[1] as string) : undefined;
    if (!set) return odataError(res, 404, `Resource not found for the segment '${url.pathname}'.`);
    let rows = set.rows;
    const filter = params['$filter'];
    if (filter !== undefined) {
      let tree = parsed.get(filter);
      if (tree === undefined) {
        try {
          tree = defaultParser.filter(filter) as unknown as Node;
        } catch (e) {
          return odataError(res, 400, `Syntax error in $filter: ${(e as Error).message}`);
        }
        // The parser takes milliseconds; a burst repeats the same filters.
        if (parsed.size > 1000) parsed.clear();
        parsed.set(filter, tree);
      }
      try {
        rows = rows.filter((row) => evaluate(tree, row) === true);
      } catch (e) {
        return odataError(res, 400, (e as Error).message);
      }
    }
    const orderby = params['$orderby'];
    if (orderby) {
      const keys = orderby.split(',').map((k) => {
        const [field, dir] = k.trim().split(/\s+/);
        return { field: field as string, desc: dir === 'desc' };
      });
      rows = [...rows].sort((a, b) => {
        for (const k of keys) {
          const x = String(a[k.field] ?? '');
          const y = String(b[k.field] ?? '');
          const c = x.localeCompare(y, 'en', { sensitivity: 'base', numeric: true });
          if (c !== 0) return k.desc ? -c : c;
        }
        return 0;
      });
    }
    const top = params['$top'];
    if (top !== undefined) rows = rows.slice(0, Number(top));
    const select = params['$select']?.split(',');
    const value = rows.map((row) => (select ? Object.fromEntries(select.filter((f) => f in row).map((f) => [f, row[f]])) : row));
    res.writeHead(200, { 'content-type': 'application/json; odata.metadata=minimal' });
    res.end(JSON.stringify({ '@odata.context': `${url.origin}/$metadata#${m?.[1]}`, value }));
  };

  // Dataverse takes URLs up to 32,768 characters; Node's default header limit is 16 KB.
  const server: Server = createServer({ maxHeaderSize: 128 * 1024 }, (req, res) => {
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.on('close', () => stats.inFlight--);
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) odataError(res, 500, String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    token,
    requests,
    stats,
    setLatency(ms) {
      latencyMs = ms;
    },
    setRecords(records) {
      sets.clear();
      for (const [entity, rows] of Object.entries(records)) {
        sets.set(entitySetName(entity), {
          entity,
          rows: rows.map(({ id, ...rest }) => ({ [`${entity}id`]: id, ...rest })),
        });
      }
    },
    script(...more) {
      faults.push(...more);
    },
    reset() {
      faults = [];
      requests.length = 0;
      latencyMs = 0;
      stats.maxInFlight = stats.inFlight;
      stats.fillerBytesWritten = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
