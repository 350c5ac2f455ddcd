// Rows the suites insert themselves (accounts, projects, templates, keys, clusters), so every expected
// answer is computed from known rows.
import { randomBytes } from "node:crypto";
import { type Db, generateApiKey } from "@fleet/db";

const uid = (prefix: string) => `${prefix}_${randomBytes(6).toString("hex")}`;

export interface TestAccount {
  id: string;
  projects: string[];
  templates: string[];
}

export async function createAccount(db: Db, projects = 2, templates = 1): Promise<TestAccount> {
  const id = uid("acc");
  await db.account.create({ data: { id, name: `Account ${id}` } });
  const account: TestAccount = { id, projects: [], templates: [] };
  for (let i = 0; i < projects; i++) {
    const project = await db.project.create({
      data: { id: uid("prj"), accountId: id, name: `Project ${i}` },
    });
    account.projects.push(project.id);
  }
  for (let i = 0; i < templates; i++) {
    const template = await db.template.create({
      data: { id: uid("tpl"), accountId: id, name: `Template ${i}` },
    });
    account.templates.push(template.id);
  }
  return account;
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
      name: "reliability key",
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

export interface ClusterSpec {
  id?: string;
  name: string;
  description: string | null;
  status: string;
  gpuType: string;
  gpuCount: number;
  region: string;
  projectId: string;
  templateId: string | null;
  hourlyRateCents: number;
  createdAt: Date;
}

export async function insertClusters(db: Db, accountId: string, specs: ClusterSpec[]): Promise<void> {
  await db.cluster.createMany({
    data: specs.map((s) => ({
      id: s.id ?? uid("cl"),
      accountId,
      projectId: s.projectId,
      templateId: s.templateId,
      name: s.name,
      nameLower: s.name.toLowerCase(),
      description: s.description,
      status: s.status,
      gpuType: s.gpuType,
      gpuCount: s.gpuCount,
      cpuCores: 8,
      memoryGb: 64,
      storageGb: 500,
      region: s.region,
      sshEnabled: false,
      portMappings: [],
      hourlyRateCents: s.hourlyRateCents,
      totalCostCents: 0n,
      createdAt: s.createdAt,
    })),
  });
}
