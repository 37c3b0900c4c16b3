export function App() {
  return (
    <main>
      <h1>Promptline</h1>
      <p>Your prompt library and runner.</p>
    </main>
  );
}
