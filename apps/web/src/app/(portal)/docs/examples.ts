/** Copy-paste curl recipes for the docs page, pointed at the server the reader is looking at. */
export function curlExamples(base: string) {
  const key = 'export FLEET_API_KEY="fleet_…"  # your key';
  return [
    {
      title: "Running H100 clusters in us-east-1, most expensive first",
      code: `${key}\ncurl -sS "${base}/v1/clusters?status=running&gpu_type=H100&region=us-east-1&sort_by=cost&sort_order=desc" \\\n  -H "Authorization: Bearer $FLEET_API_KEY"`,
      note: "Lists are comma-separated (status=running,starting); filters combine with AND.",
    },
    {
      title: "Search, GPU range and creation window",
      code: `curl -sS -G "${base}/v1/clusters" \\\n  -H "Authorization: Bearer $FLEET_API_KEY" \\\n  --data-urlencode "search=llama" \\\n  --data-urlencode "min_gpu_count=4" --data-urlencode "max_gpu_count=8" \\\n  --data-urlencode "created_after=2026-01-01" --data-urlencode "created_before=2026-02-01T00:00:00Z"`,
      note: "search is a case-insensitive substring of name or description; date bounds are exclusive.",
    },
    {
      title: "Pagination: follow the Link header",
      code: `url="${base}/v1/clusters?limit=100"\nwhile [ -n "$url" ]; do\n  curl -sS -D headers.txt "$url" -H "Authorization: Bearer $FLEET_API_KEY" >> clusters.jsonl\n  url=$(grep -i '^link:' headers.txt | grep -o '<[^>]*>; rel="next"' | sed 's/<\\(.*\\)>.*/\\1/')\ndone`,
      note: "X-Total-Count has the number of matches; Link carries first, prev, next and last with every other parameter kept. X-Next-Cursor has the next page's cursor on its own (absent on the last page).",
    },
    {
      title: "Errors are RFC 9457 problem details",
      code: `curl -sS "${base}/v1/clusters?limit=500&status=runing" -H "Authorization: Bearer $FLEET_API_KEY"\n# 400 application/problem+json\n# {"type":"…","title":"Invalid request parameters","status":400,"code":"VALIDATION_ERROR",\n#  "errors":[{"param":"limit","message":"must be an integer from 1 to 100"},\n#            {"param":"status","message":"value \\"runing\\" must be one of running, …"}], "request_id":"…"}`,
      note: "401 UNAUTHORIZED, 403 FORBIDDEN, 429 RATE_LIMIT_EXCEEDED (wait Retry-After seconds), 503 SERVICE_UNAVAILABLE. Quote request_id when asking for help.",
    },
    {
      title: "Conditional requests and rate-limit headers",
      code: `curl -sS -i "${base}/v1/clusters" -H "Authorization: Bearer $FLEET_API_KEY" \\\n  -H 'If-None-Match: "<etag from the last response>"'\n# 304 Not Modified when nothing changed; every response carries\n# RateLimit-Policy, RateLimit, X-RateLimit-Limit/Remaining/Reset`,
      note: "Cache-Control is private, no-cache: revalidate with the ETag instead of downloading the page again.",
    },
  ];
}
