// 1,000 change streams on one apps/api, followed by one process of undici clients, while the
// simulator writes the account: delivery latency commit → client (probe writes), events per second
// delivered, the server's RSS per idle stream and at peak, and at the end, every stream's view
// against a fresh list of its filter. Bounded: opens, runs for `durationMs`, checks, closes
// everything, and removes what it made (keys, probe clusters).
import { createHash } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { DEFAULT_CHANGE_POLL_MS } from "@fleet/api";
import type { SimulationOptions, SimulationStats } from "@fleet/db/simulate";
import { WATCH_STREAMS_PER_KEY } from "@fleet/schema";
import pg from "pg";
import { Agent } from "undici";
import type { SizedAccount } from "./account-by-size.ts";
import { type Delivery, deliveryOf } from "./delivery-latency.ts";
import { EventLedger } from "./event-ledger.ts";
import { type FanoutFloorResult, measureFanoutFloor } from "./fanout-floor.ts";
import {
  createProbeClusters,
  deleteProbeClusters,
  type ProbeRun,
  type ProbeStats,
  startProbes,
} from "./probe-writer.ts";
import { cpuMs, rssKb, sampleRss } from "./process-usage.ts";
import { type SimulationProcess, startSimulationProcess } from "./simulation-process.ts";
import { StreamClient } from "./stream-client.ts";
import { changedBetween, compareView, type ViewDifference } from "./view-check.ts";
import { listView, type ViewList } from "./view-list.ts";
import { createWatchKeys, deleteWatchKeys } from "./watch-keys.ts";

export interface WatchersOptions {
  apiUrl: string;
  /** The apps/api process: its RSS and CPU time are read from /proc. */
  apiPid: number;
  databaseUrl: string;
  /** The account every stream follows and the simulator writes (watchers-account.ts). */
  account: SizedAccount;
  watchers: number;
  /** How long the writers run with every stream open (ms). */
  durationMs: number;
  /** The simulator's rates; its accounts and seed are set here. */
  simulation: SimulationOptions;
  /** The server's FLEET_WATCH_HEARTBEAT_MS: bounds the wait for every stream to catch up at the end. */
  heartbeatMs?: number;
  /** One probe write every this many ms. */
  probeEveryMs?: number;
  log?: (line: string) => void;
}

export interface FilterResult {
  name: string;
  query: string;
  watchers: number;
  /** Clusters in its list at the start and at the end. */
  startClusters: number;
  endClusters: number;
  /** Clusters whose membership or fields differ between the two lists. */
  changed: number;
  /** Change events each of its streams received (the same for all when none was lost). */
  eventsPerWatcher: number;
}

export interface WatchersResult {
  account: SizedAccount;
  watchers: number;
  /** Streams whose first open succeeded. */
  opened: number;
  keys: number;
  filters: FilterResult[];
  /** Failed opens (first opens and resumes) by cause: HTTP status or error code. */
  failedOpens: Record<string, number>;
  /** Streams the server ended while the run still wanted them (each resumed from its last id). */
  serverEnds: number;
  rss: {
    /** apps/api RSS before the streams opened and with them open and idle: median of readings, kB. */
    beforeKb: number;
    idleKb: number;
    perIdleWatcherKb: number;
    /** Highest apps/api RSS seen while this measurement ran. */
    peakMb: number;
  };
  /** Probe write COMMIT returned → event parsed by a client, ms, over every (probe, stream) arrival. */
  delivery: Delivery;
  /** The same streams' traffic through a bare server, measured after them (fanout-floor.ts). */
  floor: FanoutFloorResult;
  probes: ProbeStats & { arrivals: number; expectedArrivals: number; clusters: number; everyMs: number };
  live: {
    ms: number;
    /** Change events (upsert, remove) over all streams while the writers ran, per second. */
    eventsPerSecond: number;
    changeEvents: number;
    heartbeats: number;
    /** Distinct changes the streams carried. */
    distinctEvents: number;
    /** CPU of apps/api and of this process, in % of one core. */
    serverCpuPercent: number;
    clientCpuPercent: number;
    /** How late this process's timers ran (its own load shows in every latency figure). */
    clientLoopDelayP99Ms: number;
  };
  rates: SimulationOptions;
  simulation: SimulationStats;
  check: {
    /** Streams that received an id at or past their filter's final list before the deadline. */
    caughtUp: number;
    /** Streams whose view equals a fresh list of their filter, field for field. */
    viewsEqual: number;
    /** Clusters whose state in a stream's view differs from the fresh list, summed over streams. */
    lost: ViewDifference;
    /** Events a stream lacks (or has beyond) its filter's common sequence, summed over streams. */
    eventsMissing: number;
    eventsExtra: number;
    /** Change events whose id was not above every id before it on their stream. */
    repeated: number;
    /** Upserts whose payload differed from another stream's copy of the same event. */
    inconsistent: number;
    unknownEvents: number;
  };
}

