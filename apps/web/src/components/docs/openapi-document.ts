// The parts of the served OpenAPI 3.1 document the reference page renders, as plain JSON types: the
// document is exactly what /v1/openapi.json serves (openApiDocumentJson), read on the server.
import { openApiDocumentJson } from "@fleet/api";

export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: unknown;
  description?: string;
  examples?: unknown[];
}

export interface Parameter {
  name: string;
  in: string;
  description?: string;
  required?: boolean;
  schema?: Schema;
}

export interface Header {
  description?: string;
  required?: boolean;
  schema?: Schema;
}

export interface MediaType {
  schema?: Schema;
  examples?: Record<string, { summary?: string; value: unknown }>;
}

export interface ApiResponse {
  description: string;
  headers?: Record<string, Header>;
  content?: Record<string, MediaType>;
}

export interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: Parameter[];
  responses: Record<string, ApiResponse>;
}

export interface ApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export const HTTP_METHODS = ["get", "head", "post", "put", "patch", "delete"] as const;

/** The document the API serves at /v1/openapi.json (the API makes its text once per process). */
export const apiDocument = (): ApiDocument => JSON.parse(openApiDocumentJson()) as ApiDocument;
