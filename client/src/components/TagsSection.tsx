import { useState } from "preact/hooks";
import { api } from "../lib/session.ts";
import { libraryRevision, loadTags, tags } from "../lib/store.ts";
import type { Tag } from "../lib/types.ts";
import { ConfirmButton } from "./ConfirmDialog.tsx";
import { RenameForm } from "./RenameForm.tsx";

/** After a tag changes, the filter list and the prompts' tags are read again. */
async function reloadTags() {
  await loadTags();
  libraryRevision.value++;
}

/** A tag in the sidebar: it filters the library, is renamed in place, or deleted after asking. */
function TagRow({ tag, selected }: { tag: Tag; selected: boolean }) {
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <li class="catalog-row">
        <RenameForm
          name={tag.name}
          save={async (name) => {
            await api.patch("/tags/{id}", { path: { id: tag.id }, body: { name } });
            await reloadTags();
          }}
          onDone={() => setEditing(false)}
        />
      </li>
    );
  }
  return (
    <li class={selected ? "catalog-row selected" : "catalog-row"}>
      <a
        href={`/?tag=${encodeURIComponent(tag.name)}`}
        aria-current={selected ? "page" : undefined}
      >
        <span>{tag.name}</span>
        <span class="count" aria-label={`${tag.prompt_count} prompts`}>{tag.prompt_count}</span>
      </a>
      <span class="row-actions">
        <button
          type="button"
          class="icon"
          aria-label={`Rename tag ${tag.name}`}
          title={`Rename tag ${tag.name}`}
          onClick={() => setEditing(true)}
        >
          ✎
        </button>
        <ConfirmButton
          label="×"
          buttonClass="icon"
          ariaLabel={`Delete tag ${tag.name}`}
          title={`Delete the tag “${tag.name}”?`}
          confirmLabel="Delete tag"
          action={async () => {
            await api.del("/tags/{id}", { path: { id: tag.id } });
            await reloadTags();
          }}
        >
          <p>
            It comes off {tag.prompt_count === 1 ? "1 prompt" : `${tag.prompt_count} prompts`}
            {"; "}the prompts stay.
          </p>
        </ConfirmButton>
      </span>
    </li>
  );
}

/** The caller's tags under the catalogs: each filters the library, and is renamed or deleted. */
export function TagsSection({ selected }: { selected: string }) {
  const list = tags.value;
  if (list.length === 0) return null;
  return (
    <section aria-labelledby="tags-title">
      <h2 id="tags-title">Tags</h2>
      <ul class="catalog-list">
        {list.map((t) => <TagRow key={t.id} tag={t} selected={t.name === selected} />)}
      </ul>
    </section>
  );
}
