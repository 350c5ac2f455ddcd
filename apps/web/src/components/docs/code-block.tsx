import { CopyButton } from "@/components/clusters/copy-button";

/** A copy-pasteable shell snippet. */
export function CodeBlock({ title, code }: { title: string; code: string }) {
  return (
    <figure className="overflow-hidden rounded-lg border">
      <figcaption className="flex items-center justify-between gap-2 border-b bg-muted/50 px-3 py-1.5 text-sm font-medium">
        {title}
        <CopyButton text={code} what={title} />
      </figcaption>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable, so it takes focus and a keyboard scrolls it (axe: scrollable-region-focusable)
        tabIndex={0}
        className="overflow-x-auto bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100"
      >
        <code>{code}</code>
      </pre>
    </figure>
  );
}
