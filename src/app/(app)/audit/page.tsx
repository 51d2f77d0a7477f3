import { AuditPage } from "@/features/audit/AuditPage";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit trail" };

export default function Audit() {
  return <AuditPage />;
}
