import { SiteHeader } from "@/components/site-header";

/** Pages that bring their own main landmark (the interactive console): the header, and nothing around them. */
export default function ConsoleLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <SiteHeader />
      {children}
    </>
  );
}
