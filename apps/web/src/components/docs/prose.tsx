// The document's descriptions are plain text with `code` spans: rendered as such, nothing else.
export function Prose({ text, className }: { text: string | undefined; className?: string }) {
  if (!text) return null;
  const parts = text.split(/`([^`]+)`/);
  return (
    <p className={className}>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
          <code key={i} className="rounded bg-muted px-1 font-mono text-[0.9em]">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </p>
  );
}
