import { type AuditEntry, describeEntry, promptOf, whoMade } from "../lib/audit_entry.ts";
import { formatDate } from "../lib/format.ts";
import { session } from "../lib/session.ts";
import { type Column, DataTable } from "./DataTable.tsx";

/** An admin's view of an entry names whose data it is. */
type Entry = AuditEntry & { subject_email?: string | null };

const when: Column<Entry> = { head: "When", cell: (e) => formatDate(e.occurred_at) };
const whose: Column<Entry> = {
  head: "Whose",
  cell: (e) => e.subject_email ?? (e.subject_user_id ? "a deleted user" : "shared"),
  class: "email",
};
const what: Column<Entry> = {
  head: "What",
  cell: (e) => <div class="clamp">{describeEntry(e)}</div>,
};
// The user's own entries link to the prompt they are about (an admin cannot open it).
const whatLinked: Column<Entry> = {
  head: "What",
  cell: (e) => {
    const prompt = promptOf(e);
    return (
      <div class="clamp">
        {prompt ? <a href={`/prompts/${prompt}`}>{describeEntry(e)}</a> : describeEntry(e)}
      </div>
    );
  },
};
const by: Column<Entry> = { head: "By", cell: (e) => whoMade(e, session.value?.user.id) };

/** Audit log entries, newest first: the user's own (Activity), or everyone's (`whose` shown). */
export function AuditTable({ entries, showWhose }: { entries: Entry[]; showWhose?: boolean }) {
  return (
    <DataTable
      rows={entries}
      rowKey={(e) => e.id}
      columns={showWhose ? [when, whose, what, by] : [when, whatLinked, by]}
    />
  );
}
