import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";
import { ProviderKeyRow } from "./ProviderKeyRow.tsx";
import { ErrorNotice, Loading } from "./States.tsx";

export function ProviderKeysSection() {
  const data = useResource(async (signal) => {
    const [providers, keys] = await Promise.all([
      api.get("/providers", { signal }),
      api.get("/provider-keys", { signal }),
    ]);
    return { providers: providers.items.filter((p) => !p.is_standin), keys: keys.items };
  }, []);
  return (
    <section class="card stack" aria-labelledby="providers-title">
      <h2 id="providers-title">Provider keys</h2>
      <p class="muted">
        Your own keys for model providers. They are stored encrypted; only the last four characters
        are ever shown.
      </p>
      {data.loading && !data.data && <Loading />}
      {data.error ? <ErrorNotice error={data.error} retry={data.reload} /> : null}
      {data.data && (
        <ul class="key-list">
          {data.data.providers.map((p) => (
            <ProviderKeyRow
              key={p.id}
              provider={p}
              stored={data.data!.keys.find((k) => k.provider === p.id)}
              onChange={data.reload}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
