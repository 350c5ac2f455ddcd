import type { Metadata } from "next";
import { ApiReferenceLoader } from "@/components/docs/api-reference-loader";

export const metadata: Metadata = { title: "Interactive console · Fleet" };

/** Scalar's console for /v1/openapi.json: a page of its own, loaded only by those who open it. */
export default function ConsolePage() {
  return <ApiReferenceLoader />;
}
