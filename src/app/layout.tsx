import type { Metadata } from "next";
import { TRPCReactProvider } from "@/features/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Ferrule", template: "%s · Ferrule" },
  description: "Fiber cabling inventory, fiber-by-fiber trace and polarity checks",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
