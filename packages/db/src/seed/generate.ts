// The deterministic fleet generator: a seed string in, the same accounts, projects, templates
// and clusters out, every time. Each account's clusters come from their own PRNG stream, so they
// can be streamed account by account without holding the fleet in memory.
import {
  ACCOUNT_NAME_PARTS,
  CLOUD_DOMAIN,
  DESCRIPTIONS,
  GPU_MIX,
  GPU_SPECS,
  PORT_SERVICES,
  PROJECT_NAMES,
  REGION_MIX,
  SSH_USERS,
  STATUS_MIX,
  STORAGE_GB_MIX,
  TEMPLATES,
} from "./catalog.ts";
import { Rng, weighted } from "./prng.ts";
import type { AccountRow, ClusterRow, PortMappingValue, ProjectRow, TemplateRow } from "./rows.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TWO_YEARS = 730 * DAY;
/** Share of all clusters owned by the single large account. */
export const LARGE_ACCOUNT_SHARE = 0.2;

const pickGpu = weighted(GPU_MIX);
const pickStatus = weighted(STATUS_MIX);
const pickRegion = weighted(REGION_MIX);
const pickStorage = weighted(STORAGE_GB_MIX);
const pickSshUser = weighted(SSH_USERS);
const pickPortCount = weighted([
  [0, 25],
  [1, 35],
  [2, 25],
  [3, 10],
  [4, 5],
] as const);
export const gpuCountPickers = Object.fromEntries(
  Object.entries(GPU_SPECS).map(([gpu, spec]) => [gpu, weighted(spec.gpuCounts)]),
) as Record<keyof typeof GPU_SPECS, (rng: Rng) => number>;

export interface AccountPlan {
  account: AccountRow;
  projects: ProjectRow[];
  templates: TemplateRow[];
  clusterCount: number;
  /** Seed of this account's own cluster stream. */
  streamSeed: string;
}

export interface AccountSpec {
  id: string;
  name: string;
  projectCount: number;
  templateCount: number;
  clusterCount: number;
  streamSeed: string;
}

