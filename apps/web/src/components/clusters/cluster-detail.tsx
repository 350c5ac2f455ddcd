"use client";

import type { Cluster } from "@fleet/schema";
import { ExternalLinkIcon } from "lucide-react";
import type * as React from "react";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { formatCount, formatExact, formatLocal, formatUsd } from "@/lib/format";
import { CopyButton } from "./copy-button";
import { RelativeTime } from "./relative-time";
import { StatusBadge } from "./status-badge";
import { UtilizationBar } from "./utilization-bar";

type Props = {
  cluster: Cluster | undefined;
  projectName: string | undefined;
  templateName: string | undefined;
  onClose: () => void;
  returnFocus: () => void;
};

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="border-t pt-3">
      <h3 className="mb-1 text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

const Mono = ({ children }: { children: React.ReactNode }) => (
  <span className="font-mono text-xs">{children}</span>
);

/** Everything the API says about one cluster, in a side panel. */
export function ClusterDetail({ cluster, projectName, templateName, onClose, returnFocus }: Props) {
  return (
    <Sheet open={cluster !== undefined} onOpenChange={(open) => !open && onClose()}>
      <SheetContent
        aria-describedby={undefined}
        data-testid="cluster-detail"
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          returnFocus();
        }}
      >
        {cluster && (
          <>
            <SheetHeader>
              <SheetTitle className="flex items-center gap-2">
                <span className="truncate">{cluster.name}</span>
                <StatusBadge status={cluster.status} />
              </SheetTitle>
              <SheetDescription>
                <Mono>{cluster.id}</Mono>
                {cluster.description ? ` · ${cluster.description}` : ""}
              </SheetDescription>
            </SheetHeader>

            <Section title="Hardware">
              <dl>
                <Field label="GPUs">
                  {cluster.gpu_type} × {cluster.gpu_count}
                </Field>
                <Field label="CPU cores">{formatCount(cluster.cpu_cores)}</Field>
                <Field label="Memory">{formatCount(cluster.memory_gb)} GB</Field>
                <Field label="Storage">{formatCount(cluster.storage_gb)} GB</Field>
                <Field label="Region">{cluster.region}</Field>
              </dl>
            </Section>

            <Section title="Cost">
              <dl>
                <Field label="Hourly rate">{formatUsd(cluster.cost.hourly_rate)} / hr</Field>
                <Field label="Total so far">{formatUsd(cluster.cost.total_cost)}</Field>
                <Field label="Currency">{cluster.cost.currency}</Field>
              </dl>
            </Section>

            <Section title="Metrics">
              {cluster.metrics ? (
                <dl>
                  <Field label="GPU">
                    <UtilizationBar value={cluster.metrics.gpu_utilization} label="GPU utilization" />
                  </Field>
                  <Field label="GPU memory">
                    <UtilizationBar
                      value={cluster.metrics.gpu_memory_utilization}
                      label="GPU memory utilization"
                    />
                  </Field>
                  <Field label="CPU">
                    <UtilizationBar value={cluster.metrics.cpu_utilization} label="CPU utilization" />
                  </Field>
                  <Field label="Memory">
                    <UtilizationBar value={cluster.metrics.memory_utilization} label="Memory utilization" />
                  </Field>
                  <Field label="Sampled">
                    <RelativeTime iso={cluster.metrics.updated_at} />
                  </Field>
                </dl>
              ) : (
                <p className="text-sm text-muted-foreground">No metrics: the cluster is not running.</p>
              )}
            </Section>

            <Section title="Access">
              <dl>
                <Field label="SSH">
                  {cluster.ssh_connection ? (
                    <div className="flex flex-wrap items-center gap-2">
                      <code
                        className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs"
                        data-testid="ssh-command"
                      >
                        {cluster.ssh_connection.connection_string}
                      </code>
                      <CopyButton text={cluster.ssh_connection.connection_string} what="SSH command" />
                    </div>
                  ) : (
                    <span className="text-muted-foreground">disabled</span>
                  )}
                </Field>
                <Field label="Proxy URL">
                  {cluster.proxy_url ? (
                    <ExternalLink href={cluster.proxy_url}>{cluster.proxy_url}</ExternalLink>
                  ) : (
                    "—"
                  )}
                </Field>
              </dl>
              <h4 className="mt-2 text-xs font-medium text-muted-foreground">Port mappings</h4>
              {cluster.port_mappings.length === 0 ? (
                <p className="text-sm text-muted-foreground">None</p>
              ) : (
                <ul className="mt-1 divide-y rounded-md border text-sm" data-testid="port-mappings">
                  {cluster.port_mappings.map((mapping) => (
                    <li
                      key={`${mapping.internal_port}-${mapping.external_port}-${mapping.protocol}`}
                      className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2"
                    >
                      <Mono>
                        {mapping.internal_port} → {mapping.external_port}/{mapping.protocol}
                      </Mono>
                      <span className="text-muted-foreground">{mapping.description ?? ""}</span>
                      {mapping.url && (
                        <ExternalLink href={mapping.url} className="ml-auto">
                          {mapping.url}
                        </ExternalLink>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </Section>

            <Section title="Ownership and lifecycle">
              <dl>
                <Field label="Project">
                  {projectName ?? ""} <Mono>{cluster.project_id}</Mono>
                </Field>
                <Field label="Template">
                  {cluster.template_id ? (
                    <>
                      {templateName ?? ""} <Mono>{cluster.template_id}</Mono>
                    </>
                  ) : (
                    "—"
                  )}
                </Field>
                <Field label="Created">
                  <Instant iso={cluster.created_at} />
                </Field>
                <Field label="Updated">
                  <Instant iso={cluster.updated_at} />
                </Field>
                <Field label="Expires">
                  {cluster.expires_at ? <Instant iso={cluster.expires_at} /> : "never"}
                </Field>
              </dl>
            </Section>
          </>
        )}
      </SheetContent>
    </Sheet>
  );
}

function ExternalLink({
  href,
  children,
  className,
}: {
  href: string;
  children: React.ReactNode;
  className?: string;
}) {
  // Only http(s) URLs become links: a stored "javascript:" URL must never be clickable.
  if (!/^https?:\/\//i.test(href)) return <Mono>{children}</Mono>;
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className={`inline-flex items-center gap-1 break-all text-sky-700 underline-offset-2 hover:underline dark:text-sky-400 ${className ?? ""}`}
    >
      {children}
      <ExternalLinkIcon aria-hidden className="size-3 shrink-0" />
    </a>
  );
}

/** An instant in the viewer's time zone (named), and in UTC beneath. */
function Instant({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="grid">
      <span>{formatLocal(iso)}</span>
      <span className="text-xs text-muted-foreground">{formatExact(iso)}</span>
    </time>
  );
}
