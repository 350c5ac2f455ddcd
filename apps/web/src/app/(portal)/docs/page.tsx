import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { ApiReferenceDocument } from "@/components/docs/api-reference-document";
import { CodeBlock } from "@/components/docs/code-block";
import { Button } from "@/components/ui/button";
import { publicOrigin } from "@/server/http";
import { curlExamples } from "./examples";

export const metadata: Metadata = { title: "API reference · Fleet" };

/**
 * Quick-start examples against this very server, then the full reference rendered on the server from
 * the OpenAPI document; the interactive console (a large bundle) is a page of its own.
 */
export default async function DocsPage() {
  const base = publicOrigin(await headers());
  return (
    <div className="grid gap-8">
      <section className="grid gap-4">
        <div>
          <h1 className="text-xl font-semibold">API reference</h1>
          <p className="max-w-3xl text-sm text-muted-foreground">
            <code className="font-mono">GET /v1/clusters</code> lists the clusters your API key may see. Send
            the key as <code className="font-mono">Authorization: Bearer …</code>. The machine-readable
            document is{" "}
            <a className="underline underline-offset-2" href="/v1/openapi.json">
              /v1/openapi.json
            </a>
            .
          </p>
        </div>
        <div className="grid max-w-5xl gap-4">
          {curlExamples(base).map((example) => (
            <div key={example.title} className="grid content-start gap-2">
              <CodeBlock title={example.title} code={example.code} />
              <p className="text-xs text-muted-foreground">{example.note}</p>
            </div>
          ))}
        </div>
      </section>
      <section aria-label="OpenAPI reference">
        <ApiReferenceDocument />
      </section>
      <section
        aria-label="Interactive console"
        className="flex flex-wrap items-center gap-3 rounded-lg border p-4"
      >
        <Button variant="outline" asChild>
          <Link href="/docs/console">Open the interactive console</Link>
        </Button>
        <p className="text-sm text-muted-foreground">Send requests to this server with your API key.</p>
      </section>
    </div>
  );
}
