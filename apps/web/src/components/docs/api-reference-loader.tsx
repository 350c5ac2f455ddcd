"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

// Scalar is a large browser-only bundle: load it after the page's own content, on this route only.
export const ApiReferenceLoader = dynamic(() => import("./api-reference"), {
  ssr: false,
  loading: () => <Skeleton className="h-96 w-full" />,
});
