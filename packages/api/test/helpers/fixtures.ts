// Rows a test inserts itself: accounts, projects, templates, keys and clusters with chosen values.
import { randomBytes } from "node:crypto";
import { type Db, generateApiKey } from "@fleet/db";

let counter = 0;
const uid = (prefix: string) => `${prefix}_${(++counter).toString(36)}${randomBytes(4).toString("hex")}`;

export async function createAccount(db: Db, opts: { projects?: number; templates?: number } = {}) {
  const id = uid("acc");
  await db.account.create({ data: { id, name: `Account ${id}` } });
  const projects: string[] = [];
  for (let i = 0; i < (opts.projects ?? 2); i++) {
    const project = await db.project.create({
      data: { id: uid("prj"), accountId: id, name: `Project ${i}` },
    });
    projects.push(project.id);
  }
  const templates: string[] = [];
  for (let i = 0; i < (opts.templates ?? 1); i++) {
    const template = await db.template.create({
      data: { id: uid("tpl"), accountId: id, name: `Template ${i}` },
    });
    templates.push(template.id);
  }
  return { id, projects, templates };
}

export interface KeyOptions {
  scopes?: string[];
  projectIds?: string[];
  expiresAt?: Date | null;
  revokedAt?: Date | null;
}

export async function createKey(db: Db, accountId: string, opts: KeyOptions = {}) {
  const key = generateApiKey();
  await db.apiKey.create({
    data: {
      id: key.id,
      accountId,
      name: "test key",
      prefix: key.prefix,
      secretHash: key.secretHash,
      scopes: opts.scopes ?? ["clusters:read"],
      projectIds: opts.projectIds ?? [],
      expiresAt: opts.expiresAt ?? null,
      revokedAt: opts.revokedAt ?? null,
    },
  });
  return key;
}

export interface ClusterOptions {
  id?: string;
  name?: string;
  description?: string | null;
  status?: string;
  gpuType?: string;
  gpuCount?: number;
  region?: string;
  projectId: string;
  templateId?: string | null;
  hourlyRateCents?: number;
  totalCostCents?: bigint;
  createdAt?: Date;
  sshEnabled?: boolean;
  metrics?: boolean;
  expiresAt?: Date | null;
}

export async function createCluster(db: Db, accountId: string, opts: ClusterOptions) {
  const id = opts.id ?? uid("cl");
  const name = opts.name ?? `cluster ${id}`;
  const ssh = opts.sshEnabled ?? true;
  const running = (opts.status ?? "running") === "running";
  const withMetrics = opts.metrics ?? running;
  await db.cluster.create({
    data: {
      id,
      accountId,
      projectId: opts.projectId,
      templateId: opts.templateId ?? null,
      name,
      nameLower: name.toLowerCase(),
      description: opts.description === undefined ? "a test cluster" : opts.description,
      status: opts.status ?? "running",
      gpuType: opts.gpuType ?? "A100",
      gpuCount: opts.gpuCount ?? 1,
      cpuCores: 8,
      memoryGb: 64,
      storageGb: 500,
      region: opts.region ?? "us-east-1",
      sshEnabled: ssh,
      sshHost: ssh ? "ssh.us-east-1.example.net" : null,
      sshPort: ssh ? 22022 : null,
      sshUsername: ssh ? "ubuntu" : null,
      portMappings: [
        {
          internal_port: 8888,
          external_port: 30888,
          protocol: "https",
          description: "Jupyter",
          url: "https://j.example.net",
        },
        { internal_port: 6006, external_port: 30606, protocol: "tcp" },
      ],
      proxyUrl: null,
      hourlyRateCents: opts.hourlyRateCents ?? 129,
      totalCostCents: opts.totalCostCents ?? 123456n,
      gpuUtilization: withMetrics ? 42.5 : null,
      gpuMemoryUtilization: withMetrics ? 10 : null,
      cpuUtilization: withMetrics ? 99.5 : null,
      memoryUtilization: withMetrics ? 0 : null,
      metricsUpdatedAt: withMetrics ? new Date("2026-11-01T10:00:00.000Z") : null,
      createdAt: opts.createdAt ?? new Date(),
      expiresAt: opts.expiresAt ?? null,
    },
  });
  return id;
}