/** Streams per key: under the limit, so a stream the server ended can resume while its lease is released. */
const STREAMS_PER_KEY = WATCH_STREAMS_PER_KEY - 2;
const OPEN_CONCURRENCY = 25;
const OPEN_ATTEMPTS = 3;
/** The word the search streams follow (most generated names carry it); the probe names carry it too. */
const SEARCH_TERM = "train";
const PROJECT_FILTERS = 4;
const RSS_READINGS = 5;
/** How long the fan-out floor runs (ms): its percentiles settle well before this. */
const FLOOR_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function rssReadings(pid: number): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < RSS_READINGS; i++) {
    readings.push(rssKb(pid));
    await sleep(400);
  }
  return median(readings);
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** Unfiltered, by status, by project (the account's largest), by a search term: a quarter each. */
async function watchedFilters(client: pg.Client, accountId: string) {
  const { rows } = await client.query<{ project_id: string }>(
    `SELECT project_id FROM clusters WHERE account_id = $1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT $2`,
    [accountId, PROJECT_FILTERS],
  );
  const projects = rows.map((r) => r.project_id);
  if (projects.length === 0) throw new Error(`account ${accountId} has no clusters to watch`);
  const filters = [
    { name: "unfiltered", query: "" },
    { name: "status=running", query: "status=running" },
    ...projects.map((p, k) => ({ name: `project ${k + 1}`, query: `project_id=${p}` })),
    { name: `search=${SEARCH_TERM}`, query: `search=${SEARCH_TERM}` },
  ];
  const projectFilter = (i: number) => 2 + (Math.floor(i / 4) % projects.length);
  const filterOf = (i: number) => [0, 1, projectFilter(i), filters.length - 1][i % 4] as number;
  return { projects, filters, filterOf };
}

/** Changes of the account after `position`, positioned or not yet. */
async function changesAfter(client: pg.Client, accountId: string, position: number): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cluster_changes
      WHERE account_id = $1 AND (position IS NULL OR position > $2)`,
    [accountId, position],
  );
  return rows[0]?.n ?? 0;
}

async function unpositioned(client: pg.Client, accountId: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM cluster_changes WHERE account_id = $1 AND position IS NULL",
    [accountId],
  );
  return rows[0]?.n ?? 0;
}

const sequenceKey = (events: Float64Array) =>
  createHash("sha1")
    .update(new Uint8Array(events.buffer, events.byteOffset, events.byteLength))
    .digest("hex");

export async function measureWatchers(opts: WatchersOptions): Promise<WatchersResult> {
  const log = opts.log ?? (() => {});
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const probeEveryMs = opts.probeEveryMs ?? 100;
  if (!Number.isInteger(opts.watchers) || opts.watchers < 1) {
    throw new RangeError(`watchers must be a positive integer, got ${opts.watchers}`);
  }
  if (!(opts.durationMs > 0)) throw new RangeError(`durationMs must be positive, got ${opts.durationMs}`);
  const db = new pg.Client({ connectionString: opts.databaseUrl, application_name: "fleet-bench-watchers" });
  await db.connect();
  // One connection per stream (bodies never time out: heartbeats and the run's end bound them).
  const streams = new Agent({ bodyTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 1_000 });
  const lists = new Agent({ connections: 4 });
  const rss = sampleRss(opts.apiPid);
  const ledger = new EventLedger();
  const clients: StreamClient[] = [];
  let probeIds: string[] = [];
  // Stopped in `finally` too: a run that fails midway must not leave writers behind for the next phase.
  let simulation: SimulationProcess | null = null;
  let probes: ProbeRun | null = null;
  try {
    const keys = await createWatchKeys(db, opts.account.id, Math.ceil(opts.watchers / STREAMS_PER_KEY));
    const listKey = (keys[0] as { secret: string }).secret;
    const { projects, filters, filterOf } = await watchedFilters(db, opts.account.id);

    // A change committed before the lists but not yet positioned would stand after their revision
    // while they hold it: the lists start once everything committed has its place.
    await until(
      async () => (await unpositioned(db, opts.account.id)) === 0,
      30_000,
      "every earlier change positioned",
    );
    // What each filter's clients list before they watch (nothing of the account is written meanwhile).
    const started: ViewList[] = [];
    for (const filter of filters) {
      started.push(
        await listView({ apiUrl: opts.apiUrl, apiKey: listKey, query: filter.query, dispatcher: lists }),
      );
    }
    const startPosition = Math.min(...started.map((l) => l.position));
    log(`listed ${filters.length} filters (${started.reduce((n, l) => n + l.pages, 0)} pages)`);

    await sleep(2_000);
    const beforeKb = await rssReadings(opts.apiPid);
    for (let i = 0; i < opts.watchers; i++) {
      const f = filterOf(i);
      const filter = filters[f] as (typeof filters)[number];
      const since = `since=${encodeURIComponent((started[f] as ViewList).revision)}`;
      const url = `${opts.apiUrl}/v1/clusters/watch?${filter.query ? `${filter.query}&` : ""}${since}`;
      const key = keys[Math.floor(i / STREAMS_PER_KEY)] as { secret: string };
      clients.push(new StreamClient(f, { url, apiKey: key.secret }, ledger, streams));
    }
    let opened = 0;
    for (let i = 0; i < clients.length; i += OPEN_CONCURRENCY) {
      const batch = clients.slice(i, i + OPEN_CONCURRENCY);
      const results = await Promise.all(batch.map((c) => c.start(OPEN_ATTEMPTS)));
      opened += results.filter(Boolean).length;
    }
    log(`opened ${opened} of ${clients.length} streams`);
    const during = await changesAfter(db, opts.account.id, startPosition);
    if (during > 0) {
      throw new Error(
        `the account was written while the streams opened (${during} changes): its lists are not where the streams started`,
      );
    }
    // Idle: only heartbeats. Let the opens' garbage be collected before reading.
    await sleep(3_000);
    const idleKb = await rssReadings(opts.apiPid);
    log(`apps/api RSS ${beforeKb} kB before, ${idleKb} kB with ${opened} idle streams`);

    const total = (pick: (c: StreamClient) => number) => clients.reduce((n, c) => n + pick(c), 0);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    simulation = await startSimulationProcess(opts.databaseUrl, {
      ...opts.simulation,
      accounts: [opts.account.id],
      seed: "bench-watchers",
    });
    // Made after the simulator loaded the account, so it never touches them.
    probeIds = await createProbeClusters(db, opts.account.id, projects, SEARCH_TERM);
    probes = startProbes(db, probeIds, probeEveryMs);
    loop.enable();
    const serverCpu0 = cpuMs(opts.apiPid);
    const clientCpu0 = process.cpuUsage();
    const changes0 = total((c) => c.changes);
    const heartbeats0 = total((c) => c.heartbeats);
    const liveStart = performance.now();
    log(
      `writing for ${opts.durationMs} ms: ${JSON.stringify(opts.simulation)}, a probe every ${probeEveryMs} ms`,
    );
    await sleep(opts.durationMs);
    const probeStats = await probes.stop();
    const simulationStats = await simulation.stop();
    const liveMs = performance.now() - liveStart;
    const changeEvents = total((c) => c.changes) - changes0;
    const heartbeats = total((c) => c.heartbeats) - heartbeats0;
    const serverCpu = cpuMs(opts.apiPid) - serverCpu0;
    const clientCpu = process.cpuUsage(clientCpu0);
    loop.disable();
    log(
      `${changeEvents} change events delivered in ${Math.round(liveMs)} ms; simulator committed ${simulationStats.committed}`,
    );

    // The end: every write positioned, then a fresh list of each filter, then every stream caught up with it.
    await until(
      async () => (await unpositioned(db, opts.account.id)) === 0,
      30_000,
      "every change positioned",
    );
    const ended: ViewList[] = [];
    for (const filter of filters) {
      ended.push(
        await listView({ apiUrl: opts.apiUrl, apiKey: listKey, query: filter.query, dispatcher: lists }),
      );
    }
    const endPosition = Math.min(...ended.map((l) => l.position));
    const caughtUpWith = (c: StreamClient) => c.lastId >= (ended[c.viewIndex] as ViewList).position;
    await until(
      () => clients.every(caughtUpWith),
      2 * heartbeatMs + 10_000,
      "every stream to catch up",
    ).catch((error: Error) => log(error.message));
    const caughtUp = clients.filter(caughtUpWith).length;
    const late = await changesAfter(db, opts.account.id, endPosition);
    if (late > 0) throw new Error(`the account was written after the writers stopped (${late} changes)`);
    await Promise.all(clients.map((c) => c.close()));
    log("the same traffic through a bare server (the fan-out floor)");
    const floor = await measureFanoutFloor({
      watchers: opened,
      durationMs: Math.min(opts.durationMs, FLOOR_MS),
      probeEveryMs,
      eventsPerSecondPerStream: (changeEvents * 1000) / liveMs / Math.max(1, opened),
      eventBytes: ledger.meanUpsertLength(),
      tickMs: DEFAULT_CHANGE_POLL_MS,
    });

    const check = checkViews(clients, started, ended, ledger);
    const perFilter = filters.map((filter, f): FilterResult => {
      const own = clients.filter((c) => c.viewIndex === f);
      return {
        ...filter,
        watchers: own.length,
        startClusters: (started[f] as ViewList).clusters.size,
        endClusters: (ended[f] as ViewList).clusters.size,
        changed: changedBetween((started[f] as ViewList).clusters, (ended[f] as ViewList).clusters).length,
        eventsPerWatcher: median(own.map((c) => c.changes)),
      };
    });

    const { delivery, arrivals } = deliveryOf(ledger, probes.committedAt);
    // Each probe write reaches every stream whose filter holds its cluster.
    const seeing = probeIds.map(
      (id) => clients.filter((c) => (ended[c.viewIndex] as ViewList).clusters.has(id)).length,
    );
    let expectedArrivals = 0;
    for (let n = 0; n < probeStats.written + probeStats.failed; n++) {
      if (probes.committedAt(n) !== undefined) expectedArrivals += seeing[n % probeIds.length] ?? 0;
    }

    const failedOpens: Record<string, number> = {};
    for (const c of clients) {
      for (const [cause, n] of Object.entries(c.failedOpens))
        failedOpens[cause] = (failedOpens[cause] ?? 0) + n;
    }
    return {
      account: opts.account,
      watchers: opts.watchers,
      opened,
      keys: keys.length,
      filters: perFilter,
      failedOpens,
      serverEnds: total((c) => c.serverEnds),
      rss: {
        beforeKb,
        idleKb,
        perIdleWatcherKb: round((idleKb - beforeKb) / Math.max(1, opened)),
        peakMb: Math.round(rss.peakKb() / 1024),
      },
      delivery,
      floor,
      probes: {
        ...probeStats,
        arrivals,
        expectedArrivals,
        clusters: probeIds.length,
        everyMs: probeEveryMs,
      },
      live: {
        ms: Math.round(liveMs),
        eventsPerSecond: Math.round(changeEvents / (liveMs / 1000)),
        changeEvents,
        heartbeats,
        distinctEvents: ledger.size,
        serverCpuPercent: Math.round((100 * serverCpu) / liveMs),
        clientCpuPercent: Math.round((100 * (clientCpu.user + clientCpu.system)) / 1000 / liveMs),
        clientLoopDelayP99Ms: round(loop.percentile(99) / 1e6, 2),
      },
      rates: opts.simulation,
      simulation: simulationStats,
      check: { caughtUp, ...check },
    };
  } finally {
    await probes?.stop().catch(() => {});
    await simulation?.stop().catch(() => {});
    rss.stop();
    await Promise.all(clients.map((c) => c.close()));
    if (probeIds.length > 0) await deleteProbeClusters(db, probeIds).catch(() => {});
    await deleteWatchKeys(db).catch(() => {});
    await db.end();
    await streams.destroy();
    await lists.close();
  }
}

/**
 * Every stream's view against its filter's fresh list, and its sequence of events against its
 * filter's common one: streams of one filter started from one revision, so each must have received
 * exactly the same changes. A sequence shared by several streams is checked once.
 */
function checkViews(clients: StreamClient[], started: ViewList[], ended: ViewList[], ledger: EventLedger) {
  const lost: ViewDifference = { missing: 0, stale: 0, extra: 0 };
  let viewsEqual = 0;
  let eventsMissing = 0;
  let eventsExtra = 0;
  for (const [f, start] of started.entries()) {
    const fresh = (ended[f] as ViewList).clusters;
    const changed = changedBetween(start.clusters, fresh);
    const groups = new Map<string, StreamClient[]>();
    for (const c of clients.filter((c) => c.viewIndex === f)) {
      const key = sequenceKey(c.events.values());
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const byShare = [...groups.values()].sort((a, b) => b.length - a.length);
    const common = new Set((byShare[0]?.[0] as StreamClient | undefined)?.events.values() ?? []);
    for (const group of byShare) {
      const events = (group[0] as StreamClient).events.values();
      const difference = compareView({ start: start.clusters, fresh, changed, events, ledger });
      const own = new Set(events);
      let missing = 0;
      for (const id of common) if (!own.has(id)) missing++;
      let extra = 0;
      for (const id of own) if (!common.has(id)) extra++;
      const n = group.length;
      lost.missing += n * difference.missing;
      lost.stale += n * difference.stale;
      lost.extra += n * difference.extra;
      eventsMissing += n * missing;
      eventsExtra += n * extra;
      if (difference.missing + difference.stale + difference.extra === 0) viewsEqual += n;
    }
  }
  const sum = (pick: (c: StreamClient) => number) => clients.reduce((n, c) => n + pick(c), 0);
  return {
    viewsEqual,
    lost,
    eventsMissing,
    eventsExtra,
    repeated: sum((c) => c.repeated),
    inconsistent: sum((c) => c.inconsistent),
    unknownEvents: sum((c) => c.unknown),
  };
}
