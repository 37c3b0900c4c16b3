import {
  addMessage,
  type ChatRole,
  moveMessage,
  removeMessage,
  updateMessage,
} from "../lib/chat_messages.ts";
import { chatRoleValues } from "../lib/api_schema.ts";
import type { ChatMessage } from "../lib/types.ts";
import { ContentEditor } from "./ContentEditor.tsx";

/** A chat version's messages in order: each with its role, placeholders highlighted. */
export function ChatMessagesEditor(
  { messages, onChange, error }: {
    messages: ChatMessage[];
    onChange: (m: ChatMessage[]) => void;
    error?: string;
  },
) {
  return (
    <div class="stack">
      <ol class="chat-messages" aria-label="Messages">
        {messages.map((m, i) => (
          <li key={i} class="chat-message">
            <div class="toolbar">
              <select
                aria-label={`Role of message ${i + 1}`}
                value={m.role}
                onChange={(e) =>
                  onChange(updateMessage(messages, i, { role: e.currentTarget.value as ChatRole }))}
              >
                {chatRoleValues.map((r) => <option key={r}>{r}</option>)}
              </select>
              <button
                type="button"
                class="subtle"
                aria-label={`Move message ${i + 1} up`}
                disabled={i === 0}
                onClick={() => onChange(moveMessage(messages, i, -1))}
              >
                ↑
              </button>
              <button
                type="button"
                class="subtle"
                aria-label={`Move message ${i + 1} down`}
                disabled={i === messages.length - 1}
                onClick={() => onChange(moveMessage(messages, i, 1))}
              >
                ↓
              </button>
              <button
                type="button"
                class="danger subtle"
                aria-label={`Remove message ${i + 1}`}
                disabled={messages.length === 1}
                onClick={() => onChange(removeMessage(messages, i))}
              >
                Remove
              </button>
            </div>
            <ContentEditor
              label={`Message ${i + 1}`}
              value={m.content}
              onInput={(content) => onChange(updateMessage(messages, i, { content }))}
            />
          </li>
        ))}
      </ol>
      {error && <p class="field-error" role="alert">{error}</p>}
      <button type="button" onClick={() => onChange(addMessage(messages))}>Add message</button>
    </div>
  );
}