/** Split `total` clusters over `accounts`: one holds LARGE_ACCOUNT_SHARE, the rest follow a gentle power law. */
export function allocateClusters(total: number, accounts: number, rng: Rng): number[] {
  if (accounts === 1) return [total];
  const others = Array.from({ length: accounts - 1 }, (_, i) => (0.7 + 0.6 * rng.next()) / (i + 1) ** 0.6);
  const otherSum = others.reduce((a, b) => a + b, 0);
  const rest = others.map((w) => ((1 - LARGE_ACCOUNT_SHARE) * w) / otherSum);
  // With enough accounts, no other account gets more than half the large one's share, so it stands out.
  if ((1 - LARGE_ACCOUNT_SHARE) / rest.length <= LARGE_ACCOUNT_SHARE / 2)
    capShares(rest, LARGE_ACCOUNT_SHARE / 2);
  const shares = [LARGE_ACCOUNT_SHARE, ...rest];
  // Largest-remainder rounding: the counts add up to exactly `total`.
  const exact = shares.map((share) => share * total);
  const counts = exact.map(Math.floor);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, i) => [value - Math.floor(value), i] as const)
    .sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (missing-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** Lowers shares above `cap` to it and hands the excess to the others, in proportion (in place). */
function capShares(shares: number[], cap: number): void {
  for (;;) {
    const excess = shares.reduce((sum, share) => sum + Math.max(0, share - cap), 0);
    if (excess <= 1e-12) return;
    const below = shares.reduce((sum, share) => sum + (share < cap ? share : 0), 0);
    for (let i = 0; i < shares.length; i++) {
      const share = shares[i] ?? 0;
      shares[i] = share >= cap ? cap : share + (excess * share) / below;
    }
  }
}

function accountNames(count: number, rng: Rng): string[] {
  const combos = ACCOUNT_NAME_PARTS.first.flatMap((a) => ACCOUNT_NAME_PARTS.second.map((b) => `${a} ${b}`));
  const shuffled = rng.sample(combos, combos.length);
  return Array.from({ length: count }, (_, i) => {
    const round = Math.floor(i / shuffled.length);
    const base = shuffled[i % shuffled.length] as string;
    return round === 0 ? base : `${base} ${round + 1}`;
  });
}

/** The account with its projects and templates, created a little over two years ago. */
export function buildAccount(spec: AccountSpec, rng: Rng, nowMs: number): AccountPlan {
  const createdMs = nowMs - TWO_YEARS - rng.int(1, 200) * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();
  const projects = rng
    .sample(PROJECT_NAMES, Math.min(spec.projectCount, PROJECT_NAMES.length))
    .map((name) => ({
      id: rng.id("prj"),
      account_id: spec.id,
      name,
      created_at: iso(createdMs + rng.int(0, 30 * DAY)),
    }));
  const templates = rng
    .sample(TEMPLATES, Math.min(spec.templateCount, TEMPLATES.length))
    .map(([name, description]) => ({
      id: rng.id("tpl"),
      account_id: spec.id,
      name,
      description,
      created_at: iso(createdMs + rng.int(0, 30 * DAY)),
    }));
  return {
    account: { id: spec.id, name: spec.name, created_at: iso(createdMs) },
    projects,
    templates,
    clusterCount: spec.clusterCount,
    streamSeed: spec.streamSeed,
  };
}

/** Accounts, projects and templates for a seed; clusters come later, account by account. */
export function planAccounts(options: {
  accounts: number;
  clusters: number;
  seed: string;
  now: Date;
}): AccountPlan[] {
  const rng = new Rng(`${options.seed}/accounts`);
  const counts = allocateClusters(options.clusters, options.accounts, rng);
  const names = accountNames(options.accounts, rng);
  return counts.map((clusterCount, i) => {
    // Bigger tenants organise their work into more projects.
    const projectCount = Math.min(
      PROJECT_NAMES.length,
      2 + Math.floor(Math.log10(clusterCount + 1) * 2) + rng.int(0, 2),
    );
    return buildAccount(
      {
        id: rng.id("acc"),
        name: names[i] as string,
        projectCount,
        templateCount: rng.int(3, 7),
        clusterCount,
        streamSeed: `${options.seed}/clusters/${i}`,
      },
      rng,
      options.now.getTime(),
    );
  });
}

const round1 = (value: number) => Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;

/** A utilization sample; about a third of running clusters sit idle or nearly so. */
export function metrics(rng: Rng) {
  const profile = rng.next();
  const gpu =
    profile < 0.2
      ? rng.next() * 3
      : profile < 0.35
        ? 3 + rng.next() * 27
        : profile < 0.6
          ? 30 + rng.next() * 40
          : 70 + rng.next() * 30;
  // An idle inference server still holds its model weights in GPU memory.
  const gpuMemory =
    gpu < 3 && rng.chance(0.5) ? 55 + rng.next() * 35 : gpu * (0.8 + rng.next() * 0.4) + rng.next() * 10;
  return {
    gpu: round1(gpu),
    gpuMemory: round1(gpuMemory),
    cpu: round1(5 + gpu * 0.5 * rng.next() + rng.next() * 20),
    memory: round1(15 + rng.next() * 70),
  };
}

function portMappings(rng: Rng, host: string): PortMappingValue[] {
  return rng.sample(PORT_SERVICES, pickPortCount(rng)).map((service) => {
    const external = rng.int(30000, 59999);
    const web = service.protocol === "http" || service.protocol === "https";
    return {
      internal_port: service.internalPort,
      external_port: external,
      protocol: service.protocol,
      description: service.description,
      url: web ? `${service.protocol}://${host}:${external}` : null,
    };
  });
}

/** Run-time hours as a share of the cluster's age, by status. */
const DUTY: Record<string, readonly [number, number]> = {
  running: [0.5, 1],
  stopped: [0.05, 0.7],
  error: [0.05, 0.5],
  stopping: [0.3, 0.9],
  starting: [0, 0.1],
  pending: [0, 0],
};

/** The clusters of one account, in a reproducible order. */
export function* generateClusters(plan: AccountPlan, nowMs: number): Generator<ClusterRow> {
  const rng = new Rng(plan.streamSeed);
  const iso = (ms: number) => new Date(ms).toISOString();
  const pickProject = weighted(plan.projects.map((p, i) => [p.id, 1 / (i + 1)] as const));
  const sequence = new Map<string, number>();
  for (let i = 0; i < plan.clusterCount; i++) {
    const id = rng.id("cl");
    const gpuType = pickGpu(rng);
    const spec = GPU_SPECS[gpuType];
    const gpuCount = gpuCountPickers[gpuType](rng);
    const workload = rng.pick(spec.workloads);
    const stem = `${workload}-${gpuType.toLowerCase()}`;
    const n = (sequence.get(stem) ?? 0) + 1;
    sequence.set(stem, n);
    const name = `${stem}-${String(n).padStart(2, "0")}`;
    const status = pickStatus(rng);
    const region = pickRegion(rng);
    const active = status === "pending" || status === "starting";

    // New clusters are pending/starting; the rest spread over two years, more of them recent.
    const createdMs = active
      ? nowMs - rng.int(60_000, 6 * HOUR)
      : nowMs - HOUR - Math.floor(TWO_YEARS * rng.next() ** 1.7);
    const ageMs = nowMs - createdMs;
    const updatedMs =
      status === "running" || active || status === "stopping"
        ? nowMs - Math.floor(Math.min(ageMs, 6 * HOUR) * rng.next())
        : createdMs + Math.floor(ageMs * rng.next());
    let expiresMs: number | null = null;
    if (rng.chance(0.2)) {
      expiresMs =
        status === "running" || active
          ? nowMs + rng.int(1, 60) * DAY + rng.int(0, 23) * HOUR
          : createdMs + rng.pick([7, 14, 30, 90]) * DAY;
    }

    const centsPerGpuHour = rng.int(spec.centsPerGpuHour[0], spec.centsPerGpuHour[1]);
    const hourlyRateCents = centsPerGpuHour * gpuCount;
    const [dutyMin, dutyMax] = DUTY[status] ?? [0, 0];
    const totalCostCents = Math.round(
      hourlyRateCents * (ageMs / HOUR) * (dutyMin + (dutyMax - dutyMin) * rng.next()),
    );

    const host = `${id.slice(3).toLowerCase()}.${region}.${CLOUD_DOMAIN}`;
    const sshEnabled = rng.chance(0.7);
    const mappings = portMappings(rng, host);
    const hasWeb = mappings.some((m) => m.url !== null);
    const proxyUrl = rng.chance(hasWeb ? 0.6 : 0.1)
      ? `https://${id.slice(3).toLowerCase()}.proxy.${CLOUD_DOMAIN}`
      : null;
    const sample = status === "running" ? metrics(rng) : null;
    const descriptions = DESCRIPTIONS[workload] ?? [];
    const description = rng.chance(0.7) && descriptions.length > 0 ? rng.pick(descriptions) : null;
    const templateId = plan.templates.length > 0 && rng.chance(0.75) ? rng.pick(plan.templates).id : null;

    yield {
      id,
      account_id: plan.account.id,
      project_id: pickProject(rng),
      template_id: templateId,
      name,
      name_lower: name.toLowerCase(),
      description,
      status,
      gpu_type: gpuType,
      gpu_count: gpuCount,
      cpu_cores: spec.cpuCoresPerGpu * gpuCount,
      memory_gb: spec.memoryGbPerGpu * gpuCount,
      storage_gb: pickStorage(rng),
      region,
      ssh_enabled: sshEnabled,
      ssh_host: sshEnabled ? `ssh.${region}.${CLOUD_DOMAIN}` : null,
      ssh_port: sshEnabled ? rng.int(20000, 29999) : null,
      ssh_username: sshEnabled ? pickSshUser(rng) : null,
      port_mappings: mappings,
      proxy_url: proxyUrl,
      hourly_rate_cents: hourlyRateCents,
      total_cost_cents: totalCostCents,
      gpu_utilization: sample?.gpu ?? null,
      gpu_memory_utilization: sample?.gpuMemory ?? null,
      cpu_utilization: sample?.cpu ?? null,
      memory_utilization: sample?.memory ?? null,
      metrics_updated_at: sample ? iso(nowMs - rng.int(5_000, 300_000)) : null,
      created_at: iso(createdMs),
      updated_at: iso(updatedMs),
      expires_at: expiresMs === null ? null : iso(expiresMs),
    };
  }
}
