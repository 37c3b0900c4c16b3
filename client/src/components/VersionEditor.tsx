import type { FieldErrors } from "../lib/api.ts";
import { messagesText, textToMessages } from "../lib/chat_messages.ts";
import type { ChatMessage, PromptVariable, Version } from "../lib/types.ts";
import { cleanVariable, syncVariables } from "../lib/variables.ts";
import { ChatMessagesEditor } from "./ChatMessagesEditor.tsx";
import { ContentEditor } from "./ContentEditor.tsx";
import { VariablesPanel } from "./VariablesPanel.tsx";

/** A text version has content; a chat version has messages instead (null for text). */
export interface VersionDraft {
  content: string;
  messages: ChatMessage[] | null;
  variables: PromptVariable[];
}

export const draftOf = (v: Version | null): VersionDraft => ({
  content: v?.content ?? "",
  messages: v?.messages ?? null,
  variables: v?.variables ?? [],
});

/** The body fields of a version: `content` or `messages`, and the variables. */
export const versionBody = (d: VersionDraft) => ({
  ...(d.messages ? { messages: d.messages } : { content: d.content }),
  variables: d.variables.map(cleanVariable),
});

/** Content (or chat messages) with highlighted placeholders, and the variables kept in step. */
export function VersionEditor(
  { draft, onChange, errors }: {
    draft: VersionDraft;
    onChange: (d: VersionDraft) => void;
    errors: FieldErrors;
  },
) {
  const chat = draft.messages !== null;
  const setText = (content: string) =>
    onChange({
      content,
      messages: null,
      variables: syncVariables(content, draft.variables),
    });
  const setMessages = (messages: ChatMessage[]) =>
    onChange({
      ...draft,
      messages,
      variables: syncVariables(messagesText(messages), draft.variables),
    });
  return (
    <div class="version-editor">
      <div role="radiogroup" aria-label="Prompt type" class="segmented">
        <button
          type="button"
          role="radio"
          aria-checked={!chat}
          onClick={() => setText(draft.content)}
        >
          Text
        </button>
        <button
          type="button"
          role="radio"
          aria-checked={chat}
          onClick={() => chat || setMessages(textToMessages(draft.content))}
        >
          Chat
        </button>
      </div>
      {draft.messages
        ? (
          <ChatMessagesEditor
            messages={draft.messages}
            onChange={setMessages}
            error={errors.messages}
          />
        )
        : <ContentEditor value={draft.content} error={errors.content} onInput={setText} />}
      <VariablesPanel
        variables={draft.variables}
        errors={errors}
        onChange={(variables) => onChange({ ...draft, variables })}
      />
    </div>
  );
}
