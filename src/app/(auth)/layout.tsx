export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="auth">
      <div className="auth__brand">
        <span className="brand__mark" aria-hidden>
          ◉
        </span>{" "}
        Ferrule
      </div>
      {children}
    </main>
  );
}
