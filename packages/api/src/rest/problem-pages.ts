// A short page per problem type, served by the API itself (GET/HEAD /problems and /problems/{slug}),
// so the `documentation_url` of every problem answer leads somewhere: what the problem means, when
// the API answers it, and what the client should do.
import { ERRORS, type ErrorCode } from "@fleet/schema";
import { FleetError } from "../errors.ts";

/** Where the pages are served. */
export const PROBLEM_PAGES_PATH = "/problems";

/** The problem type's name in URLs: `VALIDATION_ERROR` → `validation-error`. */
export const problemSlug = (code: ErrorCode) => code.toLowerCase().replaceAll("_", "-");

/** A problem type's URI: a stable identifier, the same whichever server answers. */
export const problemTypeOf = (code: ErrorCode) => `https://fleet.dev/problems/${problemSlug(code)}`;

interface Guide {
  /** When the API answers it. */
  when: string;
  /** What the client should do. */
  todo: string;
}

const GUIDES = {
  VALIDATION_ERROR: {
    when: "A parameter is not one the endpoint takes, is repeated, or has a value outside what it allows (a limit over 100, an unknown status, a page together with a cursor, a malformed cursor or revision). A Host header or request target that cannot be read is answered the same way, naming Host.",
    todo: "Read `errors`: each entry names one parameter and what it allows. Fix the request; sending it again unchanged gets the same answer.",
  },
  UNAUTHORIZED: {
    when: "The request has no Authorization header, or its Bearer API key is malformed, unknown, expired or revoked.",
    todo: "Send `Authorization: Bearer <API key>` with a key that is still valid; create a new key if this one expired or was revoked.",
  },
  FORBIDDEN: {
    when: "The key is valid but lacks the scope the endpoint needs (`clusters:read` to list or watch clusters), or asks for a project outside the projects the key is restricted to.",
    todo: "Use a key with the scope, or one not restricted away from that project.",
  },
  NOT_FOUND: {
    when: "Nothing is served at the path.",
    todo: "Check the path against the OpenAPI document (/v1/openapi.json).",
  },
  METHOD_NOT_ALLOWED: {
    when: "The path is served, but not for this method: the listing, the change stream and the documents answer GET and HEAD only.",
    todo: "Use one of the methods the `Allow` header lists.",
  },
  REVISION_EXPIRED: {
    when: "A change stream was asked to start from a revision the change log no longer reaches (older than its retention), one it never gave, or one before the account's clusters were reset.",
    todo: "List again, then watch from the new list's `X-Fleet-Revision`.",
  },
  RATE_LIMIT_EXCEEDED: {
    when: "The key has made more requests in this window than its limit allows, has as many change streams open as it may, or its client address failed to authenticate too often.",
    todo: "Wait the seconds `Retry-After` gives, then retry; the RateLimit headers of earlier answers say how much of the window is left.",
  },
  INTERNAL_ERROR: {
    when: "Something unexpected failed on the server. No internals are disclosed; the failure is logged under the answer's `request_id`.",
    todo: "Retry later; if it persists, report the `request_id`.",
  },
  SERVICE_UNAVAILABLE: {
    when: "The database cannot be reached or did not answer in time, or the server is stopping.",
    todo: "Retry after the seconds `Retry-After` gives; a change stream resumes from the last event id it received.",
  },
} satisfies Record<ErrorCode, Guide>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `code` spans as <code>, the rest escaped. */
const prose = (text: string) =>
  escapeHtml(text).replace(/`([^`]+)`/g, (_, inner: string) => `<code>${inner}</code>`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Fleet API</title>
<style>
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
code { font-size: 0.95em; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function problemPage(code: ErrorCode): string {
  const { status, title } = ERRORS[code];
  const guide: Guide = GUIDES[code];
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>HTTP ${status} · <code>${code}</code> · type <code>${problemTypeOf(code)}</code></p>
<h2>When</h2>
<p>${prose(guide.when)}</p>
<h2>What to do</h2>
<p>${prose(guide.todo)}</p>
<p><a href="${PROBLEM_PAGES_PATH}">Every problem type</a> · <a href="/v1/openapi.json">The OpenAPI document</a> (the portal's <code>/docs</code> page renders it)</p>`,
  );
}

function indexPage(): string {
  const items = (Object.keys(ERRORS) as ErrorCode[])
    .map(
      (code) =>
        `<li><a href="${PROBLEM_PAGES_PATH}/${problemSlug(code)}">${escapeHtml(ERRORS[code].title)}</a> · HTTP ${ERRORS[code].status} · <code>${code}</code></li>`,
    )
    .join("\n");
  return page(
    "Problem types",
    `<h1>Problem types</h1>
<p>Every error answer is an RFC 9457 problem (<code>application/problem+json</code>) with one of these types; its <code>documentation_url</code> leads here.</p>
<ul>
${items}
</ul>`,
  );
}

const CODES_BY_SLUG = new Map((Object.keys(ERRORS) as ErrorCode[]).map((code) => [problemSlug(code), code]));

/** The page at `pathname` (under PROBLEM_PAGES_PATH); throws NOT_FOUND for a slug no problem has. */
export function problemPageResponse(req: Request, pathname: string, requestId: string): Response {
  const slug = pathname.slice(PROBLEM_PAGES_PATH.length).replace(/^\/|\/$/g, "");
  const code = CODES_BY_SLUG.get(slug);
  if (slug !== "" && !code) {
    throw new FleetError("NOT_FOUND", { detail: `No problem type is named ${slug}.` });
  }
  const html = code ? problemPage(code) : indexPage();
  return new Response(req.method === "HEAD" ? null : html, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
      "X-Request-Id": requestId,
    },
  });
}
