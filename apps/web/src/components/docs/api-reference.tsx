"use client";

import "@scalar/api-reference-react/style.css";
import { ApiReferenceReact } from "@scalar/api-reference-react";

/**
 * Scalar rendering of `/v1/openapi.json`, the document generated from the shared schemas. Everything
 * stays on this origin: no web fonts, no telemetry, no CORS proxy (the "try it" client calls /v1 directly).
 */
export default function ApiReference() {
  return (
    <ApiReferenceReact
      configuration={{
        url: "/v1/openapi.json",
        withDefaultFonts: false,
        telemetry: false,
        // The page's theme is the system's, and so is the console's.
        hideDarkModeToggle: true,
        hideClientButton: false,
        showDeveloperTools: "never",
        mcp: { disabled: true },
        agent: { disabled: true },
      }}
    />
  );
}
