// Examples for the OpenAPI document, in the demo generator's vocabulary (packages/db/src/seed), so
// a reference page's sample answer reads like a real fleet's.
import { type Cluster, ERRORS, type ErrorCode, type Problem } from "@fleet/schema";
import { PROBLEM_PAGES_PATH, problemSlug, problemTypeOf } from "../rest/problem-pages.ts";

export const clusterExample = {
  id: "cl_7k2mQ9xR4tLp8v",
  name: "llm-finetune-h100-07",
  description: "Fine-tuning a 70B chat model on support transcripts",
  status: "running",
  gpu_type: "H100",
  gpu_count: 8,
  cpu_cores: 208,
  memory_gb: 1800,
  storage_gb: 4000,
  region: "us-east-1",
  project_id: "prj_3fN8wKq2LmZ7xA",
  template_id: "tpl_pytorch24cu124",
  ssh_enabled: true,
  port_mappings: [
    {
      internal_port: 8888,
      external_port: 30888,
      protocol: "http",
      description: "Jupyter Lab",
      url: "https://cl-7k2mq9xr4tlp8v-8888.proxy.fleet.dev",
    },
  ],
  proxy_url: "https://cl-7k2mq9xr4tlp8v.proxy.fleet.dev",
  ssh_connection: {
    host: "ssh.us-east-1.fleet.dev",
    port: 2222,
    username: "ubuntu",
    connection_string: "ssh -p 2222 ubuntu@ssh.us-east-1.fleet.dev",
  },
  metrics: {
    gpu_utilization: 87.5,
    gpu_memory_utilization: 71.2,
    cpu_utilization: 34.8,
    memory_utilization: 52.1,
    updated_at: "2026-12-08T09:41:00Z",
  },
  cost: { hourly_rate: 25.6, total_cost: 1843.2, currency: "USD" },
  created_at: "2026-12-05T09:41:00Z",
  updated_at: "2026-12-08T09:41:00Z",
  expires_at: null,
} satisfies Cluster;

const EXAMPLE_DETAILS: Record<ErrorCode, string> = {
  VALIDATION_ERROR: "1 parameter is invalid: status.",
  UNAUTHORIZED: "The API key is unknown, expired or revoked.",
  FORBIDDEN: "This API key lacks the clusters:read scope.",
  NOT_FOUND: "No resource at /v1/cluster.",
  METHOD_NOT_ALLOWED: "This resource answers GET and HEAD only.",
  REVISION_EXPIRED:
    "This revision is older than the change log's retention: list again, then watch from the list's revision.",
  RATE_LIMIT_EXCEEDED: "Rate limit of 600 requests per minute exceeded; retry in 42 s.",
  INTERNAL_ERROR: "An unexpected error occurred.",
  SERVICE_UNAVAILABLE: "The database is unreachable; retry shortly.",
};

/** A problem answer of `code` as the API writes it. */
export function problemExample(code: ErrorCode): Problem {
  const { status, title } = ERRORS[code];
  return {
    type: problemTypeOf(code),
    title,
    status,
    detail: EXAMPLE_DETAILS[code],
    code,
    request_id: "6f1c2a9e-4b7d-4e3a-9f20-8d5b1c0e7a44",
    documentation_url: `http://127.0.0.1:3001${PROBLEM_PAGES_PATH}/${problemSlug(code)}`,
    ...(code === "VALIDATION_ERROR"
      ? {
          errors: [
            {
              param: "status",
              message:
                'value "RUNNING" must be one of running, stopped, starting, stopping, error, pending (did you mean running?)',
            },
          ],
        }
      : {}),
  };
}
