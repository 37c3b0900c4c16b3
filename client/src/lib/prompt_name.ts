// A prompt's name is unique among its owner's prompts. The API answers a taken name with a 409
// prompt_name_taken naming the `name` field: this puts our wording next to the Name input.
import { ApiFailure, type FieldErrors } from "./api.ts";

export const nameTakenMessage = "Another of your prompts has this name";

/** The form's field errors for a failed save, with a taken name under `name`. */
export function promptFieldErrors(e: unknown): FieldErrors {
  if (!(e instanceof ApiFailure)) return {};
  if (e.status === 409 && e.code === "prompt_name_taken") {
    return { ...e.fields, name: nameTakenMessage };
  }
  return e.fields;
}
