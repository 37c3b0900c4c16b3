export function NotFoundPage() {
  return (
    <main class="page">
      <h1>Not found</h1>
      <p>
        There is nothing at this address. <a href="/">Back to the library</a>
      </p>
    </main>
  );
}
