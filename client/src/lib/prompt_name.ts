// A prompt's name is unique among its owner's prompts. The API answers a taken name with a 409
// that names the unique index, not the field: this puts it next to the Name input.
import { ApiFailure, type FieldErrors } from "./api.ts";

export const nameTakenMessage = "Another of your prompts has this name";

/** The form's field errors for a failed save, with a taken name under `name`. */
export function promptFieldErrors(e: unknown): FieldErrors {
  if (!(e instanceof ApiFailure)) return {};
  if (e.status === 409 && e.details.constraint === "prompts_user_name_idx") {
    return { ...e.fields, name: nameTakenMessage };
  }
  return e.fields;
}
