// Request validation errors in our one error shape: 422 naming every bad field, or 413 when a
// field is over its size limit (content over 100 000 characters is refused before the database).
import type { z } from "zod";
import { ApiError } from "../_shared/errors.ts";

export interface FieldError {
  field: string;
  message: string;
}

// Fields whose size limit is a "payload too large" rather than a validation problem.
const sizeLimitedFields = new Set(["content"]);

export function validationError(error: z.ZodError, target: string): ApiError {
  const fields: FieldError[] = error.issues.map((i) => ({
    field: i.path.length ? i.path.join(".") : target,
    message: i.message,
  }));
  const tooLarge = error.issues.find((i) =>
    i.code === "too_big" && sizeLimitedFields.has(String(i.path[i.path.length - 1]))
  );
  if (tooLarge) {
    return new ApiError(413, "too_large", `${tooLarge.path.join(".")}: ${tooLarge.message}`, {
      fields,
    });
  }
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join("; ");
  return new ApiError(422, "validation_failed", `invalid ${target}: ${summary}`, { fields });
}
