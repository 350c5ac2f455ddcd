import type { ClusterStatus } from "@fleet/schema";
import type { VariantProps } from "class-variance-authority";
import { Badge, type badgeVariants } from "@/components/ui/badge";

const VARIANT: Record<ClusterStatus, VariantProps<typeof badgeVariants>["variant"]> = {
  running: "success",
  starting: "info",
  pending: "info",
  stopping: "warning",
  stopped: "muted",
  error: "danger",
};

export function StatusBadge({ status }: { status: ClusterStatus }) {
  return (
    <Badge variant={VARIANT[status]}>
      <span aria-hidden className="size-1.5 rounded-full bg-current" />
      {status}
    </Badge>
  );
}
