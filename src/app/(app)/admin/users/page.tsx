import { UsersPage } from "@/features/auth/UsersPage";

export const dynamic = "force-dynamic";
export const metadata = { title: "Accounts" };

export default function Users() {
  return <UsersPage />;
}
