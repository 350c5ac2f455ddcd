// The API reference, rendered on the server from the document the API serves: every operation with
// its parameters, responses, headers and examples, then the schemas. Readable at once, with no
// JavaScript; the interactive console (Scalar) loads only when asked for (try-it.tsx).
import { type ApiResponse, apiDocument, HTTP_METHODS, type Operation, type Schema } from "./openapi-document";
import { Prose } from "./prose";
import { refName, typeOf } from "./schema-type";

const anchor = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "-");

function Examples({ values }: { values: unknown[] | undefined }) {
  if (!values?.length) return null;
  return (
    <span className="block text-xs text-muted-foreground">
      e.g.{" "}
      {values.map((v, i) => (
        <code key={JSON.stringify(v)} className="font-mono">
          {i > 0 ? ", " : ""}
          {Array.isArray(v) ? v.join(",") : String(v)}
        </code>
      ))}
    </span>
  );
}

function TypeCell({ schema }: { schema: Schema | undefined }) {
  const type = typeOf(schema);
  const ref = schema?.$ref ?? schema?.items?.$ref;
  return (
    <td className="px-2 py-1.5 align-top font-mono text-xs">
      {ref ? <a href={`#schema-${refName(ref)}`}>{type}</a> : type}
      {schema?.default !== undefined && (
        <span className="block text-muted-foreground">default {JSON.stringify(schema.default)}</span>
      )}
    </td>
  );
}

/** A named, typed, described thing (a header, a schema's field): one row of a three-column table. */
function FieldRow({
  name,
  required,
  schema,
  description,
}: {
  name: string;
  required: boolean;
  schema: Schema | undefined;
  description: string | undefined;
}) {
  return (
    <tr>
      <td className="px-2 py-1.5 align-top font-mono text-xs">
        {name}
        {required ? "" : " (optional)"}
      </td>
      <TypeCell schema={schema} />
      <td className="px-2 py-1.5 align-top">
        <Prose text={description} />
      </td>
    </tr>
  );
}

function Table({ head, children }: { head: string[]; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded border">
      <table className="w-full text-left text-sm">
        <thead className="bg-muted/50 text-xs">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="px-2 py-1.5 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y">{children}</tbody>
      </table>
    </div>
  );
}

function Response({ status, response }: { status: string; response: ApiResponse }) {
  const headers = Object.entries(response.headers ?? {});
  const media = Object.entries(response.content ?? {});
  return (
    <div className="grid gap-2 border-l-2 pl-3">
      <h4 className="font-mono text-sm font-semibold">{status}</h4>
      <Prose text={response.description} className="text-sm" />
      {media.map(([type, content]) => (
        <p key={type} className="text-xs text-muted-foreground">
          <code className="font-mono">{type}</code>:{" "}
          <span className="font-mono">{typeOf(content.schema)}</span>
        </p>
      ))}
      {headers.length > 0 && (
        <details open={status.startsWith("2")} className="grid gap-2">
          <summary className="cursor-pointer text-xs text-muted-foreground">
            {headers.length} response header{headers.length === 1 ? "" : "s"}
          </summary>
          <Table head={["Header", "Type", "Description"]}>
            {headers.map(([name, header]) => (
              <FieldRow
                key={name}
                name={name}
                required={header.required === true}
                schema={header.schema}
                description={header.description}
              />
            ))}
          </Table>
        </details>
      )}
      {media.flatMap(([type, content]) =>
        Object.entries(content.examples ?? {}).map(([name, example]) => (
          <figure key={`${type}-${name}`} className="grid gap-1">
            <figcaption className="text-xs text-muted-foreground">
              Example{example.summary ? `: ${example.summary}` : ""}
            </figcaption>
            <pre
              // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable, so it takes focus and a keyboard scrolls it (axe: scrollable-region-focusable)
              tabIndex={0}
              className="max-h-96 overflow-auto rounded bg-zinc-950 p-3 font-mono text-xs text-zinc-100"
            >
              {JSON.stringify(example.value, null, 2)}
            </pre>
          </figure>
        )),
      )}
    </div>
  );
}

function OperationSection({
  method,
  path,
  operation,
}: {
  method: string;
  path: string;
  operation: Operation;
}) {
  const parameters = operation.parameters ?? [];
  return (
    <section id={anchor(operation.operationId)} className="grid gap-3 border-t pt-6">
      <h2 className="flex flex-wrap items-baseline gap-2 text-lg font-semibold">
        <span className="rounded bg-muted px-1.5 font-mono text-sm">{method.toUpperCase()}</span>
        <code className="font-mono">{path}</code>
        <span className="font-normal text-muted-foreground">{operation.summary}</span>
      </h2>
      <Prose text={operation.description} className="max-w-4xl text-sm" />
      <p className="text-xs text-muted-foreground">
        {operation.security && operation.security.length === 0
          ? "No authentication."
          : "Authorization: Bearer <API key>."}
      </p>
      {parameters.length > 0 && (
        <>
          <h3 className="font-medium">Parameters</h3>
          <Table head={["Name", "In", "Type", "Description"]}>
            {parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`}>
                <td className="px-2 py-1.5 align-top font-mono text-xs">
                  {p.name}
                  {p.required ? " (required)" : ""}
                </td>
                <td className="px-2 py-1.5 align-top text-xs">{p.in}</td>
                <TypeCell schema={p.schema} />
                <td className="px-2 py-1.5 align-top">
                  <Prose text={p.description ?? p.schema?.description} />
                  <Examples values={p.schema?.examples} />
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
      <h3 className="font-medium">Responses</h3>
      <div className="grid gap-4">
        {Object.entries(operation.responses).map(([status, response]) => (
          <Response key={status} status={status} response={response} />
        ))}
      </div>
    </section>
  );
}

function SchemaSection({ name, schema }: { name: string; schema: Schema }) {
  const properties = Object.entries(schema.properties ?? {});
  return (
    <section id={`schema-${name}`} className="grid gap-2 border-t pt-6">
      <h3 className="font-mono font-semibold">{name}</h3>
      <Prose text={schema.description} className="text-sm" />
      {properties.length > 0 && (
        <Table head={["Field", "Type", "Description"]}>
          {properties.map(([field, property]) => (
            <FieldRow
              key={field}
              name={field}
              required={schema.required?.includes(field) === true}
              schema={property}
              description={property.description}
            />
          ))}
        </Table>
      )}
    </section>
  );
}

export function ApiReferenceDocument() {
  const doc = apiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map((method) => ({
      method,
      path,
      operation: item[method] as Operation,
    })),
  );
  return (
    <div className="grid gap-6">
      <nav aria-label="Operations" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {operations.map(({ method, path, operation }) => (
          <a
            key={operation.operationId}
            href={`#${anchor(operation.operationId)}`}
            className="underline underline-offset-2"
          >
            {method.toUpperCase()} {path}
          </a>
        ))}
      </nav>
      {operations.map(({ method, path, operation }) => (
        <OperationSection key={operation.operationId} method={method} path={path} operation={operation} />
      ))}
      <section className="grid gap-4 border-t pt-6">
        <h2 className="text-lg font-semibold">Schemas</h2>
        {Object.entries(doc.components.schemas).map(([name, schema]) => (
          <SchemaSection key={name} name={name} schema={schema} />
        ))}
      </section>
    </div>
  );
}
