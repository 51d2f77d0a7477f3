import { AccountPage } from "@/features/auth/AccountPage";

export const dynamic = "force-dynamic";
export const metadata = { title: "Account" };

export default function Account() {
  return <AccountPage />;
}
