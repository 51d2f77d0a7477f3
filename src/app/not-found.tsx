import Link from "next/link";

export default function NotFound() {
  return (
    <div className="page">
      <h1>Not found</h1>
      <p className="muted">Nothing here. It may have been deleted.</p>
      <p>
        <Link href="/">Back to the sites</Link>
      </p>
    </div>
  );
}
